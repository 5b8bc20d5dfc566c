/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "lib/jsonw.h"

static void test_jsonw_compact_nesting_and_escapes(void **state)
{
    struct buf b = BUF_INIT;
    struct jsonw w;

    (void)state;
    jsonw_init(&w, &b, false);
    jsonw_obj_begin(&w);
    jsonw_kv_str(&w, "path", "/var/log/xen/\"x\"\t\n");
    jsonw_key(&w, "list");
    jsonw_arr_begin(&w);
    jsonw_int(&w, -5);
    jsonw_bool(&w, true);
    jsonw_null(&w);
    jsonw_obj_begin(&w);
    jsonw_obj_end(&w);
    jsonw_arr_end(&w);
    jsonw_kv_str(&w, "bad", "a\xff" "b\x01");
    jsonw_kv_str(&w, "utf8", "Gr\xc3\xbc\xc3\x9f");
    jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\"path\":\"/var/log/xen/\\\"x\\\"\\t\\n\",\"list\":[-5,true,null,{}],"
                                "\"bad\":\"a\\ufffdb\\u0001\",\"utf8\":\"Gr\xc3\xbc\xc3\x9f\"}");
    buf_release(&b);
}

static void test_jsonw_pretty(void **state)
{
    struct buf b = BUF_INIT;
    struct jsonw w;

    (void)state;
    jsonw_init(&w, &b, true);
    jsonw_obj_begin(&w);
    jsonw_kv_int(&w, "a", 1);
    jsonw_key(&w, "b");
    jsonw_arr_begin(&w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\n  \"a\": 1,\n  \"b\": []\n}");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonw_compact_nesting_and_escapes),
        cmocka_unit_test(test_jsonw_pretty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
