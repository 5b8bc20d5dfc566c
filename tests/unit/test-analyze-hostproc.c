/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_hostproc;

static void run(struct facts *f, const char *path, const char *text)
{
    analyzer_run(&analyzer_hostproc, f, path, text, strlen(text));
}

/* examples/ovm-host/root/proc/cpuinfo, two of its sixteen processors */
static const char ovm_cpuinfo[] =
    "processor\t: 0\n"
    "vendor_id\t: GenuineIntel\n"
    "cpu family\t: 6\n"
    "model\t\t: 79\n"
    "model name\t: Intel(R) Xeon(R) CPU E5-2609 v4 @ 1.70GHz\n"
    "cpu MHz\t\t: 1698.944\n"
    "flags\t\t: fpu de tsc msr pae mce cx8 apic sep\n"
    "power management:\n"
    "\n"
    "processor\t: 1\n"
    "vendor_id\t: GenuineIntel\n"
    "model name\t: Intel(R) Xeon(R) CPU E5-2609 v4 @ 1.70GHz\n"
    "power management:\n"
    "\n";

static void test_hostproc_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_hostproc, "root/proc/uptime", "2617488.41 41205547.92\n", &f);
    run(&f, "root/proc/cpuinfo", ovm_cpuinfo);
    run(&f, "root/proc/xen/capabilities", "control_d\n");
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "host"),
                        "{\"uptime_s\":2617488,\"cpus\":2,"
                        "\"cpu_model\":\"Intel(R) Xeon(R) CPU E5-2609 v4 @ 1.70GHz\","
                        "\"role\":\"dom0\"}");
    facts_release(&f);
}

static void test_hostproc_domu_and_arm(void **state)
{
    struct facts f;

    (void)state;
    /* a domU has the file, empty */
    test_analyze(&analyzer_hostproc, "root/proc/xen/capabilities", "", &f);
    assert_string_equal(test_fact(&f, "host.role"), "\"domU\"");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);

    /* no model name (ARM), whole-second uptime */
    test_analyze(&analyzer_hostproc, "root/proc/cpuinfo",
                 "processor\t: 0\nBogoMIPS\t: 50.00\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n", &f);
    run(&f, "root/proc/uptime", "35 60\n");
    assert_string_equal(test_fact(&f, "host.cpus"), "2");
    assert_string_equal(test_fact(&f, "host.cpu_model"), "null");
    assert_string_equal(test_fact(&f, "host.uptime_s"), "35");
    facts_release(&f);
}

static void test_hostproc_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_hostproc, "root/proc/uptime", "", &f);
    run(&f, "root/proc/cpuinfo", "");
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "host"), "null");
    facts_release(&f);

    test_analyze(&analyzer_hostproc, "root/proc/uptime", "up 3 days\n-5.0 1\n", &f);
    run(&f, "root/proc/cpuinfo", "processor\t: zero\nprocessor\t: 1\nmodel na");
    run(&f, "root/proc/xen/capabilities", "\x01\x02\x03 control_");
    assert_int_equal(test_fact_errors(&f), 4);
    assert_string_equal(test_fact(&f, "host.cpus"), "1");
    assert_string_equal(test_fact(&f, "host.uptime_s"), "null");
    assert_string_equal(test_fact(&f, "host.role"), "\"domU\"");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostproc_ovm_host),
        cmocka_unit_test(test_hostproc_domu_and_arm),
        cmocka_unit_test(test_hostproc_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
