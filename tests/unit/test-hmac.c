/* SPDX-License-Identifier: MIT */
/* HMAC-SHA256 against the RFC 4231 test cases 1-7 (case 5 truncated to 128 bits). */
#include "tests/unit/helpers.h"
#include "lib/hmac.h"

#include <stdio.h>
#include <string.h>

static void hex(const unsigned char *d, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const void *key, size_t klen, const void *data, size_t dlen, const char *want)
{
    unsigned char mac[32];
    char got[65];

    hmac_sha256(key, klen, data, dlen, mac);
    hex(mac, strlen(want) / 2, got);
    assert_string_equal(got, want);
}

static void test_hmac_rfc4231(void **state)
{
    unsigned char k[131], d[50];
    const char *t6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    const char *t7 = "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the "
                     "HMAC algorithm.";
    size_t i;

    (void)state;
    memset(k, 0x0b, 20);
    check(k, 20, "Hi There", 8,
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    check("Jefe", 4, "what do ya want for nothing?", 28,
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(k, 0xaa, 20);
    memset(d, 0xdd, 50);
    check(k, 20, d, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    for (i = 0; i < 25; i++)
        k[i] = (unsigned char)(i + 1);
    memset(d, 0xcd, 50);
    check(k, 25, d, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    memset(k, 0x0c, 20);
    check(k, 20, "Test With Truncation", 20, "a3b6167473100ee06e0c796c2955552b");
    memset(k, 0xaa, 131);
    check(k, 131, t6, strlen(t6),
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    check(k, 131, t7, strlen(t7),
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static void test_hmac_chunked(void **state)
{
    unsigned char a[32], b[32];
    struct hmac_sha256 h;

    (void)state;
    hmac_sha256("key", 3, "hello, world", 12, a);
    hmac_sha256_init(&h, "key", 3);
    hmac_sha256_update(&h, "hello", 5);
    hmac_sha256_update(&h, ", world", 7);
    hmac_sha256_final(&h, b);
    assert_memory_equal(a, b, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_hmac_chunked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
