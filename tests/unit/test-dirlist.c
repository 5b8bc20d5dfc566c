/* SPDX-License-Identifier: MIT */
/* lib/dirlist: a folder's names in byte order, never "." or ".."; an empty folder is an empty
 * list, a missing one NULL with errno set. */
#include "tests/unit/helpers.h"
#include "lib/dirlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static void test_sorted_names(void **state)
{
    char *dir = test_mkdtemp(), path[4096];
    char **names;
    size_t n;

    (void)state;
    test_write_file(dir, "b.log", "", 0, 0644);
    test_write_file(dir, "B.log", "", 0, 0644);
    test_write_file(dir, "a/x", "", 0, 0644);
    test_write_file(dir, "a.log.1", "", 0, 0644);
    test_write_file(dir, ".hidden", "", 0, 0644);
    names = dir_sorted_names(dir, &n);
    assert_non_null(names);
    assert_int_equal(n, 5);
    assert_string_equal(names[0], ".hidden");
    assert_string_equal(names[1], "B.log");
    assert_string_equal(names[2], "a");
    assert_string_equal(names[3], "a.log.1");
    assert_string_equal(names[4], "b.log");
    dir_names_free(names, n);

    test_write_file(dir, "empty/.keep", "", 0, 0644);
    snprintf(path, sizeof(path), "%s/empty/.keep", dir);
    assert_int_equal(remove(path), 0);
    snprintf(path, sizeof(path), "%s/empty", dir);
    names = dir_sorted_names(path, &n);
    assert_non_null(names);
    assert_int_equal(n, 0);
    dir_names_free(names, n);

    snprintf(path, sizeof(path), "%s/missing", dir);
    errno = 0;
    assert_null(dir_sorted_names(path, &n));
    assert_int_equal(errno, ENOENT);
    assert_int_equal(n, 0);
    dir_names_free(NULL, 0);
    test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
