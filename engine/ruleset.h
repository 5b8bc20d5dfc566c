/* SPDX-License-Identifier: MIT */
/* ruleset.h: the rules of a run: the built-in set (rules/ compiled into the binary) plus any
 * --rules directory, which adds rules or overrides built-in ones by id. Each rule is compiled
 * once (jq programs, message templates, log queries); a rule that does not load or compile keeps
 * its problem and ends with outcome "error", while every other rule still runs. */
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

struct ruleset {
    struct rule **rules;        /* sorted by id after ruleset_finish() */
    size_t n, alloc;
    struct expr_pool *pool;     /* every jq expression of every rule, compiled together */
    struct rule_problems probs; /* every loading and compile problem, "file:line: message" */
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
/* Compile what loaded, sort by id. Call once, after loading. */
void ruleset_finish(struct ruleset *rs);

#endif
