/* SPDX-License-Identifier: MIT */
/* report-html.c: the report as one self-contained page that opens from a mail attachment on a
 * machine with no network. No script at all (folding is <details>), the style inline and pinned
 * by its hash in a Content-Security-Policy that forbids loading anything, the pictures inline SVG.
 * Everything that comes from the bundle is escaped by html_text(). */
#include "reports/report.h"
#include "reports/html.h"
#include "lib/sha256.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

static const char style[] =
    ":root{--crit:#b00020;--warn:#9a5b00;--info:#1565c0;--ok:#2e7d32;--mute:#5f6368;--line:#dadce0}"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#202124;"
    "margin:0 auto;max-width:1200px;padding:0 20px 40px}"
    "h1{font-size:24px;margin:18px 0 4px}h2{font-size:19px;margin:28px 0 8px;"
    "border-bottom:2px solid var(--line);padding-bottom:3px}h3{font-size:15px;margin:0 0 4px}"
    "code,.mono,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}"
    "nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;z-index:1}"
    "nav a{margin-right:14px;color:var(--info);text-decoration:none}"
    ".facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 14px;margin:8px 0}"
    ".facts dt{color:var(--mute)}.facts dd{margin:0}"
    ".badges span{display:inline-block;padding:3px 10px;border-radius:12px;margin:2px 6px 2px 0;"
    "font-weight:600;border:1px solid var(--line)}"
    ".b-crit{background:#fce8e6;color:var(--crit)}.b-warn{background:#fef7e0;color:var(--warn)}"
    ".b-info{background:#e8f0fe;color:var(--info)}.b-ok{background:#e6f4ea;color:var(--ok)}"
    ".finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;"
    "padding:10px 14px;margin:10px 0;break-inside:avoid}"
    ".finding.critical{border-left-color:var(--crit)}.finding.warning{border-left-color:var(--warn)}"
    ".finding .id{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--mute);margin-right:8px}"
    ".finding .msg{margin:4px 0}.finding .remedy{background:#f8f9fa;padding:6px 10px;border-radius:4px}"
    ".finding .heur{font-size:12px;color:var(--mute)}"
    "ol.ev{margin:4px 0;padding-left:0;list-style:none}ol.ev li{white-space:pre-wrap;word-break:break-all;"
    "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;border-bottom:1px dotted var(--line)}"
    ".where{color:var(--mute)}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px}"
    "th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}"
    "th{background:#f1f3f4;font-weight:600}td.num,th.num{text-align:right}"
    "td.bad{background:#fce8e6;color:var(--crit);font-weight:600}td.warn{background:#fef7e0}"
    "td.good{color:var(--ok)}.sub{color:var(--mute);font-size:12px}"
    "details{margin:6px 0}summary{cursor:pointer;color:var(--info)}"
    "svg{max-width:100%;height:auto;font-family:system-ui,sans-serif}"
    ".note{color:var(--mute)}.verdict-ok{color:var(--ok);font-weight:600}"
    ".verdict-bad{color:var(--crit);font-weight:600}"
    "footer{margin-top:30px;color:var(--mute);font-size:12px}"
    "@media print{nav{display:none}body{max-width:none}a{color:inherit}"
    "details::details-content{content-visibility:visible;display:block}"
    "summary{color:inherit}h2{break-after:avoid}}";

static int64_t num(json_object *o, const char *key)
{
    int64_t v = 0;

    return jget_int(o, key, &v) ? v : 0;
}

void html_head(struct buf *b, json_object *r, const char *extra_style)
{
    json_object *host = jget(r, "host"), *sum = jget(r, "summary");
    struct sha256 h;
    unsigned char digest[32];

    sha256_init(&h);
    sha256_update(&h, style, sizeof(style) - 1);
    sha256_update(&h, extra_style, strlen(extra_style));
    sha256_final(&h, digest);
    buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'sha256-");
    html_base64(b, digest, sizeof(digest));
    buf_adds(b, "'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"referrer\" content=\"no-referrer\">\n<title>ovmdiag: ");
    html_text(b, jstr_or(host, "hostname", "unknown host"));
    buf_addf(b, " (%lld critical, %lld warning)</title>\n<style>", (long long)num(sum, "critical"),
             (long long)num(sum, "warning"));
    buf_adds(b, style);
    buf_adds(b, extra_style);
    buf_adds(b, "</style>\n</head>\n<body>\n");
}

static void dt(struct buf *b, const char *label, const char *value)
{
    buf_addf(b, "<dt>%s</dt><dd>", label);
    html_text(b, value && *value ? value : "—");
    buf_adds(b, "</dd>");
}

static void header(struct buf *b, json_object *r, json_object *facts)
{
    json_object *host = jget(facts, "host"), *meta = jget(facts, "meta"), *sum = jget(r, "summary");
    json_object *xen = jget(host, "xen"), *msum = jget(meta, "summary");
    const char *ovm = jget_str(host, "ovm_release");
    size_t nmissing = jarr_len(jget(meta, "missing")), nprob = jarr_len(jget(r, "coverage"));
    char line[256];

    buf_adds(b, "<header>\n<h1>");
    html_text(b, jstr_or(host, "hostname", jstr_or(jget(r, "host"), "hostname", "unknown host")));
    buf_adds(b, "</h1>\n<dl class=\"facts\">");
    snprintf(line, sizeof(line), "%s%s", ovm ? "Oracle VM Server " : "", ovm ? ovm : "");
    dt(b, "Product", ovm ? line : jstr_or(host, "os_release", NULL));
    snprintf(line, sizeof(line), "%s, toolstack %s", jstr_or(xen, "version", "unknown"),
             jstr_or(xen, "toolstack", "none found"));
    dt(b, "Xen", line);
    dt(b, "Dom0 kernel", jstr_or(host, "kernel", NULL));
    dt(b, "Xen command line", jstr_or(xen, "commandline", NULL));
    dt(b, "Snapshot", jstr_or(meta, "snapshot_time", NULL));
    dt(b, "Bundle", jstr_or(meta, "bundle", jstr_or(jget(r, "bundle"), "name", NULL)));
    snprintf(line, sizeof(line), "%s%s%s%s", jstr_or(meta, "collected_by", "unknown tool"),
             jget(meta, "collected_as_root") && json_object_get_boolean(jget(meta, "collected_as_root"))
                 ? ", as root" : ", not as root (some files were unreadable)",
             jget_str(meta, "sysroot") ? ", from a mounted root: " : "",
             jget_str(meta, "sysroot") ? jget_str(meta, "sysroot") : "");
    dt(b, "Collected by", line);
    snprintf(line, sizeof(line), "%lld items: %lld collected, %lld truncated, %lld missing, %lld skipped, %lld failed%s",
             (long long)num(msum, "items"), (long long)num(msum, "ok"), (long long)num(msum, "truncated"),
             (long long)num(msum, "missing"), (long long)num(msum, "skipped"), (long long)num(msum, "failed"),
             jget(meta, "interrupted") && json_object_get_boolean(jget(meta, "interrupted"))
                 ? "; the collection was INTERRUPTED" : "");
    dt(b, "Collection", line);
    buf_adds(b, "</dl>\n");
    if (nmissing || nprob)
        buf_addf(b, "<p class=\"note\">%zu artefacts were absent on the host and %zu could not be "
                    "collected or parsed: <a href=\"#collection\">what is missing</a>.</p>\n",
                 nmissing, nprob);
    buf_adds(b, "<p class=\"badges\">");
    buf_addf(b, "<span class=\"b-crit\">%lld critical</span>", (long long)num(sum, "critical"));
    buf_addf(b, "<span class=\"b-warn\">%lld warning</span>", (long long)num(sum, "warning"));
    buf_addf(b, "<span class=\"b-info\">%lld info</span>", (long long)num(sum, "info"));
    buf_addf(b, "<span class=\"b-ok\">%lld rules passed</span>", (long long)num(sum, "passed"));
    buf_addf(b, "<span>%lld skipped</span>", (long long)num(sum, "skipped"));
    if (num(sum, "errors"))
        buf_addf(b, "<span class=\"b-crit\">%lld broken rules</span>", (long long)num(sum, "errors"));
    buf_adds(b, "</p>\n</header>\n<nav><a href=\"#findings\">Findings</a><a href=\"#overview\">Memory</a>"
                "<a href=\"#domains\">Domains</a><a href=\"#repositories\">Repositories</a>"
                "<a href=\"#storage\">Storage and cluster</a><a href=\"#timeline\">Timeline</a>"
                "<a href=\"#rules\">Rules</a><a href=\"#collection\">Collection</a></nav>\n");
}

void html_finding(struct buf *b, json_object *f)
{
    const char *host_name = jget_str(f, "host");

    json_object *ev = jget(f, "evidence"), *links = jget(f, "links"), *h = jget(f, "heuristic");
    const char *sev = jstr_or(f, "severity", "info"), *subject = jget_str(f, "subject");
    size_t i, n = jarr_len(ev);

    buf_adds(b, "<article class=\"finding ");
    html_text(b, sev);
    buf_adds(b, "\">\n<h3><span class=\"id\">");
    html_text(b, jstr_or(f, "rule", "?"));
    buf_adds(b, "</span>");
    html_text(b, jstr_or(f, "title", ""));
    if (host_name) {
        buf_adds(b, " <span class=\"sub\">on ");
        html_text(b, host_name);
        buf_adds(b, "</span>");
    }
    buf_adds(b, "</h3>\n");
    html_elem(b, "p", "msg", jstr_or(f, "message", ""));
    if (subject) {
        buf_adds(b, "\n<p class=\"sub\">Subject: <code>");
        html_text(b, subject);
        buf_adds(b, "</code></p>");
    }
    if (h && json_object_get_boolean(h))
        buf_adds(b, "\n<p class=\"heur\">Heuristic: a likely explanation, not a certain one; confirm it before acting.</p>");
    if (jget_str(f, "remedy") && *jget_str(f, "remedy")) {
        buf_adds(b, "\n<p class=\"remedy\"><b>Remedy.</b> ");
        html_text(b, jget_str(f, "remedy"));
        buf_adds(b, "</p>");
    }
    if (jarr_len(links)) {
        buf_adds(b, "\n<p class=\"sub\">See: ");
        for (i = 0; i < jarr_len(links); i++) {
            if (i)
                buf_adds(b, " · ");
            html_link(b, json_object_get_string(jarr_at(links, i)), NULL);
        }
        buf_adds(b, "</p>");
    }
    if (n) {
        buf_addf(b, "\n<details><summary>Evidence: %zu line%s</summary><ol class=\"ev\">", n, n == 1 ? "" : "s");
        for (i = 0; i < n; i++) {
            json_object *e = jarr_at(ev, i);
            buf_adds(b, "<li><span class=\"where\">");
            html_text(b, jstr_or(e, "file", "?"));
            buf_addf(b, ":%lld", (long long)num(e, "line"));
            if (jget_str(e, "time")) {
                buf_adds(b, " ");
                html_text(b, jget_str(e, "time"));
            }
            buf_adds(b, "</span>\n");
            html_text(b, jstr_or(e, "text", ""));
            buf_adds(b, "</li>");
        }
        buf_adds(b, "</ol></details>");
    }
    buf_adds(b, "\n</article>\n");
}

static void findings(struct buf *b, json_object *r)
{
    static const char *const sevs[] = { "critical", "warning", "info" };
    static const char *const titles[] = { "Critical", "Warning", "Info" };
    json_object *fs = jget(r, "findings");
    size_t s, i;

    buf_adds(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    if (!jarr_len(fs))
        buf_adds(b, "<p class=\"verdict-ok\">No rule found a problem.</p>\n");
    for (s = 0; s < 3; s++) {
        size_t n = 0;
        for (i = 0; i < jarr_len(fs); i++)
            n += !strcmp(jstr_or(jarr_at(fs, i), "severity", ""), sevs[s]);
        if (!n)
            continue;
        buf_addf(b, "<h3 id=\"%s\">%s (%zu)</h3>\n", sevs[s], titles[s], n);
        for (i = 0; i < jarr_len(fs); i++)
            if (!strcmp(jstr_or(jarr_at(fs, i), "severity", ""), sevs[s]))
                html_finding(b, jarr_at(fs, i));
    }
    buf_adds(b, "</section>\n");
}

static void rules_table(struct buf *b, json_object *rules, const char *outcome, const char *label,
                        bool open)
{
    size_t i, n = 0;

    for (i = 0; i < jarr_len(rules); i++)
        n += !strcmp(jstr_or(jarr_at(rules, i), "outcome", ""), outcome);
    if (!n)
        return;
    buf_addf(b, "<details%s><summary>%s (%zu)</summary>\n<table><tr><th>Rule</th><th>%s</th></tr>\n",
             open ? " open" : "", label, n, !strcmp(outcome, "pass") ? "Result" : "Reason");
    for (i = 0; i < jarr_len(rules); i++) {
        json_object *r = jarr_at(rules, i);
        if (strcmp(jstr_or(r, "outcome", ""), outcome))
            continue;
        buf_adds(b, "<tr>");
        html_td(b, jget(r, "rule"), "mono");
        html_td(b, jget(r, "reason"), NULL);
        buf_adds(b, "</tr>\n");
    }
    buf_adds(b, "</table></details>\n");
}

static void rules(struct buf *b, json_object *r)
{
    json_object *rs = jget(r, "rules");

    buf_adds(b, "<section id=\"rules\">\n<h2>Rules</h2>\n");
    rules_table(b, rs, "error", "Broken rules: fix or report them", true);
    rules_table(b, rs, "skip", "Skipped: their input is not in the bundle", false);
    rules_table(b, rs, "pass", "Passed", false);
    buf_adds(b, "</section>\n");
}

static void collection(struct buf *b, json_object *r, json_object *facts)
{
    json_object *cov = jget(r, "coverage"), *missing = jget(jget(facts, "meta"), "missing");
    size_t i;

    buf_adds(b, "<section id=\"collection\">\n<h2>Collection</h2>\n");
    if (jarr_len(cov)) {
        buf_adds(b, "<p>Not collected, or not readable:</p>\n<table><tr><th>Item</th><th>Status</th>"
                    "<th>Detail</th></tr>\n");
        for (i = 0; i < jarr_len(cov); i++) {
            json_object *c = jarr_at(cov, i);
            buf_adds(b, "<tr>");
            html_td(b, jget(c, "item"), "mono");
            html_td(b, jget(c, "status"), NULL);
            html_td(b, jget(c, "detail"), NULL);
            buf_adds(b, "</tr>\n");
        }
        buf_adds(b, "</table>\n");
    } else {
        buf_adds(b, "<p class=\"verdict-ok\">Everything that was present was collected and parsed.</p>\n");
    }
    if (jarr_len(missing)) {
        buf_addf(b, "<details><summary>Absent on the host (%zu): normal for files and commands "
                    "this host does not have</summary><ul>", jarr_len(missing));
        for (i = 0; i < jarr_len(missing); i++) {
            buf_adds(b, "<li><code>");
            html_text(b, json_object_get_string(jarr_at(missing, i)));
            buf_adds(b, "</code></li>");
        }
        buf_adds(b, "</ul></details>\n");
    }
    buf_adds(b, "</section>\n");
}

void html_footer(struct buf *b, json_object *report)
{
    buf_adds(b, "</main>\n<footer>");
    html_text(b, jstr_or(jget(report, "tool"), "name", "ovmdiag"));
    buf_adds(b, " ");
    html_text(b, jstr_or(jget(report, "tool"), "version", ""));
    buf_adds(b, " · report schema ");
    html_text(b, jstr_or(report, "schema", ""));
    buf_adds(b, " · this page loads nothing from the network</footer>\n</body>\n</html>\n");
}

char *report_html(json_object *report, json_object *facts)
{
    struct buf b;

    buf_init(&b);
    html_head(&b, report, "");
    header(&b, report, facts);
    buf_adds(&b, "<main>\n");
    findings(&b, report);
    html_overview(&b, facts);
    html_domains(&b, facts);
    html_repositories(&b, facts);
    html_storage_cluster(&b, facts);
    html_timeline(&b, report);
    rules(&b, report);
    collection(&b, report, facts);
    html_footer(&b, report);
    return buf_detach(&b, NULL);
}
