/* SPDX-License-Identifier: MIT */
/* source.h: the entries of a bundle, from the .tar.gz stream (nothing extracted) or from an
 * extracted directory, in one pass. Paths are bundle-relative ("cmd/xm-list.out"), the top
 * folder stripped. Entry names are untrusted: absolute paths, "..", links and devices are
 * reported as problems and never followed. */
#ifndef OVMDIAG_SOURCE_H
#define OVMDIAG_SOURCE_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "lib/err.h"

struct blockq;
struct src_reader;

struct src_entry {
    const char *path;      /* bundle-relative */
    uint64_t size;
    time_t mtime;
};

/* Read up to n bytes of the current entry; 0 at its end, -1 on error. */
ssize_t src_read(struct src_reader *r, void *buf, size_t n);
/* The next piece of the current entry, without a copy where the source allows (libarchive's
 * own buffer); valid until the next call. Its length, 0 at the end, -1 on error. */
ssize_t src_read_block(struct src_reader *r, const void **data);

struct src_ops {
    /* Called for every regular file; return a negative err code to stop the walk. */
    int (*visit)(void *ctx, const struct src_entry *e, struct src_reader *r);
    /* An entry that was not visited ("skipped: why"), or a problem of the whole bundle (path is
     * then the bundle's: it ends early, after the entries that were visited). */
    void (*problem)(void *ctx, const char *path, const char *message);
};

/* The top folder's name ("ovmdiag-sv095-...") goes to top_out (may be NULL). E_PARSE for
 * something that is not a bundle, E_IO when it cannot be read. */
int source_walk(const char *path, const struct src_ops *ops, void *ctx, char *top_out,
                size_t top_size, struct err *err);
/* The same over a tar (plain or gzip) held in memory: data is borrowed for the call, name
 * stands for it in messages ("memory bundle"). */
int source_walk_mem(const void *data, size_t len, const char *name, const struct src_ops *ops,
                    void *ctx, char *top_out, size_t top_size, struct err *err);
/* The same over a plain tar that another thread writes into q as it is made (the live
 * analyze: the collector's bundle stream). The queue is abandoned on return, so the writer
 * never waits on a reader that stopped. */
int source_walk_stream(struct blockq *q, const char *name, const struct src_ops *ops, void *ctx,
                       char *top_out, size_t top_size, struct err *err);

#endif
