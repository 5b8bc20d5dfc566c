/* SPDX-License-Identifier: MIT */
/* NIST FIPS 180-4 example vectors, plus chunked updates, for both implementations: sha256_*
 * (libcrypto when built with it) and the portable sha256_soft_*. */
#include "tests/unit/helpers.h"
#include "lib/sha256.h"

#include <string.h>

static void hex_of(const void *data, size_t len, char out[65])
{
    struct sha256 s;

    sha256_init(&s);
    sha256_update(&s, data, len);
    sha256_final_hex(&s, out);
}

static void soft_hex_of(const void *data, size_t len, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_soft s;
    unsigned char d[32];
    int i;

    sha256_soft_init(&s);
    sha256_soft_update(&s, data, len);
    sha256_soft_final(&s, d);
    for (i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

static void check_vectors(void (*fn)(const void *, size_t, char[65]))
{
    char hex[65];
    const char *abc448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    fn("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fn("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    fn(abc448, strlen(abc448), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_vectors(void **state)
{
    (void)state;
    check_vectors(hex_of);
}

static void test_sha256_soft_vectors(void **state)
{
    (void)state;
    check_vectors(soft_hex_of);
}

/* Every length from 0 to 300 over the same bytes: both implementations agree. */
static void test_sha256_backends_agree(void **state)
{
    unsigned char data[300];
    char a[65], b[65];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 131 + 7);
    for (i = 0; i <= sizeof(data); i++) {
        hex_of(data, i, a);
        soft_hex_of(data, i, b);
        assert_string_equal(a, b);
    }
    assert_true(!strcmp(sha256_backend(), "libcrypto") || !strcmp(sha256_backend(), "portable"));
}

static void test_sha256_million_a_in_odd_chunks(void **state)
{
    static char a[1000000];
    struct sha256 s;
    char hex[65];
    size_t off = 0, step = 1;

    (void)state;
    memset(a, 'a', sizeof(a));
    sha256_init(&s);
    while (off < sizeof(a)) {
        size_t n = step < sizeof(a) - off ? step : sizeof(a) - off;
        sha256_update(&s, a + off, n);
        off += n;
        step = step * 3 % 997 + 1;
    }
    sha256_final_hex(&s, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_soft_vectors),
        cmocka_unit_test(test_sha256_backends_agree),
        cmocka_unit_test(test_sha256_million_a_in_odd_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
