/* SPDX-License-Identifier: MIT */
/* logsources.h: logical log sources (design.md §5) and the bundle files behind each, rotated
 * and compressed ones included. The rule engine and the log inventory share this table. */
#ifndef OVMDIAG_LOGSOURCES_H
#define OVMDIAG_LOGSOURCES_H

#include <stdbool.h>

struct log_source {
    const char *name;                 /* "xend", "qemu-dm", ... */
    const char *desc;
    const char *const *patterns;      /* fnmatch, bundle-relative; NULL for an alias */
    const char *alias_of;             /* another source's name: the same files */
};

/* NULL-terminated by a row with name NULL. */
extern const struct log_source log_sources[];

/* The source a bundle path belongs to, or NULL. */
const struct log_source *log_source_of(const char *path);
const struct log_source *log_source_named(const char *name);
/* The source whose files name stands for: itself, or the one it is an alias of ("o2cb" ->
 * "messages"); NULL when unknown. */
const char *log_source_canonical(const char *name);
bool log_path_is_compressed(const char *path);

#endif
