/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/facts.h"
#include "analyzers/xenstate.h"

#include <string.h>

#define S(x) x, strlen(x)

static void test_xenstate_xm(void **state)
{
    struct domstate st;

    (void)state;
    assert_true(domstate_xm(S("r-----"), &st));
    assert_true(st.running && !st.blocked && !st.crashed && !st.reason);
    assert_true(domstate_xm(S("-b----"), &st));
    assert_true(st.blocked && !st.running);
    assert_true(domstate_xm(S("---sc-"), &st));
    assert_true(st.shutdown && st.crashed && !st.dying);
    assert_true(domstate_xm(S("-----d"), &st));
    assert_true(st.dying);
    assert_true(domstate_xm(S("------"), &st));
    assert_false(st.running || st.blocked || st.paused || st.shutdown || st.crashed || st.dying);
    assert_null(domstate_reason_name(&st));
    /* wrong letter for the position, wrong length */
    assert_false(domstate_xm(S("b-----"), &st));
    assert_false(st.blocked);
    assert_false(domstate_xm(S("-----"), &st));
    assert_false(domstate_xm(S("-b-----"), &st));
    assert_false(domstate_xm(S(""), &st));
}

static void test_xenstate_xl(void **state)
{
    struct domstate st;

    (void)state;
    assert_true(domstate_xl(S("r-----"), &st));
    assert_true(st.running);
    assert_null(domstate_reason_name(&st));
    assert_true(domstate_xl(S("---sc-"), &st));
    assert_true(st.shutdown && st.crashed);
    assert_string_equal(domstate_reason_name(&st), "crash");
    assert_true(domstate_xl(S("---s--"), &st));
    assert_false(st.crashed);
    assert_string_equal(domstate_reason_name(&st), "poweroff");
    assert_true(domstate_xl(S("---sr-"), &st));
    assert_string_equal(domstate_reason_name(&st), "reboot");
    assert_true(domstate_xl(S("--psw-"), &st));
    assert_true(st.paused);
    assert_string_equal(domstate_reason_name(&st), "watchdog");
    assert_true(domstate_xl(S("---ss-"), &st));
    assert_string_equal(domstate_reason_name(&st), "suspend");
    /* 'd' is not a reason letter; 'c' in position 5 under xm is the crashed flag */
    assert_false(domstate_xl(S("---sd-"), &st));
    assert_false(domstate_xl(S("---s-x"), &st));
}

static void test_xenstate_xentop(void **state)
{
    struct domstate st;

    (void)state;
    assert_true(domstate_xentop(S("-----r"), &st));
    assert_true(st.running && !st.dying);
    assert_true(domstate_xentop(S("--b---"), &st));
    assert_true(st.blocked);
    assert_true(domstate_xentop(S("ds-c--"), &st));
    assert_true(st.dying && st.shutdown && st.crashed);
    assert_true(domstate_xentop(S("----p-"), &st));
    assert_true(st.paused);
    /* xm order is not xentop order */
    assert_false(domstate_xentop(S("r-----"), &st));
}

static void test_xenstate_flags_json(void **state)
{
    struct domstate st;
    json_object *o = json_object_new_object();

    (void)state;
    assert_true(domstate_xm(S("-b--c-"), &st));
    domstate_add_flags(o, &st);
    assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
                        "{\"flags\":{\"running\":false,\"blocked\":true,\"paused\":false,"
                        "\"shutdown\":false,\"crashed\":true,\"dying\":false}}");
    json_object_put(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xenstate_xm),
        cmocka_unit_test(test_xenstate_xl),
        cmocka_unit_test(test_xenstate_xentop),
        cmocka_unit_test(test_xenstate_flags_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
