/* SPDX-License-Identifier: MIT */
/* join.c: the final facts from the analyzers' results (facts->raw) and from each other.
 * - meta.snapshot_time: `date -u` on the host, else the collection start.
 * - host.xen: xm info, else xl info, else libxenctrl; the command line also from the console.
 * - dom0: the Domain-0 row of the domain list, else xentop, else libxenctrl; dom0_mem from the
 *   Xen command line, else from grub's default entry. The source of each is recorded.
 * - domains[]: xm list, else xl list, else xentop, else libxenctrl; joined to xentop (CPU%,
 *   max memory; names cut to 10 characters mapped back) and to vm.cfg (simple names).
 * - repositories[]: one row per id seen anywhere (agent DB, .ovsrepo, listing, mounts, vm.cfg).
 * - vms[].disks[]: exists/size from the repository listings.
 * Every array built from several artefacts is sorted, so tar and directory give the same. */
#include "analyzers/analyzer.h"
#include "analyzers/dom0mem.h"
#include "analyzers/ovmid.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static json_object *copy(json_object *o)
{
    return json_object_get(o);
}

/* Copy key from src to dst when src has it (any type). */
static void carry(json_object *dst, const char *dkey, json_object *src, const char *skey)
{
    json_object *v = jget(src, skey);

    if (v || (src && json_object_object_get_ex(src, skey, NULL)))
        json_object_object_add(dst, dkey, copy(v));
}

/* dst.key = {k: src.k for each of keys} when src is an object, else null. */
static void pick(json_object *dst, const char *key, json_object *src, const char *const *keys)
{
    json_object *sub;
    size_t i;

    if (!src || !json_object_is_type(src, json_type_object)) {
        jset_null(dst, key);
        return;
    }
    sub = json_object_new_object();
    for (i = 0; keys[i]; i++)
        carry(sub, keys[i], src, keys[i]);
    json_object_object_add(dst, key, sub);
}

#define KEYS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static json_object *arr_of(json_object *o, const char *key)
{
    json_object *a = jget(o, key);

    return a && json_object_is_type(a, json_type_array) ? a : NULL;
}

static size_t alen(json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static json_object *aget(json_object *a, size_t i)
{
    return json_object_array_get_idx(a, i);
}

static json_object *raw(struct facts *f, const char *key)
{
    return jget(f->raw, key);
}

/* --- snapshot time --------------------------------------------------------------------- */

static void join_meta(struct facts *f)
{
    json_object *meta = facts_obj(f, "meta");
    int64_t epoch;
    char iso[32];
    const char *started;

    if (jget_int(f->raw, "date_u", &epoch)) {
        time_format_iso((time_t)epoch, iso, sizeof(iso));
        jset_str(meta, "snapshot_time", iso);
        jset_str(meta, "snapshot_source", "date -u");
    } else if ((started = jget_str(meta, "collection_started"))) {
        jset_str(meta, "snapshot_time", started);
        jset_str(meta, "snapshot_source", "manifest");
    } else {
        jset_null(meta, "snapshot_time");
        jset_null(meta, "snapshot_source");
    }
}

/* --- host.xen -------------------------------------------------------------------------- */

static const char *first_commandline(struct facts *f, const char **source)
{
    static const char *const dmesg_keys[] = { "xm_dmesg", "xl_dmesg", "hypervisor_log" };
    json_object *info = raw(f, "xm_info") ? raw(f, "xm_info") : raw(f, "xl_info");
    const char *s = jget_str(info, "xen_commandline");
    size_t i;

    if (s) {
        *source = raw(f, "xm_info") ? "xm info" : "xl info";
        return s;
    }
    for (i = 0; i < ARRAY_SIZE(dmesg_keys); i++) {
        s = jget_str(jget(raw(f, "xen_dmesg"), dmesg_keys[i]), "commandline");
        if (s) {
            *source = dmesg_keys[i];
            return s;
        }
    }
    return NULL;
}

static void join_xen(struct facts *f)
{
    json_object *xen = facts_obj(f, "host.xen"), *info, *xc = raw(f, "xenctrl");
    const char *src = NULL, *cmdline;
    json_object *services = jget(facts_obj(f, "meta"), "services");

    if ((info = raw(f, "xm_info")))
        src = "xm info";
    else if ((info = raw(f, "xl_info")))
        src = "xl info";
    if (info) {
        carry(xen, "version", info, "xen_version");
        carry(xen, "total_mb", info, "total_mb");
        carry(xen, "free_mb", info, "free_mb");
        carry(xen, "nr_cpus", info, "nr_cpus");
        carry(xen, "nr_nodes", info, "nr_nodes");
        carry(xen, "scheduler", info, "xen_scheduler");
        /* "xen-3.0-x86_64 hvm-3.0-x86_32 ...": no hvm- entry means no VT-x/AMD-V */
        carry(xen, "caps", jget(info, "fields"), "xen_caps");
    } else if (xc && json_object_get_boolean(jget(xc, "available"))) {
        src = "libxenctrl";
        carry(xen, "version", xc, "xen_version");
        carry(xen, "total_mb", xc, "total_mb");
        carry(xen, "free_mb", xc, "free_mb");
        carry(xen, "nr_cpus", xc, "nr_cpus");
        carry(xen, "nr_nodes", xc, "nr_nodes");
    }
    jset_str(xen, "source", src);
    cmdline = first_commandline(f, &src);
    jset_str(xen, "commandline", cmdline);
    jset_str(xen, "commandline_source", cmdline ? src : NULL);
    /* The toolstack that runs this host: xend answers on OVM; xl elsewhere. */
    if (raw(f, "xm_list") || raw(f, "xm_info") ||
        (services && jget_str(jget(services, "xend"), "state") &&
         strcmp(jget_str(jget(services, "xend"), "state"), "absent")))
        jset_str(xen, "toolstack", "xm");
    else if (raw(f, "xl_list") || raw(f, "xl_info"))
        jset_str(xen, "toolstack", "xl");
    else
        jset_null(xen, "toolstack");
    if (!jget(facts_obj(f, "host"), "cpus"))
        carry(facts_obj(f, "host"), "cpus", xen, "nr_cpus");
}

/* --- domains --------------------------------------------------------------------------- */

static json_object *domain_list(struct facts *f, const char **source)
{
    json_object *l;

    if ((l = arr_of(raw(f, "xm_list"), "domains")) && alen(l)) {
        *source = "xm list";
        return l;
    }
    if ((l = arr_of(raw(f, "xl_list"), "domains")) && alen(l)) {
        *source = "xl list";
        return l;
    }
    return NULL;
}

static bool is_dom0(json_object *d)
{
    int64_t id;
    const char *name = jget_str(d, "name");

    return (jget_int(d, "id", &id) && id == 0) || (jget_int(d, "domid", &id) && id == 0) ||
           (name && !strcmp(name, "Domain-0"));
}

/* The xentop row of a domain: the full name, or the 10-character cut when it names one
 * domain only. */
static json_object *xentop_row(struct facts *f, const char *name, json_object *domains)
{
    json_object *rows = arr_of(raw(f, "xentop"), "domains"), *hit = NULL;
    size_t i, j, n;

    if (!name)
        return NULL;
    for (i = 0; i < alen(rows); i++) {
        const char *xn = jget_str(aget(rows, i), "name");
        if (xn && !strcmp(xn, name))
            return aget(rows, i);
    }
    for (i = 0; i < alen(rows); i++) {
        const char *xn = jget_str(aget(rows, i), "name");
        if (!xn || strlen(xn) != 10 || strncmp(xn, name, 10))
            continue;
        /* ambiguous when another domain shares the prefix */
        for (j = 0, n = 0; j < alen(domains); j++) {
            const char *dn = jget_str(aget(domains, j), "name");
            n += dn && !strncmp(dn, xn, 10);
        }
        if (n == 1)
            hit = aget(rows, i);
    }
    return hit;
}

static json_object *vm_by_name(struct facts *f, const char *name, const char *uuid)
{
    json_object *vms = jget(f->root, "vms");
    size_t i;

    for (i = 0; i < alen(vms); i++) {
        json_object *vm = aget(vms, i);
        const char *n = jget_str(vm, "name"), *u = jget_str(vm, "uuid");
        if ((name && n && !strcmp(n, name)) || (uuid && u && !strcmp(u, uuid)))
            return vm;
    }
    return NULL;
}

static json_object *sxp_domain(struct facts *f, int64_t id)
{
    json_object *l = arr_of(raw(f, "xm_list_l"), "domains");
    size_t i;
    int64_t v;

    if (!l)
        l = arr_of(raw(f, "xl_list_l"), "domains");
    for (i = 0; i < alen(l); i++)
        if (jget_int(aget(l, i), "domid", &v) && v == id)
            return aget(l, i);
    return NULL;
}

static void join_domains(struct facts *f)
{
    const char *source = NULL;
    json_object *list = domain_list(f, &source), *out = json_object_new_array();
    json_object *xt, *vm, *d, *row, *sx;
    size_t i;
    int64_t v, id;

    if (!list && (list = arr_of(raw(f, "xentop"), "domains")) && alen(list))
        source = "xentop";
    if (!list && (list = arr_of(raw(f, "xenctrl"), "domains")) && alen(list))
        source = "libxenctrl";
    for (i = 0; i < alen(list); i++) {
        row = aget(list, i);
        d = json_object_new_object();
        carry(d, "name", row, "name");
        if (jget_int(row, "id", &id) || jget_int(row, "domid", &id))
            jset_int(d, "id", id);
        else
            jset_null(d, "id");
        if (jget_int(row, "mem_mb", &v))
            jset_int(d, "mem_mb", v);
        else if (jget_int(row, "mem_kb", &v))
            jset_int(d, "mem_mb", v / 1024);
        carry(d, "vcpus", row, "vcpus");
        carry(d, "state", row, "state");
        carry(d, "flags", row, "flags");
        carry(d, "cpu_s", row, "cpu_s");
        xt = xentop_row(f, jget_str(row, "name"), list);
        if (xt) {
            carry(d, "cpu_pct", xt, "cpu_pct");
            if (jget_int(xt, "maxmem_kb", &v))
                jset_int(d, "maxmem_mb", v / 1024);
            else
                jset_null(d, "maxmem_mb");
        }
        sx = jget(d, "id") ? sxp_domain(f, json_object_get_int64(jget(d, "id"))) : NULL;
        if (sx) {
            carry(d, "uuid", sx, "uuid");
            carry(d, "on_crash", sx, "on_crash");
        }
        if (is_dom0(row)) {
            jset_str(d, "simple_name", "Domain-0");
        } else if ((vm = vm_by_name(f, jget_str(row, "name"), jget_str(d, "uuid")))) {
            carry(d, "simple_name", vm, "simple_name");
            carry(d, "vm_id", vm, "id");
            carry(d, "repo_id", vm, "repo_id");
            jset_bool(vm, "running", true);
            carry(vm, "domid", d, "id");
        } else {
            /* not an OVM-managed guest (or its vm.cfg is elsewhere): its own name */
            carry(d, "simple_name", row, "name");
        }
        json_object_array_add(out, d);
    }
    json_object_object_add(f->root, "domains", out);
    jset_str(facts_obj(f, "host.xen"), "domains_source", source);
}

/* --- dom0 ------------------------------------------------------------------------------ */

static void set_dom0_mem_arg(json_object *dom0, const char *text, const char *source)
{
    struct dom0mem dm;
    json_object *a;

    if (!text || !dom0mem_parse(text, &dm)) {
        jset_null(dom0, "dom0_mem_arg");
        return;
    }
    a = dom0mem_json(&dm);
    jset_str(a, "source", source);
    json_object_object_add(dom0, "dom0_mem_arg", a);
}

/* The default entry's Xen arguments from the first grub file that has one. */
static const char *grub_xen_args(struct facts *f, const char **which)
{
    json_object *grub = raw(f, "grub");
    const char *args = NULL;

    if (!grub)
        return NULL;
    json_object_object_foreach(grub, path, g) {
        json_object *entries = arr_of(g, "entries");
        int64_t def = 0;
        if (!alen(entries))
            continue;
        if (!jget_int(g, "default", &def) || def < 0 || (size_t)def >= alen(entries))
            def = 0;
        args = jget_str(aget(entries, (size_t)def), "xen_args");
        if (args) {
            *which = path;
            return args;
        }
    }
    return NULL;
}

static void join_dom0(struct facts *f)
{
    json_object *dom0 = facts_obj(f, "dom0"), *domains = jget(f->root, "domains"), *d0 = NULL;
    json_object *xt, *xc, *xcd;
    const char *cmd_src = NULL, *cmdline, *grub_src = NULL, *args;
    size_t i;
    int64_t v;

    for (i = 0; i < alen(domains); i++)
        if (is_dom0(aget(domains, i)))
            d0 = aget(domains, i);
    xt = xentop_row(f, "Domain-0", NULL);
    xc = arr_of(raw(f, "xenctrl"), "domains");
    xcd = NULL;
    for (i = 0; i < alen(xc); i++)
        if (is_dom0(aget(xc, i)))
            xcd = aget(xc, i);
    if (d0 && jget_int(d0, "mem_mb", &v)) {
        jset_int(dom0, "mem_mb", v);
        jset_str(dom0, "mem_source", jget_str(facts_obj(f, "host.xen"), "domains_source"));
    } else if (xt && jget_int(xt, "mem_kb", &v)) {
        jset_int(dom0, "mem_mb", v / 1024);
        jset_str(dom0, "mem_source", "xentop");
    } else if (xcd && jget_int(xcd, "mem_mb", &v)) {
        jset_int(dom0, "mem_mb", v);
        jset_str(dom0, "mem_source", "libxenctrl");
    } else {
        jset_null(dom0, "mem_mb");
        jset_null(dom0, "mem_source");
    }
    /* The running ceiling: xentop says "no limit" when dom0_mem has no max: */
    if (xt && jget(xt, "maxmem_kb") && jget_int(xt, "maxmem_kb", &v))
        jset_int(dom0, "max_mb", v / 1024);
    else if (xt)
        jset_null(dom0, "max_mb");
    else if ((xcd = sxp_domain(f, 0)) && jget_int(xcd, "maxmem_mb", &v))
        jset_int(dom0, "max_mb", v);
    else
        jset_null(dom0, "max_mb");
    if (d0)
        carry(dom0, "vcpus", d0, "vcpus");
    else
        jset_null(dom0, "vcpus");
    cmdline = first_commandline(f, &cmd_src);
    if (cmdline && strstr(cmdline, "dom0_mem=")) {
        set_dom0_mem_arg(dom0, cmdline, "xen commandline");
    } else if ((args = grub_xen_args(f, &grub_src)) && strstr(args, "dom0_mem=")) {
        set_dom0_mem_arg(dom0, args, grub_src);
    } else {
        jset_null(dom0, "dom0_mem_arg");
    }
}

/* --- repositories ---------------------------------------------------------------------- */

struct idset {
    char **ids;
    size_t n, alloc;
};

static void idset_add(struct idset *s, const char *id)
{
    size_t i;

    if (!id || !*id || strlen(id) > 64)
        return;
    for (i = 0; i < s->n; i++)
        if (!strcmp(s->ids[i], id))
            return;
    XGROW(s->ids, s->alloc, s->n + 1);
    s->ids[s->n++] = xstrdup(id);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_object *mount_at(struct facts *f, const char *mount_point)
{
    json_object *mounts = jget(jget(f->root, "storage"), "mounts");
    json_object *hit = NULL;
    size_t i;

    for (i = 0; mount_point && i < alen(mounts); i++) {
        const char *m = jget_str(aget(mounts, i), "mount");
        if (m && !strcmp(m, mount_point))
            hit = aget(mounts, i);   /* the last one wins: it is on top */
    }
    return hit;
}

static void join_repositories(struct facts *f)
{
    struct idset ids = { 0 };
    json_object *agentrepo = jget(jget(f->root, "agentdb"), "repository");
    json_object *mounts = jget(jget(f->root, "storage"), "mounts");
    json_object *vms = jget(f->root, "vms"), *out = json_object_new_array();
    char id[80], mp[160];
    size_t i, j;

    if (agentrepo && json_object_is_type(agentrepo, json_type_object)) {
        json_object_object_foreach(agentrepo, k, v) {
            (void)v;
            idset_add(&ids, k);
        }
    }
    {
        static const char *const srcs[] = { "ovsrepo", "ovsmeta", "listing" };
        for (i = 0; i < ARRAY_SIZE(srcs); i++) {
            json_object *o = raw(f, srcs[i]);
            if (!o)
                continue;
            json_object_object_foreach(o, k, v) {
                (void)v;
                idset_add(&ids, k);
            }
        }
    }
    for (i = 0; i < alen(mounts); i++)
        if (ovmid_repo_of_path(jget_str(aget(mounts, i), "mount"), id, sizeof(id)))
            idset_add(&ids, id);
    for (i = 0; i < alen(vms); i++) {
        json_object *disks = arr_of(aget(vms, i), "disks");
        idset_add(&ids, jget_str(aget(vms, i), "repo_id"));
        for (j = 0; j < alen(disks); j++)
            idset_add(&ids, jget_str(aget(disks, j), "repo_id"));
    }
    if (ids.n > 1)
        qsort(ids.ids, ids.n, sizeof(*ids.ids), cmp_str);

    for (i = 0; i < ids.n; i++) {
        json_object *r = json_object_new_object(), *a = jget(agentrepo, ids.ids[i]);
        json_object *ovsrepo = jget(raw(f, "ovsrepo"), ids.ids[i]);
        json_object *meta = jget(raw(f, "ovsmeta"), ids.ids[i]);
        json_object *listing = jget(raw(f, "listing"), ids.ids[i]);
        json_object *m, *fs, *disks = json_object_new_array();
        const char *amp = jget_str(a, "mount_point");
        int64_t vmc = 0;

        jset_str(r, "id", ids.ids[i]);
        snprintf(mp, sizeof(mp), "%s", amp ? amp : "");
        if (!amp)
            snprintf(mp, sizeof(mp), "/OVS/Repositories/%s", ids.ids[i]);
        jset_str(r, "mount_point", mp);
        m = mount_at(f, mp);
        jset_bool(r, "mounted", m != NULL);
        pick(r, "mount", m, KEYS("device", "fs"));
        /* The collector lists every repository directory it finds: no listing, no directory. */
        jset_bool(r, "dir_exists", listing != NULL || ovsrepo != NULL);
        pick(r, "ovsrepo", ovsrepo, KEYS("uuid", "alias", "mgr_uuid", "version"));
        pick(r, "agentdb", a, KEYS("alias", "manager_uuid", "mount_point", "fs_location",
                                   "filesystem", "version"));
        pick(r, "ovsmeta", meta, KEYS("format", "count"));
        fs = jget(jget(raw(f, "df"), "filesystems"), mp);
        pick(r, "fs", m ? fs : NULL, KEYS("size_bytes", "used_bytes", "avail_bytes", "use_pct"));
        {
            json_object *entries = arr_of(listing, "entries");
            json_object *objects = jget(meta, "objects");
            for (j = 0; j < alen(entries); j++) {
                json_object *e = aget(entries, j), *dk;
                const char *p = jget_str(e, "path"), *type = jget_str(e, "type");
                if (!p || strncmp(p, "VirtualDisks/", 13) || !type || strcmp(type, "file"))
                    continue;
                dk = json_object_new_object();
                jset_str(dk, "name", p + 13);
                carry(dk, "size_bytes", e, "size_bytes");
                carry(dk, "allocated_bytes", e, "allocated_bytes");
                carry(dk, "object_type", e, "object_type");
                carry(dk, "simple_name", jget(objects, p + 13), "simple_name");
                json_object_array_add(disks, dk);
            }
        }
        json_object_object_add(r, "disks", disks);
        for (j = 0; j < alen(vms); j++) {
            const char *vr = jget_str(aget(vms, j), "repo_id");
            vmc += vr && !strcmp(vr, ids.ids[i]);
        }
        jset_int(r, "vm_count", vmc);
        json_object_array_add(out, r);
        free(ids.ids[i]);
    }
    free(ids.ids);
    json_object_object_add(f->root, "repositories", out);
}

/* --- vm disks against listings and multipath ------------------------------------------- */

static json_object *listing_entry(struct facts *f, const char *repo_id, const char *rel)
{
    json_object *entries = arr_of(jget(raw(f, "listing"), repo_id), "entries");
    size_t i;

    for (i = 0; i < alen(entries); i++) {
        const char *p = jget_str(aget(entries, i), "path");
        if (p && !strcmp(p, rel))
            return aget(entries, i);
    }
    return NULL;
}

static bool multipath_has(struct facts *f, const char *dev)
{
    json_object *mp = jget(jget(f->root, "storage"), "multipath");
    const char *base = strrchr(dev, '/');
    size_t i;

    base = base ? base + 1 : dev;
    for (i = 0; i < alen(mp); i++) {
        const char *n = jget_str(aget(mp, i), "name"), *w = jget_str(aget(mp, i), "wwid");
        if ((n && !strcmp(n, base)) || (w && !strcmp(w, base)))
            return true;
    }
    return false;
}

/* The part of a disk path below its repository folder ("VirtualDisks/a.img"), for a path in
 * which ovmid_repo_of_path() found a repository: the key may be anywhere after a '/' or at the
 * start ("OVS/Repositories/<id>" without the leading slash), so it is looked up, not assumed. */
static const char *repo_rel(const char *path)
{
    static const char key[] = "OVS/Repositories/";
    const char *s = strstr(path, key);

    if (!s)
        return "";
    s += sizeof(key) - 1;
    s += strcspn(s, "/");
    return s + (*s == '/');
}

static void join_vm_disks(struct facts *f)
{
    json_object *vms = jget(f->root, "vms");
    size_t i, j;
    char id[80];

    for (i = 0; i < alen(vms); i++) {
        json_object *vm = aget(vms, i), *disks = arr_of(vm, "disks");
        if (!jget(vm, "running")) {
            jset_bool(vm, "running", false);
            jset_null(vm, "domid");
        }
        for (j = 0; j < alen(disks); j++) {
            json_object *d = aget(disks, j), *e;
            const char *p = jget_str(d, "path");
            const char *rel;
            if (!p || !*p) {
                jset_null(d, "exists");     /* an empty CD drive */
                continue;
            }
            if (ovmid_repo_of_path(p, id, sizeof(id))) {
                rel = repo_rel(p);
                if (!jget(raw(f, "listing"), id)) {
                    jset_null(d, "exists");   /* repository not listed: unknown */
                    continue;
                }
                e = listing_entry(f, id, rel);
                jset_bool(d, "exists", e != NULL);
                if (e)
                    carry(d, "size_bytes", e, "size_bytes");
            } else if (!strncmp(p, "/dev/mapper/", 12) && jget(jget(f->root, "storage"), "multipath")) {
                jset_bool(d, "exists", multipath_has(f, p));
            } else {
                jset_null(d, "exists");
            }
        }
    }
}

/* --- network, filesystems -------------------------------------------------------------- */

static void join_network(struct facts *f)
{
    json_object *ifs = jget(jget(f->root, "network"), "interfaces"), *addrs = raw(f, "ip_addr");
    size_t i;

    for (i = 0; i < alen(ifs); i++) {
        json_object *a = jget(addrs, jget_str(aget(ifs, i), "name"));
        json_object_object_add(aget(ifs, i), "addresses", a ? copy(a) : json_object_new_array());
    }
}

static void join_filesystems(struct facts *f)
{
    json_object *fs = jget(raw(f, "df"), "filesystems"), *out;

    if (!fs)
        return;
    out = json_object_new_array();
    json_object_object_foreach(fs, mount, v) {
        json_object *o = json_object_object_get(v, "device") ? json_object_new_object() : NULL;
        if (!o)
            continue;
        jset_str(o, "mount", mount);
        json_object_object_foreach(v, k, val)
            json_object_object_add(o, k, copy(val));
        json_object_array_add(out, o);
    }
    json_object_object_add(facts_obj(f, "storage"), "filesystems", out);
}

/* --- canonical order ------------------------------------------------------------------- */

static const char *sort_key;

static int cmp_by_key(const void *a, const void *b)
{
    json_object *x = *(json_object *const *)a, *y = *(json_object *const *)b;
    const char *sx = json_object_to_json_string_ext(jget(x, sort_key), JSON_C_TO_STRING_PLAIN);
    char *dup = xstrdup(sx);
    const char *sy = json_object_to_json_string_ext(jget(y, sort_key), JSON_C_TO_STRING_PLAIN);
    int r = strcmp(dup, sy);

    free(dup);
    if (r)
        return r;
    /* a stable, complete order: the whole object */
    dup = xstrdup(json_object_to_json_string_ext(x, JSON_C_TO_STRING_PLAIN));
    r = strcmp(dup, json_object_to_json_string_ext(y, JSON_C_TO_STRING_PLAIN));
    free(dup);
    return r;
}

static int cmp_domains(const void *a, const void *b)
{
    int64_t x = -1, y = -1;

    jget_int(*(json_object *const *)a, "id", &x);
    jget_int(*(json_object *const *)b, "id", &y);
    if (x != y)
        return x < y ? -1 : 1;
    sort_key = "name";
    return cmp_by_key(a, b);
}

static void sort_array(json_object *arr, const char *key)
{
    if (alen(arr) < 2)
        return;
    sort_key = key;
    json_object_array_sort(arr, cmp_by_key);
}

static void sort_arrays(struct facts *f)
{
    json_object *logs = jget(f->root, "logs");

    sort_array(jget(f->root, "vms"), "path");
    sort_array(jget(f->root, "errors"), "artefact");
    sort_array(jget(jget(f->root, "storage"), "filesystems"), "mount");
    if (alen(jget(f->root, "domains")) > 1)
        json_object_array_sort(jget(f->root, "domains"), cmp_domains);
    if (logs) {
        json_object_object_foreach(logs, name, src) {
            (void)name;
            sort_array(jget(src, "files"), "path");
        }
    }
}

/* The manifest against the entries: an item it calls collected must be there, with the size it
 * says. A bundle edited after collection, or a manifest that lies, shows up in errors[]. */
#define CLAIMS_SHOWN 20

static void check_manifest_claims(struct facts *f)
{
    json_object *claims = jget(f->raw, "manifest_claims"), *entries = jget(f->raw, "entries");
    size_t wrong = 0;

    if (!claims || !entries)
        return;
    json_object_object_foreach(claims, path, claim) {
        json_object *have = jget(entries, path);
        int64_t want = json_object_get_int64(claim), got = have ? json_object_get_int64(have) : 0;
        if (have && got == want)
            continue;
        if (++wrong > CLAIMS_SHOWN)
            continue;
        if (!have)
            facts_error(f, "manifest.json", 0, "lists '%s' as collected, but the bundle has no such entry",
                        path);
        else
            facts_error(f, "manifest.json", 0, "says '%s' holds %lld bytes; the entry has %lld", path,
                        (long long)want, (long long)got);
    }
    if (wrong > CLAIMS_SHOWN)
        facts_error(f, "manifest.json", 0, "%zu more items disagree with the bundle's entries",
                    wrong - CLAIMS_SHOWN);
}

void facts_join(struct facts *f)
{
    /* Sections every consumer may rely on, even when their artefacts are absent. */
    facts_arr(f, "errors");
    facts_arr(f, "vms");
    join_meta(f);
    check_manifest_claims(f);
    join_xen(f);
    join_domains(f);
    join_dom0(f);
    join_repositories(f);
    join_vm_disks(f);
    join_network(f);
    join_filesystems(f);
    sort_arrays(f);
    {
        int64_t dropped = 0;
        if (jget_int(jget(f->raw, "errors"), "dropped", &dropped) && dropped > 0) {
            /* appended after sorting: it stays last, whatever its text */
            json_object *e = json_object_new_object();
            char msg[128];
            snprintf(msg, sizeof(msg), "%lld more problems were not listed (the first %d are)",
                     (long long)dropped, FACTS_ERRORS_MAX);
            jset_null(e, "artefact");
            jset_int(e, "line", 0);
            jset_str(e, "level", "error");
            jset_str(e, "message", msg);
            json_object_array_add(facts_arr(f, "errors"), e);
        }
    }
}
