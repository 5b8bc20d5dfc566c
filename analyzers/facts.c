/* SPDX-License-Identifier: MIT */
#include "analyzers/facts.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void facts_init(struct facts *f)
{
    f->root = json_object_new_object();
    f->raw = json_object_new_object();
}

void facts_release(struct facts *f)
{
    json_object_put(f->root);
    json_object_put(f->raw);
    f->root = f->raw = NULL;
}

static json_object *child(json_object *parent, const char *key, size_t klen, json_type type)
{
    char name[128];
    json_object *o;

    if (klen >= sizeof(name))
        klen = sizeof(name) - 1;
    memcpy(name, key, klen);
    name[klen] = '\0';
    o = json_object_object_get(parent, name);
    if (!o || !json_object_is_type(o, type)) {
        o = type == json_type_array ? json_object_new_array() : json_object_new_object();
        json_object_object_add(parent, name, o);
    }
    return o;
}

static json_object *walk(json_object *root, const char *dotted, json_type last)
{
    const char *dot;
    json_object *o = root;

    while ((dot = strchr(dotted, '.'))) {
        o = child(o, dotted, (size_t)(dot - dotted), json_type_object);
        dotted = dot + 1;
    }
    return child(o, dotted, strlen(dotted), last);
}

json_object *facts_obj(struct facts *f, const char *dotted)
{
    return walk(f->root, dotted, json_type_object);
}

json_object *facts_arr(struct facts *f, const char *dotted)
{
    return walk(f->root, dotted, json_type_array);
}

json_object *facts_raw(struct facts *f, const char *key)
{
    return walk(f->raw, key, json_type_object);
}

static PRINTF_LIKE(5, 0) void add_problem(struct facts *f, const char *level,
                                          const char *artefact, size_t line, const char *fmt,
                                          va_list ap)
{
    char msg[1024];
    json_object *e, *errors = facts_arr(f, "errors");
    int64_t dropped = 0;

    /* a hostile bundle can have a problem per entry: keep the first ones, count the rest */
    if (json_object_array_length(errors) >= FACTS_ERRORS_MAX) {
        json_object *raw = facts_raw(f, "errors");
        jget_int(raw, "dropped", &dropped);
        jset_int(raw, "dropped", dropped + 1);
        return;
    }
    e = json_object_new_object();
    vsnprintf(msg, sizeof(msg), fmt, ap);
    jset_str(e, "artefact", artefact);
    jset_int(e, "line", (int64_t)line);
    jset_str(e, "level", level);
    jset_str(e, "message", msg);
    json_object_array_add(facts_arr(f, "errors"), e);
}

void facts_error(struct facts *f, const char *artefact, size_t line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_problem(f, "error", artefact, line, fmt, ap);
    va_end(ap);
}

void facts_note(struct facts *f, const char *artefact, size_t line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_problem(f, "note", artefact, line, fmt, ap);
    va_end(ap);
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void facts_canonicalize(json_object **obj)
{
    json_object *o = *obj, *sorted;
    char **keys = NULL;
    size_t n = 0, alloc = 0, i;

    if (json_object_is_type(o, json_type_array)) {
        for (i = 0; i < json_object_array_length(o); i++) {
            json_object *el = json_object_get(json_object_array_get_idx(o, i)), *c = el;
            facts_canonicalize(&c);        /* an object comes back new, our reference gone */
            if (c != el)
                json_object_array_put_idx(o, i, c);   /* drops the array's reference */
            else
                json_object_put(el);
        }
        return;
    }
    if (!json_object_is_type(o, json_type_object))
        return;
    json_object_object_foreach(o, key, val) {
        (void)val;
        XGROW(keys, alloc, n + 1);
        keys[n++] = key;
    }
    if (n > 1)
        qsort(keys, n, sizeof(*keys), cmp_keys);
    sorted = json_object_new_object();
    for (i = 0; i < n; i++) {
        json_object *v = json_object_get(json_object_object_get(o, keys[i]));
        facts_canonicalize(&v);
        json_object_object_add(sorted, keys[i], v);
    }
    free(keys);
    json_object_put(o);
    *obj = sorted;
}

char *json_text(json_object *o, bool pretty)
{
    const char *s = json_object_to_json_string_ext(
        o, (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN) |
               JSON_C_TO_STRING_NOSLASHESCAPE);
    size_t n;
    char *out = utf8_sanitize(s, strlen(s), &n);

    if (pretty) {
        out = xrealloc(out, n + 2);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    return out;
}

char *facts_to_string(struct facts *f)
{
    return json_text(f->root, true);
}

void jset_str(json_object *obj, const char *key, const char *s)
{
    json_object_object_add(obj, key, s ? json_object_new_string(s) : NULL);
}

void jset_strn(json_object *obj, const char *key, const char *s, size_t len)
{
    json_object_object_add(obj, key, json_object_new_string_len(s, (int)len));
}

void jset_int(json_object *obj, const char *key, int64_t v)
{
    json_object_object_add(obj, key, json_object_new_int64(v));
}

void jset_bool(json_object *obj, const char *key, bool v)
{
    json_object_object_add(obj, key, json_object_new_boolean(v));
}

void jset_null(json_object *obj, const char *key)
{
    json_object_object_add(obj, key, NULL);
}

json_object *jget(json_object *obj, const char *key)
{
    json_object *v = NULL;

    if (obj && json_object_is_type(obj, json_type_object))
        json_object_object_get_ex(obj, key, &v);
    return v;
}

const char *jget_str(json_object *obj, const char *key)
{
    json_object *v = jget(obj, key);

    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool jget_int(json_object *obj, const char *key, int64_t *out)
{
    json_object *v = jget(obj, key);
    const char *s;
    char *end;

    if (!v)
        return false;
    if (json_object_is_type(v, json_type_int)) {
        *out = json_object_get_int64(v);
        return true;
    }
    if (json_object_is_type(v, json_type_double)) {
        *out = (int64_t)json_object_get_double(v);
        return true;
    }
    if (json_object_is_type(v, json_type_string)) {
        s = json_object_get_string(v);
        *out = strtoll(s, &end, 10);
        return *s && !*end;
    }
    return false;
}
