/* SPDX-License-Identifier: MIT */
/* html-overview.c: the memory picture (xsos's idea, for a dom0). One stacked bar of what Xen
 * handed out (Dom0, each guest by its simple name, what Xen keeps for itself, free) under a bar
 * of the host's memory, so that the talk's rule Mem(host) >= Mem(Dom0) + Mem(DomUs) is seen at
 * a glance, with the Oracle VM Dom0 sizing rule (502 + 0.0205 x host MiB, as MEM-012) marked. */
#include "reports/html.h"
#include "analyzers/facts.h"
#include "lib/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define W 1000          /* drawing width */
#define X0 10
#define BAR 940         /* width of the host's memory */

static const char *const palette[] = { "#2e7d32", "#00897b", "#6a1b9a", "#558b2f", "#00838f",
                                       "#4527a0", "#827717", "#ad1457" };

struct seg {
    const char *label;
    const char *fill;
    int64_t mb;
};

static int64_t get(json_object *o, const char *key, bool *ok)
{
    int64_t v = 0;

    if (!jget_int(o, key, &v) && ok)
        *ok = false;
    return v;
}

static double px(int64_t mb, int64_t scale)
{
    return scale > 0 ? (double)mb * BAR / (double)scale : 0;
}

static void rect(struct buf *b, double x, double y, double w, double h, const char *fill,
                 const char *label, int64_t mb)
{
    buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                "stroke=\"#fff\" stroke-width=\"1\"><title>",
             x, y, w > 0 ? w : 0, h, fill);
    html_text(b, label);
    buf_addf(b, ": %" PRId64 " MB</title></rect>\n", mb);
    /* a label only where it fits: about 7 px per character */
    if (w >= 7.0 * (double)(strlen(label) + 1)) {
        buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"12\">", x + 4, y + h / 2 + 4,
                 fill[0] == '#' && strcmp(fill, "#e8eaed") ? "#fff" : "#202124");
        html_text(b, label);
        buf_adds(b, "</text>\n");
    }
}

static void picture(struct buf *b, json_object *facts, struct seg *segs, size_t n, int64_t total,
                    int64_t used)
{
    int64_t scale = used > total ? used : total, dom0 = segs[0].mb;
    int64_t want = (int64_t)((double)total * 0.0205 + 502);
    double x = X0, mx;
    size_t i;

    (void)facts;
    buf_addf(b, "<svg role=\"img\" aria-label=\"memory of the host\" viewBox=\"0 0 %d 150\" "
                "width=\"100%%\" xmlns=\"http://www.w3.org/2000/svg\">\n", W);
    buf_adds(b, "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#bdc1c6\"/>"
                "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#80868b\" stroke-width=\"2\"/>"
                "</pattern></defs>\n");
    /* the host */
    buf_addf(b, "<rect x=\"%d\" y=\"20\" width=\"%.1f\" height=\"22\" fill=\"#f1f3f4\" stroke=\"#5f6368\"/>"
                "<text x=\"%d\" y=\"36\" font-size=\"12\" fill=\"#202124\">Host memory (Xen total): %"
                PRId64 " MB</text>\n", X0, px(total, scale), X0 + 6, total);
    /* what it holds */
    for (i = 0; i < n; i++) {
        double w = px(segs[i].mb, scale);
        rect(b, x, 52, w, 34, segs[i].fill, segs[i].label, segs[i].mb);
        x += w;
    }
    if (used > total)
        buf_addf(b, "<line x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"94\" stroke=\"#b00020\" stroke-width=\"3\"/>"
                    "<text x=\"%.1f\" y=\"108\" font-size=\"12\" fill=\"#b00020\">over the host's memory"
                    "</text>\n", X0 + px(total, scale), X0 + px(total, scale), X0 + px(total, scale) - 150);
    /* the sizing rule for Dom0 */
    mx = X0 + px(want, scale);
    buf_addf(b, "<line x1=\"%.1f\" y1=\"48\" x2=\"%.1f\" y2=\"118\" stroke=\"%s\" stroke-width=\"2\" "
                "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"132\" font-size=\"12\" fill=\"%s\">"
                "Dom0 sizing rule: %" PRId64 " MB (Dom0 has %" PRId64 ")</text>\n",
             mx, mx, dom0 < want * 95 / 100 ? "#b00020" : "#2e7d32", mx > 700 ? mx - 260 : mx + 4,
             dom0 < want * 95 / 100 ? "#b00020" : "#2e7d32", want, dom0);
    buf_adds(b, "</svg>\n");
}

static void legend(struct buf *b, struct seg *segs, size_t n, int64_t total)
{
    size_t i;

    buf_adds(b, "<table><tr><th></th><th>Part</th><th class=\"num\">MB</th><th class=\"num\">of the host</th></tr>\n");
    for (i = 0; i < n; i++) {
        buf_adds(b, "<tr><td><svg width=\"14\" height=\"14\" xmlns=\"http://www.w3.org/2000/svg\">"
                    "<rect width=\"14\" height=\"14\" fill=\"");
        buf_adds(b, segs[i].fill);
        buf_adds(b, "\" stroke=\"#5f6368\"/></svg></td><td>");
        html_text(b, segs[i].label);
        buf_addf(b, "</td><td class=\"num\">%" PRId64 "</td><td class=\"num\">%.1f %%</td></tr>\n",
                 segs[i].mb, total > 0 ? 100.0 * (double)segs[i].mb / (double)total : 0.0);
    }
    buf_adds(b, "</table>\n");
}

static void dom0_details(struct buf *b, json_object *dom0)
{
    json_object *arg = jget(dom0, "dom0_mem_arg"), *lx = jget(dom0, "linux");
    int64_t v;

    buf_adds(b, "<p>Dom0: ");
    if (jget_int(dom0, "mem_mb", &v))
        buf_addf(b, "%" PRId64 " MB", v);
    if (jget_int(dom0, "max_mb", &v))
        buf_addf(b, ", maximum %" PRId64 " MB", v);
    else
        buf_adds(b, ", no maximum (it may balloon)");
    buf_adds(b, "; Xen command line <code>dom0_mem=");
    html_text(b, jstr_or(arg, "raw", "(not set)"));
    buf_adds(b, "</code>");
    if (jget_int(lx, "mem_total_kb", &v))
        buf_addf(b, "; Linux sees %" PRId64 " MB", v / 1024);
    if (jget_int(lx, "mem_available_kb", &v))
        buf_addf(b, ", %" PRId64 " MB available", v / 1024);
    if (jget_int(lx, "swap_total_kb", &v) && v) {
        int64_t free_kb = 0;
        jget_int(lx, "swap_free_kb", &free_kb);
        buf_addf(b, ", swap %" PRId64 " of %" PRId64 " MB used", (v - free_kb) / 1024, v / 1024);
    }
    buf_adds(b, ".</p>\n");
}

void html_overview(struct buf *b, json_object *facts)
{
    json_object *xen = jget(jget(facts, "host"), "xen"), *doms = jget(facts, "domains");
    json_object *dom0 = jget(facts, "dom0");
    struct seg *segs;
    bool ok = true;
    int64_t total = get(xen, "total_mb", &ok), free_mb = get(xen, "free_mb", &ok);
    int64_t dom0_mb = get(dom0, "mem_mb", &ok), guests = 0, rest;
    size_t i, n = 0, nguests = 0;

    buf_adds(b, "<section id=\"overview\">\n<h2>Memory</h2>\n");
    if (!ok || total <= 0) {
        buf_adds(b, "<p class=\"note\">The bundle does not say how much memory the host, Dom0 or "
                    "the free pool has (no xm/xl info or list): no picture.</p>\n</section>\n");
        return;
    }
    segs = xcalloc(jarr_len(doms) + 3, sizeof(*segs));
    segs[n++] = (struct seg){ "Dom0", "#1565c0", dom0_mb };
    for (i = 0; i < jarr_len(doms); i++) {
        json_object *d = jarr_at(doms, i);
        int64_t id = -1, mb = 0;
        jget_int(d, "id", &id);
        if (id == 0 || !jget_int(d, "mem_mb", &mb))
            continue;
        segs[n++] = (struct seg){ jstr_or(d, "simple_name", jstr_or(d, "name", "?")),
                                  palette[nguests++ % (sizeof(palette) / sizeof(palette[0]))], mb };
        guests += mb;
    }
    rest = total - dom0_mb - guests - free_mb;
    if (rest > 0)
        segs[n++] = (struct seg){ "Xen itself and unaccounted", "url(#hatch)", rest };
    segs[n++] = (struct seg){ "Free", "#e8eaed", free_mb };
    picture(b, facts, segs, n, total, dom0_mb + guests + free_mb + (rest > 0 ? rest : 0));
    buf_addf(b, "<p>Mem(host) &ge; Mem(Dom0) + Mem(DomUs): %" PRId64 " MB &ge; %" PRId64 " + %" PRId64
                " = %" PRId64 " MB: ", total, dom0_mb, guests, dom0_mb + guests);
    if (dom0_mb + guests <= total)
        buf_addf(b, "<span class=\"verdict-ok\">holds</span>, with %" PRId64 " MB free for another "
                    "guest (Xen's free pool).</p>\n", free_mb);
    else
        buf_adds(b, "<span class=\"verdict-bad\">does not hold</span>: the numbers come from "
                    "different moments, or the host is overcommitted.</p>\n");
    dom0_details(b, dom0);
    buf_addf(b, "<details><summary>Each part (%zu guests)</summary>\n", nguests);
    legend(b, segs, n, total);
    buf_adds(b, "</details>\n</section>\n");
    free(segs);
}
