/* SPDX-License-Identifier: MIT */
/* scan-bench.c: the log scan of `ovmdiag analyze` alone (engine/logscan, as eval.c drives it),
 * for make bench: every pattern of PATTERNS (one pcre2 pattern a line, as `ovmdiag rules
 * patterns` prints them) over every FILE, read in 256 KiB pieces. Prints each pattern's count of
 * matching lines (like grep -c, summed over the files), in the order of PATTERNS:
 *   scan-bench PATTERNS FILE...     ->   COUNT<TAB>PATTERN   per line on stdout
 * All patterns run over all files as one log source, so that the work is the same as grep's and
 * rg's with the same pattern list (analyze runs each rule's pattern on its source's files only,
 * which is less work). A pattern's literal is extracted from it as for a rule without `hint`. */
#include "engine/logscan.h"
#include "lib/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/banned.h"

#define PIECE (256 * 1024)

int main(int argc, char **argv)
{
    struct logscan_query *q = NULL, **qs = NULL;
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    struct buf pats = BUF_INIT;
    char **lines = NULL;
    size_t n = 0, i;
    char *p, *save = NULL, *piece;
    int a, rc = 0;
    FILE *f;

    if (argc < 3) {
        fprintf(stderr, "usage: scan-bench PATTERNS FILE...\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "scan-bench: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    {
        char tmp[65536];
        size_t r;
        while ((r = fread(tmp, 1, sizeof(tmp), f)) > 0)
            buf_add(&pats, tmp, r);
        fclose(f);
    }
    for (p = strtok_r(pats.data, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
        lines = realloc(lines, (n + 1) * sizeof(*lines));
        if (!lines)
            abort();
        lines[n++] = p;
    }
    q = calloc(n ? n : 1, sizeof(*q));
    qs = calloc(n ? n : 1, sizeof(*qs));
    piece = malloc(PIECE);
    if (!q || !qs || !piece)
        abort();
    for (i = 0; i < n; i++) {
        q[i].source = "bench";
        q[i].pattern = lines[i];
        qs[i] = &q[i];
    }
    if (logscan_new(&ls, qs, n, &err)) {
        fprintf(stderr, "scan-bench: %s\n", err.msg);
        return 1;
    }
    for (i = 0; i < n; i++)
        if (q[i].error) {
            fprintf(stderr, "scan-bench: pattern %zu: %s\n", i + 1, q[i].error);
            rc = 1;
        }
    for (a = 2; a < argc; a++) {
        struct stat st;
        ssize_t r;
        int fd = open(argv[a], O_RDONLY);
        if (fd < 0 || fstat(fd, &st)) {
            fprintf(stderr, "scan-bench: %s: %s\n", argv[a], strerror(errno));
            return 1;
        }
        /* as analyze reads a log: into the scan's own buffer (logscan_reserve) */
        logscan_begin(ls, "bench", argv[a], st.st_mtime);
        for (;;) {
            size_t cap;
            char *dst = logscan_reserve(ls, &cap);
            if (!dst) {                 /* one thread: the scan reads the text where it is */
                if ((r = read(fd, piece, PIECE)) <= 0)
                    break;
                logscan_feed(ls, piece, (size_t)r);
                continue;
            }
            r = read(fd, dst, cap < PIECE ? cap : PIECE);
            if (r <= 0)
                break;
            logscan_commit(ls, (size_t)r);
        }
        logscan_end(ls);
        close(fd);
    }
    logscan_finish(ls, 0);
    for (i = 0; i < n; i++) {
        printf("%llu\t%s\n", (unsigned long long)q[i].total, q[i].pattern);
        logscan_query_release(&q[i]);
    }
    logscan_free(ls);
    free(q);
    free(qs);
    free(lines);
    free(piece);
    buf_release(&pats);
    return rc;
}
