/* SPDX-License-Identifier: MIT */
/* pool.c: analyze --pool: each bundle in turn (host rules), then the joins across the hosts
 * (docs/facts/pool.md) and the pool rules. The joins only read the host facts documents; they
 * never guess: a member whose bundle lacks an artefact gives null there. */
#include "engine/pool.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void pool_init(struct pool *p)
{
    memset(p, 0, sizeof(*p));
}

void pool_release(struct pool *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        free(p->hosts[i].path);
        free(p->hosts[i].name);
        json_object_put(p->hosts[i].facts);
        eval_run_release(&p->hosts[i].run);
    }
    free(p->hosts);
    for (i = 0; i < p->nunreadable; i++)
        free(p->unreadable[i].path);
    free(p->unreadable);
    json_object_put(p->doc);
    eval_run_release(&p->run);
    pool_init(p);
}

int pool_add_bundle(struct pool *p, struct ruleset *rs, const char *path, struct err *err)
{
    struct pool_host h = { 0 };
    struct facts f;
    int rc;

    facts_init(&f);
    rc = eval_bundle(rs, path, &f, &h.run, err);
    if (rc) {
        facts_release(&f);
        eval_run_release(&h.run);
        /* the reader's messages usually name the file already */
        if (!strstr(err->msg, path))
            rc = err_prefix(err, "bundle '%s'", path);
        XGROW(p->unreadable, p->unreadable_alloc, p->nunreadable + 1);
        p->unreadable[p->nunreadable].path = xstrdup(path);
        p->unreadable[p->nunreadable++].err = *err;
        return rc;
    }
    /* raw holds the analyzers' intermediate results: not part of the document */
    h.facts = json_object_get(f.root);
    facts_release(&f);
    h.path = xstrdup(path);
    XGROW(p->hosts, p->alloc, p->n + 1);
    p->hosts[p->n++] = h;
    return 0;
}

/* --- small json helpers ------------------------------------------------------------------ */

static json_object *path2(json_object *o, const char *a, const char *b)
{
    return jget(jget(o, a), b);
}

static json_object *copy(json_object *o)
{
    return json_object_get(o);
}

/* A set of strings kept as an object's keys; arr_of() turns it into a sorted array. */
static void set_add(json_object *set, const char *s)
{
    if (s && !jget(set, s))
        json_object_object_add(set, s, json_object_new_boolean(1));
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **sorted_keys(json_object *obj, size_t *n_out)
{
    size_t n = 0, len = obj ? (size_t)json_object_object_length(obj) : 0;
    const char **keys = xcalloc(len ? len : 1, sizeof(*keys));

    if (obj) {
        json_object_object_foreach(obj, k, v) {
            (void)v;
            keys[n++] = k;
        }
    }
    if (n > 1)
        qsort(keys, n, sizeof(*keys), cmp_cstr);
    *n_out = n;
    return keys;
}

static json_object *arr_of(json_object *set)
{
    json_object *a = json_object_new_array();
    size_t n, i;
    const char **keys = sorted_keys(set, &n);

    for (i = 0; i < n; i++)
        json_object_array_add(a, json_object_new_string(keys[i]));
    free(keys);
    return a;
}

/* The values of an object keyed by id, as an array in key order (new references). */
static json_object *rows_of(json_object *by_key)
{
    json_object *a = json_object_new_array();
    size_t n, i;
    const char **keys = sorted_keys(by_key, &n);

    for (i = 0; i < n; i++)
        json_object_array_add(a, copy(jget(by_key, keys[i])));
    free(keys);
    return a;
}

static json_object *row_for(json_object *by_key, const char *key)
{
    json_object *row = jget(by_key, key);

    if (!row) {
        row = json_object_new_object();
        json_object_object_add(by_key, key, row);
    }
    return row;
}

static size_t alen(json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static json_object *aget(json_object *a, size_t i)
{
    return json_object_array_get_idx(a, i);
}

/* The OVM id of a running domain: its vm.cfg's, else its own name (OVM names a guest domain
 * by its id, so a member that does not see the vm.cfg still joins). NULL for Domain-0. */
static const char *domain_vm_id(json_object *d)
{
    const char *id = jget_str(d, "vm_id"), *name = jget_str(d, "name");
    int64_t domid;

    if (id)
        return id;
    if (!name || !strcmp(name, "Domain-0") || (jget_int(d, "id", &domid) && domid == 0))
        return NULL;
    return name;
}

/* --- members ----------------------------------------------------------------------------- */

static const char *host_name_of(json_object *facts)
{
    const char *s = jget_str(jget(facts, "host"), "hostname");

    if (!s || !*s)
        s = jget_str(jget(facts, "meta"), "hostname");
    if (!s || !*s)
        s = jget_str(jget(facts, "meta"), "bundle");
    return s && *s ? s : NULL;
}

/* A unique name per host: the host name; a second bundle of the same host gets "~2". */
static char **member_names(json_object *hosts)
{
    size_t n = alen(hosts), i, j, k;
    char **names = xcalloc(n ? n : 1, sizeof(*names));
    char tmp[300];

    for (i = 0; i < n; i++) {
        const char *s = host_name_of(aget(hosts, i));
        if (!s) {
            snprintf(tmp, sizeof(tmp), "host-%zu", i + 1);
            s = tmp;
        }
        names[i] = xstrdup(s);
        for (k = 2;; k++) {
            for (j = 0; j < i && strcmp(names[j], names[i]); j++)
                ;
            if (j == i)
                break;
            snprintf(tmp, sizeof(tmp), "%s~%zu", s, k);
            free(names[i]);
            names[i] = xstrdup(tmp);
        }
    }
    return names;
}

static bool is_true(json_object *o)
{
    return o && json_object_is_type(o, json_type_boolean) && json_object_get_boolean(o);
}

/* The pool file system is mounted when a mount's device or mount point names its uuid or
 * target. */
static json_object *poolfs_of(json_object *facts)
{
    json_object *srv = path2(facts, "agentdb", "server"), *mounts = path2(facts, "storage", "mounts");
    const char *uuid = jget_str(srv, "poolfs_uuid"), *target = jget_str(srv, "poolfs_target");
    json_object *o;
    size_t i;
    bool mounted = false;

    if ((!uuid || !*uuid) && (!target || !*target))
        return NULL;
    for (i = 0; i < alen(mounts); i++) {
        const char *dev = jget_str(aget(mounts, i), "device");
        const char *mnt = jget_str(aget(mounts, i), "mount");
        if ((uuid && *uuid && mnt && strstr(mnt, uuid)) ||
            (target && *target && dev && !strcmp(dev, target)))
            mounted = true;
    }
    o = json_object_new_object();
    jset_str(o, "uuid", uuid && *uuid ? uuid : NULL);
    jset_str(o, "target", target && *target ? target : NULL);
    jset_bool(o, "mounted", mounted);
    return o;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

static json_object *member_of(json_object *facts, const char *name)
{
    json_object *m = json_object_new_object(), *host = jget(facts, "host");
    json_object *srv = path2(facts, "agentdb", "server"), *meta = jget(facts, "meta");
    json_object *o2cb = path2(facts, "cluster", "o2cb"), *o, *set, *doms = jget(facts, "domains");
    json_object *vms = jget(facts, "vms");
    const char *src = jget_str(meta, "snapshot_source"), *snap = jget_str(meta, "snapshot_time");
    int64_t v, ha_mb = 0;
    time_t t;
    size_t i, j;

    jset_str(m, "name", name);
    json_object_object_add(m, "hostname", copy(jget(host, "hostname")));
    json_object_object_add(m, "bundle", copy(jget(meta, "bundle")));
    json_object_object_add(m, "snapshot_time", copy(jget(meta, "snapshot_time")));
    json_object_object_add(m, "snapshot_source", copy(jget(meta, "snapshot_source")));
    if (src && !strcmp(src, "date -u") && snap && time_parse_when(snap, 0, &t))
        jset_int(m, "clock_epoch_s", (int64_t)t);
    else
        jset_null(m, "clock_epoch_s");
    json_object_object_add(m, "xen_version", copy(path2(host, "xen", "version")));
    json_object_object_add(m, "kernel", copy(jget(host, "kernel")));
    json_object_object_add(m, "ovm_release", copy(jget(host, "ovm_release")));
    json_object_object_add(m, "agent_version", copy(jget(host, "agent_version")));
    json_object_object_add(m, "ntp", copy(jget(host, "ntp")));
    json_object_object_add(m, "total_mb", copy(path2(host, "xen", "total_mb")));
    json_object_object_add(m, "free_mb", copy(path2(host, "xen", "free_mb")));
    json_object_object_add(m, "dom0_mb", copy(path2(facts, "dom0", "mem_mb")));

    json_object_object_add(m, "registered_ip", copy(jget(srv, "registered_ip")));
    json_object_object_add(m, "pool_uuid", copy(jget(srv, "pool_uuid")));
    json_object_object_add(m, "pool_alias", copy(jget(srv, "pool_alias")));
    json_object_object_add(m, "is_master", copy(jget(srv, "is_master")));
    json_object_object_add(m, "pool_master_ip", copy(jget(srv, "pool_master_ip")));
    json_object_object_add(m, "node_number", copy(jget(srv, "node_number")));
    o = jget(srv, "pool_member_ip_list");
    if (o && json_object_is_type(o, json_type_array)) {
        set = json_object_new_object();
        for (i = 0; i < alen(o); i++)
            set_add(set, json_object_get_string(aget(o, i)));
        json_object_object_add(m, "pool_member_ip_list", arr_of(set));
        json_object_put(set);
    } else {
        jset_null(m, "pool_member_ip_list");
    }

    o = json_object_new_object();
    json_object_object_add(o, "state", copy(jget(o2cb, "state")));
    json_object_object_add(o, "heartbeat_mode", copy(jget(o2cb, "heartbeat_mode")));
    json_object_object_add(o, "dead_threshold", copy(jget(o2cb, "dead_threshold")));
    json_object_object_add(o, "network_idle_timeout_ms", copy(jget(o2cb, "network_idle_timeout_ms")));
    json_object_object_add(o, "keepalive_delay_ms", copy(jget(o2cb, "keepalive_delay_ms")));
    json_object_object_add(o, "reconnect_delay_ms", copy(jget(o2cb, "reconnect_delay_ms")));
    json_object_object_add(m, "o2cb", o2cb ? o : NULL);
    if (!o2cb)
        json_object_put(o);

    o = poolfs_of(facts);
    json_object_object_add(m, "poolfs", o);

    /* the guests running here (Domain-0 left out), and the memory of the HA ones */
    set = json_object_new_object();
    for (i = 0; i < alen(doms); i++) {
        json_object *d = aget(doms, i);
        const char *id = domain_vm_id(d);
        if (!id)
            continue;
        set_add(set, id);
        for (j = 0; j < alen(vms); j++) {
            json_object *vm = aget(vms, j);
            const char *vid = jget_str(vm, "id");
            if (vid && !strcmp(vid, id) && is_true(jget(vm, "ha")) &&
                jget_int(vm, "memory_mb", &v))
                ha_mb += v;
        }
    }
    json_object_object_add(m, "running", arr_of(set));
    json_object_put(set);
    jset_int(m, "ha_running_mb", ha_mb);
    return m;
}

/* clock_offset_s: each clock against the median of the clocks known. */
static void clock_offsets(json_object *members)
{
    size_t n = alen(members), k = 0, i;
    int64_t *v = xcalloc(n ? n : 1, sizeof(*v)), med = 0, e;

    for (i = 0; i < n; i++)
        if (jget_int(aget(members, i), "clock_epoch_s", &e))
            v[k++] = e;
    if (k) {
        qsort(v, k, sizeof(*v), cmp_i64);
        med = k % 2 ? v[k / 2] : v[k / 2 - 1] + (v[k / 2] - v[k / 2 - 1]) / 2;
    }
    for (i = 0; i < n; i++) {
        if (jget_int(aget(members, i), "clock_epoch_s", &e))
            jset_int(aget(members, i), "clock_offset_s", e - med);
        else
            jset_null(aget(members, i), "clock_offset_s");
    }
    free(v);
}

/* --- the joins ------------------------------------------------------------------------- */

static void join_vms(json_object *by_id, json_object *facts, const char *name)
{
    json_object *vms = jget(facts, "vms"), *doms = jget(facts, "domains");
    size_t i;

    for (i = 0; i < alen(vms); i++) {
        json_object *vm = aget(vms, i), *row, *set;
        const char *id = jget_str(vm, "id");
        if (!id)
            continue;
        row = row_for(by_id, id);
        if (!jget(row, "simple_name") && jget_str(vm, "simple_name"))
            json_object_object_add(row, "simple_name", copy(jget(vm, "simple_name")));
        if (!jget(row, "uuid") && jget_str(vm, "uuid"))
            json_object_object_add(row, "uuid", copy(jget(vm, "uuid")));
        if (!jget(row, "memory_mb") && jget(vm, "memory_mb"))
            json_object_object_add(row, "memory_mb", copy(jget(vm, "memory_mb")));
        if (is_true(jget(vm, "ha")))
            jset_bool(row, "ha", true);
        if (!(set = jget(row, "~config")))
            json_object_object_add(row, "~config", set = json_object_new_object());
        set_add(set, name);
    }
    for (i = 0; i < alen(doms); i++) {
        json_object *d = aget(doms, i), *row, *set;
        const char *id = domain_vm_id(d);
        if (!id)
            continue;
        row = row_for(by_id, id);
        if (!(set = jget(row, "~running")))
            json_object_object_add(row, "~running", set = json_object_new_object());
        set_add(set, name);
    }
}

static void finish_vms(json_object *by_id)
{
    json_object_object_foreach(by_id, id, row) {
        json_object *run = jget(row, "~running"), *cfg = jget(row, "~config");
        jset_str(row, "id", id);
        if (!jget(row, "simple_name"))
            jset_str(row, "simple_name", id);
        if (!jget(row, "uuid"))
            jset_null(row, "uuid");
        if (!jget(row, "memory_mb"))
            jset_null(row, "memory_mb");
        if (!jget(row, "ha"))
            jset_bool(row, "ha", false);
        json_object_object_add(row, "running_on", arr_of(run));
        json_object_object_add(row, "config_on", arr_of(cfg));
        json_object_object_del(row, "~running");
        json_object_object_del(row, "~config");
    }
}

static void join_repos(json_object *by_id, json_object *facts, const char *name)
{
    json_object *repos = jget(facts, "repositories");
    size_t i;

    for (i = 0; i < alen(repos); i++) {
        json_object *r = aget(repos, i), *row, *set;
        const char *id = jget_str(r, "id");
        const char *alias = jget_str(jget(r, "agentdb"), "alias");
        if (!id)
            continue;
        if (!alias)
            alias = jget_str(jget(r, "ovsrepo"), "alias");
        row = row_for(by_id, id);
        if (alias && !jget(row, "alias"))
            jset_str(row, "alias", alias);
        if (!(set = jget(row, "~known")))
            json_object_object_add(row, "~known", set = json_object_new_object());
        set_add(set, name);
        if (is_true(jget(r, "mounted"))) {
            if (!(set = jget(row, "~mounted")))
                json_object_object_add(row, "~mounted", set = json_object_new_object());
            set_add(set, name);
        }
    }
}

static void finish_repos(json_object *by_id, char **names, size_t n)
{
    size_t i;

    json_object_object_foreach(by_id, id, row) {
        json_object *mounted = jget(row, "~mounted"), *missing = json_object_new_object();
        jset_str(row, "id", id);
        if (!jget(row, "alias"))
            jset_null(row, "alias");
        for (i = 0; i < n; i++)
            if (!jget(mounted, names[i]))
                set_add(missing, names[i]);
        json_object_object_add(row, "known_on", arr_of(jget(row, "~known")));
        json_object_object_add(row, "mounted_on", arr_of(mounted));
        json_object_object_add(row, "not_mounted_on", arr_of(missing));
        json_object_put(missing);
        json_object_object_del(row, "~known");
        json_object_object_del(row, "~mounted");
    }
}

static void join_wwids(json_object *by_id, json_object *facts, const char *name)
{
    json_object *mp = path2(facts, "storage", "multipath");
    int64_t v;
    size_t i;

    for (i = 0; i < alen(mp); i++) {
        json_object *d = aget(mp, i), *row, *per, *o;
        const char *wwid = jget_str(d, "wwid");
        if (!wwid)
            continue;
        row = row_for(by_id, wwid);
        if (!(per = jget(row, "hosts")))
            json_object_object_add(row, "hosts", per = json_object_new_array());
        o = json_object_new_object();
        jset_str(o, "host", name);
        jset_int(o, "paths", (int64_t)alen(jget(d, "paths")));
        if (jget_int(d, "active_paths", &v))
            jset_int(o, "active_paths", v);
        else
            jset_null(o, "active_paths");
        if (jget_int(d, "failed_paths", &v))
            jset_int(o, "failed_paths", v);
        else
            jset_null(o, "failed_paths");
        json_object_array_add(per, o);
    }
}

static void finish_wwids(json_object *by_id, char **names, size_t n)
{
    size_t i, j;

    json_object_object_foreach(by_id, wwid, row) {
        json_object *per = jget(row, "hosts"), *missing = json_object_new_object();
        json_object *counts = json_object_new_object();
        char num[32];
        jset_str(row, "wwid", wwid);
        for (i = 0; i < n; i++) {
            for (j = 0; j < alen(per); j++)
                if (!strcmp(jget_str(aget(per, j), "host"), names[i]))
                    break;
            if (j == alen(per))
                set_add(missing, names[i]);
        }
        for (j = 0; j < alen(per); j++) {
            int64_t p = 0;
            jget_int(aget(per, j), "paths", &p);
            snprintf(num, sizeof(num), "%lld", (long long)p);
            set_add(counts, num);
        }
        json_object_object_add(row, "missing_on", arr_of(missing));
        jset_int(row, "path_counts", (int64_t)json_object_object_length(counts));
        json_object_put(missing);
        json_object_put(counts);
    }
}

/* "o2dlm has evicted node 2 from domain X" (newer kernels), "... from group X" (older). */
static void join_evictions(json_object *out, json_object *facts, json_object *timeline,
                           const char *name)
{
    json_object *nodes = jget(path2(facts, "cluster", "conf"), "nodes");
    size_t i, j;

    for (i = 0; i < alen(timeline); i++) {
        json_object *ev = aget(timeline, i), *o;
        const char *text = jget_str(ev, "text"), *p, *dom;
        long long num;
        char *end, dombuf[128];
        size_t dl = 0;
        if (!text || !(p = strstr(text, "evicted node ")))
            continue;
        p += 13;
        num = strtoll(p, &end, 10);
        if (end == p)
            continue;
        dom = strstr(end, " from domain ");
        if (dom)
            dom += 13;
        else if ((dom = strstr(end, " from group ")))
            dom += 12;
        if (dom) {
            while (dom[dl] && dom[dl] != ' ' && dl + 1 < sizeof(dombuf))
                dl++;
            memcpy(dombuf, dom, dl);
        }
        dombuf[dl] = '\0';
        o = json_object_new_object();
        jset_str(o, "reported_by", name);
        jset_int(o, "node_number", num);
        jset_null(o, "node");
        for (j = 0; j < alen(nodes); j++) {
            int64_t k;
            if (jget_int(aget(nodes, j), "number", &k) && k == num)
                json_object_object_add(o, "node", copy(jget(aget(nodes, j), "name")));
        }
        jset_str(o, "domain", dl ? dombuf : NULL);
        json_object_object_add(o, "time", copy(jget(ev, "time")));
        json_object_object_add(o, "file", copy(jget(ev, "file")));
        json_object_object_add(o, "line", copy(jget(ev, "line")));
        json_object_object_add(o, "text", copy(jget(ev, "text")));
        json_object_array_add(out, o);
    }
}

/* The pool's name: the agent's pool alias most members give (ties: the smallest). */
static void pool_identity(json_object *pool, json_object *members)
{
    json_object *counts = json_object_new_object();
    const char *best = NULL;
    int64_t bestn = 0, c;
    size_t i, n;
    const char **keys;

    for (i = 0; i < alen(members); i++) {
        const char *a = jget_str(aget(members, i), "pool_alias");
        if (!a)
            continue;
        c = 0;
        jget_int(counts, a, &c);
        json_object_object_add(counts, a, json_object_new_int64(c + 1));
    }
    keys = sorted_keys(counts, &n);
    for (i = 0; i < n; i++) {
        jget_int(counts, keys[i], &c);
        if (c > bestn) {
            bestn = c;
            best = keys[i];
        }
    }
    jset_str(pool, "name", best);
    free(keys);
    json_object_put(counts);
}

json_object *pool_join(json_object *hosts, json_object *timelines)
{
    json_object *pool = json_object_new_object(), *members = json_object_new_array();
    json_object *vms = json_object_new_object(), *repos = json_object_new_object();
    json_object *wwids = json_object_new_object(), *evictions = json_object_new_array();
    json_object *masters = json_object_new_object();
    size_t n = alen(hosts), i;
    char **names = member_names(hosts);

    for (i = 0; i < n; i++) {
        json_object *facts = aget(hosts, i), *m = member_of(facts, names[i]);
        json_object_array_add(members, m);
        if (is_true(jget(m, "is_master")))
            set_add(masters, names[i]);
        join_vms(vms, facts, names[i]);
        join_repos(repos, facts, names[i]);
        join_wwids(wwids, facts, names[i]);
        if (timelines)
            join_evictions(evictions, facts, aget(timelines, i), names[i]);
    }
    clock_offsets(members);
    finish_vms(vms);
    finish_repos(repos, names, n);
    finish_wwids(wwids, names, n);
    pool_identity(pool, members);
    jset_int(pool, "size", (int64_t)n);
    json_object_object_add(pool, "hosts", copy(hosts));
    json_object_object_add(pool, "members", members);
    json_object_object_add(pool, "masters", arr_of(masters));
    json_object_object_add(pool, "vms", rows_of(vms));
    json_object_object_add(pool, "repositories", rows_of(repos));
    json_object_object_add(pool, "wwids", rows_of(wwids));
    json_object_object_add(pool, "evictions", evictions);
    json_object_put(masters);
    json_object_put(vms);
    json_object_put(repos);
    json_object_put(wwids);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return pool;
}

/* --- the run ----------------------------------------------------------------------------- */

static int cmp_host(const void *a, const void *b)
{
    const struct pool_host *x = a, *y = b;
    const char *nx = host_name_of(x->facts), *ny = host_name_of(y->facts);
    int r = strcmp(nx ? nx : "", ny ? ny : "");

    return r ? r : strcmp(x->path, y->path);
}

void pool_finish(struct pool *p, struct ruleset *rs)
{
    json_object *hosts = json_object_new_array(), *tls = json_object_new_array(), *pool, *m;
    size_t i;

    if (p->n > 1)
        qsort(p->hosts, p->n, sizeof(*p->hosts), cmp_host);
    for (i = 0; i < p->n; i++) {
        json_object_array_add(hosts, json_object_get(p->hosts[i].facts));
        json_object_array_add(tls, p->hosts[i].run.timeline ?
                                       json_object_get(p->hosts[i].run.timeline) :
                                       json_object_new_array());
    }
    pool = pool_join(hosts, tls);
    m = jget(pool, "members");
    for (i = 0; i < p->n; i++) {
        free(p->hosts[i].name);
        p->hosts[i].name = xstrdup(jget_str(aget(m, i), "name"));
    }
    p->doc = json_object_new_object();
    json_object_object_add(p->doc, "pool", pool);
    eval_rules_scope(rs, p->doc, SCOPE_POOL, &p->run);
    json_object_put(hosts);
    json_object_put(tls);
}
