/* SPDX-License-Identifier: MIT */
/* analyzer.c: one pass over the bundle. Each entry goes to the analyzers that want it (loaded
 * into memory, capped) and, when it is a log, through the inventory (streamed). Then the joins
 * and canonical order. Memory: one artefact at a time, never a log. */
#include "analyzers/analyzer.h"
#include "analyzers/loginv.h"
#include "analyzers/source.h"
#include "lib/buf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

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

struct walk_ctx {
    struct facts *f;
    struct loginv inv;
    struct buf data;
};

static int visit(void *c, const struct src_entry *e, struct src_reader *r)
{
    struct walk_ctx *w = c;
    const struct log_source *src = log_source_of(e->path);
    bool wanted = false, too_big;
    char chunk[65536];
    ssize_t n;
    size_t i;

    for (i = 0; analyzer_registry[i] && !wanted; i++)
        wanted = analyzer_wants(analyzer_registry[i], e->path);
    if (!wanted && !src)
        return 0;
    too_big = e->size > ANALYZER_MAX_INPUT;
    if (src)
        loginv_begin(&w->inv, src, e->path, e->size, e->mtime);
    buf_reset(&w->data);
    while ((n = src_read(r, chunk, sizeof(chunk))) > 0) {
        if (src)
            loginv_feed(&w->inv, chunk, (size_t)n);
        if (wanted && !too_big && w->data.len + (size_t)n <= ANALYZER_MAX_INPUT)
            buf_add(&w->data, chunk, (size_t)n);
    }
    if (src)
        loginv_end(&w->inv);
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

    facts_error(w->f, path, 0, "bundle entry skipped: %s", message);
}

int analyze_bundle(const char *path, struct facts *f, struct err *err)
{
    static const struct src_ops ops = { visit, problem };
    struct walk_ctx w = { .f = f };
    char top[256];
    int rc;

    loginv_init(&w.inv);
    buf_init(&w.data);
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
