/* SPDX-License-Identifier: MIT */
/* analyze-listing.c: the collector's listing of a repository (listing/OVS/Repositories/<id>.json:
 * path, type, sizes, mtime of its disks, ISOs, templates, assemblies and VM folders) ->
 * raw.listing.<id>, checked, with the OVM object type of each file name. */
#include "analyzers/analyzer.h"
#include "analyzers/ovmid.h"
#include "lib/lines.h"
#include "analyzers/pylit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define LISTING_DIR "listing/OVS/Repositories/"
#define MAX_ERRORS 20

static const char *const kept_dirs[] = { "VirtualDisks/", "ISOs/", "Templates/", "Assemblies/",
                                         "VirtualMachines/" };
static const char *const entry_types[] = { "file", "dir", "link", "other" };

struct listing {
    struct facts *f;
    const char *path;
    size_t errors, dropped;
};

static void listing_error(struct listing *l, size_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void listing_error(struct listing *l, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (l->errors >= MAX_ERRORS) {
        l->dropped++;
        return;
    }
    l->errors++;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    facts_error(l->f, l->path, line, "%s", msg);
}

static bool kept(const char *p)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(kept_dirs); i++)
        if (!strncmp(p, kept_dirs[i], strlen(kept_dirs[i])) && p[strlen(kept_dirs[i])])
            return true;
    return false;
}

static void entry_int(struct listing *l, json_object *out, json_object *e, size_t i,
                      const char *key)
{
    json_object *v = jget(e, key);

    if (json_object_is_type(v, json_type_int)) {
        jset_int(out, key, json_object_get_int64(v));
        return;
    }
    listing_error(l, 0, "entries[%zu]: '%s' is not an integer", i, key);
    jset_null(out, key);
}

static bool complete(json_object *e)
{
    static const char *const keys[] = { "path", "type", "size_bytes", "allocated_bytes",
                                        "mtime" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(keys); i++)
        if (!jget(e, keys[i]))
            return false;
    return true;
}

static json_object *entry_of(struct listing *l, json_object *e, size_t i)
{
    json_object *out;
    const char *p, *type, *base;
    size_t k;

    if (!json_object_is_type(e, json_type_object)) {
        listing_error(l, 0, "entries[%zu]: not an object", i);
        return NULL;
    }
    p = jget_str(e, "path");
    if (!p) {
        listing_error(l, 0, "entries[%zu]: no path", i);
        return NULL;
    }
    if (!kept(p))
        return NULL;
    out = json_object_new_object();
    jset_str(out, "path", p);
    type = jget_str(e, "type");
    for (k = 0; type && k < ARRAY_SIZE(entry_types) && strcmp(type, entry_types[k]); k++)
        ;
    if (!type || k == ARRAY_SIZE(entry_types)) {
        listing_error(l, 0, "entries[%zu]: type is not file, dir, link or other", i);
        type = NULL;
    }
    jset_str(out, "type", type);
    entry_int(l, out, e, i, "size_bytes");
    entry_int(l, out, e, i, "allocated_bytes");
    entry_int(l, out, e, i, "mtime");
    base = strrchr(p, '/');
    base = base ? base + 1 : p;
    jset_str(out, "object_type", ovmid_type(base, strlen(base)));
    return out;
}

static int parse_listing(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct listing l = { .f = f, .path = in->path };
    struct pylit_where where;
    struct err perr = ERR_INIT;
    json_object *v = NULL, *out, *entries, *list, *capped, *e;
    char id[128];
    const char *rest;
    size_t pos = 0, i, n, line;
    bool cut = false;

    /* one file per repository, straight below LISTING_DIR */
    rest = str_starts(in->path, strlen(in->path), LISTING_DIR) ? in->path + strlen(LISTING_DIR)
                                                                 : in->path;
    if (strchr(rest, '/') || !ovmid_repo_of_path(in->path, id, sizeof(id)))
        return err_set(err, E_PARSE, "no repository id in '%s'", in->path);
    while (pos < in->len && strchr(" \t\r\n", in->data[pos]) && in->data[pos])
        pos++;
    if (pylit_parse_at(in->data, in->len, &pos, PYLIT_JSON | PYLIT_PARTIAL, &v, &where, &perr)) {
        if (!json_object_is_type(v, json_type_object)) {
            json_object_put(v);
            return err_set(err, E_PARSE, "%zu:%zu: %s", where.line, where.col, where.msg);
        }
        listing_error(&l, where.line, "%zu:%zu: %s; the entries before it are kept", where.line,
                      where.col, where.msg);
        cut = true;
    } else {
        for (i = pos; i < in->len && strchr(" \t\r\n", in->data[i]) && in->data[i]; i++)
            ;
        if (i < in->len) {
            for (line = 1, pos = 0; pos < i; pos++)
                line += in->data[pos] == '\n';
            listing_error(&l, line, "unexpected text after the listing");
        }
        if (!json_object_is_type(v, json_type_object)) {
            json_object_put(v);
            return err_set(err, E_PARSE, "not a listing: no JSON object");
        }
    }
    out = json_object_new_object();
    capped = jget(v, "capped");
    if (json_object_is_type(capped, json_type_boolean)) {
        jset_bool(out, "capped", json_object_get_boolean(capped));
    } else {
        listing_error(&l, 0, "'capped' is not true or false");
        jset_null(out, "capped");
    }
    entries = jget(v, "entries");
    list = json_object_new_array();
    if (!json_object_is_type(entries, json_type_array))
        listing_error(&l, 0, "'entries' is not a list");
    n = json_object_is_type(entries, json_type_array) ? json_object_array_length(entries) : 0;
    for (i = 0; i < n; i++) {
        json_object *in_e = json_object_array_get_idx(entries, i);
        /* The entry the cut went through is incomplete: no error of its own. */
        if (cut && i == n - 1 && !complete(in_e))
            continue;
        if ((e = entry_of(&l, in_e, i)))
            json_object_array_add(list, e);
    }
    json_object_object_add(out, "entries", list);
    json_object_object_add(facts_raw(f, "listing"), id, out);
    if (l.dropped)
        facts_error(f, in->path, 0, "%zu more errors not listed", l.dropped);
    json_object_put(v);
    return 0;
}

static const char *const listing_inputs[] = { LISTING_DIR "*.json", NULL };

ANALYZER(listing) = {
    .name = "listing",
    .desc = "the collector's listing of every repository: disks, ISOs, templates, VM folders",
    .inputs = listing_inputs,
    .parse = parse_listing,
};
