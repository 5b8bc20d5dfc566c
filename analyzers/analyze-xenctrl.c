/* SPDX-License-Identifier: MIT */
/* analyze-xenctrl.c: xen/xenctrl.json (libxenctrl's answers, collect-xenctrl.c) -> raw.xenctrl:
 * availability and reason, Xen version, host memory and cpus, every domain's memory, vcpus, cpu
 * time and flags. Types are checked: a wrong one is an error and that value is left out. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define SHUTDOWN_CRASH 3     /* SHUTDOWN_crash in xen/include/public/sched.h */

struct ctx {
    struct facts *f;
    const char *path;
    char where[48];
};

static bool get_int(struct ctx *c, json_object *obj, const char *key, int64_t *out)
{
    json_object *v = jget(obj, key);

    if (!v)
        return false;
    if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
        facts_error(c->f, c->path, 0, "%s.%s: not a non-negative integer", c->where, key);
        return false;
    }
    *out = json_object_get_int64(v);
    return true;
}

static bool get_bool(struct ctx *c, json_object *obj, const char *key, bool *out)
{
    json_object *v = jget(obj, key);

    *out = false;
    if (!v)
        return false;
    if (!json_object_is_type(v, json_type_boolean)) {
        facts_error(c->f, c->path, 0, "%s.%s: not a boolean", c->where, key);
        return false;
    }
    *out = json_object_get_boolean(v);
    return true;
}

static void copy_int(struct ctx *c, json_object *dst, const char *key, json_object *src,
                     const char *skey)
{
    int64_t v;

    if (get_int(c, src, skey, &v))
        jset_int(dst, key, v);
}

static json_object *domain_json(struct ctx *c, json_object *el)
{
    json_object *d, *fl;
    int64_t v, reason;
    bool b, shutdown;

    if (!json_object_is_type(el, json_type_object)) {
        facts_error(c->f, c->path, 0, "%s: not an object", c->where);
        return NULL;
    }
    if (!get_int(c, el, "domid", &v)) {
        if (!jget(el, "domid"))
            facts_error(c->f, c->path, 0, "%s: no domid", c->where);
        return NULL;
    }
    d = json_object_new_object();
    jset_int(d, "domid", v);
    if (get_int(c, el, "mem_mb", &v))
        jset_int(d, "mem_mb", v);
    else if (!jget(el, "mem_mb") && get_int(c, el, "tot_pages", &v))
        jset_int(d, "mem_mb", v / 256);
    if (get_int(c, el, "max_pages", &v))
        jset_int(d, "max_mb", v / 256);
    copy_int(c, d, "vcpus", el, "online_vcpus");
    if (get_int(c, el, "cpu_time_ns", &v))
        jset_int(d, "cpu_s", v / 1000000000);
    fl = json_object_new_object();
    get_bool(c, el, "running", &b);
    jset_bool(fl, "running", b);
    get_bool(c, el, "blocked", &b);
    jset_bool(fl, "blocked", b);
    get_bool(c, el, "paused", &b);
    jset_bool(fl, "paused", b);
    get_bool(c, el, "shutdown", &shutdown);
    jset_bool(fl, "shutdown", shutdown);
    jset_bool(fl, "crashed", shutdown && get_int(c, el, "shutdown_reason", &reason) &&
                                 reason == SHUTDOWN_CRASH);
    get_bool(c, el, "dying", &b);
    jset_bool(fl, "dying", b);
    json_object_object_add(d, "flags", fl);
    if (get_bool(c, el, "hvm", &b))
        jset_bool(d, "hvm", b);
    return d;
}

static void available(struct ctx *c, json_object *root, json_object *out)
{
    json_object *ver = jget(root, "version"), *pi = jget(root, "physinfo");
    json_object *doms = jget(root, "domains"), *arr, *d;
    const char *extra;
    int64_t major, minor;
    char buf[160];
    size_t i;

    snprintf(c->where, sizeof(c->where), "version");
    if (ver && !json_object_is_type(ver, json_type_object)) {
        facts_error(c->f, c->path, 0, "version: not an object");
    } else if (ver && get_int(c, ver, "major", &major) && get_int(c, ver, "minor", &minor)) {
        extra = jget_str(ver, "extra");
        if (jget(ver, "extra") && !extra)
            facts_error(c->f, c->path, 0, "version.extra: not a string");
        snprintf(buf, sizeof(buf), "%lld.%lld%s", (long long)major, (long long)minor,
                 extra ? extra : "");
        jset_str(out, "xen_version", buf);
    }
    snprintf(c->where, sizeof(c->where), "physinfo");
    if (pi && !json_object_is_type(pi, json_type_object)) {
        facts_error(c->f, c->path, 0, "physinfo: not an object");
    } else if (pi) {
        copy_int(c, out, "total_mb", pi, "total_mb");
        copy_int(c, out, "free_mb", pi, "free_mb");
        copy_int(c, out, "scrub_mb", pi, "scrub_mb");
        copy_int(c, out, "nr_cpus", pi, "nr_cpus");
        copy_int(c, out, "nr_nodes", pi, "nr_nodes");
    }
    if (doms && !json_object_is_type(doms, json_type_array)) {
        facts_error(c->f, c->path, 0, "domains: not an array");
        return;
    }
    arr = json_object_new_array();
    for (i = 0; doms && i < json_object_array_length(doms); i++) {
        snprintf(c->where, sizeof(c->where), "domains[%zu]", i);
        d = domain_json(c, json_object_array_get_idx(doms, i));
        if (d)
            json_object_array_add(arr, d);
    }
    json_object_object_add(out, "domains", arr);
}

static int parse_xenctrl(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct ctx c = { .f = f, .path = in->path };
    json_object *root, *avail, *out;
    const char *reason;
    int rc;

    rc = cmdtext_json(in->data, in->len, 1, &root, err);
    if (rc)
        return rc;
    avail = jget(root, "available");
    if (!json_object_is_type(root, json_type_object) || !avail ||
        !json_object_is_type(avail, json_type_boolean)) {
        json_object_put(root);
        return err_set(err, E_PARSE, "not an object with a boolean 'available'");
    }
    out = facts_raw(f, "xenctrl");
    jset_bool(out, "available", json_object_get_boolean(avail));
    reason = jget_str(root, "reason");
    if (reason)
        jset_str(out, "reason", reason);
    else if (jget(root, "reason"))
        facts_error(f, in->path, 0, "reason: not a string");
    if (json_object_get_boolean(avail))
        available(&c, root, out);
    json_object_put(root);
    return 0;
}

static const char *const xenctrl_inputs[] = { "xen/xenctrl.json", NULL };

ANALYZER(xenctrl) = {
    .name = "xenctrl",
    .desc = "xen/xenctrl.json: the hypervisor's own view (version, memory, cpus, domains)",
    .inputs = xenctrl_inputs,
    .parse = parse_xenctrl,
};
