/* SPDX-License-Identifier: MIT */
/* report.h: the report document (design.md §6) from the facts and the rule results. The JSON
 * writer is the reference; the text and HTML writers render the same document. */
#ifndef OVMDIAG_REPORT_H
#define OVMDIAG_REPORT_H

#include <json-c/json.h>
#include <stdbool.h>

#include "analyzers/facts.h"
#include "engine/eval.h"

/* The report as json-c: schema, tool, bundle, host, summary, findings (sorted by severity,
 * rule, subject), rules, coverage. Caller owns; json_object_put(). */
json_object *report_build(struct facts *f, const struct eval_run *run);
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

/* The most severe finding: -1 when there is none, else an enum severity value. */
int report_worst(const struct eval_run *run);

#endif
