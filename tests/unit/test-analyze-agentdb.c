/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <stdlib.h>
#include <string.h>

extern const struct analyzer analyzer_agentdb;

#define SERVER "cmd/ovs-agent-db-dump_db-server.out"
#define REPOSITORY "cmd/ovs-agent-db-dump_db-repository.out"

/* examples/ovm-host/outputs/ovs-agent-db-server.txt (the talk's dump, uncut) */
static const char server_dump[] =
    "{'cluster_state': 'DLM_Ready',\n"
    " 'clustered': True,\n"
    " 'fs_stat_uuid_list': ['0004fb000005000004b84b442df68cb2'],\n"
    " 'is_master': False,\n"
    " 'manager_event_url': 'https://172.24.19.254:7002/ovm/core/wsapi/rest/internal/Server/"
    "01:c7:3f:76:8e:4a:e6:11:9f:82:00:17:a4:77:00:0c/Event',\n"
    " 'manager_ip': '172.24.19.254',\n"
    " 'manager_statistic_url': 'https://172.24.19.254:7002/ovm/core/wsapi/rest/internal/Server/"
    "01:c7:3f:76:8e:4a:e6:11:9f:82:00:17:a4:77:00:0c/Statistic',\n"
    " 'manager_uuid': '0004fb0000010000081397618a5f4bb8',\n"
    " 'node_number': 3,\n"
    " 'pool_alias': 'I.NPP 42 ServerPool sv080',\n"
    " 'pool_master_ip': '172.24.19.95',\n"
    " 'pool_member_ip_list': ['172.24.19.91',\n"
    "                         '172.24.19.94',\n"
    "                         '172.24.19.92',\n"
    "                         '172.24.19.95',\n"
    "                         '172.24.19.96'],\n"
    " 'pool_uuid': '0004fb000002000031fb31cdfa8a3db5',\n"
    " 'poolfs_nfsbase_uuid': '',\n"
    " 'poolfs_target': '/dev/mapper/36e843b66f5d2554d35f7d4504d9adbdd',\n"
    " 'poolfs_type': 'lun',\n"
    " 'poolfs_uuid': '0004fb0000050000e456be54b953205c',\n"
    " 'registered_hostname': 'sv095',\n"
    " 'registered_ip': '172.24.19.95',\n"
    " 'roles': set(['utility', 'xen'])}\n";

static void test_agentdb_server(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_agentdb, SERVER, server_dump, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "agentdb.server.roles"), "[\"utility\",\"xen\"]");
    assert_string_equal(test_fact(&f, "agentdb.server.cluster_state"), "\"DLM_Ready\"");
    assert_string_equal(test_fact(&f, "agentdb.server.is_master"), "false");
    assert_string_equal(test_fact(&f, "agentdb.server.node_number"), "3");
    assert_string_equal(test_fact(&f, "agentdb.server.pool_member_ip_list[4]"),
                        "\"172.24.19.96\"");
    assert_string_equal(test_fact(&f, "agentdb.server.manager_uuid"),
                        "\"0004fb0000010000081397618a5f4bb8\"");
    facts_release(&f);
}

/* The talk's slide: a prompt line and trailing blanks around the repository dump. */
static void test_agentdb_repository_with_prompt(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_agentdb, REPOSITORY,
                 "[root@sv095 db]# ovs-agent-db dump_db repository\r\n"
                 "{'0004fb000003000024cd350d232b41fc': {'alias': u'nas-088',  \r\n"
                 "    'filesystem': 'ocfs2',  \r\n"
                 "    'fs_location': '/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8',  \r\n"
                 "    'manager_uuid': u'0004fb0000010000081397618a5f4bb8',  \r\n"
                 "    'mount_point': '/OVS/Repositories/0004fb000003000024cd350d232b41fc',  \r\n"
                 "    'version': u'3.0'},  \r\n"
                 "'0004fb00000300003fbb494d1ddbff7d': {'alias': 'sv095-repository',  \r\n"
                 "    'filesystem': 'ocfs2',  \r\n"
                 "    'version': u'3.0'}}\r\n"
                 "[root@sv095 db]# \r\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(
        test_fact(&f, "agentdb.repository.0004fb000003000024cd350d232b41fc.alias"),
        "\"nas-088\"");
    assert_string_equal(
        test_fact(&f, "agentdb.repository.0004fb00000300003fbb494d1ddbff7d.version"), "\"3.0\"");
    facts_release(&f);
}

/* The slide as printed closes the dict after the first repository ("}},"): the first one is
 * kept, the rest is an error on that line. */
static void test_agentdb_slide_typo(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_agentdb, REPOSITORY,
                 "{'0004fb000003000024cd350d232b41fc': {'alias': u'nas-088',\n"
                 "    'version': u'3.0'}},\n"
                 "'0004fb00000300003fbb494d1ddbff7d': {'alias': 'sv095-repository'}}}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "2");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"unexpected text after the dump: ','\"");
    assert_string_equal(
        test_fact(&f, "agentdb.repository.0004fb000003000024cd350d232b41fc.alias"),
        "\"nas-088\"");
    facts_release(&f);
}

/* Forum markup with a brace of its own before the dump, a list dump without a dict. */
static void test_agentdb_markup(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_agentdb, SERVER,
                 "{code}\n"
                 "[root@sv095 db]# ovs-agent-db dump_db server\n"
                 "{'manager_ip': '172.24.19.254', 'roles': set(['xen'])}\n"
                 "{code}\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "agentdb.server.roles"), "[\"xen\"]");
    facts_release(&f);
    test_analyze(&analyzer_agentdb, SERVER, "[root@sv095 db]# x\n['a',\n 'b']\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);     /* the prompt is read as a list */
    facts_release(&f);
    test_analyze(&analyzer_agentdb, SERVER, "\n  ['a',\n 'b']\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "agentdb.server"), "[\"a\",\"b\"]");
    facts_release(&f);
}

static void test_agentdb_other_dbs(void **state)
{
    struct facts f;

    (void)state;
    /* aproc: the float start time stays text */
    test_analyze(&analyzer_agentdb, "cmd/ovs-agent-db-dump_db-aproc.out",
                 "{'stat_collector': {'interval': 20, 'pid': 7102, 'start_time': 1792552480.31}}\n",
                 &f);
    assert_string_equal(test_fact(&f, "agentdb.aproc.stat_collector.start_time"),
                        "\"1792552480.31\"");
    assert_string_equal(test_fact(&f, "agentdb.aproc.stat_collector.pid"), "7102");
    facts_release(&f);
    test_analyze(&analyzer_agentdb, "cmd/ovs-agent-db-dump_db-exports.out", "{}\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "agentdb.exports"), "{}");
    facts_release(&f);
    /* the command printed nothing: not known to be empty */
    test_analyze(&analyzer_agentdb, "cmd/ovs-agent-db-dump_db-exports.out", "\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_non_null(json_object_object_get(f.root, "agentdb"));
    assert_string_equal(test_fact(&f, "agentdb.exports"), "null");
    facts_release(&f);
    /* a name with a dot stays one key */
    test_analyze(&analyzer_agentdb, "cmd/ovs-agent-db-dump_db-a.b.out", "{'x': None}", &f);
    assert_string_equal(test_fact(&f, "agentdb.a_b.x"), "null");
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);
}

static void test_agentdb_truncated(void **state)
{
    struct facts f;

    (void)state;
    /* cut in the middle of a line: the complete keys stay */
    test_analyze(&analyzer_agentdb, SERVER,
                 "[root@sv095 db]# ovs-agent-db dump_db server\n"
                 "{'cluster_state': 'DLM_Ready',\n"
                 " 'clustered': True,\n"
                 " 'pool_member_ip_list': ['172.24.19.91',\n"
                 "                         '172.24.19.9",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "5");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"5:26: unterminated string; the entries before it are kept\"");
    assert_string_equal(test_fact(&f, "agentdb.server.clustered"), "true");
    assert_string_equal(test_fact(&f, "agentdb.server.pool_member_ip_list"),
                        "[\"172.24.19.91\"]");
    facts_release(&f);
    /* cut right after the brace: nothing is kept, the error has its line */
    test_analyze(&analyzer_agentdb, SERVER, "# prompt\n{", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "2");
    assert_string_equal(test_fact(&f, "agentdb"), "null");
    facts_release(&f);
}

static void test_agentdb_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_agentdb, SERVER, "", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "agentdb.server"), "null");
    facts_release(&f);
    test_analyze(&analyzer_agentdb, SERVER, "\x7f" "ELF\x01\x02 garbage\n\x03\x04", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "agentdb.server"), "null");
    facts_release(&f);
    test_analyze(&analyzer_agentdb, SERVER,
                 "[root@sv095 db]# ovs-agent-db dump_db server\n"
                 "Error: could not open the database\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_agentdb, SERVER, "{'a': 1, 'b' 2}\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"1:14: expected ':' after a dict key, found '2'; the entries before it "
                        "are kept\"");
    assert_string_equal(test_fact(&f, "agentdb.server"), "{\"a\":1}");
    facts_release(&f);
    /* the same input twice gives the same facts */
    {
        struct facts g;
        char *a, *b;
        test_analyze(&analyzer_agentdb, SERVER, server_dump, &f);
        test_analyze(&analyzer_agentdb, SERVER, server_dump, &g);
        a = facts_to_string(&f);
        b = facts_to_string(&g);
        assert_string_equal(a, b);
        free(a);
        free(b);
        facts_release(&f);
        facts_release(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agentdb_server),
        cmocka_unit_test(test_agentdb_repository_with_prompt),
        cmocka_unit_test(test_agentdb_slide_typo),
        cmocka_unit_test(test_agentdb_markup),
        cmocka_unit_test(test_agentdb_other_dbs),
        cmocka_unit_test(test_agentdb_truncated),
        cmocka_unit_test(test_agentdb_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
