/* SPDX-License-Identifier: MIT */
/* sxp.c: the S-expression reader (see sxp.h). Iterative, with an explicit stack bounded by
 * SXP_MAX_DEPTH, so hostile input cannot exhaust the C stack. */
#include "analyzers/sxp.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void sxp_init(struct sxp_doc *d)
{
    memset(d, 0, sizeof(*d));
    buf_init(&d->text);
}

void sxp_release(struct sxp_doc *d)
{
    free(d->node);
    buf_release(&d->text);
    sxp_init(d);
}

struct pos {
    size_t line, col;
};

struct reader {
    struct sxp_doc *d;
    const char *p, *end;
    struct pos at;
    uint32_t open[SXP_MAX_DEPTH];   /* the lists being read, index + 1 */
    uint32_t last[SXP_MAX_DEPTH];   /* their last element so far, index + 1 */
    struct pos open_at;             /* where the outermost open list began */
    int depth;
};

static int fail(struct reader *r, struct pos at, struct err *err, const char *what)
{
    r->d->err_line = at.line;
    return err_set(err, E_PARSE, "line %zu, column %zu: %s", at.line, at.col, what);
}

static void advance(struct reader *r)
{
    if (*r->p == '\n') {
        r->at.line++;
        r->at.col = 1;
    } else {
        r->at.col++;
    }
    r->p++;
}

/* A new node, linked as the last element of the innermost open list (if any); index + 1, or
 * 0 when the document is full. */
static uint32_t add_node(struct reader *r, bool list, size_t text, struct pos at)
{
    struct sxp_doc *d = r->d;
    struct sxp_node *n;
    uint32_t id;

    if (d->n >= SXP_MAX_NODES)
        return 0;
    XGROW(d->node, d->alloc, d->n + 1);
    n = &d->node[d->n];
    memset(n, 0, sizeof(*n));
    n->list = list;
    n->text = text;
    n->line = at.line;
    n->col = at.col;
    id = (uint32_t)++d->n;
    if (r->depth > 0) {
        if (r->last[r->depth - 1])
            d->node[r->last[r->depth - 1] - 1].next = id;
        else
            d->node[r->open[r->depth - 1] - 1].first = id;
        r->last[r->depth - 1] = id;
    }
    return id;
}

static bool delimiter(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' ||
           c == '(' || c == ')';
}

static char unescape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return c;
    }
}

/* An atom, quoted or bare, at r->p; its text goes to d->text. */
static int read_atom(struct reader *r, struct err *err)
{
    struct pos start = r->at;
    size_t text = r->d->text.len;
    char quote = 0;
    bool closed = false;

    if (*r->p == '"' || *r->p == '\'') {
        quote = *r->p;
        advance(r);
    }
    while (r->p < r->end) {
        if (quote && *r->p == quote) {
            advance(r);
            closed = true;
            break;
        }
        if (!quote && delimiter(*r->p))
            break;
        if (quote && *r->p == '\\' && r->p + 1 < r->end) {
            advance(r);
            buf_addc(&r->d->text, unescape(*r->p));
        } else {
            buf_addc(&r->d->text, *r->p);
        }
        advance(r);
    }
    if (quote && !closed) {
        buf_truncate(&r->d->text, text);
        return fail(r, start, err, "quoted atom not closed: the text ends early");
    }
    buf_addc(&r->d->text, '\0');
    if (r->depth == 0) {
        /* Top-level atoms (a shell prompt, a message) are not part of any list. */
        buf_truncate(&r->d->text, text);
        return 0;
    }
    if (!add_node(r, false, text, start))
        return fail(r, start, err, "too many nodes");
    return 0;
}

int sxp_parse(struct sxp_doc *d, const char *data, size_t len, size_t first_line,
              struct err *err)
{
    struct reader r;
    struct pos at;
    uint32_t id;
    int rc;

    memset(&r, 0, sizeof(r));
    r.d = d;
    r.p = data;
    r.end = data + len;
    r.at.line = first_line ? first_line : 1;
    r.at.col = 1;
    d->err_line = 0;
    while (r.p < r.end) {
        at = r.at;
        switch (*r.p) {
        case ' ': case '\t': case '\r': case '\n': case '\f': case '\v':
            advance(&r);
            break;
        case '(':
            if (r.depth >= SXP_MAX_DEPTH)
                return fail(&r, at, err, "nested deeper than 64 lists");
            id = add_node(&r, true, 0, at);
            if (!id)
                return fail(&r, at, err, "too many nodes");
            if (!r.depth)
                r.open_at = at;
            r.open[r.depth] = id;
            r.last[r.depth] = 0;
            r.depth++;
            advance(&r);
            break;
        case ')':
            if (!r.depth)
                return fail(&r, at, err, "')' without a matching '('");
            r.depth--;
            if (!r.depth) {
                id = r.open[0];
                if (d->top_last)
                    d->node[d->top_last - 1].next = id;
                else
                    d->top = id;
                d->top_last = id;
            }
            advance(&r);
            break;
        default:
            rc = read_atom(&r, err);
            if (rc)
                return rc;
            break;
        }
    }
    if (r.depth)
        return fail(&r, r.open_at, err, "'(' not closed: the text ends early");
    return 0;
}

const struct sxp_node *sxp_first(const struct sxp_doc *d)
{
    return d->top ? &d->node[d->top - 1] : NULL;
}

const struct sxp_node *sxp_next(const struct sxp_doc *d, const struct sxp_node *n)
{
    return n && n->next ? &d->node[n->next - 1] : NULL;
}

const struct sxp_node *sxp_child(const struct sxp_doc *d, const struct sxp_node *list)
{
    return list && list->list && list->first ? &d->node[list->first - 1] : NULL;
}

const char *sxp_atom(const struct sxp_doc *d, const struct sxp_node *n)
{
    return n && !n->list ? d->text.data + n->text : NULL;
}

const char *sxp_head(const struct sxp_doc *d, const struct sxp_node *list)
{
    return sxp_atom(d, sxp_child(d, list));
}

const struct sxp_node *sxp_find(const struct sxp_doc *d, const struct sxp_node *list,
                                const char *name)
{
    const struct sxp_node *c;
    const char *h;

    for (c = sxp_child(d, list); c; c = sxp_next(d, c))
        if (c->list && (h = sxp_head(d, c)) && !strcmp(h, name))
            return c;
    return NULL;
}

const char *sxp_value(const struct sxp_doc *d, const struct sxp_node *list, const char *name)
{
    const struct sxp_node *l = sxp_find(d, list, name), *v;

    if (!l)
        return NULL;
    v = sxp_next(d, sxp_child(d, l));
    if (!v)
        return "";
    return sxp_atom(d, v);
}
