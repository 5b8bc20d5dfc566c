/* SPDX-License-Identifier: MIT */
/* report-pool-html.c: the pool page (docs/reports.md): the hosts x findings matrix, the VM
 * placement, the members' memory side by side, the records of every host on one time axis
 * (each host its colour), then each host's own sections. Self-contained like the host page:
 * no script, the style pinned by its hash, everything from the bundles through html_text(). */
#include "reports/report.h"
#include "reports/html.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static const char pool_style[] =
    "table.matrix td.c{text-align:center;font-weight:600}"
    ".sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}"
    ".hostsec{border-top:3px solid var(--line);margin-top:36px}"
    ".h0{background:#1565c0}.h1{background:#e37400}.h2{background:#2e7d32}.h3{background:#8e24aa}"
    ".h4{background:#00838f}.h5{background:#c2185b}.h6{background:#6d4c41}.h7{background:#5f6368}";

static const char *const host_colors[] = { "#1565c0", "#e37400", "#2e7d32", "#8e24aa",
                                           "#00838f", "#c2185b", "#6d4c41", "#5f6368" };
#define NCOLORS (sizeof(host_colors) / sizeof(host_colors[0]))

static int64_t num_or(json_object *o, const char *key, int64_t dflt)
{
    int64_t v;

    return jget_int(o, key, &v) ? v : dflt;
}

static size_t host_index(const struct pool *p, const char *name)
{
    size_t i;

    for (i = 0; name && i < p->n; i++)
        if (!strcmp(p->hosts[i].name, name))
            return i;
    return p->n;
}

static void swatch(struct buf *b, size_t i)
{
    buf_addf(b, "<span class=\"sw h%zu\"></span>", i % NCOLORS);
}

static void host_link(struct buf *b, const struct pool *p, const char *name)
{
    size_t i = host_index(p, name);

    if (i == p->n) {
        html_text(b, name);
        return;
    }
    swatch(b, i);
    buf_addf(b, "<a href=\"#host-%zu\">", i + 1);
    html_text(b, name);
    buf_adds(b, "</a>");
}

static void header(struct buf *b, json_object *r, const struct pool *p)
{
    json_object *sum = jget(r, "summary"), *pool = jget(r, "pool");
    size_t i;

    buf_adds(b, "<header>\n<h1>");
    html_text(b, jstr_or(jget(r, "host"), "hostname", "pool"));
    buf_adds(b, "</h1>\n<p>Members: ");
    for (i = 0; i < p->n; i++) {
        if (i)
            buf_adds(b, ", ");
        host_link(b, p, p->hosts[i].name);
    }
    buf_adds(b, "</p>\n<p class=\"badges\">");
    buf_addf(b, "<span class=\"b-crit\">%lld critical</span>", (long long)num_or(sum, "critical", 0));
    buf_addf(b, "<span class=\"b-warn\">%lld warning</span>", (long long)num_or(sum, "warning", 0));
    buf_addf(b, "<span class=\"b-info\">%lld info</span>", (long long)num_or(sum, "info", 0));
    buf_addf(b, "<span>%zu virtual machines</span>", jarr_len(jget(pool, "vms")));
    buf_adds(b, "</p>\n</header>\n<nav><a href=\"#matrix\">Matrix</a><a href=\"#findings\">Findings</a>"
                "<a href=\"#placement\">Placement</a><a href=\"#memory\">Memory</a>"
                "<a href=\"#pool-timeline\">Timeline</a><a href=\"#members\">Members</a></nav>\n");
}

/* One row per rule that found something, one column per host and one for the pool rules. */
static void matrix(struct buf *b, json_object *r, const struct pool *p)
{
    json_object *fs = jget(r, "findings");
    size_t i, j, k, nrows = 0;
    const char **ids = xcalloc(jarr_len(fs) + 1, sizeof(*ids));
    size_t *counts;

    for (i = 0; ids && i < jarr_len(fs); i++) {
        const char *id = jstr_or(jarr_at(fs, i), "rule", "?");
        for (j = 0; j < nrows && strcmp(ids[j], id); j++)
            ;
        if (j == nrows)
            ids[nrows++] = id;
    }
    buf_adds(b, "<section id=\"matrix\">\n<h2>Hosts × findings</h2>\n");
    if (!nrows) {
        buf_adds(b, "<p class=\"verdict-ok\">No rule found a problem on any host.</p>\n</section>\n");
        free(ids);
        return;
    }
    counts = xcalloc((p->n + 1) * nrows, sizeof(*counts));
    buf_adds(b, "<table class=\"matrix\"><tr><th>Rule</th><th>Severity</th><th>Pool</th>");
    for (k = 0; k < p->n; k++) {
        buf_adds(b, "<th>");
        host_link(b, p, p->hosts[k].name);
        buf_adds(b, "</th>");
    }
    buf_adds(b, "</tr>\n");
    for (i = 0; counts && i < jarr_len(fs); i++) {
        json_object *f = jarr_at(fs, i);
        const char *id = jstr_or(f, "rule", "?");
        for (j = 0; j < nrows && strcmp(ids[j], id); j++)
            ;
        k = jget_str(f, "host") ? host_index(p, jget_str(f, "host")) + 1 : 0;
        if (k <= p->n)
            counts[j * (p->n + 1) + k]++;
    }
    for (j = 0; counts && j < nrows; j++) {
        const char *sev = "info", *title = "";
        for (i = 0; i < jarr_len(fs); i++)
            if (!strcmp(jstr_or(jarr_at(fs, i), "rule", ""), ids[j])) {
                sev = jstr_or(jarr_at(fs, i), "severity", "info");
                title = jstr_or(jarr_at(fs, i), "title", "");
                break;
            }
        buf_adds(b, "<tr><td><code>");
        html_text(b, ids[j]);
        buf_adds(b, "</code> ");
        html_text(b, title);
        buf_adds(b, "</td><td>");
        html_text(b, sev);
        buf_adds(b, "</td>");
        for (k = 0; k <= p->n; k++) {
            size_t c = counts[j * (p->n + 1) + k];
            if (c)
                buf_addf(b, "<td class=\"c %s\">%zu</td>",
                         !strcmp(sev, "critical") ? "bad" : !strcmp(sev, "warning") ? "warn" : "",
                         c);
            else
                buf_adds(b, "<td class=\"c good\">·</td>");
        }
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>\n<p class=\"note\">Pool: findings of the rules that compare the "
                "members; a host column: that host's own findings.</p>\n</section>\n");
    free(counts);
    free(ids);
}

static void findings(struct buf *b, json_object *r)
{
    json_object *fs = jget(r, "findings");
    size_t i;

    buf_adds(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    if (!jarr_len(fs))
        buf_adds(b, "<p class=\"verdict-ok\">No rule found a problem.</p>\n");
    for (i = 0; i < jarr_len(fs); i++)
        html_finding(b, jarr_at(fs, i));
    buf_adds(b, "</section>\n");
}

static void host_list(struct buf *b, const struct pool *p, json_object *arr)
{
    size_t i;

    if (!jarr_len(arr)) {
        buf_adds(b, "—");
        return;
    }
    for (i = 0; i < jarr_len(arr); i++) {
        if (i)
            buf_adds(b, ", ");
        host_link(b, p, json_object_get_string(jarr_at(arr, i)));
    }
}

static void placement(struct buf *b, json_object *r, const struct pool *p)
{
    json_object *vms = jget(jget(r, "pool"), "vms");
    size_t i;

    buf_adds(b, "<section id=\"placement\">\n<h2>Virtual machine placement</h2>\n"
                "<table><tr><th>VM</th><th>Running on</th><th>vm.cfg on</th><th class=\"num\">"
                "Memory MB</th><th>HA</th><th>OVM id</th></tr>\n");
    for (i = 0; i < jarr_len(vms); i++) {
        json_object *v = jarr_at(vms, i), *run = jget(v, "running_on");
        buf_adds(b, "<tr>");
        html_td(b, jget(v, "simple_name"), NULL);
        buf_addf(b, "<td%s>", jarr_len(run) > 1 ? " class=\"bad\"" : "");
        host_list(b, p, run);
        buf_adds(b, "</td><td>");
        host_list(b, p, jget(v, "config_on"));
        buf_adds(b, "</td>");
        html_td(b, jget(v, "memory_mb"), "num");
        html_td(b, jget(v, "ha"), NULL);
        html_td(b, jget(v, "id"), "mono");
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>\n</section>\n");
}

/* One column per member: Dom0, guests and free memory of Xen, on one scale. */
static void memory(struct buf *b, json_object *r)
{
    json_object *ms = jget(jget(r, "pool"), "members");
    const int col = 90, h = 220, top = 20;
    int64_t max = 1;
    size_t i, n = jarr_len(ms);

    for (i = 0; i < n; i++) {
        int64_t total = num_or(jarr_at(ms, i), "total_mb", 0);
        if (total > max)
            max = total;
    }
    buf_adds(b, "<section id=\"memory\">\n<h2>Memory of the members</h2>\n");
    buf_addf(b, "<svg role=\"img\" aria-label=\"memory per host\" width=\"%zu\" height=\"%d\" "
                "viewBox=\"0 0 %zu %d\" xmlns=\"http://www.w3.org/2000/svg\">",
             n * col + 20, h + top + 40, n * col + 20, h + top + 40);
    for (i = 0; i < n; i++) {
        json_object *m = jarr_at(ms, i);
        int64_t total = num_or(m, "total_mb", 0), free_mb = num_or(m, "free_mb", 0);
        int64_t dom0 = num_or(m, "dom0_mb", 0), guests = total - free_mb - dom0;
        int x = (int)(i * col) + 20, y = top + h, hh;
        if (guests < 0)
            guests = 0;
        hh = (int)(dom0 * h / max);
        buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"50\" height=\"%d\" fill=\"#5f6368\">"
                    "<title>Dom0 %lld MB</title></rect>", x, y - hh, hh, (long long)dom0);
        y -= hh;
        hh = (int)(guests * h / max);
        buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"50\" height=\"%d\" fill=\"#1565c0\">"
                    "<title>guests %lld MB</title></rect>", x, y - hh, hh, (long long)guests);
        y -= hh;
        hh = (int)(free_mb * h / max);
        buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"50\" height=\"%d\" fill=\"#e6f4ea\" "
                    "stroke=\"#2e7d32\"><title>free %lld MB</title></rect>", x, y - hh, hh,
                 (long long)free_mb);
        buf_addf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", x, top + h + 16);
        html_text(b, jstr_or(m, "name", "?"));
        buf_addf(b, "</text><text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5f6368\">%lld free"
                    "</text>", x, top + h + 30, (long long)free_mb);
    }
    buf_adds(b, "</svg>\n<p class=\"note\">Grey: Dom0; blue: guests; green: free in Xen "
                "(MB, one scale for all members).</p>\n</section>\n");
}

/* Every host's records on one time axis: a row per host, in the host's colour. */
static void timeline(struct buf *b, json_object *r, const struct pool *p)
{
    json_object *tl = jget(r, "timeline");
    const int label = 120, plot = 860, row = 26;
    time_t lo = 0, hi = 0, t;
    size_t i, n = jarr_len(tl), shown = 0;
    bool any = false;

    for (i = 0; i < n; i++) {
        const char *ts = jget_str(jarr_at(tl, i), "time");
        if (ts && time_parse_when(ts, 0, &t)) {
            if (!any || t < lo)
                lo = t;
            if (!any || t > hi)
                hi = t;
            any = true;
        }
    }
    buf_adds(b, "<section id=\"pool-timeline\">\n<h2>Pool timeline</h2>\n");
    if (!any) {
        buf_adds(b, "<p class=\"note\">No timed log record on any host.</p>\n</section>\n");
        return;
    }
    if (hi == lo)
        hi = lo + 1;
    buf_addf(b, "<svg role=\"img\" aria-label=\"pool timeline\" width=\"%d\" height=\"%zu\" "
                "viewBox=\"0 0 %d %zu\" xmlns=\"http://www.w3.org/2000/svg\">",
             label + plot + 20, p->n * row + 40, label + plot + 20, p->n * row + 40);
    for (i = 0; i < p->n; i++) {
        buf_addf(b, "<text x=\"4\" y=\"%zu\" font-size=\"12\" fill=\"%s\">", i * row + 18,
                 host_colors[i % NCOLORS]);
        html_text(b, p->hosts[i].name);
        buf_addf(b, "</text><line x1=\"%d\" y1=\"%zu\" x2=\"%d\" y2=\"%zu\" stroke=\"#dadce0\"/>",
                 label, i * row + 14, label + plot, i * row + 14);
    }
    for (i = 0; i < n; i++) {
        json_object *e = jarr_at(tl, i);
        const char *ts = jget_str(e, "time");
        size_t k = host_index(p, jget_str(e, "host"));
        int64_t x;
        if (!ts || k == p->n || !time_parse_when(ts, 0, &t))
            continue;
        x = label + (int64_t)(t - lo) * plot / (int64_t)(hi - lo);
        buf_addf(b, "<circle cx=\"%lld\" cy=\"%zu\" r=\"4\" fill=\"%s\"><title>", (long long)x, k * row + 14,
                 host_colors[k % NCOLORS]);
        html_text(b, p->hosts[k].name);
        buf_adds(b, " ");
        html_text(b, ts);
        buf_adds(b, " ");
        html_text(b, jstr_or(e, "text", ""));
        buf_adds(b, "</title></circle>");
    }
    {
        char a[32], z[32];
        time_format_iso(lo, a, sizeof(a));
        time_format_iso(hi, z, sizeof(z));
        buf_addf(b, "<text x=\"%d\" y=\"%zu\" font-size=\"11\" fill=\"#5f6368\">%s</text>"
                    "<text x=\"%d\" y=\"%zu\" font-size=\"11\" fill=\"#5f6368\" "
                    "text-anchor=\"end\">%s</text>", label, p->n * row + 20, a, label + plot,
                 p->n * row + 20, z);
    }
    buf_adds(b, "</svg>\n<details><summary>The records</summary>\n<table><tr><th>Time</th>"
                "<th>Host</th><th>Log</th><th>Kind</th><th>Record</th></tr>\n");
    for (i = 0; i < n && shown < 500; i++, shown++) {
        json_object *e = jarr_at(tl, i);
        buf_adds(b, "<tr>");
        html_td(b, jget(e, "time"), "mono");
        buf_adds(b, "<td>");
        host_link(b, p, jget_str(e, "host"));
        buf_adds(b, "</td>");
        html_td(b, jget(e, "source"), NULL);
        html_td(b, jget(e, "kind"), NULL);
        html_td(b, jget(e, "text"), "mono");
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>");
    if (n > shown)
        buf_addf(b, "<p class=\"note\">%zu more records in the JSON report.</p>", n - shown);
    buf_adds(b, "</details>\n</section>\n");
}

/* Each host: its own sections, as on the host page. */
static void members(struct buf *b, json_object *r, const struct pool *p)
{
    json_object *fs = jget(r, "findings");
    size_t i, j, nf;

    buf_adds(b, "<section id=\"members\">\n<h2>Members</h2>\n");
    for (i = 0; i < p->n; i++) {
        json_object *facts = p->hosts[i].facts;
        buf_addf(b, "<section class=\"hostsec\" id=\"host-%zu\">\n<h2>", i + 1);
        swatch(b, i);
        html_text(b, p->hosts[i].name);
        buf_adds(b, "</h2>\n<p class=\"sub\">Bundle ");
        html_text(b, jstr_or(jget(facts, "meta"), "bundle", "?"));
        buf_adds(b, ", snapshot ");
        html_text(b, jstr_or(jget(facts, "meta"), "snapshot_time", "unknown"));
        buf_adds(b, "</p>\n");
        for (j = 0, nf = 0; j < jarr_len(fs); j++) {
            const char *h = jget_str(jarr_at(fs, j), "host");
            if (h && !strcmp(h, p->hosts[i].name)) {
                if (!nf++)
                    buf_adds(b, "<details><summary>This host's findings</summary>\n");
                html_finding(b, jarr_at(fs, j));
            }
        }
        if (nf)
            buf_adds(b, "</details>\n");
        html_overview(b, facts);
        html_domains(b, facts);
        html_repositories(b, facts);
        html_storage_cluster(b, facts);
        buf_adds(b, "</section>\n");
    }
    buf_adds(b, "</section>\n");
}

/* What was not read: whole bundles first (no member name), then each member's items. */
static void coverage(struct buf *b, json_object *r)
{
    json_object *cov = jget(r, "coverage");
    size_t i;

    buf_adds(b, "<section id=\"coverage\">\n<h2>Coverage</h2>\n");
    if (!jarr_len(cov)) {
        buf_adds(b, "<p class=\"verdict-ok\">Every bundle was read; everything present in them was "
                    "collected and parsed.</p>\n</section>\n");
        return;
    }
    buf_adds(b, "<p>Not collected, or not readable (a bundle without a member name could not be "
                "read at all: the pool is shown without it):</p>\n<table><tr><th>Member</th>"
                "<th>Item</th><th>Status</th><th>Detail</th></tr>\n");
    for (i = 0; i < jarr_len(cov); i++) {
        json_object *c = jarr_at(cov, i);
        buf_adds(b, "<tr>");
        html_td(b, jget(c, "host"), NULL);
        html_td(b, jget(c, "item"), "mono");
        html_td(b, jget(c, "status"), NULL);
        html_td(b, jget(c, "detail"), NULL);
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table>\n</section>\n");
}

char *report_pool_html(json_object *report, const struct pool *p)
{
    struct buf b;

    buf_init(&b);
    html_head(&b, report, pool_style);
    header(&b, report, p);
    buf_adds(&b, "<main>\n");
    matrix(&b, report, p);
    findings(&b, report);
    placement(&b, report, p);
    memory(&b, report);
    timeline(&b, report, p);
    members(&b, report, p);
    coverage(&b, report);
    html_footer(&b, report);
    return buf_detach(&b, NULL);
}
