/* SPDX-License-Identifier: MIT */
/* buf.h: growable byte buffer, always NUL-terminated (git strbuf). data is never NULL after
 * buf_init. Take ownership of the bytes with buf_detach(). */
#ifndef OVMDIAG_BUF_H
#define OVMDIAG_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/compat.h"

struct buf {
    char *data;
    size_t len;
    size_t alloc;
};

#define BUF_INIT { buf_empty, 0, 0 }
extern char buf_empty[];

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Caller owns the returned string; free with free(). b is reset. */
char *buf_detach(struct buf *b, size_t *len_out);
void buf_truncate(struct buf *b, size_t len);
/* Append s as a JSON string literal (with quotes). Invalid UTF-8 bytes become U+FFFD. */
void buf_add_json_str(struct buf *b, const char *s, size_t len);

#endif
