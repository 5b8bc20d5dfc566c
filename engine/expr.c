/* SPDX-License-Identifier: MIT */
/* expr.c: libjq behind a small API. Ownership follows jv.h: every jv_* call consumes its
 * arguments except jv_copy; this file is the only place that has to care. */
#include "engine/expr.h"
#include "analyzers/facts.h"
#include "lib/buf.h"
#include "lib/xalloc.h"

#include <jq.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

struct expr {
    jq_state *jq;        /* compiled alone (expr_compile, or a pool's fallback); else NULL */
    char *text;          /* for messages */
    char *file;          /* where it was written (pooled expressions) */
    size_t line;
    struct expr_chunk *chunk;   /* pooled: the program it was compiled into, and its branch */
    size_t branch;
    char *error;         /* pooled: why it did not compile */
    bool pooled;
    /* pooled shortcuts, never compiled unless needed: a plain path (".a.b.c", a third of the
     * built-in rules' expressions: every {.x} of a message) walked here; or the text of an
     * earlier expression of the pool, whose program it shares */
    char **path;
    size_t npath;
    struct expr *same;
};

/* jq 1.6 binds and parses its builtins again for every program (about 20 ms), and a program's
 * compile time grows with the square of its size. Without the shortcuts (plain paths, repeats)
 * about 50 expressions per program was the cheapest way to compile the built-in rules' 354
 * (0.3 s instead of 7 s in one program); the ~130 left compile fastest in one program of
 * ~18 KB (0.12 s; 48 per program: 0.16 s). A program stops at CHUNK_MAX expressions or
 * CHUNK_TEXT bytes, so that more rules (--rules) cannot make one program grow without end. */
#define CHUNK_MAX 256
#define CHUNK_TEXT (24 * 1024)
#define BRANCH_VAR "$__ovmdiag_branch"

struct expr_chunk {
    jq_state *jq;
};

struct expr_pool {
    struct expr **exprs;
    size_t n, alloc;
    struct expr_chunk **chunks;
    size_t nchunks, chunks_alloc;
    size_t next;                /* exprs[next..] are not compiled yet */
    atomic_bool cancel;         /* expr_pool_cancel(): stop compiling */
};

struct jval {
    jv v;
};

static struct jval *wrap(jv v)
{
    struct jval *w = xmalloc(sizeof(*w));

    w->v = v;
    return w;
}

/* Collects jq's messages instead of letting them reach stderr. */
static void on_jq_error(void *data, jv msg)
{
    struct buf *b = data;

    if (jv_get_kind(msg) == JV_KIND_STRING) {
        if (b->len)
            buf_adds(b, "; ");
        buf_adds(b, jv_string_value(msg));
    }
    jv_free(msg);
}

int expr_compile(struct expr **out, const char *program, const char *file, size_t line,
                 struct err *err)
{
    struct buf msgs = BUF_INIT;
    jq_state *jq = jq_init();
    struct expr *e;
    char *nl;

    if (!jq)
        return err_set(err, E_INTERNAL, "%s:%zu: jq: cannot initialise", file, line);
    jq_set_error_cb(jq, on_jq_error, &msgs);
    if (!jq_compile(jq, program)) {
        /* "jq: error: syntax error, ... at <top-level>, line 1:" and a line of the program */
        while ((nl = strchr(msgs.data, '\n')))
            *nl = ' ';
        err_set(err, E_PARSE, "%s:%zu: %s", file, line,
                msgs.len ? msgs.data : "jq: cannot compile the expression");
        jq_teardown(&jq);
        buf_release(&msgs);
        return E_PARSE;
    }
    buf_release(&msgs);
    jq_set_error_cb(jq, NULL, NULL);
    e = xcalloc(1, sizeof(*e));
    e->jq = jq;
    e->text = xstrdup(program);
    *out = e;
    return 0;
}

static void expr_destroy(struct expr *e)
{
    size_t i;

    for (i = 0; i < e->npath; i++)
        free(e->path[i]);
    free(e->path);
    jq_teardown(&e->jq);
    free(e->text);
    free(e->file);
    free(e->error);
    free(e);
}

void expr_free(struct expr *e)
{
    if (e && !e->pooled)
        expr_destroy(e);
}

/* --- pools ----------------------------------------------------------------------------- */

struct expr_pool *expr_pool_new(void)
{
    struct expr_pool *p = xcalloc(1, sizeof(struct expr_pool));

    atomic_init(&p->cancel, false);
    return p;
}

void expr_pool_cancel(struct expr_pool *p)
{
    atomic_store(&p->cancel, true);
}

struct expr *expr_pool_add(struct expr_pool *p, const char *program, const char *file, size_t line)
{
    struct expr *e = xcalloc(1, sizeof(*e));

    e->text = xstrdup(program);
    e->file = xstrdup(file ? file : "");
    e->line = line;
    e->pooled = true;
    XGROW(p->exprs, p->alloc, p->n + 1);
    p->exprs[p->n++] = e;
    return e;
}

/* True when the (), [] and {} of program balance outside strings and comments: wrapped in
 * "(\n" and "\n)" it then cannot close its branch early and change its neighbours' meaning. */
static bool balanced(const char *s)
{
    char stack[128];
    size_t depth = 0;

    for (; *s; s++) {
        char top = depth ? stack[depth - 1] : 0;
        if (top == '"') {
            if (*s == '\\' && s[1] == '(') {
                if (depth == sizeof(stack))
                    return false;
                stack[depth++] = 'I';    /* an interpolation: code until its ')' */
                s++;
            } else if (*s == '\\') {
                if (!*++s)
                    return false;
            } else if (*s == '"') {
                depth--;
            }
            continue;
        }
        switch (*s) {
        case '#':
            while (s[1] && s[1] != '\n')
                s++;
            break;
        case '"': case '(': case '[': case '{':
            if (depth == sizeof(stack))
                return false;
            stack[depth++] = *s;
            break;
        case ')':
            if (top != '(' && top != 'I')
                return false;
            depth--;
            break;
        case ']':
            if (top != '[')
                return false;
            depth--;
            break;
        case '}':
            if (top != '{')
                return false;
            depth--;
            break;
        default:
            break;
        }
    }
    return depth == 0;
}

/* The branches [lo, hi) of members as a tree of ifs on the branch number. */
static void branches(struct buf *b, struct expr **members, size_t lo, size_t hi)
{
    size_t mid;

    if (hi - lo == 1) {
        buf_addf(b, "(\n%s\n)", members[lo]->text);
        return;
    }
    mid = lo + (hi - lo) / 2;
    buf_addf(b, "if " BRANCH_VAR " < %zu then ", mid);
    branches(b, members, lo, mid);
    buf_adds(b, " else ");
    branches(b, members, mid, hi);
    buf_adds(b, " end");
}

static jq_state *compile_text(const char *program, struct buf *msgs)
{
    jq_state *jq = jq_init();

    if (!jq)
        return NULL;
    jq_set_error_cb(jq, on_jq_error, msgs);
    if (!jq_compile(jq, program)) {
        jq_teardown(&jq);
        return NULL;
    }
    jq_set_error_cb(jq, NULL, NULL);
    return jq;
}

static bool compile_chunk(struct expr_pool *p, struct expr **members, size_t n)
{
    struct buf prog = BUF_INIT, msgs = BUF_INIT;
    struct expr_chunk *c;
    jq_state *jq;
    size_t i;

    buf_adds(&prog, ".[0] as " BRANCH_VAR " | .[1] | ");
    branches(&prog, members, 0, n);
    jq = compile_text(prog.data, &msgs);
    buf_release(&prog);
    buf_release(&msgs);
    if (!jq)
        return false;
    c = xcalloc(1, sizeof(*c));
    c->jq = jq;
    XGROW(p->chunks, p->chunks_alloc, p->nchunks + 1);
    p->chunks[p->nchunks++] = c;
    for (i = 0; i < n; i++) {
        members[i]->chunk = c;
        members[i]->branch = i;
    }
    return true;
}

/* Alone: the slow way, for an expression that cannot share a program; sets e->error on failure. */
static void compile_alone(struct expr *e)
{
    struct buf msgs = BUF_INIT, m = BUF_INIT;
    char *nl;

    e->jq = compile_text(e->text, &msgs);
    if (!e->jq) {
        while ((nl = strchr(msgs.data, '\n')))
            *nl = ' ';
        buf_addf(&m, "%s:%zu: %s", e->file, e->line,
                 msgs.len ? msgs.data : "jq: cannot compile the expression");
        e->error = buf_detach(&m, NULL);
    }
    buf_release(&msgs);
}

/* ".key.key..." (keys of [A-Za-z_][A-Za-z0-9_]*, blanks around): its keys into e->path. */
static bool plain_path(struct expr *e)
{
    const char *s = e->text, *k;
    char **keys = NULL;
    size_t n = 0, alloc = 0, i;

    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    while (*s == '.') {
        k = ++s;
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
            goto no;
        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
               *s == '_')
            s++;
        XGROW(keys, alloc, n + 1);
        keys[n++] = xstrndup(k, (size_t)(s - k));
    }
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s || !n)
        goto no;
    e->path = keys;
    e->npath = n;
    return true;
no:
    for (i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    return false;
}

/* An earlier expression of the pool with the same text, or NULL. */
static struct expr *same_text(const struct expr_pool *p, size_t upto, const struct expr *e)
{
    size_t i;

    for (i = 0; i < upto; i++)
        if (!p->exprs[i]->same && !strcmp(p->exprs[i]->text, e->text))
            return p->exprs[i];
    return NULL;
}

/* A repeated expression that does not compile says so at its own file:line. */
static void same_errors(struct expr_pool *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        struct expr *e = p->exprs[i];
        const char *why;
        struct buf m = BUF_INIT;
        if (!e->same || e->error || !e->same->error)
            continue;
        why = strstr(e->same->error, ": ");
        buf_addf(&m, "%s:%zu: %s", e->file, e->line, why ? why + 2 : e->same->error);
        e->error = buf_detach(&m, NULL);
    }
}

/* members[0, n) in one program; when that fails, each half again: a broken expression is found
 * alone (and named) in about 2 log2(n) compiles instead of n. */
static void compile_bisect(struct expr_pool *p, struct expr **members, size_t n)
{
    if (!n)
        return;
    if (n == 1) {
        compile_alone(members[0]);
        return;
    }
    if (compile_chunk(p, members, n))
        return;
    compile_bisect(p, members, n / 2);
    compile_bisect(p, members + n / 2, n - n / 2);
}

bool expr_pool_compile_step(struct expr_pool *p)
{
    struct expr *batch[CHUNK_MAX];
    size_t n, text;

    if (atomic_load(&p->cancel))
        return false;
    if (p->next >= p->n) {
        same_errors(p);
        return false;
    }
    for (n = 0, text = 0; p->next < p->n && n < CHUNK_MAX && text < CHUNK_TEXT; p->next++) {
        struct expr *e = p->exprs[p->next];
        if (e->chunk || e->jq || e->error || e->path || e->same)
            continue;
        if (plain_path(e))
            continue;
        if ((e->same = same_text(p, p->next, e)))
            continue;
        if (balanced(e->text)) {
            batch[n++] = e;
            text += strlen(e->text);
        } else {
            compile_alone(e);    /* it would not stay in its branch: let jq say what is wrong */
        }
    }
    compile_bisect(p, batch, n);
    if (p->next < p->n)
        return true;
    same_errors(p);
    return false;
}

void expr_pool_compile(struct expr_pool *p)
{
    while (expr_pool_compile_step(p))
        ;
}

const char *expr_error(const struct expr *e)
{
    return e->error;
}

void expr_pool_free(struct expr_pool *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->n; i++)
        expr_destroy(p->exprs[i]);
    for (i = 0; i < p->nchunks; i++) {
        jq_teardown(&p->chunks[i]->jq);
        free(p->chunks[i]);
    }
    free(p->exprs);
    free(p->chunks);
    free(p);
}

struct jval *jval_from_json(json_object *o)
{
    /* jq refuses text that is not UTF-8: one odd byte in a log name must not hide every fact */
    char *text = json_text(o, false);
    jv v = jv_parse(text);

    free(text);
    if (!jv_is_valid(v)) {
        jv_free(v);
        v = jv_null();
    }
    return wrap(v);
}

struct jval *jval_with(const struct jval *base, const char *key, json_object *value)
{
    struct jval *val = jval_from_json(value);
    jv obj = jv_copy(base->v);

    if (jv_get_kind(obj) != JV_KIND_OBJECT) {
        jv_free(obj);
        obj = jv_object();
    }
    obj = jv_object_set(obj, jv_string(key), val->v);
    free(val);
    return wrap(obj);
}

void jval_free(struct jval *v)
{
    if (!v)
        return;
    jv_free(v->v);
    free(v);
}

bool jval_truthy(const struct jval *v)
{
    jv_kind k = jv_get_kind(v->v);

    return k != JV_KIND_FALSE && k != JV_KIND_NULL && k != JV_KIND_INVALID;
}

bool jval_is_null(const struct jval *v)
{
    return jv_get_kind(v->v) == JV_KIND_NULL;
}

char *jval_text(const struct jval *v)
{
    jv s;
    char *out;

    if (jv_get_kind(v->v) == JV_KIND_STRING)
        return xstrdup(jv_string_value(v->v));
    s = jv_dump_string(jv_copy(v->v), 0);
    out = xstrdup(jv_string_value(s));
    jv_free(s);
    return out;
}

json_object *jval_to_json(const struct jval *v)
{
    jv s = jv_dump_string(jv_copy(v->v), 0);
    json_object *o = json_tokener_parse(jv_string_value(s));

    jv_free(s);
    return o;
}

void jvals_free(struct jval **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        jval_free(v[i]);
    free(v);
}

/* A plain path over objects (or null, which stays null): its one value, true. False when a
 * step meets another kind: jq's own error message is wanted then. */
static bool path_walk(const struct expr *e, const struct jval *input, jv *out)
{
    jv v = jv_copy(input->v);
    size_t i;

    for (i = 0; i < e->npath; i++) {
        jv_kind k = jv_get_kind(v);
        if (k == JV_KIND_NULL)
            break;
        if (k != JV_KIND_OBJECT) {
            jv_free(v);
            return false;
        }
        v = jv_object_get(v, jv_string(e->path[i]));
        if (!jv_is_valid(v)) {    /* no such key */
            jv_free(v);
            v = jv_null();
        }
    }
    *out = v;
    return true;
}

int expr_run(const struct expr *e, const struct jval *input, struct jval ***outs, size_t *n,
             size_t max, struct err *err)
{
    struct jval **res = NULL;
    size_t cnt = 0, alloc = 0;
    jv r, msg, d;
    int rc = 0;
    jq_state *jq;

    if (e->same)
        e = e->same;
    if (e->path && !e->jq) {
        if (path_walk(e, input, &r)) {
            if (!max) {
                jv_free(r);
                return err_set(err, E_PARSE, "jq: more than 0 results");
            }
            res = xmalloc(sizeof(*res));
            res[0] = wrap(r);
            *outs = res;
            *n = 1;
            return 0;
        }
        /* the rare case: let jq run it, for its exact error (compiled once, here) */
        compile_alone((struct expr *)(uintptr_t)e);
    }
    jq = e->jq;

    if (jq) {
        jq_start(jq, jv_copy(input->v), 0);
    } else if (e->chunk) {
        jq = e->chunk->jq;
        jq_start(jq, jv_array_append(jv_array_append(jv_array(), jv_number((double)e->branch)),
                                     jv_copy(input->v)), 0);
    } else {
        return err_set(err, E_INTERNAL, "jq: expression not compiled: %s",
                       e->error ? e->error : e->text);
    }
    for (;;) {
        r = jq_next(jq);
        if (!jv_is_valid(r))
            break;
        if (cnt == max) {
            jv_free(r);
            rc = err_set(err, E_PARSE, "jq: more than %zu results", max);
            goto out;
        }
        XGROW(res, alloc, cnt + 1);
        res[cnt++] = wrap(r);
    }
    /* the end of the outputs, or a run-time error with its message */
    if (jv_invalid_has_msg(jv_copy(r))) {
        msg = jv_invalid_get_msg(r);
        if (jv_get_kind(msg) == JV_KIND_STRING) {
            rc = err_set(err, E_PARSE, "jq: %s", jv_string_value(msg));
            jv_free(msg);
        } else {
            d = jv_dump_string(msg, 0);
            rc = err_set(err, E_PARSE, "jq: %s", jv_string_value(d));
            jv_free(d);
        }
    } else {
        jv_free(r);
    }
out:
    if (rc) {
        jvals_free(res, cnt);
        return rc;
    }
    *outs = res;
    *n = cnt;
    return 0;
}
