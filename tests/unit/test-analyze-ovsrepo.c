/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_ovsrepo;

#define REPO "0004fb000003000024cd350d232b41fc"
#define PATH "root/OVS/Repositories/" REPO "/.ovsrepo"

static void test_ovsrepo_talk(void **state)
{
    struct facts f;

    (void)state;
    /* the talk's slide and examples/ovm-host */
    test_analyze(&analyzer_ovsrepo, PATH,
                 "OVS_REPO_UUID=0004fb000003000024cd350d232b41fc\n"
                 "OVS_REPO_VERSION=3.0\n"
                 "OVS_REPO_MGR_UUID=0004fb0000010000081397618a5f4bb8\n"
                 "OVS_REPO_ALIAS=nas088-repository\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "ovsrepo." REPO),
                        "{\"uuid\":\"0004fb000003000024cd350d232b41fc\","
                        "\"alias\":\"nas088-repository\","
                        "\"mgr_uuid\":\"0004fb0000010000081397618a5f4bb8\",\"version\":\"3.0\","
                        "\"keys\":{\"OVS_REPO_UUID\":\"0004fb000003000024cd350d232b41fc\","
                        "\"OVS_REPO_VERSION\":\"3.0\","
                        "\"OVS_REPO_MGR_UUID\":\"0004fb0000010000081397618a5f4bb8\","
                        "\"OVS_REPO_ALIAS\":\"nas088-repository\"}}");
    facts_release(&f);
}

static void test_ovsrepo_variants(void **state)
{
    struct facts f;

    (void)state;
    /* CRLF, blanks, an alias with spaces and '=', a key we do not know, no version */
    test_analyze(&analyzer_ovsrepo, PATH,
                 "# written by the agent\r\n"
                 "OVS_REPO_UUID = 0004fb000003000024cd350d232b41fc \r\n"
                 "\r\n"
                 "OVS_REPO_ALIAS=my repo = big\r\n"
                 "OVS_REPO_FS_TYPE=ocfs2\r\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "ovsrepo." REPO ".alias"), "\"my repo = big\"");
    assert_string_equal(test_raw(&f, "ovsrepo." REPO ".version"), "null");
    assert_string_equal(test_raw(&f, "ovsrepo." REPO ".keys.OVS_REPO_FS_TYPE"), "\"ocfs2\"");
    facts_release(&f);
    /* the dashed form of the same id is the same id */
    test_analyze(&analyzer_ovsrepo, PATH, "OVS_REPO_UUID=0004fb00-0003-0000-24cd-350d232b41fc\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    facts_release(&f);
}

static void test_ovsrepo_uuid_mismatch(void **state)
{
    struct facts f;

    (void)state;
    /* a repository copied from another one */
    test_analyze(&analyzer_ovsrepo, PATH,
                 "OVS_REPO_ALIAS=copy\nOVS_REPO_UUID=0004fb00000300003fbb494d1ddbff7d\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "2");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"OVS_REPO_UUID '0004fb00000300003fbb494d1ddbff7d' is not the "
                        "repository's directory name '0004fb000003000024cd350d232b41fc'\"");
    assert_string_equal(test_raw(&f, "ovsrepo." REPO ".uuid"),
                        "\"0004fb00000300003fbb494d1ddbff7d\"");
    facts_release(&f);
}

static void test_ovsrepo_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_ovsrepo, PATH, "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "ovsrepo"), "null");
    facts_release(&f);
    test_analyze(&analyzer_ovsrepo, PATH, "\x7f" "ELF\x01\x02\n\xff=\xfe\n", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'?ELF?" "?': not a KEY=VALUE line\"");
    facts_release(&f);
    /* cut in the middle of a line: what is there is kept */
    test_analyze(&analyzer_ovsrepo, PATH,
                 "[root@sv095 0004fb000003000024cd350d232b41fc]# cat .ovsrepo\n"
                 "OVS_REPO_UUID=0004fb000003000024cd350d232b41fc\nOVS_REPO_VERS", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_raw(&f, "ovsrepo." REPO ".uuid"),
                        "\"0004fb000003000024cd350d232b41fc\"");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ovsrepo_talk),
        cmocka_unit_test(test_ovsrepo_variants),
        cmocka_unit_test(test_ovsrepo_uuid_mismatch),
        cmocka_unit_test(test_ovsrepo_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
