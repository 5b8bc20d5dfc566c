/* SPDX-License-Identifier: MIT */
/* html.c: escaping and the small builders of the HTML report. */
#include "reports/html.h"
#include "analyzers/facts.h"
#include "lib/utf8.h"

#include <inttypes.h>
#include <string.h>

#include "lib/banned.h"

void html_text(struct buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = s ? strlen(s) : 0, k;

    while (n) {
        switch (*p) {
        case '&': buf_adds(b, "&amp;"); break;
        case '<': buf_adds(b, "&lt;"); break;
        case '>': buf_adds(b, "&gt;"); break;
        case '"': buf_adds(b, "&quot;"); break;
        case '\'': buf_adds(b, "&#39;"); break;
        case '\t': buf_addc(b, ' '); break;
        case '\n': buf_addc(b, '\n'); break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                buf_addf(b, "\\x%02x", *p);
                break;
            }
            k = utf8_seq(p, n);
            if (!k) {
                buf_adds(b, "\xEF\xBF\xBD");    /* U+FFFD */
                break;
            }
            buf_add(b, p, k);
            p += k;
            n -= k;
            continue;
        }
        p++;
        n--;
    }
}

void html_elem(struct buf *b, const char *tag, const char *cls, const char *s)
{
    buf_addf(b, "<%s", tag);
    if (cls)
        buf_addf(b, " class=\"%s\"", cls);
    buf_addc(b, '>');
    html_text(b, s);
    buf_addf(b, "</%s>", tag);
}

void html_link(struct buf *b, const char *url, const char *label)
{
    if (url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))) {
        buf_adds(b, "<a rel=\"noreferrer\" href=\"");
        html_text(b, url);
        buf_adds(b, "\">");
        html_text(b, label ? label : url);
        buf_adds(b, "</a>");
    } else {
        html_text(b, label ? label : url);
    }
}

void html_td(struct buf *b, json_object *v, const char *cls)
{
    buf_adds(b, cls ? "<td class=\"" : "<td>");
    if (cls) {
        buf_adds(b, cls);
        buf_adds(b, "\">");
    }
    switch (v ? json_object_get_type(v) : json_type_null) {
    case json_type_null: buf_adds(b, "—"); break;
    case json_type_boolean: buf_adds(b, json_object_get_boolean(v) ? "yes" : "no"); break;
    case json_type_int: buf_addf(b, "%" PRId64, json_object_get_int64(v)); break;
    default: html_text(b, json_object_get_string(v)); break;
    }
    buf_adds(b, "</td>");
}

void html_bytes(struct buf *b, int64_t bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    double v = (double)bytes;
    size_t u = 0;

    while ((v >= 1024.0 || v <= -1024.0) && u + 1 < sizeof(units) / sizeof(units[0])) {
        v /= 1024.0;
        u++;
    }
    if (u == 0)
        buf_addf(b, "%" PRId64 " B", bytes);
    else
        buf_addf(b, "%.1f %s", v, units[u]);
}

void html_duration(struct buf *b, int64_t s)
{
    if (s < 0)
        s = 0;
    if (s >= 86400)
        buf_addf(b, "%" PRId64 "d ", s / 86400);
    buf_addf(b, "%02" PRId64 ":%02" PRId64 ":%02" PRId64, s % 86400 / 3600, s % 3600 / 60, s % 60);
}

void html_base64(struct buf *b, const unsigned char *d, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
        buf_addc(b, tab[v >> 18]);
        buf_addc(b, tab[(v >> 12) & 63]);
        buf_addc(b, tab[(v >> 6) & 63]);
        buf_addc(b, tab[v & 63]);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)d[i] << 16;
        buf_addc(b, tab[v >> 18]);
        buf_addc(b, tab[(v >> 12) & 63]);
        buf_adds(b, "==");
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8;
        buf_addc(b, tab[v >> 18]);
        buf_addc(b, tab[(v >> 12) & 63]);
        buf_addc(b, tab[(v >> 6) & 63]);
        buf_addc(b, '=');
    }
}

size_t jarr_len(json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

json_object *jarr_at(json_object *a, size_t i)
{
    return i < jarr_len(a) ? json_object_array_get_idx(a, i) : NULL;
}

const char *jstr_or(json_object *o, const char *key, const char *dflt)
{
    const char *s = jget_str(o, key);

    return s && *s ? s : dflt;
}
