/* SPDX-License-Identifier: MIT */
/* ruleset.h: the rules of a run: the built-in set (rules/ compiled into the binary) plus any
 * --rules directory, which adds rules or overrides built-in ones by id. Each rule is compiled
 * once (jq programs, message templates, log queries); a rule that does not load or compile keeps
 * its problem and ends with outcome "error", while every other rule still runs.
 * The jq programs (about 0.25 s of CPU for the built-in rules) may compile on a thread of their
 * own while the caller reads the bundle: ruleset_prepare(), ruleset_compile(rs, true), and
 * ruleset_wait() before the first expression runs (eval_rules_scope() waits by itself). */
#ifndef OVMDIAG_RULESET_H
#define OVMDIAG_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/expr.h"
#include "engine/logscan.h"
#include "engine/rulefile.h"
#include "engine/template.h"

struct tmpl {
    struct tmpl_part *parts;
    size_t n;
    struct expr **exprs;        /* one per part; NULL for literal parts */
};

struct rule {
    struct rule_def def;        /* def.id is set even for a rule that did not load */
    char *origin;               /* "built-in" or the --rules directory */
    char *error;                /* why it cannot run ("file:line: ..."), or NULL */
    struct expr *when, *foreach;
    struct expr **requires;     /* def.nrequires */
    struct tmpl fail, pass, subject;
    struct logscan_query *queries;   /* def.nlogs, inputs borrowed from def */
};

struct ruleset_bg;              /* the compile thread (ruleset.c) */

struct ruleset {
    struct rule **rules;        /* sorted by id after ruleset_prepare() */
    size_t n, alloc;
    struct expr_pool *pool;     /* every jq expression of every rule, compiled together */
    struct rule_problems probs; /* every loading and compile problem, "file:line: message" */
    /* From ruleset_prepare() to ruleset_wait(): the rules in the order they loaded (the jq
     * problems are listed in it), whether the compile started, and its thread if it has one. */
    struct rule **pending;
    size_t npending;
    bool compiling;
    struct ruleset_bg *bg;
    unsigned scopes;            /* 1 << scope of the rules whose jq compiles (0: every scope) */
};

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);
/* The rules built into the binary. */
void ruleset_load_builtin(struct ruleset *rs);
/* Every *.rule below dir (recursive); E_IO when dir cannot be read. */
int ruleset_load_dir(struct ruleset *rs, const char *dir, struct err *err) WARN_UNUSED;
/* One rule from text (tests, and the two loaders). */
void ruleset_add_text(struct ruleset *rs, const char *file, const char *text, size_t len,
                      const char *origin);
/* Before ruleset_prepare(): compile the jq of the rules of this scope only. A host's analysis
 * runs no pool rule (11 of the built-in 73, a fifth of the jq text): their programs are neither
 * compiled nor checked, and eval_rules_scope() of another scope is a bug. Their other problems
 * (syntax, patterns) are still found. */
void ruleset_only_scope(struct ruleset *rs, enum rule_scope scope);
bool ruleset_compiles_scope(const struct ruleset *rs, enum rule_scope scope);
/* Compile what loaded, sort by id. Call once, after loading: ruleset_prepare(),
 * ruleset_compile(rs, false) and ruleset_wait() in one. */
void ruleset_finish(struct ruleset *rs);

/* ruleset_finish() in steps, to overlap jq's compile with other work.
 * ruleset_prepare(): split the message templates, build the log queries and check their
 * patterns, sort by id: afterwards the rules' log queries and def are complete (what
 * eval_bundle's scan needs) and rs->probs holds every problem but the jq ones. Call once, after
 * loading. */
void ruleset_prepare(struct ruleset *rs);
/* Compile the jq programs: on a thread of its own when background is true (signals blocked in
 * it), else, or when the thread cannot start, right here. From here until ruleset_wait()
 * returns, that thread is the only user of libjq: no expression may run (jq 1.6 is not relied on
 * to be thread-safe) and rule errors and rs->probs lack the jq problems. */
void ruleset_compile(struct ruleset *rs, bool background);
/* Join the compile (compiling now when ruleset_compile() was not called) and record the jq
 * problems: each in rs->probs ("file:line: jq: ...", in load order as ruleset_finish() lists
 * them) and as its rule's error. Idempotent; a no-op for a rule set without ruleset_prepare().
 * eval_rules_scope() calls it before running anything; ruleset_release() stops and joins a
 * compile nobody waited for. */
void ruleset_wait(struct ruleset *rs);

#endif
