/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "lib/headtail.h"

#include <stdio.h>
#include <string.h>

static void test_headtail_under_cap_is_verbatim(void **state)
{
    struct headtail ht;
    struct buf out = BUF_INIT;

    (void)state;
    headtail_init(&ht, 100);
    headtail_add(&ht, "hello\n", 6);
    headtail_add(&ht, "world\n", 6);
    assert_false(headtail_truncated(&ht));
    headtail_finish(&ht, &out);
    assert_string_equal(out.data, "hello\nworld\n");
    headtail_release(&ht);
    buf_release(&out);
}

static void test_headtail_keeps_head_and_tail_with_marker(void **state)
{
    struct headtail ht;
    struct buf out = BUF_INIT;
    char line[32];
    int i;

    (void)state;
    headtail_init(&ht, 64);
    for (i = 0; i < 1000; i++) {
        snprintf(line, sizeof(line), "%04d\n", i);
        headtail_add(&ht, line, 5);   /* many small writes wrap the ring */
    }
    assert_true(headtail_truncated(&ht));
    assert_int_equal(ht.total, 5000);
    headtail_finish(&ht, &out);
    assert_memory_equal(out.data, "0000\n0001\n", 10);
    assert_non_null(strstr(out.data, "[ovmdiag: 4936 bytes omitted here; head and tail kept]\n"));
    /* the last 32 bytes of the stream end the output */
    assert_string_equal(out.data + out.len - 10, "0998\n0999\n");
    headtail_release(&ht);
    buf_release(&out);
}

static void test_headtail_one_big_write(void **state)
{
    static char big[10000];
    struct headtail ht;
    struct buf out = BUF_INIT;

    (void)state;
    memset(big, 'x', sizeof(big));
    big[sizeof(big) - 1] = 'E';
    big[0] = 'S';
    headtail_init(&ht, 1000);
    headtail_add(&ht, big, sizeof(big));
    headtail_finish(&ht, &out);
    assert_int_equal(out.data[0], 'S');
    assert_int_equal(out.data[out.len - 1], 'E');
    assert_non_null(strstr(out.data, "\n[ovmdiag: 9000 bytes omitted"));
    headtail_release(&ht);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headtail_under_cap_is_verbatim),
        cmocka_unit_test(test_headtail_keeps_head_and_tail_with_marker),
        cmocka_unit_test(test_headtail_one_big_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
