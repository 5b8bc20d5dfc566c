/* SPDX-License-Identifier: MIT */
/* utf8.h: bundles carry bytes, reports promise UTF-8. A file name or a log line from a host may
 * hold any byte; everything that leaves as JSON, HTML or text goes through here. */
#ifndef OVMDIAG_UTF8_H
#define OVMDIAG_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (n bytes available): 1-4, or 0 when the bytes there
 * are not UTF-8 (stray continuation, overlong form, surrogate, beyond U+10FFFF, cut short). */
size_t utf8_seq(const unsigned char *s, size_t n);
/* A copy of s[0..len) with every byte that is not part of valid UTF-8 replaced by U+FFFD;
 * NUL-terminated; *out_len (may be NULL) gets its length. Caller frees. */
char *utf8_sanitize(const char *s, size_t len, size_t *out_len);

#endif
