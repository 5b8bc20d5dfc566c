/* SPDX-License-Identifier: MIT */
/* analyze-network.c: brctl show, ip -o link, ip -o addr -> network.bridges[],
 * network.interfaces[] and raw.ip_addr.<ifname>, which join.c puts into
 * network.interfaces[].addresses (the artefacts come in any order). */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

/* Names keep their dots ("172.24.19.0" is an OVM bridge); "eth0.100@eth0" is eth0.100. */
#define NET_MAX_FIELDS 64

/* The fields of a line, with ip's "\" line joins dropped ("1000\" -> "1000"). */
static size_t ip_fields(const char *s, size_t len, const char **fld, size_t *flen)
{
    const char *tmp[NET_MAX_FIELDS];
    size_t tlen[NET_MAX_FIELDS], n, i, out = 0;

    n = str_fields(s, len, tmp, tlen, NET_MAX_FIELDS);
    for (i = 0; i < n; i++) {
        while (tlen[i] && tmp[i][tlen[i] - 1] == '\\')
            tlen[i]--;
        if (!tlen[i])
            continue;
        fld[out] = tmp[i];
        flen[out++] = tlen[i];
    }
    return out;
}

/* "eth0:" / "eth0.100@eth0:" / "eth0" -> "eth0.100" length. */
static size_t ifname_len(const char *s, size_t len)
{
    const char *at;

    if (len && s[len - 1] == ':')
        len--;
    if ((at = memchr(s, '@', len)) && at > s)
        len = (size_t)(at - s);
    return len;
}

/* "12:" -> 12 */
static bool index_of(const char *s, size_t len, int64_t *out)
{
    return len > 1 && s[len - 1] == ':' && str_to_i64(s, len - 1, out) && *out >= 0;
}

static void skip_line(struct facts *f, const struct analyzer_input *in, size_t lineno,
                      const char *line, size_t len, const char *what)
{
    facts_error(f, in->path, lineno, "'%.*s': not %s", (int)MIN(len, 80), line, what);
}

static int parse_link(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    const char *line, *fld[NET_MAX_FIELDS];
    size_t len, flen[NET_MAX_FIELDS], n, i, nl;
    int64_t idx, mtu;
    int found = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        json_object *o, *flags;
        if (textscan_noise(line, len))
            continue;
        textscan_strip_markup(&line, &len);
        if (textscan_binary(line, len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of ip -o link output");
            continue;
        }
        n = ip_fields(line, len, fld, flen);
        if (n < 3 || !index_of(fld[0], flen[0], &idx) || flen[1] < 2 ||
            fld[1][flen[1] - 1] != ':' || fld[2][0] != '<' || fld[2][flen[2] - 1] != '>') {
            skip_line(f, in, it.lineno, line, len, "an ip -o link line");
            continue;
        }
        o = json_object_new_object();
        nl = ifname_len(fld[1], flen[1]);
        jset_strn(o, "name", fld[1], nl);
        jset_int(o, "index", idx);
        jset_null(o, "mtu");
        jset_null(o, "state");
        jset_null(o, "mac");
        jset_null(o, "master");
        flags = json_object_new_array();
        {
            const char *p = fld[2] + 1, *end = fld[2] + flen[2] - 1, *comma;
            while (p < end) {
                comma = memchr(p, ',', (size_t)(end - p));
                if (!comma)
                    comma = end;
                if (comma > p)
                    json_object_array_add(flags, json_object_new_string_len(p, (int)(comma - p)));
                p = comma + 1;
            }
        }
        json_object_object_add(o, "flags", flags);
        for (i = 3; i < n; i++) {
            bool has_next = i + 1 < n;
            if (textscan_eq(fld[i], flen[i], "mtu") && has_next) {
                if (str_to_i64(fld[i + 1], flen[i + 1], &mtu) && mtu > 0)
                    jset_int(o, "mtu", mtu);
                else
                    facts_error(f, in->path, it.lineno, "mtu '%.*s': not a number",
                                (int)MIN(flen[i + 1], 20), fld[i + 1]);
                i++;
            } else if (textscan_eq(fld[i], flen[i], "state") && has_next) {
                jset_strn(o, "state", fld[i + 1], flen[i + 1]);
                i++;
            } else if (textscan_eq(fld[i], flen[i], "master") && has_next) {
                jset_strn(o, "master", fld[i + 1], flen[i + 1]);
                i++;
            } else if (str_starts(fld[i], flen[i], "link/") && has_next &&
                       !textscan_eq(fld[i + 1], flen[i + 1], "brd")) {
                /* link/ether 5c:b9:..., link/loopback 00:00:...; link/none has none */
                if (memchr(fld[i + 1], ':', flen[i + 1]))
                    jset_strn(o, "mac", fld[i + 1], flen[i + 1]);
                i++;
            }
        }
        json_object_array_add(facts_arr(f, "network.interfaces"), o);
        found++;
    }
    if (!found)
        return err_set(err, E_PARSE, "no interfaces: not ip -o link output");
    return 0;
}

static int parse_addr(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    const char *line, *fld[NET_MAX_FIELDS];
    size_t len, flen[NET_MAX_FIELDS], n, nl;
    int64_t idx;
    char name[256];
    int found = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        json_object *all, *list;
        if (textscan_noise(line, len))
            continue;
        textscan_strip_markup(&line, &len);
        if (textscan_binary(line, len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of ip -o addr output");
            continue;
        }
        n = ip_fields(line, len, fld, flen);
        if (n < 3 || !index_of(fld[0], flen[0], &idx)) {
            skip_line(f, in, it.lineno, line, len, "an ip -o addr line");
            continue;
        }
        if (!textscan_eq(fld[2], flen[2], "inet") && !textscan_eq(fld[2], flen[2], "inet6")) {
            found++;
            continue;            /* link/ether lines of some ip versions: not addresses */
        }
        if (n < 4) {
            skip_line(f, in, it.lineno, line, len, "an address line");
            continue;
        }
        nl = ifname_len(fld[1], flen[1]);
        textscan_copy(name, sizeof(name), fld[1], nl);
        all = facts_raw(f, "ip_addr");
        list = json_object_object_get(all, name);
        if (!list || !json_object_is_type(list, json_type_array)) {
            list = json_object_new_array();
            json_object_object_add(all, name, list);    /* names hold dots: no dotted path */
        }
        json_object_array_add(list, json_object_new_string_len(fld[3], (int)flen[3]));
        found++;
    }
    if (!found)
        return err_set(err, E_PARSE, "no addresses: not ip -o addr output");
    return 0;
}

static int parse_brctl(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    json_object *bridges = NULL, *cur = NULL;
    const char *line, *fld[5];
    size_t len, flen[5], n;
    bool header = false;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        json_object *b, *ifs;
        if (textscan_noise(line, len))
            continue;
        textscan_strip_markup(&line, &len);
        if (textscan_binary(line, len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of brctl show output");
            cur = NULL;
            continue;
        }
        if (str_starts(line, len, "bridge name")) {
            header = true;
            if (!bridges)
                bridges = facts_arr(f, "network.bridges");
            continue;
        }
        n = str_fields(line, len, fld, flen, 5);
        if (line[0] == ' ' || line[0] == '\t') {
            /* an interface of the bridge above */
            if (n == 1 && cur) {
                json_object_array_add(json_object_object_get(cur, "interfaces"),
                                      json_object_new_string_len(fld[0], (int)flen[0]));
            } else {
                skip_line(f, in, it.lineno, line, len, "an interface of a bridge");
            }
            continue;
        }
        if ((n != 3 && n != 4) || !memchr(fld[1], '.', flen[1]) ||
            !(textscan_eq(fld[2], flen[2], "yes") || textscan_eq(fld[2], flen[2], "no"))) {
            skip_line(f, in, it.lineno, line, len, "a bridge line");
            cur = NULL;
            continue;
        }
        b = json_object_new_object();
        jset_strn(b, "name", fld[0], flen[0]);
        jset_strn(b, "id", fld[1], flen[1]);
        jset_bool(b, "stp", textscan_eq(fld[2], flen[2], "yes"));
        ifs = json_object_new_array();
        if (n == 4)
            json_object_array_add(ifs, json_object_new_string_len(fld[3], (int)flen[3]));
        json_object_object_add(b, "interfaces", ifs);
        if (!bridges)
            bridges = facts_arr(f, "network.bridges");
        json_object_array_add(bridges, b);
        cur = b;
    }
    if (!header && !bridges)
        return err_set(err, E_PARSE, "no brctl header and no bridge: not brctl show output");
    return 0;
}

static int parse_network(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    if (!strcmp(in->path, "cmd/ip-o-link.out"))
        return parse_link(f, in, err);
    if (!strcmp(in->path, "cmd/ip-o-addr.out"))
        return parse_addr(f, in, err);
    return parse_brctl(f, in, err);
}

static const char *const network_inputs[] = {
    "cmd/brctl-show.out", "cmd/ip-o-link.out", "cmd/ip-o-addr.out", NULL,
};

ANALYZER(network) = {
    .name = "network",
    .desc = "brctl show, ip -o link, ip -o addr: bridges, interfaces and their addresses",
    .inputs = network_inputs,
    .parse = parse_network,
};
