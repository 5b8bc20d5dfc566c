/* SPDX-License-Identifier: MIT */
#include "lib/utf8.h"
#include "lib/buf.h"

#include <stdint.h>

#include "lib/banned.h"

size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len, i;
    uint32_t cp;

    if (!n)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

char *utf8_sanitize(const char *s, size_t len, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    struct buf b;
    size_t k;

    buf_init(&b);
    buf_grow(&b, len);
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        k = utf8_seq(p, (size_t)(end - p));
        if (k) {
            p += k;
            continue;
        }
        buf_add(&b, run, (size_t)(p - run));
        buf_adds(&b, "\xEF\xBF\xBD");
        run = ++p;
    }
    buf_add(&b, run, (size_t)(p - run));
    return buf_detach(&b, out_len);
}
