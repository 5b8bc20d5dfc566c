/* SPDX-License-Identifier: MIT */
/* html-tables.c: the host's state as tables: domains (simple name beside the 32-hex id), the
 * configured VMs, the repositories with the agent DB, .ovsrepo, the mount and df side by side
 * (every disagreement marked), multipath, file systems and the OCFS2 cluster. */
#include "reports/html.h"
#include "analyzers/facts.h"

#include <inttypes.h>
#include <string.h>

#include "lib/banned.h"

static void th_row(struct buf *b, const char *const *cols)
{
    buf_adds(b, "<tr>");
    for (; *cols; cols++)
        buf_addf(b, "<th%s>%s</th>", (*cols)[0] == '#' ? " class=\"num\"" : "",
                 (*cols)[0] == '#' ? *cols + 1 : *cols);
    buf_adds(b, "</tr>\n");
}

static void td_int(struct buf *b, json_object *o, const char *key)
{
    json_object *v = jget(o, key);
    int64_t n;

    if (v && jget_int(o, key, &n))
        buf_addf(b, "<td class=\"num\">%" PRId64 "</td>", n);
    else
        buf_adds(b, "<td class=\"num\">—</td>");
}

static void td_bytes(struct buf *b, json_object *o, const char *key)
{
    int64_t n;

    buf_adds(b, "<td class=\"num\">");
    if (jget_int(o, key, &n))
        html_bytes(b, n);
    else
        buf_adds(b, "—");
    buf_adds(b, "</td>");
}

static void td_str(struct buf *b, const char *s, const char *cls)
{
    buf_adds(b, cls ? "<td class=\"" : "<td>");
    if (cls) {
        buf_adds(b, cls);
        buf_adds(b, "\">");
    }
    html_text(b, s && *s ? s : "—");
    buf_adds(b, "</td>");
}

static void flags_text(struct buf *b, json_object *flags)
{
    static const char *const names[] = { "running", "blocked", "paused", "shutdown", "crashed", "dying" };
    size_t i;
    bool any = false;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        json_object *v = jget(flags, names[i]);
        if (v && json_object_get_boolean(v)) {
            buf_adds(b, any ? ", " : "");
            buf_adds(b, names[i]);
            any = true;
        }
    }
}

void html_domains(struct buf *b, json_object *facts)
{
    static const char *const dcols[] = { "Simple name", "Domain (OVM id)", "#ID", "State", "#Memory MB",
                                         "#Max MB", "#vCPUs", "CPU time", "#CPU %", NULL };
    static const char *const vcols[] = { "Simple name", "VM id", "Running", "#Memory MB", "#Max MB",
                                         "#vCPUs", "Type", "HA", "On crash", "Disks", NULL };
    json_object *doms = jget(facts, "domains"), *vms = jget(facts, "vms");
    size_t i, j;

    buf_adds(b, "<section id=\"domains\">\n<h2>Domains</h2>\n");
    if (!jarr_len(doms)) {
        buf_adds(b, "<p class=\"note\">No domain list in the bundle (xm/xl list was not collected).</p>\n");
    } else {
        buf_adds(b, "<table>");
        th_row(b, dcols);
        for (i = 0; i < jarr_len(doms); i++) {
            json_object *d = jarr_at(doms, i), *flags = jget(d, "flags");
            json_object *crashed = jget(flags, "crashed");
            int64_t cpu;
            buf_adds(b, "<tr>");
            td_str(b, jget_str(d, "simple_name"), NULL);
            td_str(b, jget_str(d, "name"), "mono");
            td_int(b, d, "id");
            buf_adds(b, crashed && json_object_get_boolean(crashed) ? "<td class=\"bad\"><code>" : "<td><code>");
            html_text(b, jstr_or(d, "state", ""));
            buf_adds(b, "</code> ");
            flags_text(b, flags);
            buf_adds(b, "</td>");
            td_int(b, d, "mem_mb");
            td_int(b, d, "maxmem_mb");
            td_int(b, d, "vcpus");
            buf_adds(b, "<td class=\"num\">");
            if (jget_int(d, "cpu_s", &cpu))
                html_duration(b, cpu);
            else
                buf_adds(b, "—");
            buf_adds(b, "</td>");
            td_int(b, d, "cpu_pct");
            buf_adds(b, "</tr>\n");
        }
        buf_adds(b, "</table>\n");
    }
    if (!jarr_len(vms)) {
        buf_adds(b, "</section>\n");
        return;
    }
    buf_addf(b, "<h3>Configured VMs (%zu vm.cfg)</h3>\n<table>", jarr_len(vms));
    th_row(b, vcols);
    for (i = 0; i < jarr_len(vms); i++) {
        json_object *v = jarr_at(vms, i), *disks = jget(v, "disks");
        size_t missing = 0;
        for (j = 0; j < jarr_len(disks); j++) {
            json_object *e = jget(jarr_at(disks, j), "exists");
            missing += e && json_object_is_type(e, json_type_boolean) && !json_object_get_boolean(e);
        }
        buf_adds(b, "<tr>");
        td_str(b, jget_str(v, "simple_name"), NULL);
        td_str(b, jget_str(v, "id"), "mono");
        html_td(b, jget(v, "running"), NULL);
        td_int(b, v, "memory_mb");
        td_int(b, v, "maxmem_mb");
        td_int(b, v, "vcpus");
        td_str(b, jget_str(v, "domain_type") ? jget_str(v, "domain_type") : jget_str(v, "builder"), NULL);
        html_td(b, jget(v, "ha"), NULL);
        td_str(b, jget_str(v, "on_crash"), NULL);
        if (missing)
            buf_addf(b, "<td class=\"bad\">%zu, %zu missing</td>", jarr_len(disks), missing);
        else
            buf_addf(b, "<td>%zu</td>", jarr_len(disks));
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>\n</section>\n");
}

/* A cell that agrees with the reference (or has none) is plain; one that differs is marked. */
static void td_cmp(struct buf *b, const char *v, const char *ref)
{
    bool differs = v && ref && strcmp(v, ref);

    td_str(b, v, differs ? "bad" : NULL);
}

static void repo_row(struct buf *b, const char *label, const char *db, const char *repo,
                     const char *live)
{
    buf_addf(b, "<tr><th>%s</th>", label);
    td_str(b, db, NULL);
    td_cmp(b, repo, db);
    td_cmp(b, live, db);
    buf_adds(b, "</tr>\n");
}

static void repository(struct buf *b, json_object *r)
{
    json_object *db = jget(r, "agentdb"), *or = jget(r, "ovsrepo"), *fs = jget(r, "fs");
    json_object *mount = jget(r, "mount"), *mounted = jget(r, "mounted"), *meta = jget(r, "ovsmeta");
    bool is_mounted = mounted && json_object_get_boolean(mounted);
    int64_t v;

    buf_adds(b, "<h3>");
    html_text(b, jstr_or(db, "alias", jstr_or(or, "alias", "repository")));
    buf_adds(b, " <code class=\"sub\">");
    html_text(b, jstr_or(r, "id", "?"));
    buf_adds(b, "</code></h3>\n<table><tr><th></th><th>Agent database</th><th>.ovsrepo on disk</th>"
                "<th>This server now (mounts, df)</th></tr>\n");
    if (!db)
        buf_adds(b, "<tr><th>Known to the agent</th><td class=\"bad\">no</td><td></td><td></td></tr>\n");
    repo_row(b, "Alias", jget_str(db, "alias"), jget_str(or, "alias"), NULL);
    repo_row(b, "Repository id", db ? jget_str(r, "id") : NULL, jget_str(or, "uuid"), NULL);
    repo_row(b, "Manager", jget_str(db, "manager_uuid"), jget_str(or, "mgr_uuid"), NULL);
    repo_row(b, "Version", jget_str(db, "version"), jget_str(or, "version"), NULL);
    repo_row(b, "File system", jget_str(db, "filesystem"), NULL, jget_str(mount, "fs"));
    repo_row(b, "Device or export", jget_str(db, "fs_location"), NULL, jget_str(mount, "device"));
    buf_adds(b, "<tr><th>Mount point</th>");
    td_str(b, jget_str(db, "mount_point"), NULL);
    buf_adds(b, "<td></td>");
    if (is_mounted)
        td_cmp(b, jget_str(r, "mount_point"), jget_str(db, "mount_point"));
    else
        buf_addf(b, "<td class=\"bad\">not mounted%s</td>",
                 jget(r, "dir_exists") && json_object_get_boolean(jget(r, "dir_exists"))
                     ? " (the folder exists)" : ", no folder");
    buf_adds(b, "</tr>\n<tr><th>Space</th><td></td><td></td><td>");
    if (fs) {
        int64_t pct = 0;
        jget_int(fs, "size_bytes", &v);
        html_bytes(b, v);
        buf_adds(b, ", ");
        jget_int(fs, "used_bytes", &v);
        html_bytes(b, v);
        jget_int(fs, "use_pct", &pct);
        buf_addf(b, " used (%s%" PRId64 " %%%s), ", pct >= 95 ? "<b>" : "", pct, pct >= 95 ? "</b>" : "");
        jget_int(fs, "avail_bytes", &v);
        html_bytes(b, v);
        buf_adds(b, " free");
    } else {
        buf_adds(b, "—");
    }
    buf_adds(b, "</td></tr>\n<tr><th>Contents</th><td></td><td>");
    if (jget_int(meta, "count", &v))
        buf_addf(b, "%" PRId64 " .ovsmeta files", v);
    else
        buf_adds(b, "—");
    buf_adds(b, "</td><td>");
    if (jget_int(r, "vm_count", &v))
        buf_addf(b, "%" PRId64 " VMs, %zu virtual disks", v, jarr_len(jget(r, "disks")));
    else
        buf_adds(b, "—");
    buf_adds(b, "</td></tr>\n</table>\n");
}

void html_repositories(struct buf *b, json_object *facts)
{
    json_object *repos = jget(facts, "repositories");
    size_t i;

    buf_adds(b, "<section id=\"repositories\">\n<h2>Repositories</h2>\n");
    if (!jarr_len(repos)) {
        buf_adds(b, "<p class=\"note\">No repository in the agent database, under /OVS/Repositories or in the mounts.</p>\n</section>\n");
        return;
    }
    buf_adds(b, "<p class=\"note\">What the agent database says, what the repository's own .ovsrepo "
                "says and what the server has mounted, side by side; a red cell disagrees with the "
                "agent database.</p>\n");
    for (i = 0; i < jarr_len(repos); i++)
        repository(b, jarr_at(repos, i));
    buf_adds(b, "</section>\n");
}

static void multipath(struct buf *b, json_object *mp)
{
    static const char *const cols[] = { "WWID", "Device", "Vendor / product", "#Size", "Paths", "#Failed", NULL };
    size_t i, j;

    if (!jarr_len(mp)) {
        buf_adds(b, "<p class=\"note\">No multipath devices.</p>\n");
        return;
    }
    buf_adds(b, "<h3>Multipath</h3>\n<table>");
    th_row(b, cols);
    for (i = 0; i < jarr_len(mp); i++) {
        json_object *m = jarr_at(mp, i), *paths = jget(m, "paths");
        int64_t failed = 0, active = 0;
        jget_int(m, "failed_paths", &failed);
        jget_int(m, "active_paths", &active);
        buf_adds(b, "<tr>");
        td_str(b, jget_str(m, "wwid"), "mono");
        td_str(b, jget_str(m, "dm"), NULL);
        buf_adds(b, "<td>");
        html_text(b, jstr_or(m, "vendor", ""));
        buf_adds(b, " ");
        html_text(b, jstr_or(m, "product", ""));
        buf_adds(b, "</td>");
        td_bytes(b, m, "size_bytes");
        buf_adds(b, active == 0 && jarr_len(paths) ? "<td class=\"bad\">" : "<td>");
        for (j = 0; j < jarr_len(paths); j++) {
            json_object *p = jarr_at(paths, j);
            buf_adds(b, j ? ", " : "");
            html_text(b, jstr_or(p, "dev", "?"));
            buf_adds(b, " <span class=\"sub\">");
            html_text(b, jstr_or(p, "dm_state", ""));
            buf_adds(b, "/");
            html_text(b, jstr_or(p, "path_state", ""));
            buf_adds(b, "</span>");
        }
        buf_adds(b, "</td>");
        buf_addf(b, "<td class=\"num%s\">%" PRId64 "</td></tr>\n", failed ? " bad" : "", failed);
    }
    buf_adds(b, "</table>\n");
}

static void filesystems(struct buf *b, json_object *fss)
{
    static const char *const cols[] = { "Mount", "Device", "#Size", "#Used", "#Available", "#Use %", "#Inodes %", NULL };
    size_t i;

    if (!jarr_len(fss))
        return;
    buf_adds(b, "<h3>File systems</h3>\n<table>");
    th_row(b, cols);
    for (i = 0; i < jarr_len(fss); i++) {
        json_object *f = jarr_at(fss, i);
        int64_t pct = 0, ipct = 0;
        buf_adds(b, "<tr>");
        td_str(b, jget_str(f, "mount"), "mono");
        td_str(b, jget_str(f, "device"), "mono");
        td_bytes(b, f, "size_bytes");
        td_bytes(b, f, "used_bytes");
        td_bytes(b, f, "avail_bytes");
        jget_int(f, "use_pct", &pct);
        jget_int(f, "inodes_pct", &ipct);
        buf_addf(b, "<td class=\"num%s\">%" PRId64 "</td>", pct >= 95 ? " bad" : pct >= 85 ? " warn" : "", pct);
        buf_addf(b, "<td class=\"num%s\">%" PRId64 "</td></tr>\n", ipct >= 95 ? " bad" : "", ipct);
    }
    buf_adds(b, "</table>\n");
}

static void cluster(struct buf *b, json_object *facts)
{
    static const char *const cols[] = { "#Node", "Name", "IP address", "#Port", "This host", "Heartbeat", NULL };
    json_object *cl = jget(facts, "cluster"), *o2cb = jget(cl, "o2cb"), *conf = jget(cl, "conf");
    json_object *nodes = jget(conf, "nodes"), *live = jget(o2cb, "nodes");
    const char *me = jget_str(jget(facts, "host"), "hostname");
    size_t i, j;
    int64_t v;

    buf_adds(b, "<h3>OCFS2 cluster</h3>\n");
    if (!o2cb && !jarr_len(nodes)) {
        buf_adds(b, "<p class=\"note\">No O2CB cluster configured or reported.</p>\n");
        return;
    }
    buf_adds(b, "<p>Cluster <code>");
    html_text(b, jstr_or(o2cb, "cluster", "?"));
    buf_adds(b, "</code>, O2CB ");
    html_text(b, jstr_or(o2cb, "state", "state unknown"));
    buf_adds(b, ", heartbeat ");
    html_text(b, jstr_or(o2cb, "heartbeat_mode", "?"));
    if (jget_int(o2cb, "dead_threshold", &v))
        buf_addf(b, ", dead threshold %" PRId64 " (about %" PRId64 " s)", v, (v - 1) * 2);
    if (jget_int(o2cb, "network_idle_timeout_ms", &v))
        buf_addf(b, ", network idle timeout %" PRId64 " ms", v);
    buf_adds(b, ".</p>\n");
    if (!jarr_len(nodes))
        return;
    buf_adds(b, "<table>");
    th_row(b, cols);
    for (i = 0; i < jarr_len(nodes); i++) {
        json_object *n = jarr_at(nodes, i);
        int64_t num = -1;
        bool alive = false;
        jget_int(n, "number", &num);
        for (j = 0; j < jarr_len(live); j++)
            alive |= json_object_get_int64(jarr_at(live, j)) == num;
        buf_adds(b, "<tr>");
        td_int(b, n, "number");
        td_str(b, jget_str(n, "name"), NULL);
        td_str(b, jget_str(n, "ip_address"), "mono");
        td_int(b, n, "ip_port");
        buf_adds(b, me && jget_str(n, "name") && !strcmp(me, jget_str(n, "name")) ? "<td>yes</td>" : "<td></td>");
        buf_adds(b, !o2cb ? "<td>—</td>" : alive ? "<td class=\"good\">live</td>" : "<td class=\"bad\">not heard</td>");
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>\n");
}

void html_storage_cluster(struct buf *b, json_object *facts)
{
    json_object *st = jget(facts, "storage");

    buf_adds(b, "<section id=\"storage\">\n<h2>Storage and cluster</h2>\n");
    multipath(b, jget(st, "multipath"));
    filesystems(b, jget(st, "filesystems"));
    cluster(b, facts);
    buf_adds(b, "</section>\n");
}
