/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "engine/template.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Split tmpl and compare with want: "L:text" / "E:text" per part, NULL-terminated. */
static void expect_parts(const char *tmpl, const char *const *want)
{
    struct err err = ERR_INIT;
    struct tmpl_part *parts = NULL;
    size_t n = 99, i, nwant = 0;

    while (want[nwant])
        nwant++;
    assert_int_equal(template_split(tmpl, &parts, &n, &err), 0);
    assert_int_equal(err.code, 0);
    assert_int_equal(n, nwant);
    for (i = 0; i < n; i++) {
        assert_int_equal(parts[i].is_expr, want[i][0] == 'E');
        assert_string_equal(parts[i].text, want[i] + 2);
    }
    template_parts_free(parts, n);
}

#define PARTS(tmpl, ...) expect_parts(tmpl, (const char *const[]){ __VA_ARGS__, NULL })

static void expect_error(const char *tmpl, const char *msg)
{
    struct err err = ERR_INIT;
    struct tmpl_part *parts = (struct tmpl_part *)&err;
    size_t n = 99;

    assert_int_equal(template_split(tmpl, &parts, &n, &err), E_PARSE);
    assert_string_equal(err.msg, msg);
    /* out-params untouched on failure */
    assert_ptr_equal(parts, (struct tmpl_part *)&err);
    assert_int_equal(n, 99);
}

static void test_template_plain(void **state)
{
    struct err err = ERR_INIT;
    struct tmpl_part *parts = NULL;
    size_t n = 99;

    (void)state;
    PARTS("no braces at all", "L:no braces at all");
    PARTS("Dom0 has {.dom0.mem_mb} MB; a {.host.xen.total_mb} MB host",
          "L:Dom0 has ", "E:.dom0.mem_mb", "L: MB; a ", "E:.host.xen.total_mb", "L: MB host");
    PARTS("{.a}", "E:.a");
    PARTS("{ .a }{.b}", "E:.a", "E:.b");
    PARTS("{(.host.xen.total_mb*0.0205+502)|floor} MB",
          "E:(.host.xen.total_mb*0.0205+502)|floor", "L: MB");
    assert_int_equal(template_split("", &parts, &n, &err), 0);
    assert_int_equal(n, 0);
    template_parts_free(parts, n);
    template_parts_free(NULL, 0);
}

static void test_template_literal_braces(void **state)
{
    (void)state;
    PARTS("a {{ b", "L:a { b");
    PARTS("{{x}}", "L:{x}");
    PARTS("a } b", "L:a } b");
    PARTS("{{{.a}}}", "L:{", "E:.a", "L:}");
    PARTS("set {{dom0_mem}} to {.m}M", "L:set {dom0_mem} to ", "E:.m", "L:M");
}

static void test_template_nesting(void **state)
{
    (void)state;
    PARTS("x {.a | {b: 1}} y", "L:x ", "E:.a | {b: 1}", "L: y");
    PARTS("{ {a: {b: {c: .d}}} | .a.b.c}", "E:{a: {b: {c: .d}}} | .a.b.c");
    /* "{{" is always the literal brace: an object at the start needs a blank first */
    PARTS("{{a: 1}}", "L:{a: 1}");
    /* braces and escaped quotes inside jq strings */
    PARTS("{.a + \"}\"}!", "E:.a + \"}\"", "L:!");
    PARTS("{\"{\" + .a}", "E:\"{\" + .a");
    PARTS("{\"a\\\"}\" + .b}", "E:\"a\\\"}\" + .b");
    /* string interpolation with a brace-bearing expression and a nested string */
    PARTS("{\"v=\\({x: \"}\"} | .x)\"} end", "E:\"v=\\({x: \"}\"} | .x)\"", "L: end");
    /* a ')' or '}' that does not close anything in a paren context */
    PARTS("{(.a)}", "E:(.a)");
}

static void test_template_errors(void **state)
{
    (void)state;
    expect_error("a {.x", "unterminated '{' at column 3");
    expect_error("{", "unterminated '{' at column 1");
    expect_error("ok {.a} then {.b | {c: 1}", "unterminated '{' at column 14");
    expect_error("{\"}\"", "unterminated '{' at column 1");
    expect_error("{.a + \"x}", "unterminated '{' at column 1");
    expect_error("{\"\\(.a}\"}", "unterminated '{' at column 1");
    expect_error("a {} b", "empty expression '{}' at column 3");
    expect_error("{  }", "empty expression '{}' at column 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_plain),
        cmocka_unit_test(test_template_literal_braces),
        cmocka_unit_test(test_template_nesting),
        cmocka_unit_test(test_template_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
