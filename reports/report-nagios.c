/* SPDX-License-Identifier: MIT */
/* report-nagios.c: Nagios plugin output of a report document (Nagios plugin API: one status
 * line with perfdata after '|', then long output). Never prints: returns the text. */
#include "reports/check.h"
#include "analyzers/facts.h"
#include "lib/buf.h"

#include <inttypes.h>
#include <string.h>

#include "lib/banned.h"

#define TEXT_MAX 300   /* bytes of one message or reason in the output */

/* s without '|' (it starts perfdata) and without line breaks, cut at max bytes. */
static void add_clean(struct buf *b, const char *s, size_t max)
{
    size_t n;

    if (!s)
        return;
    for (n = 0; n < max && s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (c == '|')
            buf_addc(b, '/');
        else if (c < 0x20 || c == 0x7f)
            buf_addc(b, ' ');
        else
            buf_addc(b, (char)c);
    }
    if (s[n])
        buf_adds(b, "...");
}

static size_t arr_len(json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static bool is_alerting(const char *sev)
{
    return sev && (!strcmp(sev, "critical") || !strcmp(sev, "warning"));
}

/* "ID title, ID title, ... +N more" over the distinct rules of the critical and warning
 * findings, in report order (worst first). */
static void add_rule_list(struct buf *b, json_object *findings)
{
    size_t i, n = arr_len(findings), shown = 0, more = 0;

    for (i = 0; i < n; i++) {
        json_object *f = json_object_array_get_idx(findings, i);
        const char *id = jget_str(f, "rule");
        if (!id || !is_alerting(jget_str(f, "severity")))
            continue;
        if (check_rule_seen_before(findings, i))
            continue;
        if (shown == CHECK_LINE_RULES) {
            more++;
            continue;
        }
        buf_adds(b, shown ? ", " : ": ");
        add_clean(b, id, 64);
        if (jget_str(f, "title")) {
            buf_addc(b, ' ');
            add_clean(b, jget_str(f, "title"), 100);
        }
        shown++;
    }
    if (more)
        buf_addf(b, " +%zu more", more);
}

/* Ids of the rules with outcome error: ": A, B +N more". */
static void add_broken_list(struct buf *b, json_object *rules)
{
    size_t i, n = arr_len(rules), shown = 0, more = 0;

    for (i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(rules, i);
        const char *o = jget_str(r, "outcome");
        if (!o || strcmp(o, "error"))
            continue;
        if (shown == CHECK_LINE_RULES) {
            more++;
            continue;
        }
        buf_adds(b, shown ? ", " : ": ");
        add_clean(b, jget_str(r, "rule"), 64);
        shown++;
    }
    if (more)
        buf_addf(b, " +%zu more", more);
}

static void add_counts(struct buf *b, const struct check_summary *s)
{
    if (s->critical && s->warning)
        buf_addf(b, "%" PRId64 " critical, %" PRId64 " warning", s->critical, s->warning);
    else if (s->critical)
        buf_addf(b, "%" PRId64 " critical", s->critical);
    else
        buf_addf(b, "%" PRId64 " warning", s->warning);
}

static void add_perfdata(struct buf *b, const struct check_summary *s, const struct check_meta *m)
{
    int64_t ms = m->collection_ms > 0 ? m->collection_ms : 0;

    buf_addf(b, " | critical=%" PRId64 ";;;0 warning=%" PRId64 ";;;0 info=%" PRId64 ";;;0",
             s->critical, s->warning, s->info);
    buf_addf(b, " rules_passed=%" PRId64 ";;;0 rules_failed=%" PRId64 ";;;0"
                " rules_skipped=%" PRId64 ";;;0 rules_error=%" PRId64 ";;;0",
             s->passed, s->failed, s->skipped, s->errors);
    buf_addf(b, " not_collected=%" PRId64 ";;;0 collection_time=%" PRId64 ".%03" PRId64 "s;;;0",
             s->not_collected, ms / 1000, ms % 1000);
}

static void status_line(struct buf *b, json_object *report, const struct check_summary *s,
                        const struct check_meta *m)
{
    buf_addf(b, "OVMDIAG %s - ", check_status_name(s->status));
    if (s->status == CHECK_CRITICAL || s->status == CHECK_WARNING) {
        add_counts(b, s);
        add_rule_list(b, jget(report, "findings"));
        if (s->errors) {
            buf_addf(b, "; %" PRId64 " rule%s broken", s->errors, s->errors == 1 ? "" : "s");
            add_broken_list(b, jget(report, "rules"));
        }
    } else if (s->passed + s->failed == 0) {
        buf_addf(b, "no rule could be evaluated (%" PRId64 " skipped, %" PRId64 " broken)",
                 s->skipped, s->errors);
    } else if (s->errors) {
        buf_addf(b, "%" PRId64 " rule%s broken", s->errors, s->errors == 1 ? "" : "s");
        add_broken_list(b, jget(report, "rules"));
        buf_addf(b, "; no warning or critical finding from the %" PRId64 " other rules",
                 s->passed + s->failed + s->skipped);
    } else {
        buf_addf(b, "no warning or critical finding, %" PRId64 " rules passed", s->passed);
        if (s->info)
            buf_addf(b, ", %" PRId64 " info", s->info);
    }
    if (s->not_collected)
        buf_addf(b, "; %" PRId64 " item%s not collected", s->not_collected,
                 s->not_collected == 1 ? "" : "s");
    add_perfdata(b, s, m);
    buf_addc(b, '\n');
}

static void long_output(struct buf *b, json_object *report)
{
    json_object *findings = jget(report, "findings"), *rules = jget(report, "rules");
    json_object *cov = jget(report, "coverage");
    size_t i, n, lines = 0, more = 0;

    for (i = 0, n = arr_len(findings); i < n; i++) {
        json_object *f = json_object_array_get_idx(findings, i);
        const char *sev = jget_str(f, "severity");
        if (lines == CHECK_LONG_LINES) {
            more++;
            continue;
        }
        add_clean(b, sev ? sev : "finding", 16);
        buf_addc(b, ' ');
        add_clean(b, jget_str(f, "rule"), 64);
        buf_adds(b, ": ");
        add_clean(b, jget_str(f, "message"), TEXT_MAX);
        buf_addc(b, '\n');
        lines++;
    }
    if (more)
        buf_addf(b, "+%zu more findings ('ovmdiag analyze' lists them all)\n", more);
    for (i = 0, n = arr_len(rules); i < n; i++) {
        json_object *r = json_object_array_get_idx(rules, i);
        const char *o = jget_str(r, "outcome");
        if (!o || strcmp(o, "error"))
            continue;
        buf_adds(b, "rule error ");
        add_clean(b, jget_str(r, "rule"), 64);
        buf_adds(b, ": ");
        add_clean(b, jget_str(r, "reason"), TEXT_MAX);
        buf_addc(b, '\n');
    }
    for (i = 0, n = arr_len(cov); i < n; i++) {
        json_object *c = json_object_array_get_idx(cov, i);
        if (!check_coverage_is_problem(jget_str(c, "status")))
            continue;
        buf_adds(b, "not collected: ");
        add_clean(b, jget_str(c, "item"), TEXT_MAX);
        buf_adds(b, " (");
        add_clean(b, jget_str(c, "status"), 32);
        buf_addc(b, ')');
        if (jget_str(c, "detail")) {
            buf_adds(b, ": ");
            add_clean(b, jget_str(c, "detail"), TEXT_MAX);
        }
        buf_addc(b, '\n');
    }
}

char *report_nagios_text(json_object *report, const struct check_meta *m,
                         enum check_status *status_out)
{
    struct buf b = BUF_INIT;
    struct check_summary s;

    if (!report) {
        buf_adds(&b, "OVMDIAG UNKNOWN - ");
        add_clean(&b, m->reason ? m->reason : "the check could not run", 2 * TEXT_MAX);
        buf_addc(&b, '\n');
        if (status_out)
            *status_out = CHECK_UNKNOWN;
        return buf_detach(&b, NULL);
    }
    check_summarize(report, &s);
    status_line(&b, report, &s, m);
    long_output(&b, report);
    if (status_out)
        *status_out = s.status;
    return buf_detach(&b, NULL);
}
