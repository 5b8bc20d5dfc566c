/* SPDX-License-Identifier: MIT */
/* report-prometheus.c: node_exporter textfile metrics of a report document (Prometheus text
 * exposition format 0.0.4). Metric names are fixed; label values are escaped. Never prints:
 * returns the text. */
#include "reports/check.h"
#include "analyzers/facts.h"
#include "lib/buf.h"

#include <inttypes.h>
#include <string.h>

#include "lib/banned.h"

/* A label value: backslash, double quote and line feed escaped, as the format requires. */
static void add_label_value(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\')
            buf_adds(b, "\\\\");
        else if (*s == '"')
            buf_adds(b, "\\\"");
        else if (*s == '\n')
            buf_adds(b, "\\n");
        else
            buf_addc(b, *s);
    }
}

static void family(struct buf *b, const char *name, const char *type, const char *help)
{
    buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static size_t arr_len(json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static void common(struct buf *b, const struct check_meta *m, bool success,
                   enum check_status status)
{
    int64_t ms = m->collection_ms > 0 ? m->collection_ms : 0;

    family(b, "ovmdiag_check_success", "gauge",
           "1 when the last check collected and evaluated the rules, 0 when it could not run.");
    buf_addf(b, "ovmdiag_check_success %d\n", success ? 1 : 0);
    family(b, "ovmdiag_check_status", "gauge",
           "Nagios state of the last check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
    buf_addf(b, "ovmdiag_check_status %d\n", (int)status);
    family(b, "ovmdiag_check_timestamp_seconds", "gauge",
           "When the last check ran, in seconds since the epoch.");
    buf_addf(b, "ovmdiag_check_timestamp_seconds %" PRId64 "\n", m->timestamp);
    family(b, "ovmdiag_collection_seconds", "gauge",
           "Wall time the last check spent collecting.");
    buf_addf(b, "ovmdiag_collection_seconds %" PRId64 ".%03" PRId64 "\n", ms / 1000, ms % 1000);
}

static void info(struct buf *b, json_object *report)
{
    const char *version = jget_str(jget(report, "tool"), "version");
    const char *host = jget_str(jget(report, "host"), "hostname");

    family(b, "ovmdiag_info", "gauge", "Always 1; the labels name the tool version and the host.");
    buf_adds(b, "ovmdiag_info{version=\"");
    add_label_value(b, version ? version : OVMDIAG_VERSION);
    buf_adds(b, "\",hostname=\"");
    add_label_value(b, host ? host : "");
    buf_adds(b, "\"} 1\n");
}

/* One series per failing rule (the value is its number of findings). */
static void failing_rules(struct buf *b, json_object *report)
{
    json_object *findings = jget(report, "findings");
    size_t i, j, n = arr_len(findings);

    family(b, "ovmdiag_rule_failing", "gauge",
           "Findings of a rule that fails, one series per failing rule.");
    for (i = 0; i < n; i++) {
        json_object *f = json_object_array_get_idx(findings, i);
        const char *id = jget_str(f, "rule");
        size_t count = 1;
        if (!id)
            continue;
        if (check_rule_seen_before(findings, i))
            continue;
        for (j = i + 1; j < n; j++) {
            const char *other = jget_str(json_object_array_get_idx(findings, j), "rule");
            count += other && !strcmp(other, id);
        }
        buf_adds(b, "ovmdiag_rule_failing{rule=\"");
        add_label_value(b, id);
        buf_adds(b, "\",severity=\"");
        add_label_value(b, jget_str(f, "severity"));
        buf_addf(b, "\"} %zu\n", count);
    }
}

char *report_prometheus_text(json_object *report, const struct check_meta *m)
{
    struct buf b = BUF_INIT;
    struct check_summary s;

    if (!report) {
        common(&b, m, false, CHECK_UNKNOWN);
        family(&b, "ovmdiag_info", "gauge",
               "Always 1; the labels name the tool version and the host.");
        buf_addf(&b, "ovmdiag_info{version=\"%s\"} 1\n", OVMDIAG_VERSION);
        return buf_detach(&b, NULL);
    }
    check_summarize(report, &s);
    common(&b, m, true, s.status);
    info(&b, report);
    family(&b, "ovmdiag_findings", "gauge", "Findings of the last check, per severity.");
    buf_addf(&b, "ovmdiag_findings{severity=\"critical\"} %" PRId64 "\n", s.critical);
    buf_addf(&b, "ovmdiag_findings{severity=\"warning\"} %" PRId64 "\n", s.warning);
    buf_addf(&b, "ovmdiag_findings{severity=\"info\"} %" PRId64 "\n", s.info);
    family(&b, "ovmdiag_rules", "gauge", "Rules of the last check, per outcome.");
    buf_addf(&b, "ovmdiag_rules{outcome=\"fail\"} %" PRId64 "\n", s.failed);
    buf_addf(&b, "ovmdiag_rules{outcome=\"pass\"} %" PRId64 "\n", s.passed);
    buf_addf(&b, "ovmdiag_rules{outcome=\"skip\"} %" PRId64 "\n", s.skipped);
    buf_addf(&b, "ovmdiag_rules{outcome=\"error\"} %" PRId64 "\n", s.errors);
    family(&b, "ovmdiag_not_collected_items", "gauge",
           "Items the last check could not collect (timeouts, failures, denied reads).");
    buf_addf(&b, "ovmdiag_not_collected_items %" PRId64 "\n", s.not_collected);
    failing_rules(&b, report);
    return buf_detach(&b, NULL);
}
