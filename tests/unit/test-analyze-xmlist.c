/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xmlist;

/* examples/ovm-host xm-list.txt (OVM 3.4, xend) */
static const char ovm_xm_list[] =
    "Name                                        ID   Mem VCPUs      State   Time(s)\n"
    "0004fb00000600001ab4fe3614bd3616             1 16351     4     -b---- 2551256.8\n"
    "0004fb00000600004a27037b0835a489             8 16351     4     -b---- 1142964.1\n"
    "0004fb000006000063c616814464d177            15 16351     4     -b---- 419351.5\n"
    "0004fb000006000075cbdd1c01458b89             2 16351     4     -b---- 2518897.3\n"
    "0004fb0000060000848126d4350e937c             6 16351     4     -b---- 2567024.0\n"
    "0004fb0000060000a31577d2f66b7345             7 16351     4     -b---- 2030372.7\n"
    "0004fb0000060000cd82eeb81e5f78a1            13 16351     4     -b---- 435982.3\n"
    "Domain-0                                     0  2796    16     r----- 3867699.3\n";

static void test_xmlist_ovm(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out", ovm_xm_list, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xm_list.domains[0]"),
                        "{\"name\":\"0004fb00000600001ab4fe3614bd3616\",\"id\":1,\"mem_mb\":16351,"
                        "\"vcpus\":4,\"state\":\"-b----\",\"flags\":{\"running\":false,"
                        "\"blocked\":true,\"paused\":false,\"shutdown\":false,\"crashed\":false,"
                        "\"dying\":false},\"cpu_s\":2551256}");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].id"), "0");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].mem_mb"), "2796");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].vcpus"), "16");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].flags.running"), "true");
    assert_string_equal(test_raw(&f, "xm_list.domains[7].cpu_s"), "3867699");
    assert_string_equal(test_raw(&f, "xm_list.domains[8]"), "null");
    assert_string_equal(test_raw(&f, "xl_list"), "null");
    facts_release(&f);
}

/* The talk's copy: tab-separated throughout, between shell prompts and code fences. */
static void test_xmlist_talk_tabs(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out",
                 "```\n[root@sv091 ~]# xm list\n```\n\n"
                 "Name\tID\tMem\tVCPUs\tState\tTime(s)\n"
                 "0004fb00000600001ab4fe3614bd3616\t1\t16351\t4\t-b----\t2551256.8\n"
                 "0004fb00000600004a27037b0835a489\t8\t16351\t4\t-b----\t1142964.1\n"
                 "Domain-0\t0\t2796\t16\tr-----\t3867699.3\r\n"
                 "\n \n```\n[root@sv091 ~]# \xe2\x96\x88\n```\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xm_list.domains[1].id"), "8");
    assert_string_equal(test_raw(&f, "xm_list.domains[1].cpu_s"), "1142964");
    assert_string_equal(test_raw(&f, "xm_list.domains[2].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[2].state"), "\"r-----\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[3]"), "null");
    facts_release(&f);
}

/* xenlab (Xen 4.17): tabs in the header before State and Time(s), a running and a blocked
 * domain; then a crashed and a rebooting one. */
static void test_xmlist_xl(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlist, "cmd/xl-list.out",
                 "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                 "Domain-0                                     0  1024     2     r-----      57.0\n"
                 "tiny                                         1   256     1     -b----       4.1\n"
                 "crashed-guest                                3   512     2     ---sc-       9.9\n"
                 "rebooting                                    4   512     2     ---sr-       1.0"
                 "\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xm_list"), "null");
    assert_string_equal(test_raw(&f, "xl_list.domains[0].mem_mb"), "1024");
    assert_string_equal(test_raw(&f, "xl_list.domains[0].shutdown_reason"), "null");
    assert_string_equal(test_raw(&f, "xl_list.domains[1].name"), "\"tiny\"");
    assert_string_equal(test_raw(&f, "xl_list.domains[1].flags.blocked"), "true");
    assert_string_equal(test_raw(&f, "xl_list.domains[1].cpu_s"), "4");
    assert_string_equal(test_raw(&f, "xl_list.domains[2].flags"),
                        "{\"running\":false,\"blocked\":false,\"paused\":false,\"shutdown\":true,"
                        "\"crashed\":true,\"dying\":false}");
    assert_string_equal(test_raw(&f, "xl_list.domains[2].shutdown_reason"), "\"crash\"");
    assert_string_equal(test_raw(&f, "xl_list.domains[3].flags.crashed"), "false");
    assert_string_equal(test_raw(&f, "xl_list.domains[3].shutdown_reason"), "\"reboot\"");
    facts_release(&f);
}

/* A name over 40 characters (with a space) pushes the columns right; a domain being created
 * shows ------; the talk's own "-----" (5 dashes) and a row without an id are skipped. */
static void test_xmlist_edge_rows(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out",
                 "Name                                        ID   Mem VCPUs      State   Time(s)\n"
                 "a-very-long-domain-name-that-is-more-than-40 chars    12  1024     1     --p--- "
                 "12.0\n"
                 "0004fb000006000063c616814464d177            19 16351     1     ------ 0.0\n"
                 "0004fb000006000063c616814464d177\t19\t16351\t1\t-----\t5.5\n"
                 "inactive-vm                                      1024     1     ------ 0.0\n"
                 "Domain-0                                     0  2796    16     r----- "
                 "3867699.3\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "errors[0].line"), "4");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"state '-----' is not 6 state letters\"");
    assert_string_equal(test_fact(&f, "errors[1].line"), "5");
    assert_string_equal(test_raw(&f, "xm_list.domains[0].name"),
                        "\"a-very-long-domain-name-that-is-more-than-40 chars\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[0].id"), "12");
    assert_string_equal(test_raw(&f, "xm_list.domains[0].flags.paused"), "true");
    assert_string_equal(test_raw(&f, "xm_list.domains[1].state"), "\"------\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[1].flags.running"), "false");
    assert_string_equal(test_raw(&f, "xm_list.domains[1].cpu_s"), "0");
    assert_string_equal(test_raw(&f, "xm_list.domains[2].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[3]"), "null");
    facts_release(&f);
}

static void test_xmlist_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "0");
    assert_string_equal(test_raw(&f, "xm_list"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xmlist, "cmd/xm-list.out",
                 "Error: Unable to connect to xend: No such file or directory. Is xend running?\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "errors[0].line"), "1");
    facts_release(&f);

    test_analyze(&analyzer_xmlist, "cmd/xm-list.out", "\x7f" "ELF\x01\x02\x03 \xff\xfe\n\x01", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'\?ELF\?\?\? \?\?': not a domain row (name id mem vcpus state time)\"");
    facts_release(&f);

    /* truncated mid-line: the complete rows are kept, the cut one is reported */
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out",
                 "Name                                        ID   Mem VCPUs      State   Time(s)\n"
                 "Domain-0                                     0  2796    16     r----- 3867699.3\n"
                 "0004fb00000600001ab4fe3614bd3616             1 16351     4     -b--",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_raw(&f, "xm_list.domains[0].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[1]"), "null");
    facts_release(&f);

    /* bad numbers */
    test_analyze(&analyzer_xmlist, "cmd/xm-list.out",
                 "vm1 1 lots 4 -b---- 1.0\nvm2 2 512 4 -b---- soon\nvm3 3 512 4 -b---- 1.5\n", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_raw(&f, "xm_list.domains[0].name"), "\"vm3\"");
    assert_string_equal(test_raw(&f, "xm_list.domains[0].cpu_s"), "1");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmlist_ovm),
        cmocka_unit_test(test_xmlist_talk_tabs),
        cmocka_unit_test(test_xmlist_xl),
        cmocka_unit_test(test_xmlist_edge_rows),
        cmocka_unit_test(test_xmlist_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
