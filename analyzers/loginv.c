/* SPDX-License-Identifier: MIT */
#include "analyzers/loginv.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Enough of a line to read its time: logtime_parse() looks no further. */
#define HEAD_MAX LOGTIME_HEAD

struct loginv_file {
    const struct log_source *src;
    char *path;
    uint64_t bytes;          /* stored (compressed for .gz) */
    uint64_t text_bytes;     /* after inflating */
    uint64_t lines;
    time_t first, last;
    bool any_time, corrupt;
    int year;
    char head[HEAD_MAX];     /* start of the current line */
    size_t head_len;
    /* the last head parsed and its answer: lines of one second share it (a syslog of 256 MiB
     * has a few hundred thousand seconds but millions of lines) */
    char seen[HEAD_MAX];
    size_t seen_len;         /* 0: nothing cached */
    bool seen_ok;
    time_t seen_t;
    bool at_start;           /* next byte starts a line */
    bool partial;            /* bytes seen since the last newline */
};

void loginv_init(struct loginv *li)
{
    memset(li, 0, sizeof(*li));
}

void loginv_release(struct loginv *li)
{
    size_t i;

    for (i = 0; i < li->n; i++)
        free(li->files[i].path);
    free(li->files);
    loginv_init(li);
}

/* The first k bytes of a and b are equal. Most lines are longer than a head: those compare
 * in three loads each side instead of a call to memcmp (millions of lines per run). */
static inline bool same_head(const char *a, const char *b, size_t k)
{
    uint64_t a0, a1, b0, b1;
    uint32_t a2, b2;

    _Static_assert(HEAD_MAX == 20, "same_head() unrolls a head of 20 bytes");
    if (k != HEAD_MAX)
        return !memcmp(a, b, k);
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + 8, 8);
    memcpy(&b1, b + 8, 8);
    memcpy(&a2, a + 16, 4);
    memcpy(&b2, b + 16, 4);
    return ((a0 ^ b0) | (a1 ^ b1) | (uint64_t)(a2 ^ b2)) == 0;
}

/* One line's time (from its first len bytes, len > 0) into first and last. */
static void line_time(struct loginv_file *lf, const char *line, size_t len)
{
    size_t k = len < HEAD_MAX ? len : HEAD_MAX;
    time_t t;

    if (k != lf->seen_len || !same_head(line, lf->seen, k)) {
        memcpy(lf->seen, line, k);
        lf->seen_len = k;
        lf->seen_ok = logtime_parse(line, k, lf->year, &lf->seen_t);
    }
    if (!lf->seen_ok)
        return;
    t = lf->seen_t;
    if (!lf->any_time || t < lf->first)
        lf->first = t;
    if (!lf->any_time || t > lf->last)
        lf->last = t;
    lf->any_time = true;
}

static void line_done(struct loginv_file *lf)
{
    lf->lines++;
    if (lf->head_len)
        line_time(lf, lf->head, lf->head_len);
    lf->head_len = 0;
    lf->partial = false;
}

static void scan_text(struct loginv_file *lf, const char *p, size_t len)
{
    const char *end = p + len, *nl;
    size_t take;

    lf->text_bytes += len;
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        take = (size_t)((nl ? nl : end) - p);
        if (nl && !lf->partial) {
            /* a whole line in this piece: read its time where it is */
            lf->lines++;
            if (take)
                line_time(lf, p, take);
            p = nl + 1;
            continue;
        }
        if (lf->head_len < HEAD_MAX) {
            size_t room = HEAD_MAX - lf->head_len;
            memcpy(lf->head + lf->head_len, p, take < room ? take : room);
            lf->head_len += take < room ? take : room;
        }
        if (take)
            lf->partial = true;
        if (!nl)
            break;
        line_done(lf);
        p = nl + 1;
    }
}

void loginv_begin(struct loginv *li, const struct log_source *src, const char *path,
                  uint64_t size, time_t mtime)
{
    struct loginv_file *lf;
    struct tm tm;

    XGROW(li->files, li->alloc, li->n + 1);
    lf = &li->files[li->n++];
    memset(lf, 0, sizeof(*lf));
    lf->src = src;
    lf->path = xstrdup(path);
    lf->bytes = size;
    time_to_utc(mtime, &tm);
    lf->year = tm.tm_year + 1900;
    li->cur = lf;
}

void loginv_feed(struct loginv *li, const char *text, size_t len)
{
    if (li->cur && !li->cur->corrupt)
        scan_text(li->cur, text, len);
}

void loginv_corrupt(struct loginv *li)
{
    if (li->cur)
        li->cur->corrupt = true;
}

void loginv_end(struct loginv *li)
{
    if (li->cur && li->cur->partial)
        line_done(li->cur);
    li->cur = NULL;
}

static void set_time(json_object *o, const char *key, bool any, time_t t)
{
    char iso[32];

    if (!any) {
        jset_null(o, key);
        return;
    }
    time_format_iso(t, iso, sizeof(iso));
    jset_str(o, key, iso);
}

void loginv_to_facts(struct loginv *li, struct facts *f)
{
    json_object *logs = facts_obj(f, "logs");
    size_t i;

    for (i = 0; i < li->n; i++) {
        struct loginv_file *lf = &li->files[i];
        json_object *src = jget(logs, lf->src->name), *file;
        int64_t v;
        const char *s;

        if (!src) {
            src = json_object_new_object();
            jset_int(src, "bytes", 0);
            jset_int(src, "lines", 0);
            jset_null(src, "first_time");
            jset_null(src, "last_time");
            json_object_object_add(src, "files", json_object_new_array());
            json_object_object_add(logs, lf->src->name, src);
        }
        file = json_object_new_object();
        jset_str(file, "path", lf->path);
        jset_int(file, "bytes", (int64_t)lf->bytes);
        jset_int(file, "text_bytes", (int64_t)lf->text_bytes);
        jset_int(file, "lines", (int64_t)lf->lines);
        jset_bool(file, "compressed", log_path_is_compressed(lf->path));
        if (lf->corrupt)
            jset_bool(file, "corrupt", true);
        set_time(file, "first_time", lf->any_time, lf->first);
        set_time(file, "last_time", lf->any_time, lf->last);
        json_object_array_add(jget(src, "files"), file);
        jget_int(src, "bytes", &v);
        jset_int(src, "bytes", v + (int64_t)lf->bytes);
        jget_int(src, "lines", &v);
        jset_int(src, "lines", v + (int64_t)lf->lines);
        if (lf->any_time) {
            /* ISO strings of one format compare like the times they name */
            char iso[32];
            time_format_iso(lf->first, iso, sizeof(iso));
            s = jget_str(src, "first_time");
            if (!s || strcmp(iso, s) < 0)
                jset_str(src, "first_time", iso);
            time_format_iso(lf->last, iso, sizeof(iso));
            s = jget_str(src, "last_time");
            if (!s || strcmp(iso, s) > 0)
                jset_str(src, "last_time", iso);
        }
    }
}
