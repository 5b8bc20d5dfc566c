/* SPDX-License-Identifier: MIT */
/* report-text.c: the report for a terminal or a mail. It renders the report document, so it
 * says nothing the JSON does not. Every string from the bundle goes through put_safe(): a log
 * line may hold escape sequences, and a report must never drive the reader's terminal. */
#include "reports/report.h"
#include "lib/buf.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define CYAN "\033[36m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

struct tw {
    struct buf *b;
    bool color;
};

/* Control bytes become visible escapes, bytes that are not UTF-8 U+FFFD; the rest is copied. */
static void put_safe(struct buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0, k;

    while (n) {
        unsigned char c = (unsigned char)*s;
        k = 1;
        if (c == '\t')
            buf_addc(b, ' ');
        else if (c < 0x20 || c == 0x7f)
            buf_addf(b, "\\x%02x", c);
        else if (c < 0x80)
            buf_addc(b, (char)c);
        else if ((k = utf8_seq((const unsigned char *)s, n)) != 0)
            buf_add(b, s, k);
        else {
            buf_adds(b, "\xEF\xBF\xBD");
            k = 1;
        }
        s += k;
        n -= k;
    }
}

static void on(struct tw *w, const char *code)
{
    if (w->color)
        buf_adds(w->b, code);
}

static void off(struct tw *w)
{
    on(w, RESET);
}

static const char *str_or(json_object *o, const char *key, const char *dflt)
{
    const char *s = jget_str(o, key);

    return s && *s ? s : dflt;
}

static int64_t int_or(json_object *o, const char *key)
{
    int64_t v = 0;

    return jget_int(o, key, &v) ? v : 0;
}

static const char *sev_color(const char *sev)
{
    if (!strcmp(sev, "critical"))
        return RED;
    if (!strcmp(sev, "warning"))
        return YELLOW;
    return CYAN;
}

static void header(struct tw *w, json_object *r)
{
    json_object *host = jget(r, "host"), *bundle = jget(r, "bundle"), *sum = jget(r, "summary");
    int64_t v;

    on(w, BOLD);
    put_safe(w->b, str_or(host, "hostname", "unknown host"));
    off(w);
    buf_adds(w->b, ": Xen ");
    put_safe(w->b, str_or(host, "xen_version", "?"));
    buf_adds(w->b, " (");
    put_safe(w->b, str_or(host, "toolstack", "no toolstack"));
    buf_adds(w->b, ")");
    if (jget_int(host, "total_mb", &v))
        buf_addf(w->b, ", %lld MB", (long long)v);
    if (jget_int(host, "dom0_mb", &v))
        buf_addf(w->b, ", Dom0 %lld MB", (long long)v);
    buf_addf(w->b, ", %lld domains, %lld vm.cfg\n", (long long)int_or(host, "domains"),
             (long long)int_or(host, "vms"));
    buf_adds(w->b, "snapshot ");
    put_safe(w->b, str_or(bundle, "snapshot_time", "unknown"));
    buf_adds(w->b, ", bundle ");
    put_safe(w->b, str_or(bundle, "name", "?"));
    buf_adds(w->b, "\n\n");

    buf_adds(w->b, "findings: ");
    on(w, int_or(sum, "critical") ? RED : "");
    buf_addf(w->b, "%lld critical", (long long)int_or(sum, "critical"));
    off(w);
    buf_adds(w->b, ", ");
    on(w, int_or(sum, "warning") ? YELLOW : "");
    buf_addf(w->b, "%lld warning", (long long)int_or(sum, "warning"));
    off(w);
    buf_addf(w->b, ", %lld info; rules: %lld passed, %lld skipped, %lld broken\n",
             (long long)int_or(sum, "info"), (long long)int_or(sum, "passed"),
             (long long)int_or(sum, "skipped"), (long long)int_or(sum, "errors"));
}

static void finding(struct tw *w, json_object *f, bool verbose)
{
    const char *sev = str_or(f, "severity", "info"), *s;
    json_object *ev = jget(f, "evidence"), *links = jget(f, "links");
    size_t i, n;

    buf_adds(w->b, "\n");
    on(w, sev_color(sev));
    buf_addf(w->b, "%-8s", !strcmp(sev, "critical") ? "CRITICAL" : !strcmp(sev, "warning") ? "WARNING" : "INFO");
    off(w);
    buf_adds(w->b, " ");
    on(w, BOLD);
    put_safe(w->b, str_or(f, "rule", "?"));
    off(w);
    buf_adds(w->b, "  ");
    put_safe(w->b, str_or(f, "title", ""));
    if ((s = jget_str(f, "host"))) {
        buf_adds(w->b, "  [");
        put_safe(w->b, s);
        buf_adds(w->b, "]");
    }
    buf_adds(w->b, "\n         ");
    put_safe(w->b, str_or(f, "message", ""));
    buf_adds(w->b, "\n");
    if ((s = jget_str(f, "subject"))) {
        buf_adds(w->b, "         subject: ");
        put_safe(w->b, s);
        buf_adds(w->b, "\n");
    }
    n = ev && json_object_is_type(ev, json_type_array) ? json_object_array_length(ev) : 0;
    for (i = 0; i < n && (verbose || i < 3); i++) {
        json_object *e = json_object_array_get_idx(ev, i);
        buf_adds(w->b, "         ");
        on(w, DIM);
        put_safe(w->b, str_or(e, "file", "?"));
        buf_addf(w->b, ":%lld: ", (long long)int_or(e, "line"));
        off(w);
        put_safe(w->b, str_or(e, "text", ""));
        buf_adds(w->b, "\n");
    }
    if (i < n)
        buf_addf(w->b, "         (%zu more evidence lines: --verbose or the JSON/HTML report)\n", n - i);
    if ((s = jget_str(f, "remedy")) && *s) {
        buf_adds(w->b, "         remedy: ");
        put_safe(w->b, s);
        buf_adds(w->b, "\n");
    }
    n = links && json_object_is_type(links, json_type_array) ? json_object_array_length(links) : 0;
    for (i = 0; i < n; i++) {
        buf_adds(w->b, "         see: ");
        put_safe(w->b, json_object_get_string(json_object_array_get_idx(links, i)));
        buf_adds(w->b, "\n");
    }
}

static void rules_by_outcome(struct tw *w, json_object *rules, const char *outcome,
                             const char *label)
{
    size_t i, n = rules ? json_object_array_length(rules) : 0;
    bool any = false;

    for (i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(rules, i);
        if (strcmp(str_or(r, "outcome", ""), outcome))
            continue;
        if (!any)
            buf_addf(w->b, "\n%s:\n", label);
        any = true;
        buf_adds(w->b, "  ");
        put_safe(w->b, str_or(r, "rule", "?"));
        buf_adds(w->b, ": ");
        put_safe(w->b, str_or(r, "reason", ""));
        buf_adds(w->b, "\n");
    }
}

static void coverage(struct tw *w, json_object *cov)
{
    size_t i, n = cov ? json_object_array_length(cov) : 0;

    if (!n)
        return;
    buf_addf(w->b, "\nnot collected or not readable (%zu):\n", n);
    for (i = 0; i < n; i++) {
        json_object *c = json_object_array_get_idx(cov, i);
        const char *d = jget_str(c, "detail"), *host = jget_str(c, "host");
        buf_adds(w->b, "  ");
        if (host) {
            /* a pool report: whose item it is */
            put_safe(w->b, host);
            buf_adds(w->b, ": ");
        }
        put_safe(w->b, str_or(c, "item", "?"));
        buf_adds(w->b, ": ");
        put_safe(w->b, str_or(c, "status", "?"));
        if (d && *d) {
            buf_adds(w->b, " (");
            put_safe(w->b, d);
            buf_adds(w->b, ")");
        }
        buf_adds(w->b, "\n");
    }
}

char *report_text(json_object *report, const struct report_text_opts *o)
{
    struct buf b;
    struct tw w = { &b, o && o->color };
    json_object *fs = jget(report, "findings");
    size_t i, n = fs ? json_object_array_length(fs) : 0;
    bool verbose = o && o->verbose;

    buf_init(&b);
    header(&w, report);
    for (i = 0; i < n; i++)
        finding(&w, json_object_array_get_idx(fs, i), verbose);
    if (!n)
        buf_adds(&b, "\nNo rule found a problem.\n");
    rules_by_outcome(&w, jget(report, "rules"), "error", "broken rules (fix or report them)");
    rules_by_outcome(&w, jget(report, "rules"), "skip", "skipped rules (their input is not in the bundle)");
    if (verbose)
        rules_by_outcome(&w, jget(report, "rules"), "pass", "passed rules");
    coverage(&w, jget(report, "coverage"));
    return buf_detach(&b, NULL);
}
