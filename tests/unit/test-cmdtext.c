/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/cmdtext.h"

#include <string.h>

#define S(x) x, strlen(x)

static void test_cmdtext_noise(void **state)
{
    (void)state;
    assert_true(cmdtext_is_noise(S("")));
    assert_true(cmdtext_is_noise(S(" \t\r")));
    assert_true(cmdtext_is_noise(S("[root@sv091 ~]# xm list")));
    assert_true(cmdtext_is_noise(S("[root@sv091 VirtualMachines]#")));
    assert_true(cmdtext_is_noise(S("[oracle@sv091 ~]$ xentop -b")));
    assert_true(cmdtext_is_noise(S("root@xenlab:~# xl list")));
    assert_true(cmdtext_is_noise(S("```")));
    assert_true(cmdtext_is_noise(S("  ```sh")));
    assert_true(cmdtext_is_noise(S("[ovmdiag: 523360 bytes omitted here; head and tail kept]")));
    assert_false(cmdtext_is_noise(S("Domain-0   0  2796    16     r----- 3867699.3")));
    assert_false(cmdtext_is_noise(S("host                   : sv095")));
    assert_false(cmdtext_is_noise(S("[2026-11-26 07:46:59] (XEN) Xen version 4.17.7")));
    assert_false(cmdtext_is_noise(S("# comment")));
    assert_false(cmdtext_is_noise(S("[root")));
}

static void test_cmdtext_rsplit(void **state)
{
    const char *fld[5], *rest;
    size_t flen[5], rlen;
    const char *row = "my long  name\t12  1024 1  -b---- 12.5 \r";

    (void)state;
    assert_true(cmdtext_rsplit(row, strlen(row), 5, fld, flen, &rest, &rlen));
    assert_int_equal(rlen, 13);
    assert_memory_equal(rest, "my long  name", 13);
    assert_int_equal(flen[0], 2);
    assert_memory_equal(fld[0], "12", 2);
    assert_memory_equal(fld[3], "-b----", 6);
    assert_int_equal(flen[4], 4);
    assert_memory_equal(fld[4], "12.5", 4);
    /* exactly n fields: empty rest */
    assert_true(cmdtext_rsplit(S("1 2 3"), 3, fld, flen, &rest, &rlen));
    assert_int_equal(rlen, 0);
    assert_false(cmdtext_rsplit(S("1 2"), 3, fld, flen, &rest, &rlen));
    assert_false(cmdtext_rsplit(S("   "), 1, fld, flen, &rest, &rlen));
}

static void test_cmdtext_numbers(void **state)
{
    int64_t v;

    (void)state;
    assert_true(cmdtext_floor(S("2551256.8"), &v));
    assert_int_equal(v, 2551256);
    assert_true(cmdtext_round(S("101.9"), &v));
    assert_int_equal(v, 102);
    assert_true(cmdtext_round(S("0.4"), &v));
    assert_int_equal(v, 0);
    assert_true(cmdtext_round(S("2596.131"), &v));
    assert_int_equal(v, 2596);
    assert_true(cmdtext_floor(S("20529029005"), &v));
    assert_int_equal(v, 20529029005LL);
    assert_true(cmdtext_uint(S("9223372036854775807"), &v));
    assert_int_equal(v, INT64_MAX);
    assert_false(cmdtext_uint(S("9223372036854775808"), &v));
    assert_false(cmdtext_floor(S("99999999999999999999.5"), &v));
    assert_false(cmdtext_uint(S("-1"), &v));
    assert_false(cmdtext_uint(S("+1"), &v));
    assert_false(cmdtext_floor(S("-1.5"), &v));
    assert_false(cmdtext_round(S(".5"), &v));
    assert_false(cmdtext_round(S("n/a"), &v));
    assert_false(cmdtext_uint(S(""), &v));
    assert_false(cmdtext_floor(S("1.2.3"), &v));
    assert_false(cmdtext_uint(S("12k"), &v));
}

static void test_cmdtext_quote(void **state)
{
    char q[CMDTEXT_QUOTE_MAX];
    char long_text[100];

    (void)state;
    assert_string_equal(cmdtext_quote(S("plain text"), q), "plain text");
    assert_string_equal(cmdtext_quote(S("a\tb\xff\x01"), q), "a?b??");
    memset(long_text, 'x', sizeof(long_text));
    cmdtext_quote(long_text, sizeof(long_text), q);
    assert_int_equal(strlen(q), 63);
    assert_string_equal(q + 60, "...");
    cmdtext_quote(long_text, 63, q);
    assert_int_equal(strlen(q), 63);
    assert_int_equal(q[62], 'x');
}

static void test_cmdtext_json(void **state)
{
    struct err err = ERR_INIT;
    json_object *o = NULL;
    char deep[200];

    (void)state;
    assert_int_equal(cmdtext_json(S("[1, {\"a\": 2}]\n[root@x ~]#\n"), 1, &o, &err), 0);
    assert_int_equal(json_object_array_length(o), 2);
    json_object_put(o);

    assert_int_equal(cmdtext_json(S("[1,\n x]"), 3, &o, &err), E_PARSE);
    assert_string_equal(err.msg, "line 4, column 2: unexpected character");
    err_init(&err);
    assert_int_equal(cmdtext_json(S("{\"a\": [1,\n 2"), 1, &o, &err), E_PARSE);
    assert_string_equal(err.msg, "line 2, column 3: the JSON text ends early (truncated)");
    err_init(&err);
    assert_int_equal(cmdtext_json(S(""), 1, &o, &err), E_PARSE);
    err_init(&err);
    /* nesting over the parser's depth limit is an error, not a crash */
    memset(deep, '[', sizeof(deep) - 1);
    deep[sizeof(deep) - 1] = '\0';
    assert_int_equal(cmdtext_json(S(deep), 1, &o, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "line 1, column 65"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmdtext_noise),
        cmocka_unit_test(test_cmdtext_rsplit),
        cmocka_unit_test(test_cmdtext_numbers),
        cmocka_unit_test(test_cmdtext_quote),
        cmocka_unit_test(test_cmdtext_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
