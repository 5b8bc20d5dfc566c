/* SPDX-License-Identifier: MIT */
/* sha256.h: SHA-256 (FIPS 180-4). sha256_* use libcrypto when the build found it
 * (HAVE_LIBCRYPTO: SHA-NI where the CPU has it), else the in-tree portable code, which is
 * always built as sha256_soft_* so that the collector links statically with no crypto
 * library. Both are checked against the NIST test vectors in tests/unit/test-sha256.c.
 * A struct sha256 holds no pointer: it may be copied by value (lib/hmac.c does). */
#ifndef OVMDIAG_SHA256_H
#define OVMDIAG_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256_soft {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t fill;
};

#ifdef HAVE_LIBCRYPTO
/* The low-level API: its context is a plain struct (EVP's is a pointer, which copies of an
 * HMAC state could not share); deprecated in OpenSSL 3 but kept, and it runs the same code. */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>
struct sha256 {
    SHA256_CTX c;
};
#else
struct sha256 {
    struct sha256_soft s;
};
#endif

void sha256_soft_init(struct sha256_soft *s);
void sha256_soft_update(struct sha256_soft *s, const void *data, size_t len);
void sha256_soft_final(struct sha256_soft *s, unsigned char digest[32]);
/* "libcrypto" or "portable": what sha256_* run. */
const char *sha256_backend(void);

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char digest[32]);
/* hex must hold 65 bytes. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

#endif
