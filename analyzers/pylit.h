/* SPDX-License-Identifier: MIT */
/* pylit.h: Python 2 literals (what repr() and pprint print, the values of an xm vm.cfg) into
 * json-c values. Nothing is evaluated; recursion and input size are bounded, so hostile text
 * cannot exhaust the stack. */
#ifndef OVMDIAG_PYLIT_H
#define OVMDIAG_PYLIT_H

#include <json-c/json.h>
#include <stddef.h>

#include "lib/compat.h"
#include "lib/err.h"

/* Mapping: dict -> object (a key that is not a string becomes its repr text: 1 -> "1",
 * (1, 'a') -> "(1, 'a')"); list, tuple, set([...]), frozenset([...]), {a, b} -> array;
 * str, unicode, bytes -> string (UTF-8; an invalid byte becomes U+FFFD); int, long, hex, octal
 * (0755 and 0o755), binary -> int, or a string of the digits as written when beyond int64;
 * float (1.5, 1e3, inf, nan) -> a string of the number as written, so that no floating point
 * ever reaches the facts; True/False -> bool; None -> null.
 *
 * In plain and u'' strings \uNNNN and \UNNNNNNNN are code points (Python 2 repr of a str never
 * prints a bare \u, so there is no ambiguity); \xNN and \ooo are bytes in a str, code points in
 * a u'' string; in b'' strings \u stays as written. Surrogate pairs (narrow builds) are
 * joined; a lone surrogate is U+FFFD.
 *
 * Errors name the place as "line:column: message", both 1-based, the column in bytes. */

#define PYLIT_MAX_DEPTH 64              /* nested containers */
#define PYLIT_MAX_INPUT ((size_t)64 << 20)

enum pylit_flags {
    PYLIT_PARTIAL = 1 << 0,  /* on failure, *out still gets what was parsed before the error */
    PYLIT_JSON = 1 << 1,     /* also accept JSON's true, false, null and the \/ escape */
};

/* Where a parse failed: byte offset into the text, line and column (1-based), how many
 * brackets were open there (0: the error is not inside a container), the message without the
 * position. */
struct pylit_where {
    size_t off, line, col;
    int depth;
    char msg[160];
};

/* The whole of [text, text + len) is one literal; blanks, newlines and # comments around it
 * are allowed. On success *out is the value (caller owns; free with json_object_put(); NULL
 * is Python's None). E_PARSE with "line:col: message" in err otherwise. */
WARN_UNUSED int pylit_parse(const char *text, size_t len, json_object **out, struct err *err);

/* One literal starting at text + *pos (spaces, tabs and backslash-newlines before it are
 * skipped; newlines only inside brackets, as in Python). On success *pos is just past the
 * value and *out is set. Lines and columns count from text, so a caller that passes a whole
 * file gets file positions. On failure *pos is untouched, *where (if not NULL) says where,
 * and *out is set only with PYLIT_PARTIAL: the value cut at the error (every container holds
 * the elements completed before it; NULL when nothing was), which the caller owns. */
WARN_UNUSED int pylit_parse_at(const char *text, size_t len, size_t *pos, unsigned flags,
                               json_object **out, struct pylit_where *where, struct err *err);

#endif
