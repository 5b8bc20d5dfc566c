/* SPDX-License-Identifier: MIT */
/* source.c and analyzer.c: a .tar.gz read from memory gives the same facts as from its file;
 * bytes that are not a bundle are E_PARSE, never a crash. */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"
#include "collector/bundle.h"

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
    assert_int_equal(bundle_add(b, "cmd/xm-list.out", xmlist, strlen(xmlist), 1000, sha, &err), 0);
    assert_int_equal(bundle_add(b, "root/OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/"
                                   "VirtualMachines/0004fb0000060000bbbbbbbbbbbbbbbb/vm.cfg",
                                vmcfg, strlen(vmcfg), 1000, sha, &err), 0);
    assert_int_equal(bundle_add(b, "root/var/log/xen/xend.log", "x\n", 2, 1000, sha, &err), 0);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_mem_equals_file),
        cmocka_unit_test(test_source_mem_rejects_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
