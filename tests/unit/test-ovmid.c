/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/ovmid.h"

#include <string.h>

static const char *type_of(const char *s)
{
    return ovmid_type(s, strlen(s));
}

static void test_ovmid_types(void **state)
{
    (void)state;
    assert_string_equal(type_of("0004fb00000100000af70d20dcce7d65"), "manager");
    assert_string_equal(type_of("0004fb0000020000b5995e9c15a0a4a5"), "server_pool");
    assert_string_equal(type_of("0004fb000003000024cd350d232b41fc"), "repository");
    assert_string_equal(type_of("0004fb00000500003a887e2393804ccb"), "file_system");
    assert_string_equal(type_of("0004fb000006000063c616814464d177"), "vm");
    assert_string_equal(type_of("0004fb0000070000d1272c5187d1bef0"), "virtual_nic");
    assert_string_equal(type_of("0004fb000009000022fbc1cfc5f3deaf"), "storage_array");
    assert_string_equal(type_of("0004fb0000120000e77ab5d916c6c3c2.img"), "virtual_disk");
    assert_string_equal(type_of("0004fb000013000030d92b2d5d22870d"), "vm_disk_mapping");
    assert_string_equal(type_of("0004fb0000140000333ad11fe3594b30"), "vm_template");
    assert_string_equal(type_of("0004fb00001500009f6ce2a34d84d851.iso"), "virtual_cdrom");
    assert_string_equal(type_of("0004fb0000180000a2a5409294f4eb35"), "storage_element");
    /* dashed (vm.cfg uuid), upper case (o2cb heartbeat regions) */
    assert_string_equal(type_of("0004fb00-0006-0000-63c6-16814464d177"), "vm");
    assert_string_equal(type_of("0004FB00000500003A887E2393804CCB"), "file_system");
    assert_string_equal(type_of("0004fb00-0012-0000-b4aa-1d5fea4c543a.img"), "virtual_disk");
    /* a length given shorter than the string */
    assert_string_equal(ovmid_type("0004fb0000060000cfe2da48f9e2120e,xvda", 32), "vm");
}

static void test_ovmid_not_ids(void **state)
{
    (void)state;
    assert_null(type_of(""));
    assert_null(type_of("sv254-ovmm-01.img"));
    assert_null(type_of("0004fb0000ff0000cfe2da48f9e2120e"));      /* unknown type code */
    assert_null(type_of("0004fb0000060001cfe2da48f9e2120e"));      /* not 0000 */
    assert_null(type_of("6d015d4f722144b39a0d9ebd71ec464e"));      /* a uuid, not OVM's */
    assert_null(type_of("0004fb0000060000cfe2da48f9e2120"));       /* 31 digits */
    assert_null(type_of("0004fb0000060000cfe2da48f9e2120e0"));     /* 33 digits */
    assert_null(type_of("0004fb0000060000cfe2da48f9e2120g"));
    assert_null(type_of("0004fb00-0006-0000-63c616814464d177"));   /* dashes missing */
    assert_null(type_of("0004fb00-0006-0000-63c6-16814464d177x")); /* not an extension */
    assert_null(type_of("0004fb0000120000e77ab5d916c6c3c2."));
    assert_null(type_of("0004fb0000120000e77ab5d916c6c3c2.img.bak"));
    assert_null(type_of("0004fb0000120000e77ab5d916c6c3c2.toolongext"));
    assert_null(ovmid_type(NULL, 0));
}

static void test_ovmid_canon(void **state)
{
    char id[OVMID_LEN + 1] = "untouched";

    (void)state;
    assert_true(ovmid_canon("0004fb00-0006-0000-63C6-16814464D177", 36, id));
    assert_string_equal(id, "0004fb000006000063c616814464d177");
    assert_true(ovmid_canon("6d015d4f722144b39a0d9ebd71ec464e", 32, id));
    assert_string_equal(id, "6d015d4f722144b39a0d9ebd71ec464e");
    assert_true(ovmid_canon("0004fb0000120000e77ab5d916c6c3c2.img", 36, id));
    assert_string_equal(id, "0004fb0000120000e77ab5d916c6c3c2");
    memcpy(id, "untouched", 10);
    assert_false(ovmid_canon("Domain-0", 8, id));
    assert_false(ovmid_canon("0004fb00-0006-0000-63c6-16814464d17", 35, id));
    assert_string_equal(id, "untouched");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ovmid_types),
        cmocka_unit_test(test_ovmid_not_ids),
        cmocka_unit_test(test_ovmid_canon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
