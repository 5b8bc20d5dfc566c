/* SPDX-License-Identifier: MIT */
/* html-timeline.c: the findings' evidence and the notable log records (report.timeline) on one
 * time axis, one row per log, so that "the VM failed to start right after the agent lost its
 * repository" is seen rather than pieced together from five files. Then the records as a table. */
#include "reports/html.h"
#include "analyzers/facts.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define LABEL_W 120
#define PLOT_W 860
#define ROW_H 26
#define TABLE_MAX 300       /* rows of the table; the rest is counted, not shown */

struct point {
    time_t t;
    size_t row;
    const char *color;
    bool diamond;
    json_object *rec;       /* borrowed: {time, file, line, text} */
    const char *what;       /* kind or rule id */
};

static const char *const rows[] = { "findings", "xend", "xl", "ovs-agent", "qemu-dm", "hotplug",
                                    "domain-builder", "messages" };
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static const char *kind_color(const char *kind)
{
    if (!strcmp(kind, "error"))
        return "#d93025";
    if (!strcmp(kind, "crash"))
        return "#7b1fa2";
    if (!strcmp(kind, "start"))
        return "#1e8e3e";
    if (!strcmp(kind, "stop"))
        return "#5f6368";
    if (!strcmp(kind, "critical"))
        return "#b00020";
    if (!strcmp(kind, "warning"))
        return "#e37400";
    return "#f29900";    /* cluster, info */
}

static size_t row_of(const char *source)
{
    size_t i;

    for (i = 1; i < NROWS; i++)
        if (!strcmp(rows[i], source))
            return i;
    return NROWS;
}

static bool when(json_object *rec, time_t *t)
{
    const char *s = jget_str(rec, "time");

    return s && time_parse_when(s, 0, t);
}

static void tick_label(struct buf *b, time_t t, time_t span)
{
    char iso[32];

    time_format_iso(t, iso, sizeof(iso));
    /* 2026-11-19T16:43:49Z: the date alone for long spans, the time of day for short ones */
    if (span > 5 * 86400)
        buf_addf(b, "%.10s", iso);
    else if (span > 86400)
        buf_addf(b, "%.5s %.5s", iso + 5, iso + 11);
    else
        buf_addf(b, "%.8s", iso + 11);
}

static void tooltip(struct buf *b, const struct point *p)
{
    json_object *r = p->rec;

    buf_adds(b, "<title>");
    html_text(b, jstr_or(r, "time", ""));
    buf_adds(b, " ");
    html_text(b, p->what);
    buf_adds(b, " ");
    html_text(b, jstr_or(r, "file", "?"));
    buf_addf(b, ":%lld\n", (long long)json_object_get_int64(jget(r, "line")));
    html_text(b, jstr_or(r, "text", ""));
    buf_adds(b, "</title>");
}

static void axis(struct buf *b, const struct point *pts, size_t n, const bool *used)
{
    time_t lo = pts[0].t, hi = pts[0].t, span;
    size_t i, r, y = 0, rowy[NROWS + 1];
    int k;

    for (i = 1; i < n; i++) {
        lo = pts[i].t < lo ? pts[i].t : lo;
        hi = pts[i].t > hi ? pts[i].t : hi;
    }
    span = hi > lo ? hi - lo : 1;
    for (r = 0; r <= NROWS; r++)
        if (used[r])
            rowy[r] = 10 + ROW_H * y++;
    buf_addf(b, "<svg role=\"img\" aria-label=\"timeline\" viewBox=\"0 0 %d %zu\" width=\"100%%\" "
                "xmlns=\"http://www.w3.org/2000/svg\">\n", LABEL_W + PLOT_W + 20, 40 + ROW_H * y);
    for (r = 0; r <= NROWS; r++) {
        if (!used[r])
            continue;
        buf_addf(b, "<line x1=\"%d\" y1=\"%zu\" x2=\"%d\" y2=\"%zu\" stroke=\"#e8eaed\"/>"
                    "<text x=\"4\" y=\"%zu\" font-size=\"12\" fill=\"#3c4043\">%s</text>\n",
                 LABEL_W, rowy[r] + ROW_H / 2, LABEL_W + PLOT_W, rowy[r] + ROW_H / 2,
                 rowy[r] + ROW_H / 2 + 4, r < NROWS ? rows[r] : "other");
    }
    for (k = 0; k <= 5; k++) {
        time_t t = lo + span * k / 5;
        double x = LABEL_W + (double)PLOT_W * k / 5;
        buf_addf(b, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"%zu\" stroke=\"#dadce0\" "
                    "stroke-dasharray=\"2 3\"/><text x=\"%.1f\" y=\"%zu\" font-size=\"11\" "
                    "fill=\"#5f6368\" text-anchor=\"%s\">",
                 x, x, 14 + ROW_H * y, x, 30 + ROW_H * y, k == 0 ? "start" : k == 5 ? "end" : "middle");
        tick_label(b, t, span);
        buf_adds(b, "</text>\n");
    }
    for (i = 0; i < n; i++) {
        double x = LABEL_W + (double)PLOT_W * (double)(pts[i].t - lo) / (double)span;
        size_t cy = rowy[pts[i].row] + ROW_H / 2;
        if (pts[i].diamond)
            buf_addf(b, "<path d=\"M%.1f %zu l6 6 l-6 6 l-6 -6 z\" fill=\"%s\" stroke=\"#fff\">", x, cy - 6,
                     pts[i].color);
        else
            buf_addf(b, "<circle cx=\"%.1f\" cy=\"%zu\" r=\"4.5\" fill=\"%s\" fill-opacity=\"0.8\">", x, cy,
                     pts[i].color);
        tooltip(b, &pts[i]);
        buf_adds(b, pts[i].diamond ? "</path>\n" : "</circle>\n");
    }
    buf_adds(b, "</svg>\n");
}

static void record_row(struct buf *b, json_object *rec, const char *source, const char *what)
{
    buf_adds(b, "<tr>");
    html_td(b, jget(rec, "time"), "mono");
    buf_adds(b, "<td>");
    html_text(b, source);
    buf_adds(b, "</td><td>");
    html_text(b, what);
    buf_adds(b, "</td><td class=\"mono\">");
    html_text(b, jstr_or(rec, "file", "?"));
    buf_addf(b, ":%lld</td><td class=\"mono\">", (long long)json_object_get_int64(jget(rec, "line")));
    html_text(b, jstr_or(rec, "text", ""));
    buf_adds(b, "</td></tr>\n");
}

void html_timeline(struct buf *b, json_object *report)
{
    json_object *tl = jget(report, "timeline"), *fs = jget(report, "findings");
    struct point *pts = NULL;
    size_t n = 0, alloc = 0, i, j, untimed = 0, shown;
    bool used[NROWS + 1] = { false };
    time_t t;

    buf_adds(b, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    for (i = 0; i < jarr_len(fs); i++) {
        json_object *f = jarr_at(fs, i), *ev = jget(f, "evidence");
        for (j = 0; j < jarr_len(ev); j++) {
            if (!when(jarr_at(ev, j), &t))
                continue;
            XGROW(pts, alloc, n + 1);
            pts[n++] = (struct point){ t, 0, kind_color(jstr_or(f, "severity", "info")), true,
                                       jarr_at(ev, j), jstr_or(f, "rule", "?") };
            used[0] = true;
        }
    }
    for (i = 0; i < jarr_len(tl); i++) {
        json_object *rec = jarr_at(tl, i);
        if (!when(rec, &t)) {
            untimed++;
            continue;
        }
        XGROW(pts, alloc, n + 1);
        pts[n] = (struct point){ t, row_of(jstr_or(rec, "source", "")), kind_color(jstr_or(rec, "kind", "")),
                                 false, rec, jstr_or(rec, "kind", "") };
        used[pts[n++].row] = true;
    }
    if (n) {
        buf_adds(b, "<p class=\"note\">Diamonds are the findings' evidence (red critical, orange "
                    "warning); dots are notable log records: red errors, purple crashes, green starts, "
                    "grey stops, amber cluster events. Hover for the line.</p>\n");
        axis(b, pts, n, used);
    } else {
        buf_adds(b, "<p class=\"note\">No timed records: the logs of this bundle have no notable "
                    "lines with a time.</p>\n");
    }
    free(pts);

    if (!jarr_len(tl)) {
        buf_adds(b, "</section>\n");
        return;
    }
    shown = jarr_len(tl) - untimed > TABLE_MAX ? TABLE_MAX : jarr_len(tl) - untimed;
    buf_addf(b, "<details><summary>Notable log records (%zu with a time", jarr_len(tl) - untimed);
    if (shown < jarr_len(tl) - untimed)
        buf_addf(b, ", the latest %zu shown", shown);
    buf_adds(b, ")</summary>\n<table><tr><th>Time</th><th>Log</th><th>Kind</th><th>Where</th><th>Line</th></tr>\n");
    /* timed records come first, oldest first: show the latest TABLE_MAX */
    for (i = jarr_len(tl) - untimed - shown; i < jarr_len(tl) - untimed; i++) {
        json_object *rec = jarr_at(tl, i);
        record_row(b, rec, jstr_or(rec, "source", ""), jstr_or(rec, "kind", ""));
    }
    buf_adds(b, "</table></details>\n");
    if (untimed) {
        buf_addf(b, "<details><summary>Notable lines without a time (%zu: qemu-dm, hotplug and the "
                    "domain builder do not stamp their lines)</summary>\n<table><tr><th>Time</th><th>Log"
                    "</th><th>Kind</th><th>Where</th><th>Line</th></tr>\n", untimed);
        for (i = jarr_len(tl) - untimed, shown = 0; i < jarr_len(tl) && shown < TABLE_MAX; i++, shown++) {
            json_object *rec = jarr_at(tl, i);
            record_row(b, rec, jstr_or(rec, "source", ""), jstr_or(rec, "kind", ""));
        }
        buf_adds(b, "</table></details>\n");
    }
    buf_adds(b, "</section>\n");
}
