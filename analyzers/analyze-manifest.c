/* SPDX-License-Identifier: MIT */
/* analyze-manifest.c: our collector's manifest.json (docs/bundle-format.md) -> meta: who
 * collected, when, as root or not, services, hung mounts, problems[] and missing[] items.
 * Every value is type-checked: a manifest that lies gives nulls and errors, never a crash. */
#include "analyzers/analyzer.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define MANIFEST_SCHEMA "ovmdiag-manifest/1"

static json_object *typed(json_object *o, const char *key, json_type type)
{
    json_object *v = jget(o, key);

    return v && json_object_is_type(v, type) ? v : NULL;
}

/* meta.<dst> = the string at o.key, else null (with an error when it has another type). */
static void copy_str(struct facts *f, const char *path, json_object *meta, const char *dst,
                     json_object *o, const char *key)
{
    json_object *v = jget(o, key);

    if (v && !json_object_is_type(v, json_type_string))
        facts_error(f, path, 0, "'%s' is not a string", key);
    jset_str(meta, dst, v && json_object_is_type(v, json_type_string) ? json_object_get_string(v)
                                                                      : NULL);
}

static void copy_bool(struct facts *f, const char *path, json_object *meta, const char *dst,
                      json_object *o, const char *key)
{
    json_object *v = jget(o, key);

    if (v && json_object_is_type(v, json_type_boolean)) {
        jset_bool(meta, dst, json_object_get_boolean(v));
        return;
    }
    if (v)
        facts_error(f, path, 0, "'%s' is not true or false", key);
    jset_null(meta, dst);
}

/* meta.<key> = a copy of the object at root.key, else null. */
static void copy_obj(struct facts *f, const char *path, json_object *meta, json_object *root,
                     const char *key)
{
    json_object *v = jget(root, key), *c = NULL;

    if (v && !json_object_is_type(v, json_type_object))
        facts_error(f, path, 0, "'%s' is not an object", key);
    else if (v && json_object_deep_copy(v, &c, NULL) != 0)
        c = NULL;
    json_object_object_add(meta, key, c);
}

static void services(struct facts *f, const char *path, json_object *meta, json_object *root)
{
    const char *st;

    copy_obj(f, path, meta, root, "services");
    st = jget_str(typed(typed(root, "services", json_type_object), "xend", json_type_object),
                  "state");
    if (st && !strcmp(st, "responsive"))
        jset_bool(meta, "xend_responsive", true);
    else if (st && (!strcmp(st, "unresponsive") || !strcmp(st, "failed")))
        jset_bool(meta, "xend_responsive", false);
    else
        jset_null(meta, "xend_responsive");
}

static void hung_mounts(struct facts *f, const char *path, json_object *meta, json_object *root)
{
    json_object *v = jget(root, "hung_mounts"), *out;
    size_t i;

    if (!v) {
        jset_null(meta, "hung_mounts");
        return;
    }
    if (!json_object_is_type(v, json_type_array)) {
        facts_error(f, path, 0, "'hung_mounts' is not a list");
        jset_null(meta, "hung_mounts");
        return;
    }
    out = json_object_new_array();
    for (i = 0; i < json_object_array_length(v); i++) {
        json_object *m = json_object_array_get_idx(v, i);
        if (m && json_object_is_type(m, json_type_string))
            json_object_array_add(out, json_object_new_string(json_object_get_string(m)));
        else
            facts_error(f, path, 0, "hung_mounts[%zu] is not a path", i);
    }
    json_object_object_add(meta, "hung_mounts", out);
}

static void items(struct facts *f, const char *path, json_object *meta, json_object *root)
{
    json_object *v = jget(root, "items"), *problems, *missing;
    size_t i;

    if (!v || !json_object_is_type(v, json_type_array)) {
        facts_error(f, path, 0, "'items' is %s", v ? "not a list" : "missing");
        jset_null(meta, "problems");
        jset_null(meta, "missing");
        return;
    }
    problems = json_object_new_array();
    missing = json_object_new_array();
    for (i = 0; i < json_object_array_length(v); i++) {
        json_object *it = json_object_array_get_idx(v, i), *p;
        const char *status = jget_str(it, "status"), *source = jget_str(it, "source");
        if (!it || !json_object_is_type(it, json_type_object) || !status) {
            facts_error(f, path, 0, "items[%zu]: not an item with a status", i);
            continue;
        }
        if ((!strcmp(status, "ok") || !strcmp(status, "truncated")) && jget_str(it, "path")) {
            /* what the manifest claims, checked against the entries in join.c */
            int64_t stored;
            if (jget_int(it, "bytes_stored", &stored))
                jset_int(facts_raw(f, "manifest_claims"), jget_str(it, "path"), stored);
        }
        if (!strcmp(status, "ok"))
            continue;
        if (!strcmp(status, "missing")) {
            if (source)
                json_object_array_add(missing, json_object_new_string(source));
            else
                facts_error(f, path, 0, "items[%zu]: missing, without a source", i);
            continue;
        }
        p = json_object_new_object();
        jset_str(p, "source", source);
        jset_str(p, "kind", jget_str(it, "kind"));
        jset_str(p, "status", status);
        jset_str(p, "message", jget_str(it, "message"));
        json_object_array_add(problems, p);
    }
    json_object_object_add(meta, "problems", problems);
    json_object_object_add(meta, "missing", missing);
}

static int parse_manifest(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct json_tokener *tok = json_tokener_new();
    json_object *root, *meta, *tool;
    const char *schema, *name, *version;
    char by[256];
    enum json_tokener_error jerr;

    root = json_tokener_parse_ex(tok, in->data, (int)MIN(in->len, (size_t)INT32_MAX));
    jerr = json_tokener_get_error(tok);
    if (root && jerr == json_tokener_success && tok->char_offset < (int)in->len) {
        /* trailing bytes: allowed only when they are blank */
        size_t i;
        for (i = (size_t)tok->char_offset; i < in->len; i++)
            if (!strchr(" \t\r\n", in->data[i]))
                break;
        if (i < in->len)
            facts_error(f, in->path, 0, "bytes after the JSON document were ignored");
    }
    json_tokener_free(tok);
    if (!root || jerr != json_tokener_success) {
        json_object_put(root);
        if (jerr == json_tokener_success)
            jerr = json_tokener_continue;      /* the text ended inside the document */
        return err_set(err, E_PARSE, "not JSON: %s", json_tokener_error_desc(jerr));
    }
    if (!json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return err_set(err, E_PARSE, "not a JSON object");
    }
    schema = jget_str(root, "schema");
    if (!schema || strcmp(schema, MANIFEST_SCHEMA))
        facts_note(f, in->path, 0, "schema '%s', expected '%s'", schema ? schema : "(none)",
                   MANIFEST_SCHEMA);
    meta = facts_obj(f, "meta");
    tool = typed(root, "tool", json_type_object);
    if (jget(root, "tool") && !tool)
        facts_error(f, in->path, 0, "'tool' is not an object");
    copy_str(f, in->path, meta, "tool_version", tool, "version");
    version = jget_str(tool, "version");
    name = jget_str(tool, "name");
    if (version) {
        snprintf(by, sizeof(by), "%s %s", name ? name : "ovmdiag", version);
        jset_str(meta, "collected_by", by);
    } else {
        jset_null(meta, "collected_by");
    }
    copy_str(f, in->path, meta, "collection_started", root, "started");
    copy_str(f, in->path, meta, "collection_finished", root, "finished");
    copy_bool(f, in->path, meta, "collected_as_root", root, "root");
    copy_str(f, in->path, meta, "sysroot", typed(root, "options", json_type_object), "sysroot");
    copy_str(f, in->path, meta, "hostname", root, "hostname");
    copy_bool(f, in->path, meta, "interrupted", root, "interrupted");
    services(f, in->path, meta, root);
    hung_mounts(f, in->path, meta, root);
    items(f, in->path, meta, root);
    copy_obj(f, in->path, meta, root, "summary");
    json_object_put(root);
    return 0;
}

static const char *const manifest_inputs[] = { "manifest.json", NULL };

ANALYZER(manifest) = {
    .name = "manifest",
    .desc = "manifest.json: how the bundle was collected and what could not be",
    .inputs = manifest_inputs,
    .parse = parse_manifest,
};
