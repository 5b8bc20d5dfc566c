/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_multipath;

/* examples/ovm-host/outputs/multipath-ll.txt (multipath-tools 0.4.9, OL6) */
static const char ovm_mp[] =
    "36e843b67fd0b542d4551d417dd8bdad8 dm-1 QNAP,iSCSI Storage\n"
    "size=4.0T features='1 queue_if_no_path' hwhandler='0' wp=rw\n"
    "`-+- policy='round-robin 0' prio=1 status=active\n"
    "  |- 3:0:0:1 sdd 8:48 active ready running\n"
    "  `- 4:0:0:1 sdf 8:80 active ready running\n"
    "36e843b66f5d2554d35f7d4504d9adbdd dm-0 QNAP,iSCSI Storage\n"
    "size=12G features='1 queue_if_no_path' hwhandler='0' wp=rw\n"
    "`-+- policy='round-robin 0' prio=1 status=active\n"
    "  |- 3:0:0:0 sdc 8:32 active ready running\n"
    "  `- 4:0:0:0 sde 8:64 active ready running\n"
    "3600508b1001cde2abd0e04515e3e2b34 dm-2 HP,LOGICAL VOLUME\n"
    "size=559G features='0' hwhandler='0' wp=rw\n"
    "`-+- policy='round-robin 0' prio=1 status=active\n"
    "  `- 0:1:0:1 sdb 8:16 active ready running\n";

static void test_multipath_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out", ovm_mp, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.multipath[0].name"),
                        "\"36e843b67fd0b542d4551d417dd8bdad8\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].wwid"),
                        "\"36e843b67fd0b542d4551d417dd8bdad8\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].dm"), "\"dm-1\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].vendor"), "\"QNAP\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].product"), "\"iSCSI Storage\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size"), "\"4.0T\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size_bytes"), "4398046511104");
    assert_string_equal(test_fact(&f, "storage.multipath[0].active_paths"), "2");
    assert_string_equal(test_fact(&f, "storage.multipath[0].failed_paths"), "0");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[1]"),
                        "{\"hctl\":\"4:0:0:1\",\"dev\":\"sdf\",\"devnum\":\"8:80\","
                        "\"dm_state\":\"active\",\"path_state\":\"ready\",\"online\":\"running\"}");
    assert_string_equal(test_fact(&f, "storage.multipath[2].product"), "\"LOGICAL VOLUME\"");
    assert_string_equal(test_fact(&f, "storage.multipath[2].size_bytes"), "600221679616");
    assert_string_equal(test_fact(&f, "storage.multipath[3]"), "null");
    facts_release(&f);
}

static void test_multipath_alias_failed_vanished(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out",
                 "[root@sv091 ~]# multipath -ll\n"
                 "mpatha (36e843b6aa0f1c2d3e4f5a6b7c8d9e0dd) dm-2 DELL,MD32xxi\n"
                 "size=2.0T features='3 queue_if_no_path pg_init_retries 50' hwhandler='1 rdac' "
                 "wp=rw\n"
                 "|-+- policy='service-time 0' prio=14 status=active\n"
                 "| |- 3:0:0:1 sdc 8:32 active ready running\n"
                 "| `- 4:0:0:1 sdf 8:80 failed faulty offline\n"
                 "`-+- policy='service-time 0' prio=9 status=enabled\n"
                 "  |- #:#:#:# - #:# active faulty running\n"
                 "  |- 5:0:0:1 sdh 8:112 active i/o pending running\n"
                 "  `- #:#:#:#  -   #:#   failed faulty running\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.multipath[0].name"), "\"mpatha\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].wwid"),
                        "\"36e843b6aa0f1c2d3e4f5a6b7c8d9e0dd\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].vendor"), "\"DELL\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].product"), "\"MD32xxi\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size_bytes"), "2199023255552");
    assert_string_equal(test_fact(&f, "storage.multipath[0].active_paths"), "2");
    assert_string_equal(test_fact(&f, "storage.multipath[0].failed_paths"), "3");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[1].online"), "\"offline\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[1].dm_state"), "\"failed\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[2].hctl"), "\"#:#:#:#\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[2].dev"), "\"-\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[3].path_state"),
                        "\"i/o pending\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[4].dm_state"), "\"failed\"");
    facts_release(&f);
}

static void test_multipath_old_layouts(void **state)
{
    struct facts f;

    (void)state;
    /* 0.4.7 (OVM 2 / OL5), padded vendor fields, a wwid glued to dm-N (RHEL 5) */
    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out",
                 "TEST_DATA01 (36006016036302700fa924d9ecd3ae111) dm-17 DGC,RAID 5\r\n"
                 "[size=10G][features=0][hwhandler=1 emc]\r\n"
                 "\\_ round-robin 0 [prio=0][enabled]\r\n"
                 " \\_ 2:0:0:7 sdw 65:96 [failed][faulty]\r\n"
                 " \\_ 3:0:0:7 sdac 65:192 [active][ready]\r\n"
                 "create: 36000402001f45eb56424ca6800000000dm-0  NEXSAN  ,SATABoy2      \n"
                 "[size=466G][features=0       ][hwhandler=0        ]\n"
                 "\\_ round-robin 0 [prio=0][enabled]\n"
                 " \\_ 5:0:0:0  sdb 8:16  [active][ready]\n"
                 "mpath9 (3600a0b800050817400000bab4cc017ec)\n"
                 "[size=3.7G][features=0][hwhandler=0]\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.multipath[0].name"), "\"TEST_DATA01\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].dm"), "\"dm-17\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size"), "\"10G\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size_bytes"), "10737418240");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[0]"),
                        "{\"hctl\":\"2:0:0:7\",\"dev\":\"sdw\",\"devnum\":\"65:96\","
                        "\"dm_state\":\"failed\",\"path_state\":\"faulty\",\"online\":null}");
    assert_string_equal(test_fact(&f, "storage.multipath[0].failed_paths"), "1");
    assert_string_equal(test_fact(&f, "storage.multipath[0].active_paths"), "1");
    assert_string_equal(test_fact(&f, "storage.multipath[1].name"),
                        "\"36000402001f45eb56424ca6800000000\"");
    assert_string_equal(test_fact(&f, "storage.multipath[1].wwid"),
                        "\"36000402001f45eb56424ca6800000000\"");
    assert_string_equal(test_fact(&f, "storage.multipath[1].dm"), "\"dm-0\"");
    assert_string_equal(test_fact(&f, "storage.multipath[1].vendor"), "\"NEXSAN\"");
    assert_string_equal(test_fact(&f, "storage.multipath[1].product"), "\"SATABoy2\"");
    assert_string_equal(test_fact(&f, "storage.multipath[2].dm"), "null");
    assert_string_equal(test_fact(&f, "storage.multipath[2].vendor"), "null");
    assert_string_equal(test_fact(&f, "storage.multipath[2].size_bytes"), "3972844749");
    assert_string_equal(test_fact(&f, "storage.multipath[2].paths"), "[]");
    facts_release(&f);
}

static void test_multipath_empty_and_malformed(void **state)
{
    struct facts f;

    (void)state;
    /* no maps at all is a valid answer */
    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.multipath"), "[]");
    facts_release(&f);

    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out",
                 "Oct 28 17:27:22 | /etc/multipath.conf line 8, invalid keyword: foo\n"
                 "  |- 3:0:0:1 sdc 8:32 active ready running\n"
                 "size=1G features='0'\n"
                 "mpathb (3600) dm-3 HP,X\n"
                 "size=12Q features='0' hwhandler='0' wp=rw\n"
                 "  |- 3:0:0:2 sdd 8:48 acti", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_fact(&f, "storage.multipath[0].size"), "\"12Q\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].size_bytes"), "null");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[0].dm_state"), "\"acti\"");
    assert_string_equal(test_fact(&f, "storage.multipath[0].paths[0].path_state"), "null");
    facts_release(&f);

    test_analyze(&analyzer_multipath, "cmd/multipath-ll.out",
                 "some junk, not multipath\n\x01\x02\x03\n", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "storage.multipath"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multipath_ovm_host),
        cmocka_unit_test(test_multipath_alias_failed_vanished),
        cmocka_unit_test(test_multipath_old_layouts),
        cmocka_unit_test(test_multipath_empty_and_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
