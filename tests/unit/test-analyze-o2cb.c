/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_o2cb;

/* examples/ovm-host/outputs/o2cb-status.txt */
static const char ovm_o2cb[] =
    "Driver for \"configfs\": Loaded\n"
    "Filesystem \"configfs\": Mounted\n"
    "Stack glue driver: Loaded\n"
    "Stack plugin \"o2cb\": Loaded\n"
    "Driver for \"ocfs2_dlmfs\": Loaded\n"
    "Filesystem \"ocfs2_dlmfs\": Mounted\n"
    "Checking O2CB cluster \"31fb31cdfa8a3db5\": Online\n"
    "  Heartbeat dead threshold: 61\n"
    "  Network idle timeout: 60000\n"
    "  Network keepalive delay: 2000\n"
    "  Network reconnect delay: 2000\n"
    "  Heartbeat mode: Global\n"
    "Checking O2CB heartbeat: Active\n"
    "  0004FB0000050000E456BE54B953205C /dev/dm-0\n"
    "Nodes in O2CB cluster: 0 1 2 3 4 \n"
    "Debug file system at /sys/kernel/debug: mounted\n";

static void test_o2cb_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_o2cb, "cmd/service-o2cb-status.out", ovm_o2cb, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "cluster.o2cb"),
                        "{\"cluster\":\"31fb31cdfa8a3db5\",\"state\":\"online\","
                        "\"dead_threshold\":61,\"network_idle_timeout_ms\":60000,"
                        "\"keepalive_delay_ms\":2000,\"reconnect_delay_ms\":2000,"
                        "\"heartbeat_mode\":\"global\",\"heartbeat_active\":true,"
                        "\"regions\":[{\"uuid\":\"0004FB0000050000E456BE54B953205C\","
                        "\"device\":\"/dev/dm-0\"}],\"nodes\":[0,1,2,3,4]}");
    facts_release(&f);
}

static void test_o2cb_variants(void **state)
{
    struct facts f;

    (void)state;
    /* ocfs2-tools 1.4 (bare name, "threshold = 31"), local heartbeat not active */
    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out",
                 "root@drbd01:~# service o2cb status\r\n"
                 "Driver for \"configfs\": Loaded\r\n"
                 "Checking O2CB cluster ocfs2: Online\r\n"
                 "Heartbeat dead threshold = 31\r\n"
                 "\tNetwork idle timeout: 30000\r\n"
                 "  Heartbeat mode: Local\r\n"
                 "Checking O2CB heartbeat: Not active\r\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "cluster.o2cb.cluster"), "\"ocfs2\"");
    assert_string_equal(test_fact(&f, "cluster.o2cb.dead_threshold"), "31");
    assert_string_equal(test_fact(&f, "cluster.o2cb.heartbeat_mode"), "\"local\"");
    assert_string_equal(test_fact(&f, "cluster.o2cb.heartbeat_active"), "false");
    assert_string_equal(test_fact(&f, "cluster.o2cb.regions"), "[]");
    assert_string_equal(test_fact(&f, "cluster.o2cb.nodes"), "null");
    facts_release(&f);

    /* offline, two regions, then the other artefact with only cluster-status */
    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out",
                 "Driver for \"configfs\": Not loaded\n"
                 "Checking O2CB cluster \"pool1\": Offline\n", &f);
    assert_string_equal(test_fact(&f, "cluster.o2cb.state"), "\"offline\"");
    {
        static const char hb[] = "Checking O2CB heartbeat: Active\n"
                                 "  0CF2E83DE01F416591FEDC9C4F29A05A /dev/sdc1\n"
                                 "  F4533D5A02D3441BAE948A7006BB27C8\n";
        analyzer_run(&analyzer_o2cb, &f, "cmd/service-o2cb-status.out", hb, strlen(hb));
    }
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "cluster.o2cb.cluster"), "\"pool1\"");
    assert_string_equal(test_fact(&f, "cluster.o2cb.regions[1]"),
                        "{\"uuid\":\"F4533D5A02D3441BAE948A7006BB27C8\",\"device\":null}");
    facts_release(&f);

    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out", "Cluster 'cloudabc' is online\n", &f);
    assert_string_equal(test_fact(&f, "cluster.o2cb.state"), "\"online\"");
    assert_string_equal(test_fact(&f, "cluster.o2cb.cluster"), "\"cloudabc\"");
    facts_release(&f);

    /* only the drivers: the cluster's state is not known */
    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out", "Driver for \"configfs\": Loaded\n", &f);
    assert_string_equal(test_fact(&f, "cluster.o2cb.state"), "\"unknown\"");
    facts_release(&f);
}

static void test_o2cb_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out",
                 "Checking O2CB cluster \"c\": Online\n"
                 "  Heartbeat dead threshold: lots\n"
                 "  Heartbeat mode: Sideways\n"
                 "Nodes in O2CB cluster: 1 x 3\n"
                 "what is this\n"
                 "Checking O2CB heartbeat: Act", &f);
    assert_int_equal(test_fact_errors(&f), 5);
    assert_string_equal(test_fact(&f, "cluster.o2cb.nodes"), "[1,3]");
    assert_string_equal(test_fact(&f, "cluster.o2cb.dead_threshold"), "null");
    assert_string_equal(test_fact(&f, "cluster.o2cb.state"), "\"online\"");
    facts_release(&f);

    facts_release(&f);

    test_analyze(&analyzer_o2cb, "cmd/o2cb-status.out", "\x89PNG\x0d\x0a\x1a\x0a\x00\x00", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "cluster"), "null");
    facts_release(&f);
}

/* No o2cb on the host (plain Xen, or OCFS2 not installed): a note, not a parse error. */
static void test_o2cb_absent(void **state)
{
    static const char *const outputs[] = { "", " \n\n", "o2cb: unrecognized service\n",
                                           "Unit o2cb.service could not be found.\n" };
    struct facts f;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
        test_analyze(&analyzer_o2cb, "cmd/service-o2cb-status.out", outputs[i], &f);
        assert_int_equal(test_fact_errors(&f), 0);
        assert_int_equal(test_fact_notes(&f), 1);
        assert_string_equal(test_fact(&f, "cluster"), "null");
        facts_release(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_o2cb_ovm_host),
        cmocka_unit_test(test_o2cb_variants),
        cmocka_unit_test(test_o2cb_malformed),
        cmocka_unit_test(test_o2cb_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
