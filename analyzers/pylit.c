/* SPDX-License-Identifier: MIT */
/* pylit.c: recursive-descent parser of Python 2 literals into json-c (see pylit.h). It never
 * evaluates, never recurses deeper than PYLIT_MAX_DEPTH containers and keeps the first error
 * with its position. */
#include "analyzers/pylit.h"
#include "lib/buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

struct parser {
    const char *s;
    size_t len, pos;
    unsigned flags;
    int depth;
    bool top_newlines;   /* newlines and comments are blanks outside brackets too */
    bool failed;
    size_t err_off;
    int err_depth;
    char msg[160];
    struct buf sb;       /* the string being decoded */
    struct buf kb;       /* the text of a dict key that is not a string */
};

static void fail(struct parser *p, size_t off, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void fail(struct parser *p, size_t off, const char *fmt, ...)
{
    va_list ap;

    if (p->failed)
        return;
    p->failed = true;
    p->err_off = off;
    p->err_depth = p->depth;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
    va_end(ap);
}

/* What stands at off, for messages: "'x'", "end of line", "byte 0x01". */
static const char *found(const struct parser *p, size_t off, char *tmp, size_t n)
{
    unsigned char c;

    if (off >= p->len)
        return "end of input";
    c = (unsigned char)p->s[off];
    if (c == '\n' || c == '\r')
        return "end of line";
    if (c >= 0x20 && c < 0x7f)
        snprintf(tmp, n, "'%c'", c);
    else
        snprintf(tmp, n, "byte 0x%02x", c);
    return tmp;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(int c)
{
    return is_ident_start(c) || is_digit(c);
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static char peek(const struct parser *p)
{
    return p->pos < p->len ? p->s[p->pos] : '\0';
}

static bool at(const struct parser *p, char c)
{
    return p->pos < p->len && p->s[p->pos] == c;
}

/* Length of a backslash-newline at i, 0 if there is none. */
static size_t continuation(const struct parser *p, size_t i)
{
    if (i + 1 < p->len && p->s[i] == '\\' && p->s[i + 1] == '\n')
        return 2;
    if (i + 2 < p->len && p->s[i] == '\\' && p->s[i + 1] == '\r' && p->s[i + 2] == '\n')
        return 3;
    return 0;
}

static void skip_blanks(struct parser *p)
{
    bool nl = p->depth > 0 || p->top_newlines;
    size_t n;

    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            p->pos++;
        } else if (nl && (c == '\n' || c == '\r')) {
            p->pos++;
        } else if (nl && c == '#') {
            while (p->pos < p->len && p->s[p->pos] != '\n')
                p->pos++;
        } else if ((n = continuation(p, p->pos))) {
            p->pos += n;
        } else {
            break;
        }
    }
}

static bool enter(struct parser *p)
{
    if (p->depth >= PYLIT_MAX_DEPTH) {
        fail(p, p->pos, "nesting deeper than %d", PYLIT_MAX_DEPTH);
        return false;
    }
    p->depth++;
    return true;
}

static json_object *parse_value(struct parser *p);

/* --- strings ---------------------------------------------------------------------------- */

static bool is_prefix_char(int c)
{
    return c == 'u' || c == 'U' || c == 'b' || c == 'B' || c == 'r' || c == 'R';
}

/* True when a string literal (with up to two prefix letters) starts at i. */
static bool string_starts(const struct parser *p, size_t i)
{
    size_t n = 0;

    while (n < 2 && i + n < p->len && is_prefix_char(p->s[i + n]))
        n++;
    return i + n < p->len && (p->s[i + n] == '\'' || p->s[i + n] == '"');
}

static void add_code_point(struct buf *b, uint32_t cp)
{
    char u[4];

    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 4);
    }
}

/* n hex digits at i as a number, -1 if they are not all there. */
static long hex_digits(const struct parser *p, size_t i, int n)
{
    long v = 0;
    int k, d;

    if (i + (size_t)n > p->len)
        return -1;
    for (k = 0; k < n; k++) {
        if ((d = hex_value(p->s[i + (size_t)k])) < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* \uXXXX or \UXXXXXXXX after the backslash at p->pos - 2 (e is 'u' or 'U'); false when the
 * digits are not there. A high surrogate takes a following \uDC00-\uDFFF with it. */
static bool unicode_escape(struct parser *p, char e)
{
    int n = e == 'u' ? 4 : 8;
    long cp = hex_digits(p, p->pos, n), lo;

    if (cp < 0)
        return false;
    p->pos += (size_t)n;
    if (cp >= 0xD800 && cp <= 0xDBFF && p->pos + 1 < p->len && p->s[p->pos] == '\\' &&
        p->s[p->pos + 1] == 'u' && (lo = hex_digits(p, p->pos + 2, 4)) >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p->pos += 6;
    }
    add_code_point(&p->sb, (uint32_t)cp);
    return true;
}

/* One backslash escape of a non-raw string; p->pos is on the backslash. */
static void string_escape(struct parser *p, bool uni, bool bytes)
{
    char e = p->s[p->pos + 1];
    size_t k;
    long v;

    p->pos += 2;
    switch (e) {
    case '\n':
        return;                          /* line continuation */
    case '\r':
        if (at(p, '\n'))
            p->pos++;
        return;
    case '\\': case '\'': case '"':
        buf_addc(&p->sb, e);
        return;
    case 'a': buf_addc(&p->sb, '\a'); return;
    case 'b': buf_addc(&p->sb, '\b'); return;
    case 'f': buf_addc(&p->sb, '\f'); return;
    case 'n': buf_addc(&p->sb, '\n'); return;
    case 'r': buf_addc(&p->sb, '\r'); return;
    case 't': buf_addc(&p->sb, '\t'); return;
    case 'v': buf_addc(&p->sb, '\v'); return;
    case '/':
        if (p->flags & PYLIT_JSON) {
            buf_addc(&p->sb, '/');
            return;
        }
        break;
    case 'x':
        if ((v = hex_digits(p, p->pos, 2)) < 0) {
            fail(p, p->pos - 2, "invalid \\x escape");
            return;
        }
        p->pos += 2;
        if (uni)
            add_code_point(&p->sb, (uint32_t)v);
        else
            buf_addc(&p->sb, (char)v);
        return;
    case 'u': case 'U':
        if (bytes)
            break;
        if (unicode_escape(p, e))
            return;
        if (uni) {
            fail(p, p->pos - 2, "invalid \\%c escape", e);
            return;
        }
        break;                           /* a Python 2 str keeps it as it is */
    default:
        if (e >= '0' && e <= '7') {
            v = e - '0';
            for (k = 0; k < 2 && p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '7';
                 k++)
                v = v * 8 + (p->s[p->pos++] - '0');
            if (uni)
                add_code_point(&p->sb, (uint32_t)v);
            else
                buf_addc(&p->sb, (char)(v & 0xFF));
            return;
        }
        break;
    }
    /* Not an escape: Python keeps the backslash. */
    buf_addc(&p->sb, '\\');
    buf_addc(&p->sb, e);
}

/* One literal, appended to p->sb. */
static void parse_one_string(struct parser *p)
{
    size_t start = p->pos;
    bool raw = false, uni = false, bytes = false, triple;
    char q, c;

    while (is_prefix_char(peek(p))) {
        c = p->s[p->pos++];
        raw |= c == 'r' || c == 'R';
        uni |= c == 'u' || c == 'U';
        bytes |= c == 'b' || c == 'B';
    }
    q = p->s[p->pos];
    triple = p->pos + 2 < p->len && p->s[p->pos + 1] == q && p->s[p->pos + 2] == q;
    p->pos += triple ? 3 : 1;
    for (;;) {
        if (p->pos >= p->len) {
            fail(p, start, "unterminated string");
            return;
        }
        c = p->s[p->pos];
        if (c == q) {
            if (!triple) {
                p->pos++;
                return;
            }
            if (p->pos + 2 < p->len && p->s[p->pos + 1] == q && p->s[p->pos + 2] == q) {
                p->pos += 3;
                return;
            }
        } else if ((c == '\n' || c == '\r') && !triple) {
            fail(p, start, "unterminated string");
            return;
        } else if (c == '\\') {
            if (p->pos + 1 >= p->len) {
                fail(p, start, "unterminated string");
                return;
            }
            if (raw) {
                buf_add(&p->sb, p->s + p->pos, 2);
                p->pos += 2;
            } else {
                string_escape(p, uni, bytes);
                if (p->failed)
                    return;
            }
            continue;
        }
        buf_addc(&p->sb, c);
        p->pos++;
    }
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
            return 0;                    /* overlong, surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
            return 0;                    /* overlong, beyond U+10FFFF */
        return 4;
    }
    return 0;
}

/* b as a JSON string, each byte that is not valid UTF-8 replaced by U+FFFD. */
static json_object *utf8_string(const struct buf *b)
{
    const unsigned char *s = (const unsigned char *)b->data;
    struct buf out = BUF_INIT;
    json_object *o;
    size_t i = 0, n;

    while (i < b->len && (n = utf8_len(s + i, b->len - i)))
        i += n;
    if (i == b->len)
        return json_object_new_string_len(b->data, (int)b->len);
    buf_add(&out, b->data, i);
    while (i < b->len) {
        n = utf8_len(s + i, b->len - i);
        if (n) {
            buf_add(&out, s + i, n);
            i += n;
        } else {
            buf_add(&out, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    o = json_object_new_string_len(out.data, (int)out.len);
    buf_release(&out);
    return o;
}

/* Adjacent literals ('a' 'b', also over lines inside brackets) are one string. */
static json_object *parse_strings(struct parser *p)
{
    size_t after;

    buf_reset(&p->sb);
    for (;;) {
        parse_one_string(p);
        if (p->failed)
            return NULL;
        after = p->pos;
        skip_blanks(p);
        if (!string_starts(p, p->pos)) {
            p->pos = after;
            break;
        }
    }
    if (p->sb.len > INT32_MAX) {
        fail(p, after, "string too long");
        return NULL;
    }
    return utf8_string(&p->sb);
}

/* --- numbers and names ------------------------------------------------------------------ */

/* The number's text, sign first, as a JSON string: floats, and ints beyond int64. */
static json_object *number_text(bool neg, const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    json_object *o;

    if (neg)
        buf_addc(&b, '-');
    buf_add(&b, s, n);
    o = json_object_new_string_len(b.data, (int)b.len);
    buf_release(&b);
    return o;
}

static json_object *parse_name(struct parser *p);

static json_object *parse_number(struct parser *p)
{
    size_t start = p->pos, i = p->pos, text, digits, end, k;
    bool neg = false, is_float = false, overflow = false;
    unsigned base = 10;
    uint64_t v = 0;
    int d;
    char tmp[16];

    if (p->s[i] == '-' || p->s[i] == '+') {
        neg = p->s[i] == '-';
        i++;
        while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
            i++;
        if (i + 3 <= p->len && (!memcmp(p->s + i, "inf", 3) || !memcmp(p->s + i, "nan", 3)) &&
            (i + 3 == p->len || !is_ident_char(p->s[i + 3]))) {
            p->pos = i + 3;
            return number_text(neg, p->s + i, 3);
        }
        if (i >= p->len || !(is_digit(p->s[i]) || (p->s[i] == '.' && i + 1 < p->len &&
                                                   is_digit(p->s[i + 1])))) {
            fail(p, i, "expected a number after '%c', found %s", neg ? '-' : '+',
                 found(p, i, tmp, sizeof(tmp)));
            return NULL;
        }
    }
    text = digits = i;
    if (p->s[i] == '0' && i + 1 < p->len && p->s[i + 1] && strchr("xXoObB", p->s[i + 1])) {
        base = p->s[i + 1] == 'x' || p->s[i + 1] == 'X' ? 16
               : p->s[i + 1] == 'o' || p->s[i + 1] == 'O' ? 8 : 2;
        i += 2;
        digits = i;
        while (i < p->len && hex_value(p->s[i]) >= 0 && (unsigned)hex_value(p->s[i]) < base)
            i++;
        if (i == digits)
            goto bad;
    } else {
        while (i < p->len && is_digit(p->s[i]))
            i++;
        if (i < p->len && p->s[i] == '.') {
            is_float = true;
            i++;
            while (i < p->len && is_digit(p->s[i]))
                i++;
        }
        if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
            k = i + 1;
            if (k < p->len && (p->s[k] == '+' || p->s[k] == '-'))
                k++;
            if (k < p->len && is_digit(p->s[k])) {
                is_float = true;
                i = k;
                while (i < p->len && is_digit(p->s[i]))
                    i++;
            }
        }
        if (!is_float && i - digits > 1 && p->s[digits] == '0') {
            base = 8;                    /* Python 2: 0755 */
            for (k = digits; k < i; k++)
                if (p->s[k] > '7')
                    goto bad;
        }
    }
    end = i;
    if (!is_float && i < p->len && (p->s[i] == 'L' || p->s[i] == 'l'))
        i++;
    if (i < p->len && (p->s[i] == 'j' || p->s[i] == 'J')) {
        fail(p, start, "complex numbers are not supported");
        return NULL;
    }
    if (i < p->len && (is_ident_char(p->s[i]) || p->s[i] == '.'))
        goto bad;
    p->pos = i;
    if (is_float)
        return number_text(neg, p->s + text, end - text);
    for (k = digits; k < end; k++) {
        d = hex_value(p->s[k]);
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            overflow = true;
        v = v * base + (uint64_t)d;
    }
    if (overflow || v > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
        return number_text(neg, p->s + text, end - text);
    if (neg)
        return json_object_new_int64(v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v);
    return json_object_new_int64((int64_t)v);
bad:
    while (i < p->len && (is_ident_char(p->s[i]) || p->s[i] == '.'))
        i++;
    fail(p, start, "invalid number '%.*s'", (int)MIN(i - start, 32), p->s + start);
    return NULL;
}

/* set([...]) and frozenset([...]): the argument's elements; p->pos is after the name. */
static json_object *parse_set_call(struct parser *p, const char *name)
{
    json_object *v, *arr;
    char tmp[16];

    skip_blanks(p);
    if (!at(p, '(')) {
        fail(p, p->pos, "expected '(' after '%s', found %s", name,
             found(p, p->pos, tmp, sizeof(tmp)));
        return NULL;
    }
    if (!enter(p))
        return NULL;
    p->pos++;
    skip_blanks(p);
    if (at(p, ')')) {
        p->pos++;
        p->depth--;
        return json_object_new_array();
    }
    v = parse_value(p);
    if (!p->failed && !json_object_is_type(v, json_type_array)) {
        if (json_object_is_type(v, json_type_object)) {
            arr = json_object_new_array();   /* set({'a': 1}) is the set of its keys */
            json_object_object_foreach(v, k, val) {
                (void)val;
                json_object_array_add(arr, json_object_new_string(k));
            }
            json_object_put(v);
            v = arr;
        } else {
            fail(p, p->pos, "%s() of something that is not a list", name);
        }
    }
    if (!p->failed) {
        skip_blanks(p);
        if (at(p, ','))
            p->pos++;
        skip_blanks(p);
        if (at(p, ')'))
            p->pos++;
        else
            fail(p, p->pos, "expected ')', found %s", found(p, p->pos, tmp, sizeof(tmp)));
    }
    p->depth--;
    return v;
}

static json_object *parse_name(struct parser *p)
{
    size_t start = p->pos, n;
    const char *s;

    while (p->pos < p->len && is_ident_char(p->s[p->pos]))
        p->pos++;
    s = p->s + start;
    n = p->pos - start;
#define IS(word) (n == sizeof(word) - 1 && !memcmp(s, word, n))
    if (IS("True") || ((p->flags & PYLIT_JSON) && IS("true")))
        return json_object_new_boolean(1);
    if (IS("False") || ((p->flags & PYLIT_JSON) && IS("false")))
        return json_object_new_boolean(0);
    if (IS("None") || ((p->flags & PYLIT_JSON) && IS("null")))
        return NULL;
    if (IS("inf") || IS("nan"))
        return json_object_new_string_len(s, (int)n);
    if (IS("set"))
        return parse_set_call(p, "set");
    if (IS("frozenset"))
        return parse_set_call(p, "frozenset");
#undef IS
    fail(p, start, "unknown name '%.*s'", (int)MIN(n, 32), s);
    return NULL;
}

/* --- containers ------------------------------------------------------------------------- */

/* The elements up to close into arr. p->pos is past the opener or past "first element,";
 * the caller entered one level, left here. */
static json_object *seq_rest(struct parser *p, json_object *arr, char close)
{
    json_object *v;
    char tmp[16];

    for (;;) {
        skip_blanks(p);
        if (at(p, close)) {
            p->pos++;
            break;
        }
        v = parse_value(p);
        if (p->failed) {
            if (v)
                json_object_array_add(arr, v);
            break;
        }
        json_object_array_add(arr, v);
        skip_blanks(p);
        if (at(p, ',')) {
            p->pos++;
            continue;
        }
        if (at(p, close)) {
            p->pos++;
            break;
        }
        fail(p, p->pos, "expected ',' or '%c', found %s", close,
             found(p, p->pos, tmp, sizeof(tmp)));
        break;
    }
    p->depth--;
    return arr;
}

static json_object *parse_list(struct parser *p)
{
    if (!enter(p))
        return NULL;
    p->pos++;
    return seq_rest(p, json_object_new_array(), ']');
}

/* () is an empty tuple, (x) is x, (x,) and (x, y) are tuples. */
static json_object *parse_paren(struct parser *p)
{
    json_object *v, *arr;
    char tmp[16];

    if (!enter(p))
        return NULL;
    p->pos++;
    skip_blanks(p);
    if (at(p, ')')) {
        p->pos++;
        p->depth--;
        return json_object_new_array();
    }
    v = parse_value(p);
    if (!p->failed) {
        skip_blanks(p);
        if (at(p, ',')) {
            p->pos++;
            arr = json_object_new_array();
            json_object_array_add(arr, v);
            return seq_rest(p, arr, ')');
        }
        if (at(p, ')'))
            p->pos++;
        else
            fail(p, p->pos, "expected ',' or ')', found %s", found(p, p->pos, tmp, sizeof(tmp)));
    }
    p->depth--;
    return v;
}

/* The repr-like text of a key that is not a string: the source with its blanks folded into
 * single spaces as repr() puts them ("(1, 'a')"). */
static void key_text(struct parser *p, size_t a, size_t b)
{
    bool space = false;
    char q = 0, c, last;
    size_t i, n;

    buf_reset(&p->kb);
    for (i = a; i < b; i++) {
        c = p->s[i];
        if (q) {
            buf_addc(&p->kb, c);
            if (c == '\\' && i + 1 < b)
                buf_addc(&p->kb, p->s[++i]);
            else if (c == q)
                q = 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (c == '#') {
            while (i + 1 < b && p->s[i + 1] != '\n')
                i++;
            space = true;
            continue;
        }
        if ((n = continuation(p, i))) {
            i += n - 1;
            space = true;
            continue;
        }
        last = p->kb.len ? p->kb.data[p->kb.len - 1] : '(';
        if (space && !strchr("([{", last) && !strchr(")]},:", c))
            buf_addc(&p->kb, ' ');
        space = c == ',';
        if (c == '\'' || c == '"')
            q = c;
        buf_addc(&p->kb, c);
    }
}

/* The JSON key for a parsed dict key k whose source is [a, b); k is released. */
static void dict_add(struct parser *p, json_object *obj, json_object *k, size_t a, size_t b,
                     json_object *v)
{
    char num[32];

    if (json_object_is_type(k, json_type_string)) {
        json_object_object_add(obj, json_object_get_string(k), v);
    } else if (json_object_is_type(k, json_type_int)) {
        snprintf(num, sizeof(num), "%lld", (long long)json_object_get_int64(k));
        json_object_object_add(obj, num, v);
    } else {
        key_text(p, a, b);
        json_object_object_add(obj, p->kb.data, v);
    }
    json_object_put(k);
}

/* {k: v, ...} is a dict, {a, b} a set literal (Python 2.7 and 3). */
static json_object *parse_dict(struct parser *p)
{
    json_object *obj, *k, *v, *arr;
    size_t ka, kb;
    char tmp[16];

    if (!enter(p))
        return NULL;
    p->pos++;
    skip_blanks(p);
    if (at(p, '}')) {
        p->pos++;
        p->depth--;
        return json_object_new_object();
    }
    ka = p->pos;
    k = parse_value(p);
    kb = p->pos;
    if (p->failed) {
        json_object_put(k);
        p->depth--;
        return json_object_new_object();
    }
    skip_blanks(p);
    if (at(p, ',') || at(p, '}')) {
        arr = json_object_new_array();
        json_object_array_add(arr, k);
        if (p->s[p->pos++] == ',')
            return seq_rest(p, arr, '}');
        p->depth--;
        return arr;
    }
    obj = json_object_new_object();
    for (;;) {
        if (!at(p, ':')) {
            fail(p, p->pos, "expected ':' after a dict key, found %s",
                 found(p, p->pos, tmp, sizeof(tmp)));
            json_object_put(k);
            break;
        }
        p->pos++;
        v = parse_value(p);
        if (p->failed) {
            if (v)
                dict_add(p, obj, k, ka, kb, v);
            else
                json_object_put(k);
            break;
        }
        dict_add(p, obj, k, ka, kb, v);
        skip_blanks(p);
        if (at(p, '}')) {
            p->pos++;
            break;
        }
        if (!at(p, ',')) {
            fail(p, p->pos, "expected ',' or '}', found %s", found(p, p->pos, tmp, sizeof(tmp)));
            break;
        }
        p->pos++;
        skip_blanks(p);
        if (at(p, '}')) {
            p->pos++;
            break;
        }
        ka = p->pos;
        k = parse_value(p);
        kb = p->pos;
        if (p->failed) {
            json_object_put(k);
            break;
        }
        skip_blanks(p);
    }
    p->depth--;
    return obj;
}

static json_object *parse_value(struct parser *p)
{
    char c, tmp[16];

    skip_blanks(p);
    if (p->pos >= p->len) {
        fail(p, p->pos, "expected a value, found end of input");
        return NULL;
    }
    c = p->s[p->pos];
    if (c == '{')
        return parse_dict(p);
    if (c == '[')
        return parse_list(p);
    if (c == '(')
        return parse_paren(p);
    if (c == '\'' || c == '"')
        return parse_strings(p);
    if (is_digit(c) || c == '-' || c == '+' ||
        (c == '.' && p->pos + 1 < p->len && is_digit(p->s[p->pos + 1])))
        return parse_number(p);
    if (is_ident_start(c))
        return string_starts(p, p->pos) ? parse_strings(p) : parse_name(p);
    fail(p, p->pos, "expected a value, found %s", found(p, p->pos, tmp, sizeof(tmp)));
    return NULL;
}

/* --- entry points ----------------------------------------------------------------------- */

static void parser_init(struct parser *p, const char *text, size_t len, size_t pos,
                        unsigned flags)
{
    memset(p, 0, sizeof(*p));
    p->s = text;
    p->len = len;
    p->pos = pos;
    p->flags = flags;
    buf_init(&p->sb);
    buf_init(&p->kb);
}

static int parser_finish(struct parser *p, struct pylit_where *where, struct err *err)
{
    size_t i, line = 1, col = 1;
    int rc = 0;

    if (p->failed) {
        for (i = 0; i < p->err_off && i < p->len; i++) {
            if (p->s[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        if (where) {
            where->off = p->err_off;
            where->line = line;
            where->col = col;
            where->depth = p->err_depth;
            snprintf(where->msg, sizeof(where->msg), "%s", p->msg);
        }
        rc = err_set(err, E_PARSE, "%zu:%zu: %s", line, col, p->msg);
    }
    buf_release(&p->sb);
    buf_release(&p->kb);
    return rc;
}

int pylit_parse_at(const char *text, size_t len, size_t *pos, unsigned flags, json_object **out,
                   struct pylit_where *where, struct err *err)
{
    struct parser p;
    json_object *v = NULL;
    int rc;

    parser_init(&p, text, len, *pos, flags);
    if (len > PYLIT_MAX_INPUT)
        fail(&p, *pos, "input larger than %zu bytes", PYLIT_MAX_INPUT);
    else if (*pos > len)
        fail(&p, len, "start beyond the end of the input");
    else
        v = parse_value(&p);
    if (!p.failed) {
        *pos = p.pos;
        *out = v;
        return parser_finish(&p, where, err);
    }
    if (flags & PYLIT_PARTIAL)
        *out = v;
    else
        json_object_put(v);
    rc = parser_finish(&p, where, err);
    return rc;
}

int pylit_parse(const char *text, size_t len, json_object **out, struct err *err)
{
    struct parser p;
    json_object *v = NULL;
    char tmp[16];

    parser_init(&p, text, len, 0, 0);
    p.top_newlines = true;
    if (len > PYLIT_MAX_INPUT) {
        fail(&p, 0, "input larger than %zu bytes", PYLIT_MAX_INPUT);
        return parser_finish(&p, NULL, err);
    }
    skip_blanks(&p);
    if (p.pos >= p.len) {
        fail(&p, p.pos, "empty input");
        return parser_finish(&p, NULL, err);
    }
    v = parse_value(&p);
    if (!p.failed) {
        skip_blanks(&p);
        if (p.pos < p.len)
            fail(&p, p.pos, "unexpected text after the value, found %s",
                 found(&p, p.pos, tmp, sizeof(tmp)));
    }
    if (p.failed) {
        json_object_put(v);
        return parser_finish(&p, NULL, err);
    }
    *out = v;
    return parser_finish(&p, NULL, err);
}
