/* SPDX-License-Identifier: MIT */
/* timeutil.h: calendar arithmetic in UTC (no TZ, no locale) and the timestamp formats of the
 * logs on a dom0. Log times are taken as written: the host's time zone is not known. */
#ifndef OVMDIAG_TIMEUTIL_H
#define OVMDIAG_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Seconds since the epoch for a UTC calendar time; month 1-12. No validation of ranges. */
time_t time_from_utc(int year, int month, int day, int hour, int min, int sec);
/* Calendar fields of t in UTC (thread-safe gmtime replacement). */
void time_to_utc(time_t t, struct tm *tm_out);
/* "2026-11-20T10:15:00Z" into out (at least 21 bytes). */
void time_format_iso(time_t t, char *out, size_t size);
/* "20261120T101500Z" into out (at least 17 bytes). */
void time_format_compact(time_t t, char *out, size_t size);

/* The time at the start of a log line, in any of:
 *   [2026-11-20 10:15:00 1234] ...     xend.log, ovs-agent.log (also with ,ms)
 *   2026-11-20 10:15:00 ... / 2026-11-20T10:15:00...   ISO (rsyslog, xl logs)
 *   Nov 20 10:15:00 host ...            syslog; the year is default_year
 * Returns false when the line does not start with a time. */
bool logtime_parse(const char *line, size_t len, int default_year, time_t *out);
/* logtime_parse() reads no further than this: two lines whose first min(len, LOGTIME_HEAD)
 * bytes are equal (and equally long) get the same answer, which lets a caller reuse the result
 * of the line before. */
#define LOGTIME_HEAD 20

/* "2026-11-20", "2026-11-20T10:00", "2026-11-20 10:00:05", or a duration back from now:
 * "48h", "7d", "30m". Returns false on bad input. */
bool time_parse_when(const char *s, time_t now, time_t *out);
/* "16M", "512K", "1G", "123" (bytes). Returns false on bad input or overflow. */
bool size_parse(const char *s, unsigned long long *out);

#endif
