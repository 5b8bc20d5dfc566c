/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_df;

static const char *plain(json_object *o)
{
    return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                 JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* examples/ovm-host/outputs/df-P.txt and df-Pi.txt */
static const char ovm_df[] =
    "Filesystem         1024-blocks      Used Available Capacity Mounted on\n"
    "/dev/sda2             51475068   6873216  41980412      15% /\n"
    "tmpfs                  1385440         0   1385440       0% /dev/shm\n"
    "/dev/sda1               487652    117404    344648      26% /boot\n"
    "xenstore               1385440       160   1385280       1% /var/lib/xenstored\n"
    "/dev/mapper/36e843b66f5d2554d35f7d4504d9adbdd    12582912   1468416  11114496      12% "
    "/poolfsmnt/0004fb0000050000e456be54b953205c\n"
    "/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8  4294967296 2871562240 1423405056      67% "
    "/OVS/Repositories/0004fb000003000024cd350d232b41fc\n";
static const char ovm_dfi[] =
    "Filesystem            Inodes   IUsed   IFree IUse% Mounted on\n"
    "/dev/sda2            3276800  101823 3174977    4% /\n"
    "tmpfs                 346360       1  346359    1% /dev/shm\n"
    "/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8 1073741824    1307 1073740517    1% "
    "/OVS/Repositories/0004fb000003000024cd350d232b41fc\n";


static void test_df_ovm_host(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_df, "cmd/df-P.out", ovm_df, &f);
    analyzer_run(&analyzer_df, &f, "cmd/df-Pi.out", ovm_dfi, strlen(ovm_dfi));
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 0);
    assert_string_equal(test_raw(&f, "df.filesystems./"),
                        "{\"device\":\"/dev/sda2\",\"size_bytes\":52710469632,"
                        "\"used_bytes\":7038173184,\"avail_bytes\":42987941888,\"use_pct\":15,"
                        "\"inodes\":3276800,\"inodes_used\":101823,\"inodes_free\":3174977,"
                        "\"inodes_pct\":4}");
    /* dotted mount points are keys of their own, not paths */
    assert_non_null(json_object_object_get(
        json_object_object_get(json_object_object_get(f.raw, "df"), "filesystems"),
        "/OVS/Repositories/0004fb000003000024cd350d232b41fc"));
    assert_string_equal(test_raw(&f, "df.filesystems./dev/shm.used_bytes"), "0");
    facts_release(&f);

    /* the inode listing alone, any order */
    test_analyze(&analyzer_df, "cmd/df-Pi.out", ovm_dfi, &f);
    assert_string_equal(test_raw(&f, "df.filesystems./.inodes_pct"), "4");
    assert_string_equal(test_raw(&f, "df.filesystems./.device"), "\"/dev/sda2\"");
    assert_string_equal(test_raw(&f, "df.filesystems./.size_bytes"), "null");
    facts_release(&f);
}

static void test_df_wrapped_spaces_512(void **state)
{
    struct facts f;
    json_object *fs;

    (void)state;
    test_analyze(&analyzer_df, "cmd/df-P.out",
                 "[root@sv091 ~]# df\n"
                 "Filesystem     512-blocks      Used Available Capacity Mounted on\n"
                 "/dev/mapper/VolGroup00-LogVol00\n"
                 "                 1000        500       500      50% /\n"
                 "nfs1:/exp          20         10        10      50% /mnt/my share\n"
                 "proc                -          -         -        - /proc\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    fs = json_object_object_get(json_object_object_get(f.raw, "df"), "filesystems");
    assert_string_equal(plain(json_object_object_get(fs, "/")),
                        "{\"device\":\"/dev/mapper/VolGroup00-LogVol00\",\"size_bytes\":512000,"
                        "\"used_bytes\":256000,\"avail_bytes\":256000,\"use_pct\":50}");
    assert_non_null(json_object_object_get(fs, "/mnt/my share"));
    assert_string_equal(plain(json_object_object_get(fs, "/proc")),
                        "{\"device\":\"proc\"}");
    facts_release(&f);

    test_analyze(&analyzer_df, "cmd/df-P.out",
                 "Filesystem 1K-blocks Used Available Use% Mounted on\r\n"
                 "/dev/sda1\t100\t50\t50\t50%\t/boot\r\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "df.filesystems./boot.size_bytes"), "102400");
    facts_release(&f);
}

static void test_df_malformed(void **state)
{
    struct facts f;

    (void)state;
    /* truncated mid-line, a lone device at the end, an error line, junk */
    test_analyze(&analyzer_df, "cmd/df-P.out",
                 "Filesystem 1024-blocks Used Available Capacity Mounted on\n"
                 "/dev/sda2 100 50 50 50% /\n"
                 "df: `/OVS/Repositories/x': Transport endpoint is not connected\n"
                 "garbage line here\n"
                 "/dev/sdb 99999999999999999999 1 1 1% /big\n"
                 "/dev/sdc 100 50\n"
                 "/dev/sdd 100 50 50 50%\n"
                 "/dev/mapper/lonely\n", &f);
    assert_int_equal(test_fact_errors(&f), 5);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_raw(&f, "df.filesystems./.use_pct"), "50");
    assert_string_equal(test_raw(&f, "df.filesystems./big.used_bytes"), "1024");
    assert_string_equal(test_raw(&f, "df.filesystems./big.size_bytes"), "null");
    facts_release(&f);

    /* no header: the file name decides, with a note */
    test_analyze(&analyzer_df, "cmd/df-Pi.out", "/dev/sda2 10 5 5 50% /\n", &f);
    assert_int_equal(test_fact_notes(&f), 1);
    assert_string_equal(test_raw(&f, "df.filesystems./.inodes"), "10");
    facts_release(&f);

    test_analyze(&analyzer_df, "cmd/df-P.out",
                 "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda2 49G 6.6G 41G 15% /\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_raw(&f, "df"), "null");
    facts_release(&f);

    test_analyze(&analyzer_df, "cmd/df-P.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    facts_release(&f);
    test_analyze(&analyzer_df, "cmd/df-P.out", "\x01\x02\x03\x04 binary\x7f", &f);
    assert_int_equal(test_fact_errors(&f), 2);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_df_ovm_host),
        cmocka_unit_test(test_df_wrapped_spaces_512),
        cmocka_unit_test(test_df_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
