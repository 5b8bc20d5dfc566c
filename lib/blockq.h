/* SPDX-License-Identifier: MIT */
/* blockq.h: a bounded queue of byte blocks from one producer thread to one consumer thread.
 * The producer's bytes are copied into blocks of a fixed size; the consumer takes whole blocks
 * (libarchive's read callback shape). Memory: at most `depth` blocks whatever the volume; a
 * full queue makes the producer wait. Either side may stop early: the consumer abandons (the
 * producer's later bytes are dropped at once, never waited on), the producer closes with an
 * error (the consumer sees it after the blocks before it). */
#ifndef OVMDIAG_BLOCKQ_H
#define OVMDIAG_BLOCKQ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct blockq;

/* Caller owns the queue; free with blockq_free() once both sides are done with it. */
struct blockq *blockq_new(size_t block_size, size_t depth);
/* Producer: copy len bytes in (waiting while the queue is full). False when the consumer has
 * abandoned the queue: the bytes were dropped. */
bool blockq_put(struct blockq *q, const void *data, size_t len);
/* Producer: no more bytes. error NULL: the stream ended normally; else the consumer's last
 * blockq_get() returns -1 with that message. Later calls do nothing. */
void blockq_close(struct blockq *q, const char *error);
/* Consumer: the next block (valid until the next call), its length; 0 at the end, -1 when
 * the producer closed with an error (blockq_error()). Waits while the queue is empty. */
ssize_t blockq_get(struct blockq *q, const void **data);
const char *blockq_error(const struct blockq *q);
/* Consumer: stop reading; the producer's puts return false from now on. */
void blockq_abandon(struct blockq *q);
void blockq_free(struct blockq *q);

#endif
