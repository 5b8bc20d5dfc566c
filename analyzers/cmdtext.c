/* SPDX-License-Identifier: MIT */
/* cmdtext.c: helpers for reading Xen command output in analyzers (see cmdtext.h). */
#include "analyzers/cmdtext.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <limits.h>
#include <string.h>

#include "lib/banned.h"

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool cmdtext_is_noise(const char *line, size_t len)
{
    str_trim(&line, &len);
    return textscan_noise(line, len) || str_starts(line, len, "```") ||
           str_starts(line, len, "~~~") ||
           str_starts(line, len, "[ovmdiag:");
}

const char *cmdtext_quote(const char *s, size_t len, char buf[CMDTEXT_QUOTE_MAX])
{
    return textscan_quote(buf, CMDTEXT_QUOTE_MAX, s, len, CMDTEXT_QUOTE_MAX - 1);
}

bool cmdtext_rsplit(const char *s, size_t len, size_t n, const char **field, size_t *flen,
                    const char **rest, size_t *rest_len)
{
    size_t end = len, i = n, start;

    while (i > 0) {
        while (end > 0 && blank(s[end - 1]))
            end--;
        if (!end)
            return false;
        start = end;
        while (start > 0 && !blank(s[start - 1]))
            start--;
        i--;
        field[i] = s + start;
        flen[i] = end - start;
        end = start;
    }
    *rest = s;
    *rest_len = end;
    str_trim(rest, rest_len);
    return true;
}

bool cmdtext_uint(const char *s, size_t len, int64_t *out)
{
    int64_t v;
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    if (!str_to_i64(s, len, &v))
        return false;
    *out = v;
    return true;
}

static bool decimal(const char *s, size_t len, double *out)
{
    double v;

    if (!len || s[0] < '0' || s[0] > '9' || !str_to_double(s, len, &v))
        return false;
    /* Below 2^63 so that the conversion to int64_t is defined. */
    if (!(v >= 0 && v < 9.2e18))
        return false;
    *out = v;
    return true;
}

/* An integer, or a decimal truncated (round false) or rounded to the nearest. */
static bool to_int(const char *s, size_t len, bool round, int64_t *out)
{
    double v;

    if (cmdtext_uint(s, len, out))
        return true;
    if (!decimal(s, len, &v))
        return false;
    *out = (int64_t)(round ? v + 0.5 : v);
    return true;
}

bool cmdtext_floor(const char *s, size_t len, int64_t *out)
{
    return to_int(s, len, false, out);
}

bool cmdtext_round(const char *s, size_t len, int64_t *out)
{
    return to_int(s, len, true, out);
}

int cmdtext_json(const char *data, size_t len, size_t first_line, json_object **out,
                 struct err *err)
{
    json_tokener *tok;
    json_object *obj;
    enum json_tokener_error jerr;
    size_t off, i, line = first_line ? first_line : 1, col = 1;

    if (len > INT_MAX)
        return err_set(err, E_PARSE, "%zu bytes: too large for the JSON parser", len);
    tok = json_tokener_new_ex(64);
    if (!tok)
        return err_set(err, E_INTERNAL, "cannot create a JSON parser");
    obj = json_tokener_parse_ex(tok, data, (int)len);
    jerr = json_tokener_get_error(tok);
    if (obj && jerr == json_tokener_success) {
        json_tokener_free(tok);
        *out = obj;
        return 0;
    }
    json_object_put(obj);
#if JSON_C_VERSION_NUM >= ((0 << 16) | (13 << 8))
    off = json_tokener_get_parse_end(tok);
#else
    off = tok->char_offset > 0 ? (size_t)tok->char_offset : 0;
#endif
    if (jerr == json_tokener_continue)
        off = len;
    if (off > len)
        off = len;
    /* json-c stops on the offending character: off is its offset. */
    for (i = 0; i < off; i++) {
        if (data[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    json_tokener_free(tok);
    if (jerr == json_tokener_continue)
        return err_set(err, E_PARSE, "line %zu, column %zu: the JSON text ends early (truncated)",
                       line, col);
    return err_set(err, E_PARSE, "line %zu, column %zu: %s", line, col,
                   json_tokener_error_desc(jerr));
}
