/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_release;

static void run(struct facts *f, const char *path, const char *text)
{
    analyzer_run(&analyzer_release, f, path, text, strlen(text));
}

static void test_release_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    /* examples/ovm-host/root/etc/{ovs,oracle,redhat}-release */
    test_analyze(&analyzer_release, "root/etc/ovs-release", "Oracle VM server release 3.4.6\n", &f);
    run(&f, "root/etc/oracle-release", "Oracle Linux Server release 6.10\n");
    run(&f, "root/etc/redhat-release", "Red Hat Enterprise Linux Server release 6.10 (Santiago)\n");
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "host.ovm_release"), "\"3.4.6\"");
    assert_string_equal(test_fact(&f, "host.ovm_release_text"),
                        "\"Oracle VM server release 3.4.6\"");
    assert_string_equal(test_fact(&f, "host.os_release"), "\"Oracle Linux Server release 6.10\"");
    assert_string_equal(test_raw(&f, "host_sources.os_release"), "\"root/etc/oracle-release\"");
    facts_release(&f);
}

static void test_release_order(void **state)
{
    struct facts f;

    (void)state;
    /* any order: oracle-release wins over redhat-release over os-release */
    test_analyze(&analyzer_release, "root/etc/oracle-release",
                 "Oracle Linux Server release 7.9\r\n", &f);
    run(&f, "root/etc/os-release",
        "NAME=\"Oracle Linux Server\"\nPRETTY_NAME=\"Oracle Linux 7.9\"\n");
    run(&f, "root/etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n");
    assert_string_equal(test_fact(&f, "host.os_release"), "\"Oracle Linux Server release 7.9\"");
    facts_release(&f);

    test_analyze(&analyzer_release, "root/etc/os-release",
                 "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n", &f);
    assert_string_equal(test_fact(&f, "host.os_release"), "\"Debian GNU/Linux 12 (bookworm)\"");
    run(&f, "root/etc/redhat-release", "CentOS release 5.11 (Final)\n");
    assert_string_equal(test_fact(&f, "host.os_release"), "\"CentOS release 5.11 (Final)\"");
    assert_string_equal(test_fact(&f, "host.ovm_release"), "null");
    facts_release(&f);

    /* OVM 2 */
    test_analyze(&analyzer_release, "root/etc/ovs-release", "Oracle VM server release 2.2.2", &f);
    assert_string_equal(test_fact(&f, "host.ovm_release"), "\"2.2.2\"");
    facts_release(&f);
}

static void test_release_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_release, "root/etc/ovs-release", "Oracle VM server release\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "host.ovm_release"), "null");
    assert_string_equal(test_fact(&f, "host.ovm_release_text"), "\"Oracle VM server release\"");
    facts_release(&f);

    test_analyze(&analyzer_release, "root/etc/ovs-release", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "host"), "null");
    facts_release(&f);

    test_analyze(&analyzer_release, "root/etc/oracle-release", "\x01\x02\x03\n\n", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "host"), "null");
    facts_release(&f);

    test_analyze(&analyzer_release, "root/etc/os-release", "NAME=x\nPRETTY_NAME=\"\"\n", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release_ovm_host),
        cmocka_unit_test(test_release_order),
        cmocka_unit_test(test_release_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
