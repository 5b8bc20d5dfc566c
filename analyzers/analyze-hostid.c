/* SPDX-License-Identifier: MIT */
/* analyze-hostid.c: uname -a, hostname, date -u -> host.uname, host.kernel, host.hostname (the
 * command, else /etc/hostname) and raw.date_u, the host's clock in epoch seconds (join.c makes
 * meta.snapshot_time of it). A zone other than UTC is ignored: the time is taken as written. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"
#include "lib/timeutil.h"

#include <string.h>

#include "lib/banned.h"

/* The first line that is not noise; binary lines are errors. */
static bool first_line(struct facts *f, const struct analyzer_input *in, const char **s,
                       size_t *len, size_t *lineno)
{
    struct line_iter it;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, s, len)) {
        if (textscan_noise(*s, *len))
            continue;
        textscan_strip_markup(s, len);
        str_trim(s, len);
        if (textscan_binary(*s, *len)) {
            facts_error(f, in->path, it.lineno, "binary data");
            continue;
        }
        *lineno = it.lineno;
        return true;
    }
    return false;
}

static int parse_uname(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *host;
    const char *s, *fld[3];
    size_t len, flen[3], lineno;

    if (!first_line(f, in, &s, &len, &lineno))
        return err_set(err, E_PARSE, "no uname line");
    if (str_fields(s, len, fld, flen, 3) < 3 || fld[2][0] < '0' || fld[2][0] > '9')
        return err_set(err, E_PARSE, "'%.*s': not uname -a output", (int)MIN(len, 80), s);
    host = facts_obj(f, "host");
    jset_strn(host, "uname", s, len);
    jset_strn(host, "kernel", fld[2], flen[2]);
    return 0;
}

static bool hostname_ok(const char *s, size_t len)
{
    size_t i;

    if (!len || len > 253)
        return false;
    for (i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '.' || s[i] == '_'))
            return false;
    return true;
}

static int parse_hostname(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *src = facts_raw(f, "host_sources");
    struct line_iter it;
    const char *s, *prev;
    size_t len;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &s, &len)) {
        if (textscan_noise(s, len))
            continue;
        textscan_strip_markup(&s, &len);
        str_trim(&s, &len);
        if (s[0] == '#')
            continue;           /* /etc/hostname may carry comments */
        if (textscan_binary(s, len)) {
            facts_error(f, in->path, it.lineno, "binary data");
            continue;
        }
        if (!hostname_ok(s, len))
            return err_set(err, E_PARSE, "'%.*s': not a host name", (int)MIN(len, 80), s);
        /* the command's answer beats the file */
        prev = jget_str(src, "hostname");
        if (prev && !strcmp(prev, "cmd/hostname.out") && strcmp(in->path, "cmd/hostname.out"))
            return 0;
        jset_strn(facts_obj(f, "host"), "hostname", s, len);
        jset_str(src, "hostname", in->path);
        return 0;
    }
    return err_set(err, E_PARSE, "no host name");
}

static int month_of(const char *s, size_t len)
{
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int i;

    for (i = 0; i < 12; i++)
        if (textscan_ieq(s, len, months[i]))
            return i + 1;
    return 0;
}

/* "Fri Nov 20 10:15:00 UTC 2026" (any zone word, or none) -> epoch seconds. */
static bool date_parse(const char *s, size_t len, time_t *out)
{
    const char *fld[8];
    size_t flen[8], n, i;
    int month = 0;
    int64_t day = 0, year = 0, hh = 0, mm = 0, ss = 0;
    bool have_time = false;

    n = str_fields(s, len, fld, flen, 8);
    for (i = 0; i < n && !month; i++)
        month = month_of(fld[i], flen[i]);
    if (!month || i >= n || !str_to_i64(fld[i], flen[i], &day) || day < 1 || day > 31)
        return false;
    for (i++; i < n; i++) {
        if (!have_time && flen[i] == 8 && fld[i][2] == ':' && fld[i][5] == ':') {
            if (!str_to_i64(fld[i], 2, &hh) || !str_to_i64(fld[i] + 3, 2, &mm) ||
                !str_to_i64(fld[i] + 6, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
                return false;
            have_time = true;
        } else if (have_time && flen[i] == 4 && str_to_i64(fld[i], 4, &year)) {
            break;
        }
    }
    if (!have_time || year < 1970 || year > 9999)
        return false;
    *out = time_from_utc((int)year, month, (int)day, (int)hh, (int)mm, (int)ss);
    return true;
}

static int parse_date(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    const char *s;
    size_t len, lineno;
    time_t t;

    if (!first_line(f, in, &s, &len, &lineno))
        return err_set(err, E_PARSE, "no date line");
    if (!date_parse(s, len, &t))
        return err_set(err, E_PARSE, "'%.*s': not date output", (int)MIN(len, 80), s);
    json_object_object_add(f->raw, "date_u", json_object_new_int64((int64_t)t));
    return 0;
}

static int parse_hostid(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    if (!strcmp(in->path, "cmd/uname-a.out"))
        return parse_uname(f, in, err);
    if (!strcmp(in->path, "cmd/date-u.out"))
        return parse_date(f, in, err);
    return parse_hostname(f, in, err);
}

static const char *const hostid_inputs[] = {
    "cmd/uname-a.out", "cmd/hostname.out", "root/etc/hostname", "cmd/date-u.out", NULL,
};

ANALYZER(hostid) = {
    .name = "hostid",
    .desc = "uname -a, hostname, date -u: kernel, host name and the host's clock",
    .inputs = hostid_inputs,
    .parse = parse_hostid,
};
