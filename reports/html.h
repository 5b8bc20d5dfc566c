/* SPDX-License-Identifier: MIT */
/* html.h: the small pieces the HTML report is made of. Every string that comes from a bundle
 * goes through html_text() (element text and attribute values alike): it escapes the five
 * markup characters, shows control bytes as \xNN and replaces invalid UTF-8 with U+FFFD, so no bundle content can open a tag, close an attribute or smuggle a script. */
#ifndef OVMDIAG_HTML_H
#define OVMDIAG_HTML_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

/* s escaped for element text and quoted attribute values; NULL writes nothing. */
void html_text(struct buf *b, const char *s);
/* <tag class="cls">escaped s</tag>; cls may be NULL. */
void html_elem(struct buf *b, const char *tag, const char *cls, const char *s);
/* A link when url is http(s) (escaped href, rel=noreferrer), else the text alone. */
void html_link(struct buf *b, const char *url, const char *label);
/* A table cell with a value of the facts: string, number, bool ("yes"/"no") or "—" for null. */
void html_td(struct buf *b, json_object *v, const char *cls);
/* 1234567 -> "1.2 MB"-style byte sizes, binary units. */
void html_bytes(struct buf *b, int64_t bytes);
/* "3d 04:05:06"-style durations. */
void html_duration(struct buf *b, int64_t seconds);
/* Base64 of data (for the CSP hash of the inline style). */
void html_base64(struct buf *b, const unsigned char *data, size_t len);

/* Borrowed facts lookups that tolerate NULL and wrong types. */
size_t jarr_len(json_object *a);
json_object *jarr_at(json_object *a, size_t i);
const char *jstr_or(json_object *o, const char *key, const char *dflt);

/* Sections of the page (reports/html-*.c); each writes an <section id=...>. */
void html_overview(struct buf *b, json_object *facts);
void html_domains(struct buf *b, json_object *facts);
void html_repositories(struct buf *b, json_object *facts);
void html_storage_cluster(struct buf *b, json_object *facts);
void html_timeline(struct buf *b, json_object *report);

/* report-html.c, shared with the pool page (report-pool-html.c): the document head (the inline
 * style plus extra_style, pinned by their hash in the CSP), one finding, the footer (closes
 * <main>, <body> and <html>). */
void html_head(struct buf *b, json_object *report, const char *extra_style);
void html_finding(struct buf *b, json_object *f);
void html_footer(struct buf *b, json_object *report);

#endif
