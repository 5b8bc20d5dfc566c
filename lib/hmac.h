/* SPDX-License-Identifier: MIT */
/* hmac.h: HMAC-SHA256 (RFC 2104) over lib/sha256; checked against the RFC 4231 vectors in
 * tests/unit/test-hmac.c. Used for keyed pseudonyms (collector/mask.c); no other crypto here. */
#ifndef OVMDIAG_HMAC_H
#define OVMDIAG_HMAC_H

#include <stddef.h>

#include "lib/sha256.h"

struct hmac_sha256 {
    struct sha256 inner;
    unsigned char okey[64];   /* key XOR opad */
};

void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t len);
void hmac_sha256_final(struct hmac_sha256 *h, unsigned char mac[32]);
/* One call: mac = HMAC-SHA256(key, data). */
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                 unsigned char mac[32]);

#endif
