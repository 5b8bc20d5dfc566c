/* SPDX-License-Identifier: MIT */
/* template.h: splits a rule message template ("Dom0 has {.dom0.mem_mb} MB") into literal text
 * and {jq-expression} parts. Only finds the braces: compiling and running jq is not done here. */
#ifndef OVMDIAG_TEMPLATE_H
#define OVMDIAG_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/compat.h"
#include "lib/err.h"

/* One part: literal text (is_expr false) or a jq expression (is_expr true, text without the
 * braces, trimmed of blanks). */
struct tmpl_part {
    bool is_expr;
    char *text;
};

/* Split tmpl. Grammar:
 *   {EXPR}   a jq expression; braces may nest inside it ("{.a | {b: 1}}") and braces inside
 *            jq strings ("{\"}\" + .x}"), including string interpolation \(...), are skipped
 *   {{  }}   a literal '{' and '}'; a lone '}' outside an expression is also literal
 * "{{" is always a literal '{', so an expression that starts with a jq object needs a blank:
 * "{ {a: 1} | .a}". Adjacent literal text is one part; no part has empty text. An empty
 * template gives n = 0 (and *parts_out may be NULL).
 * Errors (E_PARSE, columns 1-based within tmpl): "unterminated '{' at column N",
 * "empty expression '{}' at column N".
 * On success *parts_out: caller owns; free with template_parts_free(). On failure *parts_out
 * and *n_out are not written. */
WARN_UNUSED int template_split(const char *tmpl, struct tmpl_part **parts_out, size_t *n_out,
                               struct err *err);
/* Free parts[0..n) and the array; NULL is fine. */
void template_parts_free(struct tmpl_part *parts, size_t n);

#endif
