/* SPDX-License-Identifier: MIT */
/* facts.h: the facts document (design.md §4) under construction, on json-c. Analyzers write
 * their part; analyzers whose output needs joining write under "raw" (never printed), and
 * join.c builds the final sections from it. facts_finish() sorts keys and arrays so that the
 * same bundle always gives byte-identical output, whatever order its entries came in.
 *
 * json-c ownership: the jset_* helpers and json_object_object_add() take the value. */
#ifndef OVMDIAG_FACTS_H
#define OVMDIAG_FACTS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/compat.h"

struct facts {
    json_object *root;     /* the document */
    json_object *raw;      /* per-artefact results waiting for join.c */
};

void facts_init(struct facts *f);
void facts_release(struct facts *f);

/* The object at a dotted path below root ("host.xen"), created on the way; borrowed. */
json_object *facts_obj(struct facts *f, const char *dotted);
/* The array at a dotted path below root ("storage.multipath"), created; borrowed. */
json_object *facts_arr(struct facts *f, const char *dotted);
/* The object raw.<key>, created; borrowed. */
json_object *facts_raw(struct facts *f, const char *key);
/* errors[] keeps this many problems; facts_join() adds one that counts the rest. */
#define FACTS_ERRORS_MAX 1000

/* A parse problem: errors[] gets {artefact, line (0 = whole artefact), level, message}.
 * level is "error" (data lost) or "note" (skipped on purpose, e.g. code in a vm.cfg). */
void facts_error(struct facts *f, const char *artefact, size_t line, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
void facts_note(struct facts *f, const char *artefact, size_t line, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

/* Sort every object's keys and the arrays named in join.c; call once, at the end. */
void facts_canonicalize(json_object **obj);
/* Pretty JSON, no slash escaping, trailing newline. Caller frees. */
char *facts_to_string(struct facts *f);
/* Any json-c value as JSON text that is valid UTF-8 whatever bytes its strings hold (invalid
 * ones become U+FFFD): json-c copies bytes as they are, and file names and log lines from a
 * host need not be UTF-8. pretty: indented, with a trailing newline. Caller frees. */
char *json_text(json_object *o, bool pretty);

/* Small setters; obj borrowed, values copied. */
void jset_str(json_object *obj, const char *key, const char *s);      /* NULL: null */
void jset_strn(json_object *obj, const char *key, const char *s, size_t len);
void jset_int(json_object *obj, const char *key, int64_t v);
void jset_bool(json_object *obj, const char *key, bool v);
void jset_null(json_object *obj, const char *key);
/* Borrowed getters that tolerate NULL and wrong types. */
json_object *jget(json_object *obj, const char *key);
const char *jget_str(json_object *obj, const char *key);     /* NULL unless a string */
bool jget_int(json_object *obj, const char *key, int64_t *out);   /* ints, and numeric strings */

#endif
