/* SPDX-License-Identifier: MIT */
/* replay.c: main() for a fuzz target built without libFuzzer: each file named on the command
 * line goes once through LLVMFuzzerTestOneInput. `make check` runs the kept crash inputs
 * (tests/fuzz/regressions/<target>/) this way, under gcc and under ASan/UBSan. */
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define REPLAY_MAX_INPUT (64u << 20)

static uint8_t *read_all(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL, *nb;
    size_t len = 0, alloc = 0, n;

    if (!f)
        return NULL;
    for (;;) {
        if (len + 65536 > alloc) {
            alloc = (len + 65536) * 2;
            if (alloc > REPLAY_MAX_INPUT + 65536 || !(nb = realloc(buf, alloc))) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, 65536, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len_out = len;
    return buf;
}

int main(int argc, char **argv)
{
    int i, bad = 0;

    for (i = 1; i < argc; i++) {
        size_t len = 0;
        uint8_t *data = read_all(argv[i], &len), *exact;

        if (!data) {
            fprintf(stderr, "%s: cannot read '%s'\n", argv[0], argv[i]);
            bad = 1;
            continue;
        }
        /* an exact-size copy, so that ASan sees a read past the end as libFuzzer would */
        exact = malloc(len ? len : 1);
        if (!exact)
            abort();
        if (len)
            memcpy(exact, data, len);
        free(data);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return bad;
}
