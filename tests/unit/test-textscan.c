/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/textscan.h"

#include <string.h>

static bool noise(const char *s)
{
    return textscan_noise(s, strlen(s));
}

static void test_textscan_noise(void **state)
{
    (void)state;
    assert_true(noise(""));
    assert_true(noise("   \t "));
    assert_true(noise("[root@sv091 ~]# xm list"));
    assert_true(noise("[root@sv091 ~]$ df -P"));
    assert_true(noise("root@xenlab-dom0:~# xl info"));
    assert_true(noise("[code]"));
    assert_true(noise("[/code]  "));
    assert_true(noise("<pre>"));
    assert_true(noise("```"));
    assert_true(noise("[code][root@sv091 ~]# multipath -ll"));
    assert_false(noise("36e843b67fd0b542d4551d417dd8bdad8 dm-1 QNAP,iSCSI Storage"));
    assert_false(noise("[size=10G][features=0][hwhandler=0]"));
    assert_false(noise("#:#:#:# - #:# failed faulty running"));
    assert_false(noise("user@example.com"));
    assert_false(noise("[1] foo@bar"));
}

static void test_textscan_markup(void **state)
{
    const char *s;
    size_t n;

    (void)state;
    s = "[code]mpatha (3600) dm-0 HP,X[/code]";
    n = strlen(s);
    textscan_strip_markup(&s, &n);
    assert_int_equal(n, strlen("mpatha (3600) dm-0 HP,X"));
    assert_memory_equal(s, "mpatha (3600) dm-0 HP,X", n);
    /* leading blanks are kept when there is no markup in front */
    s = "\t\t\tvif1.0[/code]";
    n = strlen(s);
    textscan_strip_markup(&s, &n);
    assert_int_equal(n, 9);
    assert_memory_equal(s, "\t\t\tvif1.0", n);
    s = "  plain  ";
    n = strlen(s);
    textscan_strip_markup(&s, &n);
    assert_int_equal(n, strlen("  plain  "));
}

static void test_textscan_helpers(void **state)
{
    char buf[8];
    const char *hay = "Checking O2CB heartbeat: Active";

    (void)state;
    assert_true(textscan_binary("a\0b", 3));
    assert_true(textscan_binary("\x01\x02", 2));
    assert_false(textscan_binary("tab\there\r", 9));
    assert_false(textscan_binary("caf\xc3\xa9", 5));
    assert_int_equal(textscan_copy(buf, sizeof(buf), "0123456789", 10), 7);
    assert_string_equal(buf, "0123456");
    assert_int_equal(textscan_copy(buf, sizeof(buf), "ab", 2), 2);
    assert_string_equal(buf, "ab");
    assert_true(textscan_eq("abc", 3, "abc"));
    assert_false(textscan_eq("abc", 3, "ab"));
    assert_true(textscan_ieq("ONLINE", 6, "online"));
    assert_true(textscan_istarts("Heartbeat Mode: Global", 22, "heartbeat mode:"));
    assert_false(textscan_istarts("Heart", 5, "heartbeat"));
    assert_ptr_equal(textscan_find(hay, strlen(hay), "heartbeat"), hay + 14);
    assert_null(textscan_find(hay, strlen(hay), "Offline"));
    assert_null(textscan_find(hay, 3, "Checking"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textscan_noise),
        cmocka_unit_test(test_textscan_markup),
        cmocka_unit_test(test_textscan_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
