/* SPDX-License-Identifier: MIT */
/* sxp.h: a bounded reader of xend's S-expressions (`xm list -l`): lists, bare atoms, atoms quoted
 * with '' or "" (backslash escapes); depth and node count limited, errors with line:column. It
 * never interprets the atoms. */
#ifndef OVMDIAG_SXP_H
#define OVMDIAG_SXP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"

#define SXP_MAX_DEPTH 64
#define SXP_MAX_NODES (1u << 20)

struct sxp_node {
    bool list;
    uint32_t first;     /* a list's first element: index + 1, 0 when empty */
    uint32_t next;      /* the next sibling: index + 1, 0 at the end */
    size_t text;        /* an atom's NUL-terminated text: offset in sxp_doc.text */
    size_t line, col;   /* where the atom or the '(' is, 1-based */
};

struct sxp_doc {
    struct sxp_node *node;
    size_t n, alloc;
    struct buf text;
    uint32_t top, top_last;   /* chain of complete top-level lists: index + 1 */
    size_t err_line;          /* line of the last parse error, 0 if none */
};

void sxp_init(struct sxp_doc *d);
void sxp_release(struct sxp_doc *d);

/* Read every expression of [data, data+len), whose first line is line first_line of its
 * artefact. Top-level lists join the document once complete; top-level atoms are skipped.
 * E_PARSE on bad input ("line L, column C: ..." in err, L in d->err_line): the lists completed
 * before the error stay usable. */
int sxp_parse(struct sxp_doc *d, const char *data, size_t len, size_t first_line,
              struct err *err);

/* Walking; every pointer is borrowed from d and valid until sxp_release(). NULL ends. */
const struct sxp_node *sxp_first(const struct sxp_doc *d);     /* first top-level list */
const struct sxp_node *sxp_next(const struct sxp_doc *d, const struct sxp_node *n);
const struct sxp_node *sxp_child(const struct sxp_doc *d, const struct sxp_node *list);
/* An atom's text; NULL for a list. */
const char *sxp_atom(const struct sxp_doc *d, const struct sxp_node *n);
/* The first element of a list when it is an atom ("domain" in (domain ...)); else NULL. */
const char *sxp_head(const struct sxp_doc *d, const struct sxp_node *list);
/* The first element of list that is a list headed by name: (name ...). */
const struct sxp_node *sxp_find(const struct sxp_doc *d, const struct sxp_node *list,
                                const char *name);
/* The value of (name value) in list: its second element when an atom, "" for (name) alone,
 * NULL when absent or when the value is a list. */
const char *sxp_value(const struct sxp_doc *d, const struct sxp_node *list, const char *name);

#endif
