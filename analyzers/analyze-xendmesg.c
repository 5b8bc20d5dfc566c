/* SPDX-License-Identifier: MIT */
/* analyze-xendmesg.c: hypervisor console (xm/xl dmesg, console/hypervisor.log) -> raw.xen_dmesg.*:
 * version, command line, dom0 boot allocation, dom0 crash, allocation failures. "(XEN) " may sit
 * anywhere on a line; over several boots the last boot's version/cmdline/allocation win. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

#define XEN_TAG "(XEN) "

struct dmesg {
    const char *version, *cmdline;
    size_t version_len, cmdline_len;
    int64_t alloc_pages;
    bool have_alloc, crashed;
    int64_t alloc_failures, xen_lines;
};

/* what in [s, s+len), or NULL (memmem is not in C11 or POSIX). */
static const char *find(const char *s, size_t len, const char *what)
{
    size_t n = strlen(what);
    const char *p = s, *end = s + len;

    while (n && (size_t)(end - p) >= n && (p = memchr(p, what[0], (size_t)(end - p - n + 1)))) {
        if (!memcmp(p, what, n))
            return p;
        p++;
    }
    return NULL;
}

/* " Dom0 alloc.:   0000000070000000->0000000078000000 (227559 pages to be allocated)" */
static bool alloc_pages(const char *s, size_t len, int64_t *pages)
{
    const char *open = find(s, len, "("), *end = find(s, len, " pages to be allocated)");
    size_t n;

    if (!open || !end || end < open)
        return false;
    n = (size_t)(end - open - 1);
    return cmdtext_uint(open + 1, n, pages);
}

static void xen_line(struct facts *f, const struct analyzer_input *in, size_t lineno,
                     struct dmesg *m, const char *s, size_t len)
{
    const char *v, *end;
    char q[CMDTEXT_QUOTE_MAX];
    int64_t pages;

    m->xen_lines++;
    if (find(s, len, "Could not allocate order="))
        m->alloc_failures++;
    if (find(s, len, "Domain 0 crashed"))
        m->crashed = true;
    if (str_starts(s, len, "Xen version ") && len > 12 && s[12] >= '0' && s[12] <= '9') {
        v = s + 12;
        end = memchr(v, ' ', len - 12);
        m->version = v;
        m->version_len = end ? (size_t)(end - v) : len - 12;
    } else if (str_starts(s, len, "Command line:")) {
        v = s + 13;
        m->cmdline_len = len - 13;
        str_trim(&v, &m->cmdline_len);
        m->cmdline = v;
    } else if (str_starts(s, len, "Dom0 alloc.:")) {
        if (alloc_pages(s, len, &pages)) {
            m->alloc_pages = pages;
            m->have_alloc = true;
        } else {
            facts_error(f, in->path, lineno, "'%s': no page count",
                        cmdtext_quote(s, len, q));
        }
    }
}

static const char *dmesg_key(const char *path)
{
    if (strstr(path, "xm-dmesg"))
        return "xen_dmesg.xm_dmesg";
    if (strstr(path, "xl-dmesg"))
        return "xen_dmesg.xl_dmesg";
    return "xen_dmesg.hypervisor_log";
}

static int parse_dmesg(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct dmesg m;
    struct line_iter it;
    const char *line, *tag, *s;
    size_t len, slen;
    json_object *out;

    memset(&m, 0, sizeof(m));
    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        tag = find(line, len, XEN_TAG);
        if (!tag)
            continue;
        s = tag + strlen(XEN_TAG);
        slen = len - (size_t)(s - line);
        str_trim(&s, &slen);
        xen_line(f, in, it.lineno, &m, s, slen);
    }
    if (!m.xen_lines)
        return err_set(err, E_PARSE, "no '(XEN) ' lines: not the hypervisor console");
    out = facts_raw(f, dmesg_key(in->path));
    if (m.version)
        jset_strn(out, "xen_version", m.version, m.version_len);
    if (m.cmdline)
        jset_strn(out, "commandline", m.cmdline, m.cmdline_len);
    if (m.have_alloc) {
        jset_int(out, "dom0_alloc_pages", m.alloc_pages);
        jset_int(out, "dom0_alloc_mb", m.alloc_pages / 256);
    }
    jset_bool(out, "dom0_crashed", m.crashed);
    jset_int(out, "alloc_failures", m.alloc_failures);
    jset_int(out, "xen_lines", m.xen_lines);
    return 0;
}

static const char *const xendmesg_inputs[] = {
    "cmd/xm-dmesg.out",
    "cmd/xl-dmesg.out",
    "root/var/log/xen/console/hypervisor.log",
    NULL,
};

ANALYZER(xendmesg) = {
    .name = "xendmesg",
    .desc = "xm/xl dmesg and hypervisor.log: Xen version and command line, dom0 allocation, "
            "dom0 crash, allocation failures",
    .inputs = xendmesg_inputs,
    .parse = parse_dmesg,
};
