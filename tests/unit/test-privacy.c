/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "collector/privacy.h"
#include "lib/buf.h"

#include <stdlib.h>
#include <string.h>

static char *masked(const char *in, size_t *count)
{
    char *s = strdup(in);

    *count = privacy_mask(s, strlen(s));
    return s;
}

static void check(const char *in, const char *want, size_t want_count)
{
    size_t n;
    char *s = masked(in, &n);

    assert_string_equal(s, want);
    assert_int_equal(n, want_count);
    free(s);
}

static void test_privacy_forbidden_paths(void **state)
{
    (void)state;
    assert_non_null(privacy_forbidden("/etc/ovs-agent/passwdfile"));
    assert_non_null(privacy_forbidden("/etc/ovs-agent/cert/key.pem"));
    assert_non_null(privacy_forbidden("/etc/ovs-agent/cert/certificate.pem"));
    assert_non_null(privacy_forbidden("/root/.ssh/id_rsa"));
    assert_non_null(privacy_forbidden("/etc/ssh/ssh_host_rsa_key"));
    assert_non_null(privacy_forbidden("/etc/pki/private/x"));
    assert_non_null(privacy_forbidden("/etc/ovs-agent/keys/agent"));
    assert_non_null(privacy_forbidden("/var/lib/Password-Store/x"));
    assert_null(privacy_forbidden("/etc/ovs-agent/agent.ini"));
    assert_null(privacy_forbidden("/var/log/xen/xend.log"));
    assert_null(privacy_forbidden("/OVS/Repositories/0004fb00000300003fbb494d1ddbff7d/.ovsrepo"));
    assert_null(privacy_forbidden("/etc/xen/scripts/vif-bridge"));
    assert_null(privacy_forbidden("/boot/grub/grub.conf"));
}

static void test_privacy_masks_every_syntax(void **state)
{
    (void)state;
    check("vncpasswd = 'SECRET1'\n", "vncpasswd = '*******'\n", 1);
    check("password=hunter2\nuser=admin\n", "password=*******\nuser=admin\n", 1);
    check("[ssl]\nssl_keyfile_password : abc def\n", "[ssl]\nssl_keyfile_password : *** def\n", 1);
    check("(device (vfb (vncpasswd s3cr3t) (type vnc)))", "(device (vfb (vncpasswd ******) (type vnc)))", 1);
    check("/vm/abc/vncpasswd = \"xyz\"\n", "/vm/abc/vncpasswd = \"***\"\n", 1);
    check("{'password': u'p\\'w', 'alias': u'nas'}", "{'password': u'****', 'alias': u'nas'}", 1);
    check("{\"secret\": \"t0k\"}", "{\"secret\": \"***\"}", 1);
    check("OVS_PASSWORD=abc\n", "OVS_PASSWORD=***\n", 1);
    check("url https://oracle:Welcome1@10.0.0.1:8899/ x", "url https://oracle:********@10.0.0.1:8899/ x", 1);
}

static void test_privacy_leaves_prose_and_empty_values(void **state)
{
    (void)state;
    check("Authentication failed: bad password for user oracle\n",
          "Authentication failed: bad password for user oracle\n", 0);
    check("password = \npasswd:\n", "password = \npasswd:\n", 0);
    check("if passwd == x:\n", "if passwd == x:\n", 0);
    check("https://example.com/path\n", "https://example.com/path\n", 0);
    check("keymap = 'de'\n", "keymap = 'de'\n", 0);
}

static void test_privacy_value_stops_at_line_end(void **state)
{
    (void)state;
    check("password = 'unterminated\nnext = 1\n", "password = '************\nnext = 1\n", 1);
}

/* The byte-table prefilter: every stem in any case, stems at the ends of the buffer, and a
 * long clean text full of p, s, c and ':' (the triggers' first bytes) left alone. */
static void test_privacy_prefilter_keeps_every_trigger(void **state)
{
    struct buf big = BUF_INIT;
    size_t n, i;
    char *s;

    (void)state;
    check("PWD=x\n", "PWD=*\n", 1);
    check("PassPhrase: y", "PassPhrase: *", 1);
    check("Credential=zz", "Credential=**", 1);
    check("SeCrEt:q", "SeCrEt:*", 1);
    check("x passw", "x passw", 0);
    check("p", "p", 0);
    check(":", ":", 0);
    check("s:/", "s:/", 0);
    check("ftp://u:pw@h", "ftp://u:**@h", 1);
    for (i = 0; i < 2000; i++)
        buf_adds(&big, "spec cpu pool: scsi path ps c:\\p sec crc pa pw se cr\n");
    buf_adds(&big, "secret=last");
    s = masked(big.data, &n);
    assert_int_equal(n, 1);
    assert_int_equal(memcmp(s, big.data, big.len - 4), 0);
    assert_string_equal(s + big.len - 4, "****");
    free(s);
    buf_release(&big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_privacy_forbidden_paths),
        cmocka_unit_test(test_privacy_masks_every_syntax),
        cmocka_unit_test(test_privacy_leaves_prose_and_empty_values),
        cmocka_unit_test(test_privacy_value_stops_at_line_end),
        cmocka_unit_test(test_privacy_prefilter_keeps_every_trigger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
