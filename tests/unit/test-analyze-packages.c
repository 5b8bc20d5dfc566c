/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_packages;

static void test_packages_agent(void **state)
{
    struct facts f;

    (void)state;
    /* examples/ovm-host/outputs/rpm-qa.txt */
    test_analyze(&analyzer_packages, "cmd/rpm-qa.out",
                 "ovs-agent-tools-3.4.6-1.el6.noarch\nxen-4.4.4-222.0.10.el6.x86_64\n"
                 "ovs-agent-3.4.6-2060.el6.noarch\r\nkernel-uek-4.1.12-124.48.6.el6uek.x86_64\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "host.agent_version"), "\"3.4.6-2060.el6\"");
    facts_release(&f);
}

static void test_packages_malformed(void **state)
{
    struct facts f;

    (void)state;
    /* no agent package, binary junk, an empty file: null, never a guess */
    test_analyze(&analyzer_packages, "cmd/rpm-qa.out", "bash-4.1.2\n\x01\x02\xff junk\novs-agent-\n",
                 &f);
    assert_string_equal(test_fact(&f, "host.agent_version"), "null");
    facts_release(&f);
    test_analyze(&analyzer_packages, "cmd/rpm-qa.out", "", &f);
    assert_string_equal(test_fact(&f, "host.agent_version"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packages_agent),
        cmocka_unit_test(test_packages_malformed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
