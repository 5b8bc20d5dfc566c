/* SPDX-License-Identifier: MIT */
/* ruletest.c: the .test runner behind `ovmdiag rules test` (format in ruletest.h). */
#include "engine/ruletest.h"
#include "analyzers/analyzer.h"
#include "analyzers/logsources.h"
#include "engine/eval.h"
#include "engine/pool.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <stdarg.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define TEST_FILE_MAX (4u << 20)

struct kv {
    char *key, *value;
    size_t line;
};

struct tcase {
    char *name;
    size_t line;
    struct kv *kv;
    size_t n, alloc;
};

static void fail_case(FILE *out, struct ruletest_summary *sum, const char *path, size_t line,
                      const char *name, const char *fmt, ...) PRINTF_LIKE(6, 7);

static void fail_case(FILE *out, struct ruletest_summary *sum, const char *path, size_t line,
                      const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(out, "%s:%zu: case '%s': ", path, line, name);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    sum->failed++;
}

static void case_free(struct tcase *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        free(c->kv[i].key);
        free(c->kv[i].value);
    }
    free(c->kv);
    free(c->name);
    memset(c, 0, sizeof(*c));
}

static const struct kv *find(const struct tcase *c, const char *key)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        if (!strcmp(c->kv[i].key, key))
            return &c->kv[i];
    return NULL;
}

/* Parse the file into cases; problems go to out and count as failures. */
static struct tcase *parse_cases(const char *path, const char *text, size_t len, size_t *n_out,
                                 FILE *out, struct ruletest_summary *sum)
{
    struct tcase *cases = NULL, *cur = NULL;
    struct kv *open_kv = NULL;
    struct line_iter it;
    const char *line, *eq;
    size_t n = 0, alloc = 0, ll;

    line_iter_init(&it, text, len);
    while (line_next(&it, &line, &ll)) {
        if (open_kv && ll >= 2 && line[0] == ' ' && line[1] == ' ') {
            struct buf b = BUF_INIT;
            buf_adds(&b, open_kv->value);
            if (b.len)
                buf_addc(&b, '\n');
            buf_add(&b, line + 2, ll - 2);
            free(open_kv->value);
            open_kv->value = buf_detach(&b, NULL);
            continue;
        }
        if (open_kv && ll == 0)
            continue;
        open_kv = NULL;
        str_trim(&line, &ll);
        if (!ll || line[0] == '#')
            continue;
        if (str_starts(line, ll, "[case:") && line[ll - 1] == ']') {
            XGROW(cases, alloc, n + 1);
            cur = &cases[n++];
            memset(cur, 0, sizeof(*cur));
            {
                const char *nm = line + 6;
                size_t nl = ll - 7;
                str_trim(&nm, &nl);
                cur->name = xstrndup(nm, nl);
            }
            cur->line = it.lineno;
            continue;
        }
        eq = memchr(line, '=', ll);
        if (!cur || !eq) {
            fprintf(out, "%s:%zu: expected '[case: NAME]' or 'key = value'\n", path, it.lineno);
            sum->failed++;
            continue;
        }
        XGROW(cur->kv, cur->alloc, cur->n + 1);
        {
            struct kv *kv = &cur->kv[cur->n++];
            const char *k = line, *v = eq + 1;
            size_t kl = (size_t)(eq - line), vl = ll - kl - 1;
            str_trim(&k, &kl);
            str_trim(&v, &vl);
            kv->key = xstrndup(k, kl);
            kv->value = xstrndup(v, vl);
            kv->line = it.lineno;
            if (!vl)
                open_kv = kv;
        }
    }
    *n_out = n;
    return cases;
}

/* Copy src's keys into dst, recursively for objects. Both owned by the caller. */
static void merge(json_object *dst, json_object *src)
{
    json_object_object_foreach(src, k, v) {
        json_object *d = jget(dst, k);
        if (d && json_object_is_type(d, json_type_object) && v &&
            json_object_is_type(v, json_type_object))
            merge(d, v);
        else
            json_object_object_add(dst, k, json_object_get(v));
    }
}

/* "MEM-012.test": the rule MEM-012 (the host rule when an id has both); "CFG-004.pool.test":
 * the pool rule CFG-004. */
static const struct rule *rule_for(struct ruleset *rs, const char *path)
{
    const char *base = strrchr(path, '/');
    const struct rule *any = NULL;
    enum rule_scope want = SCOPE_HOST;
    size_t i, n;

    base = base ? base + 1 : path;
    n = strcspn(base, ".");
    if (!strncmp(base + n, ".pool.", 6))
        want = SCOPE_POOL;
    for (i = 0; i < rs->n; i++) {
        if (strlen(rs->rules[i]->def.id) != n || strncmp(rs->rules[i]->def.id, base, n))
            continue;
        if (rs->rules[i]->def.scope == want)
            return rs->rules[i];
        if (!any && want == SCOPE_HOST)
            any = rs->rules[i];
    }
    return any;
}

/* A pool rule's case may give pool.hosts (host facts documents) and pool.timelines (each host's
 * timeline records) instead of the joins: the joins are made from them, and any other key the
 * case gives under pool is laid over the result. */
static void pool_case_facts(json_object *facts)
{
    json_object *pool = jget(facts, "pool"), *joined;

    if (!pool || !json_object_is_type(pool, json_type_object) || !jget(pool, "hosts") ||
        jget(pool, "members"))
        return;
    joined = pool_join(jget(pool, "hosts"), jget(pool, "timelines"));
    json_object_object_foreach(pool, k, v) {
        if (strcmp(k, "hosts") && strcmp(k, "timelines"))
            json_object_object_add(joined, k, json_object_get(v));
    }
    json_object_object_add(facts, "pool", joined);
}

/* Facts for a case: artefacts through the analyzers and joins, then inline facts on top. */
static json_object *case_facts(const struct tcase *c, const char *path, FILE *out,
                               struct ruletest_summary *sum, bool *ok)
{
    struct facts f;
    json_object *inl, *root;
    size_t i, j;
    bool any = false;

    facts_init(&f);
    for (i = 0; i < c->n; i++) {
        if (strncmp(c->kv[i].key, "artefact ", 9))
            continue;
        any = true;
        for (j = 0; analyzer_registry[j]; j++)
            if (analyzer_wants(analyzer_registry[j], c->kv[i].key + 9))
                analyzer_run(analyzer_registry[j], &f, c->kv[i].key + 9, c->kv[i].value,
                             strlen(c->kv[i].value));
    }
    if (any)
        facts_join(&f);
    root = json_object_get(f.root);
    facts_release(&f);
    for (i = 0; i < c->n; i++) {
        if (strcmp(c->kv[i].key, "facts"))
            continue;
        inl = json_tokener_parse(c->kv[i].value);
        if (!inl || !json_object_is_type(inl, json_type_object)) {
            fail_case(out, sum, path, c->kv[i].line, c->name, "facts: not a JSON object");
            json_object_put(inl);
            *ok = false;
            continue;
        }
        merge(root, inl);
        json_object_put(inl);
    }
    return root;
}

/* Scan the case's logs with the rule's queries; mark each source present in the facts. */
static void case_logs(const struct tcase *c, const struct rule *r, json_object *facts)
{
    struct logscan_query **qs = xcalloc(r->def.nlogs + 1, sizeof(*qs));
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    json_object *logs = jget(facts, "logs");
    const char *snap = jget_str(jget(facts, "meta"), "snapshot_time");
    time_t t = 0;
    size_t i;
    char p[256];

    for (i = 0; i < r->def.nlogs; i++) {
        logscan_query_release(&r->queries[i]);
        qs[i] = &r->queries[i];
    }
    if (!logs) {
        logs = json_object_new_object();
        json_object_object_add(facts, "logs", logs);
    }
    if (logscan_new(&ls, qs, r->def.nlogs, &err) == 0) {
        if (snap && time_parse_when(snap, 0, &t))
            logscan_set_snapshot(ls, t);
        for (i = 0; i < c->n; i++) {
            const char *src = log_source_canonical(c->kv[i].key + 4);
            if (strncmp(c->kv[i].key, "log ", 4))
                continue;
            if (!src)
                src = c->kv[i].key + 4;
            snprintf(p, sizeof(p), "test/%s.log", src);
            logscan_begin(ls, src, p, t ? t : time_from_utc(2026, 1, 1, 0, 0, 0));
            logscan_feed(ls, c->kv[i].value, strlen(c->kv[i].value));
            logscan_feed(ls, "\n", 1);
            logscan_end(ls);
            if (!jget(logs, src))
                json_object_object_add(logs, src, json_object_new_object());
        }
        logscan_finish(ls, t);
    }
    logscan_free(ls);
    free(qs);
}

static bool message_matches(const char *pattern, const struct rule_result *res, char *why,
                            size_t whylen)
{
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &off,
                                   NULL);
    pcre2_match_data *md;
    bool hit = false;
    size_t i;

    if (!re) {
        snprintf(why, whylen, "message pattern does not compile at offset %zu", (size_t)off);
        return false;
    }
    md = pcre2_match_data_create_from_pattern(re, NULL);
    for (i = 0; i < res->nfindings && !hit; i++)
        hit = pcre2_match(re, (PCRE2_SPTR)res->findings[i].message, PCRE2_ZERO_TERMINATED, 0, 0,
                          md, NULL) >= 0;
    if (!hit && res->reason)
        hit = pcre2_match(re, (PCRE2_SPTR)res->reason, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
    if (!hit)
        snprintf(why, whylen, "no message matches /%s/ (first: %s)", pattern,
                 res->nfindings ? res->findings[0].message : res->reason ? res->reason : "none");
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return hit;
}

static void run_case(struct ruleset *rs, const struct rule *r, const struct tcase *c,
                     const char *path, FILE *out, struct ruletest_summary *sum)
{
    struct ruleset one = { 0 };
    struct rule *only = (struct rule *)r;
    struct eval_run run = { 0 };
    const struct kv *expect = find(c, "expect"), *msg = find(c, "message"), *cnt = find(c, "findings");
    json_object *facts;
    bool ok = true;
    char why[512];
    int64_t want;

    (void)rs;
    sum->cases++;
    if (!expect) {
        fail_case(out, sum, path, c->line, c->name, "no 'expect ='");
        return;
    }
    facts = case_facts(c, path, out, sum, &ok);
    if (!ok) {
        json_object_put(facts);
        return;
    }
    if (r->def.scope == SCOPE_POOL)
        pool_case_facts(facts);
    else
        case_logs(c, r, facts);
    one.rules = &only;
    one.n = 1;
    eval_rules_scope(&one, facts, r->def.scope, &run);
    if (strcmp(expect->value, outcome_name(run.results[0].outcome))) {
        fail_case(out, sum, path, expect->line, c->name, "expected %s, got %s%s%s", expect->value,
                  outcome_name(run.results[0].outcome), run.results[0].reason ? ": " : "",
                  run.results[0].reason ? run.results[0].reason : "");
    } else if (msg && !message_matches(msg->value, &run.results[0], why, sizeof(why))) {
        fail_case(out, sum, path, msg->line, c->name, "%s", why);
    } else if (cnt && (!str_to_i64(cnt->value, strlen(cnt->value), &want) ||
                       want != (int64_t)run.results[0].nfindings)) {
        fail_case(out, sum, path, cnt->line, c->name, "expected %s findings, got %zu", cnt->value,
                  run.results[0].nfindings);
    }
    eval_run_release(&run);
    json_object_put(facts);
}

void ruletest_run_file(struct ruleset *rs, const char *path, FILE *out,
                       struct ruletest_summary *sum)
{
    struct buf text = BUF_INIT;
    struct tcase *cases;
    const struct rule *r;
    char chunk[65536];
    size_t n = 0, i, got;
    FILE *f = fopen(path, "r");

    sum->files++;
    if (!f) {
        fprintf(out, "%s: cannot read: %s\n", path, strerror(errno));
        sum->failed++;
        return;
    }
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0 && text.len < TEST_FILE_MAX)
        buf_add(&text, chunk, got);
    fclose(f);
    r = rule_for(rs, path);
    if (!r) {
        fprintf(out, "%s: no rule with the id of this file\n", path);
        sum->failed++;
        buf_release(&text);
        return;
    }
    cases = parse_cases(path, text.data, text.len, &n, out, sum);
    if (!n) {
        fprintf(out, "%s: no cases\n", path);
        sum->failed++;
    }
    for (i = 0; i < n; i++) {
        run_case(rs, r, &cases[i], path, out, sum);
        case_free(&cases[i]);
    }
    free(cases);
    buf_release(&text);
}
