/* SPDX-License-Identifier: MIT */
/* source.c and analyzer.c: a .tar.gz read from memory gives the same facts as from its file;
 * bytes that are not a bundle are E_PARSE, never a crash. */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"
#include "collector/bundle.h"
#include "lib/blockq.h"

#include <pthread.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char vmcfg[] = "name = 'sv100'\nmemory = 4096\nvcpus = 2\n"
                            "disk = ['file:/OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/"
                            "VirtualDisks/a.img,xvda,w']\n";
static const char xmlist[] =
    "Name                                        ID   Mem VCPUs      State   Time(s)\n"
    "Domain-0                                     0  2796    16     r-----  100.0\n";

/* The test bundle's entries: an xm list, a vm.cfg, a log. */
static void add_entries(struct bundle *b)
{
    struct err err = ERR_INIT;
    char sha[65];

    assert_int_equal(bundle_add(b, "cmd/xm-list.out", xmlist, strlen(xmlist), 1000, sha, &err), 0);
    assert_int_equal(bundle_add(b, "root/OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/"
                                   "VirtualMachines/0004fb0000060000bbbbbbbbbbbbbbbb/vm.cfg",
                                vmcfg, strlen(vmcfg), 1000, sha, &err), 0);
    assert_int_equal(bundle_add(b, "root/var/log/xen/xend.log", "x\n", 2, 1000, sha, &err), 0);
}

static char *make_bundle(char *dir, size_t *len_out)
{
    char path[4096], sha[65];
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    char *data;
    int fd;

    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(bundle_open_fd(&b, fd, "ovmdiag-t", &err), 0);
    add_entries(b);
    assert_int_equal(bundle_close(b, sha, &err), 0);
    bundle_free(b);
    close(fd);
    data = test_read_file(path, len_out);
    assert_non_null(data);
    return data;
}

static void test_source_mem_equals_file(void **state)
{
    char *dir = test_mkdtemp(), path[4096], *data, *from_file, *from_mem;
    struct err err = ERR_INIT;
    struct facts f1, f2;
    size_t len;

    (void)state;
    data = make_bundle(dir, &len);
    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    facts_init(&f1);
    facts_init(&f2);
    assert_int_equal(analyze_bundle(path, &f1, &err), 0);
    assert_int_equal(analyze_bundle_mem_with(data, len, "b.tar.gz", &f2, NULL, &err), 0);
    from_file = facts_to_string(&f1);
    from_mem = facts_to_string(&f2);
    assert_string_equal(from_file, from_mem);
    assert_non_null(strstr(from_mem, "\"sv100\""));
    assert_non_null(strstr(from_mem, "\"ovmdiag-t\""));
    free(from_file);
    free(from_mem);
    facts_release(&f1);
    facts_release(&f2);
    free(data);
    test_rmtree(dir);
    free(dir);
}

static void test_source_mem_rejects_junk(void **state)
{
    struct err err = ERR_INIT;
    struct facts f;

    (void)state;
    facts_init(&f);
    assert_int_equal(analyze_bundle_mem_with("", 0, "empty", &f, NULL, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "'empty'"));
    err_init(&err);
    assert_int_equal(analyze_bundle_mem_with("not a tar at all", 16, "junk", &f, NULL, &err),
                     E_PARSE);
    assert_non_null(strstr(err.msg, "'junk'"));
    facts_release(&f);
}

/* The live analyze's stream: a tap-only bundle written on one thread, read on another, gives
 * the facts of the same bundle from its file. */
struct writer {
    struct blockq *q;
    const char *junk;             /* write this, again and again, instead of a bundle */
    size_t junk_times;
    size_t dropped;
    size_t ends;                  /* tap(NULL, 0): the tar was complete */
};

static void tap(void *ctx, const void *data, size_t len)
{
    struct writer *w = ctx;

    if (!data) {
        assert_int_equal(len, 0);
        w->ends++;
        return;
    }
    if (!blockq_put(w->q, data, len))
        w->dropped++;
}

static void *write_stream(void *arg)
{
    struct writer *w = arg;
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    char sha[65];
    size_t i;

    if (w->junk) {
        for (i = 0; i < w->junk_times; i++)
            tap(w, w->junk, strlen(w->junk));
        blockq_close(w->q, NULL);
        return NULL;
    }
    assert_int_equal(bundle_open_tap(&b, "ovmdiag-t", tap, w, &err), 0);
    add_entries(b);
    assert_int_equal(w->ends, 0);
    assert_int_equal(bundle_close(b, sha, &err), 0);
    assert_int_equal(w->ends, 1);
    assert_string_equal(sha, "");
    bundle_free(b);
    blockq_close(w->q, NULL);
    return NULL;
}

static void test_source_stream_equals_file(void **state)
{
    char *dir = test_mkdtemp(), path[4096], *data, *from_file, *from_stream;
    struct writer w = { blockq_new(512, 1), NULL, 0, 0 };
    struct err err = ERR_INIT;
    struct facts f1, f2;
    pthread_t t;
    size_t len;

    (void)state;
    data = make_bundle(dir, &len);
    snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
    facts_init(&f1);
    facts_init(&f2);
    assert_int_equal(analyze_bundle(path, &f1, &err), 0);
    assert_int_equal(pthread_create(&t, NULL, write_stream, &w), 0);
    assert_int_equal(analyze_bundle_stream_with(w.q, "live host", &f2, NULL, &err), 0);
    pthread_join(t, NULL);
    from_file = facts_to_string(&f1);
    from_stream = facts_to_string(&f2);
    assert_string_equal(from_file, from_stream);
    assert_non_null(strstr(from_stream, "\"sv100\""));
    free(from_file);
    free(from_stream);
    facts_release(&f1);
    facts_release(&f2);
    blockq_free(w.q);
    free(data);
    test_rmtree(dir);
    free(dir);
}

/* A stream that is not a tar: the reader stops at once, and the writer, with 5 MB still to
 * write into a queue one block deep, is never left waiting. */
static void test_source_stream_reader_stops(void **state)
{
    struct writer w = { blockq_new(512, 1), "this is not a tar archive, just text\n", 140000, 0 };
    struct err err = ERR_INIT;
    struct facts f;
    pthread_t t;

    (void)state;
    facts_init(&f);
    assert_int_equal(pthread_create(&t, NULL, write_stream, &w), 0);
    assert_int_equal(analyze_bundle_stream_with(w.q, "live host", &f, NULL, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "'live host'"));
    pthread_join(t, NULL);
    assert_true(w.dropped > 0);
    facts_release(&f);
    blockq_free(w.q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_mem_equals_file),
        cmocka_unit_test(test_source_mem_rejects_junk),
        cmocka_unit_test(test_source_stream_equals_file),
        cmocka_unit_test(test_source_stream_reader_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
