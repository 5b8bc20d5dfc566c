/* SPDX-License-Identifier: MIT */
/* collector.h: what to collect, declared as data. A collector is a const table of specs plus,
 * where the list depends on the host (agent databases, repositories), a run() that calls the
 * collect_*() functions below. The engine in collector.c does the reading, budgets, timeouts
 * and the manifest; collectors never touch the bundle directly. */
#ifndef OVMDIAG_COLLECTOR_H
#define OVMDIAG_COLLECTOR_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/err.h"

enum spec_kind {
    SPEC_END = 0,
    SPEC_FILE,   /* one file */
    SPEC_TREE,   /* every regular file below a directory, recursively */
    SPEC_GLOB,   /* regular files in one directory whose name matches a pattern */
    SPEC_CMD,    /* a command, argv[0] looked up in PATH, never a shell */
};

/* Spec flags. */
#define SF_BULK   (1u << 0)  /* logs: collected after everything else, current before rotated */
#define SF_SINCE  (1u << 1)  /* --since also drops older lines (timestamped logs) */
#define SF_NETFS  (1u << 2)  /* on a network or cluster file system: read in a child, deadline */
#define SF_BINARY (1u << 3)  /* never cut into head and tail; never scrubbed */

#define SPEC_MAX_ARGS 10

struct artifact_spec {
    enum spec_kind kind;
    const char *path;           /* FILE/TREE/GLOB: absolute path on the host */
    const char *pattern;        /* GLOB: fnmatch pattern for the file name */
    const char *name;           /* CMD: stored as cmd/<name>.out and .err */
    const char *argv[SPEC_MAX_ARGS + 1];
    unsigned flags;
    const char *group;          /* CMD: commands that need one daemon (xend): one timeout
                                 * marks it unresponsive and the rest of the group is skipped */
    const char *fallback_for;   /* CMD: run only when that command was not found */
    uint64_t budget;            /* GLOB/TREE: bytes for all files of this spec together (0: none) */
    int prio;                   /* SF_BULK: lower is collected first among current (and among
                                 * rotated) logs; the budget cuts the highest last */
    const char *const *keep;    /* CMD: keep only output lines containing one of these */
};

#define ARGV(...) .argv = { __VA_ARGS__, NULL }
#define FILE_SPEC(p, fl) { .kind = SPEC_FILE, .path = (p), .flags = (fl) }
#define TREE_SPEC(p, fl) { .kind = SPEC_TREE, .path = (p), .flags = (fl) }
#define GLOB_SPEC(p, pat, fl) { .kind = SPEC_GLOB, .path = (p), .pattern = (pat), .flags = (fl) }
#define CMD_SPEC(n, ...) { .kind = SPEC_CMD, .name = (n), __VA_ARGS__ }
#define SPEC_END_ROW { .kind = SPEC_END }

struct collect_ctx;

struct collector {
    const char *name;
    const char *desc;
    const struct artifact_spec *specs;   /* SPEC_END-terminated, may be NULL */
    /* Host-dependent part, run after the specs; returns 0 or a negative err code (the error
     * is recorded for this collector and the run goes on). */
    int (*run)(struct collect_ctx *ctx, struct err *err);
};

#define COLLECTOR(n) const struct collector collector_##n

/* The generated registry (tools/gen-registry.sh), sorted by name, NULL-terminated. */
extern const struct collector *const collector_registry[];

struct collect_opts {
    const char *sysroot;          /* NULL: the live host */
    bool no_commands;
    int cmd_timeout_s;            /* per command and per read on a network file system */
    uint64_t max_file_size;       /* per file and per command output */
    uint64_t max_size;            /* total stored bytes */
    time_t since;                 /* 0: everything */
    const char *output;           /* bundle path, or "-" for stdout */
    struct buf *memory;           /* set: an uncompressed tar is appended here instead (no file,
                                   * no .sha256; output is ignored); borrowed */
    time_t now;                   /* 0: the current time; else the collection time (the bundle
                                   * name, entry times), e.g. from SOURCE_DATE_EPOCH */
    const char *cmdline;          /* options as given, for the manifest */
    const volatile sig_atomic_t *interrupted;
    bool live_xen;                /* query libxenctrl (false with --sysroot) */
    bool mask;                    /* --mask: pseudonyms for names and addresses (mask.h) */
    const char *mask_key;         /* --mask-key FILE (read, or created 0600), or NULL: random */
    const char *mask_map;         /* --mask-map FILE, or NULL: <bundle>.mask-map.json */
    int cmd_jobs;                 /* commands run at once (0: the default, 4; 1: one by one) */
    /* Every byte of the plain tar is also given to tap as it is written (the live analyze reads
     * the bundle while it is collected), then (NULL, 0) once the tar is complete (bundle.h).
     * With tap_only, there is no file and no memory bundle: output is ignored. */
    void (*tap)(void *tap_ctx, const void *data, size_t len);
    void *tap_ctx;
    bool tap_only;
};

struct collect_summary {
    char *bundle_path;            /* final path (NULL for stdout); caller frees */
    char sha256[65];              /* of the whole .tar.gz */
    unsigned items, ok, truncated, missing, denied, timeout, skipped, failed;
    uint64_t bytes_stored;
    bool root;
    char xend_state[32];
    char *mask_map_path;          /* --mask: where the map was written; caller frees */
    bool mask_key_created;        /* --mask-key FILE did not exist and was created */
    size_t mask_counts[8];        /* --mask: values in the map per class (enum mask_class) */
};

/* Collect into opts->output (or opts->memory). On failure nothing is left at the output
 * path; opts->memory may hold a partial tar, which the caller discards. */
int collect_run(const struct collect_opts *opts, struct collect_summary *sum, struct err *err);
void collect_summary_release(struct collect_summary *sum);

/* --- for collectors' run() ------------------------------------------------------------- */

/* Host path joined with the sysroot; borrowed, valid until the next call. */
const char *collect_host_path(struct collect_ctx *ctx, const char *path);
void collect_file(struct collect_ctx *ctx, const char *path, unsigned flags);
void collect_cmd(struct collect_ctx *ctx, const struct artifact_spec *spec);
/* Start spec now in the background (the spec is copied), so that a later collect_cmd of the
 * same name only takes its result: for commands a run() finds itself (the agent's databases).
 * The specs' own commands are run ahead without asking. */
void collect_cmd_ahead(struct collect_ctx *ctx, const struct artifact_spec *spec);
/* Store generated bytes (a listing, xenctrl output) at bundle_path with a manifest item. */
void collect_generated(struct collect_ctx *ctx, const char *kind, const char *source,
                       const char *bundle_path, const struct buf *data, const char *status,
                       const char *message);
/* Run fn in a child with the read deadline; its stdout lands in out (capped). Returns 0 when
 * the child exited 0, else a negative err code with the reason in err. A timeout marks the
 * mount of host_path hung: later items below it are skipped. */
int collect_in_child(struct collect_ctx *ctx, const char *host_path,
                     int (*fn)(void *arg, int out_fd), void *arg, struct buf *out,
                     struct err *err);
bool collect_path_is_hung(struct collect_ctx *ctx, const char *host_path);
/* Record an item that was meant to be collected but was not (kind, source, status, why). */
void collect_note(struct collect_ctx *ctx, const char *kind, const char *source,
                  const char *status, const char *message);
const struct collect_opts *collect_options(struct collect_ctx *ctx);

#endif
