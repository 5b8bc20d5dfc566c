/* SPDX-License-Identifier: MIT */
/* check-summary.c: the monitoring status of a report document (the policy is in check.h). */
#include "reports/check.h"
#include "analyzers/facts.h"

#include <string.h>

#include "lib/banned.h"

const char *check_status_name(enum check_status s)
{
    switch (s) {
    case CHECK_OK: return "OK";
    case CHECK_WARNING: return "WARNING";
    case CHECK_CRITICAL: return "CRITICAL";
    case CHECK_UNKNOWN: return "UNKNOWN";
    }
    return "UNKNOWN";
}

bool check_coverage_is_problem(const char *status)
{
    static const char *const expected[] = {
        "ok", "truncated", "missing", "skipped-privacy", "skipped-option", "skipped-since",
        "skipped-not-regular",
    };
    size_t i;

    if (!status)
        return true;
    for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (!strcmp(status, expected[i]))
            return false;
    return true;
}

static int64_t count(json_object *o, const char *key)
{
    int64_t v;

    return jget_int(o, key, &v) && v > 0 ? v : 0;
}

void check_summarize(json_object *report, struct check_summary *s)
{
    json_object *sum = jget(report, "summary"), *rules = jget(report, "rules");
    json_object *cov = jget(report, "coverage");
    size_t i, n;

    memset(s, 0, sizeof(*s));
    s->critical = count(sum, "critical");
    s->warning = count(sum, "warning");
    s->info = count(sum, "info");
    s->passed = count(sum, "passed");
    s->skipped = count(sum, "skipped");
    s->errors = count(sum, "errors");
    n = rules && json_object_is_type(rules, json_type_array) ? json_object_array_length(rules) : 0;
    for (i = 0; i < n; i++) {
        const char *o = jget_str(json_object_array_get_idx(rules, i), "outcome");
        if (o && !strcmp(o, "fail"))
            s->failed++;
    }
    n = cov && json_object_is_type(cov, json_type_array) ? json_object_array_length(cov) : 0;
    for (i = 0; i < n; i++)
        if (check_coverage_is_problem(jget_str(json_object_array_get_idx(cov, i), "status")))
            s->not_collected++;
    if (s->critical)
        s->status = CHECK_CRITICAL;
    else if (s->warning)
        s->status = CHECK_WARNING;
    else if (s->errors || s->passed + s->failed == 0)
        s->status = CHECK_UNKNOWN;
    else
        s->status = CHECK_OK;
}

bool check_rule_seen_before(json_object *findings, size_t i)
{
    const char *id = jget_str(json_object_array_get_idx(findings, i), "rule");
    size_t j;

    for (j = 0; id && j < i; j++) {
        const char *other = jget_str(json_object_array_get_idx(findings, j), "rule");
        if (other && !strcmp(other, id))
            return true;
    }
    return false;
}
