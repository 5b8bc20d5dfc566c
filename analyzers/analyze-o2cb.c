/* SPDX-License-Identifier: MIT */
/* analyze-o2cb.c: o2cb.init status (`/etc/init.d/o2cb status`, `service o2cb status`) and
 * `o2cb cluster-status` -> cluster.o2cb {cluster, state, heartbeat, timeouts, regions, nodes}.
 * Both artefacts say the same: each sets what it has and never clears what the other set. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

/* ocfs2-tools 1.4 prints "Heartbeat dead threshold = 31" and a bare cluster name; from 1.6 on
 * "Heartbeat dead threshold: 31" and a quoted one. Both are read. */
static const struct {
    const char *label;
    const char *key;
} o2cb_numbers[] = {
    { "Heartbeat dead threshold", "dead_threshold" },
    { "Network idle timeout", "network_idle_timeout_ms" },
    { "Network keepalive delay", "keepalive_delay_ms" },
    { "Network reconnect delay", "reconnect_delay_ms" },
};

/* Lines o2cb.init prints about its drivers and file systems: known, nothing to report. */
static const char *const o2cb_known[] = {
    "Driver for ", "Filesystem ", "Stack glue driver", "Stack plugin ", "Debug file system ",
    "Loading ", "Mounting ", "Setting cluster stack", "Starting ", "Module ",
};

/* The value after "label:" or "label =", trimmed. */
static bool label_value(const char *s, size_t len, const char *label, const char **v,
                        size_t *vlen)
{
    size_t n = strlen(label);

    if (!textscan_istarts(s, len, label))
        return false;
    s += n;
    len -= n;
    str_trim(&s, &len);
    if (!len || (s[0] != ':' && s[0] != '='))
        return false;
    s++;
    len--;
    str_trim(&s, &len);
    *v = s;
    *vlen = len;
    return true;
}

static bool is_region_uuid(const char *s, size_t len)
{
    size_t i;

    if (len != 32)
        return false;
    for (i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F') ||
              (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* `Checking O2CB cluster "name": Online` or `Checking O2CB cluster name: Offline`. */
static bool cluster_line(json_object *o, const char *s, size_t len)
{
    const char *name, *colon, *state;
    size_t nlen, slen;

    if (!textscan_istarts(s, len, "Checking O2CB cluster"))
        return false;
    name = s + strlen("Checking O2CB cluster");
    colon = NULL;
    for (state = s + len; state > name; state--)
        if (state[-1] == ':') {
            colon = state - 1;
            break;
        }
    if (!colon)
        return false;
    nlen = (size_t)(colon - name);
    str_trim(&name, &nlen);
    if (nlen >= 2 && name[0] == '"' && name[nlen - 1] == '"') {
        name++;
        nlen -= 2;
    }
    state = colon + 1;
    slen = (size_t)(s + len - state);
    str_trim(&state, &slen);
    if (nlen)
        jset_strn(o, "cluster", name, nlen);
    if (textscan_ieq(state, slen, "Online"))
        jset_str(o, "state", "online");
    else if (textscan_ieq(state, slen, "Offline"))
        jset_str(o, "state", "offline");
    else
        jset_str(o, "state", "unknown");
    return true;
}

/* `o2cb cluster-status`: "Cluster 'name' is online". */
static bool cluster_status_line(json_object *o, const char *s, size_t len)
{
    const char *q1 = s + 8, *q2;

    if (!str_starts(s, len, "Cluster '") ||
        !(q2 = memchr(q1 + 1, '\'', (size_t)(s + len - q1 - 1))))
        return false;
    jset_strn(o, "cluster", q1 + 1, (size_t)(q2 - q1 - 1));
    if (textscan_find(q2, (size_t)(s + len - q2), "is online"))
        jset_str(o, "state", "online");
    else if (textscan_find(q2, (size_t)(s + len - q2), "is offline"))
        jset_str(o, "state", "offline");
    else
        jset_str(o, "state", "unknown");
    return true;
}

static int parse_o2cb(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *o = json_object_new_object(), *regions = NULL, *nodes = NULL, *out;
    struct line_iter it;
    const char *line, *v, *fld[1];
    size_t len, vlen, i, flen[1], n;
    int64_t num;
    int found = 0;
    bool in_hb = false, known;
    size_t blank;

    /* A host without OCFS2 (plain Xen, or o2cb not installed): the service answers nothing on
     * stdout, or says it does not exist. That is a fact about the host, not a parse error. */
    for (blank = 0; blank < in->len && strchr(" \t\r\n", in->data[blank]); blank++)
        ;
    if (blank == in->len || str_contains(in->data, in->len, "unrecognized service") ||
        str_contains(in->data, in->len, "could not be found")) {
        json_object_put(o);
        facts_note(f, in->path, 0, "no o2cb status: o2cb is not installed or not running here");
        return 0;
    }
    line_iter_init(&it, in->data, in->len);
    while (textscan_next(&it, f, in->path, "o2cb status", &line, &len)) {
        if (cluster_line(o, line, len) || cluster_status_line(o, line, len)) {
            in_hb = false;
            found++;
            continue;
        }
        for (i = 0; i < ARRAY_SIZE(o2cb_numbers); i++) {
            if (!label_value(line, len, o2cb_numbers[i].label, &v, &vlen))
                continue;
            if (str_to_i64(v, vlen, &num) && num >= 0)
                jset_int(o, o2cb_numbers[i].key, num);
            else
                facts_error(f, in->path, it.lineno, "'%.*s': not a number", (int)MIN(vlen, 40),
                            v);
            break;
        }
        if (i < ARRAY_SIZE(o2cb_numbers)) {
            found++;
            continue;
        }
        if (label_value(line, len, "Heartbeat mode", &v, &vlen)) {
            if (textscan_ieq(v, vlen, "Global"))
                jset_str(o, "heartbeat_mode", "global");
            else if (textscan_ieq(v, vlen, "Local"))
                jset_str(o, "heartbeat_mode", "local");
            else
                facts_error(f, in->path, it.lineno, "'%.*s': unknown heartbeat mode",
                            (int)MIN(vlen, 40), v);
            found++;
            continue;
        }
        if (label_value(line, len, "Checking O2CB heartbeat", &v, &vlen)) {
            if (textscan_ieq(v, vlen, "Active")) {
                jset_bool(o, "heartbeat_active", true);
                in_hb = true;
            } else if (textscan_ieq(v, vlen, "Not active")) {
                jset_bool(o, "heartbeat_active", false);
            } else {
                facts_error(f, in->path, it.lineno, "'%.*s': unknown heartbeat state",
                            (int)MIN(vlen, 40), v);
            }
            if (!regions)
                regions = json_object_new_array();
            found++;
            continue;
        }
        if (label_value(line, len, "Nodes in O2CB cluster", &v, &vlen)) {
            const char *p = v;
            size_t left = vlen;
            if (!nodes)
                nodes = json_object_new_array();
            while (str_fields(p, left, fld, flen, 1)) {
                if (str_to_i64(fld[0], flen[0], &num) && num >= 0 && num < 256)
                    json_object_array_add(nodes, json_object_new_int64(num));
                else
                    facts_error(f, in->path, it.lineno, "'%.*s': not a node number",
                                (int)MIN(flen[0], 40), fld[0]);
                left -= (size_t)(fld[0] + flen[0] - p);
                p = fld[0] + flen[0];
            }
            in_hb = false;
            found++;
            continue;
        }
        n = str_fields(line, len, fld, flen, 1);
        if (in_hb && n && is_region_uuid(fld[0], flen[0])) {
            json_object *r = json_object_new_object();
            v = fld[0] + flen[0];
            vlen = (size_t)(line + len - v);
            str_trim(&v, &vlen);
            jset_strn(r, "uuid", fld[0], flen[0]);
            if (vlen)
                jset_strn(r, "device", v, vlen);
            else
                jset_null(r, "device");
            json_object_array_add(regions, r);
            continue;
        }
        known = false;
        for (i = 0; i < ARRAY_SIZE(o2cb_known) && !known; i++)
            known = textscan_istarts(line, len, o2cb_known[i]);
        if (known) {
            found++;
            continue;
        }
        facts_error(f, in->path, it.lineno, "'%.*s': not an o2cb status line", (int)MIN(len, 80),
                    line);
    }
    if (regions)
        json_object_object_add(o, "regions", regions);
    if (nodes)
        json_object_object_add(o, "nodes", nodes);
    if (!found) {
        json_object_put(o);
        return err_set(err, E_PARSE, "no o2cb status lines");
    }
    /* merge: the other artefact may have set keys this one does not print */
    out = facts_obj(f, "cluster.o2cb");
    json_object_object_foreach(o, key, val)
        json_object_object_add(out, key, json_object_get(val));
    json_object_put(o);
    if (!json_object_object_get_ex(out, "state", NULL))
        jset_str(out, "state", "unknown");
    return 0;
}

static const char *const o2cb_inputs[] = { "cmd/o2cb-status.out", "cmd/service-o2cb-status.out",
                                           NULL };

ANALYZER(o2cb) = {
    .name = "o2cb",
    .desc = "o2cb status: OCFS2 cluster state, heartbeat mode and regions, timeouts, nodes",
    .inputs = o2cb_inputs,
    .parse = parse_o2cb,
};
