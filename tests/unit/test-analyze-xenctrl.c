/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xenctrl;

/* collect-xenctrl.c's output for the xenlab host (Xen 4.17) with the guest "tiny" running;
 * values from xenlab running-xcprobe.txt, which asked libxenctrl the same questions. */
static const char xenlab_xenctrl[] =
    "{\n"
    "  \"available\": true,\n"
    "  \"version\": {\n"
    "    \"major\": 4,\n"
    "    \"minor\": 17,\n"
    "    \"extra\": \".7\"\n"
    "  },\n"
    "  \"physinfo\": {\n"
    "    \"nr_cpus\": 2,\n"
    "    \"nr_nodes\": 1,\n"
    "    \"cores_per_socket\": 2,\n"
    "    \"threads_per_core\": 1,\n"
    "    \"cpu_khz\": 2596131,\n"
    "    \"total_pages\": 524153,\n"
    "    \"free_pages\": 190521,\n"
    "    \"scrub_pages\": 0,\n"
    "    \"total_mb\": 2047,\n"
    "    \"free_mb\": 744,\n"
    "    \"scrub_mb\": 0\n"
    "  },\n"
    "  \"domains\": [\n"
    "    {\n"
    "      \"domid\": 0,\n"
    "      \"flags\": 4294901792,\n"
    "      \"dying\": false,\n"
    "      \"hvm\": false,\n"
    "      \"shutdown\": false,\n"
    "      \"paused\": false,\n"
    "      \"blocked\": false,\n"
    "      \"running\": true,\n"
    "      \"tot_pages\": 262144,\n"
    "      \"max_pages\": 262144,\n"
    "      \"mem_mb\": 1024,\n"
    "      \"online_vcpus\": 2,\n"
    "      \"cpu_time_ns\": 59896815912\n"
    "    },\n"
    "    {\n"
    "      \"domid\": 1,\n"
    "      \"flags\": 4294901776,\n"
    "      \"dying\": false,\n"
    "      \"hvm\": false,\n"
    "      \"shutdown\": false,\n"
    "      \"paused\": false,\n"
    "      \"blocked\": true,\n"
    "      \"running\": false,\n"
    "      \"tot_pages\": 65536,\n"
    "      \"max_pages\": 65792,\n"
    "      \"mem_mb\": 256,\n"
    "      \"online_vcpus\": 1,\n"
    "      \"cpu_time_ns\": 4147130198\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void test_xenctrl_xenlab(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json", xenlab_xenctrl, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xenctrl.available"), "true");
    assert_string_equal(test_raw(&f, "xenctrl.reason"), "null");
    assert_string_equal(test_raw(&f, "xenctrl.xen_version"), "\"4.17.7\"");
    assert_string_equal(test_raw(&f, "xenctrl.total_mb"), "2047");
    assert_string_equal(test_raw(&f, "xenctrl.free_mb"), "744");
    assert_string_equal(test_raw(&f, "xenctrl.scrub_mb"), "0");
    assert_string_equal(test_raw(&f, "xenctrl.nr_cpus"), "2");
    assert_string_equal(test_raw(&f, "xenctrl.nr_nodes"), "1");
    assert_string_equal(test_raw(&f, "xenctrl.domains[0]"),
                        "{\"domid\":0,\"mem_mb\":1024,\"max_mb\":1024,\"vcpus\":2,\"cpu_s\":59,"
                        "\"flags\":{\"running\":true,\"blocked\":false,\"paused\":false,"
                        "\"shutdown\":false,\"crashed\":false,\"dying\":false},\"hvm\":false}");
    assert_string_equal(test_raw(&f, "xenctrl.domains[1].mem_mb"), "256");
    assert_string_equal(test_raw(&f, "xenctrl.domains[1].max_mb"), "257");
    assert_string_equal(test_raw(&f, "xenctrl.domains[1].cpu_s"), "4");
    assert_string_equal(test_raw(&f, "xenctrl.domains[1].flags.blocked"), "true");
    assert_string_equal(test_raw(&f, "xenctrl.domains[2]"), "null");
    facts_release(&f);
}

/* The collector's answers when it could not ask: --sysroot (the demo bundle), not a dom0. */
static void test_xenctrl_unavailable(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json",
                 "{\n  \"available\": false,\n  \"reason\": \"--sysroot: this machine's hypervisor "
                 "is not the collected host's\"\n}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xenctrl"),
                        "{\"available\":false,\"reason\":\"--sysroot: this machine's hypervisor "
                        "is not the collected host's\"}");
    facts_release(&f);

    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json",
                 "{\n  \"available\": false,\n  \"reason\": \"not a Xen dom0: no /dev/xen/privcmd"
                 "\","
                 "\n  \"library_said\": null\n}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xenctrl.reason"), "\"not a Xen dom0: no /dev/xen/privcmd\"");
    assert_string_equal(test_raw(&f, "xenctrl.domains"), "null");
    facts_release(&f);
}

/* A crashed HVM guest (shutdown_reason 3), one shut down for a reboot, no physinfo (the call
 * failed), mem_mb absent (from tot_pages), and wrong types. */
static void test_xenctrl_flags_and_types(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json",
                 "{\"available\": true, \"version\": {\"major\": 4, \"minor\": 4, \"extra\": \".4O"
                 "VM\"},\n"
                 " \"domains\": [\n"
                 "  {\"domid\": 5, \"dying\": false, \"hvm\": true, \"shutdown\": true, \"paused\""
                 ": false,\n"
                 "   \"blocked\": false, \"running\": false, \"shutdown_reason\": 3,\n"
                 "   \"tot_pages\": 4186112, \"max_pages\": 4186368, \"online_vcpus\": 4,\n"
                 "   \"cpu_time_ns\": 2551256842117000},\n"
                 "  {\"domid\": 6, \"shutdown\": true, \"shutdown_reason\": 1, \"dying\": true},\n"
                 "  {\"domid\": \"7\", \"mem_mb\": 1},\n"
                 "  {\"domid\": 8, \"mem_mb\": -1, \"running\": \"yes\", \"online_vcpus\": 1.5},\n"
                 "  [] ]}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 5);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"domains[2].domid: not a non-negative integer\"");
    assert_string_equal(test_raw(&f, "xenctrl.xen_version"), "\"4.4.4OVM\"");
    assert_string_equal(test_raw(&f, "xenctrl.total_mb"), "null");
    assert_string_equal(test_raw(&f, "xenctrl.domains[0]"),
                        "{\"domid\":5,\"mem_mb\":16352,\"max_mb\":16353,\"vcpus\":4,"
                        "\"cpu_s\":2551256,\"flags\":{\"running\":false,\"blocked\":false,"
                        "\"paused\":false,\"shutdown\":true,\"crashed\":true,\"dying\":false},"
                        "\"hvm\":true}");
    assert_string_equal(test_raw(&f, "xenctrl.domains[1]"),
                        "{\"domid\":6,\"flags\":{\"running\":false,\"blocked\":false,"
                        "\"paused\":false,\"shutdown\":true,\"crashed\":false,\"dying\":true}}");
    assert_string_equal(test_raw(&f, "xenctrl.domains[2]"),
                        "{\"domid\":8,\"flags\":{\"running\":false,\"blocked\":false,"
                        "\"paused\":false,\"shutdown\":false,\"crashed\":false,\"dying\":false}}");
    assert_string_equal(test_raw(&f, "xenctrl.domains[3]"), "null");
    facts_release(&f);
}

static void test_xenctrl_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xenctrl"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json", "\x1f\x8b\x08junk", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xenctrl: line 1, column 1: unexpected character\"");
    facts_release(&f);

    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json", "[1, 2]", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xenctrl: not an object with a boolean 'available'\"");
    facts_release(&f);

    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json",
                 "{\"available\": true, \"version\": 4, \"physinfo\": [], \"domains\": {}}", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_raw(&f, "xenctrl"), "{\"available\":true}");
    facts_release(&f);

    /* truncated mid-line */
    test_analyze(&analyzer_xenctrl, "xen/xenctrl.json",
                 "{\n  \"available\": true,\n  \"version\": {\n    \"major\": 4,\n    \"mi", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xenctrl: line 5, column 8: the JSON text ends early (truncated)\"");
    assert_string_equal(test_raw(&f, "xenctrl"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xenctrl_xenlab),
        cmocka_unit_test(test_xenctrl_unavailable),
        cmocka_unit_test(test_xenctrl_flags_and_types),
        cmocka_unit_test(test_xenctrl_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
