/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_manifest;

/* demo/ovm-host.tar.gz manifest.json, items cut to a few */
static const char demo_manifest[] =
    "{\n"
    "  \"schema\": \"ovmdiag-manifest/1\",\n"
    "  \"tool\": {\"name\": \"ovmdiag\", \"version\": \"0.1.0\"},\n"
    "  \"bundle\": \"ovmdiag-sv095-20261126T093655Z\",\n"
    "  \"hostname\": \"sv095\",\n"
    "  \"started\": \"2026-11-26T09:36:55Z\",\n"
    "  \"finished\": \"2026-11-26T09:36:57Z\",\n"
    "  \"elapsed_ms\": 1788,\n"
    "  \"root\": true, \"uid\": 0, \"interrupted\": false,\n"
    "  \"options\": {\"sysroot\": \"examples/ovm-host/root\", \"no_commands\": false,\n"
    "              \"cmd_timeout_s\": 30, \"since\": null},\n"
    "  \"services\": {\n"
    "    \"xend\": {\"state\": \"responsive\", \"detail\": null},\n"
    "    \"xl\": {\"state\": \"absent\", \"detail\": \"'xl' not found\"},\n"
    "    \"xenstored\": {\"state\": \"responsive\", \"detail\": null}\n"
    "  },\n"
    "  \"hung_mounts\": [],\n"
    "  \"collectors\": [{\"name\": \"ovs-agent\", \"desc\": \"Oracle VM agent\"}],\n"
    "  \"summary\": {\"items\": 100, \"ok\": 83, \"truncated\": 0, \"missing\": 13,\n"
    "              \"skipped\": 4, \"failed\": 0, \"bytes_stored\": 375013},\n"
    "  \"items\": [\n"
    "    {\"area\": \"ovs-agent\", \"kind\": \"file\", \"source\": \"/etc/ovs-agent/agent.ini\",\n"
    "     \"path\": \"root/etc/ovs-agent/agent.ini\", \"status\": \"ok\"},\n"
    "    {\"area\": \"ovs-agent\", \"kind\": \"file\", \"source\": \"/etc/ovs-agent/passwdfile\",\n"
    "     \"path\": null, \"status\": \"skipped-privacy\",\n"
    "     \"message\": \"path names a password, key or secret\"},\n"
    "    {\"area\": \"storage\", \"kind\": \"command\", \"source\": \"/etc/init.d/o2cb status\",\n"
    "     \"path\": null, \"status\": \"missing\", \"errno\": 2,\n"
    "     \"message\": \"command not found\"},\n"
    "    {\"area\": \"system\", \"kind\": \"file\", \"source\": \"/etc/os-release\",\n"
    "     \"path\": null, \"status\": \"missing\", \"errno\": 2}\n"
    "  ]\n"
    "}\n";

static void test_manifest_demo(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_manifest, "manifest.json", demo_manifest, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 0);
    assert_string_equal(test_fact(&f, "meta.tool_version"), "\"0.1.0\"");
    assert_string_equal(test_fact(&f, "meta.collected_by"), "\"ovmdiag 0.1.0\"");
    assert_string_equal(test_fact(&f, "meta.collection_started"), "\"2026-11-26T09:36:55Z\"");
    assert_string_equal(test_fact(&f, "meta.collection_finished"), "\"2026-11-26T09:36:57Z\"");
    assert_string_equal(test_fact(&f, "meta.collected_as_root"), "true");
    assert_string_equal(test_fact(&f, "meta.sysroot"), "\"examples/ovm-host/root\"");
    assert_string_equal(test_fact(&f, "meta.hostname"), "\"sv095\"");
    assert_string_equal(test_fact(&f, "meta.interrupted"), "false");
    assert_string_equal(test_fact(&f, "meta.services.xl"),
                        "{\"state\":\"absent\",\"detail\":\"'xl' not found\"}");
    assert_string_equal(test_fact(&f, "meta.xend_responsive"), "true");
    assert_string_equal(test_fact(&f, "meta.hung_mounts"), "[]");
    assert_string_equal(test_fact(&f, "meta.problems"),
                        "[{\"source\":\"/etc/ovs-agent/passwdfile\",\"kind\":\"file\","
                        "\"status\":\"skipped-privacy\","
                        "\"message\":\"path names a password, key or secret\"}]");
    assert_string_equal(test_fact(&f, "meta.missing"),
                        "[\"/etc/init.d/o2cb status\",\"/etc/os-release\"]");
    assert_string_equal(test_fact(&f, "meta.summary.missing"), "13");
    facts_release(&f);
}

static void test_manifest_timeout_hung_mount(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_manifest, "manifest.json",
                 "{\"schema\": \"ovmdiag-manifest/1\", \"tool\": {\"name\": \"ovmdiag\","
                 " \"version\": \"0.2.0\"}, \"hostname\": \"sv091\", \"root\": true,"
                 " \"interrupted\": true, \"options\": {\"sysroot\": null},"
                 " \"services\": {\"xend\": {\"state\": \"unresponsive\","
                 "   \"detail\": \"'xm list' gave no answer within 30 s\"}},"
                 " \"hung_mounts\": [\"/OVS/Repositories/0004fb00000300003fbb494d1ddbff7d\"],"
                 " \"items\": [{\"kind\": \"command\", \"source\": \"xm list\","
                 "   \"status\": \"timeout\","
                 "   \"message\": \"no answer within 30 s\"},"
                 "  {\"kind\": \"command\", \"source\": \"xm info\","
                 "   \"status\": \"skipped-unresponsive\"},"
                 "  {\"kind\": \"file\","
                 "   \"source\": \"/OVS/Repositories/0004fb00000300003fbb494d1ddbff7d/.ovsrepo\","
                 "   \"status\": \"abandoned\","
                 "   \"message\": \"still alive after SIGKILL\"}]}\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "meta.xend_responsive"), "false");
    assert_string_equal(test_fact(&f, "meta.sysroot"), "null");
    assert_string_equal(test_fact(&f, "meta.interrupted"), "true");
    assert_string_equal(test_fact(&f, "meta.collection_started"), "null");
    assert_string_equal(test_fact(&f, "meta.hung_mounts[0]"),
                        "\"/OVS/Repositories/0004fb00000300003fbb494d1ddbff7d\"");
    assert_string_equal(test_fact(&f, "meta.problems[0]"),
                        "{\"source\":\"xm list\",\"kind\":\"command\",\"status\":\"timeout\","
                        "\"message\":\"no answer within 30 s\"}");
    assert_string_equal(test_fact(&f, "meta.problems[1].message"), "null");
    assert_string_equal(test_fact(&f, "meta.problems[2].status"), "\"abandoned\"");
    assert_string_equal(test_fact(&f, "meta.missing"), "[]");
    assert_string_equal(test_fact(&f, "meta.summary"), "null");
    facts_release(&f);

    /* xend not asked: unknown */
    test_analyze(&analyzer_manifest, "manifest.json",
                 "{\"schema\": \"ovmdiag-manifest/1\","
                 " \"services\": {\"xend\": {\"state\": \"unknown\"}},"
                 " \"items\": []}", &f);
    assert_string_equal(test_fact(&f, "meta.xend_responsive"), "null");
    assert_string_equal(test_fact(&f, "meta.collected_by"), "null");
    facts_release(&f);
}

static void test_manifest_lying(void **state)
{
    struct facts f;

    (void)state;
    /* every field of the wrong type */
    test_analyze(&analyzer_manifest, "manifest.json",
                 "{\"schema\": 7, \"tool\": \"ovmdiag\", \"hostname\": [1], \"started\": 5,"
                 " \"root\": \"yes\", \"interrupted\": 0, \"options\": [],"
                 " \"services\": [\"xend\"], \"hung_mounts\": [\"/a\", 3, null],"
                 " \"summary\": \"fine\","
                 " \"items\": [1, null, {\"status\": 4}, {\"status\": \"missing\"},"
                 "            {\"status\": \"failed\", \"source\": {\"x\": 1}}]}", &f);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_int_equal(test_fact_errors(&f), 13);
    assert_string_equal(test_fact(&f, "meta.hostname"), "null");
    assert_string_equal(test_fact(&f, "meta.collected_as_root"), "null");
    assert_string_equal(test_fact(&f, "meta.services"), "null");
    assert_string_equal(test_fact(&f, "meta.xend_responsive"), "null");
    assert_string_equal(test_fact(&f, "meta.hung_mounts"), "[\"/a\"]");
    assert_string_equal(test_fact(&f, "meta.problems"),
                        "[{\"source\":null,\"kind\":null,\"status\":\"failed\",\"message\":null}]");
    assert_string_equal(test_fact(&f, "meta.summary"), "null");
    facts_release(&f);

    test_analyze(&analyzer_manifest, "manifest.json", "{\"items\": 3, \"hung_mounts\": {}}", &f);
    assert_string_equal(test_fact(&f, "meta.problems"), "null");
    assert_string_equal(test_fact(&f, "meta.hung_mounts"), "null");
    facts_release(&f);
}

static void test_manifest_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_manifest, "manifest.json", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "meta"), "null");
    facts_release(&f);
    test_analyze(&analyzer_manifest, "manifest.json", "{\"schema\": \"ovmdiag-manifest/1\", \"ho",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "meta"), "null");
    facts_release(&f);
    test_analyze(&analyzer_manifest, "manifest.json", "[1, 2]", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_manifest, "manifest.json", "\x1f\x8b\x08\x00\x01\x02", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_manifest, "manifest.json", "{\"items\": []} trailing junk", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "meta.problems"), "[]");
    facts_release(&f);
    {
        /* a NUL inside */
        static const char nul[] = "{\"hostname\": \"a\0b\"}";
        facts_init(&f);
        analyzer_run(&analyzer_manifest, &f, "manifest.json", nul, sizeof(nul) - 1);
        assert_true(test_fact_errors(&f) >= 1);
        facts_release(&f);
    }
    {
        /* deep nesting beyond json-c's limit */
        char deep[2100];
        memset(deep, '[', 2000);
        deep[2000] = '\0';
        test_analyze(&analyzer_manifest, "manifest.json", deep, &f);
        assert_int_equal(test_fact_errors(&f), 1);
        facts_release(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_demo),
        cmocka_unit_test(test_manifest_timeout_hung_mount),
        cmocka_unit_test(test_manifest_lying),
        cmocka_unit_test(test_manifest_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
