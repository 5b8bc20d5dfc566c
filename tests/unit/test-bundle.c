/* SPDX-License-Identifier: MIT */
/* bundle.c: what is written reads back with libarchive, byte for byte, with digests. */
#include "tests/unit/helpers.h"
#include "collector/bundle.h"
#include "lib/sha256.h"
#include "lib/buf.h"
#include "analyzers/source.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

static void test_bundle_roundtrip(void **state)
{
    char *dir = test_mkdtemp(), path[4096], sha[65], stream_sha[65], want[65];
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    struct archive *a;
    struct archive_entry *e;
    struct sha256 s;
    char data[100];
    size_t len;
    char *file;
    int fd, n = 0;

    (void)state;
    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(bundle_open_fd(&b, fd, "top", &err), 0);
    assert_int_equal(bundle_add(b, "cmd/xm-list.out", "Domain-0 0\n", 11, 1000, sha, &err), 0);
    sha256_init(&s);
    sha256_update(&s, "Domain-0 0\n", 11);
    sha256_final_hex(&s, want);
    assert_string_equal(sha, want);
    /* streamed in pieces */
    assert_int_equal(bundle_begin(b, "root/var/log/xen/xend.log", 6, 2000, &err), 0);
    assert_int_equal(bundle_write(b, "abc", 3, &err), 0);
    assert_int_equal(bundle_write(b, "def", 3, &err), 0);
    assert_int_equal(bundle_end(b, sha, &err), 0);
    assert_int_equal(bundle_close(b, stream_sha, &err), 0);
    bundle_free(b);
    close(fd);

    file = test_read_file(path, &len);
    sha256_init(&s);
    sha256_update(&s, file, len);
    sha256_final_hex(&s, want);
    assert_string_equal(stream_sha, want);
    free(file);

    a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    assert_int_equal(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        la_ssize_t got = archive_read_data(a, data, sizeof(data));
        if (n == 0) {
            assert_string_equal(archive_entry_pathname(e), "top/cmd/xm-list.out");
            assert_int_equal(got, 11);
            assert_memory_equal(data, "Domain-0 0\n", 11);
            assert_int_equal(archive_entry_mtime(e), 1000);
        } else {
            assert_string_equal(archive_entry_pathname(e), "top/root/var/log/xen/xend.log");
            assert_int_equal(got, 6);
            assert_memory_equal(data, "abcdef", 6);
        }
        assert_int_equal(archive_entry_perm(e), 0600);
        n++;
    }
    assert_int_equal(n, 2);
    archive_read_free(a);
    test_rmtree(dir);
    free(dir);
}

/* The gzip runs in a second thread over 256 KiB blocks: 6 MiB in entries of odd sizes,
 * written in odd pieces, read back byte for byte from one valid .tar.gz, with the stream's
 * digest; and a bundle freed without bundle_close stops its thread (no hang, no leak). */
static void test_bundle_many_blocks(void **state)
{
    char *dir = test_mkdtemp(), path[4096], name[64], sha[65], stream_sha[65], want[65];
    static const size_t sizes[] = { 1, 262143, 262144, 262145, 3000001, 0, 2500000 };
    static char big[3000001], back[3000001];
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    struct archive *a;
    struct archive_entry *e;
    struct sha256 s;
    size_t i, off, len;
    char *file;
    int fd;

    (void)state;
    for (i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + ((unsigned)i * 2654435761u >> 27) % 20);
    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(bundle_open_fd(&b, fd, "top", &err), 0);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        snprintf(name, sizeof(name), "e%zu", i);
        assert_int_equal(bundle_begin(b, name, sizes[i], 1000, &err), 0);
        for (off = 0; off < sizes[i]; off += len) {
            len = MIN(sizes[i] - off, 77777 + i);
            assert_int_equal(bundle_write(b, big + off, len, &err), 0);
        }
        assert_int_equal(bundle_end(b, sha, &err), 0);
    }
    assert_int_equal(bundle_close(b, stream_sha, &err), 0);
    bundle_free(b);
    close(fd);

    file = test_read_file(path, &len);
    sha256_init(&s);
    sha256_update(&s, file, len);
    sha256_final_hex(&s, want);
    assert_string_equal(stream_sha, want);
    free(file);

    a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    assert_int_equal(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
    for (i = 0; archive_read_next_header(a, &e) == ARCHIVE_OK; i++) {
        assert_true(i < sizeof(sizes) / sizeof(sizes[0]));
        assert_int_equal(archive_entry_size(e), sizes[i]);
        off = 0;
        for (;;) {
            la_ssize_t got = archive_read_data(a, back + off, sizeof(back) - off);
            assert_true(got >= 0);
            if (got == 0)
                break;
            off += (size_t)got;
        }
        assert_int_equal(off, sizes[i]);
        assert_memory_equal(back, big, off);
    }
    assert_int_equal(i, sizeof(sizes) / sizeof(sizes[0]));
    archive_read_free(a);

    /* abandoned mid-entry: bundle_free alone */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(bundle_open_fd(&b, fd, "top", &err), 0);
    assert_int_equal(bundle_begin(b, "x", sizeof(big), 1000, &err), 0);
    assert_int_equal(bundle_write(b, big, 2000000, &err), 0);
    bundle_free(b);
    close(fd);
    test_rmtree(dir);
    free(dir);
}

/* A file size limit (EFBIG) surfaces as E_NOSPACE with the cause in the message. */
static void test_bundle_reports_file_size_limit(void **state)
{
    char *dir = test_mkdtemp(), path[4096], sha[65];
    static char junk[1 << 20];
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    struct rlimit old, lim = { 64 * 1024, 64 * 1024 };
    int fd, rc = 0, i;

    (void)state;
    for (i = 0; i < (int)sizeof(junk); i++)
        junk[i] = (char)((unsigned)i * 2654435761u >> 13);   /* poorly compressible */
    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    getrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &lim);
    assert_int_equal(bundle_open_fd(&b, fd, "top", &err), 0);
    for (i = 0; i < 8 && !rc; i++) {
        char name[32];
        snprintf(name, sizeof(name), "f%d", i);
        rc = bundle_add(b, name, junk, sizeof(junk), 0, sha, &err);
    }
    if (!rc)
        rc = bundle_close(b, sha, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_equal(rc, E_NOSPACE);
    assert_non_null(strstr(err.msg, "File too large"));
    bundle_free(b);
    close(fd);
    test_rmtree(dir);
    free(dir);
}

struct seen {
    int n;
    char paths[4][64];
    char data[4][32];
};

static int mem_visit(void *ctx, const struct src_entry *e, struct src_reader *r)
{
    struct seen *s = ctx;
    ssize_t got;

    assert_true(s->n < 4);
    snprintf(s->paths[s->n], sizeof(s->paths[0]), "%s", e->path);
    got = src_read(r, s->data[s->n], sizeof(s->data[0]) - 1);
    assert_true(got >= 0);
    s->data[s->n][got] = '\0';
    s->n++;
    return 0;
}

static void mem_problem(void *ctx, const char *path, const char *message)
{
    (void)ctx;
    fail_msg("unexpected problem %s: %s", path, message);
}

/* The memory bundle: a plain tar in a buffer that the source reader walks like a file. */
static void test_bundle_memory_roundtrip(void **state)
{
    static const struct src_ops ops = { mem_visit, mem_problem };
    struct buf mem = BUF_INIT;
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    struct seen seen = { 0 };
    char sha[65], top[64];

    (void)state;
    assert_int_equal(bundle_open_mem(&b, &mem, "ovmdiag-h-1", &err), 0);
    assert_int_equal(bundle_add(b, "cmd/xm-list.out", "Domain-0 0\n", 11, 1000, sha, &err), 0);
    assert_int_equal(bundle_add(b, "manifest.json", "{}\n", 3, 1000, sha, &err), 0);
    assert_int_equal(bundle_close(b, sha, &err), 0);
    assert_int_equal(bundle_bytes_written(b), mem.len);
    bundle_free(b);
    assert_true(mem.len >= 3 * 512);
    assert_false((unsigned char)mem.data[0] == 0x1f && (unsigned char)mem.data[1] == 0x8b);

    assert_int_equal(source_walk_mem(mem.data, mem.len, "memory bundle", &ops, &seen, top,
                                     sizeof(top), &err), 0);
    assert_string_equal(top, "ovmdiag-h-1");
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.paths[0], "cmd/xm-list.out");
    assert_string_equal(seen.data[0], "Domain-0 0\n");
    assert_string_equal(seen.paths[1], "manifest.json");

    /* nothing, or garbage, is E_PARSE naming the bundle */
    assert_int_equal(source_walk_mem(mem.data, 0, "memory bundle", &ops, &seen, NULL, 0, &err),
                     E_PARSE);
    assert_non_null(strstr(err.msg, "memory bundle"));
    err_init(&err);
    assert_int_equal(source_walk_mem("garbage!", 8, "memory bundle", &ops, &seen, NULL, 0, &err),
                     E_PARSE);
    buf_release(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundle_roundtrip),
        cmocka_unit_test(test_bundle_memory_roundtrip),
        cmocka_unit_test(test_bundle_many_blocks),
        cmocka_unit_test(test_bundle_reports_file_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
