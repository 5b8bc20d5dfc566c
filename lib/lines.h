/* SPDX-License-Identifier: MIT */
/* lines.h: walking text line by line (LF or CRLF, a last line without newline) and small
 * parsing helpers for analyzers. Nothing here allocates. */
#ifndef OVMDIAG_LINES_H
#define OVMDIAG_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct line_iter {
    const char *p, *end;
    size_t lineno;          /* number of the line last returned, 1-based */
};

void line_iter_init(struct line_iter *it, const char *data, size_t len);
/* Next line without its "\n" or "\r\n"; false at the end. */
bool line_next(struct line_iter *it, const char **line, size_t *len);

/* Strip spaces and tabs (and \r) at both ends of [*s, *s + *len). */
void str_trim(const char **s, size_t *len);
bool str_starts(const char *s, size_t len, const char *prefix);
/* True when needle occurs in s[0..len) (s need not be NUL-terminated). */
bool str_contains(const char *s, size_t len, const char *needle);
/* Whole string [s, s+len) as a decimal integer (optional sign); false otherwise. */
bool str_to_i64(const char *s, size_t len, int64_t *out);
/* Whole string as a decimal number with optional fraction ("12.5"); false otherwise. */
bool str_to_double(const char *s, size_t len, double *out);
/* Split on runs of whitespace: at most max fields, pointers into s. Returns the count. */
size_t str_fields(const char *s, size_t len, const char **field, size_t *flen, size_t max);

#endif
