/* SPDX-License-Identifier: MIT */
/* manifest.h: the record of every item that was meant to be collected and what became of it
 * (design.md §3). Written as manifest.json at the end of the bundle. */
#ifndef OVMDIAG_MANIFEST_H
#define OVMDIAG_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

/* Item statuses (docs/bundle-format.md). */
#define ST_OK "ok"
#define ST_TRUNCATED "truncated"
#define ST_MISSING "missing"
#define ST_DENIED "denied"
#define ST_TIMEOUT "timeout"
#define ST_KILLED "killed"
#define ST_ABANDONED "abandoned"
#define ST_FAILED "failed"
#define ST_SKIPPED_PRIVACY "skipped-privacy"
#define ST_SKIPPED_BUDGET "skipped-budget"
#define ST_SKIPPED_UNRESPONSIVE "skipped-unresponsive"
#define ST_SKIPPED_HUNG_MOUNT "skipped-hung-mount"
#define ST_SKIPPED_SINCE "skipped-since"
#define ST_SKIPPED_NOT_REGULAR "skipped-not-regular"
#define ST_SKIPPED_OPTION "skipped-option"
#define ST_SKIPPED_INTERRUPTED "skipped-interrupted"

struct mitem {
    char *area;             /* collector name */
    const char *kind;       /* file | command | xenctrl | listing */
    char *source;           /* host path, or the argv joined by spaces */
    char *path;             /* in the bundle, NULL when nothing was stored */
    char *err_path;         /* command stderr in the bundle, or NULL */
    const char *status;
    uint64_t bytes_original;
    uint64_t bytes_stored;
    char sha256[65];
    int64_t started_ms;     /* wall clock, ms since the epoch */
    long elapsed_ms;
    bool has_exit;
    int exit_code;
    int signal;
    int err_no;
    char *message;
};

struct manifest {
    struct mitem *items;
    size_t n, alloc;
};

void manifest_init(struct manifest *m);
void manifest_release(struct manifest *m);
/* New item, zeroed except kind/area/source/status; borrowed, valid until the next add. */
struct mitem *manifest_add(struct manifest *m, const char *area, const char *kind,
                           const char *source, const char *status);
void mitem_set_message(struct mitem *it, const char *fmt, ...) PRINTF_LIKE(2, 3);
bool manifest_has_path(const struct manifest *m, const char *path);
/* Append the "items" array (pretty JSON) for the manifest writer. */
struct jsonw;
void manifest_write_items(const struct manifest *m, struct jsonw *w);
bool status_is_skipped(const char *status);

#endif
