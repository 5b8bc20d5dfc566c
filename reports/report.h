/* SPDX-License-Identifier: MIT */
/* report.h: the report document (design.md §6) from the facts and the rule results. The JSON
 * writer is the reference; the text and HTML writers (next issue) render the same document. */
#ifndef OVMDIAG_REPORT_H
#define OVMDIAG_REPORT_H

#include <json-c/json.h>

#include "analyzers/facts.h"
#include "engine/eval.h"

/* The report as json-c: schema, tool, bundle, host, summary, findings (sorted by severity,
 * rule, subject), rules, coverage. Caller owns; json_object_put(). */
json_object *report_build(struct facts *f, const struct eval_run *run);
/* Pretty JSON text with a trailing newline; caller frees. */
char *report_json_text(json_object *report);
/* The most severe finding: -1 when there is none, else an enum severity value. */
int report_worst(const struct eval_run *run);

#endif
