/* SPDX-License-Identifier: MIT */
#include "lib/hmac.h"

#include <string.h>

#include "lib/banned.h"

void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len)
{
    unsigned char k[64], ikey[64];
    struct sha256 s;
    size_t i;

    memset(k, 0, sizeof(k));
    if (key_len > sizeof(k)) {
        sha256_init(&s);
        sha256_update(&s, key, key_len);
        sha256_final(&s, k);
    } else if (key_len) {
        memcpy(k, key, key_len);
    }
    for (i = 0; i < sizeof(k); i++) {
        ikey[i] = k[i] ^ 0x36;
        h->okey[i] = k[i] ^ 0x5c;
    }
    sha256_init(&h->inner);
    sha256_update(&h->inner, ikey, sizeof(ikey));
}

void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256 *h, unsigned char mac[32])
{
    unsigned char ihash[32];
    struct sha256 outer;

    sha256_final(&h->inner, ihash);
    sha256_init(&outer);
    sha256_update(&outer, h->okey, sizeof(h->okey));
    sha256_update(&outer, ihash, sizeof(ihash));
    sha256_final(&outer, mac);
}

void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                 unsigned char mac[32])
{
    struct hmac_sha256 h;

    hmac_sha256_init(&h, key, key_len);
    hmac_sha256_update(&h, data, len);
    hmac_sha256_final(&h, mac);
}
