/* SPDX-License-Identifier: MIT */
/* analyze-multipath.c: `multipath -ll` -> storage.multipath[] {name, wwid, dm, vendor, product,
 * size, size_bytes, paths[], active_paths, failed_paths}, multipath-tools 0.4.7 to today. A
 * vanished device ("#:#:#:# - #:#") counts as a failed path. Empty output: no maps. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

#define MP_MAX_FIELDS 16

struct mp_map {
    json_object *obj, *paths;
    int64_t active, failed;
};

static void map_finish(struct facts *f, struct mp_map *m)
{
    if (!m->obj)
        return;
    json_object_object_add(m->obj, "paths", m->paths);
    jset_int(m->obj, "active_paths", m->active);
    jset_int(m->obj, "failed_paths", m->failed);
    json_object_array_add(facts_arr(f, "storage.multipath"), m->obj);
    memset(m, 0, sizeof(*m));
}

static bool is_dm(const char *s, size_t len)
{
    size_t i;

    if (len < 4 || memcmp(s, "dm-", 3))
        return false;
    for (i = 3; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "3:0:0:1" or "#:#:#:#" */
static bool is_hctl(const char *s, size_t len)
{
    size_t i, colons = 0;
    bool digit = false;

    for (i = 0; i < len; i++) {
        if (s[i] == ':') {
            if (!digit)
                return false;
            colons++;
            digit = false;
        } else if ((s[i] >= '0' && s[i] <= '9') || s[i] == '#') {
            digit = true;
        } else {
            return false;
        }
    }
    return colons == 3 && digit;
}

/* "2.0T", "559G", "3.7G", "512M" into bytes (binary units, as multipath prints them). */
static bool size_to_bytes(const char *s, size_t len, int64_t *out)
{
    static const char units[] = "KMGTPE";
    const char *u;
    double v;
    int i, shift;

    /* units holds six letters, no terminator is needed for memchr */
    if (len < 2 || !(u = memchr(units, s[len - 1] & ~0x20, 6))) // NOLINT(bugprone-not-null-terminated-result)
        return false;
    if (!str_to_double(s, len - 1, &v) || v < 0)
        return false;
    shift = 10 * (int)(u - units + 1);
    for (i = 0; i < shift; i++)
        v *= 2;
    if (v >= 9.2e18)
        return false;
    *out = (int64_t)(v + 0.5);
    return true;
}

static void set_size(json_object *map, const char *s, size_t len)
{
    int64_t b;

    jset_strn(map, "size", s, len);
    if (size_to_bytes(s, len, &b))
        jset_int(map, "size_bytes", b);
    else
        jset_null(map, "size_bytes");
}

/* The value of key= in a size line: "size=2.0T features='..'" or "[size=10G][features=..]". */
static bool size_value(const char *line, size_t len, const char **v, size_t *vlen)
{
    const char *p = textscan_find(line, len, "size=");
    size_t n = 0;

    if (!p)
        return false;
    p += 5;
    while (p + n < line + len && p[n] != ' ' && p[n] != ']' && p[n] != '\t')
        n++;
    *v = p;
    *vlen = n;
    return n > 0;
}

/* A map header: "name (wwid) dm-N VENDOR,PRODUCT", "wwid dm-N VENDOR,PRODUCT",
 * "wwiddm-N VENDOR,PRODUCT", "create: name (wwid) VENDOR,PRODUCT". */
static bool parse_header(struct mp_map *m, const char *line, size_t len)
{
    static const char *const prefixes[] = { "create:", "reload:", "switchpg:", "multipathd>" };
    const char *fld[4], *rest, *comma, *name;
    size_t flen[4], n, i, name_len, rest_len;
    bool have_wwid = false, have_dm = false;
    json_object *o;

    for (i = 0; i < ARRAY_SIZE(prefixes); i++)
        if (str_starts(line, len, prefixes[i])) {
            line += strlen(prefixes[i]);
            len -= strlen(prefixes[i]);
            str_trim(&line, &len);
        }
    n = str_fields(line, len, fld, flen, 3);
    if (!n || strchr("|`\\[-+", fld[0][0]) || memchr(fld[0], '=', flen[0]) ||
        is_hctl(fld[0], flen[0]))
        return false;
    o = json_object_new_object();
    name = fld[0];
    name_len = flen[0];
    /* RHEL 5 glues the dm name to the wwid: "3600...c600dm-2" */
    for (i = 1; i + 3 < name_len; i++)
        if (is_dm(name + i, name_len - i)) {
            jset_strn(o, "dm", name + i, name_len - i);
            name_len = i;
            have_dm = true;
            break;
        }
    jset_strn(o, "name", name, name_len);
    i = 1;
    rest = name + flen[0];
    if (n > i && flen[i] > 2 && fld[i][0] == '(' && fld[i][flen[i] - 1] == ')') {
        jset_strn(o, "wwid", fld[i] + 1, flen[i] - 2);
        have_wwid = true;
        rest = fld[i] + flen[i];
        i++;
    } else {
        jset_strn(o, "wwid", name, name_len);    /* no alias: the name is the wwid */
    }
    if (!have_dm && n > i && (is_dm(fld[i], flen[i]) || textscan_eq(fld[i], flen[i], "undef"))) {
        if (is_dm(fld[i], flen[i]))
            jset_strn(o, "dm", fld[i], flen[i]);
        have_dm = true;
        rest = fld[i] + flen[i];
    }
    if (!json_object_object_get_ex(o, "dm", NULL))
        jset_null(o, "dm");
    rest_len = (size_t)(line + len - rest);
    str_trim(&rest, &rest_len);
    comma = rest_len ? memchr(rest, ',', rest_len) : NULL;
    if (!have_wwid && !have_dm) {
        json_object_put(o);
        return false;
    }
    if (comma) {
        const char *v = rest, *p = comma + 1;
        size_t vl = (size_t)(comma - rest), pl = (size_t)(rest + rest_len - p);
        str_trim(&v, &vl);
        str_trim(&p, &pl);
        jset_strn(o, "vendor", v, vl);
        jset_strn(o, "product", p, pl);
    } else {
        jset_null(o, "vendor");
        jset_null(o, "product");
    }
    jset_null(o, "size");
    jset_null(o, "size_bytes");
    m->obj = o;
    m->paths = json_object_new_array();
    m->active = m->failed = 0;
    return true;
}

/* A path: "3:0:0:1 sdc 8:32 active ready running" or "3:0:0:1 sdc 8:32 [active][ready]". */
static bool parse_path(struct mp_map *m, const char *s, size_t len)
{
    const char *fld[MP_MAX_FIELDS], *st[3];
    size_t flen[MP_MAX_FIELDS], stlen[3], n, ns = 0;
    json_object *p;
    const char *b, *e, *end;
    bool vanished;

    n = str_fields(s, len, fld, flen, MP_MAX_FIELDS);
    if (n < 4 || !is_hctl(fld[0], flen[0]))
        return false;
    if (fld[3][0] == '[') {
        /* [active][ready] (maybe with spaces inside or between) */
        end = s + len;
        for (b = fld[3]; ns < 3 && b < end && (b = memchr(b, '[', (size_t)(end - b))); b = e) {
            if (!(e = memchr(b, ']', (size_t)(end - b))))
                break;
            st[ns] = b + 1;
            stlen[ns] = (size_t)(e - b - 1);
            str_trim(&st[ns], &stlen[ns]);
            ns++;
        }
        if (!ns)
            return false;
    } else {
        /* dm state, checker state (may be two words: "i/o pending"), online state */
        st[0] = fld[3];
        stlen[0] = flen[3];
        ns = 1;
        if (n == 5) {
            st[1] = fld[4];
            stlen[1] = flen[4];
            ns = 2;
        } else if (n >= 6) {
            st[1] = fld[4];
            stlen[1] = (size_t)(fld[n - 2] + flen[n - 2] - fld[4]);
            st[2] = fld[n - 1];
            stlen[2] = flen[n - 1];
            ns = 3;
        }
    }
    p = json_object_new_object();
    jset_strn(p, "hctl", fld[0], flen[0]);
    jset_strn(p, "dev", fld[1], flen[1]);
    jset_strn(p, "devnum", fld[2], flen[2]);
    jset_strn(p, "dm_state", st[0], stlen[0]);
    if (ns > 1)
        jset_strn(p, "path_state", st[1], stlen[1]);
    else
        jset_null(p, "path_state");
    if (ns > 2)
        jset_strn(p, "online", st[2], stlen[2]);
    else
        jset_null(p, "online");
    json_object_array_add(m->paths, p);
    vanished = memchr(fld[0], '#', flen[0]) != NULL;
    if (vanished || textscan_eq(st[0], stlen[0], "failed") ||
        (ns > 1 && textscan_eq(st[1], stlen[1], "faulty")))
        m->failed++;
    else if (textscan_eq(st[0], stlen[0], "active"))
        m->active++;
    return true;
}

/* Strip the topology drawing: "|-+- ", "| `- ", "\_ ", " \_ ". */
static void strip_tree(const char **s, size_t *len)
{
    while (*len && strchr(" \t|`-+\\_", **s)) {
        (*s)++;
        (*len)--;
    }
}

/* Layouts: 0.4.7/0.4.8 "[size=..][features=..]" and " \_ 3:0:0:1 sdc 8:32 [active][ready]";
 * 0.4.9 on "size=.. features=.." and "|- 3:0:0:1 sdc 8:32 active ready running"; the
 * "create:"/"reload:" prefixes of multipath -v2 and multipathd; RHEL 5's wwid glued to dm-N. */
static int parse_multipath(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    struct mp_map m = { 0 };
    const char *line, *v, *body;
    size_t len, vlen, blen;
    int maps = 0, bad = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (textscan_noise(line, len))
            continue;
        textscan_strip_markup(&line, &len);
        if (textscan_binary(line, len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of multipath output");
            bad++;
            continue;
        }
        body = line;
        blen = len;
        str_trim(&body, &blen);
        if (str_starts(body, blen, "size=") || str_starts(body, blen, "[size=")) {
            if (!m.obj)
                facts_error(f, in->path, it.lineno, "size line outside a map");
            else if (size_value(body, blen, &v, &vlen))
                set_size(m.obj, v, vlen);
            continue;
        }
        if (len && line[0] != ' ' && line[0] != '\t' && !strchr("|`\\", line[0])) {
            struct mp_map next = { 0 };
            if (parse_header(&next, line, len)) {
                map_finish(f, &m);
                m = next;
                maps++;
                continue;
            }
        }
        strip_tree(&body, &blen);
        if (m.obj && parse_path(&m, body, blen))
            continue;
        if (m.obj && (str_starts(body, blen, "policy=") || textscan_find(body, blen, "prio=")))
            continue;            /* a path group: nothing we report */
        if (textscan_find(line, len, " | ") || textscan_find(line, len, "multipath.conf")) {
            facts_note(f, in->path, it.lineno, "%.*s", (int)MIN(len, 200), line);
            continue;            /* multipath's own messages */
        }
        facts_error(f, in->path, it.lineno, "'%.*s': not a multipath map, path or group line",
                    (int)MIN(len, 80), line);
        bad++;
    }
    map_finish(f, &m);
    if (!maps && bad)
        return err_set(err, E_PARSE, "no multipath maps: not multipath -ll output");
    if (!maps)
        facts_arr(f, "storage.multipath");     /* ran, found no maps */
    return 0;
}

static const char *const multipath_inputs[] = { "cmd/multipath-ll.out", NULL };

ANALYZER(multipath) = {
    .name = "multipath",
    .desc = "multipath -ll: every multipath map with its paths and their states",
    .inputs = multipath_inputs,
    .parse = parse_multipath,
};
