/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_ntp;

/* the example host's ntpq -pn (ntp 4.2.6 on Oracle VM Server 3.4) */
static const char ntpq_synced[] =
    "     remote           refid      st t when poll reach   delay   offset  jitter\n"
    "==============================================================================\n"
    "*172.24.19.254   192.53.103.108   2 u  312 1024  377    0.412    0.127   0.089\n"
    "+172.24.19.1     172.24.19.254    3 u  598 1024  377    0.298   -0.310   0.142\n";

static void test_ntpq_synchronized(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out", ntpq_synced, &f);
    assert_string_equal(test_fact(&f, "host.ntp.source"), "\"ntpq\"");
    assert_string_equal(test_fact(&f, "host.ntp.running"), "true");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "true");
    assert_string_equal(test_fact(&f, "host.ntp.peers"), "2");
    assert_string_equal(test_fact(&f, "host.ntp.reachable"), "2");
    assert_string_equal(test_fact(&f, "host.ntp.selected"), "\"172.24.19.254\"");
    assert_string_equal(test_fact(&f, "host.ntp.offset_ms"), "0.127");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);
}

/* Just started: peers known, none chosen, one never reached; a long IPv6 address wraps. */
static void test_ntpq_not_synchronized(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out",
                 "     remote           refid      st t when poll reach   delay   offset  jitter\n"
                 "==============================================================================\n"
                 " 172.24.19.254   .INIT.          16 u    -   64    0    0.000    0.000   0.000\n"
                 " 2001:db8:1234:5678::10\n"
                 "                 192.53.103.108   2 u   12   64    1    0.512    3.004   0.001\n",
                 &f);
    assert_string_equal(test_fact(&f, "host.ntp.running"), "true");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "false");
    assert_string_equal(test_fact(&f, "host.ntp.peers"), "2");
    assert_string_equal(test_fact(&f, "host.ntp.reachable"), "1");
    assert_string_equal(test_fact(&f, "host.ntp.selected"), "null");
    assert_string_equal(test_fact(&f, "host.ntp.offset_ms"), "null");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);

    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out", "No association ID's returned\n", &f);
    assert_string_equal(test_fact(&f, "host.ntp.running"), "true");
    assert_string_equal(test_fact(&f, "host.ntp.peers"), "0");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "false");
    facts_release(&f);
}

/* ntpd down: stdout empty, stderr says so. */
static void test_ntpd_down(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out", "", &f);
    assert_string_equal(test_fact(&f, "host.ntp"), "null");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.err", "ntpq: read: Connection refused\n", &f);
    assert_string_equal(test_fact(&f, "host.ntp.running"), "false");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "false");
    assert_string_equal(test_fact(&f, "host.ntp.error"), "\"ntpq: read: Connection refused\"");
    facts_release(&f);
    /* another complaint on stderr says nothing about the daemon */
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.err", "ntpq: some warning\n", &f);
    assert_string_equal(test_fact(&f, "host.ntp"), "null");
    facts_release(&f);
}

static void test_chronyc(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ntp, "cmd/chronyc-sources.out",
                 "210 Number of sources = 3\n"
                 "MS Name/IP address         Stratum Poll Reach LastRx Last sample\n"
                 "===============================================================================\n"
                 "^- 10.0.0.9                      2   6   377    35   -2011us[-2011us] +/-   40ms\n"
                 "^* 10.0.0.1                      1   6   377    34   +1500us[+1520us] +/-  512us\n"
                 "^? 10.0.0.2                      0   6     0     -     +0ns[   +0ns] +/-    0ns\n",
                 &f);
    assert_string_equal(test_fact(&f, "host.ntp.source"), "\"chronyc\"");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "true");
    assert_string_equal(test_fact(&f, "host.ntp.peers"), "3");
    assert_string_equal(test_fact(&f, "host.ntp.reachable"), "2");
    assert_string_equal(test_fact(&f, "host.ntp.selected"), "\"10.0.0.1\"");
    assert_string_equal(test_fact(&f, "host.ntp.offset_ms"), "1.5");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);

    test_analyze(&analyzer_ntp, "cmd/chronyc-sources.err", "506 Cannot talk to daemon\n", &f);
    assert_string_equal(test_fact(&f, "host.ntp.source"), "\"chronyc\"");
    assert_string_equal(test_fact(&f, "host.ntp.running"), "false");
    facts_release(&f);
}

static void test_ntp_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out", "\x7f" "ELF garbage\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "host.ntp"), "null");
    facts_release(&f);

    /* a bad peer line is an error on its line; the good ones count */
    test_analyze(&analyzer_ntp, "cmd/ntpq-pn.out",
                 "     remote           refid      st t when poll reach   delay   offset  jitter\n"
                 "==============================================================================\n"
                 "*172.24.19.254   192.53.103.108   2 u  312 1024  999    0.412    0.127   0.089\n"
                 "+172.24.19.1     172.24.19.254    3 u  598 1024  377    0.298   -0.310   0.142\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_fact(&f, "host.ntp.peers"), "1");
    assert_string_equal(test_fact(&f, "host.ntp.synchronized"), "false");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntpq_synchronized),
        cmocka_unit_test(test_ntpq_not_synchronized),
        cmocka_unit_test(test_ntpd_down),
        cmocka_unit_test(test_chronyc),
        cmocka_unit_test(test_ntp_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
