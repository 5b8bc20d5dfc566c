/* SPDX-License-Identifier: MIT */
/* report-json.c: design.md §6. Deterministic: findings sorted; no wall-clock time except from
 * the bundle; rule timings are 0 under SOURCE_DATE_EPOCH. */
#include "reports/report.h"
#include "engine/events.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static json_object *copy_of(json_object *o, const char *key)
{
    return json_object_get(jget(o, key));
}

static int64_t count_of(json_object *o, const char *key)
{
    json_object *a = jget(o, key);

    return a && json_object_is_type(a, json_type_array) ? (int64_t)json_object_array_length(a) : 0;
}

/* One run's findings, and the host they belong to in a pool report (NULL: none). */
struct found {
    const struct finding *f;
    const char *host;
};

static struct found *sorted_findings(const struct report_run *runs, size_t nruns, size_t *n_out)
{
    struct found *all;
    size_t n = 0, i, j, k;

    for (k = 0; k < nruns; k++)
        for (i = 0; i < runs[k].run->n; i++)
            n += runs[k].run->results[i].nfindings;
    all = xcalloc(n ? n : 1, sizeof(*all));
    n = 0;
    for (k = 0; k < nruns; k++)
        for (i = 0; i < runs[k].run->n; i++)
            for (j = 0; j < runs[k].run->results[i].nfindings; j++) {
                all[n].f = &runs[k].run->results[i].findings[j];
                all[n++].host = runs[k].host;
            }
    *n_out = n;
    return all;
}

static int cmp_finding(const void *a, const void *b)
{
    const struct found *fx = a, *fy = b;
    const struct finding *x = fx->f, *y = fy->f;
    int r;

    if (x->rule->def.severity != y->rule->def.severity)
        return x->rule->def.severity > y->rule->def.severity ? -1 : 1;
    r = strcmp(x->rule->def.id, y->rule->def.id);
    if (r)
        return r;
    /* a pool finding (no host) before the hosts' findings of the same id */
    if (!fx->host != !fy->host)
        return fx->host ? 1 : -1;
    r = strcmp(fx->host ? fx->host : "", fy->host ? fy->host : "");
    if (r)
        return r;
    r = strcmp(x->subject ? x->subject : "", y->subject ? y->subject : "");
    return r ? r : strcmp(x->message, y->message);
}

int report_worst(const struct eval_run *run)
{
    size_t i;
    int worst = -1;

    for (i = 0; i < run->n; i++)
        if (run->results[i].nfindings && (int)run->results[i].rule->def.severity > worst)
            worst = (int)run->results[i].rule->def.severity;
    return worst;
}

static void host_key(json_object *o, const char *host)
{
    if (host)
        jset_str(o, "host", host);
}

/* summary, findings, rules over the runs; a run with a host marks its entries with it. */
static void add_results(json_object *r, const struct report_run *runs, size_t nruns)
{
    json_object *o, *arr;
    struct found *fs;
    size_t nf, i, j, k;
    int64_t counts[3] = { 0 }, passed = 0, skipped = 0, errors = 0;

    for (k = 0; k < nruns; k++) {
        for (i = 0; i < runs[k].run->n; i++) {
            const struct rule_result *res = &runs[k].run->results[i];
            switch (res->outcome) {
            case OUTCOME_FAIL: counts[res->rule->def.severity] += (int64_t)res->nfindings; break;
            case OUTCOME_PASS: passed++; break;
            case OUTCOME_SKIP: skipped++; break;
            case OUTCOME_ERROR: errors++; break;
            }
        }
    }
    o = json_object_new_object();
    jset_int(o, "critical", counts[SEV_CRITICAL]);
    jset_int(o, "warning", counts[SEV_WARNING]);
    jset_int(o, "info", counts[SEV_INFO]);
    jset_int(o, "passed", passed);
    jset_int(o, "skipped", skipped);
    jset_int(o, "errors", errors);
    json_object_object_add(r, "summary", o);

    fs = sorted_findings(runs, nruns, &nf);
    if (nf > 1)
        qsort(fs, nf, sizeof(*fs), cmp_finding);
    arr = json_object_new_array();
    for (i = 0; i < nf; i++) {
        const struct rule_def *d = &fs[i].f->rule->def;
        json_object *links = json_object_new_array();
        o = json_object_new_object();
        jset_str(o, "rule", d->id);
        host_key(o, fs[i].host);
        if (d->scope == SCOPE_POOL)
            jset_str(o, "scope", "pool");
        jset_str(o, "severity", severity_name(d->severity));
        jset_str(o, "title", d->title);
        jset_str(o, "message", fs[i].f->message);
        jset_str(o, "subject", fs[i].f->subject);
        json_object_object_add(o, "evidence", json_object_get(fs[i].f->evidence));
        jset_str(o, "remedy", d->remedy);
        for (j = 0; j < d->nlinks; j++)
            json_object_array_add(links, json_object_new_string(d->links[j]));
        json_object_object_add(o, "links", links);
        jset_bool(o, "heuristic", d->heuristic);
        json_object_array_add(arr, o);
    }
    free(fs);
    json_object_object_add(r, "findings", arr);

    arr = json_object_new_array();
    for (k = 0; k < nruns; k++) {
        for (i = 0; i < runs[k].run->n; i++) {
            const struct rule_result *res = &runs[k].run->results[i];
            o = json_object_new_object();
            jset_str(o, "rule", res->rule->def.id);
            host_key(o, runs[k].host);
            if (res->rule->def.scope == SCOPE_POOL)
                jset_str(o, "scope", "pool");
            jset_str(o, "outcome", outcome_name(res->outcome));
            jset_str(o, "reason", res->reason);
            jset_int(o, "elapsed_us", res->elapsed_us);
            json_object_array_add(arr, o);
        }
    }
    json_object_object_add(r, "rules", arr);
}

/* coverage items of one host's facts into arr */
static void add_coverage(json_object *arr, json_object *facts, const char *host)
{
    json_object *meta = jget(facts, "meta"), *o;
    json_object *problems = jget(meta, "problems");
    size_t i;

    for (i = 0; problems && i < json_object_array_length(problems); i++) {
        json_object *p = json_object_array_get_idx(problems, i);
        o = json_object_new_object();
        json_object_object_add(o, "item", copy_of(p, "source"));
        host_key(o, host);
        json_object_object_add(o, "status", copy_of(p, "status"));
        json_object_object_add(o, "detail", copy_of(p, "message"));
        json_object_array_add(arr, o);
    }
    problems = jget(facts, "errors");
    for (i = 0; problems && i < json_object_array_length(problems); i++) {
        json_object *p = json_object_array_get_idx(problems, i);
        const char *lvl = jget_str(p, "level");
        if (lvl && strcmp(lvl, "error"))
            continue;
        o = json_object_new_object();
        json_object_object_add(o, "item", copy_of(p, "artefact"));
        host_key(o, host);
        jset_str(o, "status", "parse-error");
        json_object_object_add(o, "detail", copy_of(p, "message"));
        json_object_array_add(arr, o);
    }
}

static json_object *tool_obj(void)
{
    json_object *o = json_object_new_object();

    jset_str(o, "name", "ovmdiag");
    jset_str(o, "version", OVMDIAG_VERSION);
    return o;
}

json_object *report_build(struct facts *f, const struct eval_run *run)
{
    json_object *r = json_object_new_object(), *o, *arr, *host = jget(f->root, "host");
    json_object *xen = jget(host, "xen"), *meta = jget(f->root, "meta");
    struct report_run one = { run, NULL };

    jset_str(r, "schema", "ovmdiag-report/1");
    json_object_object_add(r, "tool", tool_obj());

    o = json_object_new_object();
    json_object_object_add(o, "name", copy_of(meta, "bundle"));
    json_object_object_add(o, "snapshot_time", copy_of(meta, "snapshot_time"));
    json_object_object_add(o, "collected_by", copy_of(meta, "collected_by"));
    json_object_object_add(r, "bundle", o);

    o = json_object_new_object();
    json_object_object_add(o, "hostname", copy_of(host, "hostname"));
    json_object_object_add(o, "xen_version", copy_of(xen, "version"));
    json_object_object_add(o, "toolstack", copy_of(xen, "toolstack"));
    json_object_object_add(o, "total_mb", copy_of(xen, "total_mb"));
    json_object_object_add(o, "free_mb", copy_of(xen, "free_mb"));
    json_object_object_add(o, "dom0_mb", copy_of(jget(f->root, "dom0"), "mem_mb"));
    jset_int(o, "domains", count_of(f->root, "domains"));
    jset_int(o, "vms", count_of(f->root, "vms"));
    json_object_object_add(r, "host", o);

    add_results(r, &one, 1);

    arr = json_object_new_array();
    add_coverage(arr, f->root, NULL);
    json_object_object_add(r, "coverage", arr);
    json_object_object_add(r, "timeline",
                           run->timeline ? json_object_get(run->timeline) : json_object_new_array());
    return r;
}

/* The same value in every member, else null. */
static json_object *common(json_object *members, const char *key)
{
    size_t i, n = members ? json_object_array_length(members) : 0;
    const char *first = NULL, *s;

    for (i = 0; i < n; i++) {
        s = jget_str(json_object_array_get_idx(members, i), key);
        if (!s)
            return NULL;
        if (first && strcmp(first, s))
            return NULL;
        first = s;
    }
    return first ? json_object_new_string(first) : NULL;
}

static int64_t sum_of(json_object *members, const char *key, bool *any)
{
    size_t i, n = members ? json_object_array_length(members) : 0;
    int64_t v, t = 0;

    *any = false;
    for (i = 0; i < n; i++)
        if (jget_int(json_object_array_get_idx(members, i), key, &v)) {
            t += v;
            *any = true;
        }
    return t;
}

json_object *report_build_pool(const struct pool *p)
{
    json_object *r = json_object_new_object(), *o, *arr, *pool = jget(p->doc, "pool");
    json_object *members = jget(pool, "members"), *pm;
    struct report_run *runs = xcalloc(p->n + 1, sizeof(*runs));
    json_object **evs = NULL;
    size_t i, j, n = 0, alloc = 0;
    char name[512];
    const char *latest = NULL;
    int64_t v;
    bool any;

    jset_str(r, "schema", "ovmdiag-report/1");
    json_object_object_add(r, "tool", tool_obj());

    for (i = 0; i < p->n; i++) {
        const char *t = jget_str(jget(p->hosts[i].facts, "meta"), "snapshot_time");
        if (t && (!latest || strcmp(t, latest) > 0))
            latest = t;
    }
    o = json_object_new_object();
    snprintf(name, sizeof(name), "pool of %zu bundles", p->n);
    jset_str(o, "name", name);
    jset_str(o, "snapshot_time", latest);
    jset_str(o, "collected_by", NULL);
    json_object_object_add(r, "bundle", o);

    o = json_object_new_object();
    snprintf(name, sizeof(name), "pool %s (%zu hosts)",
             jget_str(pool, "name") ? jget_str(pool, "name") : "(no pool alias)", p->n);
    jset_str(o, "hostname", name);
    json_object_object_add(o, "xen_version", common(members, "xen_version"));
    json_object_object_add(o, "toolstack", NULL);
    {
        json_object *ts = NULL;
        for (i = 0; i < p->n; i++) {
            json_object *t = jget(jget(jget(p->hosts[i].facts, "host"), "xen"), "toolstack");
            if (!jget_str(jget(jget(p->hosts[i].facts, "host"), "xen"), "toolstack") ||
                (ts && strcmp(json_object_get_string(ts), json_object_get_string(t)))) {
                ts = NULL;
                break;
            }
            ts = t;
        }
        if (ts)
            json_object_object_add(o, "toolstack", json_object_get(ts));
    }
    v = sum_of(members, "total_mb", &any);
    if (any) jset_int(o, "total_mb", v); else jset_null(o, "total_mb");
    v = sum_of(members, "free_mb", &any);
    if (any) jset_int(o, "free_mb", v); else jset_null(o, "free_mb");
    v = sum_of(members, "dom0_mb", &any);
    if (any) jset_int(o, "dom0_mb", v); else jset_null(o, "dom0_mb");
    for (i = 0, v = 0; i < p->n; i++)
        v += count_of(p->hosts[i].facts, "domains");
    jset_int(o, "domains", v);
    for (i = 0, v = 0; i < p->n; i++)
        v += count_of(p->hosts[i].facts, "vms");
    jset_int(o, "vms", v);
    json_object_object_add(r, "host", o);

    runs[0].run = &p->run;
    for (i = 0; i < p->n; i++) {
        runs[i + 1].run = &p->hosts[i].run;
        runs[i + 1].host = p->hosts[i].name;
    }
    add_results(r, runs, p->n + 1);

    arr = json_object_new_array();
    for (i = 0; i < p->nunreadable; i++) {
        /* no member name: nothing of it could be read */
        o = json_object_new_object();
        jset_str(o, "item", p->unreadable[i].path);
        jset_str(o, "status", "unreadable");
        jset_str(o, "detail", p->unreadable[i].err.msg);
        json_object_array_add(arr, o);
    }
    for (i = 0; i < p->n; i++)
        add_coverage(arr, p->hosts[i].facts, p->hosts[i].name);
    json_object_object_add(r, "coverage", arr);

    /* every host's records on one axis */
    for (i = 0; i < p->n; i++) {
        json_object *tl = p->hosts[i].run.timeline;
        for (j = 0; tl && j < json_object_array_length(tl); j++) {
            json_object *e = json_object_array_get_idx(tl, j), *c = json_object_new_object();
            json_object_object_foreach(e, k, val) json_object_object_add(c, k, json_object_get(val));
            jset_str(c, "host", p->hosts[i].name);
            XGROW(evs, alloc, n + 1);
            evs[n++] = c;
        }
    }
    if (n > 1)
        qsort(evs, n, sizeof(*evs), events_cmp_record);
    arr = json_object_new_array();
    for (i = 0; i < n; i++)
        json_object_array_add(arr, evs[i]);
    free(evs);
    json_object_object_add(r, "timeline", arr);

    /* the joins, without the hosts' whole facts */
    pm = json_object_new_object();
    json_object_object_foreach(pool, key, val) {
        if (strcmp(key, "hosts"))
            json_object_object_add(pm, key, json_object_get(val));
    }
    json_object_object_add(r, "pool", pm);
    free(runs);
    return r;
}

char *report_json_text(json_object *report)
{
    return json_text(report, true);
}
