/* SPDX-License-Identifier: MIT */
/* The libjq wrapper: compile errors with file:line, truthiness, multiple outputs, run-time
 * errors as text, values as text and JSON; no jq message reaches stderr. */
#include "tests/unit/helpers.h"
#include "engine/expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct jval *facts_value(void)
{
    json_object *o = json_tokener_parse(
        "{\"dom0\": {\"mem_mb\": 2796}, \"host\": {\"xen\": {\"total_mb\": 130946}},"
        " \"vms\": [{\"simple_name\": \"sv100\"}, {\"simple_name\": \"sv107\"}]}");
    struct jval *v = jval_from_json(o);

    json_object_put(o);
    return v;
}

static void test_expr_when_true_and_false(void **state)
{
    struct jval *in = facts_value(), **out = NULL;
    struct expr *e = NULL;
    struct err err = ERR_INIT;
    size_t n;

    (void)state;
    assert_int_equal(expr_compile(&e, ".dom0.mem_mb < (.host.xen.total_mb * 0.0205 + 502)",
                                  "MEM-012.rule", 12, &err), 0);
    assert_int_equal(expr_run(e, in, &out, &n, 10, &err), 0);
    assert_int_equal(n, 1);
    assert_true(jval_truthy(out[0]));
    jvals_free(out, n);
    expr_free(e);

    assert_int_equal(expr_compile(&e, ".nothing.here", "x.rule", 1, &err), 0);
    assert_int_equal(expr_run(e, in, &out, &n, 10, &err), 0);
    assert_false(jval_truthy(out[0]));
    assert_true(jval_is_null(out[0]));
    jvals_free(out, n);
    expr_free(e);
    jval_free(in);
}

static void test_expr_foreach_and_text(void **state)
{
    struct jval *in = facts_value(), **out = NULL;
    struct expr *e = NULL, *t = NULL;
    struct err err = ERR_INIT;
    size_t n, m;
    char *s;

    (void)state;
    assert_int_equal(expr_compile(&e, ".vms[]", "f.rule", 3, &err), 0);
    assert_int_equal(expr_run(e, in, &out, &n, 10, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(expr_compile(&t, ".simple_name", "f.rule", 9, &err), 0);
    {
        struct jval **names;
        assert_int_equal(expr_run(t, out[1], &names, &m, 10, &err), 0);
        s = jval_text(names[0]);
        assert_string_equal(s, "sv107");
        free(s);
        jvals_free(names, m);
    }
    s = jval_text(out[0]);
    assert_string_equal(s, "{\"simple_name\":\"sv100\"}");
    free(s);
    jvals_free(out, n);
    /* a runaway foreach is stopped */
    assert_int_equal(expr_run(e, in, &out, &n, 1, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "more than 1 results"));
    expr_free(e);
    expr_free(t);
    jval_free(in);
}

static void test_expr_errors(void **state)
{
    struct jval *in = facts_value(), **out = NULL;
    struct expr *e = NULL;
    struct err err = ERR_INIT;
    size_t n;

    (void)state;
    assert_int_equal(expr_compile(&e, ".dom0.mem_mb <", "rules/memory/MEM-012.rule", 14, &err),
                     E_PARSE);
    assert_null(e);
    assert_memory_equal(err.msg, "rules/memory/MEM-012.rule:14: jq: error: syntax error", 53);
    assert_null(strchr(err.msg, '\n'));

    err_init(&err);
    assert_int_equal(expr_compile(&e, ".vms | keys_unknown_fn", "r.rule", 2, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "keys_unknown_fn"));

    err_init(&err);
    assert_int_equal(expr_compile(&e, ".dom0 - 1", "r.rule", 2, &err), 0);
    assert_int_equal(expr_run(e, in, &out, &n, 10, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "cannot be subtracted"));
    expr_free(e);
    jval_free(in);
}

static void test_expr_with_log_results(void **state)
{
    struct jval *in = facts_value(), *aug, **out = NULL;
    json_object *log = json_tokener_parse("{\"hotplug\": {\"count\": 3}}");
    struct expr *e = NULL;
    struct err err = ERR_INIT;
    size_t n;
    char *s;

    (void)state;
    aug = jval_with(in, "log", log);
    assert_int_equal(expr_compile(&e, ".log.hotplug.count >= 2 and .dom0.mem_mb == 2796", "r", 1,
                                  &err), 0);
    assert_int_equal(expr_run(e, aug, &out, &n, 10, &err), 0);
    assert_true(jval_truthy(out[0]));
    jvals_free(out, n);
    expr_free(e);
    /* the original value is untouched */
    assert_int_equal(expr_compile(&e, ".log", "r", 1, &err), 0);
    assert_int_equal(expr_run(e, in, &out, &n, 10, &err), 0);
    s = jval_text(out[0]);
    assert_string_equal(s, "null");
    free(s);
    jvals_free(out, n);
    expr_free(e);
    json_object_put(log);
    jval_free(aug);
    jval_free(in);
}

/* A pool: 120 expressions in several programs, each answering for itself; a broken one and an
 * unbalanced one named by file:line while their neighbours still run; strings, comments and
 * interpolations with brackets in them do not confuse the branch they sit in. */
static void test_expr_pool(void **state)
{
    struct expr_pool *p = expr_pool_new();
    struct expr *e[120], *broken = NULL, *unbalanced = NULL, *tricky, *comment;
    struct jval *in = facts_value(), **out;
    struct err err = ERR_INIT;
    char prog[64];
    size_t i, n;

    (void)state;
    for (i = 0; i < 120; i++) {
        snprintf(prog, sizeof(prog), ".dom0.mem_mb + %zu", i);
        e[i] = expr_pool_add(p, prog, "pool.rule", i + 1);
        if (i == 50)
            broken = expr_pool_add(p, ".dom0.mem_mb | no_such_function", "bad.rule", 7);
        if (i == 70)
            unbalanced = expr_pool_add(p, ".a) | (.b", "worse.rule", 9);
    }
    tricky = expr_pool_add(p, "\"a)]}\\(.dom0.mem_mb | tostring)(\" + (\"[\" | ascii_downcase)", "t.rule", 1);
    comment = expr_pool_add(p, ".dom0.mem_mb # ) end ; this is a comment", "c.rule", 2);
    expr_pool_compile(p);
    for (i = 0; i < 120; i++) {
        assert_null(expr_error(e[i]));
        assert_int_equal(expr_run(e[i], in, &out, &n, 10, &err), 0);
        assert_int_equal(n, 1);
        snprintf(prog, sizeof(prog), "%zu", 2796 + i);
        char *t = jval_text(out[0]);
        assert_string_equal(t, prog);
        free(t);
        jvals_free(out, n);
    }
    assert_non_null(expr_error(broken));
    assert_non_null(strstr(expr_error(broken), "bad.rule:7: "));
    assert_non_null(strstr(expr_error(unbalanced), "worse.rule:9: "));
    assert_int_equal(expr_run(broken, in, &out, &n, 10, &err), E_INTERNAL);
    assert_int_equal(expr_run(tricky, in, &out, &n, 10, &err), 0);
    char *t = jval_text(out[0]);
    assert_string_equal(t, "a)]}2796([");
    free(t);
    jvals_free(out, n);
    assert_int_equal(expr_run(comment, in, &out, &n, 10, &err), 0);
    assert_int_equal(n, 1);
    jvals_free(out, n);
    expr_free(e[0]);    /* pooled: a no-op, the pool owns it */
    expr_pool_free(p);
    jval_free(in);
}

/* Plain paths run without jq and repeated texts share one program; both must answer exactly as
 * jq does, errors included, and a repeated broken expression names its own line. */
static void test_expr_pool_shortcuts(void **state)
{
    static const char *const inputs[] = {
        "{\"a\": {\"b\": 7, \"n\": null}, \"s\": \"x\"}", "null", "{\"a\": [1, 2]}",
        "{\"a\": \"text\"}", "{}", "{\"a\": {\"b\": {\"c\": false}}}",
    };
    static const char *const texts[] = {
        ".a.b", " .a.n\n", ".a.b.c", ".s", ".a_1.B2", ".a | length", ".a.b",
    };
    enum { NT = ARRAY_SIZE(texts) };
    struct expr_pool *p = expr_pool_new();
    struct expr *pooled[NT], *alone, *bad1, *bad2;
    struct err err = ERR_INIT, err2 = ERR_INIT;
    size_t i, k, n1, n2;

    (void)state;
    for (i = 0; i < NT; i++)
        pooled[i] = expr_pool_add(p, texts[i], "t.rule", 10 + i);
    bad1 = expr_pool_add(p, ".a | nosuchfunction", "t.rule", 40);
    bad2 = expr_pool_add(p, ".a | nosuchfunction", "u.rule", 50);
    expr_pool_compile(p);
    for (k = 0; k < ARRAY_SIZE(inputs); k++) {
        json_object *o = json_tokener_parse(inputs[k]);
        struct jval *in = jval_from_json(o);
        json_object_put(o);
        for (i = 0; i < NT; i++) {
            struct jval **o1 = NULL, **o2 = NULL;
            int r1, r2;
            assert_null(expr_error(pooled[i]));
            assert_int_equal(expr_compile(&alone, texts[i], "t.rule", 1, &err), 0);
            err_init(&err);
            err_init(&err2);
            r1 = expr_run(pooled[i], in, &o1, &n1, 10, &err);
            r2 = expr_run(alone, in, &o2, &n2, 10, &err2);
            if (r1 != r2 || (r1 && strcmp(err.msg, err2.msg)))
                fail_msg("'%s' on %s: %d '%s', jq: %d '%s'", texts[i], inputs[k], r1, err.msg,
                         r2, err2.msg);
            if (!r1) {
                char *t1, *t2;
                assert_int_equal(n1, n2);
                t1 = jval_text(o1[0]);
                t2 = jval_text(o2[0]);
                if (strcmp(t1, t2))
                    fail_msg("'%s' on %s: %s, jq: %s", texts[i], inputs[k], t1, t2);
                free(t1);
                free(t2);
                jvals_free(o1, n1);
                jvals_free(o2, n2);
            }
            expr_free(alone);
        }
        jval_free(in);
    }
    assert_non_null(expr_error(bad1));
    assert_non_null(strstr(expr_error(bad1), "t.rule:40: "));
    assert_non_null(expr_error(bad2));
    assert_non_null(strstr(expr_error(bad2), "u.rule:50: "));
    assert_non_null(strstr(expr_error(bad2), "nosuchfunction"));
    expr_pool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr_when_true_and_false),
        cmocka_unit_test(test_expr_foreach_and_text),
        cmocka_unit_test(test_expr_errors),
        cmocka_unit_test(test_expr_with_log_results),
        cmocka_unit_test(test_expr_pool),
        cmocka_unit_test(test_expr_pool_shortcuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
