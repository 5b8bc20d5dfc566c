/* SPDX-License-Identifier: MIT */
/* gzblock.h: the blocked gzip of the bundles (docs/bundle-format.md), like htslib's BGZF with
 * bigger blocks. The tar stream is cut every GZB_BLOCK bytes of input; each block is one
 * complete gzip member (deflate level 6, CRC-32 and ISIZE trailer) whose header carries an
 * extra field with one subfield of ours, SI1 'O' SI2 'V', LEN 4: the member's total size in
 * bytes (little-endian), so that a reader finds the next member without inflating this one.
 * The members concatenated are an ordinary .tar.gz (gzip -d, tar -z, libarchive, tarfile).
 * Compressed and checked with libdeflate when the build has it (HAVE_LIBDEFLATE), else with
 * zlib: the two give different bytes, each always the same ones for the same input.
 * A deflater or an inflater serves one thread at a time. */
#ifndef OVMDIAG_GZBLOCK_H
#define OVMDIAG_GZBLOCK_H

#include <stddef.h>
#include <stdint.h>

#define GZB_BLOCK (1024 * 1024)          /* input bytes per member (the last one: fewer) */
#define GZB_HEADER 20                    /* our header: 10 + XLEN (2) + one subfield (8) */
#define GZB_TRAILER 8
/* A reader refuses a member bigger than this, or one that claims to inflate to more. */
#define GZB_LIMIT (GZB_BLOCK + 64 * 1024)
/* Bytes a reader needs to decide whether a member is one of ours (gzb_member_size). */
#define GZB_PEEK 64

struct gzb_deflater;
struct gzb_inflater;

/* NULL when the library cannot start (no memory). Free with gzb_deflater_free(). */
struct gzb_deflater *gzb_deflater_new(void);
void gzb_deflater_free(struct gzb_deflater *d);
/* The largest member that len bytes of input can give: the size of gzb_deflate's out. */
size_t gzb_bound(size_t len);
/* in[0..len) (len <= GZB_BLOCK) as one whole member into out (out_cap >= gzb_bound(len));
 * returns its size, or 0 on a library failure. */
size_t gzb_deflate(struct gzb_deflater *d, const void *in, size_t len, unsigned char *out,
                   size_t out_cap);

/* The total size of the member starting at p[0..n) if it is one of ours (only FEXTRA set, our
 * subfield found within the first n bytes), with its header's length in *hdr_len; 0 for
 * anything else (another gzip member, not gzip at all, fewer than a header's bytes). The size
 * is as the member claims it: the caller checks it against GZB_LIMIT and the file. */
uint32_t gzb_member_size(const unsigned char *p, size_t n, size_t *hdr_len);
/* The ISIZE of a whole member (its last 4 bytes); msize >= GZB_TRAILER. */
uint32_t gzb_member_isize(const unsigned char *member, size_t msize);

struct gzb_inflater *gzb_inflater_new(void);
void gzb_inflater_free(struct gzb_inflater *d);
/* Inflates the whole member m[0..msize) (hdr_len from gzb_member_size) into out, which holds
 * exactly isize bytes (its ISIZE). NULL when the member is exactly that: its deflate data end
 * where its trailer begins, it inflates to isize bytes, its CRC-32 matches; else why not. */
const char *gzb_inflate(struct gzb_inflater *d, const unsigned char *m, size_t msize,
                        size_t hdr_len, unsigned char *out, size_t isize);
/* What zlib inflates of a bad member (hdr_len from gzb_member_size) before the fault, at most
 * cap bytes into out: a bad member still gives its readable start, as a stream read would. */
size_t gzb_salvage(const unsigned char *m, size_t msize, size_t hdr_len, unsigned char *out,
                   size_t cap);

#endif
