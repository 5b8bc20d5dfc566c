/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_hostid;

static void run(struct facts *f, const char *path, const char *text)
{
    analyzer_run(&analyzer_hostid, f, path, text, strlen(text));
}

static void test_hostid_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    /* examples/ovm-host/outputs/{uname-a,hostname,date-u}.txt */
    test_analyze(&analyzer_hostid, "cmd/uname-a.out",
                 "Linux sv095 4.1.12-124.48.6.el6uek.x86_64 #2 SMP Tue Feb 9 14:25:48 PST 2021 "
                 "x86_64 x86_64 x86_64 GNU/Linux\n", &f);
    run(&f, "cmd/hostname.out", "sv095\n");
    run(&f, "cmd/date-u.out", "Fri Nov 20 10:15:00 UTC 2026\n");
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "host.kernel"), "\"4.1.12-124.48.6.el6uek.x86_64\"");
    assert_string_equal(test_fact(&f, "host.uname"),
                        "\"Linux sv095 4.1.12-124.48.6.el6uek.x86_64 #2 SMP Tue Feb 9 14:25:48 PST "
                        "2021 x86_64 x86_64 x86_64 GNU/Linux\"");
    assert_string_equal(test_fact(&f, "host.hostname"), "\"sv095\"");
    assert_string_equal(test_raw(&f, "date_u"), "1795169700");
    facts_release(&f);
}

static void test_hostid_variants(void **state)
{
    struct facts f;

    (void)state;
    /* the command beats the file, in either order */
    test_analyze(&analyzer_hostid, "cmd/hostname.out", "sv095.example.com\n", &f);
    run(&f, "root/etc/hostname", "# set by anaconda\nsv095\n");
    assert_string_equal(test_fact(&f, "host.hostname"), "\"sv095.example.com\"");
    facts_release(&f);
    test_analyze(&analyzer_hostid, "root/etc/hostname", "# set by anaconda\nold-name\n", &f);
    assert_string_equal(test_fact(&f, "host.hostname"), "\"old-name\"");
    run(&f, "cmd/hostname.out", "new-name\n");
    assert_string_equal(test_fact(&f, "host.hostname"), "\"new-name\"");
    assert_string_equal(test_raw(&f, "host_sources.hostname"), "\"cmd/hostname.out\"");
    facts_release(&f);

    /* xenlab's uname, behind a prompt; date with another zone and a padded day */
    test_analyze(&analyzer_hostid, "cmd/uname-a.out",
                 "root@xenlab-dom0:~# uname -a\n"
                 "Linux xenlab-dom0 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 "
                 "(2026-11-16) x86_64 GNU/Linux\n", &f);
    run(&f, "cmd/date-u.out", "Tue Dec  1 23:59:59 CET 2026\r\n");
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "host.kernel"), "\"6.1.0-56-amd64\"");
    assert_string_equal(test_raw(&f, "date_u"), "1796169599");
    facts_release(&f);
}

static void test_hostid_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_hostid, "cmd/uname-a.out", "", &f);
    run(&f, "cmd/hostname.out", "");
    run(&f, "cmd/date-u.out", "");
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "host"), "null");
    assert_string_equal(test_raw(&f, "date_u"), "null");
    facts_release(&f);

    test_analyze(&analyzer_hostid, "cmd/uname-a.out", "Linux sv0", &f);
    run(&f, "cmd/hostname.out", "hostname: Unknown host\n");
    run(&f, "cmd/date-u.out", "Fri Nov 20 10:1");
    run(&f, "cmd/date-u.out", "Fri Foo 20 10:15:00 UTC 2026");
    run(&f, "cmd/date-u.out", "Fri Nov 20 25:15:00 UTC 2026");
    run(&f, "root/etc/hostname", "\x01\x02\x03\n");
    assert_int_equal(test_fact_errors(&f), 7);
    assert_string_equal(test_fact(&f, "host"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostid_ovm_host),
        cmocka_unit_test(test_hostid_variants),
        cmocka_unit_test(test_hostid_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
