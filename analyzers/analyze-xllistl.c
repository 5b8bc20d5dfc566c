/* SPDX-License-Identifier: MIT */
/* analyze-xllistl.c: `xl list -l` (JSON array of {domid, config}) -> raw.xl_list_l: name, uuid,
 * type, memory, vcpus, on_crash, disks, nics. xl before 4.5 leaves out Domain-0. SXP output
 * (output_format="sxp" in xl.conf) is noted and skipped. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "lib/lines.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

struct ctx {
    struct facts *f;
    const char *path;
    char where[64];      /* "domains[3]", for messages */
};

/* dst.key = src.skey when it is a string; a wrong type is an error, absence is not. */
static void copy_str(struct ctx *c, json_object *dst, const char *key, json_object *src,
                     const char *skey)
{
    json_object *v = jget(src, skey);

    if (!v)
        return;
    if (!json_object_is_type(v, json_type_string)) {
        facts_error(c->f, c->path, 0, "%s.%s: not a string", c->where, skey);
        return;
    }
    jset_str(dst, key, json_object_get_string(v));
}

static void copy_int(struct ctx *c, json_object *dst, const char *key, json_object *src,
                     const char *skey)
{
    json_object *v = jget(src, skey);

    if (!v)
        return;
    if (!json_object_is_type(v, json_type_int)) {
        facts_error(c->f, c->path, 0, "%s.%s: not an integer", c->where, skey);
        return;
    }
    jset_int(dst, key, json_object_get_int64(v));
}

/* The object or array at src.key, NULL when absent; a wrong type is an error. */
static json_object *member(struct ctx *c, json_object *src, const char *key, json_type type)
{
    json_object *v = jget(src, key);

    if (v && !json_object_is_type(v, type)) {
        facts_error(c->f, c->path, 0, "%s.%s: not an %s", c->where, key,
                    type == json_type_array ? "array" : "object");
        return NULL;
    }
    return v;
}

static json_object *disk_json(struct ctx *c, json_object *disk)
{
    json_object *d = json_object_new_object(), *rw = jget(disk, "readwrite");

    copy_str(c, d, "pdev_path", disk, "pdev_path");
    copy_str(c, d, "vdev", disk, "vdev");
    /* libxl leaves out fields at their default: no readwrite means 0, read-only. */
    if (!rw || json_object_is_type(rw, json_type_int) || json_object_is_type(rw, json_type_boolean))
        jset_bool(d, "readwrite", rw && json_object_get_int64(rw) != 0);
    else
        facts_error(c->f, c->path, 0, "%s.disks[].readwrite: not an integer", c->where);
    copy_str(c, d, "format", disk, "format");
    return d;
}

static json_object *domain_json(struct ctx *c, json_object *el)
{
    json_object *d, *id = jget(el, "domid"), *config, *cinfo, *binfo, *list, *arr, *o, *nic;
    size_t i;

    if (!json_object_is_type(el, json_type_object)) {
        facts_error(c->f, c->path, 0, "%s: not an object", c->where);
        return NULL;
    }
    if (!id || !json_object_is_type(id, json_type_int) || json_object_get_int64(id) < 0) {
        facts_error(c->f, c->path, 0, "%s: no integer domid", c->where);
        return NULL;
    }
    d = json_object_new_object();
    jset_int(d, "domid", json_object_get_int64(id));
    config = member(c, el, "config", json_type_object);
    cinfo = member(c, config, "c_info", json_type_object);
    binfo = member(c, config, "b_info", json_type_object);
    copy_str(c, d, "name", cinfo, "name");
    copy_str(c, d, "uuid", cinfo, "uuid");
    copy_str(c, d, "type", cinfo, "type");
    copy_int(c, d, "max_memkb", binfo, "max_memkb");
    copy_int(c, d, "target_memkb", binfo, "target_memkb");
    copy_int(c, d, "max_vcpus", binfo, "max_vcpus");
    copy_str(c, d, "on_crash", config, "on_crash");
    arr = json_object_new_array();
    list = member(c, config, "disks", json_type_array);
    for (i = 0; list && i < json_object_array_length(list); i++) {
        o = json_object_array_get_idx(list, i);
        if (json_object_is_type(o, json_type_object))
            json_object_array_add(arr, disk_json(c, o));
        else
            facts_error(c->f, c->path, 0, "%s.disks[%zu]: not an object", c->where, i);
    }
    json_object_object_add(d, "disks", arr);
    arr = json_object_new_array();
    list = member(c, config, "nics", json_type_array);
    for (i = 0; list && i < json_object_array_length(list); i++) {
        o = json_object_array_get_idx(list, i);
        if (!json_object_is_type(o, json_type_object)) {
            facts_error(c->f, c->path, 0, "%s.nics[%zu]: not an object", c->where, i);
            continue;
        }
        nic = json_object_new_object();
        copy_str(c, nic, "mac", o, "mac");
        copy_str(c, nic, "bridge", o, "bridge");
        json_object_array_add(arr, nic);
    }
    json_object_object_add(d, "nics", arr);
    return d;
}

static int parse_xllistl(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct ctx c = { .f = f, .path = in->path };
    json_object *root, *domains, *d;
    struct line_iter it;
    const char *line = NULL, *p;
    size_t len = 0, plen, i;
    char q[CMDTEXT_QUOTE_MAX];
    bool found = false;
    int rc;

    line_iter_init(&it, in->data, in->len);
    while (!found && line_next(&it, &line, &len))
        found = !cmdtext_is_noise(line, len);
    if (!found)
        return err_set(err, E_PARSE, "empty: no JSON domain list");
    p = line;
    plen = len;
    str_trim(&p, &plen);
    if (p[0] == '(') {
        facts_note(f, in->path, it.lineno, "xl printed SXP (output_format=\"sxp\" in "
                   "/etc/xen/xl.conf), not JSON: not read");
        return 0;
    }
    if (p[0] != '[')
        return err_set(err, E_PARSE, "line %zu: '%s': not a JSON domain list", it.lineno,
                       cmdtext_quote(p, plen, q));
    rc = cmdtext_json(line, in->len - (size_t)(line - in->data), it.lineno, &root, err);
    if (rc)
        return rc;
    /* the first byte promised a list, but json-c may still hand back something else: a fuzzer
     * found text starting with "[" (numbers, then "//") that it parsed as one int */
    if (!json_object_is_type(root, json_type_array)) {
        json_object_put(root);
        return err_set(err, E_PARSE, "line %zu: not a JSON domain list (a %s)", it.lineno,
                       json_type_to_name(json_object_get_type(root)));
    }
    domains = json_object_new_array();
    for (i = 0; i < json_object_array_length(root); i++) {
        snprintf(c.where, sizeof(c.where), "domains[%zu]", i);
        d = domain_json(&c, json_object_array_get_idx(root, i));
        if (d)
            json_object_array_add(domains, d);
    }
    json_object_put(root);
    json_object_object_add(facts_raw(f, "xl_list_l"), "domains", domains);
    return 0;
}

static const char *const xllistl_inputs[] = { "cmd/xl-list-l.out", NULL };

ANALYZER(xllistl) = {
    .name = "xllistl",
    .desc = "xl list -l: each domain's saved config (memory, vcpus, disks, nics, on_crash)",
    .inputs = xllistl_inputs,
    .parse = parse_xllistl,
};
