/* SPDX-License-Identifier: MIT */
#include "lib/sha256.h"

#include <string.h>

#include "lib/banned.h"

static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_block(struct sha256_soft *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
    e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
    for (i = 0; i < 64; i++) {
        t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
        t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

void sha256_soft_init(struct sha256_soft *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof(iv));
    s->total = 0;
    s->fill = 0;
}

void sha256_soft_update(struct sha256_soft *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t n;

    s->total += len;
    if (s->fill) {
        n = (64 - s->fill < len ? 64 - s->fill : len);
        memcpy(s->block + s->fill, p, n);
        s->fill += n;
        p += n;
        len -= n;
        if (s->fill < 64)
            return;
        compress_block(s, s->block);
        s->fill = 0;
    }
    while (len >= 64) {
        compress_block(s, p);
        p += 64;
        len -= 64;
    }
    memcpy(s->block, p, len);
    s->fill = len;
}

void sha256_soft_final(struct sha256_soft *s, unsigned char digest[32])
{
    uint64_t bits = s->total * 8;
    int i;

    s->block[s->fill++] = 0x80;
    if (s->fill > 56) {
        memset(s->block + s->fill, 0, 64 - s->fill);
        compress_block(s, s->block);
        s->fill = 0;
    }
    memset(s->block + s->fill, 0, 56 - s->fill);
    for (i = 0; i < 8; i++)
        s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress_block(s, s->block);
    for (i = 0; i < 32; i++)
        digest[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

#ifdef HAVE_LIBCRYPTO
/* libcrypto's SHA-256 picks the CPU's SHA extensions (SHA-NI) or its best assembly at run
 * time: several times faster than the portable code above on bundle-sized inputs. */
void sha256_init(struct sha256 *s)
{
    SHA256_Init(&s->c);
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
    SHA256_Update(&s->c, data, len);
}

void sha256_final(struct sha256 *s, unsigned char digest[32])
{
    SHA256_Final(digest, &s->c);
}

const char *sha256_backend(void)
{
    return "libcrypto";
}
#else
void sha256_init(struct sha256 *s)
{
    sha256_soft_init(&s->s);
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
    sha256_soft_update(&s->s, data, len);
}

void sha256_final(struct sha256 *s, unsigned char digest[32])
{
    sha256_soft_final(&s->s, digest);
}

const char *sha256_backend(void)
{
    return "portable";
}
#endif

void sha256_final_hex(struct sha256 *s, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[32];
    int i;

    sha256_final(s, d);
    for (i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}
