/* SPDX-License-Identifier: MIT */
/* analyze-xmlistl.c: `xm list -l` (one SXP (domain ...) each, Domain-0 included) -> raw.xm_list_l.
 * Each "(domain" opening a line is read on its own, so a cut domain costs only itself. vfb
 * devices (vncpasswd) are never read, and no other atom is quoted in a message. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "analyzers/sxp.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

struct ctx {
    struct facts *f;
    const char *path;
    const struct sxp_doc *doc;
};

static void put_str(struct ctx *c, json_object *dst, const char *key,
                    const struct sxp_node *list, const char *name)
{
    const char *v = sxp_value(c->doc, list, name);

    if (v)
        jset_str(dst, key, v);
}

static void put_int(struct ctx *c, json_object *dst, const char *key,
                    const struct sxp_node *list, const char *name)
{
    const struct sxp_node *at = sxp_find(c->doc, list, name);
    const char *v = sxp_value(c->doc, list, name);
    char q[CMDTEXT_QUOTE_MAX];
    int64_t n;

    if (!v || !strcmp(v, "None"))
        return;
    if (!cmdtext_uint(v, strlen(v), &n)) {
        facts_error(c->f, c->path, at ? at->line : 0, "(%s %s): not a number", name,
                    cmdtext_quote(v, strlen(v), q));
        return;
    }
    jset_int(dst, key, n);
}

/* (device (vbd (uname file:/OVS/...) (dev xvda:disk) (mode w))) */
static json_object *disk_json(struct ctx *c, const struct sxp_node *dev)
{
    json_object *d = json_object_new_object();
    const char *v = sxp_value(c->doc, dev, "dev"), *colon;
    bool cdrom = false;

    put_str(c, d, "uname", dev, "uname");
    if (v) {
        colon = strrchr(v, ':');
        cdrom = colon && !strcmp(colon, ":cdrom");
        if (colon && (cdrom || !strcmp(colon, ":disk")))
            jset_strn(d, "dev", v, (size_t)(colon - v));
        else
            jset_str(d, "dev", v);
    }
    jset_bool(d, "cdrom", cdrom);
    put_str(c, d, "mode", dev, "mode");
    return d;
}

static json_object *vif_json(struct ctx *c, const struct sxp_node *dev)
{
    json_object *d = json_object_new_object();

    put_str(c, d, "mac", dev, "mac");
    put_str(c, d, "bridge", dev, "bridge");
    put_str(c, d, "type", dev, "type");
    return d;
}

static json_object *domain_json(struct ctx *c, const struct sxp_node *dom)
{
    json_object *d = json_object_new_object(), *disks, *vifs;
    const struct sxp_node *n, *dev;
    const char *kind;

    put_int(c, d, "domid", dom, "domid");
    put_str(c, d, "name", dom, "name");
    put_str(c, d, "uuid", dom, "uuid");
    put_int(c, d, "memory_mb", dom, "memory");
    put_int(c, d, "maxmem_mb", dom, "maxmem");
    put_int(c, d, "vcpus", dom, "vcpus");
    put_str(c, d, "on_crash", dom, "on_crash");
    put_str(c, d, "on_reboot", dom, "on_reboot");
    put_str(c, d, "on_poweroff", dom, "on_poweroff");
    put_str(c, d, "state", dom, "state");
    n = sxp_find(c->doc, dom, "image");
    n = n ? sxp_next(c->doc, sxp_child(c->doc, n)) : NULL;
    if (n && n->list && (kind = sxp_head(c->doc, n)))
        jset_str(d, "image", kind);
    disks = json_object_new_array();
    vifs = json_object_new_array();
    for (n = sxp_child(c->doc, dom); n; n = sxp_next(c->doc, n)) {
        kind = sxp_head(c->doc, n);
        if (!n->list || !kind || strcmp(kind, "device"))
            continue;
        dev = sxp_next(c->doc, sxp_child(c->doc, n));
        kind = sxp_head(c->doc, dev);
        if (!dev || !dev->list || !kind)
            continue;
        if (!strcmp(kind, "vbd") || !strcmp(kind, "tap") || !strcmp(kind, "tap2"))
            json_object_array_add(disks, disk_json(c, dev));
        else if (!strcmp(kind, "vif"))
            json_object_array_add(vifs, vif_json(c, dev));
    }
    json_object_object_add(d, "disks", disks);
    json_object_object_add(d, "vifs", vifs);
    return d;
}

/* "(domain" opening a line: where each domain's text begins. */
static bool domain_start(const char *line, size_t len)
{
    str_trim(&line, &len);
    return str_starts(line, len, "(domain") &&
           (len == 7 || line[7] == ' ' || line[7] == '\t' || line[7] == '(');
}

/* The line the bundle puts where it cut a file to head and tail. */
static bool cut_marker(const char *line, size_t len)
{
    str_trim(&line, &len);
    return str_starts(line, len, "[ovmdiag:");
}

/* Read one domain's text; its complete (domain ...) lists go to domains. */
static void read_chunk(struct facts *f, const struct analyzer_input *in, const char *start,
                       const char *end, size_t first_line, json_object *domains)
{
    struct sxp_doc doc;
    struct err err = ERR_INIT;
    struct ctx c = { f, in->path, &doc };
    const struct sxp_node *n;
    const char *head;

    sxp_init(&doc);
    if (sxp_parse(&doc, start, (size_t)(end - start), first_line, &err))
        facts_error(f, in->path, doc.err_line, "%s", err.msg);
    for (n = sxp_first(&doc); n; n = sxp_next(&doc, n))
        if ((head = sxp_head(&doc, n)) && !strcmp(head, "domain"))
            json_object_array_add(domains, domain_json(&c, n));
    sxp_release(&doc);
}

static int parse_xmlistl(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *domains = json_object_new_array();
    struct line_iter it;
    const char *line, *chunk = NULL;
    size_t len, chunk_line = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (cut_marker(line, len)) {
            /* A domain cut by the bundle's size limit ends here; the fragment after the marker
             * belongs to no domain we can name, so it is skipped up to the next one. */
            if (chunk)
                read_chunk(f, in, chunk, line, chunk_line, domains);
            chunk = NULL;
            continue;
        }
        if (!domain_start(line, len))
            continue;
        if (chunk)
            read_chunk(f, in, chunk, line, chunk_line, domains);
        chunk = line;
        chunk_line = it.lineno;
    }
    if (chunk)
        read_chunk(f, in, chunk, in->data + in->len, chunk_line, domains);
    if (!json_object_array_length(domains)) {
        json_object_put(domains);
        return err_set(err, E_PARSE, "no complete (domain ...) expression");
    }
    json_object_object_add(facts_raw(f, "xm_list_l"), "domains", domains);
    return 0;
}

static const char *const xmlistl_inputs[] = { "cmd/xm-list-l.out", NULL };

ANALYZER(xmlistl) = {
    .name = "xmlistl",
    .desc = "xm list -l: each domain's SXP record (memory, vcpus, actions, image, disks, vifs)",
    .inputs = xmlistl_inputs,
    .parse = parse_xmlistl,
};
