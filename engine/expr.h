/* SPDX-License-Identifier: MIT */
/* expr.h: the one wrapper around libjq. Every jv lives in expr.c; the rest of the engine sees
 * opaque values (struct jval) and compiled programs (struct expr). A program is compiled once
 * per run; compile and run-time errors come back as text, never on stderr. */
#ifndef OVMDIAG_EXPR_H
#define OVMDIAG_EXPR_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"

struct expr;
struct jval;

/* Compile program. On error E_PARSE with "file:line: jq: <message>" (file and line of the
 * expression in its rule file). Caller owns *out; free with expr_free(). */
int expr_compile(struct expr **out, const char *program, const char *file, size_t line,
                 struct err *err) WARN_UNUSED;
/* Frees an expression of expr_compile(); pooled ones belong to their pool (no-op). */
void expr_free(struct expr *e);

/* Many expressions compiled together, a few dozen per jq program: what loading a rule set does
 * (each program alone costs jq 1.6 about 20 ms). Add them all, then compile once. */
struct expr_pool;
struct expr_pool *expr_pool_new(void);
/* A handle for program (copied), usable by expr_run() after expr_pool_compile(); file and line
 * are for the error message. */
struct expr *expr_pool_add(struct expr_pool *p, const char *program, const char *file, size_t line);
/* Compile every expression added since the last call. A program that fails is split: each of
 * its expressions is compiled alone to name the broken ones, the rest together again. */
void expr_pool_compile(struct expr_pool *p);
/* expr_pool_compile() one jq program at a time (tens of ms): false when nothing is left. */
bool expr_pool_compile_step(struct expr_pool *p);
/* Make an expr_pool_compile() running on another thread return early, its expressions left
 * uncompiled (for a pool about to be freed). Safe from any thread. */
void expr_pool_cancel(struct expr_pool *p);
/* Why a pooled expression did not compile: "file:line: jq: ...", or NULL. */
const char *expr_error(const struct expr *e);
/* Frees the pool and every expression in it. */
void expr_pool_free(struct expr_pool *p);

/* A value from json-c (converted through its text once). Caller owns; free with jval_free(). */
struct jval *jval_from_json(json_object *o);
/* base with .key set to value (base is not changed; sharing is cheap). Caller owns the result;
 * value is borrowed. */
struct jval *jval_with(const struct jval *base, const char *key, json_object *value);
void jval_free(struct jval *v);
/* jq truthiness: everything but false and null. */
bool jval_truthy(const struct jval *v);
bool jval_is_null(const struct jval *v);
/* Strings as they are, everything else as compact JSON. Caller frees. */
char *jval_text(const struct jval *v);
/* As json-c (through its text). Caller owns; json_object_put(). */
json_object *jval_to_json(const struct jval *v);

/* Run e on input; every output goes to *outs (caller frees each with jval_free() and the array
 * with free()). At most max outputs are kept (more is an error: a runaway [foreach]). A jq
 * run-time error gives E_PARSE with its message. */
int expr_run(const struct expr *e, const struct jval *input, struct jval ***outs, size_t *n,
             size_t max, struct err *err) WARN_UNUSED;
void jvals_free(struct jval **v, size_t n);

#endif
