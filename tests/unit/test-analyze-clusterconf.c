/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_clusterconf;

/* examples/ovm-host/root/etc/ocfs2/cluster.conf (two of five nodes) */
static const char ovm_conf[] =
    "cluster:\n"
    "\tname = 31fb31cdfa8a3db5\n"
    "\theartbeat_mode = global\n"
    "\tnode_count = 5\n"
    "\n"
    "node:\n"
    "\tname = sv091\n"
    "\tcluster = 31fb31cdfa8a3db5\n"
    "\tnumber = 0\n"
    "\tip_address = 172.24.19.91\n"
    "\tip_port = 7777\n"
    "\n"
    "node:\n"
    "\tname = sv095\n"
    "\tcluster = 31fb31cdfa8a3db5\n"
    "\tnumber = 3\n"
    "\tip_address = 172.24.19.95\n"
    "\tip_port = 7777\n"
    "\n"
    "heartbeat:\n"
    "\tcluster = 31fb31cdfa8a3db5\n"
    "\tregion = 0004FB0000050000E456BE54B953205C\n"
    "\n";

static void test_clusterconf_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_clusterconf, "root/etc/ocfs2/cluster.conf", ovm_conf, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 0);
    assert_string_equal(test_fact(&f, "cluster.conf.clusters"),
                        "[{\"name\":\"31fb31cdfa8a3db5\",\"node_count\":5,"
                        "\"heartbeat_mode\":\"global\"}]");
    assert_string_equal(test_fact(&f, "cluster.conf.nodes[1]"),
                        "{\"name\":\"sv095\",\"number\":3,\"ip_address\":\"172.24.19.95\","
                        "\"ip_port\":7777,\"cluster\":\"31fb31cdfa8a3db5\"}");
    assert_string_equal(test_fact(&f, "cluster.conf.heartbeat"),
                        "[{\"region\":\"0004FB0000050000E456BE54B953205C\","
                        "\"cluster\":\"31fb31cdfa8a3db5\"}]");
    facts_release(&f);
}

static void test_clusterconf_local_and_odd(void **state)
{
    struct facts f;

    (void)state;
    /* an older local-heartbeat file: no heartbeat_mode, no heartbeat stanza, CRLF, spaces */
    test_analyze(&analyzer_clusterconf, "root/etc/ocfs2/cluster.conf",
                 "# written by o2cb_ctl\r\n"
                 "node:\r\n"
                 "        ip_port = 7777\r\n"
                 "        ip_address = 10.0.0.1\r\n"
                 "        number = 1\r\n"
                 "        name = node1\r\n"
                 "        cluster = ocfs2\r\n"
                 "cluster:\r\n"
                 "        node_count = 1\r\n"
                 "        name = ocfs2\r\n"
                 "        idle_timeout_ms = 30000\r\n"
                 "nodegroup:\r\n"
                 "        name = x\r\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_fact(&f, "cluster.conf.clusters[0].heartbeat_mode"), "null");
    assert_string_equal(test_fact(&f, "cluster.conf.nodes[0].number"), "1");
    assert_string_equal(test_fact(&f, "cluster.conf.heartbeat"), "[]");
    facts_release(&f);
}

static void test_clusterconf_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_clusterconf, "root/etc/ocfs2/cluster.conf",
                 "\tname = orphan\n"
                 "node:\n"
                 "\tnumber = three\n"
                 "\tip_port = 77\x01\x02\n"
                 "\tjunk line\n"
                 "\tname = sv0", &f);
    assert_int_equal(test_fact_errors(&f), 4);
    assert_string_equal(test_fact(&f, "cluster.conf.nodes[0].number"), "null");
    assert_string_equal(test_fact(&f, "cluster.conf.nodes[0].name"), "\"sv0\"");
    facts_release(&f);

    test_analyze(&analyzer_clusterconf, "root/etc/ocfs2/cluster.conf", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "cluster"), "null");
    facts_release(&f);

    test_analyze(&analyzer_clusterconf, "root/etc/ocfs2/cluster.conf", "\x1f\x8b\x08\x00 gz", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clusterconf_ovm_host),
        cmocka_unit_test(test_clusterconf_local_and_odd),
        cmocka_unit_test(test_clusterconf_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
