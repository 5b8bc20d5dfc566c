/* SPDX-License-Identifier: MIT */
/* The blocked gzip (lib/gzblock.c, collector/bundle.c, analyzers/source.c): the same bytes
 * with 1 and 4 compressor threads, one of our members per 1 MiB of tar, read back through the
 * parallel reader (1 and 4 threads, file and memory) entry for entry; a foreign .tar.gz, our
 * members followed by a foreign one and by trailing bytes; members that lie (size subfield,
 * ISIZE, data, CRC) end the stream with an error after the entries before them; a reader
 * stopped early ends cleanly. */
#include "tests/unit/helpers.h"
#include "analyzers/source.h"
#include "collector/bundle.h"
#include "lib/buf.h"
#include "lib/gzblock.h"
#include "lib/sha256.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define NENTRIES 14
#define ENTRY_SIZE (300 * 1000)

static char content[NENTRIES][ENTRY_SIZE + 7 * NENTRIES];

static size_t entry_size(int i)
{
    return ENTRY_SIZE + 7 * (size_t)i;
}

/* Text that compresses like logs: lines of words from a small vocabulary, pseudo-random. */
static void make_content(void)
{
    static const char *words[] = { "xend", "domain", "vbd", "hotplug", "error", "INFO",
                                   "DEBUG", "memory", "balloon", "0x7f3a", "vif", "netback",
                                   "2026-11-20", "ocfs2", "fence", "node" };
    uint32_t x = 12345;
    int i;
    size_t j;

    for (i = 0; i < NENTRIES; i++) {
        for (j = 0; j < entry_size(i); j++) {
            x = x * 1103515245u + 12345u;
            if ((x >> 16) % 11 == 0)
                content[i][j] = '\n';
            else if ((x >> 16) % 5 == 0)
                content[i][j] = ' ';
            else
                content[i][j] = words[(x >> 20) % 16][(x >> 8) % 4];
        }
    }
}

static void write_bundle(const char *path, unsigned threads)
{
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    char name[32], sha[65];
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), i;
    size_t off, n;

    assert_true(fd >= 0);
    assert_int_equal(bundle_open_fd_threads(&b, fd, "ovmdiag-t", threads, &err), 0);
    for (i = 0; i < NENTRIES; i++) {
        snprintf(name, sizeof(name), "root/var/log/e%02d.log", i);
        assert_int_equal(bundle_begin(b, name, entry_size(i), 1000, &err), 0);
        for (off = 0; off < entry_size(i); off += n) {
            n = MIN(entry_size(i) - off, 65536 + 17 * (size_t)i);
            assert_int_equal(bundle_write(b, content[i] + off, n, &err), 0);
        }
        assert_int_equal(bundle_end(b, sha, &err), 0);
    }
    assert_int_equal(bundle_close(b, sha, &err), 0);
    bundle_free(b);
    close(fd);
}

/* What a walk saw: each entry's bytes, whether its read failed, and the problems. */
struct walk {
    int n;
    int index[NENTRIES];
    bool complete[NENTRIES];
    struct buf problems;
    int stop_after;        /* visit returns an error after this many entries (0: never) */
};

static int visit(void *ctx, const struct src_entry *e, struct src_reader *r)
{
    static char back[ENTRY_SIZE + 7 * NENTRIES + 1];
    struct walk *w = ctx;
    size_t got = 0;
    ssize_t n;
    int i;

    assert_int_equal(sscanf(e->path, "root/var/log/e%02d.log", &i), 1);
    assert_true(i >= 0 && i < NENTRIES && w->n < NENTRIES);
    do {
        n = src_read(r, back + got, sizeof(back) - got);
        if (n > 0)
            got += (size_t)n;
    } while (n > 0);
    w->index[w->n] = i;
    /* complete: every byte, and the right ones (a bad member's salvaged start may hold
     * garbage before its fault, as a stream read gives it) */
    w->complete[w->n] = n == 0 && got == entry_size(i) && !memcmp(back, content[i], got);
    w->n++;
    if (w->stop_after && w->n == w->stop_after)
        return E_INTERRUPTED;
    return 0;
}

static void problem(void *ctx, const char *path, const char *message)
{
    struct walk *w = ctx;

    (void)path;
    buf_addf(&w->problems, "%s\n", message);
}

static const struct src_ops ops = { visit, problem };

/* Every entry, complete and in order, no problem. */
static void assert_all(struct walk *w, int rc)
{
    int i;

    assert_int_equal(rc, 0);
    assert_int_equal(w->n, NENTRIES);
    for (i = 0; i < NENTRIES; i++) {
        assert_int_equal(w->index[i], i);
        assert_true(w->complete[i]);
    }
    assert_int_equal(w->problems.len, 0);
}

static int walk_file(const char *path, const char *threads, struct walk *w, struct err *err)
{
    char top[64];
    int rc;

    memset(w, 0, sizeof(*w));
    buf_init(&w->problems);
    setenv("OVMDIAG_THREADS", threads, 1);
    rc = source_walk(path, &ops, w, top, sizeof(top), err);
    unsetenv("OVMDIAG_THREADS");
    if (!rc)
        assert_string_equal(top, "ovmdiag-t");
    return rc;
}

/* The offsets of our members in data; returns how many. */
static size_t members(const unsigned char *data, size_t len, size_t *offs, size_t max)
{
    size_t off = 0, n = 0, hdr_len;
    uint32_t msize;

    while (off < len) {
        msize = gzb_member_size(data + off, len - off, &hdr_len);
        assert_true(msize > 0 && off + msize <= len && n < max);
        assert_int_equal(hdr_len, GZB_HEADER);
        offs[n++] = off;
        off += msize;
    }
    return n;
}

static void save(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* The whole gzip stream inflated by zlib as gzip -d would (members one after another). */
static char *gunzip(const unsigned char *data, size_t len, size_t *out_len)
{
    struct buf out = BUF_INIT;
    unsigned char chunk[65536];
    z_stream zs;
    int r = Z_OK;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    while (zs.avail_in) {
        if (r == Z_STREAM_END)
            assert_int_equal(inflateReset(&zs), Z_OK);
        zs.next_out = chunk;
        zs.avail_out = sizeof(chunk);
        r = inflate(&zs, Z_NO_FLUSH);
        assert_true(r == Z_OK || r == Z_STREAM_END);
        buf_add(&out, chunk, sizeof(chunk) - zs.avail_out);
    }
    assert_int_equal(r, Z_STREAM_END);
    inflateEnd(&zs);
    *out_len = out.len;
    return buf_detach(&out, NULL);
}

static char *dir;
static char path1[4096], path4[4096];
static unsigned char *bundle;
static size_t bundle_len;

static int setup(void **state)
{
    (void)state;
    make_content();
    dir = test_mkdtemp();
    snprintf(path1, sizeof(path1), "%s/b1.tar.gz", dir);
    snprintf(path4, sizeof(path4), "%s/b4.tar.gz", dir);
    write_bundle(path1, 1);
    write_bundle(path4, 4);
    bundle = (unsigned char *)test_read_file(path1, &bundle_len);
    return bundle ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(bundle);
    test_rmtree(dir);
    free(dir);
    return 0;
}

static void test_bgzip_same_bytes_any_threads(void **state)
{
    size_t len4, offs[64], n, i, tar_len;
    char *b4 = test_read_file(path4, &len4), *tar;

    (void)state;
    assert_non_null(b4);
    assert_int_equal(len4, bundle_len);
    assert_memory_equal(b4, bundle, len4);
    free(b4);
    /* one member of ours per 1 MiB of tar, the last one shorter; gzip -d reads them all */
    n = members(bundle, bundle_len, offs, 64);
    tar = gunzip(bundle, bundle_len, &tar_len);
    assert_int_equal(n, (tar_len + GZB_BLOCK - 1) / GZB_BLOCK);
    for (i = 0; i < n; i++) {
        size_t end = i + 1 < n ? offs[i + 1] : bundle_len;
        assert_int_equal(gzb_member_isize(bundle + offs[i], end - offs[i]),
                         i + 1 < n ? GZB_BLOCK : tar_len - (n - 1) * (size_t)GZB_BLOCK);
    }
    assert_true(n >= 4);
    free(tar);
}

static void test_bgzip_read_back(void **state)
{
    struct err err = ERR_INIT;
    struct walk w;
    char top[64];
    int rc;

    (void)state;
    rc = walk_file(path1, "1", &w, &err);
    assert_all(&w, rc);
    buf_release(&w.problems);
    rc = walk_file(path4, "4", &w, &err);
    assert_all(&w, rc);
    buf_release(&w.problems);
    /* the same from memory */
    memset(&w, 0, sizeof(w));
    buf_init(&w.problems);
    rc = source_walk_mem(bundle, bundle_len, "mem", &ops, &w, top, sizeof(top), &err);
    assert_all(&w, rc);
    buf_release(&w.problems);
}

/* Not ours: the same tar as one ordinary gzip member (tar -czf), read as a stream; our
 * members followed by an ordinary one; our members followed by bytes that are not gzip. */
static void test_bgzip_foreign(void **state)
{
    struct err err = ERR_INIT;
    struct walk w;
    char path[4096], *tar;
    size_t tar_len, gz_len, half;
    unsigned char *gz;
    struct buf mixed = BUF_INIT;
    z_stream zs;
    int rc;

    (void)state;
    tar = gunzip(bundle, bundle_len, &tar_len);
    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    gz_len = deflateBound(&zs, tar_len);
    gz = malloc(gz_len);
    assert_non_null(gz);
    zs.next_in = (Bytef *)tar;
    zs.avail_in = (uInt)tar_len;
    zs.next_out = gz;
    zs.avail_out = (uInt)gz_len;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    gz_len = zs.total_out;
    deflateEnd(&zs);
    assert_int_equal(gzb_member_size(gz, gz_len, &half), 0);
    snprintf(path, sizeof(path), "%s/foreign.tar.gz", dir);
    save(path, gz, gz_len);
    rc = walk_file(path, "4", &w, &err);
    assert_all(&w, rc);
    buf_release(&w.problems);

    /* the first three members of ours, then the rest of the tar as one ordinary member */
    {
        size_t offs[64], cut;
        members(bundle, bundle_len, offs, 64);
        cut = 3 * (size_t)GZB_BLOCK;
        buf_add(&mixed, bundle, offs[3]);
        memset(&zs, 0, sizeof(zs));
        assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
                         Z_OK);
        zs.next_in = (Bytef *)tar + cut;
        zs.avail_in = (uInt)(tar_len - cut);
        zs.next_out = gz;
        zs.avail_out = (uInt)deflateBound(&zs, tar_len);
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
        buf_add(&mixed, gz, zs.total_out);
        deflateEnd(&zs);
    }
    snprintf(path, sizeof(path), "%s/mixed.tar.gz", dir);
    save(path, mixed.data, mixed.len);
    rc = walk_file(path, "2", &w, &err);
    assert_all(&w, rc);
    buf_release(&w.problems);

    /* trailing bytes that are not gzip are ignored, as gzip -d does */
    buf_reset(&mixed);
    buf_add(&mixed, bundle, bundle_len);
    buf_adds(&mixed, "trailing bytes, not gzip");
    snprintf(path, sizeof(path), "%s/trail.tar.gz", dir);
    save(path, mixed.data, mixed.len);
    rc = walk_file(path, "4", &w, &err);
    assert_all(&w, rc);
    buf_release(&w.problems);

    buf_release(&mixed);
    free(gz);
    free(tar);
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* The bundle with member 2 (of ours) damaged by how; then walked with 1 and 4 threads: the
 * walk ends early with a problem naming want, after the entries of the first two MiB, intact. */
static void corrupt_case(const char *how, const char *want)
{
    struct err err = ERR_INIT;
    unsigned char *c = malloc(bundle_len);
    size_t offs[64], n, m, msize;
    char path[4096];
    struct walk w;
    const char *threads[] = { "1", "4" };
    int rc, t, i, whole = 0;

    assert_non_null(c);
    memcpy(c, bundle, bundle_len);
    n = members(c, bundle_len, offs, 64);
    assert_true(n > 3);
    m = offs[2];
    msize = offs[3] - offs[2];
    if (!strcmp(how, "size-huge"))
        put_le32(c + m + 16, GZB_LIMIT + 1);
    else if (!strcmp(how, "size-short"))
        put_le32(c + m + 16, (uint32_t)msize - 100);
    else if (!strcmp(how, "size-long"))
        put_le32(c + m + 16, (uint32_t)msize + 28);
    else if (!strcmp(how, "isize-huge"))
        put_le32(c + m + msize - 4, 64u << 20);
    else if (!strcmp(how, "isize-short"))
        put_le32(c + m + msize - 4, GZB_BLOCK - 1);
    else if (!strcmp(how, "crc"))
        c[m + msize - 8] ^= 0x55;
    else if (!strcmp(how, "data"))
        memset(c + m + msize / 2, 0xff, 64);
    else
        fail_msg("no such case %s", how);
    snprintf(path, sizeof(path), "%s/corrupt-%s.tar.gz", dir, how);
    save(path, c, bundle_len);
    for (t = 0; t < 2; t++) {
        err_init(&err);
        rc = walk_file(path, threads[t], &w, &err);
        assert_int_equal(rc, 0);
        if (!strstr(w.problems.data ? w.problems.data : "", want))
            fail_msg("%s, %s threads: no '%s' in the problems: %s", how, threads[t], want,
                     w.problems.data ? w.problems.data : "(none)");
        assert_non_null(strstr(w.problems.data, "the bundle ends early"));
        /* the entries wholly inside the first two members came through */
        whole = 0;
        for (i = 0; i < w.n; i++) {
            assert_int_equal(w.index[i], i);
            if (w.complete[i])
                whole++;
        }
        assert_true(whole >= (int)(2 * (size_t)GZB_BLOCK / (ENTRY_SIZE + 1024)));
        assert_true(whole < NENTRIES);
        buf_release(&w.problems);
    }
    free(c);
}

static void test_bgzip_corrupt(void **state)
{
    (void)state;
    corrupt_case("size-huge", "claims a size of");
    corrupt_case("size-short", "corrupt bundle");
    corrupt_case("size-long", "corrupt bundle");
    corrupt_case("isize-huge", "claims to inflate to");
    corrupt_case("isize-short", "corrupt bundle");
    corrupt_case("crc", "corrupt bundle");
    corrupt_case("data", "corrupt bundle");
}

/* A copy cut in the middle of a member: the entries before the cut still count. */
static void test_bgzip_truncated(void **state)
{
    struct err err = ERR_INIT;
    struct walk w;
    char path[4096];
    int rc;

    (void)state;
    snprintf(path, sizeof(path), "%s/cut.tar.gz", dir);
    save(path, bundle, bundle_len / 2);
    rc = walk_file(path, "4", &w, &err);
    assert_int_equal(rc, 0);
    assert_true(w.n >= NENTRIES / 2 - 2 && w.n < NENTRIES);
    assert_non_null(strstr(w.problems.data, "the bundle ends early"));
    buf_release(&w.problems);
}

/* The consumer stops after two entries while the workers are ahead: no hang, no leak. */
static void test_bgzip_stop_early(void **state)
{
    struct err err = ERR_INIT;
    struct walk w;
    const char *threads[] = { "1", "2", "4" };
    int t;

    (void)state;
    for (t = 0; t < 3; t++) {
        memset(&w, 0, sizeof(w));
        buf_init(&w.problems);
        w.stop_after = 2;
        setenv("OVMDIAG_THREADS", threads[t], 1);
        assert_int_equal(source_walk(path1, &ops, &w, NULL, 0, &err), E_INTERRUPTED);
        unsetenv("OVMDIAG_THREADS");
        assert_int_equal(w.n, 2);
        buf_release(&w.problems);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgzip_same_bytes_any_threads),
        cmocka_unit_test(test_bgzip_read_back),
        cmocka_unit_test(test_bgzip_foreign),
        cmocka_unit_test(test_bgzip_corrupt),
        cmocka_unit_test(test_bgzip_truncated),
        cmocka_unit_test(test_bgzip_stop_early),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
