/* SPDX-License-Identifier: MIT */
#include "lib/timeutil.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

time_t time_from_utc(int year, int month, int day, int hour, int min, int sec)
{
    return (time_t)(days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
                    hour * 3600 + min * 60 + sec);
}

void time_to_utc(time_t t, struct tm *tm)
{
    int64_t z = (int64_t)t / 86400, secs = (int64_t)t % 86400, era, y;
    unsigned doe, yoe, doy, mp, d, m;

    if (secs < 0) {
        secs += 86400;
        z--;
    }
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    memset(tm, 0, sizeof(*tm));
    tm->tm_year = (int)(y + (m <= 2) - 1900);
    tm->tm_mon = (int)m - 1;
    tm->tm_mday = (int)d;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
}

void time_format_iso(time_t t, char *out, size_t size)
{
    struct tm tm;

    time_to_utc(t, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void time_format_compact(time_t t, char *out, size_t size)
{
    struct tm tm;

    time_to_utc(t, &tm);
    snprintf(out, size, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* n digits at s into *v. */
static bool digits(const char *s, size_t len, size_t n, int *v)
{
    size_t i;
    int x = 0;

    if (len < n)
        return false;
    for (i = 0; i < n; i++) {
        unsigned dig = (unsigned)(unsigned char)s[i] - '0';   /* isdigit() without the table */
        if (dig > 9)
            return false;
        x = x * 10 + (int)dig;
    }
    *v = x;
    return true;
}

/* "YYYY-mm-dd[ T]HH:MM[:SS]" at s; *used gets the length consumed. Time part optional when
 * allow_date_only. */
static bool parse_iso(const char *s, size_t len, bool allow_date_only, time_t *out, size_t *used)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    size_t n = 10;

    if (!digits(s, len, 4, &y) || len < 10 || s[4] != '-' || !digits(s + 5, len - 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, len - 8, 2, &d))
        return false;
    if (len >= 16 && (s[10] == ' ' || s[10] == 'T') && digits(s + 11, len - 11, 2, &h) &&
        s[13] == ':' && digits(s + 14, len - 14, 2, &mi)) {
        n = 16;
        if (len >= 19 && s[16] == ':' && digits(s + 17, len - 17, 2, &se))
            n = 19;
    } else if (!allow_date_only) {
        return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return false;
    *out = time_from_utc(y, mo, d, h, mi, se);
    *used = n;
    return true;
}

/* s has at least 3 bytes. Compared by hand: a strncmp() call per month was a tenth of the time
 * analyze spent on the log inventory of a syslog-heavy bundle. */
static int month_from_abbrev(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;

    for (i = 0; i < 12; i++)
        if (s[0] == names[3 * i] && s[1] == names[3 * i + 1] && s[2] == names[3 * i + 2])
            return i + 1;
    return 0;
}

bool logtime_parse(const char *line, size_t len, int default_year, time_t *out)
{
    size_t used;
    int mo, d, h, mi, se;

    if (len && line[0] == '[')
        return parse_iso(line + 1, len - 1, false, out, &used);
    if (len && isdigit((unsigned char)line[0]))
        return parse_iso(line, len, false, out, &used);
    /* "Nov 20 10:15:00" (day space-padded: "Nov  3") */
    if (len < 15 || line[3] != ' ' || !(mo = month_from_abbrev(line)))
        return false;
    if (line[4] == ' ' && isdigit((unsigned char)line[5]))
        d = line[5] - '0';
    else if (!digits(line + 4, len - 4, 2, &d))
        return false;
    if (line[6] != ' ' || !digits(line + 7, len - 7, 2, &h) || line[9] != ':' ||
        !digits(line + 10, len - 10, 2, &mi) || line[12] != ':' ||
        !digits(line + 13, len - 13, 2, &se))
        return false;
    *out = time_from_utc(default_year, mo, d, h, mi, se);
    return true;
}

bool time_parse_when(const char *s, time_t now, time_t *out)
{
    size_t len = strlen(s), used;
    char *end;
    long v;

    if (parse_iso(s, len, true, out, &used))
        return used == len || (used + 1 == len && s[used] == 'Z');
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || v < 0 || end[0] == '\0' || end[1] != '\0')
        return false;
    switch (*end) {
    case 'm': *out = now - (time_t)v * 60; return true;
    case 'h': *out = now - (time_t)v * 3600; return true;
    case 'd': *out = now - (time_t)v * 86400; return true;
    default: return false;
    }
}

bool size_parse(const char *s, unsigned long long *out)
{
    unsigned long long v, mult = 1;
    char *end;

    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno)
        return false;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': mult = 1ULL << 10; end++; break;
    case 'm': case 'M': mult = 1ULL << 20; end++; break;
    case 'g': case 'G': mult = 1ULL << 30; end++; break;
    default: return false;
    }
    if (*end == 'i' || *end == 'B')   /* accept "16MiB", "16MB" */
        end += *end == 'i' ? (end[1] == 'B' ? 2 : 1) : 1;
    if (*end || (v && mult > ~0ULL / v))
        return false;
    *out = v * mult;
    return true;
}
