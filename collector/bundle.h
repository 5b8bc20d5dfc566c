/* SPDX-License-Identifier: MIT */
/* bundle.h: the .tar.gz writer. Entries are streamed through libarchive (tar) and a blocked
 * gzip (1 MiB blocks, each one gzip member of level 6, compressed on up to 4 threads: bundle.c,
 * lib/gzblock.h); nothing is staged on disk. A running SHA-256 covers the compressed bytes
 * (the .sha256 beside the bundle) and each entry's stored bytes (the manifest). The memory variant (ovmdiag check) writes a
 * plain tar into a growable buffer instead: it is read back at once, so gzip would only cost
 * time. */
#ifndef OVMDIAG_BUNDLE_H
#define OVMDIAG_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/err.h"

struct buf;

struct bundle;

/* Writes to fd (not closed by the bundle); every entry goes below topdir/. Caller owns *out;
 * free with bundle_free(). */
int bundle_open_fd(struct bundle **out, int fd, const char *topdir, struct err *err) WARN_UNUSED;
/* The same with threads compressor threads (1..4; 0: thread_count(4)). The bytes written do
 * not depend on it. */
int bundle_open_fd_threads(struct bundle **out, int fd, const char *topdir, unsigned threads,
                           struct err *err) WARN_UNUSED;
/* Writes an uncompressed tar into mem (appended; borrowed, must outlive the bundle). The
 * collector's budgets bound its size. Caller owns *out; free with bundle_free(). */
int bundle_open_mem(struct bundle **out, struct buf *mem, const char *topdir,
                    struct err *err) WARN_UNUSED;
/* Every byte of the plain tar, in order, as libarchive writes it (before the gzip of a file
 * bundle): the live analyze reads the bundle while it is made. Then, once the tar is complete,
 * one call with data NULL and len 0, before the last gzip members are done and the file is
 * synced: the reader's analysis overlaps that end. A later failure is bundle_close()'s (or the
 * collector's) to report. The tap must not fail. */
typedef void bundle_tap_fn(void *tap_ctx, const void *data, size_t len);
/* Set before the first entry. */
void bundle_set_tap(struct bundle *b, bundle_tap_fn *tap, void *tap_ctx);
/* A bundle that is only given to tap: no file, no memory, no digest (bundle_close() gives ""). */
int bundle_open_tap(struct bundle **out, const char *topdir, bundle_tap_fn *tap, void *tap_ctx,
                    struct err *err) WARN_UNUSED;
/* One entry of exactly size bytes: begin, write until size, end. */
int bundle_begin(struct bundle *b, const char *path, uint64_t size, time_t mtime,
                 struct err *err) WARN_UNUSED;
int bundle_write(struct bundle *b, const void *data, size_t len, struct err *err) WARN_UNUSED;
/* sha_hex (65 bytes) receives the entry's digest. Fails if fewer than size bytes were written. */
int bundle_end(struct bundle *b, char sha_hex[65], struct err *err) WARN_UNUSED;
int bundle_add(struct bundle *b, const char *path, const void *data, size_t len, time_t mtime,
               char sha_hex[65], struct err *err) WARN_UNUSED;
/* Finish the archive; digest of the compressed stream into sha_hex. */
int bundle_close(struct bundle *b, char sha_hex[65], struct err *err) WARN_UNUSED;
uint64_t bundle_bytes_written(const struct bundle *b);
void bundle_free(struct bundle *b);

#endif
