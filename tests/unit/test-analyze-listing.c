/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct analyzer analyzer_listing;

#define REPO "0004fb000003000024cd350d232b41fc"
#define PATH "listing/OVS/Repositories/" REPO ".json"

/* The shape the collector writes (collect-repositories.c), cut from the example host's. */
static const char listing[] =
    "{\n"
    "  \"entries\": [\n"
    "    {\n"
    "      \"path\": \"VirtualDisks/0004fb000012000004383e5e65c71607.img\",\n"
    "      \"type\": \"file\",\n"
    "      \"size_bytes\": 21474836480,\n"
    "      \"allocated_bytes\": 0,\n"
    "      \"mtime\": 1795687908\n"
    "    },\n"
    "    {\n"
    "      \"path\": \"VirtualDisks/sv254-ovmm-01.img\",\n"
    "      \"type\": \"file\",\n"
    "      \"size_bytes\": 10737418240,\n"
    "      \"allocated_bytes\": 4096,\n"
    "      \"mtime\": 1795687908\n"
    "    },\n"
    "    {\n"
    "      \"path\": \"ISOs/0004fb00001500009f6ce2a34d84d851.iso\",\n"
    "      \"type\": \"file\",\n"
    "      \"size_bytes\": 4379901952,\n"
    "      \"allocated_bytes\": 0,\n"
    "      \"mtime\": 1795687908\n"
    "    },\n"
    "    {\n"
    "      \"path\": \"VirtualMachines/0004fb00000600001ab4fe3614bd3616\",\n"
    "      \"type\": \"dir\",\n"
    "      \"size_bytes\": 4096,\n"
    "      \"allocated_bytes\": 4096,\n"
    "      \"mtime\": 1795687908\n"
    "    },\n"
    "    {\n"
    "      \"path\": \"VirtualMachines/0004fb00000600001ab4fe3614bd3616/vm.cfg\",\n"
    "      \"type\": \"file\",\n"
    "      \"size_bytes\": 1281,\n"
    "      \"allocated_bytes\": 4096,\n"
    "      \"mtime\": 1795687908\n"
    "    },\n"
    "    {\n"
    "      \"path\": \"lost+found/x\",\n"
    "      \"type\": \"file\",\n"
    "      \"size_bytes\": 1,\n"
    "      \"allocated_bytes\": 4096,\n"
    "      \"mtime\": 1795687908\n"
    "    }\n"
    "  ],\n"
    "  \"capped\": false\n"
    "}\n";

static void test_listing_example(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_listing, PATH, listing, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "listing." REPO ".capped"), "false");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[0]"),
                        "{\"path\":\"VirtualDisks/0004fb000012000004383e5e65c71607.img\","
                        "\"type\":\"file\",\"size_bytes\":21474836480,\"allocated_bytes\":0,"
                        "\"mtime\":1795687908,\"object_type\":\"virtual_disk\"}");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[1].object_type"), "null");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[2].object_type"),
                        "\"virtual_cdrom\"");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[3].object_type"), "\"vm\"");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[4].path"),
                        "\"VirtualMachines/0004fb00000600001ab4fe3614bd3616/vm.cfg\"");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[5]"), "null");  /* lost+found */
    facts_release(&f);
}

static void test_listing_invalid_entries(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_listing, PATH,
                 "{\"entries\": [\n"
                 "  {\"path\": \"VirtualDisks/a.img\", \"type\": \"socket\", \"size_bytes\": \"1\","
                 "   \"allocated_bytes\": 0, \"mtime\": 1},\n"
                 "  {\"type\": \"file\"},\n"
                 "  7,\n"
                 "  {\"path\": \"ISOs/b.iso\", \"type\": \"link\","
                 "   \"size_bytes\": 99999999999999999999,"
                 "   \"allocated_bytes\": 0, \"mtime\": -5}\n"
                 "], \"capped\": \"yes\"}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 6);
    assert_string_equal(test_raw(&f, "listing." REPO ".capped"), "null");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[0].type"), "null");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[0].size_bytes"), "null");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[1].path"), "\"ISOs/b.iso\"");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[1].size_bytes"), "null");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[1].mtime"), "-5");
    assert_string_equal(test_fact(&f, "errors[0].message"), "\"'capped' is not true or false\"");
    assert_string_equal(test_fact(&f, "errors[1].message"),
                        "\"entries[0]: type is not file, dir, link or other\"");
    facts_release(&f);
}

static void test_listing_truncated(void **state)
{
    struct facts f;
    char *cut = strdup(listing);

    (void)state;
    cut[strstr(cut, "ISOs/") - cut + 10] = '\0';
    test_analyze(&analyzer_listing, PATH, cut, &f);
    assert_int_equal(test_fact_errors(&f), 2);    /* the cut, no capped flag */
    assert_string_equal(test_fact(&f, "errors[0].line"), "18");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[1].path"),
                        "\"VirtualDisks/sv254-ovmm-01.img\"");
    assert_string_equal(test_raw(&f, "listing." REPO ".entries[2]"), "null");
    facts_release(&f);
    free(cut);
}

static void test_listing_malformed(void **state)
{
    struct facts f;
    char many[64 * 40 + 64];
    size_t i, n;

    (void)state;
    test_analyze(&analyzer_listing, PATH, "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "listing"), "null");
    facts_release(&f);
    test_analyze(&analyzer_listing, PATH, "\x7f" "ELF\x01\x02", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_listing, PATH, "[1, 2]", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_listing, PATH, "{\"entries\": [], \"capped\": true} junk", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "listing." REPO), "{\"capped\":true,\"entries\":[]}");
    facts_release(&f);
    /* errors are capped */
    n = (size_t)snprintf(many, sizeof(many), "{\"capped\": false, \"entries\": [");
    for (i = 0; i < 40; i++)
        n += (size_t)snprintf(many + n, sizeof(many) - n, "%s{\"path\": 1}", i ? "," : "");
    snprintf(many + n, sizeof(many) - n, "]}");
    test_analyze(&analyzer_listing, PATH, many, &f);
    assert_int_equal(test_fact_errors(&f), 21);
    facts_release(&f);
    /* a path of another shape */
    test_analyze(&analyzer_listing, "listing/OVS/Repositories/x/y.json", "{}", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing_example),
        cmocka_unit_test(test_listing_invalid_entries),
        cmocka_unit_test(test_listing_truncated),
        cmocka_unit_test(test_listing_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
