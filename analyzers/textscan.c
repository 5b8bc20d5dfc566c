/* SPDX-License-Identifier: MIT */
/* textscan.c: see textscan.h. */
#include "analyzers/textscan.h"
#include "analyzers/facts.h"
#include "lib/compat.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

static const char *const markup[] = { "[code]", "[/code]", "[quote]", "[/quote]", "<pre>",
                                      "</pre>", "<code>", "</code>", "```" };

bool textscan_binary(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7f)
            return true;
    }
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool textscan_istarts(const char *s, size_t len, const char *prefix)
{
    size_t i, n = strlen(prefix);

    if (len < n)
        return false;
    for (i = 0; i < n; i++)
        if (lower(s[i]) != lower(prefix[i]))
            return false;
    return true;
}

bool textscan_eq(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && !memcmp(s, lit, len);
}

bool textscan_ieq(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && textscan_istarts(s, len, lit);
}

const char *textscan_find(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit), i;

    if (!n || n > len)
        return NULL;
    for (i = 0; i + n <= len; i++)
        if (s[i] == lit[0] && !memcmp(s + i, lit, n))
            return s + i;
    return NULL;
}

bool textscan_prompt(const char *s, size_t len)
{
    const char *close, *at;
    size_t n;

    str_trim(&s, &len);
    if (!len)
        return false;
    if (s[0] == '[') {
        /* [user@host dir]# or [user@host dir]$ */
        close = memchr(s, ']', len);
        at = memchr(s, '@', len);
        return close && at && at < close && (size_t)(close - s) + 1 < len &&
               (close[1] == '#' || close[1] == '$');
    }
    /* user@host:dir# or user@host:dir$ as the first word */
    n = 0;
    while (n < len && s[n] != ' ' && s[n] != '\t')
        n++;
    at = memchr(s, '@', n);
    return at && at > s && memchr(at, ':', (size_t)(s + n - at)) &&
           (s[n - 1] == '#' || s[n - 1] == '$');
}

void textscan_strip_markup(const char **s, size_t *len)
{
    const char *p = *s;
    size_t i, n = *len, m;
    bool lead = false, trail = false, again = true;

    str_trim(&p, &n);
    while (again && n) {
        again = false;
        for (i = 0; i < sizeof(markup) / sizeof(markup[0]); i++) {
            m = strlen(markup[i]);
            if (textscan_istarts(p, n, markup[i])) {
                p += m;
                n -= m;
                again = lead = true;
            } else if (n >= m && textscan_istarts(p + n - m, m, markup[i])) {
                n -= m;
                again = trail = true;
            }
            str_trim(&p, &n);
        }
    }
    /* Leading blanks carry meaning (continuation lines): keep them unless markup went. */
    if (lead) {
        *s = p;
        *len = n;
    } else if (trail) {
        *len = (size_t)(p + n - *s);
    }
}

bool textscan_noise(const char *s, size_t len)
{
    textscan_strip_markup(&s, &len);
    str_trim(&s, &len);
    return !len || textscan_prompt(s, len);
}

size_t textscan_copy(char *dst, size_t size, const char *s, size_t len)
{
    if (!size)
        return 0;
    if (len >= size)
        len = size - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
    return len;
}

const char *textscan_quote(char *out, size_t size, const char *s, size_t n, size_t max)
{
    bool cut = n > max || n + 1 > size;
    size_t keep = cut ? MIN(max, size >= 4 ? size - 4 : 0) : n, i;

    for (i = 0; i < keep; i++)
        out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
    if (cut && size >= 4) {
        memcpy(out + keep, "...", 3);
        keep += 3;
    }
    if (size)
        out[MIN(keep, size - 1)] = '\0';
    return out;
}

bool textscan_next(struct line_iter *it, struct facts *f, const char *path, const char *what,
                   const char **line, size_t *len)
{
    while (line_next(it, line, len)) {
        if (textscan_noise(*line, *len))
            continue;
        textscan_strip_markup(line, len);
        str_trim(line, len);
        if (textscan_binary(*line, *len)) {
            facts_error(f, path, it->lineno, "binary data instead of %s", what);
            continue;
        }
        return true;
    }
    return false;
}

bool textscan_next_config(struct line_iter *it, struct facts *f, const char *path,
                          const char *what, const char **line, size_t *len)
{
    while (line_next(it, line, len)) {
        str_trim(line, len);
        if (!*len || (*line)[0] == '#')
            continue;
        if (textscan_binary(*line, *len)) {
            facts_error(f, path, it->lineno, "binary data instead of %s", what);
            continue;
        }
        return true;
    }
    return false;
}
