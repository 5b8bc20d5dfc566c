/* SPDX-License-Identifier: MIT */
/* dom0mem.c: dom0_mem= of a Xen command line into MiB; see dom0mem.h for the syntax. */
#include "analyzers/dom0mem.h"
#include "analyzers/facts.h"

#include <string.h>

#include "lib/banned.h"

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

bool dom0mem_size_mb(const char *s, size_t len, int64_t *mb_out)
{
    unsigned long long v = 0, bytes;
    unsigned shift = 10, base = 10;      /* no suffix: KiB */
    bool neg = false;
    size_t i = 0, digits = 0;
    int d;

    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    /* Xen reads the number with base 0, as strtoull: 0x.. is hex, a leading 0 octal */
    if (i + 2 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
    } else if (i + 1 < len && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        base = 8;
    }
    for (; i < len && (d = digit_value(s[i])) < (int)base; i++, digits++) {
        if (v > (1ULL << 40))
            return false;       /* absurd: beyond any host */
        v = v * base + (unsigned)d;
    }
    if (!digits)
        return false;
    if (i < len) {
        switch (s[i]) {
        case 'T': case 't': shift = 40; break;
        case 'G': case 'g': shift = 30; break;
        case 'M': case 'm': shift = 20; break;
        case 'K': case 'k': shift = 10; break;
        case 'B': case 'b': shift = 0; break;
        default: return false;
        }
        i++;
    }
    if (i != len || v > (1ULL << 40))
        return false;
    /* MiB, rounded to nearest; shift >= 20 is exact */
    if (shift >= 20)
        bytes = v << (shift - 20);
    else
        bytes = ((v << shift) + (1ULL << 19)) >> 20;
    *mb_out = neg ? -(int64_t)bytes : (int64_t)bytes;
    return true;
}

/* Word separators of a command line; quotes too, for a line pasted with its quoting. */
static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'';
}

bool dom0mem_parse(const char *cmdline, struct dom0mem *out)
{
    static const char key[] = "dom0_mem=";
    const char *p, *val = NULL, *item, *end;
    size_t vlen = 0, ilen;
    struct dom0mem dm;
    int64_t mb;

    if (!cmdline)
        return false;
    for (p = cmdline; (p = strstr(p, key)); p += sizeof(key) - 1) {
        if (p != cmdline && !is_sep(p[-1]))
            continue;      /* part of another word */
        val = p + sizeof(key) - 1;
        vlen = 0;
        while (val[vlen] && !is_sep(val[vlen]))
            vlen++;
    }
    if (!val)
        return false;
    memset(&dm, 0, sizeof(dm));
    if (vlen >= sizeof(dm.raw)) {
        vlen = sizeof(dm.raw) - 1;
        dm.partial = true;
    }
    memcpy(dm.raw, val, vlen);
    dm.raw[vlen] = '\0';
    if (!vlen)
        dm.partial = true;
    for (item = dm.raw; *item; item = *end ? end + 1 : end) {
        end = strchr(item, ',');
        if (!end)
            end = item + strlen(item);
        ilen = (size_t)(end - item);
        if (ilen > 4 && !strncmp(item, "min:", 4)) {
            if (dom0mem_size_mb(item + 4, ilen - 4, &mb)) {
                dm.has_min = true;
                dm.min_mb = mb;
                continue;
            }
        } else if (ilen > 4 && !strncmp(item, "max:", 4)) {
            if (dom0mem_size_mb(item + 4, ilen - 4, &mb)) {
                dm.has_max = true;
                dm.max_mb = mb;
                continue;
            }
        } else if (dom0mem_size_mb(item, ilen, &mb)) {
            dm.has_mem = true;
            dm.mem_mb = mb;
            continue;
        }
        dm.partial = true;     /* "25%", "1G+25%", junk, an empty item */
    }
    *out = dm;
    return true;
}

struct json_object *dom0mem_json(const struct dom0mem *d)
{
    json_object *o = json_object_new_object();

    jset_str(o, "raw", d->raw);
    if (d->has_mem)
        jset_int(o, "mem_mb", d->mem_mb);
    else
        jset_null(o, "mem_mb");
    if (d->has_min)
        jset_int(o, "min_mb", d->min_mb);
    else
        jset_null(o, "min_mb");
    if (d->has_max)
        jset_int(o, "max_mb", d->max_mb);
    else
        jset_null(o, "max_mb");
    return o;
}
