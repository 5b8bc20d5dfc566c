/* SPDX-License-Identifier: MIT */
#include "lib/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void line_iter_init(struct line_iter *it, const char *data, size_t len)
{
    it->p = data;
    it->end = data + len;
    it->lineno = 0;
}

bool line_next(struct line_iter *it, const char **line, size_t *len)
{
    const char *nl;
    size_t n;

    if (it->p >= it->end)
        return false;
    nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
    *line = it->p;
    *len = n > 0 && it->p[n - 1] == '\r' ? n - 1 : n;
    it->p = nl ? nl + 1 : it->end;
    it->lineno++;
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void str_trim(const char **s, size_t *len)
{
    while (*len && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_blank((*s)[*len - 1]))
        (*len)--;
}

bool str_starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    return len >= n && !memcmp(s, prefix, n);
}

bool str_to_i64(const char *s, size_t len, int64_t *out)
{
    char tmp[32];
    char *end;
    long long v;

    if (!len || len >= sizeof(tmp))
        return false;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    if (!(tmp[0] == '-' || tmp[0] == '+' || (tmp[0] >= '0' && tmp[0] <= '9')))
        return false;
    errno = 0;
    v = strtoll(tmp, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

bool str_to_double(const char *s, size_t len, double *out)
{
    char tmp[64];
    char *end;
    double v;
    size_t i;

    if (!len || len >= sizeof(tmp))
        return false;
    for (i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || (i == 0 && (s[i] == '-' || s[i] == '+'))))
            return false;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    v = strtod(tmp, &end);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

size_t str_fields(const char *s, size_t len, const char **field, size_t *flen, size_t max)
{
    size_t n = 0, i = 0, start;

    while (i < len && n < max) {
        while (i < len && is_blank(s[i]))
            i++;
        if (i >= len)
            break;
        start = i;
        while (i < len && !is_blank(s[i]))
            i++;
        field[n] = s + start;
        flen[n] = i - start;
        n++;
    }
    return n;
}

bool str_contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    const char *p = s, *end = s + len;

    if (!n)
        return true;
    while ((size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1))) {
        if (!memcmp(p, needle, n))
            return true;
        p++;
    }
    return false;
}
