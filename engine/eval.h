/* SPDX-License-Identifier: MIT */
/* eval.h: rules x facts x log results -> outcomes and findings (design.md §5). */
#ifndef OVMDIAG_EVAL_H
#define OVMDIAG_EVAL_H

#include <json-c/json.h>
#include <stdint.h>

#include "analyzers/facts.h"
#include "engine/ruleset.h"

struct blockq;

enum outcome {
    OUTCOME_FAIL,
    OUTCOME_PASS,
    OUTCOME_SKIP,
    OUTCOME_ERROR,
};

const char *outcome_name(enum outcome o);

struct finding {
    const struct rule *rule;      /* borrowed from the ruleset */
    char *message;
    char *subject;                /* NULL when the rule names none */
    json_object *evidence;        /* [{file, line, text}], owned */
};

struct rule_result {
    const struct rule *rule;
    enum outcome outcome;
    char *reason;                 /* why skip or error; the pass message for a pass */
    int64_t elapsed_us;
    struct finding *findings;
    size_t nfindings;
};

struct eval_run {
    struct rule_result *results;  /* one per rule, in ruleset order */
    size_t n;
    json_object *timeline;        /* eval_bundle: the notable log records (events.h); else NULL */
};

/* The whole analysis of a bundle or an extracted directory: facts (f, initialised by the
 * caller) in one pass together with every log query of rs, then every rule. rs needs
 * ruleset_prepare() only: a jq compile still running (ruleset_compile(rs, true)) overlaps the
 * reading and is joined before the first rule. E_PARSE / E_NOTFOUND when path is not a
 * bundle. */
int eval_bundle(struct ruleset *rs, const char *path, struct facts *f, struct eval_run *run,
                struct err *err) WARN_UNUSED;
/* The same over the plain tar that another thread writes into q as it collects (the live
 * analyze, one pass: analyzers/analyzer.h); q is abandoned on return. */
int eval_bundle_stream(struct ruleset *rs, struct blockq *q, const char *name, struct facts *f,
                       struct eval_run *run, struct err *err) WARN_UNUSED;
/* The same over a bundle held in memory (an uncompressed tar from collect_run() with
 * opts->memory); data is borrowed for the call, name stands for it in messages. */
int eval_bundle_mem(struct ruleset *rs, const void *data, size_t len, const char *name,
                    struct facts *f, struct eval_run *run, struct err *err) WARN_UNUSED;
/* Evaluate every host rule (scope = host) on facts that are already built, the log queries
 * already scanned and finished (tests: `rules test`). Rules of the other scope get no result:
 * run->n counts only the rules evaluated. */
void eval_rules(struct ruleset *rs, json_object *facts, struct eval_run *run);
/* The same for the rules of one scope: SCOPE_POOL runs the pool rules on a pool facts document
 * ({"pool": {...}}, engine/pool.h). Both begin with ruleset_wait(rs). */
void eval_rules_scope(struct ruleset *rs, json_object *facts, enum rule_scope scope,
                      struct eval_run *run);
void eval_run_release(struct eval_run *run);
/* Time rules take: "0" in the output when SOURCE_DATE_EPOCH is set, so runs compare equal. */
bool eval_reproducible(void);

#endif
