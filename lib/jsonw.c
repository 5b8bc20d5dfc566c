/* SPDX-License-Identifier: MIT */
#include "lib/jsonw.h"

#include <inttypes.h>
#include <string.h>

#include "lib/banned.h"

void jsonw_init(struct jsonw *w, struct buf *out, bool pretty)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->pretty = pretty;
}

static void indent(struct jsonw *w)
{
    int i;

    if (!w->pretty)
        return;
    buf_addc(w->out, '\n');
    for (i = 0; i < w->depth; i++)
        buf_adds(w->out, "  ");
}

/* Separator and indentation before a value or key at the current level. */
static void before_value(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (w->need_comma[w->depth])
            buf_addc(w->out, ',');
        w->need_comma[w->depth] = true;
        indent(w);
    }
}

static void open(struct jsonw *w, char c)
{
    before_value(w);
    buf_addc(w->out, c);
    if (w->depth + 1 >= JSONW_MAX_DEPTH)
        BUG("jsonw nesting too deep");
    w->depth++;
    w->need_comma[w->depth] = false;
}

static void close_(struct jsonw *w, char c)
{
    bool had_items = w->need_comma[w->depth];

    if (w->depth <= 0)
        BUG("jsonw close without open");
    w->depth--;
    if (had_items)
        indent(w);
    buf_addc(w->out, c);
}

void jsonw_obj_begin(struct jsonw *w) { open(w, '{'); }
void jsonw_obj_end(struct jsonw *w) { close_(w, '}'); }
void jsonw_arr_begin(struct jsonw *w) { open(w, '['); }
void jsonw_arr_end(struct jsonw *w) { close_(w, ']'); }

void jsonw_key(struct jsonw *w, const char *key)
{
    before_value(w);
    buf_add_json_str(w->out, key, strlen(key));
    buf_adds(w->out, w->pretty ? ": " : ":");
    w->after_key = true;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t len)
{
    before_value(w);
    buf_add_json_str(w->out, s, len);
}

void jsonw_str(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    before_value(w);
    buf_addf(w->out, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    before_value(w);
    buf_adds(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
    before_value(w);
    buf_adds(w->out, "null");
}

void jsonw_kv_str(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_str(w, s);
}

void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kv_bool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}
