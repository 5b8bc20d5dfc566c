/* SPDX-License-Identifier: MIT */
/* analyze-release.c: release files -> host.ovm_release ("3.4.6"), host.ovm_release_text and
 * host.os_release (oracle-release, else redhat-release, else os-release's PRETTY_NAME, in any
 * arrival order: raw.host_sources.os_release names the file that gave it). */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

static const char *const os_sources[] = {
    "root/etc/os-release", "root/etc/redhat-release", "root/etc/oracle-release",
};

static int os_rank(const char *path)
{
    size_t i;

    for (i = 0; path && i < ARRAY_SIZE(os_sources); i++)
        if (!strcmp(path, os_sources[i]))
            return (int)i + 1;
    return 0;
}

/* os_release from this file unless a better file already gave it. */
static void set_os_release(struct facts *f, const char *path, const char *s, size_t len)
{
    json_object *src = facts_raw(f, "host_sources");

    if (os_rank(jget_str(src, "os_release")) > os_rank(path))
        return;
    jset_strn(facts_obj(f, "host"), "os_release", s, len);
    jset_str(src, "os_release", path);
}

/* The first line that is neither blank nor binary. */
static bool first_line(struct facts *f, const struct analyzer_input *in, const char **s,
                       size_t *len)
{
    struct line_iter it;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, s, len)) {
        if (textscan_noise(*s, *len))
            continue;
        textscan_strip_markup(s, len);
        if (textscan_binary(*s, *len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of a release line");
            continue;
        }
        return true;
    }
    return false;
}

/* "Oracle VM server release 3.4.6" -> "3.4.6". */
static bool release_version(const char *s, size_t len, const char **v, size_t *vlen)
{
    const char *p = s, *end = s + len, *r;
    size_t n;

    while ((r = textscan_find(p, (size_t)(end - p), "release "))) {
        p = r + 8;
        while (p < end && *p == ' ')
            p++;
        for (n = 0; p + n < end && ((p[n] >= '0' && p[n] <= '9') || p[n] == '.'); n++)
            ;
        while (n && p[n - 1] == '.')
            n--;
        if (n && p[0] != '.') {
            *v = p;
            *vlen = n;
            return true;
        }
    }
    return false;
}

static int parse_os_release_file(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    const char *line, *v;
    size_t len, vlen;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        str_trim(&line, &len);
        if (!str_starts(line, len, "PRETTY_NAME="))
            continue;
        v = line + 12;
        vlen = len - 12;
        if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
            v++;
            vlen -= 2;
        }
        if (!vlen || textscan_binary(v, vlen)) {
            facts_error(f, in->path, it.lineno, "PRETTY_NAME without a readable value");
            continue;
        }
        set_os_release(f, in->path, v, vlen);
        return 0;
    }
    return err_set(err, E_PARSE, "no PRETTY_NAME");
}

static int parse_release(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *host;
    const char *s, *v;
    size_t len, vlen;

    if (!strcmp(in->path, "root/etc/os-release"))
        return parse_os_release_file(f, in, err);
    if (!first_line(f, in, &s, &len))
        return err_set(err, E_PARSE, "no release line");
    if (!strcmp(in->path, "root/etc/ovs-release")) {
        host = facts_obj(f, "host");
        jset_strn(host, "ovm_release_text", s, len);
        if (release_version(s, len, &v, &vlen)) {
            jset_strn(host, "ovm_release", v, vlen);
        } else {
            jset_null(host, "ovm_release");
            facts_error(f, in->path, 1, "'%.*s': no release number", (int)MIN(len, 80), s);
        }
        return 0;
    }
    set_os_release(f, in->path, s, len);
    return 0;
}

static const char *const release_inputs[] = {
    "root/etc/ovs-release", "root/etc/oracle-release", "root/etc/redhat-release",
    "root/etc/os-release", NULL,
};

ANALYZER(release) = {
    .name = "release",
    .desc = "release files: the Oracle VM Server release and the dom0 operating system",
    .inputs = release_inputs,
    .parse = parse_release,
};
