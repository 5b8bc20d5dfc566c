/* SPDX-License-Identifier: MIT */
/* ctx.h: the collection run's state, shared by collector.c (order, budgets, manifest),
 * store-file.c (reading files) and store-cmd.c (running commands). Not for collectors. */
#ifndef OVMDIAG_COLLECTOR_CTX_H
#define OVMDIAG_COLLECTOR_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "collector/collector.h"
#include "collector/manifest.h"
#include "lib/run.h"

#define CHUNK (64 * 1024)
#define TREE_MAX_DEPTH 12
#define TREE_MAX_FILES 20000
/* Stop adding data when the output file system has less than this left. */
#define DISK_RESERVE (32 * MIB)
/* A file that would not fit the remaining budget is cut to fit when at least this much is left. */
#define MIN_PARTIAL (256 * KIB)

struct group_state {
    const char *name;
    char state[24];        /* responsive | unresponsive | failed | absent */
    char detail[256];
};

struct budget {
    uint64_t limit, used;
};

struct deferred {
    char *path;
    unsigned flags;
    char *area;
    struct budget *budget;
    bool rotated;
    int prio;
    time_t mtime;
};

struct collect_ctx {
    const struct collect_opts *o;
    struct bundle *b;
    struct manifest m;
    const char *area;
    int fatal;                      /* a bundle write failed: stop everything */
    struct err fatal_err;
    bool interrupted;
    uint64_t stored;                /* bytes stored (uncompressed) */
    time_t now;
    char *out_dir;                  /* for the free-space guard; NULL for stdout */
    struct buf path;                /* scratch for collect_host_path */
    struct group_state groups[4];
    size_t ngroups;
    char **cmd_missing;             /* names of commands that were not found */
    size_t ncmd_missing, cmd_missing_alloc;
    char **netfs;                   /* live mount points of network/cluster file systems */
    size_t nnetfs, netfs_alloc;
    char **hung;                    /* host paths below which reads hang */
    size_t nhung, hung_alloc;
    struct deferred *def;
    size_t ndef, def_alloc;
    struct budget *budgets[32];
    size_t nbudgets;
    struct mask *mask;              /* --mask, else NULL */
    struct precmd {                 /* commands run early to learn names, kept for their turn */
        char *name;
        struct run_result r;
        bool used;
    } precmd[4];
    size_t nprecmd;
    struct cmdpool *pool;           /* commands run ahead by worker threads (cmdpool.c), or NULL */
};

static inline bool path_is_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);

    if (n == 1 && prefix[0] == '/')
        return true;
    return !strncmp(path, prefix, n) && (path[n] == '/' || path[n] == '\0');
}

int64_t collect_wall_ms(void);
/* True once interrupted or after a fatal bundle error: stop starting new items. */
bool collect_stopped(struct collect_ctx *ctx);
void collect_progress(struct collect_ctx *ctx, const char *what);
/* A new manifest item for the current area; borrowed, valid until the next item. */
struct mitem *collect_item(struct collect_ctx *ctx, const char *kind, const char *source,
                           const char *status);
void collect_item_done(const struct mitem *it);
/* A bundle write failed (disk full): the run ends with this error. */
void collect_fatal(struct collect_ctx *ctx, struct err *err);
bool collect_is_netfs(struct collect_ctx *ctx, const char *host_path);
void collect_mark_hung(struct collect_ctx *ctx, const char *host_path);
/* Bytes an item may store (want, or less); 0 = skip it, why says which budget. */
uint64_t collect_allowance(struct collect_ctx *ctx, uint64_t want, struct budget *bud,
                           const char **why);
void collect_account(struct collect_ctx *ctx, struct budget *bud, uint64_t n);
void collect_store_buf(struct collect_ctx *ctx, struct mitem *it, const char *bpath,
                       const char *data, size_t len, time_t mtime);
const char *collect_errno_status(int e);
bool collect_name_is_rotated(const char *path);
/* --mask: replace b's bytes by their masked form (no-op without --mask). */
void collect_mask_buf(struct collect_ctx *ctx, struct buf *b);
/* The name of a bundle entry as stored (masked with --mask); borrowed from scratch or path. */
const char *collect_entry_name(struct collect_ctx *ctx, const char *path, struct buf *scratch);
/* mask-learn.c: learn the names from the files and commands that define them, before any
 * byte is stored; host is the raw host name. Commands run here are kept for collect_cmd. */
void collect_mask_learn(struct collect_ctx *ctx, const char *host);
/* A result of the same command from collect_mask_learn, moved to r; false if none. */
bool collect_take_precmd(struct collect_ctx *ctx, const char *name, struct run_result *r);
/* cmdpool.c: run the commands of every collector's specs ahead, cmd_jobs at once (none with
 * --no-commands or cmd_jobs 1); collect_cmd takes each result in its turn. */
void cmdpool_start(struct collect_ctx *ctx);
/* The collector run now is collector_registry[collector]: its commands may start. */
void cmdpool_release(struct collect_ctx *ctx, size_t collector);
/* The result of sp run ahead, moved to r (waits if it is running); false: run it yourself. */
bool cmdpool_take(struct collect_ctx *ctx, const struct artifact_spec *sp, struct run_result *r);
/* Cancel what still runs (process groups killed), join the workers, free the pool. */
void cmdpool_stop(struct collect_ctx *ctx);
/* store-file.c: one file, within the spec's budget (may be NULL). */
void collect_do_file(struct collect_ctx *ctx, const char *path, unsigned flags,
                     struct budget *bud);

#endif
