/* SPDX-License-Identifier: MIT */
/* collector.c: runs every collector into one streamed bundle. Order: commands and small files
 * of every collector first, then the logs (current before rotated, newest first), so that the
 * size budget cuts old rotations, never xm info. Also here: budgets, the disk reserve, network
 * and hung mounts, directory walks, the manifest and the .sha256 file. */
#include "collector/ctx.h"
#include "collector/bundle.h"
#include "collector/mask.h"
#include "lib/dirlist.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

#include "lib/banned.h"

int64_t collect_wall_ms(void)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

const struct collect_opts *collect_options(struct collect_ctx *ctx)
{
    return ctx->o;
}

bool collect_stopped(struct collect_ctx *ctx)
{
    if (!ctx->interrupted && ctx->o->interrupted && *ctx->o->interrupted)
        ctx->interrupted = true;
    return ctx->fatal || ctx->interrupted;
}

const char *collect_host_path(struct collect_ctx *ctx, const char *path)
{
    buf_reset(&ctx->path);
    if (ctx->o->sysroot && strcmp(ctx->o->sysroot, "/")) {
        buf_adds(&ctx->path, ctx->o->sysroot);
        while (ctx->path.len > 1 && ctx->path.data[ctx->path.len - 1] == '/')
            buf_truncate(&ctx->path, ctx->path.len - 1);
    }
    buf_adds(&ctx->path, path);
    return ctx->path.data;
}

void collect_progress(struct collect_ctx *ctx, const char *what)
{
    log_msg(LOG_PROGRESS, "%s: %s (%" PRIu64 " MiB stored)", ctx->area, what,
            ctx->stored / MIB);
}

struct mitem *collect_item(struct collect_ctx *ctx, const char *kind, const char *source,
                          const char *status)
{
    struct mitem *it = manifest_add(&ctx->m, ctx->area, kind, source, status);

    it->started_ms = collect_wall_ms();
    return it;
}

void collect_item_done(const struct mitem *it)
{
    log_msg(LOG_VERBOSE, "%-20s %-12s %s%s%s", it->status, it->area, it->source,
            it->message ? ": " : "", it->message ? it->message : "");
}

void collect_note(struct collect_ctx *ctx, const char *kind, const char *source,
                  const char *status, const char *message)
{
    struct mitem *it = collect_item(ctx, kind, source, status);

    if (message)
        mitem_set_message(it, "%s", message);
    collect_item_done(it);
}

void collect_fatal(struct collect_ctx *ctx, struct err *err)
{
    if (!ctx->fatal) {
        ctx->fatal = err->code ? err->code : E_IO;
        ctx->fatal_err = *err;
    }
}

/* --- paths: privacy, network file systems, hung mounts ---------------------------------- */


static void load_netfs_mounts(struct collect_ctx *ctx)
{
    static const char *const types[] = { "nfs", "nfs4", "ocfs2", "cifs", "smb3", "gfs2",
                                         "glusterfs", "ceph", "9p", "fuse", "fuseblk",
                                         "fuse.sshfs", "afs" };
    char line[4096], dev[1024], mnt[1024], type[64];
    FILE *f = fopen("/proc/self/mounts", "r");
    size_t i;

    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%1023s %1023s %63s", dev, mnt, type) != 3)
            continue;
        for (i = 0; i < ARRAY_SIZE(types); i++) {
            if (!strcmp(type, types[i]) || (!strncmp(type, "fuse.", 5) && i == 9)) {
                XGROW(ctx->netfs, ctx->netfs_alloc, ctx->nnetfs + 1);
                ctx->netfs[ctx->nnetfs++] = xstrdup(mnt);
                break;
            }
        }
    }
    fclose(f);
}

/* Repositories and the pool file system live on NFS or OCFS2 on every OVM server. */
bool collect_is_netfs(struct collect_ctx *ctx, const char *host_path)
{
    const char *real;
    size_t i;

    if (path_is_under(host_path, "/OVS") || path_is_under(host_path, "/poolfsmnt") ||
        path_is_under(host_path, "/nfsmnt"))
        return true;
    real = collect_host_path(ctx, host_path);
    for (i = 0; i < ctx->nnetfs; i++)
        if (path_is_under(real, ctx->netfs[i]))
            return true;
    return false;
}

bool collect_path_is_hung(struct collect_ctx *ctx, const char *host_path)
{
    size_t i;

    for (i = 0; i < ctx->nhung; i++)
        if (path_is_under(host_path, ctx->hung[i]))
            return true;
    return false;
}

/* The subtree to give up on when a read below host_path hangs: the repository, the pool file
 * system, or the live mount point; else the directory of the file. */
void collect_mark_hung(struct collect_ctx *ctx, const char *host_path)
{
    static const char *const roots[] = { "/OVS/Repositories/", "/poolfsmnt/", "/nfsmnt/" };
    struct buf p = BUF_INIT;
    const char *real, *slash;
    size_t i, n;

    for (i = 0; i < ARRAY_SIZE(roots) && !p.len; i++) {
        n = strlen(roots[i]);
        if (!strncmp(host_path, roots[i], n)) {
            slash = strchr(host_path + n, '/');
            buf_add(&p, host_path, slash ? (size_t)(slash - host_path) : strlen(host_path));
        }
    }
    if (!p.len) {
        real = collect_host_path(ctx, host_path);
        for (i = 0; i < ctx->nnetfs; i++) {
            if (path_is_under(real, ctx->netfs[i])) {
                n = strlen(real) - strlen(host_path);   /* sysroot prefix length */
                if (strlen(ctx->netfs[i]) > n)
                    buf_adds(&p, ctx->netfs[i] + n);
                break;
            }
        }
    }
    if (!p.len) {
        slash = strrchr(host_path, '/');
        buf_add(&p, host_path, slash && slash != host_path ? (size_t)(slash - host_path) : 1);
    }
    if (!collect_path_is_hung(ctx, p.data)) {
        XGROW(ctx->hung, ctx->hung_alloc, ctx->nhung + 1);
        ctx->hung[ctx->nhung++] = buf_detach(&p, NULL);
        log_msg(LOG_WARN, "reads below '%s' hang; skipping the rest of it", ctx->hung[ctx->nhung - 1]);
    }
    buf_release(&p);
}

/* --- budgets and the output disk ------------------------------------------------------ */

static uint64_t disk_free(struct collect_ctx *ctx)
{
    struct statvfs sv;

    if (!ctx->out_dir || statvfs(ctx->out_dir, &sv) < 0)
        return UINT64_MAX;
    return (uint64_t)sv.f_bavail * sv.f_frsize;
}

/* How many bytes an item may store: want, less when a budget or the disk says so; 0 means
 * skip it, with the reason in why. */
uint64_t collect_allowance(struct collect_ctx *ctx, uint64_t want, struct budget *bud,
                           const char **why)
{
    uint64_t total_left = ctx->o->max_size > ctx->stored ? ctx->o->max_size - ctx->stored : 0;
    uint64_t free_b = disk_free(ctx);
    uint64_t disk_left = free_b > DISK_RESERVE ? free_b - DISK_RESERVE : 0;
    uint64_t group_left = UINT64_MAX, left;

    if (bud && bud->limit)
        group_left = bud->limit > bud->used ? bud->limit - bud->used : 0;
    left = MIN(total_left, MIN(disk_left, group_left));
    *why = NULL;
    if (want <= left)
        return want;
    /* Name the constraint that binds. */
    if (left == disk_left)
        *why = "output file system is nearly full";
    else if (left == group_left)
        *why = "the budget of this log group is used up";
    else
        *why = "the --max-size budget is used up";
    return left >= MIN_PARTIAL ? left : 0;
}

void collect_account(struct collect_ctx *ctx, struct budget *bud, uint64_t n)
{
    ctx->stored += n;
    if (bud)
        bud->used += n;
}

/* --- storing bytes -------------------------------------------------------------------- */

void collect_mask_buf(struct collect_ctx *ctx, struct buf *b)
{
    struct buf out = BUF_INIT;

    if (!ctx->mask)
        return;
    mask_text(ctx->mask, b->data, b->len, &out);
    buf_release(b);
    *b = out;
}

const char *collect_entry_name(struct collect_ctx *ctx, const char *path, struct buf *scratch)
{
    if (!ctx->mask)
        return path;
    buf_reset(scratch);
    mask_text(ctx->mask, path, strlen(path), scratch);
    return scratch->data;
}

/* Entry names are masked here; the manifest keeps the host's own paths until it is written,
 * and is masked as a whole then. */
void collect_store_buf(struct collect_ctx *ctx, struct mitem *it, const char *bpath,
                      const char *data, size_t len, time_t mtime)
{
    struct err err = ERR_INIT;
    struct buf ename = BUF_INIT;
    int r = bundle_add(ctx->b, collect_entry_name(ctx, bpath, &ename), data, len, mtime,
                       it->sha256, &err);

    buf_release(&ename);
    if (r) {
        collect_fatal(ctx, &err);
        it->status = ST_FAILED;
        mitem_set_message(it, "%s", err.msg);
        return;
    }
    free(it->path);
    it->path = xstrdup(bpath);
    it->bytes_stored = len;
    collect_account(ctx, NULL, len);
}

void collect_generated(struct collect_ctx *ctx, const char *kind, const char *source,
                       const char *bundle_path, const struct buf *data, const char *status,
                       const char *message)
{
    struct mitem *it;

    if (ctx->fatal)
        return;
    it = collect_item(ctx, kind, source, status);
    if (message)
        mitem_set_message(it, "%s", message);
    it->bytes_original = data->len;
    if (data->len || !strcmp(status, ST_OK)) {
        struct buf m = BUF_INIT;
        if (ctx->mask)
            mask_text(ctx->mask, data->data, data->len, &m);
        collect_store_buf(ctx, it, bundle_path, ctx->mask ? m.data : data->data,
                          ctx->mask ? m.len : data->len, ctx->now);
        buf_release(&m);
    }
    collect_item_done(it);
}

/* --- reading below a network file system, in a child ----------------------------------- */

/* --- files ---------------------------------------------------------------------------- */

static void defer_file(struct collect_ctx *ctx, const char *path, unsigned flags,
                       struct budget *bud, int prio, time_t mtime)
{
    struct deferred *d;
    size_t i;

    /* The first spec that names a file decides how it is read (xend.log: with --since). */
    for (i = 0; i < ctx->ndef; i++)
        if (!strcmp(ctx->def[i].path, path))
            return;
    XGROW(ctx->def, ctx->def_alloc, ctx->ndef + 1);
    d = &ctx->def[ctx->ndef++];
    d->path = xstrdup(path);
    d->flags = flags;
    d->area = xstrdup(ctx->area);
    d->budget = bud;
    d->rotated = collect_name_is_rotated(path);
    d->prio = prio;
    d->mtime = mtime;
}

/* Regular files of a directory (recursive for trees), sorted; others noted. */
static void walk_dir(struct collect_ctx *ctx, const struct artifact_spec *sp, const char *dir,
                     int depth, struct budget *bud, size_t *count)
{
    struct buf child = BUF_INIT;
    char **names = NULL;
    size_t n = 0, i;
    struct stat st;

    if (depth > TREE_MAX_DEPTH || collect_stopped(ctx))
        return;
    if (collect_path_is_hung(ctx, dir)) {
        collect_note(ctx, "file", dir, ST_SKIPPED_HUNG_MOUNT, "an earlier read below this mount did not return");
        return;
    }
    names = dir_sorted_names(collect_host_path(ctx, dir), &n);
    if (!names) {
        if (depth == 0 || errno != ENOENT) {
            struct mitem *it = collect_item(ctx, "file", dir, collect_errno_status(errno));
            it->err_no = errno;
            mitem_set_message(it, "directory: %s", strerror(errno));
            collect_item_done(it);
        }
        return;
    }
    for (i = 0; i < n && !collect_stopped(ctx); i++) {
        buf_reset(&child);
        buf_addf(&child, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        if (lstat(collect_host_path(ctx, child.data), &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (sp->kind == SPEC_TREE)
                walk_dir(ctx, sp, child.data, depth + 1, bud, count);
            continue;
        }
        if (sp->kind == SPEC_GLOB && fnmatch(sp->pattern, names[i], 0) != 0)
            continue;
        if (!S_ISREG(st.st_mode)) {
            char msg[300];
            char target[256] = "";
            if (S_ISLNK(st.st_mode)) {
                ssize_t l = readlink(collect_host_path(ctx, child.data), target, sizeof(target) - 1);
                target[l > 0 ? l : 0] = '\0';
            }
            snprintf(msg, sizeof(msg), S_ISLNK(st.st_mode) ? "symbolic link to '%s': not followed"
                                                           : "not a regular file%s", target);
            collect_note(ctx, "file", child.data, ST_SKIPPED_NOT_REGULAR, msg);
            continue;
        }
        if (++*count > TREE_MAX_FILES) {
            collect_note(ctx, "file", child.data, ST_SKIPPED_BUDGET, "more than 20000 files in this tree");
            break;
        }
        if (ctx->o->since && collect_name_is_rotated(child.data) && st.st_mtime < ctx->o->since) {
            collect_note(ctx, "file", child.data, ST_SKIPPED_SINCE, "rotated before --since");
            continue;
        }
        if (sp->flags & SF_BULK)
            defer_file(ctx, child.data, sp->flags, bud, sp->prio, st.st_mtime);
        else
            collect_do_file(ctx, child.data, sp->flags, bud);
    }
    dir_names_free(names, n);
    buf_release(&child);
}

/* --- commands ------------------------------------------------------------------------- */

/* --- running the collectors ------------------------------------------------------------ */

static struct budget *spec_budget(struct collect_ctx *ctx, const struct artifact_spec *sp)
{
    struct budget *b;

    if (!sp->budget || ctx->nbudgets == ARRAY_SIZE(ctx->budgets))
        return NULL;
    b = xcalloc(1, sizeof(*b));
    b->limit = sp->budget;
    ctx->budgets[ctx->nbudgets++] = b;
    return b;
}

static void run_spec(struct collect_ctx *ctx, const struct artifact_spec *sp)
{
    struct budget *bud = spec_budget(ctx, sp);
    size_t count = 0;

    switch (sp->kind) {
    case SPEC_FILE:
        if (sp->flags & SF_BULK)
            defer_file(ctx, sp->path, sp->flags, bud, sp->prio, 0);
        else
            collect_do_file(ctx, sp->path, sp->flags, bud);
        break;
    case SPEC_TREE:
    case SPEC_GLOB:
        walk_dir(ctx, sp, sp->path, 0, bud, &count);
        break;
    case SPEC_CMD:
        collect_cmd(ctx, sp);
        break;
    case SPEC_END:
        break;
    }
}

/* Current logs before rotated ones, the important before the chatty, newest first: the budget
 * cuts the oldest and least telling data. */
static int cmp_deferred(const void *a, const void *b)
{
    const struct deferred *x = a, *y = b;

    if (x->rotated != y->rotated)
        return x->rotated ? 1 : -1;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    if (x->mtime != y->mtime)
        return x->mtime > y->mtime ? -1 : 1;
    return strcmp(x->path, y->path);
}

static void copy_str(char *out, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(out, src, n);
    out[n] = '\0';
}

static void read_hostname(struct collect_ctx *ctx, char *out, size_t size)
{
    char line[256];
    FILE *f;
    size_t n;

    out[0] = '\0';
    if (!ctx->o->sysroot) {
        gethostname(out, size);
        out[size - 1] = '\0';
    } else if ((f = fopen(collect_host_path(ctx, "/etc/hostname"), "r"))) {
        if (fgets(line, sizeof(line), f))
            copy_str(out, size, line);
        fclose(f);
    } else if ((f = fopen(collect_host_path(ctx, "/etc/sysconfig/network"), "r"))) {
        while (fgets(line, sizeof(line), f))
            if (!strncmp(line, "HOSTNAME=", 9))
                copy_str(out, size, line + 9);
        fclose(f);
    }
    /* Keep it a safe file name: the short name, no quotes, no slashes. */
    for (n = 0; out[n]; n++) {
        char c = out[n];
        if (c == '.' || c == '\n' || c == '\r' || c == ' ') {
            out[n] = '\0';
            break;
        }
        if (!(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z')))
            out[n] = '_';
    }
    if (!out[0])
        snprintf(out, size, "unknown");
}

static void write_manifest(struct collect_ctx *ctx, const char *hostname, int64_t started_ms,
                           const char *name)
{
    struct buf js = BUF_INIT;
    struct jsonw w;
    struct mitem *it;
    char iso[32];
    size_t i;
    unsigned counts[6] = { 0 };

    for (i = 0; i < ctx->m.n; i++) {
        const char *s = ctx->m.items[i].status;
        counts[0]++;
        if (!strcmp(s, ST_OK))
            counts[1]++;
        else if (!strcmp(s, ST_TRUNCATED))
            counts[2]++;
        else if (!strcmp(s, ST_MISSING))
            counts[3]++;
        else if (status_is_skipped(s))
            counts[4]++;
        else
            counts[5]++;
    }
    jsonw_init(&w, &js, true);
    jsonw_obj_begin(&w);
    jsonw_kv_str(&w, "schema", "ovmdiag-manifest/1");
    jsonw_key(&w, "tool");
    jsonw_obj_begin(&w);
    jsonw_kv_str(&w, "name", "ovmdiag");
    jsonw_kv_str(&w, "version", OVMDIAG_VERSION);
    jsonw_obj_end(&w);
    jsonw_kv_str(&w, "bundle", name);
    jsonw_kv_str(&w, "hostname", hostname);
    time_format_iso((time_t)(started_ms / 1000), iso, sizeof(iso));
    jsonw_kv_str(&w, "started", iso);
    time_format_iso(time(NULL), iso, sizeof(iso));
    jsonw_kv_str(&w, "finished", iso);
    jsonw_kv_int(&w, "elapsed_ms", collect_wall_ms() - started_ms);
    jsonw_kv_bool(&w, "root", geteuid() == 0);
    jsonw_kv_int(&w, "uid", (int64_t)geteuid());
    jsonw_kv_bool(&w, "interrupted", ctx->interrupted);
    jsonw_key(&w, "options");
    jsonw_obj_begin(&w);
    jsonw_kv_str(&w, "sysroot", ctx->o->sysroot);
    jsonw_kv_bool(&w, "no_commands", ctx->o->no_commands);
    jsonw_kv_int(&w, "cmd_timeout_s", ctx->o->cmd_timeout_s);
    jsonw_kv_int(&w, "max_file_size", (int64_t)ctx->o->max_file_size);
    jsonw_kv_int(&w, "max_size", (int64_t)ctx->o->max_size);
    if (ctx->o->since) {
        time_format_iso(ctx->o->since, iso, sizeof(iso));
        jsonw_kv_str(&w, "since", iso);
    } else {
        jsonw_kv_str(&w, "since", NULL);
    }
    jsonw_kv_str(&w, "cmdline", ctx->o->cmdline);
    jsonw_kv_bool(&w, "mask", ctx->mask != NULL);
    jsonw_obj_end(&w);
    if (ctx->mask) {
        /* How many values were masked, per class; never the values. */
        jsonw_key(&w, "mask");
        jsonw_obj_begin(&w);
        jsonw_kv_str(&w, "key", ctx->o->mask_key ? "file" : "random");
        for (i = 0; i < MASK_NCLASS; i++)
            jsonw_kv_int(&w, mask_class_name((enum mask_class)i),
                         (int64_t)mask_count(ctx->mask, (enum mask_class)i));
        jsonw_obj_end(&w);
    }
    jsonw_key(&w, "services");
    jsonw_obj_begin(&w);
    for (i = 0; i < ctx->ngroups; i++) {
        jsonw_key(&w, ctx->groups[i].name);
        jsonw_obj_begin(&w);
        jsonw_kv_str(&w, "state", ctx->groups[i].state[0] ? ctx->groups[i].state : "unknown");
        jsonw_kv_str(&w, "detail", ctx->groups[i].detail[0] ? ctx->groups[i].detail : NULL);
        jsonw_obj_end(&w);
    }
    jsonw_obj_end(&w);
    jsonw_key(&w, "hung_mounts");
    jsonw_arr_begin(&w);
    for (i = 0; i < ctx->nhung; i++)
        jsonw_str(&w, ctx->hung[i]);
    jsonw_arr_end(&w);
    jsonw_key(&w, "collectors");
    jsonw_arr_begin(&w);
    for (i = 0; collector_registry[i]; i++) {
        jsonw_obj_begin(&w);
        jsonw_kv_str(&w, "name", collector_registry[i]->name);
        jsonw_kv_str(&w, "desc", collector_registry[i]->desc);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "summary");
    jsonw_obj_begin(&w);
    jsonw_kv_int(&w, "items", counts[0]);
    jsonw_kv_int(&w, "ok", counts[1]);
    jsonw_kv_int(&w, "truncated", counts[2]);
    jsonw_kv_int(&w, "missing", counts[3]);
    jsonw_kv_int(&w, "skipped", counts[4]);
    jsonw_kv_int(&w, "failed", counts[5]);
    jsonw_kv_int(&w, "bytes_stored", (int64_t)ctx->stored);
    jsonw_obj_end(&w);
    manifest_write_items(&ctx->m, &w);
    jsonw_obj_end(&w);
    buf_addc(&js, '\n');
    /* One pass over the whole document: sources, paths and messages alike. */
    collect_mask_buf(ctx, &js);
    it = manifest_add(&ctx->m, "", "manifest", "manifest.json", ST_OK);
    collect_store_buf(ctx, it, "manifest.json", js.data, js.len, ctx->now);
    buf_release(&js);
}

static void summarize(struct collect_ctx *ctx, struct collect_summary *sum)
{
    size_t i;

    for (i = 0; i < ctx->m.n; i++) {
        const char *s = ctx->m.items[i].status;
        if (!strcmp(ctx->m.items[i].kind, "manifest"))
            continue;
        sum->items++;
        if (!strcmp(s, ST_OK))
            sum->ok++;
        else if (!strcmp(s, ST_TRUNCATED))
            sum->truncated++;
        else if (!strcmp(s, ST_MISSING))
            sum->missing++;
        else if (!strcmp(s, ST_DENIED))
            sum->denied++;
        else if (!strcmp(s, ST_TIMEOUT) || !strcmp(s, ST_ABANDONED))
            sum->timeout++;
        else if (status_is_skipped(s))
            sum->skipped++;
        else
            sum->failed++;
    }
    sum->bytes_stored = ctx->stored;
    sum->root = geteuid() == 0;
    for (i = 0; i < ctx->ngroups; i++)
        if (!strcmp(ctx->groups[i].name, "xend"))
            snprintf(sum->xend_state, sizeof(sum->xend_state), "%s", ctx->groups[i].state);
}

static void ctx_release(struct collect_ctx *ctx)
{
    size_t i;

    manifest_release(&ctx->m);
    buf_release(&ctx->path);
    for (i = 0; i < ctx->ncmd_missing; i++)
        free(ctx->cmd_missing[i]);
    free(ctx->cmd_missing);
    for (i = 0; i < ctx->nnetfs; i++)
        free(ctx->netfs[i]);
    free(ctx->netfs);
    for (i = 0; i < ctx->nhung; i++)
        free(ctx->hung[i]);
    free(ctx->hung);
    for (i = 0; i < ctx->ndef; i++) {
        free(ctx->def[i].path);
        free(ctx->def[i].area);
    }
    free(ctx->def);
    for (i = 0; i < ctx->nbudgets; i++)
        free(ctx->budgets[i]);
    free(ctx->out_dir);
    for (i = 0; i < ctx->nprecmd; i++) {
        if (!ctx->precmd[i].used)
            run_result_release(&ctx->precmd[i].r);
        free(ctx->precmd[i].name);
    }
    mask_free(ctx->mask);
}

void collect_summary_release(struct collect_summary *sum)
{
    free(sum->bundle_path);
    sum->bundle_path = NULL;
    free(sum->mask_map_path);
    sum->mask_map_path = NULL;
}

/* --mask: the key, the names, and the map file, created now (O_EXCL, 0600) so that a clash
 * stops the run before anything is collected. */
static int mask_setup(struct collect_ctx *ctx, const char *host, struct collect_summary *sum,
                      struct err *err)
{
    unsigned char key[MASK_KEY_LEN];
    int rc;

    if (ctx->o->mask_key)
        rc = mask_key_file(ctx->o->mask_key, key, &sum->mask_key_created, err);
    else
        rc = mask_key_random(key, err);
    if (rc)
        return err_prefix(err, "--mask");
    ctx->mask = mask_new(key);
    memset(key, 0, sizeof(key));
    collect_mask_learn(ctx, host);
    return 0;
}

static int open_map(const char *path, int *fd_out, struct err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

    if (fd < 0)
        return err_errno(err, errno == EEXIST ? E_INVAL : E_IO, errno,
                         "cannot create the mask map '%s'", path);
    *fd_out = fd;
    return 0;
}

static int write_map(struct collect_ctx *ctx, int fd, const char *path, const char *bundle,
                     struct err *err)
{
    struct buf js = BUF_INIT;
    size_t off = 0;
    ssize_t n;
    int rc = 0;

    mask_map_json(ctx->mask, bundle, &js);
    while (off < js.len) {
        n = write(fd, js.data + off, js.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    if (off < js.len || fsync(fd) < 0)
        rc = err_errno(err, errno == ENOSPC ? E_NOSPACE : E_IO, errno, "cannot write '%s'", path);
    buf_release(&js);
    return rc;
}

static int write_sha_file(const char *bundle, const char *hex, struct err *err)
{
    struct buf path = BUF_INIT, tmp = BUF_INIT, line = BUF_INIT;
    const char *base = strrchr(bundle, '/');
    int fd = -1, rc = 0;

    buf_addf(&path, "%s.sha256", bundle);
    buf_addf(&tmp, "%s.part", path.data);
    buf_addf(&line, "%s  %s\n", hex, base ? base + 1 : bundle);
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    if (fd < 0 || write(fd, line.data, line.len) != (ssize_t)line.len || fsync(fd) < 0) {
        rc = err_errno(err, errno == ENOSPC || errno == EFBIG ? E_NOSPACE : E_IO, errno,
                       "cannot write '%s'", path.data);
        unlink(tmp.data);
    } else if (rename(tmp.data, path.data) < 0) {
        rc = err_errno(err, E_IO, errno, "cannot rename '%s'", tmp.data);
        unlink(tmp.data);
    }
    if (fd >= 0)
        close(fd);
    buf_release(&path);
    buf_release(&tmp);
    buf_release(&line);
    return rc;
}

int collect_run(const struct collect_opts *o, struct collect_summary *sum, struct err *err)
{
    struct collect_ctx ctx;
    struct buf name = BUF_INIT, final = BUF_INIT, part = BUF_INIT, map = BUF_INIT;
    char host[128], stamp[32], sha[65];
    int64_t started_ms = collect_wall_ms();
    bool to_memory = o->memory != NULL;
    bool to_tap = !to_memory && o->tap && o->tap_only;    /* no file either */
    bool to_stdout = !to_memory && !to_tap && o->output && !strcmp(o->output, "-");
    const struct artifact_spec *sp;
    struct stat st;
    int fd = -1, map_fd = -1, rc;
    size_t i;

    memset(&ctx, 0, sizeof(ctx));
    memset(sum, 0, sizeof(*sum));
    ctx.o = o;
    ctx.now = o->now ? o->now : time(NULL);
    manifest_init(&ctx.m);
    buf_init(&ctx.path);
    load_netfs_mounts(&ctx);

    read_hostname(&ctx, host, sizeof(host));
    time_format_compact(ctx.now, stamp, sizeof(stamp));
    if (o->mask) {
        rc = mask_setup(&ctx, host, sum, err);
        if (rc)
            goto out;
        if (collect_stopped(&ctx)) {
            rc = err_set(err, E_INTERRUPTED, "interrupted");
            goto out;
        }
    }
    buf_addf(&name, "ovmdiag-%s-%s",
             ctx.mask && mask_name_pseudonym(ctx.mask, host) ? mask_name_pseudonym(ctx.mask, host)
                                                             : host, stamp);

    if (to_memory || to_tap) {
        fd = -1;
    } else if (to_stdout) {
        fd = 1;
    } else {
        if (!o->output || (stat(o->output, &st) == 0 && S_ISDIR(st.st_mode)))
            buf_addf(&final, "%s/%s.tar.gz", o->output ? o->output : ".", name.data);
        else
            buf_adds(&final, o->output);
        buf_addf(&part, "%s.part", final.data);
        {
            char *slash = strrchr(final.data, '/');
            ctx.out_dir = slash ? xstrndup(final.data, (size_t)(slash - final.data) + 1)
                                : xstrdup(".");
        }
        if (disk_free(&ctx) < DISK_RESERVE + MIB) {
            rc = err_set(err, E_NOSPACE, "'%s' has %" PRIu64 " MiB free; at least %zu MiB needed",
                         ctx.out_dir, disk_free(&ctx) / MIB, (size_t)(DISK_RESERVE + MIB) / MIB);
            goto out;
        }
        fd = open(part.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
        if (fd < 0) {
            rc = err_errno(err, errno == ENOSPC ? E_NOSPACE : E_IO, errno, "cannot create '%s'",
                           part.data);
            goto out;
        }
    }
    if (ctx.mask) {
        /* Never inside the bundle: beside it, or where --mask-map says. */
        if (o->mask_map)
            buf_adds(&map, o->mask_map);
        else if (to_stdout || to_memory || to_tap)
            buf_addf(&map, "%s.mask-map.json", name.data);
        else
            buf_addf(&map, "%s.mask-map.json", final.data);
        rc = open_map(map.data, &map_fd, err);
        if (rc) {
            buf_reset(&map);
            goto out;
        }
    }
    if (to_memory)
        rc = bundle_open_mem(&ctx.b, o->memory, name.data, err);
    else if (to_tap)
        rc = bundle_open_tap(&ctx.b, name.data, o->tap, o->tap_ctx, err);
    else
        rc = bundle_open_fd(&ctx.b, fd, name.data, err);
    if (rc)
        goto out;
    if (o->tap && !to_tap)
        bundle_set_tap(ctx.b, o->tap, o->tap_ctx);

    /* Phase 1: commands and small files, collector by collector; logs are deferred. The
     * commands of the current collector run ahead, a few at once (cmdpool.c); their results
     * are stored in this order. */
    cmdpool_start(&ctx);
    for (i = 0; collector_registry[i] && !collect_stopped(&ctx); i++) {
        const struct collector *c = collector_registry[i];
        struct err cerr = ERR_INIT;
        ctx.area = c->name;
        cmdpool_release(&ctx, i);
        for (sp = c->specs; sp && sp->kind != SPEC_END && !collect_stopped(&ctx); sp++)
            run_spec(&ctx, sp);
        if (c->run && !collect_stopped(&ctx) && c->run(&ctx, &cerr)) {
            err_prefix(&cerr, "collector '%s'", c->name);
            collect_note(&ctx, "collector", c->name, ST_FAILED, cerr.msg);
        }
    }
    /* Phase 2: logs. */
    if (ctx.ndef)
        qsort(ctx.def, ctx.ndef, sizeof(*ctx.def), cmp_deferred);
    for (i = 0; i < ctx.ndef && !collect_stopped(&ctx); i++) {
        ctx.area = ctx.def[i].area;
        collect_do_file(&ctx, ctx.def[i].path, ctx.def[i].flags, ctx.def[i].budget);
    }
    for (; i < ctx.ndef && ctx.interrupted && !ctx.fatal; i++)
        collect_note(&ctx, "file", ctx.def[i].path, ST_SKIPPED_INTERRUPTED, NULL);

    if (ctx.fatal) {
        *err = ctx.fatal_err;
        rc = ctx.fatal;
        goto out;
    }
    if (ctx.interrupted && !to_stdout) {
        rc = err_set(err, E_INTERRUPTED, to_memory || to_tap ? "interrupted" :
                                         "interrupted; partial bundle removed");
        goto out;
    }
    ctx.area = "";
    write_manifest(&ctx, host, started_ms, name.data);
    if (ctx.fatal) {
        *err = ctx.fatal_err;
        rc = ctx.fatal;
        goto out;
    }
    rc = bundle_close(ctx.b, sha, err);
    if (rc)
        goto out;
    if (map_fd >= 0) {
        rc = write_map(&ctx, map_fd, map.data, name.data, err);
        if (rc)
            goto out;
        for (i = 0; i < MASK_NCLASS && i < ARRAY_SIZE(sum->mask_counts); i++)
            sum->mask_counts[i] = mask_count(ctx.mask, (enum mask_class)i);
    }
    if (!to_stdout && !to_memory && !to_tap) {
        if (fsync(fd) < 0) {
            rc = err_errno(err, errno == ENOSPC || errno == EDQUOT ? E_NOSPACE : E_IO, errno,
                           "cannot write '%s'", part.data);
            goto out;
        }
        if (rename(part.data, final.data) < 0) {
            rc = err_errno(err, E_IO, errno, "cannot rename '%s' to '%s'", part.data, final.data);
            goto out;
        }
        rc = write_sha_file(final.data, sha, err);
        if (rc) {
            unlink(final.data);
            goto out;
        }
        sum->bundle_path = buf_detach(&final, NULL);
    }
    memcpy(sum->sha256, sha, sizeof(sha));
    summarize(&ctx, sum);
    if (ctx.interrupted)
        rc = err_set(err, E_INTERRUPTED, "interrupted; the bundle on stdout is marked incomplete");
out:
    cmdpool_stop(&ctx);
    bundle_free(ctx.b);
    if (fd > 1) {
        close(fd);
        if (rc)
            unlink(part.data);
    }
    if (map_fd >= 0) {
        close(map_fd);
        if (rc)
            unlink(map.data);
        else
            sum->mask_map_path = buf_detach(&map, NULL);
    }
    buf_release(&map);
    ctx_release(&ctx);
    buf_release(&name);
    buf_release(&final);
    buf_release(&part);
    return rc;
}
