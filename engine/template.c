/* SPDX-License-Identifier: MIT */
/* template.c: the brace scanner behind template_split(). It tracks jq nesting ({, (, strings and
 * their \(...) interpolation) only far enough to find the closing brace; jq checks the rest. */
#include "engine/template.h"
#include "lib/buf.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

struct parts {
    struct tmpl_part *v;
    size_t n, alloc;
};

static void parts_add(struct parts *ps, bool is_expr, const char *text, size_t len)
{
    XGROW(ps->v, ps->alloc, ps->n + 1);
    ps->v[ps->n].is_expr = is_expr;
    ps->v[ps->n].text = xstrndup(text, len);
    ps->n++;
}

static void flush_literal(struct parts *ps, struct buf *lit)
{
    size_t len;
    char *text;

    if (!lit->len)
        return;
    XGROW(ps->v, ps->alloc, ps->n + 1);
    text = buf_detach(lit, &len);
    ps->v[ps->n].is_expr = false;
    ps->v[ps->n].text = text;
    ps->n++;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Index of the '}' closing the expression opened at s[open], or len when there is none. The
 * nesting stack lives on the heap: a hostile template of a million '{' must not overflow the
 * C stack. */
static size_t find_close(const char *s, size_t len, size_t open)
{
    char *stack = NULL;
    size_t depth = 0, alloc = 0, j = open + 1;

    XGROW(stack, alloc, 1);
    stack[depth++] = '{';
    while (j < len && depth) {
        char top = stack[depth - 1], c = s[j];

        if (top == '"') {
            if (c == '\\' && j + 1 < len && s[j + 1] == '(') {
                XGROW(stack, alloc, depth + 1);
                stack[depth++] = '(';
                j += 2;
                continue;
            }
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '"')
                depth--;
            j++;
            continue;
        }
        if (c == '"' || c == '{' || c == '(') {
            XGROW(stack, alloc, depth + 1);
            stack[depth++] = c;
        } else if ((c == '}' && top == '{') || (c == ')' && top == '(')) {
            depth--;
        }
        j++;
    }
    free(stack);
    return depth ? len : j - 1;
}

int template_split(const char *tmpl, struct tmpl_part **parts_out, size_t *n_out,
                   struct err *err)
{
    struct parts ps = { NULL, 0, 0 };
    struct buf lit = BUF_INIT;
    size_t len = strlen(tmpl), i = 0;
    int rc;

    while (i < len) {
        const char *e;
        size_t close, elen;

        if (tmpl[i] == '}' && i + 1 < len && tmpl[i + 1] == '}') {
            buf_addc(&lit, '}');
            i += 2;
            continue;
        }
        if (tmpl[i] != '{') {
            buf_addc(&lit, tmpl[i++]);
            continue;
        }
        if (i + 1 < len && tmpl[i + 1] == '{') {
            buf_addc(&lit, '{');
            i += 2;
            continue;
        }
        close = find_close(tmpl, len, i);
        if (close == len) {
            rc = err_set(err, E_PARSE, "unterminated '{' at column %zu", i + 1);
            goto out;
        }
        e = tmpl + i + 1;
        elen = close - i - 1;
        while (elen && is_blank(*e)) {
            e++;
            elen--;
        }
        while (elen && is_blank(e[elen - 1]))
            elen--;
        if (!elen) {
            rc = err_set(err, E_PARSE, "empty expression '{}' at column %zu", i + 1);
            goto out;
        }
        flush_literal(&ps, &lit);
        parts_add(&ps, true, e, elen);
        i = close + 1;
    }
    flush_literal(&ps, &lit);
    *parts_out = ps.v;
    *n_out = ps.n;
    ps.v = NULL;
    ps.n = 0;
    rc = 0;
out:
    template_parts_free(ps.v, ps.n);
    buf_release(&lit);
    return rc;
}

void template_parts_free(struct tmpl_part *parts, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(parts[i].text);
    free(parts);
}
