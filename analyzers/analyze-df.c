/* SPDX-License-Identifier: MIT */
/* analyze-df.c: `df -P` and `df -Pi` -> raw.df.filesystems.<mount point> {device, size and
 * inode counts}; join.c makes storage.filesystems[] of it. A "-" value (pseudo file systems)
 * leaves its key out. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <stdint.h>
#include <string.h>

#include "lib/banned.h"

#define DF_MAX_FIELDS 64

struct df_row {
    const char *fld[DF_MAX_FIELDS];
    size_t flen[DF_MAX_FIELDS], n;
};

static bool is_num_or_dash(const char *s, size_t len)
{
    size_t i;

    if (len == 1 && s[0] == '-')
        return true;
    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return len > 0;
}

static bool is_pct(const char *s, size_t len)
{
    return (len == 1 && s[0] == '-') || (len >= 2 && s[len - 1] == '%' &&
                                         is_num_or_dash(s, len - 1) && s[0] != '-');
}

/* The index of the percentage field: the first c with three numbers before it and at least
 * min_dev fields before those; 0 when there is none. */
static size_t find_pct(const struct df_row *r, size_t min_dev)
{
    size_t c;

    for (c = 3 + min_dev; c < r->n; c++)
        if (is_pct(r->fld[c], r->flen[c]) && is_num_or_dash(r->fld[c - 1], r->flen[c - 1]) &&
            is_num_or_dash(r->fld[c - 2], r->flen[c - 2]) &&
            is_num_or_dash(r->fld[c - 3], r->flen[c - 3]))
            return c;
    return 0;
}

/* A number into obj.key (times mult); "-" leaves the key out. False on overflow. */
static bool set_num(json_object *obj, const char *key, const char *s, size_t len, int64_t mult)
{
    int64_t v;

    if (len == 1 && s[0] == '-')
        return true;
    if (len && s[len - 1] == '%')
        len--;
    if (!str_to_i64(s, len, &v) || v < 0 || v > INT64_MAX / mult)
        return false;
    jset_int(obj, key, v * mult);
    return true;
}

/* The header's block size: "1024-blocks" -> 1024, "1K-blocks" -> 1024, "512-blocks" -> 512;
 * 0 for "Inodes"; -1 when unknown (df -h "Size"). */
static int64_t header_unit(const char *s, size_t len)
{
    int64_t v = 1, mult = 1;
    size_t n;

    if (textscan_ieq(s, len, "Inodes"))
        return 0;
    if (len < 8 || !textscan_istarts(s + len - 7, 7, "-blocks"))
        return -1;
    n = len - 7;
    if (n && (s[n - 1] == 'K' || s[n - 1] == 'k'))
        mult = 1024, n--;
    else if (n && (s[n - 1] == 'M' || s[n - 1] == 'm'))
        mult = 1024 * 1024, n--;
    if (!str_to_i64(s, n, &v) || v <= 0 || v > (1 << 20))
        return -1;
    return v * mult;
}

static json_object *fs_entry(struct facts *f, const char *mount, size_t len)
{
    json_object *all = facts_raw(f, "df.filesystems"), *e;
    char key[4096];

    textscan_copy(key, sizeof(key), mount, len);
    e = json_object_object_get(all, key);
    if (!e || !json_object_is_type(e, json_type_object)) {
        e = json_object_new_object();
        json_object_object_add(all, key, e);    /* mount points hold dots: no dotted path */
    }
    return e;
}

/* A row is found by its four numbers and the percentage, so device names and mount points may
 * hold spaces; a device alone on a line (df without -P) joins the numbers on the next line. */
static int parse_df(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    static const char *const block_keys[] = { "size_bytes", "used_bytes", "avail_bytes",
                                              "use_pct" };
    static const char *const inode_keys[] = { "inodes", "inodes_used", "inodes_free",
                                              "inodes_pct" };
    struct line_iter it;
    struct df_row r;
    const char *line, *pend = NULL, *dev = NULL, *mnt, *lend;
    size_t len, pend_len = 0, pend_line = 0, c, i, dev_len = 0;
    int64_t unit = -2, mult;        /* -2: no header seen yet */
    json_object *e;
    int found = 0;
    bool ok;

    line_iter_init(&it, in->data, in->len);
    while (textscan_next(&it, f, in->path, "a df row", &line, &len)) {
        if (str_starts(line, len, "df:")) {
            facts_note(f, in->path, it.lineno, "%.*s", (int)MIN(len, 200), line);
            continue;
        }
        r.n = str_fields(line, len, r.fld, r.flen, DF_MAX_FIELDS);
        if (r.n >= 2 && textscan_ieq(r.fld[0], r.flen[0], "Filesystem")) {
            unit = header_unit(r.fld[1], r.flen[1]);
            if (unit < 0) {
                facts_error(f, in->path, it.lineno, "'%.*s': not a df -P header (sizes not in "
                            "blocks)", (int)MIN(r.flen[1], 40), r.fld[1]);
                return err_set(err, E_PARSE, "df output without block counts");
            }
            continue;
        }
        if (unit == -2) {
            /* a cut head: the file name says which listing this is */
            unit = strstr(in->path, "df-Pi") ? 0 : 1024;
            facts_note(f, in->path, it.lineno, "no df header: %s assumed",
                       unit ? "1024-byte blocks" : "inode counts");
        }
        if (pend && (c = find_pct(&r, 0)) == 3) {
            dev = pend;
            dev_len = pend_len;
        } else if ((c = find_pct(&r, 1))) {
            dev = line;
            dev_len = (size_t)(r.fld[c - 4] + r.flen[c - 4] - line);
        }
        if (pend && (!c || dev != pend))
            facts_error(f, in->path, pend_line, "'%.*s': device without numbers",
                        (int)MIN(pend_len, 80), pend);
        pend = NULL;
        if (!c) {
            if (r.n == 1) {            /* a long device name; the numbers follow */
                pend = line;
                pend_len = len;
                pend_line = it.lineno;
            } else {
                facts_error(f, in->path, it.lineno, "'%.*s': not a df row", (int)MIN(len, 80),
                            line);
            }
            continue;
        }
        if (c + 1 >= r.n) {
            facts_error(f, in->path, it.lineno, "'%.*s': no mount point", (int)MIN(len, 80),
                        line);
            continue;
        }
        mnt = r.fld[c + 1];
        lend = line + len;
        e = fs_entry(f, mnt, (size_t)(lend - mnt));
        jset_strn(e, "device", dev, dev_len);
        ok = true;
        for (i = 0; i < 4; i++) {
            mult = (unit && i < 3) ? unit : 1;
            ok &= set_num(e, unit ? block_keys[i] : inode_keys[i], r.fld[c - 3 + i],
                          r.flen[c - 3 + i], mult);
        }
        if (!ok)
            facts_error(f, in->path, it.lineno, "'%.*s': number out of range", (int)MIN(len, 80),
                        line);
        found++;
    }
    if (pend)
        facts_error(f, in->path, pend_line, "'%.*s': device without numbers",
                    (int)MIN(pend_len, 80), pend);
    if (!found)
        return err_set(err, E_PARSE, "no file system rows: not df -P output");
    return 0;
}

static const char *const df_inputs[] = { "cmd/df-P.out", "cmd/df-Pi.out", NULL };

ANALYZER(df) = {
    .name = "df",
    .desc = "df -P and df -Pi: size, use and inodes of every mounted file system",
    .inputs = df_inputs,
    .parse = parse_df,
};
