/* SPDX-License-Identifier: MIT */
/* check.h: what `ovmdiag check` makes of a report document (report_build(), design.md §6): the
 * monitoring status and the two monitoring writers (Nagios plugin output, Prometheus textfile).
 * Pure functions from the document to text; they never print, exit or look at the clock. */
#ifndef OVMDIAG_CHECK_H
#define OVMDIAG_CHECK_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

/* Nagios plugin states; also the exit status of `ovmdiag check`. */
enum check_status {
    CHECK_OK = 0,
    CHECK_WARNING = 1,
    CHECK_CRITICAL = 2,
    CHECK_UNKNOWN = 3,
};

const char *check_status_name(enum check_status s);   /* "OK", "WARNING", ... */

/* What the check knows besides the report. */
struct check_meta {
    int64_t timestamp;          /* when the check ran, seconds since the epoch */
    int64_t collection_ms;      /* wall time of the collection (0 under SOURCE_DATE_EPOCH) */
    const char *reason;         /* report == NULL: why the check could not run */
};

/* The counts the status is decided on. Findings decide CRITICAL and WARNING; OK is claimed only
 * when every rule could run: a broken rule (outcome error) turns an otherwise OK result into
 * UNKNOWN, and so does a run in which no rule could be evaluated (all skipped or broken).
 * Skipped rules (a fact the host does not have) and collection problems are only reported. */
struct check_summary {
    enum check_status status;
    int64_t critical, warning, info;             /* findings */
    int64_t passed, failed, skipped, errors;     /* rules, by outcome */
    int64_t not_collected;                       /* coverage items that are problems */
};

void check_summarize(json_object *report, struct check_summary *s);
/* True when a finding before index i of findings has the same rule id as findings[i] (the
 * writers name each failing rule once). */
bool check_rule_seen_before(json_object *findings, size_t i);
/* True for a coverage status that means data the rules may have needed is missing (timeout,
 * killed, failed, denied, skipped-unresponsive, parse-error, ...); false for the expected
 * ones (skipped-privacy, skipped-option, skipped-since, truncated, missing). */
bool check_coverage_is_problem(const char *status);

/* Rule ids named on the status line; the rest is "+N more". */
#define CHECK_LINE_RULES 5
/* Findings and notes in the long output; the rest is counted. */
#define CHECK_LONG_LINES 50

/* Nagios plugin output: one status line "OVMDIAG <STATE> - <summary> | <perfdata>", then the
 * long output (one line per finding, rule error and collection problem; no '|' in any of
 * them). report NULL: "OVMDIAG UNKNOWN - <meta->reason>". Caller frees. */
char *report_nagios_text(json_object *report, const struct check_meta *m,
                         enum check_status *status_out);

/* node_exporter textfile metrics (text exposition format 0.0.4, # HELP and # TYPE for every
 * family, label values escaped). report NULL: ovmdiag_check_success 0 and the status
 * UNKNOWN only. Caller frees. */
char *report_prometheus_text(json_object *report, const struct check_meta *m);

#endif
