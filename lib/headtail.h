/* SPDX-License-Identifier: MIT */
/* headtail.h: keep the head and the tail of a stream that exceeds its cap, with one marker line
 * between them. The head of a log holds the start-up configuration, the tail holds the crash. */
#ifndef OVMDIAG_HEADTAIL_H
#define OVMDIAG_HEADTAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

struct headtail {
    size_t cap;        /* total bytes kept (head + tail), excluding the marker */
    struct buf head;   /* up to cap/2 */
    char *ring;        /* tail ring of cap - cap/2 bytes, allocated when the head is full */
    size_t ring_cap;
    size_t ring_pos;   /* next write position */
    size_t ring_len;
    uint64_t total;    /* bytes seen */
};

void headtail_init(struct headtail *ht, size_t cap);
void headtail_release(struct headtail *ht);
void headtail_add(struct headtail *ht, const char *data, size_t len);
bool headtail_truncated(const struct headtail *ht);
/* Append the kept bytes (head, marker, tail) to out. */
void headtail_finish(struct headtail *ht, struct buf *out);
/* The marker line put where omitted bytes were; ends with a newline. Starts with one when
 * the head does not end a line. */
void headtail_marker(struct buf *out, uint64_t omitted, bool head_ends_line);

#endif
