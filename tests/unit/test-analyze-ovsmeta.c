/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_ovsmeta;

#define REPO "0004fb000003000024cd350d232b41fc"
#define PATH "root/OVS/Repositories/" REPO "/.ovsmeta"

/* examples/ovm-host (the talk's layout, complete) */
static void test_ovsmeta_json(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ovsmeta, PATH,
                 "{ \"0004fb00001200009c02221b285ad76d.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_DISK\",\n"
                 "  \"SIMPLE_NAME\": \"template-oracle-12.1-2018KW06\"},\n"
                 "\"sv254-ovmm-01.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_DISK\",\n"
                 "  \"SIMPLE_NAME\": \"sv254-ovmm-01.img\"},\n"
                 "\"0004fb00001200002b6ae90ddfc3eee1.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_DISK\",\n"
                 "  \"SIMPLE_NAME\": \"sv107-data\"}\n"
                 "}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".format"), "\"json\"");
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".count"), "3");
    assert_string_equal(
        json_object_to_json_string_ext(
            json_object_object_get(
                json_object_object_get(
                    json_object_object_get(json_object_object_get(f.raw, "ovsmeta"), REPO),
                    "objects"),
                "0004fb00001200009c02221b285ad76d.img"),
            JSON_C_TO_STRING_PLAIN),
        "{\"object_type\":\"VIRTUAL_DISK\",\"simple_name\":\"template-oracle-12.1-2018KW06\"}");
    facts_release(&f);
}

/* The talk's slide stops in the middle of an entry: the complete ones are kept. */
static void test_ovsmeta_truncated(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ovsmeta, PATH,
                 "{ \"0004fb00001200009c02221b285ad76d.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_DISK\",\n"
                 "  \"SIMPLE_NAME\": \"template-oracle-12.1-2018KW06\"},\n"
                 "\"sv254-ovmm-01.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_DISK\",\n"
                 "  \"SIMPLE_NAME\": \"sv254-ovmm-01.img\"},\n"
                 "\"0004fb0000120000de7cc7b37bdde7cd.img\": {\n"
                 "  \"OBJECT_TYPE\": \"VIRTUAL_D",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "8");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"8:18: unterminated string; the objects before it are kept\"");
    /* the cut entry is there, with what it had (nothing) */
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".count"), "3");
    facts_release(&f);
    test_analyze(&analyzer_ovsmeta, PATH, "\xef\xbb\xbf  {", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".count"), "0");
    facts_release(&f);
}

static void test_ovsmeta_bdb(void **state)
{
    static const char le[] = "\0\0\0\0\1\0\0\0\0\0\0\0\x61\x15\x06\0\x08\0\0\0";
    static const char be[] = "\0\0\0\0\0\0\0\1\0\0\0\0\0\x06\x15\x61\0\0\0\x08";
    struct facts f;

    (void)state;
    facts_init(&f);
    analyzer_run(&analyzer_ovsmeta, &f, PATH, le, sizeof(le) - 1);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO),
                        "{\"format\":\"bdb\",\"count\":null}");
    facts_release(&f);
    facts_init(&f);
    analyzer_run(&analyzer_ovsmeta, &f, PATH, be, sizeof(be) - 1);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".format"), "\"bdb\"");
    facts_release(&f);
}

static void test_ovsmeta_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ovsmeta, PATH, "", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".format"), "\"unknown\"");
    facts_release(&f);
    test_analyze(&analyzer_ovsmeta, PATH, "\x7f" "ELF\x01\x02 garbage", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".format"), "\"unknown\"");
    facts_release(&f);
    /* entries that are not objects, text after the object */
    test_analyze(&analyzer_ovsmeta, PATH,
                 "{\"a.img\": \"VIRTUAL_DISK\", \"b.img\": {\"OBJECT_TYPE\": 5}} trailing", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".count"), "1");
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".objects"),
                        "{\"b.img\":{\"object_type\":null,\"simple_name\":null}}");
    facts_release(&f);
    test_analyze(&analyzer_ovsmeta, PATH, "{\"a\", \"b\"}", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "ovsmeta." REPO ".count"), "0");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ovsmeta_json),
        cmocka_unit_test(test_ovsmeta_truncated),
        cmocka_unit_test(test_ovsmeta_bdb),
        cmocka_unit_test(test_ovsmeta_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
