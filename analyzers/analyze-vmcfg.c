/* SPDX-License-Identifier: MIT */
/* analyze-vmcfg.c: a VM's vm.cfg (xm config: Python assignments of literals) -> one vms[] entry:
 * typed keys, disks, vifs, other assignments under config. Nothing is evaluated; no key with
 * "passw" in its name reaches the facts, nor is its value quoted in a message. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "analyzers/ovmid.h"
#include "analyzers/pylit.h"
#include "lib/buf.h"
#include "lib/lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define REPO_PREFIX "/OVS/Repositories/"
#define MAX_NOTES 20
#define MAX_ERRORS 50

struct vmcfg {
    struct facts *f;
    const char *path;
    const char *data;
    size_t len;
    json_object *cfg;        /* key -> parsed value, passwords left out */
    json_object *lines;      /* key -> line of its assignment */
    json_object *bad;        /* key -> true: its value could not be read */
    size_t assignments, notes, notes_dropped, errors, errors_dropped;
};

/* Assignments that become typed keys and therefore are not repeated under config. */
static const char *const typed_keys[] = {
    "name", "uuid", "OVM_simple_name", "OVM_description", "OVM_os_type", "OVM_domain_type",
    "OVM_high_availability", "memory", "maxmem", "vcpus", "maxvcpus", "builder", "on_crash",
    "on_reboot", "on_poweroff", "cpu_weight", "cpu_cap", "disk", "vif",
};

static bool is_secret(const char *s, size_t n)
{
    static const char word[] = "passw";
    size_t i, k;

    for (i = 0; i + sizeof(word) - 1 <= n; i++) {
        for (k = 0; k < sizeof(word) - 1; k++) {
            char c = s[i + k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != word[k])
                break;
        }
        if (k == sizeof(word) - 1)
            return true;
    }
    return false;
}

static void vm_note(struct vmcfg *c, size_t line, const char *what, size_t n)
{
    char q[64];

    if (c->notes >= MAX_NOTES) {
        c->notes_dropped++;
        return;
    }
    c->notes++;
    if (is_secret(what, n))
        facts_note(c->f, c->path, line, "not an assignment, skipped");
    else
        facts_note(c->f, c->path, line, "not an assignment, skipped: '%s'",
                   textscan_quote(q, sizeof(q), what, n, 40));
}

static void vm_error(struct vmcfg *c, size_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void vm_error(struct vmcfg *c, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (c->errors >= MAX_ERRORS) {
        c->errors_dropped++;
        return;
    }
    c->errors++;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    facts_error(c->f, c->path, line, "%s", msg);
}

static size_t ident_len(const char *s, size_t n)
{
    size_t i = 0;

    if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
              (s[i] >= '0' && s[i] <= '9')))
            break;
    return i;
}

/* Length of "name =" at s (up to and with the '='), 0 when s does not start an assignment;
 * *klen_out is the name's length. "==" is a comparison, not an assignment. */
static size_t assignment_at(const char *s, size_t n, size_t *klen_out)
{
    size_t k = ident_len(s, n), i = k;

    if (!k)
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '=' || (i + 1 < n && s[i + 1] == '='))
        return 0;
    *klen_out = k;
    return i + 1;
}

static size_t line_end(const struct vmcfg *c, size_t pos)
{
    const char *nl = memchr(c->data + pos, '\n', c->len - pos);

    return nl ? (size_t)(nl - c->data) : c->len;
}

/* Move *pos to to, counting the newlines passed in *line. */
static void advance(const struct vmcfg *c, size_t *pos, size_t *line, size_t to)
{
    for (; *pos < to; (*pos)++)
        *line += c->data[*pos] == '\n';
}

/* After a value that could not be read inside brackets: the next line that starts, in
 * column 0, an assignment. Lines in between belong to the broken statement (a list over
 * several lines, a string the slide wrapped). */
static size_t resync(const struct vmcfg *c, size_t pos)
{
    size_t k;

    for (pos = line_end(c, pos); pos < c->len; pos = line_end(c, pos)) {
        pos++;
        if (assignment_at(c->data + pos, c->len - pos, &k))
            return pos;
    }
    return c->len;
}

static void mark_bad(struct vmcfg *c, const char *key, size_t klen)
{
    char name[128];

    if (klen >= sizeof(name))
        return;
    memcpy(name, key, klen);
    name[klen] = '\0';
    jset_bool(c->bad, name, true);
}

static void store(struct vmcfg *c, const char *key, size_t klen, json_object *v, size_t line)
{
    char name[128];

    c->assignments++;
    if (is_secret(key, klen) || klen >= sizeof(name)) {
        json_object_put(v);
        return;
    }
    memcpy(name, key, klen);
    name[klen] = '\0';
    json_object_object_add(c->cfg, name, v);
    jset_int(c->lines, name, (int64_t)line);
    json_object_object_del(c->bad, name);     /* the last assignment counts */
}

/* One assignment at pos (line), the value at vpos. Returns where scanning goes on. */
static size_t assignment(struct vmcfg *c, size_t pos, size_t *line, size_t klen, size_t vpos)
{
    const char *key = c->data + pos;
    struct pylit_where where;
    struct err perr = ERR_INIT;
    json_object *v = NULL;
    bool secret = is_secret(key, klen);
    size_t r, stmt_line = *line;

    if (pylit_parse_at(c->data, c->len, &vpos, 0, &v, &where, &perr)) {
        if (secret)
            vm_error(c, where.line, "'%.*s': the value cannot be read", (int)klen, key);
        else
            vm_error(c, where.line, "'%.*s': %zu:%zu: %s", (int)klen, key, where.line,
                     where.col, where.msg);
        mark_bad(c, key, klen);
        /* An error outside brackets (code such as os.uname()) ends with its line. */
        r = where.depth > 0 ? resync(c, pos) : line_end(c, where.off);
        advance(c, &pos, line, r);
        return r;
    }
    for (r = vpos; r < c->len && (c->data[r] == ' ' || c->data[r] == '\t'); r++)
        ;
    if (r < c->len && c->data[r] == '\r' && (r + 1 == c->len || c->data[r + 1] == '\n'))
        r++;
    if (r < c->len && c->data[r] != '\n' && c->data[r] != '#' && c->data[r] != ';') {
        char q[48];
        advance(c, &pos, line, r);
        if (secret)
            vm_error(c, *line, "'%.*s': unexpected text after the value", (int)klen, key);
        else
            vm_error(c, *line, "'%.*s': unexpected text after the value: '%s'", (int)klen, key,
                     textscan_quote(q, sizeof(q), c->data + r, line_end(c, r) - r, 24));
        json_object_put(v);
        mark_bad(c, key, klen);
        r = line_end(c, r);
        advance(c, &pos, line, r);
        return r;
    }
    store(c, key, klen, v, stmt_line);
    if (r < c->len && c->data[r] == ';')
        r++;                             /* another statement on the same line */
    else if (r < c->len && c->data[r] == '#')
        r = line_end(c, r);
    advance(c, &pos, line, r);
    return r;
}

static void scan(struct vmcfg *c)
{
    size_t pos = 0, line = 1, klen, alen, n, e;
    const char *s;

    while (pos < c->len) {
        while (pos < c->len && (c->data[pos] == ' ' || c->data[pos] == '\t'))
            pos++;
        e = line_end(c, pos);
        s = c->data + pos;
        n = e - pos;
        str_trim(&s, &n);
        if (n == 0 || *s == '#') {
            advance(c, &pos, &line, e < c->len ? e + 1 : e);
            continue;
        }
        klen = 0;
        if ((alen = assignment_at(c->data + pos, e - pos, &klen))) {
            pos = assignment(c, pos, &line, klen, pos + alen);
            continue;
        }
        vm_note(c, line, s, n);
        advance(c, &pos, &line, e < c->len ? e + 1 : e);
    }
}

/* --- typed keys ------------------------------------------------------------------------- */

static size_t key_line(struct vmcfg *c, const char *key)
{
    int64_t l = 0;

    jget_int(c->lines, key, &l);
    return (size_t)l;
}

/* The value's JSON text, short and printable, for messages. */
static const char *value_text(char *out, size_t size, json_object *v)
{
    const char *s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);

    return textscan_quote(out, size, s, strlen(s), 32);
}

static bool has(struct vmcfg *c, const char *key)
{
    return json_object_object_get_ex(c->cfg, key, NULL);
}

static void typed_str(struct vmcfg *c, json_object *vm, const char *fact, const char *key)
{
    json_object *v = jget(c->cfg, key);
    char q[48];

    if (!v) {
        jset_null(vm, fact);
    } else if (json_object_is_type(v, json_type_string)) {
        jset_str(vm, fact, json_object_get_string(v));
    } else if (json_object_is_type(v, json_type_int)) {
        jset_str(vm, fact, json_object_get_string(v));
    } else {
        vm_error(c, key_line(c, key), "'%s': %s is not a string", key, value_text(q, 48, v));
        jset_null(vm, fact);
    }
}

/* An int, or a string holding one ('2048'). */
static bool int_of(json_object *v, int64_t *out)
{
    const char *s;
    size_t n;

    if (json_object_is_type(v, json_type_int)) {
        *out = json_object_get_int64(v);
        return true;
    }
    if (json_object_is_type(v, json_type_string)) {
        s = json_object_get_string(v);
        n = (size_t)json_object_get_string_len(v);
        str_trim(&s, &n);
        return str_to_i64(s, n, out);
    }
    return false;
}

/* key as an integer into fact; false (and null) when absent or not a number. */
static bool typed_int(struct vmcfg *c, json_object *vm, const char *fact, const char *key,
                      int64_t *out)
{
    json_object *v = jget(c->cfg, key);
    char q[48];
    int64_t n;

    if (v && int_of(v, &n)) {
        jset_int(vm, fact, n);
        if (out)
            *out = n;
        return true;
    }
    if (v)
        vm_error(c, key_line(c, key), "'%s': %s is not a number", key, value_text(q, 48, v));
    jset_null(vm, fact);
    return false;
}

/* maxmem/maxvcpus, else the current value; null when it was there but unreadable. */
static void typed_max(struct vmcfg *c, json_object *vm, const char *fact, const char *key,
                      bool cur_ok, int64_t cur)
{
    if (jget(c->bad, key))
        jset_null(vm, fact);
    else if (has(c, key))
        typed_int(c, vm, fact, key, NULL);
    else if (cur_ok)
        jset_int(vm, fact, cur);
    else
        jset_null(vm, fact);
}

static void typed_bool(struct vmcfg *c, json_object *vm, const char *fact, const char *key)
{
    static const char *const yes[] = { "True", "true", "1", "yes" };
    static const char *const no[] = { "False", "false", "0", "no" };
    json_object *v = jget(c->cfg, key);
    const char *s;
    char q[48];
    int64_t n;
    size_t i;

    if (!v) {
        jset_null(vm, fact);
        return;
    }
    if (json_object_is_type(v, json_type_boolean)) {
        jset_bool(vm, fact, json_object_get_boolean(v));
        return;
    }
    if (json_object_is_type(v, json_type_int) && int_of(v, &n) && (n == 0 || n == 1)) {
        jset_bool(vm, fact, n == 1);
        return;
    }
    if (json_object_is_type(v, json_type_string)) {
        s = json_object_get_string(v);
        for (i = 0; i < ARRAY_SIZE(yes); i++) {
            if (!strcmp(s, yes[i]) || !strcmp(s, no[i])) {
                jset_bool(vm, fact, !strcmp(s, yes[i]));
                return;
            }
        }
    }
    vm_error(c, key_line(c, key), "'%s': %s is not True or False", key, value_text(q, 48, v));
    jset_null(vm, fact);
}

/* --- disks and vifs --------------------------------------------------------------------- */

/* The last ch in [s, s + n), NULL if none. */
static const char *last_of(const char *s, size_t n, char ch)
{
    while (n--)
        if (s[n] == ch)
            return s + n;
    return NULL;
}

static void set_span(json_object *o, const char *key, const char *s, size_t n)
{
    if (s)
        jset_strn(o, key, s, n);
    else
        jset_null(o, key);
}

/* "file:/p" -> file, /p; "tap:aio:/p" -> tap:aio, /p; "file:///p" -> file, /p;
 * "phy:sda" -> phy, sda; "" -> no type, ""; "/p" -> no type, /p. */
static void split_uname(const char *u, size_t n, const char **type, size_t *tlen,
                        const char **path, size_t *plen)
{
    const char *slash = memchr(u, '/', n), *colon = memchr(u, ':', n), *c;

    *type = NULL;
    *tlen = 0;
    *path = u;
    *plen = n;
    if (!colon || (slash && colon > slash))
        return;
    if (slash && slash[-1] == ':') {
        *type = u;
        *tlen = (size_t)(slash - u) - 1;
        *path = slash;
        *plen = n - (size_t)(slash - u);
        if (*plen >= 3 && !memcmp(*path, "///", 3)) {
            *path += 2;                  /* file:///EXAVMIMAGES/... */
            *plen -= 2;
        }
    } else {
        *type = u;
        *tlen = (size_t)(colon - u);
        /* tap:aio:img, tap2:tapdisk:aio:img: the driver names belong to the type. */
        while ((c = memchr(u + *tlen + 1, ':', n - *tlen - 1)) &&
               ((*tlen >= 3 && !memcmp(u + *tlen - 3, "tap", 3)) ||
                (*tlen >= 4 && !memcmp(u + *tlen - 4, "tap2", 4)) ||
                (*tlen >= 7 && !memcmp(u + *tlen - 7, "tapdisk", 7))))
            *tlen = (size_t)(c - u);
        *path = u + *tlen + 1;
        *plen = n - *tlen - 1;
    }
    if (*tlen == 0)
        *type = NULL;
}

static void repo_of(json_object *d, const char *path, size_t n)
{
    const char *id, *end;

    if (n > strlen(REPO_PREFIX) && !memcmp(path, REPO_PREFIX, strlen(REPO_PREFIX))) {
        id = path + strlen(REPO_PREFIX);
        end = memchr(id, '/', n - (size_t)(id - path));
        if (end && end > id) {
            jset_strn(d, "repo_id", id, (size_t)(end - id));
            return;
        }
    }
    jset_null(d, "repo_id");
}

static json_object *disk_obj(struct vmcfg *c, const char *spec, size_t n, size_t line)
{
    json_object *d = json_object_new_object();
    const char *c1, *c2, *u, *dev, *mode, *type, *path, *part, *base, *ot;
    size_t ulen, dlen, mlen, tlen, plen, plen2, i;
    char q[96];
    bool cdrom = false;

    jset_strn(d, "spec", spec, n);
    c2 = last_of(spec, n, ',');
    c1 = c2 ? last_of(spec, (size_t)(c2 - spec), ',') : NULL;
    u = spec;
    ulen = c1 ? (size_t)(c1 - spec) : 0;
    dev = c1 ? c1 + 1 : NULL;
    dlen = c1 ? (size_t)(c2 - dev) : 0;
    mode = c2 ? c2 + 1 : NULL;
    mlen = c2 ? n - (size_t)(mode - spec) : 0;
    if (dev) {
        str_trim(&u, &ulen);
        str_trim(&dev, &dlen);
        str_trim(&mode, &mlen);
    }
    if (!c1 || memchr(dev, '=', dlen) || memchr(mode, '=', mlen)) {
        vm_error(c, line, "'disk': '%s' is not 'type:path,device,mode'",
                 textscan_quote(q, sizeof(q), spec, n, 80));
        jset_null(d, "type");
        jset_null(d, "path");
        jset_null(d, "dev");
        jset_bool(d, "cdrom", false);
        jset_null(d, "mode");
        jset_null(d, "repo_id");
        jset_null(d, "object_type");
        return d;
    }
    split_uname(u, ulen, &type, &tlen, &path, &plen);
    set_span(d, "type", type, tlen);
    jset_strn(d, "path", path, plen);
    /* "hdc:cdrom", "xvdb:disk", "ioemu:hda" */
    part = NULL;
    plen2 = 0;
    for (i = 0; i <= dlen;) {
        const char *colon = memchr(dev + i, ':', dlen - i);
        size_t k = colon ? (size_t)(colon - dev) - i : dlen - i;
        if (k == 5 && !memcmp(dev + i, "cdrom", 5))
            cdrom = true;
        else if (!part && !(k == 5 && !memcmp(dev + i, "ioemu", 5)) &&
                 !(k == 4 && !memcmp(dev + i, "disk", 4))) {
            part = dev + i;
            plen2 = k;
        }
        i += k + 1;
    }
    jset_strn(d, "dev", part ? part : dev, part ? plen2 : 0);
    jset_bool(d, "cdrom", cdrom);
    jset_strn(d, "mode", mode, mlen);
    repo_of(d, path, plen);
    base = last_of(path, plen, '/');
    base = base ? base + 1 : path;
    ot = ovmid_type(base, plen - (size_t)(base - path));
    jset_str(d, "object_type", ot);
    return d;
}

static json_object *vif_obj(const char *spec, size_t n)
{
    static const char *const keys[] = { "mac", "bridge", "type", "model" };
    json_object *v = json_object_new_object();
    const char *item, *eq, *k, *val;
    size_t i, ilen, klen, vlen, j;
    char mac[64];

    jset_strn(v, "spec", spec, n);
    for (j = 0; j < ARRAY_SIZE(keys); j++)
        jset_null(v, keys[j]);
    for (i = 0; i < n;) {
        const char *comma = memchr(spec + i, ',', n - i);
        item = spec + i;
        ilen = comma ? (size_t)(comma - item) : n - i;
        i += ilen + 1;
        eq = memchr(item, '=', ilen);
        if (!eq)
            continue;
        k = item;
        klen = (size_t)(eq - item);
        val = eq + 1;
        vlen = ilen - klen - 1;
        str_trim(&k, &klen);
        str_trim(&val, &vlen);
        for (j = 0; j < ARRAY_SIZE(keys); j++) {
            if (klen != strlen(keys[j]) || memcmp(k, keys[j], klen))
                continue;
            if (j == 0 && vlen < sizeof(mac)) {
                size_t m;
                for (m = 0; m < vlen; m++)
                    mac[m] = val[m] >= 'A' && val[m] <= 'Z' ? (char)(val[m] - 'A' + 'a') : val[m];
                jset_strn(v, keys[j], mac, vlen);
            } else {
                jset_strn(v, keys[j], val, vlen);
            }
        }
    }
    return v;
}

/* disk or vif: a list of strings; anything else is an error and gives no entries. */
static json_object *device_list(struct vmcfg *c, const char *key, bool is_disk)
{
    json_object *list = jget(c->cfg, key), *out = json_object_new_array(), *el;
    size_t i, line = key_line(c, key);
    char q[48];

    if (!list)
        return out;
    if (json_object_is_type(list, json_type_string)) {
        el = is_disk ? disk_obj(c, json_object_get_string(list),
                                (size_t)json_object_get_string_len(list), line)
                     : vif_obj(json_object_get_string(list),
                               (size_t)json_object_get_string_len(list));
        json_object_array_add(out, el);
        return out;
    }
    if (!json_object_is_type(list, json_type_array)) {
        vm_error(c, line, "'%s': %s is not a list", key, value_text(q, 48, list));
        return out;
    }
    for (i = 0; i < json_object_array_length(list); i++) {
        json_object *s = json_object_array_get_idx(list, i);
        if (!json_object_is_type(s, json_type_string)) {
            vm_error(c, line, "'%s': element %zu, %s, is not a string", key, i,
                     value_text(q, 48, s));
            continue;
        }
        el = is_disk ? disk_obj(c, json_object_get_string(s),
                                (size_t)json_object_get_string_len(s), line)
                     : vif_obj(json_object_get_string(s), (size_t)json_object_get_string_len(s));
        json_object_array_add(out, el);
    }
    return out;
}

/* --- the vm ----------------------------------------------------------------------------- */

/* root/OVS/Repositories/<repo>/VirtualMachines/<id>/vm.cfg: repo and id (null if the path has
 * another shape) and the path on the host. */
static void vm_place(json_object *vm, const char *path)
{
    static const char pre[] = "root" REPO_PREFIX;
    const char *repo = NULL, *id = NULL, *s, *e;
    size_t rlen = 0, ilen = 0;

    if (!strncmp(path, pre, strlen(pre))) {
        s = path + strlen(pre);
        e = strchr(s, '/');
        if (e && e > s) {
            repo = s;
            rlen = (size_t)(e - s);
            if (!strncmp(e, "/VirtualMachines/", 17)) {
                s = e + 17;
                e = strchr(s, '/');
                if (e && e > s) {
                    id = s;
                    ilen = (size_t)(e - s);
                }
            }
        }
    }
    set_span(vm, "id", id, ilen);
    set_span(vm, "repo_id", repo, rlen);
    jset_str(vm, "path", !strncmp(path, "root/", 5) ? path + 4 : path);
}

static void build_vm(struct vmcfg *c)
{
    json_object *vm = json_object_new_object(), *config = json_object_new_object();
    int64_t mem = 0, vcpus = 0;
    bool mem_ok, vcpus_ok;
    size_t i;

    vm_place(vm, c->path);
    typed_str(c, vm, "name", "name");
    typed_str(c, vm, "simple_name", "OVM_simple_name");
    typed_str(c, vm, "uuid", "uuid");
    typed_str(c, vm, "description", "OVM_description");
    typed_str(c, vm, "os_type", "OVM_os_type");
    typed_str(c, vm, "domain_type", "OVM_domain_type");
    typed_bool(c, vm, "ha", "OVM_high_availability");
    mem_ok = typed_int(c, vm, "memory_mb", "memory", &mem);
    typed_max(c, vm, "maxmem_mb", "maxmem", mem_ok, mem);
    vcpus_ok = typed_int(c, vm, "vcpus", "vcpus", &vcpus);
    typed_max(c, vm, "maxvcpus", "maxvcpus", vcpus_ok, vcpus);
    typed_str(c, vm, "builder", "builder");
    typed_str(c, vm, "on_crash", "on_crash");
    typed_str(c, vm, "on_reboot", "on_reboot");
    typed_str(c, vm, "on_poweroff", "on_poweroff");
    typed_int(c, vm, "cpu_weight", "cpu_weight", NULL);
    typed_int(c, vm, "cpu_cap", "cpu_cap", NULL);
    json_object_object_add(vm, "disks", device_list(c, "disk", true));
    json_object_object_add(vm, "vifs", device_list(c, "vif", false));
    json_object_object_foreach(c->cfg, key, val) {
        for (i = 0; i < ARRAY_SIZE(typed_keys) && strcmp(key, typed_keys[i]); i++)
            ;
        if (i == ARRAY_SIZE(typed_keys))
            json_object_object_add(config, key, json_object_get(val));
    }
    json_object_object_add(vm, "config", config);
    json_object_array_add(facts_arr(c->f, "vms"), vm);
}

static int parse_vmcfg(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct vmcfg c = { .f = f, .path = in->path, .data = in->data, .len = in->len };
    int rc = 0;

    c.cfg = json_object_new_object();
    c.lines = json_object_new_object();
    c.bad = json_object_new_object();
    scan(&c);
    if (c.notes_dropped)
        facts_note(f, in->path, 0, "%zu more lines that are not assignments skipped",
                   c.notes_dropped);
    if (!c.assignments) {
        rc = err_set(err, E_PARSE, "no 'key = value' assignment: not a vm.cfg");
        goto out;
    }
    build_vm(&c);
    if (c.errors_dropped)
        facts_error(f, in->path, 0, "%zu more errors not listed", c.errors_dropped);
out:
    json_object_put(c.cfg);
    json_object_put(c.lines);
    json_object_put(c.bad);
    return rc;
}

static const char *const vmcfg_inputs[] = {
    "root/OVS/Repositories/*/VirtualMachines/*/vm.cfg",
    NULL,
};

ANALYZER(vmcfg) = {
    .name = "vmcfg",
    .desc = "vm.cfg of every VM in the repositories: resources, disks, vifs, OVM names",
    .inputs = vmcfg_inputs,
    .parse = parse_vmcfg,
};
