/* SPDX-License-Identifier: MIT */
/* analyze-xminfo.c: `xm info` / `xl info` -> raw.xm_info / raw.xl_info: every "key : value"
 * line as printed (split at the first colon: hw_caps holds colons), plus typed values: memory
 * in MiB, cpus, xen_version from major.minor + extra, the Xen command line. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "lib/lines.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

/* Integer facts: info key -> fact key; cpu_mhz is rounded ("2596.131" on xl). */
static const struct {
    const char *key;
    const char *fact;
} info_ints[] = {
    { "total_memory", "total_mb" },
    { "free_memory", "free_mb" },
    { "nr_cpus", "nr_cpus" },
    { "nr_nodes", "nr_nodes" },
    { "cores_per_socket", "cores_per_socket" },
    { "threads_per_core", "threads_per_core" },
    { "cpu_mhz", "cpu_mhz" },
    { "xend_config_format", "xend_config_format" },   /* xm only, see below */
};

static const char *const info_strs[] = { "xen_commandline", "host", "release", "xen_scheduler" };

/* A key is a lower-case identifier: [a-z][a-z0-9_]*. */
static bool info_key(const char *s, size_t len)
{
    size_t i;

    if (!len || len > 64 || s[0] < 'a' || s[0] > 'z')
        return false;
    for (i = 1; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static void typed_facts(struct facts *f, const struct analyzer_input *in, json_object *out,
                        json_object *fields, const size_t *lines, bool xl)
{
    const char *v, *major, *minor, *extra;
    char q[CMDTEXT_QUOTE_MAX], ver[256];
    int64_t n;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(info_ints); i++) {
        if (xl && !strcmp(info_ints[i].key, "xend_config_format"))
            continue;
        v = jget_str(fields, info_ints[i].key);
        if (!v)
            continue;
        if (!cmdtext_round(v, strlen(v), &n)) {
            facts_error(f, in->path, lines[i], "%s '%s' is not a number", info_ints[i].key,
                        cmdtext_quote(v, strlen(v), q));
            continue;
        }
        jset_int(out, info_ints[i].fact, n);
    }
    for (i = 0; i < ARRAY_SIZE(info_strs); i++)
        if ((v = jget_str(fields, info_strs[i])))
            jset_str(out, info_strs[i], v);
    major = jget_str(fields, "xen_major");
    minor = jget_str(fields, "xen_minor");
    extra = jget_str(fields, "xen_extra");
    if (major && minor && *major && *minor) {
        snprintf(ver, sizeof(ver), "%s.%s%s", major, minor, extra ? extra : "");
        jset_str(out, "xen_version", ver);
    } else if ((v = jget_str(fields, "xen_version")) && *v) {
        jset_str(out, "xen_version", v);
    }
}

static int parse_info(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    const char *base = strrchr(in->path, '/');
    bool xl = !strncmp(base ? base + 1 : in->path, "xl-", 3);
    json_object *out, *fields = json_object_new_object();
    size_t lines[ARRAY_SIZE(info_ints)] = { 0 };
    struct line_iter it;
    const char *line, *colon, *key, *val;
    size_t len, klen, vlen, i, found = 0;
    char q[CMDTEXT_QUOTE_MAX], name[80];

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (cmdtext_is_noise(line, len))
            continue;
        colon = memchr(line, ':', len);
        key = line;
        klen = colon ? (size_t)(colon - line) : 0;
        str_trim(&key, &klen);
        if (!colon || !info_key(key, klen)) {
            facts_error(f, in->path, it.lineno, "'%s': not a 'key : value' line",
                        cmdtext_quote(line, len, q));
            continue;
        }
        val = colon + 1;
        vlen = len - (size_t)(val - line);
        str_trim(&val, &vlen);
        memcpy(name, key, klen);
        name[klen] = '\0';
        jset_strn(fields, name, val, vlen);
        for (i = 0; i < ARRAY_SIZE(info_ints); i++)
            if (!strcmp(name, info_ints[i].key))
                lines[i] = it.lineno;
        found++;
    }
    if (!found) {
        json_object_put(fields);
        return err_set(err, E_PARSE, "no 'key : value' lines: not the output of '%s info'",
                       xl ? "xl" : "xm");
    }
    out = facts_raw(f, xl ? "xl_info" : "xm_info");
    typed_facts(f, in, out, fields, lines, xl);
    json_object_object_add(out, "fields", fields);
    return 0;
}

static const char *const xminfo_inputs[] = { "cmd/xm-info.out", "cmd/xl-info.out", NULL };

ANALYZER(xminfo) = {
    .name = "xminfo",
    .desc = "xm info / xl info: host memory and cpus, Xen version and command line, every field",
    .inputs = xminfo_inputs,
    .parse = parse_info,
};
