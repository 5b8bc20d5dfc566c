/* SPDX-License-Identifier: MIT */
#include "collector/manifest.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void manifest_init(struct manifest *m)
{
    memset(m, 0, sizeof(*m));
}

void manifest_release(struct manifest *m)
{
    size_t i;

    for (i = 0; i < m->n; i++) {
        free(m->items[i].area);
        free(m->items[i].source);
        free(m->items[i].path);
        free(m->items[i].err_path);
        free(m->items[i].message);
    }
    free(m->items);
    manifest_init(m);
}

struct mitem *manifest_add(struct manifest *m, const char *area, const char *kind,
                           const char *source, const char *status)
{
    struct mitem *it;

    XGROW(m->items, m->alloc, m->n + 1);
    it = &m->items[m->n++];
    memset(it, 0, sizeof(*it));
    it->area = xstrdup(area ? area : "");
    it->kind = kind;
    it->source = xstrdup(source);
    it->status = status;
    return it;
}

void mitem_set_message(struct mitem *it, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    free(it->message);
    it->message = xstrdup(msg);
}

bool manifest_has_path(const struct manifest *m, const char *path)
{
    size_t i;

    for (i = 0; i < m->n; i++)
        if (m->items[i].path && !strcmp(m->items[i].path, path))
            return true;
    return false;
}

bool status_is_skipped(const char *status)
{
    return !strncmp(status, "skipped", 7);
}

static void write_time_ms(struct jsonw *w, const char *key, int64_t ms)
{
    char iso[32], out[40];

    time_format_iso((time_t)(ms / 1000), iso, sizeof(iso));
    /* "...:SSZ" -> "...:SS.mmmZ" */
    iso[strlen(iso) - 1] = '\0';
    snprintf(out, sizeof(out), "%s.%03dZ", iso, (int)(ms % 1000));
    jsonw_kv_str(w, key, out);
}

void manifest_write_items(const struct manifest *m, struct jsonw *w)
{
    size_t i;

    jsonw_key(w, "items");
    jsonw_arr_begin(w);
    for (i = 0; i < m->n; i++) {
        const struct mitem *it = &m->items[i];
        jsonw_obj_begin(w);
        jsonw_kv_str(w, "area", it->area);
        jsonw_kv_str(w, "kind", it->kind);
        jsonw_kv_str(w, "source", it->source);
        jsonw_kv_str(w, "path", it->path);
        if (it->err_path)
            jsonw_kv_str(w, "stderr_path", it->err_path);
        jsonw_kv_str(w, "status", it->status);
        jsonw_kv_int(w, "bytes_original", (int64_t)it->bytes_original);
        jsonw_kv_int(w, "bytes_stored", (int64_t)it->bytes_stored);
        jsonw_kv_str(w, "sha256", it->path ? it->sha256 : NULL);
        if (it->started_ms)
            write_time_ms(w, "started", it->started_ms);
        jsonw_kv_int(w, "elapsed_ms", it->elapsed_ms);
        if (it->has_exit)
            jsonw_kv_int(w, "exit_code", it->exit_code);
        if (it->signal)
            jsonw_kv_int(w, "signal", it->signal);
        if (it->err_no)
            jsonw_kv_int(w, "errno", it->err_no);
        if (it->message)
            jsonw_kv_str(w, "message", it->message);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}
