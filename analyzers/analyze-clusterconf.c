/* SPDX-License-Identifier: MIT */
/* analyze-clusterconf.c: /etc/ocfs2/cluster.conf -> cluster.conf {clusters[], nodes[],
 * heartbeat[]}. Keys we do not report are passed over, an unknown stanza is a note; a key we
 * report but cannot read is null, with an error. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

enum cc_kind {
    CC_NONE,
    CC_CLUSTER,
    CC_NODE,
    CC_HEARTBEAT,
    CC_OTHER,
};

static const struct {
    enum cc_kind kind;
    const char *key;
    bool number;
} cc_keys[] = {
    { CC_CLUSTER, "name", false },      { CC_CLUSTER, "node_count", true },
    { CC_CLUSTER, "heartbeat_mode", false },
    { CC_NODE, "name", false },         { CC_NODE, "number", true },
    { CC_NODE, "ip_address", false },   { CC_NODE, "ip_port", true },
    { CC_NODE, "cluster", false },
    { CC_HEARTBEAT, "region", false },  { CC_HEARTBEAT, "cluster", false },
};

/* A new stanza object with every reported key null. */
static json_object *stanza_new(enum cc_kind kind)
{
    json_object *o = json_object_new_object();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cc_keys); i++)
        if (cc_keys[i].kind == kind)
            jset_null(o, cc_keys[i].key);
    return o;
}

static int parse_clusterconf(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *clusters = json_object_new_array(), *nodes = json_object_new_array();
    json_object *hb = json_object_new_array(), *cur = NULL, *conf;
    enum cc_kind kind = CC_NONE;
    struct line_iter it;
    const char *line, *k, *v, *eq;
    size_t len, klen, vlen, i;
    int64_t num;
    int stanzas = 0;

    line_iter_init(&it, in->data, in->len);
    while (textscan_next_config(&it, f, in->path, "cluster.conf", &line, &len)) {
        eq = memchr(line, '=', len);
        if (!eq && line[len - 1] == ':') {
            k = line;
            klen = len - 1;
            str_trim(&k, &klen);
            stanzas++;
            if (textscan_eq(k, klen, "cluster")) {
                kind = CC_CLUSTER;
                json_object_array_add(clusters, cur = stanza_new(kind));
            } else if (textscan_eq(k, klen, "node")) {
                kind = CC_NODE;
                json_object_array_add(nodes, cur = stanza_new(kind));
            } else if (textscan_eq(k, klen, "heartbeat")) {
                kind = CC_HEARTBEAT;
                json_object_array_add(hb, cur = stanza_new(kind));
            } else {
                kind = CC_OTHER;
                cur = NULL;
                facts_note(f, in->path, it.lineno, "'%.*s': stanza not reported",
                           (int)MIN(klen, 40), k);
            }
            continue;
        }
        if (!eq) {
            facts_error(f, in->path, it.lineno, "'%.*s': neither a stanza nor key = value",
                        (int)MIN(len, 80), line);
            continue;
        }
        if (kind == CC_NONE) {
            facts_error(f, in->path, it.lineno, "'%.*s': key outside a stanza", (int)MIN(len, 80),
                        line);
            continue;
        }
        k = line;
        klen = (size_t)(eq - line);
        v = eq + 1;
        vlen = (size_t)(line + len - v);
        str_trim(&k, &klen);
        str_trim(&v, &vlen);
        for (i = 0; cur && i < ARRAY_SIZE(cc_keys); i++) {
            if (cc_keys[i].kind != kind || !textscan_eq(k, klen, cc_keys[i].key))
                continue;
            if (!cc_keys[i].number)
                jset_strn(cur, cc_keys[i].key, v, vlen);
            else if (str_to_i64(v, vlen, &num) && num >= 0)
                jset_int(cur, cc_keys[i].key, num);
            else
                facts_error(f, in->path, it.lineno, "%s '%.*s': not a number", cc_keys[i].key,
                            (int)MIN(vlen, 40), v);
        }
    }
    if (!stanzas) {
        json_object_put(clusters);
        json_object_put(nodes);
        json_object_put(hb);
        return err_set(err, E_PARSE, "no cluster:, node: or heartbeat: stanza");
    }
    conf = facts_obj(f, "cluster.conf");
    json_object_object_add(conf, "clusters", clusters);
    json_object_object_add(conf, "nodes", nodes);
    json_object_object_add(conf, "heartbeat", hb);
    return 0;
}

static const char *const clusterconf_inputs[] = { "root/etc/ocfs2/cluster.conf", NULL };

ANALYZER(clusterconf) = {
    .name = "clusterconf",
    .desc = "/etc/ocfs2/cluster.conf: the O2CB cluster, its nodes and heartbeat regions",
    .inputs = clusterconf_inputs,
    .parse = parse_clusterconf,
};
