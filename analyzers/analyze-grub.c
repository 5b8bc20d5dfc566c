/* SPDX-License-Identifier: MIT */
/* analyze-grub.c: grub files -> raw.grub.<bundle path> {default, entries[] {title, xen_args,
 * dom0_args, dom0_mem, dom0_max_vcpus}, xen_cmdline_default}; join.c takes dom0_mem from the
 * default entry when the running Xen command line is not known. */
#include "analyzers/analyzer.h"
#include "analyzers/dom0mem.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Legacy grub ("title", "kernel /xen.gz ...", "module /vmlinuz ...") and grub2 ("menuentry
 * '...' {", "multiboot[2]", "module[2]", nested submenus) go through one parser. `default` is an
 * index into entries[] (nested ones included), null for a saved entry, a title or a variable. */
#define GRUB_MAX_DEPTH 8
#define GRUB_MAX_TOP 256

struct grub_state {
    json_object *entries, *cur;       /* cur: the entry being read (borrowed) */
    bool cur_xen, cur_has_dom0;
    int depth;                        /* braces open */
    int menu_depth;                   /* depth at which cur's menuentry opened, -1 none */
    /* top-level positions (grub2 counts a submenu as one) -> index of their first entry */
    int top_first[GRUB_MAX_TOP];
    int ntop;
    bool sub_open[GRUB_MAX_DEPTH];    /* the brace at this depth is a submenu's */
    char default_text[64];
    bool have_default;
};

/* The first word of [s, s+len) into w; *rest is what follows, trimmed. */
static bool first_word(const char *s, size_t len, const char **w, size_t *wlen, const char **rest,
                       size_t *rlen)
{
    size_t i = 0;

    str_trim(&s, &len);
    if (!len)
        return false;
    while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '=')
        i++;
    *w = s;
    *wlen = i;
    *rest = s + i;
    *rlen = len - i;
    str_trim(rest, rlen);
    return true;
}

/* dom0_max_vcpus=N (or N-M: the upper bound) in args; false when absent or unreadable. */
static bool max_vcpus(const char *args, int64_t *out)
{
    const char *p, *v;
    size_t n;

    for (p = args; (p = strstr(p, "dom0_max_vcpus=")); p++) {
        if (p != args && p[-1] != ' ' && p[-1] != '\t')
            continue;
        v = p + strlen("dom0_max_vcpus=");
        n = strcspn(v, " \t");
        if (memchr(v, '-', n)) {
            const char *dash = memchr(v, '-', n);
            n -= (size_t)(dash + 1 - v);
            v = dash + 1;
        }
        return str_to_i64(v, n, out) && *out > 0;
    }
    return false;
}

static json_object *dom0_mem_obj(const char *args)
{
    struct dom0mem d;

    if (!dom0mem_parse(args, &d))
        return NULL;
    return dom0mem_json(&d);
}

static void entry_new(struct grub_state *g, const char *title, size_t tlen, bool top)
{
    json_object *e = json_object_new_object();

    jset_strn(e, "title", title, tlen);
    jset_null(e, "xen_args");
    jset_null(e, "dom0_args");
    jset_null(e, "dom0_mem");
    jset_null(e, "dom0_max_vcpus");
    if (top && g->ntop < GRUB_MAX_TOP)
        g->top_first[g->ntop++] = (int)json_object_array_length(g->entries);
    json_object_array_add(g->entries, e);
    g->cur = e;
    g->cur_xen = g->cur_has_dom0 = false;
}

static void set_xen(struct grub_state *g, const char *args, size_t alen)
{
    char *a = xmalloc(alen + 1);
    json_object *dm;
    int64_t v;

    memcpy(a, args, alen);
    a[alen] = '\0';
    jset_str(g->cur, "xen_args", a);
    if ((dm = dom0_mem_obj(a)))
        json_object_object_add(g->cur, "dom0_mem", dm);
    if (max_vcpus(a, &v))
        jset_int(g->cur, "dom0_max_vcpus", v);
    free(a);
    g->cur_xen = true;
}

/* "kernel /xen.gz args": the image path and its arguments, grub options skipped. */
static bool image_args(const char *rest, size_t rlen, const char **img, size_t *ilen,
                       const char **args, size_t *alen)
{
    const char *w, *r;
    size_t wl, rl;

    while (first_word(rest, rlen, &w, &wl, &r, &rl) && wl > 2 && w[0] == '-' && w[1] == '-') {
        rest = r;
        rlen = rl;
    }
    if (!first_word(rest, rlen, &w, &wl, &r, &rl))
        return false;
    *img = w;
    *ilen = wl;
    *args = r;
    *alen = rl;
    return true;
}

static bool is_xen_image(const char *img, size_t len)
{
    size_t i = len;

    while (i > 0 && img[i - 1] != '/' && img[i - 1] != ')')
        i--;
    return textscan_istarts(img + i, len - i, "xen");
}

/* The title of "menuentry 'Title' --class ... {": quoted, or the first word. */
static void menu_title(const char *rest, size_t rlen, const char **t, size_t *tlen)
{
    const char *q;

    if (rlen && (rest[0] == '\'' || rest[0] == '"') &&
        (q = memchr(rest + 1, rest[0], rlen - 1))) {
        *t = rest + 1;
        *tlen = (size_t)(q - rest - 1);
        return;
    }
    *t = rest;
    *tlen = 0;
    while (*tlen < rlen && rest[*tlen] != ' ' && rest[*tlen] != '\t' && rest[*tlen] != '{')
        (*tlen)++;
}

static void open_brace(struct grub_state *g, bool submenu)
{
    if (g->depth < GRUB_MAX_DEPTH)
        g->sub_open[g->depth] = submenu;
    g->depth++;
}

static void close_braces(struct grub_state *g, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (s[i] != '}' || g->depth <= 0)
            continue;
        g->depth--;
        if (g->cur && g->depth <= g->menu_depth) {
            g->cur = NULL;
            g->menu_depth = -1;
        }
    }
}

/* A grub command line of a menu file. False when it is a kernel/module line out of place. */
static bool menu_line(struct grub_state *g, const char *w, size_t wl, const char *rest, size_t rl)
{
    const char *img, *args, *t;
    size_t ilen, alen, tl;
    bool top = g->depth == 0;

    if (textscan_eq(w, wl, "default")) {
        textscan_copy(g->default_text, sizeof(g->default_text), rest, rl);
        g->have_default = true;
    } else if (textscan_eq(w, wl, "set") && str_starts(rest, rl, "default=")) {
        rest += 8;
        rl -= 8;
        if (rl >= 2 && (rest[0] == '"' || rest[0] == '\'') && rest[rl - 1] == rest[0]) {
            rest++;
            rl -= 2;
        }
        textscan_copy(g->default_text, sizeof(g->default_text), rest, rl);
        g->have_default = true;
    } else if (textscan_eq(w, wl, "title")) {
        entry_new(g, rest, rl, true);
        g->menu_depth = -1;
    } else if (textscan_eq(w, wl, "menuentry")) {
        menu_title(rest, rl, &t, &tl);
        entry_new(g, t, tl, top);
        g->menu_depth = g->depth;
        if (rl && memchr(rest, '{', rl))
            open_brace(g, false);
    } else if (textscan_eq(w, wl, "submenu")) {
        if (top && g->ntop < GRUB_MAX_TOP)
            g->top_first[g->ntop++] = -1 - (int)json_object_array_length(g->entries);
        g->cur = NULL;
        if (rl && memchr(rest, '{', rl))
            open_brace(g, true);
    } else if (textscan_eq(w, wl, "kernel") || textscan_eq(w, wl, "multiboot") ||
               textscan_eq(w, wl, "multiboot2") || textscan_eq(w, wl, "xen_hypervisor")) {
        if (!g->cur)
            return false;
        if (image_args(rest, rl, &img, &ilen, &args, &alen) &&
            (w[0] != 'k' || is_xen_image(img, ilen)))
            set_xen(g, args, alen);
    } else if (textscan_eq(w, wl, "module") || textscan_eq(w, wl, "module2") ||
               textscan_eq(w, wl, "xen_module")) {
        if (!g->cur)
            return false;
        if (g->cur_xen && !g->cur_has_dom0 && image_args(rest, rl, &img, &ilen, &args, &alen)) {
            jset_strn(g->cur, "dom0_args", args, alen);
            g->cur_has_dom0 = true;
        }
    }
    return true;
}

/* default as an index into entries[]: "N" (N-th top-level item), "N>M" (M-th in submenu N). */
static void write_default(struct grub_state *g, json_object *out)
{
    const char *s = g->default_text, *gt;
    int64_t top, sub = 0;
    int first;

    gt = strchr(s, '>');
    if (!g->have_default || !str_to_i64(s, gt ? (size_t)(gt - s) : strlen(s), &top) ||
        (gt && !str_to_i64(gt + 1, strlen(gt + 1), &sub)) || top < 0 || sub < 0) {
        jset_null(out, "default");
        return;
    }
    if (!g->ntop) {
        /* legacy grub with no entry read yet, or nothing at all: keep the number */
        jset_int(out, "default", top);
        return;
    }
    if (top >= g->ntop) {
        jset_null(out, "default");
        return;
    }
    first = g->top_first[top];
    if (first >= 0 && !gt) {
        jset_int(out, "default", first);
    } else if (first < 0) {
        first = -1 - first;
        if (first + sub < (int64_t)json_object_array_length(g->entries))
            jset_int(out, "default", first + sub);
        else
            jset_null(out, "default");
    } else {
        jset_null(out, "default");
    }
}

/* /etc/default/grub: shell assignments; $VAR and ${VAR} of the two Xen variables expand. */
static void shell_value(const char *v, size_t vlen, char *xen, char *xen_def, char *out,
                        size_t size)
{
    size_t o = 0, i = 0, n;
    char quote = 0;
    const char *sub;

    while (i < vlen && o + 1 < size) {
        char c = v[i];
        if (!quote && (c == '"' || c == '\'')) {
            quote = c;
            i++;
            continue;
        }
        if (quote && c == quote) {
            quote = 0;
            i++;
            continue;
        }
        if (!quote && (c == ' ' || c == '\t' || c == '#'))
            break;
        if (c == '$' && quote != '\'') {
            const char *name = v + i + 1;
            bool brace = i + 1 < vlen && *name == '{';
            name += brace;
            n = 0;
            while (name + n < v + vlen && (name[n] == '_' || (name[n] >= 'A' && name[n] <= 'Z') ||
                                           (name[n] >= '0' && name[n] <= '9')))
                n++;
            sub = textscan_eq(name, n, "GRUB_CMDLINE_XEN") ? xen :
                  textscan_eq(name, n, "GRUB_CMDLINE_XEN_DEFAULT") ? xen_def : "";
            while (*sub && o + 1 < size)
                out[o++] = *sub++;
            i = (size_t)(name + n - v) + (brace && name + n < v + vlen && name[n] == '}');
            continue;
        }
        out[o++] = c;
        i++;
    }
    out[o] = '\0';
}

static int parse_default_grub(struct facts *f, const struct analyzer_input *in, json_object *out)
{
    struct line_iter it;
    const char *line, *eq, *k, *v;
    size_t len, klen, vlen;
    char xen[1024] = "", xen_def[1024] = "", def[64] = "", tmp[1024], both[2100];
    bool have_xen = false, have_def = false, have_default = false;
    int found = 0;
    int64_t n;

    line_iter_init(&it, in->data, in->len);
    while (textscan_next_config(&it, f, in->path, "shell assignments", &line, &len)) {
        if (str_starts(line, len, "export "))
            line += 7, len -= 7;
        eq = memchr(line, '=', len);
        if (!eq || !str_starts(line, len, "GRUB_"))
            continue;
        k = line;
        klen = (size_t)(eq - line);
        v = eq + 1;
        vlen = (size_t)(line + len - v);
        found++;
        if (textscan_eq(k, klen, "GRUB_CMDLINE_XEN")) {
            shell_value(v, vlen, xen, xen_def, tmp, sizeof(tmp));
            textscan_copy(xen, sizeof(xen), tmp, strlen(tmp));
            have_xen = true;
        } else if (textscan_eq(k, klen, "GRUB_CMDLINE_XEN_DEFAULT")) {
            shell_value(v, vlen, xen, xen_def, tmp, sizeof(tmp));
            textscan_copy(xen_def, sizeof(xen_def), tmp, strlen(tmp));
            have_def = true;
        } else if (textscan_eq(k, klen, "GRUB_DEFAULT")) {
            shell_value(v, vlen, xen, xen_def, def, sizeof(def));
            have_default = true;
        }
    }
    if (!found)
        return -1;
    if (have_default && str_to_i64(def, strlen(def), &n) && n >= 0)
        jset_int(out, "default", n);
    else
        jset_null(out, "default");
    json_object_object_add(out, "entries", json_object_new_array());
    if (have_xen || have_def) {
        snprintf(both, sizeof(both), "%s%s%s", xen, *xen && *xen_def ? " " : "", xen_def);
        jset_str(out, "xen_cmdline_default", both);
    } else {
        jset_null(out, "xen_cmdline_default");
    }
    return 0;
}

static int parse_grub(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct grub_state g;
    struct line_iter it;
    json_object *out = json_object_new_object();
    const char *line, *w, *rest;
    size_t len, wl, rl;

    if (!strcmp(in->path, "root/etc/default/grub")) {
        if (parse_default_grub(f, in, out) < 0) {
            json_object_put(out);
            return err_set(err, E_PARSE, "no GRUB_ settings");
        }
        json_object_object_add(facts_raw(f, "grub"), in->path, out);
        return 0;
    }
    memset(&g, 0, sizeof(g));
    g.entries = json_object_new_array();
    g.menu_depth = -1;
    line_iter_init(&it, in->data, in->len);
    while (textscan_next_config(&it, f, in->path, "a grub line", &line, &len)) {
        if (line[0] == '}') {
            close_braces(&g, line, len);
            continue;
        }
        if (!first_word(line, len, &w, &wl, &rest, &rl))
            continue;
        if (wl < len && line[wl] == '=') {       /* legacy "default=0", "timeout=5" */
            rest = line + wl + 1;
            rl = len - wl - 1;
            str_trim(&rest, &rl);
        }
        if (!menu_line(&g, w, wl, rest, rl)) {
            facts_error(f, in->path, it.lineno, "'%.*s': outside a boot entry", (int)MIN(len, 80),
                        line);
            continue;
        }
        /* "if ... {"-less grub2 script: braces of other blocks matter only for closing */
        if (!textscan_eq(w, wl, "menuentry") && !textscan_eq(w, wl, "submenu") && rl &&
            rest[rl - 1] == '{')
            open_brace(&g, false);
    }
    if (!json_object_array_length(g.entries) && !g.have_default) {
        json_object_put(g.entries);
        json_object_put(out);
        return err_set(err, E_PARSE, "no boot entries and no default: not a grub file");
    }
    write_default(&g, out);
    json_object_object_add(out, "entries", g.entries);
    jset_null(out, "xen_cmdline_default");
    json_object_object_add(facts_raw(f, "grub"), in->path, out);
    return 0;
}

static const char *const grub_inputs[] = {
    "root/boot/grub/grub.conf", "root/boot/grub/menu.lst", "root/boot/grub2/grub.cfg",
    "root/boot/efi/EFI/redhat/grub.conf", "root/etc/default/grub", NULL,
};

ANALYZER(grub) = {
    .name = "grub",
    .desc = "grub configuration: boot entries, Xen and dom0 arguments, dom0_mem",
    .inputs = grub_inputs,
    .parse = parse_grub,
};
