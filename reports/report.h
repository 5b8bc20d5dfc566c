/* SPDX-License-Identifier: MIT */
/* report.h: the report document (design.md §6) from the facts and the rule results. The JSON
 * writer is the reference; the text and HTML writers render the same document. */
#ifndef OVMDIAG_REPORT_H
#define OVMDIAG_REPORT_H

#include <json-c/json.h>
#include <stdbool.h>

#include "analyzers/facts.h"
#include "engine/eval.h"
#include "engine/pool.h"

/* The report as json-c: schema, tool, bundle, host, summary, findings (sorted by severity,
 * rule, subject), rules, coverage. Caller owns; json_object_put(). */
json_object *report_build(struct facts *f, const struct eval_run *run);
/* A run and, in a pool report, the host it ran on (NULL: a pool rule, or a single host). */
struct report_run {
    const struct eval_run *run;
    const char *host;
};
/* The pool report (docs/reports.md): the same document as report_build() over every host's
 * run and the pool rules' run, each finding, rule result, coverage item and timeline record
 * of a host carrying "host"; "host" describes the pool (sums, the common Xen version) and
 * "pool" holds the joins of docs/facts/pool.md without the hosts' facts. Caller owns. */
json_object *report_build_pool(const struct pool *p);
/* Pretty JSON text with a trailing newline; caller frees. */
char *report_json_text(json_object *report);
struct report_text_opts {
    bool color;      /* ANSI colours (the caller decides: a terminal, not --no-color) */
    bool verbose;    /* every evidence line, and the passed rules */
};
/* The report for a terminal: summary, findings, broken and skipped rules, what is missing.
 * Control characters from the bundle are shown escaped. Caller frees. */
char *report_text(json_object *report, const struct report_text_opts *o);

/* One self-contained HTML page (inline CSS and SVG, no script, a CSP that forbids loading
 * anything): the report plus the host overview drawn from the facts. Caller frees. */
char *report_html(json_object *report, json_object *facts);

/* The pool page: the hosts x findings matrix, VM placement, memory side by side, the pool
 * timeline, then each host's own sections. Same rules as report_html(). Caller frees. */
char *report_pool_html(json_object *report, const struct pool *p);

/* The most severe finding: -1 when there is none, else an enum severity value. */
int report_worst(const struct eval_run *run);

#endif
