/* SPDX-License-Identifier: MIT */
/* gzblock.c: one gzip member per block, with libdeflate (about twice zlib's speed at level 6,
 * and a much faster inflate and CRC-32; htslib uses it for BGZF) or zlib. */
#include "lib/gzblock.h"
#include "lib/compat.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif
#include <zlib.h>

#include "lib/banned.h"

#define LEVEL 6

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t gzb_bound(size_t len)
{
    /* above both libraries' own bounds (zlib: len + len/4096 + len/16384 + 13; libdeflate:
     * len + 5 per 10 000 bytes + 9): a stored block costs 5 bytes per 64 KiB */
    return GZB_HEADER + len + len / 64 + 1024 + GZB_TRAILER;
}

/* The fixed header of our members: FLG = FEXTRA, MTIME 0 (the bytes depend on the input
 * only), XFL 0, OS 3 (Unix, as zlib writes), XLEN 8, subfield 'O' 'V' of 4 bytes. */
static void put_header(unsigned char *p, uint32_t msize)
{
    static const unsigned char head[16] = { 0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 3, 8, 0,
                                            'O', 'V', 4, 0 };
    memcpy(p, head, sizeof(head));
    put_le32(p + 16, msize);
}

uint32_t gzb_member_size(const unsigned char *p, size_t n, size_t *hdr_len)
{
    size_t xlen, i;

    if (n < 12 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || p[3] != 4)
        return 0;
    xlen = (size_t)p[10] | (size_t)p[11] << 8;
    if (12 + xlen > n)
        return 0;
    for (i = 12; i + 4 <= 12 + xlen;) {
        size_t sublen = (size_t)p[i + 2] | (size_t)p[i + 3] << 8;
        if (i + 4 + sublen > 12 + xlen)
            return 0;
        if (p[i] == 'O' && p[i + 1] == 'V' && sublen == 4) {
            *hdr_len = 12 + xlen;
            return get_le32(p + i + 4);
        }
        i += 4 + sublen;
    }
    return 0;
}

uint32_t gzb_member_isize(const unsigned char *member, size_t msize)
{
    return get_le32(member + msize - 4);
}

size_t gzb_salvage(const unsigned char *m, size_t msize, size_t hdr_len, unsigned char *out,
                   size_t cap)
{
    z_stream zs;
    size_t n;

    if (msize <= hdr_len || !cap)
        return 0;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, -15) != Z_OK)
        return 0;
    zs.next_in = (Bytef *)(m + hdr_len);   /* zlib only reads it */
    zs.avail_in = (uInt)MIN(msize - hdr_len, GZB_LIMIT);
    zs.next_out = out;
    zs.avail_out = (uInt)MIN(cap, GZB_LIMIT);
    (void)inflate(&zs, Z_SYNC_FLUSH);
    n = (size_t)(zs.next_out - out);
    inflateEnd(&zs);
    return n;
}

#ifdef HAVE_LIBDEFLATE

struct gzb_deflater {
    struct libdeflate_compressor *c;
};

struct gzb_inflater {
    struct libdeflate_decompressor *d;
};

struct gzb_deflater *gzb_deflater_new(void)
{
    struct gzb_deflater *d = xcalloc(1, sizeof(*d));

    d->c = libdeflate_alloc_compressor(LEVEL);
    if (!d->c) {
        free(d);
        return NULL;
    }
    return d;
}

void gzb_deflater_free(struct gzb_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c);
    free(d);
}

size_t gzb_deflate(struct gzb_deflater *d, const void *in, size_t len, unsigned char *out,
                   size_t out_cap)
{
    size_t n, msize;

    if (out_cap < GZB_HEADER + GZB_TRAILER + 1)
        return 0;
    n = libdeflate_deflate_compress(d->c, in, len, out + GZB_HEADER,
                                    out_cap - GZB_HEADER - GZB_TRAILER);
    if (!n)
        return 0;
    msize = GZB_HEADER + n + GZB_TRAILER;
    put_header(out, (uint32_t)msize);
    put_le32(out + GZB_HEADER + n, libdeflate_crc32(0, in, len));
    put_le32(out + GZB_HEADER + n + 4, (uint32_t)len);
    return msize;
}

struct gzb_inflater *gzb_inflater_new(void)
{
    struct gzb_inflater *d = xcalloc(1, sizeof(*d));

    d->d = libdeflate_alloc_decompressor();
    if (!d->d) {
        free(d);
        return NULL;
    }
    return d;
}

void gzb_inflater_free(struct gzb_inflater *d)
{
    if (!d)
        return;
    libdeflate_free_decompressor(d->d);
    free(d);
}

const char *gzb_inflate(struct gzb_inflater *d, const unsigned char *m, size_t msize,
                        size_t hdr_len, unsigned char *out, size_t isize)
{
    size_t in_used = 0, out_len = 0;
    enum libdeflate_result r;

    (void)hdr_len;   /* libdeflate reads the header itself */
    r = libdeflate_gzip_decompress_ex(d->d, m, msize, out, isize, &in_used, &out_len);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
        return "it inflates to more than its ISIZE";
    if (r != LIBDEFLATE_SUCCESS)
        return "bad deflate data, CRC-32 or ISIZE";
    if (out_len != isize)
        return "it inflates to less than its ISIZE";
    if (in_used != msize)
        return "its size field does not match its data";
    return NULL;
}

#else /* zlib */

struct gzb_deflater {
    z_stream zs;
};

struct gzb_inflater {
    z_stream zs;
};

struct gzb_deflater *gzb_deflater_new(void)
{
    struct gzb_deflater *d = xcalloc(1, sizeof(*d));

    /* raw deflate (-15): the header and trailer are ours */
    if (deflateInit2(&d->zs, LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(d);
        return NULL;
    }
    return d;
}

void gzb_deflater_free(struct gzb_deflater *d)
{
    if (!d)
        return;
    deflateEnd(&d->zs);
    free(d);
}

size_t gzb_deflate(struct gzb_deflater *d, const void *in, size_t len, unsigned char *out,
                   size_t out_cap)
{
    size_t n, msize;

    if (out_cap < GZB_HEADER + GZB_TRAILER + 1 || len > GZB_LIMIT ||
        deflateReset(&d->zs) != Z_OK)
        return 0;
    d->zs.next_in = (Bytef *)in;   /* zlib only reads it */
    d->zs.avail_in = (uInt)len;
    d->zs.next_out = out + GZB_HEADER;
    d->zs.avail_out = (uInt)(out_cap - GZB_HEADER - GZB_TRAILER);
    if (deflate(&d->zs, Z_FINISH) != Z_STREAM_END)
        return 0;
    n = (size_t)(d->zs.next_out - (out + GZB_HEADER));
    msize = GZB_HEADER + n + GZB_TRAILER;
    put_header(out, (uint32_t)msize);
    put_le32(out + GZB_HEADER + n, (uint32_t)crc32(0, in, (uInt)len));
    put_le32(out + GZB_HEADER + n + 4, (uint32_t)len);
    return msize;
}

struct gzb_inflater *gzb_inflater_new(void)
{
    struct gzb_inflater *d = xcalloc(1, sizeof(*d));

    if (inflateInit2(&d->zs, -15) != Z_OK) {
        free(d);
        return NULL;
    }
    return d;
}

void gzb_inflater_free(struct gzb_inflater *d)
{
    if (!d)
        return;
    inflateEnd(&d->zs);
    free(d);
}

const char *gzb_inflate(struct gzb_inflater *d, const unsigned char *m, size_t msize,
                        size_t hdr_len, unsigned char *out, size_t isize)
{
    unsigned char one;
    int r;

    if (msize < hdr_len + GZB_TRAILER || msize > GZB_LIMIT || isize > GZB_LIMIT)
        return "its size field does not match its data";
    if (inflateReset(&d->zs) != Z_OK)
        return "zlib failed";
    d->zs.next_in = (Bytef *)(m + hdr_len);   /* zlib only reads it */
    d->zs.avail_in = (uInt)(msize - hdr_len - GZB_TRAILER);
    /* one byte more than ISIZE, so that more data is seen */
    d->zs.next_out = isize ? out : &one;
    d->zs.avail_out = isize ? (uInt)isize : 1;
    r = inflate(&d->zs, Z_FINISH);
    if (r == Z_BUF_ERROR && d->zs.avail_out == 0)
        return "it inflates to more than its ISIZE";
    if (r != Z_STREAM_END)
        return d->zs.avail_in == 0 ? "its size field does not match its data"
                                   : "bad deflate data";
    if (d->zs.total_out != isize)
        return "it inflates to less than its ISIZE";
    if (d->zs.avail_in != 0)
        return "its size field does not match its data";
    if ((uint32_t)crc32(0, out, (uInt)isize) != get_le32(m + msize - 8))
        return "bad CRC-32";
    return NULL;
}

#endif
