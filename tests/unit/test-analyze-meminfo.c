/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_meminfo;

static void test_meminfo_ovm_dom0(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_meminfo, "root/proc/meminfo",
                 "MemTotal:        2459136 kB\r\nMemFree:          112048 kB\n"
                 "Buffers:           53212 kB\nCached:           611348 kB\n"
                 "SwapTotal:       4194300 kB\nSwapFree:        4194300 kB\n"
                 "HugePages_Total:       0\n", &f);
    assert_string_equal(test_fact(&f, "dom0.linux.mem_total_kb"), "2459136");
    assert_string_equal(test_fact(&f, "dom0.linux.mem_free_kb"), "112048");
    assert_string_equal(test_fact(&f, "dom0.linux.swap_free_kb"), "4194300");
    assert_string_equal(test_fact(&f, "dom0.linux.mem_available_kb"), "null");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);
}

static void test_meminfo_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_meminfo, "root/proc/meminfo", "MemTotal: lots kB\nMemFree: 5 kB\n", &f);
    assert_string_equal(test_fact(&f, "dom0.linux.mem_free_kb"), "5");
    assert_string_equal(test_fact(&f, "dom0.linux.mem_total_kb"), "null");
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "1");
    facts_release(&f);

    test_analyze(&analyzer_meminfo, "root/proc/meminfo", "\x7f" "ELF\x01\x02 garbage\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_meminfo, "root/proc/meminfo", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meminfo_ovm_dom0),
        cmocka_unit_test(test_meminfo_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
