/* SPDX-License-Identifier: MIT */
/* analyze-hostproc.c: dom0's /proc -> host.uptime_s, host.cpus and host.cpu_model (what dom0
 * sees: its vCPUs, not the host's), host.role ("dom0" when /proc/xen/capabilities says
 * control_d, "domU" when the file is there without it). */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

static int parse_uptime(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    const char *line, *fld[2], *dot;
    size_t len, flen[2], n;
    int64_t secs;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (textscan_noise(line, len))
            continue;
        n = str_fields(line, len, fld, flen, 2);
        /* "2617488.41 41205547.92": the integer part, no floating point */
        dot = n ? memchr(fld[0], '.', flen[0]) : NULL;
        if (n && str_to_i64(fld[0], dot ? (size_t)(dot - fld[0]) : flen[0], &secs) && secs >= 0) {
            jset_int(facts_obj(f, "host"), "uptime_s", secs);
            return 0;
        }
        facts_error(f, in->path, it.lineno, "'%.*s': not seconds", (int)MIN(len, 40), line);
    }
    return err_set(err, E_PARSE, "no uptime");
}

static int parse_cpuinfo(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *host;
    struct line_iter it;
    const char *line, *colon, *k, *v;
    size_t len, klen, vlen;
    int64_t cpus = 0, num;
    const char *model = NULL;
    size_t model_len = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (!len || !(colon = memchr(line, ':', len)))
            continue;
        k = line;
        klen = (size_t)(colon - line);
        v = colon + 1;
        vlen = (size_t)(line + len - v);
        str_trim(&k, &klen);
        str_trim(&v, &vlen);
        if (textscan_eq(k, klen, "processor")) {
            if (str_to_i64(v, vlen, &num) && num >= 0)
                cpus++;
            else
                facts_error(f, in->path, it.lineno, "'%.*s': not a processor number",
                            (int)MIN(vlen, 40), v);
        } else if (!model && textscan_eq(k, klen, "model name") && vlen &&
                   !textscan_binary(v, vlen)) {
            model = v;
            model_len = vlen;
        }
    }
    if (!cpus)
        return err_set(err, E_PARSE, "no processor lines: not /proc/cpuinfo");
    host = facts_obj(f, "host");
    jset_int(host, "cpus", cpus);
    if (model)
        jset_strn(host, "cpu_model", model, model_len);
    else
        jset_null(host, "cpu_model");
    return 0;
}

static int parse_capabilities(struct facts *f, const struct analyzer_input *in)
{
    /* an empty file is the normal answer of a domU */
    jset_str(facts_obj(f, "host"), "role",
             textscan_find(in->data, in->len, "control_d") ? "dom0" : "domU");
    return 0;
}

static int parse_hostproc(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    if (!strcmp(in->path, "root/proc/uptime"))
        return parse_uptime(f, in, err);
    if (!strcmp(in->path, "root/proc/cpuinfo"))
        return parse_cpuinfo(f, in, err);
    return parse_capabilities(f, in);
}

static const char *const hostproc_inputs[] = {
    "root/proc/uptime", "root/proc/cpuinfo", "root/proc/xen/capabilities", NULL,
};

ANALYZER(hostproc) = {
    .name = "hostproc",
    .desc = "/proc/uptime, /proc/cpuinfo, /proc/xen/capabilities: uptime, CPUs, dom0 or domU",
    .inputs = hostproc_inputs,
    .parse = parse_hostproc,
};
