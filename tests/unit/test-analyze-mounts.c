/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_mounts;

/* examples/ovm-host/root/proc/mounts (cut) */
static const char ovm_mounts[] =
    "rootfs / rootfs rw 0 0\n"
    "proc /proc proc rw,relatime 0 0\n"
    "/dev/sda2 / ext4 rw,relatime,data=ordered 0 0\n"
    "none /proc/xen xenfs rw,relatime 0 0\n"
    "xenstore /var/lib/xenstored tmpfs rw,relatime,mode=755 0 0\n"
    "ocfs2_dlmfs /dlm ocfs2_dlmfs rw,relatime 0 0\n"
    "/dev/mapper/36e843b66f5d2554d35f7d4504d9adbdd /poolfsmnt/0004fb0000050000e456be54b953205c "
    "ocfs2 rw,relatime,_netdev,heartbeat=global,nointr,data=ordered,errors=remount-ro,"
    "atime_quantum=60,cluster_stack=o2cb,coherency=full,user_xattr,acl 0 0\n"
    "/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8 "
    "/OVS/Repositories/0004fb000003000024cd350d232b41fc "
    "ocfs2 rw,relatime,_netdev,heartbeat=global 0 0\n";

static void test_mounts_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_mounts, "root/proc/mounts", ovm_mounts, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.mounts[0]"),
                        "{\"device\":\"rootfs\",\"mount\":\"/\",\"fs\":\"rootfs\","
                        "\"options\":\"rw\"}");
    assert_string_equal(test_fact(&f, "storage.mounts[3].fs"), "\"xenfs\"");
    assert_string_equal(test_fact(&f, "storage.mounts[7].mount"),
                        "\"/OVS/Repositories/0004fb000003000024cd350d232b41fc\"");
    assert_string_equal(test_fact(&f, "storage.mounts[7].device"),
                        "\"/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8\"");
    assert_string_equal(test_fact(&f, "storage.mounts[7].options"),
                        "\"rw,relatime,_netdev,heartbeat=global\"");
    assert_string_equal(test_fact(&f, "storage.mounts[8]"), "null");
    facts_release(&f);
}

static void test_mounts_escapes_and_noise(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_mounts, "root/proc/mounts",
                 "[root@sv091 ~]# cat /proc/mounts\r\n"
                 "nfs1:/export/my\\040share /mnt/with\\040space\\011tab nfs rw,vers=3 0 0\r\n"
                 "\t/dev/sdb1\t/back\\134slash\text3\trw\t0\t0\n"
                 "/dev/sdc1 /cut ext4 rw,rela", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "storage.mounts[0].device"), "\"nfs1:/export/my share\"");
    assert_string_equal(test_fact(&f, "storage.mounts[0].mount"), "\"/mnt/with space\\ttab\"");
    assert_string_equal(test_fact(&f, "storage.mounts[1].mount"), "\"/back\\\\slash\"");
    assert_string_equal(test_fact(&f, "storage.mounts[2].options"), "\"rw,rela\"");
    facts_release(&f);
}

static void test_mounts_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_mounts, "root/proc/mounts",
                 "/dev/sda1 / ext4 rw 0 0\nthis is not\n/dev/sdb relative ext4 rw 0 0\n"
                 "\x01\x02\x7f junk bytes here\n/dev/sdc /x", &f);
    assert_int_equal(test_fact_errors(&f), 4);
    assert_string_equal(test_fact(&f, "errors[0].line"), "2");
    assert_string_equal(test_fact(&f, "errors[0].artefact"), "\"root/proc/mounts\"");
    assert_string_equal(test_fact(&f, "storage.mounts[0].mount"), "\"/\"");
    assert_string_equal(test_fact(&f, "storage.mounts[1]"), "null");
    facts_release(&f);

    test_analyze(&analyzer_mounts, "root/proc/mounts", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "storage.mounts"), "null");
    facts_release(&f);

    test_analyze(&analyzer_mounts, "root/proc/mounts", "\x7f" "ELF\x02\x01\x01", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mounts_ovm_host),
        cmocka_unit_test(test_mounts_escapes_and_noise),
        cmocka_unit_test(test_mounts_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
