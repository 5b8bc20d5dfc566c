/* SPDX-License-Identifier: MIT */
/* cmd-mask-verify.c: ovmdiag mask-verify BUNDLE --map FILE: scan every entry of a masked
 * bundle (gzip logs inflated), its entry names and its top folder for any original value of
 * the map. One line per leak, `file:line: class 'value'`; exit 1 on a leak, 0 when clean. */
#include "cli/cmd.h"
#include "analyzers/source.h"
#include "collector/mask.h"
#include "lib/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/banned.h"

#define MAP_CAP (64 * MIB)        /* the map file */
#define ENTRY_CAP (256 * MIB)     /* bytes scanned per entry (inflated for .gz) */

static const char verify_help[] =
    "usage: ovmdiag mask-verify BUNDLE|DIR --map FILE\n"
    "\n"
    "Scan a bundle made with `collect --mask` for every original value of its map: names\n"
    "case-insensitively as whole words, addresses in any spelling, in every file (gzip logs\n"
    "inflated), every file name and the bundle's own name. Prints `file:line: class 'value'`\n"
    "per leak. Exit status: 0 no leak, 1 leaks found, 2 usage, 3 unreadable bundle or map.\n";

struct verify {
    struct mask *m;
    const char *path;        /* entry being scanned */
    uint64_t files, bytes, leaks;
    int problems;
    struct buf data;
};

static void on_found(void *arg, size_t line, enum mask_class cls, const char *orig)
{
    struct verify *v = arg;

    printf("%s:%zu: %s '%s'\n", v->path, line, mask_class_name(cls), orig);
    v->leaks++;
}

static int read_entry(struct src_reader *r, struct buf *out, bool *over)
{
    char chunk[65536];
    ssize_t n;

    *over = false;
    while ((n = src_read(r, chunk, sizeof(chunk))) > 0) {
        if (out->len + (size_t)n > ENTRY_CAP) {
            *over = true;
            break;
        }
        buf_add(out, chunk, (size_t)n);
    }
    return n < 0 ? -1 : 0;
}

/* Inflate a gzip entry into out (capped); false when it is not gzip. */
static bool inflate_all(const struct buf *in, struct buf *out, bool *over)
{
    unsigned char obuf[65536];
    z_stream z;
    int r = Z_OK;

    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return false;
    z.next_in = (unsigned char *)in->data;
    z.avail_in = (uInt)in->len;
    while (z.avail_in && !*over) {
        z.next_out = obuf;
        z.avail_out = sizeof(obuf);
        r = inflate(&z, Z_NO_FLUSH);
        if (r != Z_OK && r != Z_STREAM_END)
            break;
        buf_add(out, obuf, sizeof(obuf) - z.avail_out);
        *over = out->len > ENTRY_CAP;
        if (r == Z_STREAM_END && z.avail_in && inflateReset(&z) != Z_OK)
            break;
        if (r == Z_STREAM_END && !z.avail_in)
            break;
    }
    inflateEnd(&z);
    return r == Z_OK || r == Z_STREAM_END;
}

static int visit(void *ctx, const struct src_entry *e, struct src_reader *r)
{
    struct verify *v = ctx;
    struct buf plain = BUF_INIT;
    const struct buf *scan = &v->data;
    size_t n = strlen(e->path);
    bool over = false;

    v->path = e->path;
    /* The entry's name first (line 0). */
    mask_find(v->m, e->path, n, on_found, v);
    buf_reset(&v->data);
    if (read_entry(r, &v->data, &over)) {
        fprintf(stderr, "ovmdiag: mask-verify: %s: read error\n", e->path);
        v->problems++;
        return 0;
    }
    if (n > 3 && !strcmp(e->path + n - 3, ".gz") && !over) {
        if (inflate_all(&v->data, &plain, &over)) {
            scan = &plain;
        } else {
            fprintf(stderr, "ovmdiag: mask-verify: %s: not a readable gzip file\n", e->path);
            v->problems++;
        }
    }
    if (over) {
        fprintf(stderr, "ovmdiag: mask-verify: %s: larger than %zu MiB, scanned in part\n",
                e->path, (size_t)(ENTRY_CAP / MIB));
        v->problems++;
    }
    mask_find(v->m, scan->data, scan->len, on_found, v);
    v->files++;
    v->bytes += scan->len;
    buf_release(&plain);
    return 0;
}

static void problem(void *ctx, const char *path, const char *message)
{
    struct verify *v = ctx;

    fprintf(stderr, "ovmdiag: mask-verify: %s: %s\n", path, message);
    v->problems++;
}

static int load_map(const char *path, struct mask *m, size_t counts[MASK_NCLASS],
                    struct err *err)
{
    struct buf text = BUF_INIT;
    struct json_object *root = NULL, *entries, *e, *c, *o, *p;
    struct json_tokener *tok;
    char chunk[65536];
    ssize_t n;
    size_t i;
    int fd, rc = 0;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, E_PARSE, errno, "cannot open the map '%s'", path);
    while ((n = read(fd, chunk, sizeof(chunk))) > 0 && text.len <= MAP_CAP)
        buf_add(&text, chunk, (size_t)n);
    close(fd);
    if (text.len > MAP_CAP) {
        buf_release(&text);
        return err_set(err, E_PARSE, "the map '%s' is larger than %zu MiB", path,
                       (size_t)(MAP_CAP / MIB));
    }
    tok = json_tokener_new();
    root = json_tokener_parse_ex(tok, text.data, (int)text.len);
    json_tokener_free(tok);
    buf_release(&text);
    if (!root || !json_object_object_get_ex(root, "entries", &entries) ||
        !json_object_is_type(entries, json_type_array)) {
        rc = err_set(err, E_PARSE, "'%s': not a mask map (no \"entries\" array)", path);
        goto out;
    }
    for (i = 0; i < json_object_array_length(entries); i++) {
        enum mask_class cls;
        e = json_object_array_get_idx(entries, i);
        if (!json_object_object_get_ex(e, "class", &c) ||
            !json_object_object_get_ex(e, "original", &o) ||
            !json_object_is_type(o, json_type_string) ||
            (cls = mask_class_parse(json_object_get_string(c))) == MASK_NCLASS) {
            rc = err_set(err, E_PARSE, "'%s': entry %zu: want class and original", path, i);
            goto out;
        }
        p = NULL;
        json_object_object_get_ex(e, "pseudonym", &p);
        mask_add_original(m, cls, json_object_get_string(o), p ? json_object_get_string(p) : "");
        counts[cls]++;
    }
out:
    json_object_put(root);
    return rc;
}

int cmd_mask_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "map", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const unsigned char nokey[MASK_KEY_LEN];
    struct src_ops ops = { .visit = visit, .problem = problem };
    struct verify v = { 0 };
    struct err err = ERR_INIT;
    size_t counts[MASK_NCLASS] = { 0 };
    const char *map = NULL;
    char top[512] = "";
    int c, rc, i;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            map = optarg;
            break;
        case 'h':
            fputs(verify_help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("mask-verify", "unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind != argc - 1 || !map)
        return cli_usage_error("mask-verify", "give one bundle and --map FILE");
    v.m = mask_new(nokey);
    buf_init(&v.data);
    rc = load_map(map, v.m, counts, &err);
    if (!rc)
        rc = source_walk(argv[optind], &ops, &v, top, sizeof(top), &err);
    if (!rc && top[0]) {
        v.path = "(bundle name)";
        mask_find(v.m, top, strlen(top), on_found, &v);
    }
    buf_release(&v.data);
    mask_free(v.m);
    if (rc) {
        if (rc == E_NOTFOUND || rc == E_IO)
            err.code = E_PARSE;
        return cli_fail(&err);
    }
    if (fflush(stdout) != 0) {
        perror("ovmdiag: stdout");
        return EXIT_SYSTEM;
    }
    if (cli.verbosity >= 0) {
        fprintf(stderr, "ovmdiag: mask-verify: map values:");
        for (i = 0; i < MASK_NCLASS; i++)
            fprintf(stderr, " %s %zu", mask_class_name((enum mask_class)i), counts[i]);
        fprintf(stderr, "; %" PRIu64 " files, %" PRIu64 " bytes scanned; %" PRIu64 " leak%s\n",
                v.files, v.bytes, v.leaks, v.leaks == 1 ? "" : "s");
    }
    if (v.leaks)
        return EXIT_FINDINGS;
    return v.problems ? EXIT_BAD_INPUT : EXIT_OK;
}
