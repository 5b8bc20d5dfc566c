/* SPDX-License-Identifier: MIT */
/* eval.c: evaluation. Order per rule: a rule that did not load or compile is "error"; a
 * required fact that is absent, or log sections none of whose sources the bundle has, is
 * "skip" with the reason; then [when] (true fails), [foreach] (each item is one finding) or, for a rule of log
 * sections only, every section reaching its min. Log results are visible to jq as
 * .log.NAME.{count, total, first, last, matches[]}. */
#include "engine/eval.h"
#include "engine/events.h"
#include "analyzers/analyzer.h"
#include "analyzers/logsources.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/banned.h"

#define FOREACH_MAX 1000   /* findings per rule; more is a runaway expression */

const char *outcome_name(enum outcome o)
{
    switch (o) {
    case OUTCOME_FAIL: return "fail";
    case OUTCOME_PASS: return "pass";
    case OUTCOME_SKIP: return "skip";
    case OUTCOME_ERROR: return "error";
    }
    return "error";
}

bool eval_reproducible(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");

    return s && *s;
}

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* --- templates ------------------------------------------------------------------------- */

/* Literal parts as they are, {expr} parts as their value's text (several outputs joined with
 * ", "). */
static int render(const struct tmpl *t, const struct jval *input, char **out, struct err *err)
{
    struct buf b = BUF_INIT;
    struct jval **vals;
    size_t i, j, n;
    char *s;

    for (i = 0; i < t->n; i++) {
        if (!t->parts[i].is_expr) {
            buf_adds(&b, t->parts[i].text);
            continue;
        }
        if (expr_run(t->exprs[i], input, &vals, &n, 100, err)) {
            err_prefix(err, "message {%s}", t->parts[i].text);
            buf_release(&b);
            return E_PARSE;
        }
        for (j = 0; j < n; j++) {
            s = jval_text(vals[j]);
            buf_addf(&b, "%s%s", j ? ", " : "", s);
            free(s);
        }
        jvals_free(vals, n);
    }
    *out = buf_detach(&b, NULL);
    return 0;
}

/* --- log results as facts -------------------------------------------------------------- */

static void iso(json_object *o, const char *key, bool any, time_t t)
{
    char s[32];

    if (!any) {
        jset_null(o, key);
        return;
    }
    time_format_iso(t, s, sizeof(s));
    jset_str(o, key, s);
}

static json_object *match_json(const struct logscan_match *m)
{
    json_object *o = json_object_new_object();

    jset_str(o, "file", m->file);
    jset_int(o, "line", (int64_t)m->line);
    jset_str(o, "text", m->text);
    iso(o, "time", m->has_time, m->time);
    json_object_object_add(o, "fields", json_object_get(m->fields));
    return o;
}

static json_object *log_results(const struct rule *r)
{
    json_object *all = json_object_new_object();
    size_t i, j;

    for (i = 0; i < r->def.nlogs; i++) {
        const struct logscan_query *q = &r->queries[i];
        json_object *o = json_object_new_object(), *m = json_object_new_array();
        jset_int(o, "count", (int64_t)q->count);
        jset_int(o, "total", (int64_t)q->total);
        jset_int(o, "min", r->def.logs[i].min);
        iso(o, "first", q->any_time, q->first);
        iso(o, "last", q->any_time, q->last);
        for (j = 0; j < q->nevidence; j++)
            json_object_array_add(m, match_json(&q->evidence[j]));
        json_object_object_add(o, "matches", m);
        json_object_object_add(all, r->def.logs[i].name, o);
    }
    return all;
}

static json_object *evidence_of(const struct rule *r)
{
    json_object *ev = json_object_new_array();
    size_t i, j;

    for (i = 0; i < r->def.nlogs; i++) {
        for (j = 0; j < r->queries[i].nevidence; j++) {
            const struct logscan_match *m = &r->queries[i].evidence[j];
            json_object *o = json_object_new_object();
            jset_str(o, "file", m->file);
            jset_int(o, "line", (int64_t)m->line);
            jset_str(o, "text", m->text);
            iso(o, "time", m->has_time, m->time);
            json_object_array_add(ev, o);
        }
    }
    return ev;
}

/* --- one rule -------------------------------------------------------------------------- */

static void add_finding(struct rule_result *res, char *message, char *subject,
                        json_object *evidence)
{
    struct finding *f;

    res->findings = xrealloc(res->findings, (res->nfindings + 1) * sizeof(*res->findings));
    f = &res->findings[res->nfindings++];
    f->rule = res->rule;
    f->message = message;
    f->subject = subject;
    f->evidence = evidence;
}

static void set_reason(struct rule_result *res, enum outcome o, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static void set_reason(struct rule_result *res, enum outcome o, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    res->outcome = o;
    free(res->reason);
    res->reason = xstrdup(msg);
}

/* A required fact: the expression yields something that is not null. */
static bool have(const struct expr *e, const struct jval *facts, struct err *err, bool *ok)
{
    struct jval **v;
    size_t n, i;
    bool found = false;

    *ok = expr_run(e, facts, &v, &n, 100, err) == 0;
    if (!*ok)
        return false;
    for (i = 0; i < n; i++)
        found |= !jval_is_null(v[i]);
    jvals_free(v, n);
    return found;
}

static bool source_present(json_object *facts, const char *source)
{
    const char *canon = log_source_canonical(source);
    json_object *logs = jget(facts, "logs");

    return canon && jget(logs, canon) != NULL;
}

static void eval_one(const struct rule *r, const struct jval *facts_v, json_object *facts,
                     struct rule_result *res)
{
    struct err err = ERR_INIT;
    struct jval *in = NULL, **items = NULL, **out = NULL;
    json_object *logs = NULL;
    char *msg = NULL, *subject = NULL;
    size_t i, n = 0, m = 0;
    bool ok, all_min = true;

    res->rule = r;
    res->outcome = OUTCOME_PASS;
    if (r->error) {
        set_reason(res, OUTCOME_ERROR, "%s", r->error);
        return;
    }
    for (i = 0; i < r->def.nlogs; i++) {
        if (r->queries[i].error) {
            set_reason(res, OUTCOME_ERROR, "%s:%zu: pattern: %s", r->def.file,
                       r->def.logs[i].pattern_line, r->queries[i].error);
            return;
        }
    }
    for (i = 0; i < r->def.nrequires; i++) {
        if (!have(r->requires[i], facts_v, &err, &ok)) {
            if (ok)
                set_reason(res, OUTCOME_SKIP, "no %s in the facts", r->def.requires[i]);
            else
                set_reason(res, OUTCOME_ERROR, "%s:%zu: requires %s: %s", r->def.file,
                           r->def.line, r->def.requires[i], err.msg);
            return;
        }
    }
    /* A rule that reads several log sources (HP-007: the block script's xen-hotplug.log and
     * the qdisk backend's qemu-dm logs) applies when at least one of them is in the bundle: an
     * xl host whose disks all use qdisk has no xen-hotplug.log at all. An absent source counts
     * no lines. */
    for (i = 0; i < r->def.nlogs; i++) {
        if (source_present(facts, r->def.logs[i].source))
            break;
    }
    if (r->def.nlogs && i == r->def.nlogs) {
        set_reason(res, OUTCOME_SKIP, "no %s log in the bundle", r->def.logs[0].source);
        return;
    }
    for (i = 0; i < r->def.nlogs; i++)
        all_min &= (int64_t)r->queries[i].count >= r->def.logs[i].min;
    if (r->def.nlogs) {
        logs = log_results(r);
        in = jval_with(facts_v, "log", logs);
    }
    if (r->when) {
        if (expr_run(r->when, in ? in : facts_v, &out, &n, 100, &err)) {
            set_reason(res, OUTCOME_ERROR, "%s:%zu: [when] %s", r->def.file, r->def.when_line,
                       err.msg);
            goto out;
        }
        if (n && jval_truthy(out[0])) {
            if (render(&r->fail, in ? in : facts_v, &msg, &err) ||
                (r->def.subject && render(&r->subject, in ? in : facts_v, &subject, &err))) {
                set_reason(res, OUTCOME_ERROR, "%s:%zu: %s", r->def.file, r->def.fail_line,
                           err.msg);
                goto out;
            }
            res->outcome = OUTCOME_FAIL;
            add_finding(res, msg, subject, evidence_of(r));
            msg = subject = NULL;
        }
    } else if (r->foreach) {
        if (expr_run(r->foreach, in ? in : facts_v, &items, &m, FOREACH_MAX, &err)) {
            set_reason(res, OUTCOME_ERROR, "%s:%zu: [foreach] %s", r->def.file,
                       r->def.foreach_line, err.msg);
            goto out;
        }
        for (i = 0; i < m; i++) {
            if (render(&r->fail, items[i], &msg, &err) ||
                (r->def.subject && render(&r->subject, items[i], &subject, &err))) {
                set_reason(res, OUTCOME_ERROR, "%s:%zu: %s", r->def.file, r->def.fail_line,
                           err.msg);
                goto out;    /* out: frees msg */
            }
            res->outcome = OUTCOME_FAIL;
            add_finding(res, msg, subject, json_object_new_array());
            msg = subject = NULL;
        }
    } else if (all_min) {
        if (render(&r->fail, in, &msg, &err)) {
            set_reason(res, OUTCOME_ERROR, "%s:%zu: %s", r->def.file, r->def.fail_line, err.msg);
            goto out;
        }
        res->outcome = OUTCOME_FAIL;
        add_finding(res, msg, NULL, evidence_of(r));
        msg = NULL;
    }
    if (res->outcome == OUTCOME_PASS && r->def.pass && !render(&r->pass, in ? in : facts_v, &msg, &err)) {
        res->reason = msg;
        msg = NULL;
    }
out:
    free(msg);
    free(subject);
    if (out)
        jvals_free(out, n);
    if (items)
        jvals_free(items, m);
    jval_free(in);
    json_object_put(logs);
}

void eval_rules_scope(struct ruleset *rs, json_object *facts, enum rule_scope scope,
                      struct eval_run *run)
{
    struct jval *fv;
    size_t i, k = 0;
    int64_t t0;

    if (!ruleset_compiles_scope(rs, scope))
        BUG("rules of a scope whose jq was not compiled (ruleset_only_scope)");
    /* a compile still running on its thread is the one user of libjq until here */
    ruleset_wait(rs);
    fv = jval_from_json(facts);
    run->results = xcalloc(rs->n ? rs->n : 1, sizeof(*run->results));
    for (i = 0; i < rs->n; i++) {
        if (rs->rules[i]->def.scope != scope)
            continue;
        t0 = now_us();
        eval_one(rs->rules[i], fv, facts, &run->results[k]);
        run->results[k].elapsed_us = eval_reproducible() ? 0 : now_us() - t0;
        k++;
    }
    run->n = k;
    jval_free(fv);
}

void eval_rules(struct ruleset *rs, json_object *facts, struct eval_run *run)
{
    eval_rules_scope(rs, facts, SCOPE_HOST, run);
}

void eval_run_release(struct eval_run *run)
{
    size_t i, j;

    for (i = 0; i < run->n; i++) {
        struct rule_result *r = &run->results[i];
        for (j = 0; j < r->nfindings; j++) {
            free(r->findings[j].message);
            free(r->findings[j].subject);
            json_object_put(r->findings[j].evidence);
        }
        free(r->findings);
        free(r->reason);
    }
    free(run->results);
    run->results = NULL;
    run->n = 0;
    json_object_put(run->timeline);
    run->timeline = NULL;
}

/* --- the bundle: facts and logs in one pass ---------------------------------------------- */

struct scan_ctx {
    struct logscan *ls;
    struct facts *f;
    bool started;
};

/* `date -u` comes before the logs in a bundle (commands are collected first, and "cmd/" sorts
 * before "root/"): with the snapshot known up front the windows apply during the scan. */
static void scan_begin(void *ctx, const char *source, const char *path, time_t mtime)
{
    struct scan_ctx *sc = ctx;
    int64_t epoch;

    if (!sc->started) {
        sc->started = true;
        if (jget_int(sc->f->raw, "date_u", &epoch) && epoch > 0)
            logscan_set_snapshot(sc->ls, (time_t)epoch);
    }
    logscan_begin(sc->ls, source, path, mtime);
}

static void scan_feed(void *ctx, const char *text, size_t len)
{
    logscan_feed(((struct scan_ctx *)ctx)->ls, text, len);
}

static char *scan_reserve(void *ctx, size_t *cap)
{
    return logscan_reserve(((struct scan_ctx *)ctx)->ls, cap);
}

static void scan_commit(void *ctx, size_t len)
{
    logscan_commit(((struct scan_ctx *)ctx)->ls, len);
}

static void scan_end(void *ctx)
{
    logscan_end(((struct scan_ctx *)ctx)->ls);
}

static time_t snapshot_of(json_object *facts)
{
    const char *s = jget_str(jget(facts, "meta"), "snapshot_time");
    time_t t;

    return s && time_parse_when(s, 0, &t) ? t : 0;
}

/* path names the bundle on disk, or with mem set stands for the tar in mem/len, or with q set
 * for the tar that stream brings. */
static int eval_source(struct ruleset *rs, const char *path, const void *mem, size_t len,
                       struct blockq *q, struct facts *f, struct eval_run *run,
                       struct err *err)
{
    struct logscan_query **qs = NULL, **eqs = NULL;
    struct events *ev = events_new();
    struct logscan *ls = NULL;
    struct scan_ctx sc = { .f = f };
    struct log_consumer lc = { scan_begin, scan_feed, scan_end, &sc, scan_reserve, scan_commit };
    size_t i, j, n = 0, alloc = 0, ne;
    int rc;

    /* The queries keep the results of the bundle before (analyze --pool reads several). */
    for (i = 0; i < rs->n; i++)
        for (j = 0; j < rs->rules[i]->def.nlogs; j++)
            logscan_query_release(&rs->rules[i]->queries[j]);
    ne = events_queries(ev, &eqs);
    for (i = 0; i < ne; i++) {
        XGROW(qs, alloc, n + 1);
        qs[n++] = eqs[i];
    }
    for (i = 0; i < rs->n; i++) {
        if (rs->rules[i]->error)
            continue;
        for (j = 0; j < rs->rules[i]->def.nlogs; j++) {
            XGROW(qs, alloc, n + 1);
            qs[n++] = &rs->rules[i]->queries[j];
        }
    }
    rc = logscan_new(&ls, qs, n, err);
    if (rc)
        goto out;
    sc.ls = ls;
    if (q)
        rc = analyze_bundle_stream_with(q, path, f, &lc, err);
    else if (mem)
        rc = analyze_bundle_mem_with(mem, len, path, f, &lc, err);
    else
        rc = analyze_bundle_with(path, f, &lc, err);
    if (rc)
        goto out;
    logscan_finish(ls, snapshot_of(f->root));
    eval_rules(rs, f->root, run);
    run->timeline = events_to_json(ev);
out:
    logscan_free(ls);
    events_free(ev);
    free(eqs);
    free(qs);
    return rc;
}

int eval_bundle(struct ruleset *rs, const char *path, struct facts *f, struct eval_run *run,
                struct err *err)
{
    return eval_source(rs, path, NULL, 0, NULL, f, run, err);
}

int eval_bundle_mem(struct ruleset *rs, const void *data, size_t len, const char *name,
                    struct facts *f, struct eval_run *run, struct err *err)
{
    return eval_source(rs, name, data ? data : "", len, NULL, f, run, err);
}

int eval_bundle_stream(struct ruleset *rs, struct blockq *q, const char *name, struct facts *f,
                       struct eval_run *run, struct err *err)
{
    return eval_source(rs, name, NULL, 0, q, f, run, err);
}
