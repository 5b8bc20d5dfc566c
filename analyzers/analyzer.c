/* SPDX-License-Identifier: MIT */
/* analyzer.c: one pass over the bundle. Each entry goes to the analyzers that want it (loaded
 * into memory, capped) and, when it is a log, through the inventory (streamed). Then the joins
 * and canonical order. Memory: one artefact at a time, never a log. */
#include "analyzers/analyzer.h"
#include "analyzers/loginv.h"
#include "analyzers/source.h"
#include "lib/buf.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "lib/banned.h"

bool analyzer_wants(const struct analyzer *a, const char *path)
{
    size_t i;

    for (i = 0; a->inputs && a->inputs[i]; i++)
        if (fnmatch(a->inputs[i], path, FNM_PATHNAME | FNM_PERIOD) == 0)
            return true;
    return false;
}

void analyzer_run(const struct analyzer *a, struct facts *f, const char *path, const char *data,
                  size_t len)
{
    struct analyzer_input in = { path, data, len };
    struct err err = ERR_INIT;

    if (a->parse(f, &in, &err))
        facts_error(f, path, 0, "%s: %s", a->name, err.msg[0] ? err.msg : err_code_name(err.code));
}

/* Reads of a log into the scanner's buffer: at most this much at a time. */
#define READ_MAX (256 * 1024)

struct walk_ctx {
    struct facts *f;
    struct loginv inv;
    struct buf data;
    const struct log_consumer *consumer;
    z_stream *z;                /* inflating the current log, when it is gzip */
    bool z_failed;
};

static void log_text(struct walk_ctx *w, const char *text, size_t len)
{
    loginv_feed(&w->inv, text, len);
    if (w->consumer)
        w->consumer->feed(w->consumer->ctx, text, len);
}

static void log_begin(struct walk_ctx *w, const struct log_source *src, const struct src_entry *e)
{
    loginv_begin(&w->inv, src, e->path, e->size, e->mtime);
    if (w->consumer)
        w->consumer->begin(w->consumer->ctx, src->name, e->path, e->mtime);
    w->z_failed = false;
    if (log_path_is_compressed(e->path)) {
        w->z = calloc(1, sizeof(*w->z));
        if (!w->z || inflateInit2(w->z, 16 + MAX_WBITS) != Z_OK) {
            free(w->z);
            w->z = NULL;
            w->z_failed = true;
            loginv_corrupt(&w->inv);
        }
    }
}

/* Stored bytes of a log: inflated when gzip (members concatenated by logrotate included). */
static void log_data(struct walk_ctx *w, const char *data, size_t len)
{
    unsigned char out[65536];
    int r;

    if (w->z_failed)
        return;
    if (!w->z) {
        log_text(w, data, len);
        return;
    }
    w->z->next_in = (unsigned char *)(uintptr_t)data;
    w->z->avail_in = (unsigned)len;
    while (w->z->avail_in) {
        w->z->next_out = out;
        w->z->avail_out = sizeof(out);
        r = inflate(w->z, Z_NO_FLUSH);
        log_text(w, (const char *)out, sizeof(out) - w->z->avail_out);
        if (r == Z_STREAM_END) {
            if (inflateReset(w->z) != Z_OK)
                break;
            continue;
        }
        if (r == Z_BUF_ERROR)   /* no progress possible with this input: wait for more */
            break;
        if (r != Z_OK) {
            w->z_failed = true;
            loginv_corrupt(&w->inv);
            break;
        }
    }
}

static void log_end(struct walk_ctx *w)
{
    loginv_end(&w->inv);
    if (w->consumer)
        w->consumer->end(w->consumer->ctx);
    if (w->z) {
        inflateEnd(w->z);
        free(w->z);
        w->z = NULL;
    }
}

static int visit(void *c, const struct src_entry *e, struct src_reader *r)
{
    struct walk_ctx *w = c;
    const struct log_source *src = log_source_of(e->path);
    bool wanted = false, too_big;
    const void *block;
    char *dst = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t i;

    /* every entry's size, for checking the manifest's claims (join.c) */
    jset_int(facts_raw(w->f, "entries"), e->path, (int64_t)e->size);
    for (i = 0; analyzer_registry[i] && !wanted; i++)
        wanted = analyzer_wants(analyzer_registry[i], e->path);
    if (!wanted && !src)
        return 0;
    too_big = e->size > ANALYZER_MAX_INPUT;
    if (src)
        log_begin(w, src, e);
    buf_reset(&w->data);
    if (src && !w->z && !w->z_failed && w->consumer && w->consumer->reserve)
        dst = w->consumer->reserve(w->consumer->ctx, &cap);
    if (dst) {
        /* a plain log, read straight into the scanner's buffer; the inventory (and an analyzer
         * that wants the file) read it there before it is committed */
        for (;;) {
            n = src_read(r, dst, MIN(cap, READ_MAX));
            if (n <= 0) {
                w->consumer->commit(w->consumer->ctx, 0);
                break;
            }
            loginv_feed(&w->inv, dst, (size_t)n);
            if (wanted && !too_big && w->data.len + (size_t)n <= ANALYZER_MAX_INPUT)
                buf_add(&w->data, dst, (size_t)n);
            w->consumer->commit(w->consumer->ctx, (size_t)n);
            dst = w->consumer->reserve(w->consumer->ctx, &cap);
        }
    } else {
        while ((n = src_read_block(r, &block)) > 0) {
            if (src)
                log_data(w, block, (size_t)n);
            if (wanted && !too_big && w->data.len + (size_t)n <= ANALYZER_MAX_INPUT)
                buf_add(&w->data, block, (size_t)n);
        }
    }
    if (src)
        log_end(w);
    if (n < 0)
        facts_error(w->f, e->path, 0, "cannot read this entry; it is truncated or corrupt");
    if (!wanted)
        return 0;
    if (too_big) {
        facts_error(w->f, e->path, 0, "%llu bytes: too large to parse (limit %u MiB)",
                    (unsigned long long)e->size, ANALYZER_MAX_INPUT >> 20);
        return 0;
    }
    for (i = 0; analyzer_registry[i]; i++)
        if (analyzer_wants(analyzer_registry[i], e->path))
            analyzer_run(analyzer_registry[i], w->f, e->path, w->data.data, w->data.len);
    return 0;
}

static void problem(void *c, const char *path, const char *message)
{
    struct walk_ctx *w = c;

    facts_error(w->f, path, 0, "%s", message);
}

int analyze_bundle(const char *path, struct facts *f, struct err *err)
{
    return analyze_bundle_with(path, f, NULL, err);
}

/* path names a bundle on disk, or with mem set, stands for the tar in mem/len, or with q set
 * for the tar that stream brings. */
static int analyze_source(const char *path, const void *mem, size_t len, struct blockq *q,
                          struct facts *f, const struct log_consumer *consumer, struct err *err)
{
    static const struct src_ops ops = { visit, problem };
    struct walk_ctx w = { .f = f, .consumer = consumer };
    char top[256];
    int rc;

    loginv_init(&w.inv);
    buf_init(&w.data);
    if (q)
        rc = source_walk_stream(q, path, &ops, &w, top, sizeof(top), err);
    else if (mem)
        rc = source_walk_mem(mem, len, path, &ops, &w, top, sizeof(top), err);
    else
        rc = source_walk(path, &ops, &w, top, sizeof(top), err);
    if (!rc) {
        jset_str(facts_obj(f, "meta"), "bundle", top);
        loginv_to_facts(&w.inv, f);
        facts_join(f);
        facts_canonicalize(&f->root);
    }
    loginv_release(&w.inv);
    buf_release(&w.data);
    return rc;
}

int analyze_bundle_with(const char *path, struct facts *f, const struct log_consumer *consumer,
                        struct err *err)
{
    return analyze_source(path, NULL, 0, NULL, f, consumer, err);
}

int analyze_bundle_mem_with(const void *data, size_t len, const char *name, struct facts *f,
                            const struct log_consumer *consumer, struct err *err)
{
    return analyze_source(name, data ? data : "", len, NULL, f, consumer, err);
}

int analyze_bundle_stream_with(struct blockq *q, const char *name, struct facts *f,
                               const struct log_consumer *consumer, struct err *err)
{
    return analyze_source(name, NULL, 0, q, f, consumer, err);
}
