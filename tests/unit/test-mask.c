/* SPDX-License-Identifier: MIT */
/* collector/mask.c: address pseudonyms keep their structure, are deterministic for one key and
 * differ for another; names are replaced only as whole words; mask_find sees every original. */
#include "tests/unit/helpers.h"
#include "collector/mask.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const unsigned char key1[MASK_KEY_LEN] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[MASK_KEY_LEN] = "fedcba9876543210fedcba9876543210";

static char *masked(struct mask *m, const char *in)
{
    struct buf out = BUF_INIT;

    mask_text(m, in, strlen(in), &out);
    return buf_detach(&out, NULL);
}

static void test_mask_ipv4_structure(void **state)
{
    struct mask *m = mask_new(key1), *m2 = mask_new(key2), *m1b = mask_new(key1);
    unsigned char a[4] = { 172, 24, 19, 95 }, b[4] = { 172, 24, 19, 96 },
                  c[4] = { 172, 24, 20, 95 }, pa[4], pb[4], pc[4], pa2[4], pa1b[4];
    unsigned char keep[][4] = { { 127, 0, 0, 1 }, { 0, 0, 0, 0 }, { 255, 255, 255, 255 },
                                { 255, 255, 255, 0 }, { 224, 0, 0, 1 } };
    unsigned char net[4] = { 172, 24, 19, 0 }, bc[4] = { 172, 24, 19, 255 }, pn[4], pbc[4];
    unsigned int i, j, seen[256] = { 0 };
    size_t k;

    (void)state;
    assert_true(mask_ipv4(m, a, pa));
    assert_true(mask_ipv4(m, b, pb));
    assert_true(mask_ipv4(m, c, pc));
    /* one /24 stays one /24, a neighbour /24 keeps the /16 */
    assert_memory_equal(pa, pb, 3);
    assert_int_not_equal(pa[3], pb[3]);
    assert_memory_equal(pa, pc, 2);
    assert_int_not_equal(pa[2], pc[2]);
    assert_memory_not_equal(pa, a, 4);
    /* deterministic with one key, different with another */
    assert_true(mask_ipv4(m1b, a, pa1b));
    assert_memory_equal(pa, pa1b, 4);
    assert_true(mask_ipv4(m2, a, pa2));
    assert_memory_not_equal(pa, pa2, 4);
    /* network and broadcast keep their last octet; special addresses stay */
    assert_true(mask_ipv4(m, net, pn));
    assert_true(mask_ipv4(m, bc, pbc));
    assert_int_equal(pn[3], 0);
    assert_int_equal(pbc[3], 255);
    assert_memory_equal(pn, pa, 3);
    for (k = 0; k < 5; k++)
        assert_false(mask_ipv4(m, keep[k], pa));
    /* the last octet is a permutation of 1..254 within a /24 */
    for (i = 1; i < 255; i++) {
        unsigned char x[4] = { 10, 1, 2, (unsigned char)i }, y[4];
        assert_true(mask_ipv4(m, x, y));
        assert_true(y[3] >= 1 && y[3] <= 254);
        assert_int_equal(seen[y[3]]++, 0);
        assert_true(y[0] != 127 && y[0] != 0 && y[0] < 224);
    }
    for (j = 1; j < 224; j++) {
        unsigned char x[4] = { (unsigned char)j, 1, 2, 3 }, y[4];
        if (j == 127)
            continue;
        assert_true(mask_ipv4(m, x, y));
        assert_true(y[0] != 127 && y[0] != 0 && y[0] < 224);
    }
    mask_free(m);
    mask_free(m2);
    mask_free(m1b);
}

static void test_mask_text_addresses(void **state)
{
    struct mask *m = mask_new(key1), *m2 = mask_new(key2);
    char *s, *t, *u;

    (void)state;
    s = masked(m, "inet 172.24.19.95/24 brd 172.24.19.255 lo 127.0.0.1 mask 255.255.255.0\n"
                  "mac=00:21:f6:2a:01:66,bridge=x mac=00:21:F6:2A:01:67 bc ff:ff:ff:ff:ff:ff\n"
                  "inet6 fe80::5eb9:1ff:fe8a:3e10/64 ::1 2001:db8:1:2::7 ff02::1\n"
                  "kernel 4.1.12-124.48.6.el6uek at 10:15:00 uuid 01:c7:3f:76:8e:4a:e6:11:9f:82\n"
                  "gcc 4.9.2-6.2.0.3\n");
    t = masked(m, "again 172.24.19.95 and 00:21:f6:2a:01:66 and fe80::5eb9:1ff:fe8a:3e10\n");
    u = masked(m2, "again 172.24.19.95\n");
    assert_null(strstr(s, "172.24.19.95"));
    assert_non_null(strstr(s, "127.0.0.1"));
    assert_non_null(strstr(s, "255.255.255.0"));
    assert_non_null(strstr(s, ".255 lo"));
    assert_non_null(strstr(s, "mac=00:21:f6:"));
    assert_null(strstr(s, "2a:01:66"));
    assert_non_null(strstr(s, "mac=00:21:F6:"));         /* spelling kept */
    assert_non_null(strstr(s, "ff:ff:ff:ff:ff:ff"));
    assert_non_null(strstr(s, "inet6 fe80::"));
    assert_null(strstr(s, "5eb9:1ff:fe8a:3e10"));
    assert_non_null(strstr(s, " ::1 "));
    assert_null(strstr(s, "2001:db8:1:2::7"));
    assert_non_null(strstr(s, "ff02::1"));
    assert_non_null(strstr(s, "4.1.12-124.48.6.el6uek at 10:15:00"));
    assert_non_null(strstr(s, "01:c7:3f:76:8e:4a:e6:11:9f:82"));
    assert_non_null(strstr(s, "4.9.2-6.2.0.3"));
    /* the same value, the same pseudonym, in another text */
    {
        char p95[32], pmac[32];
        const char *x = strstr(s, "inet ") + 5, *y = strstr(s, "mac=") + 4;
        snprintf(p95, sizeof(p95), "%.*s", (int)strcspn(x, "/"), x);
        snprintf(pmac, sizeof(pmac), "%.17s", y);
        assert_non_null(strstr(t, p95));
        assert_non_null(strstr(t, pmac));
        assert_null(strstr(u, p95));
    }
    assert_int_equal(mask_count(m, MASK_IPV4), 2);   /* .95 and .255 */
    assert_int_equal(mask_count(m, MASK_MAC), 2);
    assert_int_equal(mask_count(m, MASK_IPV6), 2);
    free(s);
    free(t);
    free(u);
    mask_free(m);
    mask_free(m2);
}

static void test_mask_mac_unique(void **state)
{
    struct mask *m = mask_new(key1);
    unsigned char in[6] = { 0x00, 0x21, 0xf6, 0, 0, 0 }, out[6];
    static unsigned char seen[1 << 21];   /* bit per 24-bit value */
    unsigned v, p;

    (void)state;
    memset(seen, 0, sizeof(seen));
    for (v = 0; v < 70000; v++) {
        in[3] = (unsigned char)(v >> 16);
        in[4] = (unsigned char)(v >> 8);
        in[5] = (unsigned char)v;
        assert_true(mask_mac(m, in, out));
        assert_memory_equal(out, in, 3);
        p = (unsigned)out[3] << 16 | (unsigned)out[4] << 8 | out[5];
        assert_false(seen[p >> 3] & (1u << (p & 7)));
        seen[p >> 3] |= (unsigned char)(1u << (p & 7));
    }
    mask_free(m);
}

static void test_mask_names_word_bounded(void **state)
{
    struct mask *m = mask_new(key1);
    const char *h, *v, *r, *fq;
    char *s, want[256];

    (void)state;
    assert_true(mask_learn(m, MASK_HOST, "sv095", 5));
    assert_true(mask_learn(m, MASK_VM, " 'sv107' ", 9));
    assert_true(mask_learn(m, MASK_REPO, "sv095-repository", 16));
    assert_true(mask_learn(m, MASK_POOL, "I.NPP 42 ServerPool sv080", 25));
    assert_false(mask_learn(m, MASK_HOST, "localhost", 9));
    assert_false(mask_learn(m, MASK_HOST, "ab", 2));
    assert_false(mask_learn(m, MASK_VM, "0004fb0000060000e1c4b3a2d1f00a11", 32));
    assert_false(mask_learn(m, MASK_HOST, "10.1.2.3", 8));
    assert_false(mask_learn(m, MASK_HOST, "SV095", 5));   /* known, case-insensitively */
    h = mask_name_pseudonym(m, "sv095");
    v = mask_name_pseudonym(m, "sv107");
    r = mask_name_pseudonym(m, "sv095-repository");
    assert_non_null(h);
    assert_int_equal(strlen(h), strlen("host-") + 8);
    assert_int_equal(strncmp(v, "vm-", 3), 0);
    assert_int_equal(strncmp(r, "repo-", 5), 0);
    s = masked(m, "sv095 SV095 sv0950 xsv095 sv095.log sv095-repository 'sv107' vg_sv107/lv "
                  "pool I.NPP 42 ServerPool sv080.\n");
    snprintf(want, sizeof(want), "%s %s sv0950 xsv095 %s.log %s '%s' vg_%s/lv pool %s.\n", h, h,
             h, r, v, v, mask_name_pseudonym(m, "i.npp 42 serverpool sv080"));
    assert_string_equal(s, want);
    free(s);
    /* an FQDN: short name and domain, each with its pseudonym */
    assert_true(mask_learn(m, MASK_HOST, "ovs01.lab.example.com", 21));
    fq = mask_name_pseudonym(m, "ovs01.lab.example.com");
    assert_non_null(fq);
    snprintf(want, sizeof(want), "%s.%s", mask_name_pseudonym(m, "ovs01"),
             mask_name_pseudonym(m, "lab.example.com"));
    assert_string_equal(fq, want);
    mask_free(m);
}

static void test_mask_learners(void **state)
{
    struct mask *m = mask_new(key1);
    const char *cfg = "vif = ['mac=00:21:f6:2a:00:6b']\nOVM_simple_name = 'sv107'\n";
    const char *repo = "OVS_REPO_UUID=0004fb000003000024cd350d232b41fc\nOVS_REPO_ALIAS=nas088 repo\n";
    const char *db = "{'0004fb00': {'alias': u'nas-088',\n 'pool_alias': 'I.NPP 42',\n";
    const char *hosts = "127.0.0.1 localhost localhost.localdomain\n10.0.0.5 web05 web05.example.org # x\n";
    const char *cc = "cluster:\n\tname = 31fb31cdfa8a3db5\nnode:\n\tname = sv091\n\tnumber = 0\n";

    (void)state;
    mask_learn_assign(m, MASK_VM, "OVM_simple_name", cfg, strlen(cfg));
    mask_learn_assign(m, MASK_REPO, "OVS_REPO_ALIAS", repo, strlen(repo));
    mask_learn_pylit(m, MASK_REPO, "alias", db, strlen(db));
    mask_learn_pylit(m, MASK_POOL, "pool_alias", db, strlen(db));
    mask_learn_hosts(m, hosts, strlen(hosts));
    mask_learn_cluster_conf(m, cc, strlen(cc));
    assert_non_null(mask_name_pseudonym(m, "sv107"));
    assert_non_null(mask_name_pseudonym(m, "nas088 repo"));
    assert_non_null(mask_name_pseudonym(m, "nas-088"));
    assert_non_null(mask_name_pseudonym(m, "I.NPP 42"));
    assert_non_null(mask_name_pseudonym(m, "web05"));
    assert_non_null(mask_name_pseudonym(m, "web05.example.org"));
    assert_non_null(mask_name_pseudonym(m, "sv091"));
    assert_null(mask_name_pseudonym(m, "31fb31cdfa8a3db5"));
    assert_null(mask_name_pseudonym(m, "localhost"));
    assert_int_equal(mask_count(m, MASK_HOST), 3);   /* web05, web05.example.org, sv091 */
    assert_int_equal(mask_count(m, MASK_DOMAIN), 1); /* example.org */
    mask_free(m);
}

static void found(void *arg, size_t line, enum mask_class cls, const char *orig)
{
    struct buf *b = arg;

    buf_addf(b, "%zu:%s:%s;", line, mask_class_name(cls), orig);
}

static void test_mask_find(void **state)
{
    struct mask *m = mask_new(key1);
    struct buf hits = BUF_INIT;
    const char *text = "clean line\nleak SV095 here\n10.1.2.30 is not 10.1.2.3\n"
                       "FE80::5EB9:1FF:FE8A:3E10 and 00-21-F6-2A-01-66\nsv0950\n";

    (void)state;
    mask_add_original(m, MASK_HOST, "sv095", "host-1");
    mask_add_original(m, MASK_IPV4, "10.1.2.3", "1.1.1.1");
    mask_add_original(m, MASK_IPV6, "fe80::5eb9:1ff:fe8a:3e10", "fe80::1");
    mask_add_original(m, MASK_MAC, "00:21:f6:2a:01:66", "00:21:f6:00:00:01");
    assert_int_equal(mask_find(m, text, strlen(text), found, &hits), 4);
    assert_string_equal(hits.data, "2:host:sv095;3:ipv4:10.1.2.3;4:ipv6:fe80::5eb9:1ff:fe8a:3e10;"
                                   "4:mac:00:21:f6:2a:01:66;");
    buf_release(&hits);
    mask_free(m);
}

static void test_mask_key_file(void **state)
{
    char *dir = test_mkdtemp();
    char path[512];
    unsigned char k1[MASK_KEY_LEN], k2[MASK_KEY_LEN];
    struct err err = ERR_INIT;
    struct stat st;
    bool created;

    (void)state;
    snprintf(path, sizeof(path), "%s/pool.key", dir);
    assert_int_equal(mask_key_file(path, k1, &created, &err), 0);
    assert_true(created);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(mask_key_file(path, k2, &created, &err), 0);
    assert_false(created);
    assert_memory_equal(k1, k2, MASK_KEY_LEN);
    test_write_file(dir, "bad.key", "not a key\n", 10, 0600);
    snprintf(path, sizeof(path), "%s/bad.key", dir);
    assert_int_equal(mask_key_file(path, k2, &created, &err), E_PARSE);
    test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_ipv4_structure),
        cmocka_unit_test(test_mask_text_addresses),
        cmocka_unit_test(test_mask_mac_unique),
        cmocka_unit_test(test_mask_names_word_bounded),
        cmocka_unit_test(test_mask_learners),
        cmocka_unit_test(test_mask_find),
        cmocka_unit_test(test_mask_key_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
