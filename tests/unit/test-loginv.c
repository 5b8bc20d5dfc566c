/* SPDX-License-Identifier: MIT */
/* The log inventory: lines and the earliest and latest time of a file are the same however the
 * text is cut into chunks, and the same as parsing every line on its own (loginv reuses the
 * answer of the line before when the time prefix repeats, and reads whole lines in place). */
#include "tests/unit/helpers.h"
#include "analyzers/facts.h"
#include "analyzers/loginv.h"
#include "analyzers/logsources.h"
#include "lib/timeutil.h"

#include <stdio.h>
#include <string.h>

/* Times out of order, repeated prefixes with different tails, short lines that are prefixes of
 * a time, lines without one, CRLF, an empty line, and no newline at the end. */
static const char mixed_text[] =
    "Nov 20 10:15:01 sv095 kernel: a\n"
    "Nov 20 10:15:01 sv095 kernel: b, the same second\n"
    "Nov 20 10:15:01 sv096 kernel: another host, same head up to byte 19\n"
    "Nov 20 10:15:0\n"
    "Nov 20 10:15:01\n"
    "Nov 19 23:59:59 sv095 kernel: earlier, out of order\n"
    "\n"
    "Traceback (most recent call last):\n"
    "  File \"x.py\", line 1\n"
    "[2026-11-21 08:00:00 4711] INFO (XendDomainInfo:1) later\n"
    "[2026-11-21 08:00:00 4712] INFO (XendDomainInfo:1) same second\n"
    "[2026-11-21 08:00:0\n"
    "[2026-11-21 08:00:00\n"
    "2026-11-21T09:30:00.123+01:00 host kernel: iso\r\n"
    "2026-11-21T09:30:00.456+01:00 host kernel: iso again\r\n"
    "Nov  3 01:02:03 sv095 padded day\n"
    "Dec 31 23:59:60 sv095 leap second\n"
    "Nov 20 10:15:01 sv095 last line without newline";

/* The reference: every line alone, whole. */
static void reference(const char *s, size_t len, int year, uint64_t *lines, bool *any,
                      time_t *first, time_t *last)
{
    const char *p = s, *end = s + len, *nl;
    time_t t;

    *lines = 0;
    *any = false;
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        (*lines)++;
        if (nl > p && logtime_parse(p, (size_t)(nl - p), year, &t)) {
            if (!*any || t < *first)
                *first = t;
            if (!*any || t > *last)
                *last = t;
            *any = true;
        }
        p = nl + 1;
    }
}

/* The extremes differ from the line before only in the last digit of the seconds. */
static const char xend_text[] =
    "[2026-11-21 08:00:05 4711] INFO a\n"
    "[2026-11-21 08:00:09 4711] INFO the latest\n"
    "[2026-11-21 08:00:01 4711] INFO the earliest\n"
    "[2026-11-21 08:00:05 4711] INFO b\n";
static const char syslog_text[] =
    "Nov 20 10:15:05 sv095 a\n"
    "Nov 20 10:15:01 sv095 the earliest\n"
    "Nov 20 10:15:09 sv095 the latest\n"
    "Nov 20 10:15:05 sv095 b\n";

static void check_chunked(const char *text, size_t len, size_t chunk)
{
    const struct log_source *src = log_source_named("messages");
    size_t off, n;
    struct loginv li;
    struct facts f;
    uint64_t lines;
    bool any;
    time_t first = 0, last = 0;
    char want[64], iso[32];

    assert_non_null(src);
    reference(text, len, 2026, &lines, &any, &first, &last);
    assert_true(any);
    loginv_init(&li);
    /* mtime in 2026: the year of the syslog lines */
    loginv_begin(&li, src, "root/var/log/messages", len, time_from_utc(2026, 11, 22, 0, 0, 0));
    for (off = 0; off < len; off += n) {
        n = len - off < chunk ? len - off : chunk;
        loginv_feed(&li, text + off, n);
    }
    loginv_end(&li);
    facts_init(&f);
    loginv_to_facts(&li, &f);
    snprintf(want, sizeof(want), "%llu", (unsigned long long)lines);
    assert_string_equal(test_fact(&f, "logs.messages.files[0].lines"), want);
    time_format_iso(first, iso, sizeof(iso));
    snprintf(want, sizeof(want), "\"%s\"", iso);
    assert_string_equal(test_fact(&f, "logs.messages.files[0].first_time"), want);
    time_format_iso(last, iso, sizeof(iso));
    snprintf(want, sizeof(want), "\"%s\"", iso);
    assert_string_equal(test_fact(&f, "logs.messages.files[0].last_time"), want);
    facts_release(&f);
    loginv_release(&li);
}

static void test_loginv_chunking(void **state)
{
    static const size_t chunks[] = { 1, 2, 3, 7, 14, 15, 16, 19, 20, 21, 33, 64, 4096 };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        check_chunked(mixed_text, sizeof(mixed_text) - 1, chunks[i]);
        check_chunked(xend_text, sizeof(xend_text) - 1, chunks[i]);
        check_chunked(syslog_text, sizeof(syslog_text) - 1, chunks[i]);
    }
}

/* The reference itself: the earliest is the padded "Nov  3", the latest the leap second. */
static void test_loginv_reference(void **state)
{
    uint64_t lines;
    bool any;
    time_t first = 0, last = 0;

    (void)state;
    reference(mixed_text, sizeof(mixed_text) - 1, 2026, &lines, &any, &first, &last);
    assert_int_equal(lines, 18);
    assert_int_equal(first, time_from_utc(2026, 11, 3, 1, 2, 3));
    assert_int_equal(last, time_from_utc(2026, 12, 31, 23, 59, 60));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loginv_reference),
        cmocka_unit_test(test_loginv_chunking),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
