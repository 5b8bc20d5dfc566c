/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xllistl;

/* xenlab running-xl-list-l.json (Xen 4.17: Domain-0 listed, default fields left out) */
static const char xenlab_xl_list_l[] =
    "[\n"
    "    {\n"
    "        \"domid\": 0,\n"
    "        \"config\": {\n"
    "            \"c_info\": {\n"
    "                \"type\": \"pv\",\n"
    "                \"name\": \"Domain-0\"\n"
    "            },\n"
    "            \"b_info\": {\n"
    "                \"max_memkb\": 1048576,\n"
    "                \"target_memkb\": 1048575,\n"
    "                \"sched_params\": {\n"
    "                    \"sched\": \"credit2\",\n"
    "                    \"weight\": 256,\n"
    "                    \"cap\": 0\n"
    "                },\n"
    "                \"type.pv\": {\n"
    "\n"
    "                },\n"
    "                \"arch_arm\": {\n"
    "\n"
    "                },\n"
    "                \"arch_x86\": {\n"
    "\n"
    "                }\n"
    "            }\n"
    "        }\n"
    "    },\n"
    "    {\n"
    "        \"domid\": 1,\n"
    "        \"config\": {\n"
    "            \"c_info\": {\n"
    "                \"type\": \"pv\",\n"
    "                \"name\": \"tiny\",\n"
    "                \"domid\": 4294967295,\n"
    "                \"uuid\": \"7f60d2b5-67eb-4cf3-8909-4ce22324cb56\",\n"
    "                \"run_hotplug_scripts\": \"True\"\n"
    "            },\n"
    "            \"b_info\": {\n"
    "                \"max_vcpus\": 1,\n"
    "                \"avail_vcpus\": [\n"
    "                    0\n"
    "                ],\n"
    "                \"max_memkb\": 262144,\n"
    "                \"target_memkb\": 262144,\n"
    "                \"video_memkb\": 0,\n"
    "                \"sched_params\": {\n"
    "                    \"sched\": \"credit2\",\n"
    "                    \"weight\": 256,\n"
    "                    \"cap\": 0\n"
    "                },\n"
    "                \"claim_mode\": \"True\",\n"
    "                \"kernel\": \"/boot/vmlinuz-6.1.0-56-amd64\",\n"
    "                \"cmdline\": \"console=hvc0 loglevel=4\",\n"
    "                \"ramdisk\": \"/var/lib/xen/images/tiny-initrd.gz\",\n"
    "                \"type.pv\": {\n"
    "\n"
    "                },\n"
    "                \"arch_arm\": {\n"
    "\n"
    "                },\n"
    "                \"arch_x86\": {\n"
    "                    \"msr_relaxed\": \"False\"\n"
    "                }\n"
    "            },\n"
    "            \"disks\": [\n"
    "                {\n"
    "                    \"pdev_path\": \"/var/lib/xen/images/tiny-disk.img\",\n"
    "                    \"vdev\": \"xvda\",\n"
    "                    \"backend\": \"qdisk\",\n"
    "                    \"format\": \"raw\",\n"
    "                    \"readwrite\": 1,\n"
    "                    \"colo_restore_enable\": \"False\"\n"
    "                }\n"
    "            ],\n"
    "            \"on_soft_reset\": \"soft_reset\"\n"
    "        }\n"
    "    }\n"
    "]\n";

/* Shaped like Xen 4.4's xl list -l: Domain-0 skipped, every field printed, a read-only cdrom,
 * two nics, behind a shell prompt. */
static const char xl44_list_l[] =
    "[root@dom0 ~]# xl list -l\n"
    "[\n"
    "    {\n"
    "        \"domid\": 7,\n"
    "        \"config\": {\n"
    "            \"c_info\": {\n"
    "                \"type\": \"hvm\",\n"
    "                \"hap\": \"<default>\",\n"
    "                \"name\": \"vm-web\",\n"
    "                \"uuid\": \"0004fb00-0006-0000-63c6-16814464d177\"\n"
    "            },\n"
    "            \"b_info\": {\n"
    "                \"max_vcpus\": 4,\n"
    "                \"max_memkb\": 16740352,\n"
    "                \"target_memkb\": 16740352\n"
    "            },\n"
    "            \"disks\": [\n"
    "                {\n"
    "                    \"backend_domid\": 0,\n"
    "                    \"pdev_path\": \"/OVS/Repositories/0004fb000003000024cd350d232b41fc/Virtu"
    "alDisks/a.img\",\n"
    "                    \"vdev\": \"xvda\",\n"
    "                    \"backend\": \"unknown\",\n"
    "                    \"format\": \"raw\",\n"
    "                    \"readwrite\": 1,\n"
    "                    \"is_cdrom\": 0\n"
    "                },\n"
    "                {\n"
    "                    \"pdev_path\": \"/OVS/Repositories/0004fb000003000024cd350d232b41fc/ISOs/"
    "b.iso\",\n"
    "                    \"vdev\": \"hdc\",\n"
    "                    \"format\": \"raw\",\n"
    "                    \"readwrite\": 0,\n"
    "                    \"is_cdrom\": 1\n"
    "                }\n"
    "            ],\n"
    "            \"nics\": [\n"
    "                {\n"
    "                    \"mac\": \"00:21:f6:2a:00:68\",\n"
    "                    \"bridge\": \"172.24.19.0\"\n"
    "                },\n"
    "                {\n"
    "                    \"mac\": \"00:21:f6:2a:01:68\",\n"
    "                    \"bridge\": \"100bc68c90\"\n"
    "                }\n"
    "            ],\n"
    "            \"on_poweroff\": \"destroy\",\n"
    "            \"on_reboot\": \"restart\",\n"
    "            \"on_crash\": \"preserve\"\n"
    "        }\n"
    "    }\n"
    "]\n"
    "[root@dom0 ~]#\n";

static void test_xllistl_xenlab(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out", xenlab_xl_list_l, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0]"),
                        "{\"domid\":0,\"name\":\"Domain-0\",\"type\":\"pv\",\"max_memkb\":1048576,"
                        "\"target_memkb\":1048575,\"disks\":[],\"nics\":[]}");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[1]"),
                        "{\"domid\":1,\"name\":\"tiny\",\"uuid\":\"7f60d2b5-67eb-4cf3-8909-4ce2232"
                        "4cb56\","
                        "\"type\":\"pv\",\"max_memkb\":262144,\"target_memkb\":262144,\"max_vcpus"
                        "\":1,"
                        "\"disks\":[{\"pdev_path\":\"/var/lib/xen/images/tiny-disk.img\",\"vdev\":"
                        "\"xvda\","
                        "\"readwrite\":true,\"format\":\"raw\"}],\"nics\":[]}");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[2]"), "null");
    facts_release(&f);
}

static void test_xllistl_xl44(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out", xl44_list_l, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].domid"), "7");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].name"), "\"vm-web\"");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].type"), "\"hvm\"");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].max_vcpus"), "4");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].on_crash"), "\"preserve\"");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].disks[1]"),
                        "{\"pdev_path\":\"/OVS/Repositories/0004fb000003000024cd350d232b41fc/ISOs/"
                        "b.iso\","
                        "\"vdev\":\"hdc\",\"readwrite\":false,\"format\":\"raw\"}");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0].nics"),
                        "[{\"mac\":\"00:21:f6:2a:00:68\",\"bridge\":\"172.24.19.0\"},"
                        "{\"mac\":\"00:21:f6:2a:01:68\",\"bridge\":\"100bc68c90\"}]");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[1]"), "null");
    facts_release(&f);

    /* no domain but Domain-0 on 4.4: an empty array */
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out", "[\n]\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xl_list_l.domains"), "[]");
    facts_release(&f);
}

static void test_xllistl_sxp(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out",
                 "(domain\n    (domid 1)\n    (create_info)\n)\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "1");
    assert_string_equal(test_raw(&f, "xl_list_l"), "null");
    facts_release(&f);
}

/* Wrong types are reported and skipped; the rest of the domain stays. */
static void test_xllistl_types(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out",
                 "[ 5, {\"config\": {}},\n"
                 "  {\"domid\": 2, \"config\": {\"c_info\": {\"name\": 5, \"uuid\": \"u\"},\n"
                 "   \"b_info\": {\"max_memkb\": \"lots\", \"target_memkb\": 1024},\n"
                 "   \"disks\": [7, {\"vdev\": \"xvda\", \"readwrite\": \"yes\"}], \"nics\": {}}},"
                 "\n"
                 "  {\"domid\": 3, \"config\": []} ]\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 8);
    assert_string_equal(test_fact(&f, "errors[0].message"), "\"domains[0]: not an object\"");
    assert_string_equal(test_fact(&f, "errors[1].message"), "\"domains[1]: no integer domid\"");
    assert_string_equal(test_fact(&f, "errors[2].message"),
                        "\"domains[2].name: not a string\"");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[0]"),
                        "{\"domid\":2,\"uuid\":\"u\",\"target_memkb\":1024,"
                        "\"disks\":[{\"vdev\":\"xvda\"}],\"nics\":[]}");
    assert_string_equal(test_raw(&f, "xl_list_l.domains[1]"),
                        "{\"domid\":3,\"disks\":[],\"nics\":[]}");
    facts_release(&f);
}

static void test_xllistl_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xl_list_l"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out", "\xff\xfe\x01junk\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xllistl: line 1: '\?\?\?junk': not a JSON domain list\"");
    facts_release(&f);

    /* bad JSON: json-c's reason at its line and column */
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out",
                 "\n[\n {\"domid\": 1,\n  \"config\": {}}\n  ,,]\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xllistl: line 5, column 4: unexpected character\"");
    assert_string_equal(test_raw(&f, "xl_list_l"), "null");
    facts_release(&f);

    /* truncated mid-line */
    test_analyze(&analyzer_xllistl, "cmd/xl-list-l.out",
                 "[\n    {\n        \"domid\": 0,\n        \"config\": {\n            \"c_in", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xllistl: line 5, column 18: the JSON text ends early (truncated)\"");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xllistl_xenlab),
        cmocka_unit_test(test_xllistl_xl44),
        cmocka_unit_test(test_xllistl_sxp),
        cmocka_unit_test(test_xllistl_types),
        cmocka_unit_test(test_xllistl_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
