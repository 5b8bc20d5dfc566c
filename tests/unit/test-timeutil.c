/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "lib/timeutil.h"

#include <stdio.h>
#include <string.h>

static void test_time_roundtrip(void **state)
{
    char iso[32];
    time_t t;

    (void)state;
    assert_int_equal(time_from_utc(1970, 1, 1, 0, 0, 0), 0);
    t = time_from_utc(2026, 11, 20, 10, 15, 0);
    assert_int_equal(t, 1795169700);
    time_format_iso(t, iso, sizeof(iso));
    assert_string_equal(iso, "2026-11-20T10:15:00Z");
    time_format_iso(time_from_utc(2024, 2, 29, 23, 59, 59), iso, sizeof(iso));
    assert_string_equal(iso, "2024-02-29T23:59:59Z");
    time_format_compact(t, iso, sizeof(iso));
    assert_string_equal(iso, "20261120T101500Z");
}

static void test_logtime_formats(void **state)
{
    time_t t, want = time_from_utc(2026, 11, 20, 10, 15, 1);
    const char *xend = "[2026-11-20 10:15:01 4711] INFO (XendDomainInfo:1234) started";
    const char *vendor = "[2026-11-20 10:15:01,284 1771 1431210304] DEBUG (XendCheckpoint:250) x";
    const char *iso = "2026-11-20T10:15:01.123+01:00 host kernel: x";
    const char *syslog = "Nov 20 10:15:01 sv095 kernel: o2net: connection";
    const char *padded = "Nov  3 01:02:03 sv095 x";

    (void)state;
    assert_true(logtime_parse(xend, strlen(xend), 1999, &t));
    assert_int_equal(t, want);
    assert_true(logtime_parse(vendor, strlen(vendor), 1999, &t));
    assert_int_equal(t, want);
    assert_true(logtime_parse(iso, strlen(iso), 1999, &t));
    assert_int_equal(t, want);
    assert_true(logtime_parse(syslog, strlen(syslog), 2026, &t));
    assert_int_equal(t, want);
    assert_true(logtime_parse(padded, strlen(padded), 2026, &t));
    assert_int_equal(t, time_from_utc(2026, 11, 3, 1, 2, 3));
    assert_false(logtime_parse("Traceback (most recent call last):", 34, 2026, &t));
    assert_false(logtime_parse("[2026-13-20 10:15:01 1]", 23, 2026, &t));
    assert_false(logtime_parse("", 0, 2026, &t));
}

/* LOGTIME_HEAD: what comes after the first 20 bytes never changes the answer, and every month
 * and a non-month still parse as they did with strncmp(). */
static void test_logtime_head(void **state)
{
    static const char *const heads[] = {
        "[2026-11-20 10:15:01", "[2026-11-20 10:15:0", "2026-11-20T10:15:01.", "2026-11-20 10:15",
        "2026-11-20 10:1", "Nov 20 10:15:01 sv09", "Nov 20 10:15:01", "Nov 20 10:15:0",
        "Nov  3 01:02:03 host", "Nox 20 10:15:01 host", "2026-11-20 25:15:01 ", "Jan 20 10:15:01 x",
        "Feb", "Mar 20 10:15:01 x", "Apr 20 10:15:01 x", "May 20 10:15:01 x", "Jun 20 10:15:01 x",
        "Jul 20 10:15:01 x", "Aug 20 10:15:01 x", "Sep 20 10:15:01 x", "Oct 20 10:15:01 x",
        "Dec 20 10:15:01 x", "nov 20 10:15:01 x", "[2026-11-20T10:15:01", "\xff\xfe",
    };
    static const char *const tails[] = { "", " 4711] INFO x", ",284 1771 14312] x", "\r", "Z" };
    char line[128];
    size_t i, j, len, k;
    time_t t1 = 0, t2 = 0;
    bool ok1, ok2;
    int month = 0;

    (void)state;
    for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        for (j = 0; j < sizeof(tails) / sizeof(tails[0]); j++) {
            snprintf(line, sizeof(line), "%s%s", heads[i], tails[j]);
            len = strlen(line);
            k = len < LOGTIME_HEAD ? len : LOGTIME_HEAD;
            ok1 = logtime_parse(line, len, 2026, &t1);
            ok2 = logtime_parse(line, k, 2026, &t2);
            assert_int_equal(ok1, ok2);
            if (ok1)
                assert_int_equal(t1, t2);
        }
        if (strlen(heads[i]) >= 15 && heads[i][3] == ' ' && heads[i][0] != 'N' &&
            logtime_parse(heads[i], strlen(heads[i]), 2026, &t1))
            month++;
    }
    assert_int_equal(month, 10);    /* Jan and Mar-Oct, Dec; not "Feb" (short), "Nox", "nov" */
    assert_true(logtime_parse("Dec 31 23:59:59 x", 17, 2026, &t1));
    assert_int_equal(t1, time_from_utc(2026, 12, 31, 23, 59, 59));
    assert_true(logtime_parse("Jan  1 00:00:00 x", 17, 2026, &t1));
    assert_int_equal(t1, time_from_utc(2026, 1, 1, 0, 0, 0));
}

static void test_when_and_size(void **state)
{
    time_t t, now = 1795169700;
    unsigned long long v;

    (void)state;
    assert_true(time_parse_when("2026-11-20", now, &t));
    assert_int_equal(t, time_from_utc(2026, 11, 20, 0, 0, 0));
    assert_true(time_parse_when("2026-11-20T10:00", now, &t));
    assert_int_equal(t, time_from_utc(2026, 11, 20, 10, 0, 0));
    assert_true(time_parse_when("48h", now, &t));
    assert_int_equal(t, now - 48 * 3600);
    assert_true(time_parse_when("7d", now, &t));
    assert_int_equal(t, now - 7 * 86400);
    assert_false(time_parse_when("yesterday", now, &t));
    assert_false(time_parse_when("48x", now, &t));
    assert_false(time_parse_when("2026-11-20junk", now, &t));
    assert_true(size_parse("16M", &v));
    assert_int_equal(v, 16ULL << 20);
    assert_true(size_parse("1G", &v));
    assert_int_equal(v, 1ULL << 30);
    assert_true(size_parse("512k", &v));
    assert_int_equal(v, 512ULL << 10);
    assert_true(size_parse("16MiB", &v));
    assert_true(size_parse("4096", &v));
    assert_int_equal(v, 4096);
    assert_false(size_parse("-1", &v));
    assert_false(size_parse("12Q", &v));
    assert_false(size_parse("99999999999999999999G", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_roundtrip),
        cmocka_unit_test(test_logtime_formats),
        cmocka_unit_test(test_logtime_head),
        cmocka_unit_test(test_when_and_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
