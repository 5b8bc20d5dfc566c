/* SPDX-License-Identifier: MIT */
/* analyze-ovsmeta.c: a repository's .ovsmeta -> raw.ovsmeta.<repo id> {format, count, objects}.
 * OVM 3.4 writes JSON ({"<file>": {"OBJECT_TYPE", "SIMPLE_NAME"}}); Oracle's documentation speaks
 * of a Berkeley DB file, which is only recognised (hash magic), never read. */
#include "analyzers/analyzer.h"
#include "analyzers/ovmid.h"
#include "analyzers/pylit.h"

#include <string.h>

#include "lib/banned.h"

#define REPO_DIR "root/OVS/Repositories/"

/* The Berkeley DB hash magic 0x00061561 in the metadata page at offset 12, either byte order. */
static bool is_bdb_hash(const unsigned char *d, size_t len)
{
    return len >= 16 && ((d[12] == 0x61 && d[13] == 0x15 && d[14] == 0x06 && d[15] == 0x00) ||
                         (d[12] == 0x00 && d[13] == 0x06 && d[14] == 0x15 && d[15] == 0x61));
}

/* The objects of a parsed .ovsmeta; entries that are not objects are errors. */
static json_object *objects_of(struct facts *f, const char *path, json_object *v)
{
    json_object *objs = json_object_new_object(), *o;

    if (!json_object_is_type(v, json_type_object))
        return objs;
    json_object_object_foreach(v, name, val) {
        if (!json_object_is_type(val, json_type_object)) {
            facts_error(f, path, 0, "'%.*s': not an object with OBJECT_TYPE and SIMPLE_NAME",
                        64, name);
            continue;
        }
        o = json_object_new_object();
        jset_str(o, "object_type", jget_str(val, "OBJECT_TYPE"));
        jset_str(o, "simple_name", jget_str(val, "SIMPLE_NAME"));
        json_object_object_add(objs, name, o);
    }
    return objs;
}

static void parse_json(struct facts *f, const struct analyzer_input *in, size_t pos,
                       json_object *meta)
{
    struct pylit_where where;
    struct err perr = ERR_INIT;
    json_object *v = NULL, *objs;
    size_t i, line;

    if (pylit_parse_at(in->data, in->len, &pos, PYLIT_JSON | PYLIT_PARTIAL, &v, &where, &perr)) {
        facts_error(f, in->path, where.line, "%zu:%zu: %s%s", where.line, where.col, where.msg,
                    json_object_is_type(v, json_type_object) && json_object_object_length(v)
                        ? "; the objects before it are kept" : "");
    } else {
        for (i = pos; i < in->len && strchr(" \t\r\n", in->data[i]) && in->data[i]; i++)
            ;
        if (i < in->len) {
            for (line = 1, pos = 0; pos < i; pos++)
                line += in->data[pos] == '\n';
            facts_error(f, in->path, line, "unexpected text after the JSON object");
        }
        if (!json_object_is_type(v, json_type_object))
            facts_error(f, in->path, 1, "not a JSON object of file names");
    }
    objs = objects_of(f, in->path, v);
    json_object_put(v);
    jset_int(meta, "count", (int64_t)json_object_object_length(objs));
    json_object_object_add(meta, "objects", objs);
}

static int parse_ovsmeta(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    const unsigned char *d = (const unsigned char *)in->data;
    json_object *meta;
    char id[128];
    size_t pos = 0;

    if (!ovmid_repo_of_path(in->path, id, sizeof(id)))
        return err_set(err, E_PARSE, "no repository id in '%s'", in->path);
    meta = json_object_new_object();
    if (in->len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        pos = 3;                         /* a UTF-8 byte order mark */
    while (pos < in->len && (d[pos] == ' ' || d[pos] == '\t' || d[pos] == '\r' || d[pos] == '\n'))
        pos++;
    if (pos < in->len && d[pos] == '{') {
        jset_str(meta, "format", "json");
        parse_json(f, in, pos, meta);
    } else if (is_bdb_hash(d, in->len)) {
        jset_str(meta, "format", "bdb");
        jset_null(meta, "count");
    } else {
        jset_str(meta, "format", "unknown");
        jset_null(meta, "count");
        if (pos == in->len)
            facts_note(f, in->path, 0, "empty file");
        else
            facts_error(f, in->path, 0, "neither JSON nor a Berkeley DB hash file "
                                        "(first byte 0x%02x)", d[pos]);
    }
    json_object_object_add(facts_raw(f, "ovsmeta"), id, meta);
    return 0;
}

static const char *const ovsmeta_inputs[] = { REPO_DIR "*/.ovsmeta", NULL };

ANALYZER(ovsmeta) = {
    .name = "ovsmeta",
    .desc = ".ovsmeta of every repository: the simple names and types of its files",
    .inputs = ovsmeta_inputs,
    .parse = parse_ovsmeta,
};
