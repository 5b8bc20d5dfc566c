/* SPDX-License-Identifier: MIT */
/* report-json.c: design.md §6. Deterministic: findings sorted; no wall-clock time except from
 * the bundle; rule timings are 0 under SOURCE_DATE_EPOCH. */
#include "reports/report.h"
#include "lib/xalloc.h"

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

static const struct finding **sorted_findings(const struct eval_run *run, size_t *n_out)
{
    const struct finding **all = NULL;
    size_t n = 0, i, j;

    for (i = 0; i < run->n; i++)
        n += run->results[i].nfindings;
    all = xcalloc(n ? n : 1, sizeof(*all));
    n = 0;
    for (i = 0; i < run->n; i++)
        for (j = 0; j < run->results[i].nfindings; j++)
            all[n++] = &run->results[i].findings[j];
    *n_out = n;
    return all;
}

static int cmp_finding(const void *a, const void *b)
{
    const struct finding *x = *(const struct finding *const *)a;
    const struct finding *y = *(const struct finding *const *)b;
    int r;

    if (x->rule->def.severity != y->rule->def.severity)
        return x->rule->def.severity > y->rule->def.severity ? -1 : 1;
    r = strcmp(x->rule->def.id, y->rule->def.id);
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

json_object *report_build(struct facts *f, const struct eval_run *run)
{
    json_object *r = json_object_new_object(), *o, *arr, *host = jget(f->root, "host");
    json_object *xen = jget(host, "xen"), *meta = jget(f->root, "meta");
    const struct finding **fs;
    size_t nf, i, j;
    int64_t counts[3] = { 0 }, passed = 0, skipped = 0, errors = 0;

    jset_str(r, "schema", "ovmdiag-report/1");
    o = json_object_new_object();
    jset_str(o, "name", "ovmdiag");
    jset_str(o, "version", OVMDIAG_VERSION);
    json_object_object_add(r, "tool", o);

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

    for (i = 0; i < run->n; i++) {
        const struct rule_result *res = &run->results[i];
        switch (res->outcome) {
        case OUTCOME_FAIL: counts[res->rule->def.severity] += (int64_t)res->nfindings; break;
        case OUTCOME_PASS: passed++; break;
        case OUTCOME_SKIP: skipped++; break;
        case OUTCOME_ERROR: errors++; break;
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

    fs = sorted_findings(run, &nf);
    if (nf > 1)
        qsort(fs, nf, sizeof(*fs), cmp_finding);
    arr = json_object_new_array();
    for (i = 0; i < nf; i++) {
        const struct rule_def *d = &fs[i]->rule->def;
        json_object *links = json_object_new_array();
        o = json_object_new_object();
        jset_str(o, "rule", d->id);
        jset_str(o, "severity", severity_name(d->severity));
        jset_str(o, "title", d->title);
        jset_str(o, "message", fs[i]->message);
        jset_str(o, "subject", fs[i]->subject);
        json_object_object_add(o, "evidence", json_object_get(fs[i]->evidence));
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
    for (i = 0; i < run->n; i++) {
        const struct rule_result *res = &run->results[i];
        o = json_object_new_object();
        jset_str(o, "rule", res->rule->def.id);
        jset_str(o, "outcome", outcome_name(res->outcome));
        jset_str(o, "reason", res->reason);
        jset_int(o, "elapsed_us", res->elapsed_us);
        json_object_array_add(arr, o);
    }
    json_object_object_add(r, "rules", arr);

    arr = json_object_new_array();
    {
        json_object *problems = jget(meta, "problems");
        for (i = 0; problems && i < json_object_array_length(problems); i++) {
            json_object *p = json_object_array_get_idx(problems, i);
            o = json_object_new_object();
            json_object_object_add(o, "item", copy_of(p, "source"));
            json_object_object_add(o, "status", copy_of(p, "status"));
            json_object_object_add(o, "detail", copy_of(p, "message"));
            json_object_array_add(arr, o);
        }
        problems = jget(f->root, "errors");
        for (i = 0; problems && i < json_object_array_length(problems); i++) {
            json_object *p = json_object_array_get_idx(problems, i);
            const char *lvl = jget_str(p, "level");
            if (lvl && strcmp(lvl, "error"))
                continue;
            o = json_object_new_object();
            json_object_object_add(o, "item", copy_of(p, "artefact"));
            jset_str(o, "status", "parse-error");
            json_object_object_add(o, "detail", copy_of(p, "message"));
            json_object_array_add(arr, o);
        }
    }
    json_object_object_add(r, "coverage", arr);
    json_object_object_add(r, "timeline",
                           run->timeline ? json_object_get(run->timeline) : json_object_new_array());
    return r;
}

char *report_json_text(json_object *report)
{
    return json_text(report, true);
}
