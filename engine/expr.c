/* SPDX-License-Identifier: MIT */
/* expr.c: libjq behind a small API. Ownership follows jv.h: every jv_* call consumes its
 * arguments except jv_copy; this file is the only place that has to care. */
#include "engine/expr.h"
#include "lib/buf.h"
#include "lib/xalloc.h"

#include <jq.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

struct expr {
    jq_state *jq;
    char *text;          /* for messages */
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

void expr_free(struct expr *e)
{
    if (!e)
        return;
    jq_teardown(&e->jq);
    free(e->text);
    free(e);
}

struct jval *jval_from_json(json_object *o)
{
    const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE);
    jv v = jv_parse(text);

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

int expr_run(const struct expr *e, const struct jval *input, struct jval ***outs, size_t *n,
             size_t max, struct err *err)
{
    struct jval **res = NULL;
    size_t cnt = 0, alloc = 0;
    jv r, msg, d;
    int rc = 0;

    jq_start(e->jq, jv_copy(input->v), 0);
    for (;;) {
        r = jq_next(e->jq);
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
