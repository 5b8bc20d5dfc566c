/* SPDX-License-Identifier: MIT */
/* live.h: `ovmdiag analyze` of this host in one pass: the collector writes the bundle's tar and
 * the analysis reads it at the same time on a second thread (lib/blockq.h between them), so
 * nothing is gzipped and read back; with save_bundle the same bytes also go to a .tar.gz, as
 * `ovmdiag collect -o FILE` writes it. */
#ifndef OVMDIAG_LIVE_H
#define OVMDIAG_LIVE_H

#include <stdbool.h>

#include "lib/err.h"

struct ruleset;
struct facts;
struct eval_run;

struct live_opts {
    const char *sysroot;          /* NULL: / */
    bool no_commands;
    const char *save_bundle;      /* NULL: no bundle file */
};

/* Collect and analyze; f initialised by the caller. On success *bundle_path (when saved) is the
 * bundle written, for the caller to free. The collection's error wins over the analysis's. */
int live_analyze(struct ruleset *rs, const struct live_opts *lo, struct facts *f,
                 struct eval_run *run, char **bundle_path, struct err *err);

#endif
