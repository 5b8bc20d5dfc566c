/* SPDX-License-Identifier: MIT */
#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

char buf_empty[1];

void buf_init(struct buf *b)
{
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->data);
    buf_init(b);
}

void buf_reset(struct buf *b)
{
    buf_truncate(b, 0);
}

void buf_grow(struct buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    size_t n;

    if (need <= b->alloc)
        return;
    n = b->alloc ? b->alloc : 64;
    while (n < need)
        n *= 2;
    if (!b->alloc) {
        b->data = xmalloc(n);
        b->data[0] = '\0';
    } else {
        b->data = xrealloc(b->data, n);
    }
    b->alloc = n;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
    if (!len)
        return;
    buf_grow(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    buf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *buf_detach(struct buf *b, size_t *len_out)
{
    char *p;

    if (!b->alloc)
        buf_grow(b, 0);
    p = b->data;
    if (len_out)
        *len_out = b->len;
    buf_init(b);
    return p;
}

void buf_truncate(struct buf *b, size_t len)
{
    if (len > b->len)
        BUG("buf_truncate beyond length");
    b->len = len;
    if (b->alloc)
        b->data[len] = '\0';
}


void buf_add_json_str(struct buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n;

    buf_addc(b, '"');
    while (i < len) {
        unsigned char c = p[i];
        switch (c) {
        case '"': buf_adds(b, "\\\""); i++; continue;
        case '\\': buf_adds(b, "\\\\"); i++; continue;
        case '\n': buf_adds(b, "\\n"); i++; continue;
        case '\r': buf_adds(b, "\\r"); i++; continue;
        case '\t': buf_adds(b, "\\t"); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            buf_addf(b, "\\u%04x", c);
            i++;
            continue;
        }
        n = utf8_seq(p + i, len - i);
        if (!n) {
            buf_adds(b, "\\ufffd");
            i++;
            continue;
        }
        buf_add(b, p + i, n);
        i += n;
    }
    buf_addc(b, '"');
}
