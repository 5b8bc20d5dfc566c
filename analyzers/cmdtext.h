/* SPDX-License-Identifier: MIT */
/* cmdtext.h: small helpers shared by the analyzers of Xen command output (xm/xl list, info,
 * xentop, list -l): noise lines to skip, whitespace fields counted from the right, decimal
 * numbers turned into integers, and JSON text parsed with a line:column on error. */
#ifndef OVMDIAG_CMDTEXT_H
#define OVMDIAG_CMDTEXT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* True for lines that are not command output but wrap it: blank lines, shell prompts
 * ("[root@sv091 ~]# xm list", "root@host:~# xl list"), forum code fences ("```") and the
 * bundle's truncation marker ("[ovmdiag: ... omitted here ...]"). */
bool cmdtext_is_noise(const char *line, size_t len);

/* A short printable copy of [s, s+len) for an error message: bytes outside printable ASCII
 * become '?', more than 60 characters are cut with "...". Returns buf. */
#define CMDTEXT_QUOTE_MAX 64
const char *cmdtext_quote(const char *s, size_t len, char buf[CMDTEXT_QUOTE_MAX]);

/* The last n whitespace-separated fields of [s, s+len) into field/flen (in left-to-right
 * order) and what comes before them, trimmed, into rest and rest_len. False when the line has
 * fewer than n fields. */
bool cmdtext_rsplit(const char *s, size_t len, size_t n, const char **field, size_t *flen,
                    const char **rest, size_t *rest_len);

/* A non-negative decimal ("2551256.8", "40") as an integer: cpu seconds are truncated (whole
 * seconds elapsed), percentages and MHz rounded to the nearest. False for anything else. */
bool cmdtext_floor(const char *s, size_t len, int64_t *out);
bool cmdtext_round(const char *s, size_t len, int64_t *out);
/* A non-negative decimal integer. */
bool cmdtext_uint(const char *s, size_t len, int64_t *out);

/* Parse one JSON value starting at data, which is line first_line of its artefact (trailing
 * text after the value is ignored). On failure E_PARSE with "line L, column C: <json-c's
 * reason>" (1-based). The caller owns *out; release with json_object_put(). */
int cmdtext_json(const char *data, size_t len, size_t first_line, json_object **out,
                 struct err *err);

#endif
