/* SPDX-License-Identifier: MIT */
/* textscan.h: text helpers shared by the host, storage, cluster and network analyzers: the
 * noise around pasted command output (shell prompts, forum markup), binary junk, bounded
 * copies. Nothing here allocates. */
#ifndef OVMDIAG_TEXTSCAN_H
#define OVMDIAG_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>

/* True when the line holds a NUL or a control byte other than tab, CR and FF. */
bool textscan_binary(const char *s, size_t len);
/* True for a shell prompt line: "[root@sv091 ~]# xm list", "root@host:~# df -P". */
bool textscan_prompt(const char *s, size_t len);
/* Strip forum markup around output ("[code]", "[/code]", "[quote]", "<pre>", "</pre>",
 * "```") at both ends of the line, and the blanks around it. */
void textscan_strip_markup(const char **s, size_t *len);
/* True when, once markup is stripped, nothing is left or the line is a prompt. */
bool textscan_noise(const char *s, size_t len);
/* Copy [s, s+len) into dst as a C string, cut to size-1 bytes; returns the bytes copied. */
size_t textscan_copy(char *dst, size_t size, const char *s, size_t len);
/* [s, s+len) equals lit exactly, or ignoring ASCII case. */
bool textscan_eq(const char *s, size_t len, const char *lit);
bool textscan_ieq(const char *s, size_t len, const char *lit);
/* [s, s+len) starts with prefix, ignoring ASCII case. */
bool textscan_istarts(const char *s, size_t len, const char *prefix);
/* The first occurrence of lit in [s, s+len), or NULL. */
const char *textscan_find(const char *s, size_t len, const char *lit);

/* At most max bytes of [s, s+n) for an error message, into out (size bytes): bytes that are
 * not printable ASCII become '?', a longer text ends in "...". Returns out. */
const char *textscan_quote(char *out, size_t size, const char *s, size_t n, size_t max);

/* The next line of real content from it: noise (blank lines, prompts, markup-only lines)
 * skipped, markup stripped, blanks trimmed. A line of binary junk is reported on f as
 * "binary data instead of <what>" and skipped. False at the end. */
struct line_iter;
struct facts;
bool textscan_next(struct line_iter *it, struct facts *f, const char *path, const char *what,
                   const char **line, size_t *len);
/* The same for configuration files: blank lines and '#' comments skipped, lines trimmed,
 * binary junk reported and skipped. */
bool textscan_next_config(struct line_iter *it, struct facts *f, const char *path,
                          const char *what, const char **line, size_t *len);

#endif
