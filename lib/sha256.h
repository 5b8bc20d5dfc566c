/* SPDX-License-Identifier: MIT */
/* sha256.h: SHA-256 (FIPS 180-4). Kept in-tree so the collector links statically with no
 * crypto library; checked against the NIST test vectors in tests/unit/test-sha256.c. */
#ifndef OVMDIAG_SHA256_H
#define OVMDIAG_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char digest[32]);
/* hex must hold 65 bytes. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

#endif
