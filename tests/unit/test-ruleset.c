/* SPDX-License-Identifier: MIT */
/* Rule loading in two steps: the jq programs compiled on a thread of their own while a bundle is
 * read give the same results, problems and file:line messages as compiling them first; a run
 * that fails before any rule joins and frees the thread (make sanitize checks the leaks). */
#include "tests/unit/helpers.h"
#include "collector/bundle.h"
#include "engine/eval.h"
#include "engine/ruleset.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MTIME 1795169700    /* 2026-11-20 10:15:00 */

static const char rule_log[] =
    "[rule]\n"
    "id       = TST-001\n"
    "title    = OOM kills with facts\n"
    "severity = warning\n"
    "\n"
    "[log oom]\n"
    "source  = messages\n"
    "pattern = Out of memory: Kill process (?<pid>\\d+)\n"
    "\n"
    "[when]\n"
    ".log.oom.count >= 1 and .logs.messages.lines > 0\n"
    "\n"
    "[message]\n"
    "fail = {.log.oom.count} OOM kills, first pid {.log.oom.matches[0].fields.pid}\n";

static const char rule_foreach[] =
    "[rule]\n"
    "id       = TST-002\n"
    "title    = every OOM kill\n"
    "severity = info\n"
    "\n"
    "[log oom]\n"
    "source  = messages\n"
    "pattern = Out of memory: Kill process (?<pid>\\d+)\n"
    "\n"
    "[foreach]\n"
    ".log.oom.matches[]\n"
    "\n"
    "[message]\n"
    "fail    = pid {.fields.pid} at line {.line}\n"
    "subject = {.fields.pid}\n";

/* line 7: a function jq does not have */
static const char rule_broken[] =
    "[rule]\n"
    "id       = TST-003\n"
    "title    = broken on purpose\n"
    "severity = critical\n"
    "\n"
    "[when]\n"
    ".logs | no_such_function(1)\n"
    "\n"
    "[message]\n"
    "fail = never\n";

static const char rule_pass[] =
    "[rule]\n"
    "id       = TST-004\n"
    "title    = passes with a message\n"
    "severity = info\n"
    "\n"
    "[when]\n"
    ".logs.messages.lines > 1000000\n"
    "\n"
    "[message]\n"
    "fail = too many\n"
    "pass = {.logs.messages.lines} lines\n";

/* line 10: the second {} of the message does not compile */
static const char rule_bad_message[] =
    "[rule]\n"
    "id       = TST-005\n"
    "title    = broken message\n"
    "severity = warning\n"
    "\n"
    "[when]\n"
    "true\n"
    "\n"
    "[message]\n"
    "fail = {.logs | keys | length} and {.logs | ]}\n";

/* a pool rule whose jq does not compile: a host's run neither compiles nor reports it */
static const char rule_pool_broken[] =
    "[rule]\n"
    "id       = TST-006\n"
    "title    = broken pool rule\n"
    "severity = warning\n"
    "scope    = pool\n"
    "\n"
    "[when]\n"
    ".pool | no_such_pool_function\n"
    "\n"
    "[message]\n"
    "fail = {.pool.members | length} members\n";

static const char messages_log[] =
    "Nov 20 10:00:01 sv095 kernel: Out of memory: Kill process 4711 (python) score 900\n"
    "Nov 20 10:00:02 sv095 kernel: nothing to see\n"
    "Nov 20 10:05:00 sv095 kernel: Out of memory: Kill process 815 (qemu-dm) score 901\n";

/* A small bundle in memory, as `ovmdiag check` collects one. */
static void make_bundle(struct buf *mem)
{
    struct bundle *b = NULL;
    struct err err = ERR_INIT;
    char sha[65];

    assert_int_equal(bundle_open_mem(&b, mem, "ovmdiag-sv095-1", &err), 0);
    assert_int_equal(bundle_add(b, "root/var/log/messages", messages_log, strlen(messages_log),
                                MTIME, sha, &err), 0);
    assert_int_equal(bundle_add(b, "manifest.json", "{}\n", 3, MTIME, sha, &err), 0);
    assert_int_equal(bundle_close(b, sha, &err), 0);
    bundle_free(b);
}

/* The built-in rules and the ones above, loaded but not compiled. */
static void load(struct ruleset *rs)
{
    ruleset_init(rs);
    ruleset_load_builtin(rs);
    ruleset_add_text(rs, "t/TST-001-log.rule", rule_log, strlen(rule_log), "t");
    ruleset_add_text(rs, "t/TST-002-foreach.rule", rule_foreach, strlen(rule_foreach), "t");
    ruleset_add_text(rs, "t/TST-003-broken.rule", rule_broken, strlen(rule_broken), "t");
    ruleset_add_text(rs, "t/TST-004-pass.rule", rule_pass, strlen(rule_pass), "t");
    ruleset_add_text(rs, "t/TST-005-bad-message.rule", rule_bad_message,
                     strlen(rule_bad_message), "t");
}

static const struct rule_result *result_of(const struct eval_run *run, const char *id)
{
    size_t i;

    for (i = 0; i < run->n; i++)
        if (!strcmp(run->results[i].rule->def.id, id))
            return &run->results[i];
    fail_msg("no result for %s", id);
    return NULL;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_runs(const struct eval_run *a, const struct eval_run *b)
{
    size_t i, j;

    assert_int_equal(a->n, b->n);
    for (i = 0; i < a->n; i++) {
        const struct rule_result *x = &a->results[i], *y = &b->results[i];
        assert_string_equal(x->rule->def.id, y->rule->def.id);
        assert_int_equal(x->outcome, y->outcome);
        same_str(x->reason, y->reason);
        assert_int_equal(x->nfindings, y->nfindings);
        for (j = 0; j < x->nfindings; j++) {
            same_str(x->findings[j].message, y->findings[j].message);
            same_str(x->findings[j].subject, y->findings[j].subject);
            assert_string_equal(json_object_to_json_string(x->findings[j].evidence),
                                json_object_to_json_string(y->findings[j].evidence));
        }
    }
    assert_string_equal(json_object_to_json_string(a->timeline),
                        json_object_to_json_string(b->timeline));
}

static void same_problems(const struct ruleset *a, const struct ruleset *b)
{
    size_t i;

    assert_int_equal(a->probs.n, b->probs.n);
    for (i = 0; i < a->probs.n; i++)
        assert_string_equal(a->probs.msgs[i], b->probs.msgs[i]);
}

static void analyze(struct ruleset *rs, const struct buf *mem, struct eval_run *run)
{
    struct facts f;
    struct err err = ERR_INIT;

    facts_init(&f);
    assert_int_equal(eval_bundle_mem(rs, mem->data, mem->len, "memory bundle", &f, run, &err), 0);
    facts_release(&f);
}

/* Inline (ruleset_finish) against the compile thread overlapping the read of the bundle. */
static void test_thread_same_as_inline(void **state)
{
    struct ruleset inline_rs, bg;
    struct eval_run a = { 0 }, b = { 0 };
    struct buf mem = BUF_INIT;
    const struct rule_result *r;

    (void)state;
    make_bundle(&mem);
    load(&inline_rs);
    ruleset_finish(&inline_rs);
    analyze(&inline_rs, &mem, &a);

    load(&bg);
    ruleset_prepare(&bg);
    ruleset_compile(&bg, true);
    analyze(&bg, &mem, &b);    /* waits for the thread before its first rule */
    assert_null(bg.pending);
    assert_null(bg.bg);
    same_runs(&a, &b);
    same_problems(&inline_rs, &bg);

    /* and the results are the expected ones, not just equal */
    r = result_of(&b, "TST-001");
    assert_int_equal(r->outcome, OUTCOME_FAIL);
    assert_string_equal(r->findings[0].message, "2 OOM kills, first pid 4711");
    r = result_of(&b, "TST-002");
    assert_int_equal(r->nfindings, 2);
    assert_string_equal(r->findings[1].message, "pid 815 at line 3");
    assert_string_equal(r->findings[1].subject, "815");
    r = result_of(&b, "TST-004");
    assert_int_equal(r->outcome, OUTCOME_PASS);
    assert_string_equal(r->reason, "3 lines");

    eval_run_release(&a);
    eval_run_release(&b);
    ruleset_release(&inline_rs);
    ruleset_release(&bg);
    buf_release(&mem);
}

/* A broken expression: file:line of the expression in rs->probs and as the rule's error, only
 * that rule in error, the same text and order as compiled inline. */
static void test_broken_expression(void **state)
{
    struct ruleset inline_rs, bg;
    struct eval_run run = { 0 };
    struct buf mem = BUF_INIT;
    const struct rule_result *r;
    size_t i, jq = 0;

    (void)state;
    make_bundle(&mem);
    load(&inline_rs);
    ruleset_finish(&inline_rs);

    load(&bg);
    ruleset_prepare(&bg);
    ruleset_compile(&bg, true);
    ruleset_wait(&bg);
    ruleset_wait(&bg);          /* idempotent: no problem twice */
    same_problems(&inline_rs, &bg);
    for (i = 0; i < bg.probs.n; i++) {
        if (strstr(bg.probs.msgs[i], ": jq: "))
            jq++;
    }
    assert_int_equal(jq, 2);
    for (i = 0; i < bg.probs.n && !strstr(bg.probs.msgs[i], "TST-003"); i++)
        ;
    assert_true(i < bg.probs.n);
    assert_memory_equal(bg.probs.msgs[i], "t/TST-003-broken.rule:7: jq: error", 34);
    assert_non_null(strstr(bg.probs.msgs[i], "no_such_function/1"));
    assert_non_null(strstr(bg.probs.msgs[i + 1], "t/TST-005-bad-message.rule:10: jq: error"));

    analyze(&bg, &mem, &run);
    r = result_of(&run, "TST-003");
    assert_int_equal(r->outcome, OUTCOME_ERROR);
    assert_string_equal(r->reason, bg.probs.msgs[i]);
    r = result_of(&run, "TST-005");
    assert_int_equal(r->outcome, OUTCOME_ERROR);
    assert_string_equal(r->reason, bg.probs.msgs[i + 1]);
    r = result_of(&run, "TST-001");
    assert_int_equal(r->outcome, OUTCOME_FAIL);
    eval_run_release(&run);
    ruleset_release(&inline_rs);
    ruleset_release(&bg);
    buf_release(&mem);
}

/* A run that fails before any rule: the thread is joined and everything freed, whether the
 * caller waits for it or just releases the rule set (which stops the compile early). */
static void test_failure_before_evaluation(void **state)
{
    struct ruleset rs;
    struct facts f;
    struct eval_run run = { 0 };
    struct err err = ERR_INIT;

    (void)state;
    load(&rs);
    ruleset_prepare(&rs);
    ruleset_compile(&rs, true);
    facts_init(&f);
    assert_int_not_equal(eval_bundle(&rs, "/nonexistent/ovmdiag-x.tar.gz", &f, &run, &err), 0);
    facts_release(&f);
    eval_run_release(&run);
    assert_non_null(rs.bg);     /* nothing ran a rule: still compiling, or done but not joined */
    ruleset_release(&rs);
    assert_null(rs.bg);
    assert_null(rs.pending);

    /* released right after the start */
    load(&rs);
    ruleset_prepare(&rs);
    ruleset_compile(&rs, true);
    ruleset_release(&rs);

    /* prepared, never compiled: waiting compiles inline */
    load(&rs);
    ruleset_prepare(&rs);
    ruleset_wait(&rs);
    assert_null(rs.bg);
    assert_true(rs.probs.n >= 2);
    ruleset_release(&rs);

    /* garbage for a bundle in memory, after the compile finished */
    load(&rs);
    ruleset_prepare(&rs);
    ruleset_compile(&rs, true);
    facts_init(&f);
    err_init(&err);
    assert_int_not_equal(eval_bundle_mem(&rs, "garbage!", 8, "memory bundle", &f, &run, &err), 0);
    facts_release(&f);
    eval_run_release(&run);
    ruleset_wait(&rs);
    ruleset_release(&rs);
}

static size_t jq_problems(const struct ruleset *rs, const char *what)
{
    size_t i, n = 0;

    for (i = 0; i < rs->probs.n; i++)
        if (strstr(rs->probs.msgs[i], ": jq: ") && strstr(rs->probs.msgs[i], what))
            n++;
    return n;
}

/* ruleset_only_scope(SCOPE_HOST): the pool rules' jq is not compiled (their problem is not
 * reported), the host rules run as in a full compile. */
static void test_host_scope_only(void **state)
{
    struct ruleset all, host;
    struct eval_run a = { 0 }, b = { 0 };
    struct buf mem = BUF_INIT;

    (void)state;
    make_bundle(&mem);
    load(&all);
    ruleset_add_text(&all, "t/TST-006-pool.rule", rule_pool_broken, strlen(rule_pool_broken), "t");
    ruleset_finish(&all);
    assert_true(ruleset_compiles_scope(&all, SCOPE_POOL));
    assert_int_equal(jq_problems(&all, "TST-006"), 1);
    assert_int_equal(jq_problems(&all, "TST-00"), 3);
    analyze(&all, &mem, &a);

    load(&host);
    ruleset_add_text(&host, "t/TST-006-pool.rule", rule_pool_broken, strlen(rule_pool_broken),
                     "t");
    ruleset_only_scope(&host, SCOPE_HOST);
    ruleset_prepare(&host);
    ruleset_compile(&host, true);
    analyze(&host, &mem, &b);
    assert_true(ruleset_compiles_scope(&host, SCOPE_HOST));
    assert_false(ruleset_compiles_scope(&host, SCOPE_POOL));
    assert_int_equal(jq_problems(&host, "TST-006"), 0);
    assert_int_equal(jq_problems(&host, "TST-00"), 2);
    same_runs(&a, &b);
    assert_int_equal(result_of(&b, "TST-001")->outcome, OUTCOME_FAIL);

    eval_run_release(&a);
    eval_run_release(&b);
    ruleset_release(&all);
    ruleset_release(&host);
    buf_release(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread_same_as_inline),
        cmocka_unit_test(test_broken_expression),
        cmocka_unit_test(test_failure_before_evaluation),
        cmocka_unit_test(test_host_scope_only),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
