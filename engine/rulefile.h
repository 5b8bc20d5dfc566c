/* SPDX-License-Identifier: MIT */
/* rulefile.h: loads one .rule file (design.md §5, docs/writing-rules.md) into plain data and
 * checks it. No jq and no pcre2 here: expressions and patterns are compiled by the engine. */
#ifndef OVMDIAG_RULEFILE_H
#define OVMDIAG_RULEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/compat.h"
#include "lib/err.h"

enum severity {
    SEV_INFO,
    SEV_WARNING,
    SEV_CRITICAL,
};

/* "info", "warning", "critical"; borrowed, static. */
const char *severity_name(enum severity s);
/* Exactly "critical", "warning" or "info"; *out written only on success. */
bool severity_parse(const char *s, enum severity *out);

/* A positive duration: digits and one unit, s m h or d ("30s", "15m", "24h", "7d").
 * False on anything else (no blanks, no sign, no zero, no overflow); *seconds_out written
 * only on success. */
bool duration_parse(const char *s, int64_t *seconds_out);

/* Where a rule runs: on each host's facts, or once on the pool facts (analyze --pool). */
enum rule_scope {
    SCOPE_HOST,
    SCOPE_POOL,
};

/* "host", "pool"; borrowed, static. */
const char *scope_name(enum rule_scope s);

/* One [log NAME] section. */
struct rule_log {
    char *name;              /* NAME from the header */
    char *source;            /* a name known to log_source_named() */
    char *hint;              /* NULL when absent */
    char *pattern;           /* pcre2 source, raw */
    int64_t window_s;        /* 0 when absent: the whole log */
    int64_t min;             /* >= 1, default 1 */
    size_t line;             /* line of the [log NAME] header */
    size_t pattern_line;
};

/* One rule. Every string is NUL-terminated and owned by the struct; NULL when absent. */
struct rule_def {
    char *file;              /* the file name as given to rulefile_parse() */
    size_t line;             /* line of [rule] */
    char *id, *title, *remedy;
    enum severity severity;
    bool heuristic;          /* default false */
    enum rule_scope scope;   /* default SCOPE_HOST; a pool rule has no [log] sections */
    int rev;                 /* >= 1, default 1 */
    char **requires;         /* fact paths, each starting with '.' */
    size_t nrequires;
    char **links;            /* in file order */
    size_t nlinks;
    char *when;              /* [when] body, lines joined with "\n"; NULL without [when] */
    size_t when_line;        /* line of the first body line */
    char *foreach;           /* [foreach] body, as for when */
    size_t foreach_line;
    struct rule_log *logs;   /* in file order */
    size_t nlogs;
    char *fail, *pass, *subject;    /* [message] templates (see engine/template.h) */
    size_t fail_line, pass_line, subject_line;
};

/* All zero: an empty rule that rule_def_release() accepts. */
#define RULE_DEF_INIT { 0 }
void rule_def_init(struct rule_def *r);
/* Free everything r owns and re-initialise it; idempotent. */
void rule_def_release(struct rule_def *r);

/* Problems found while loading, each "file:line: message" (git style: lowercase, no full
 * stop, subjects in '...'). The list owns the strings: borrowed; valid until
 * rule_problems_release(). */
struct rule_problems {
    char **msgs;
    size_t n, alloc;
};

#define RULE_PROBLEMS_INIT { NULL, 0, 0 }
#define RULEFILE_MAX_PROBLEMS 100    /* per file; then one "too many problems" and a stop */
void rule_problems_init(struct rule_problems *p);
void rule_problems_release(struct rule_problems *p);

/* Parse and check the rule in text[0..len) (any bytes: NUL, CRLF, a UTF-8 BOM, no trailing
 * newline). file names the rule in messages and, when its base name starts with an id
 * ("MEM-012-dom0-below-sizing.rule"), must agree with the id.
 * Every problem of the file is appended to probs (which may hold other files' problems).
 * Returns 0 with *out filled (caller owns; free with rule_def_release()), or E_PARSE when
 * this file added any problem: then *out is not written and the rule is unusable. */
WARN_UNUSED int rulefile_parse(const char *file, const char *text, size_t len,
                               struct rule_def *out, struct rule_problems *probs);

#endif
