/* SPDX-License-Identifier: MIT */
/* collector.c: runs every collector into one streamed bundle. Order: commands and small files
 * of every collector first, then the logs (current before rotated, newest first), so that the
 * size budget cuts old rotations, never xm info. Nothing here waits without a bound: commands
 * and reads on network file systems run in children with a deadline (lib/run.c). */
#include "collector/collector.h"
#include "collector/bundle.h"
#include "collector/manifest.h"
#include "collector/privacy.h"
#include "lib/headtail.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/run.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <dirent.h>
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
};

static int64_t wall_ms(void)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

const struct collect_opts *collect_options(struct collect_ctx *ctx)
{
    return ctx->o;
}

static bool stopped(struct collect_ctx *ctx)
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

static void progress(struct collect_ctx *ctx, const char *what)
{
    log_msg(LOG_PROGRESS, "%s: %s (%" PRIu64 " MiB stored)", ctx->area, what,
            ctx->stored / MIB);
}

static struct mitem *note(struct collect_ctx *ctx, const char *kind, const char *source,
                          const char *status)
{
    struct mitem *it = manifest_add(&ctx->m, ctx->area, kind, source, status);

    it->started_ms = wall_ms();
    return it;
}

static void verbose_item(const struct mitem *it)
{
    log_msg(LOG_VERBOSE, "%-20s %-12s %s%s%s", it->status, it->area, it->source,
            it->message ? ": " : "", it->message ? it->message : "");
}

void collect_note(struct collect_ctx *ctx, const char *kind, const char *source,
                  const char *status, const char *message)
{
    struct mitem *it = note(ctx, kind, source, status);

    if (message)
        mitem_set_message(it, "%s", message);
    verbose_item(it);
}

static void fail_fatal(struct collect_ctx *ctx, struct err *err)
{
    if (!ctx->fatal) {
        ctx->fatal = err->code ? err->code : E_IO;
        ctx->fatal_err = *err;
    }
}

/* --- paths: privacy, network file systems, hung mounts ---------------------------------- */

static bool path_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);

    if (n == 1 && prefix[0] == '/')
        return true;
    return !strncmp(path, prefix, n) && (path[n] == '/' || path[n] == '\0');
}

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
static bool is_netfs(struct collect_ctx *ctx, const char *host_path)
{
    const char *real;
    size_t i;

    if (path_under(host_path, "/OVS") || path_under(host_path, "/poolfsmnt") ||
        path_under(host_path, "/nfsmnt"))
        return true;
    real = collect_host_path(ctx, host_path);
    for (i = 0; i < ctx->nnetfs; i++)
        if (path_under(real, ctx->netfs[i]))
            return true;
    return false;
}

bool collect_path_is_hung(struct collect_ctx *ctx, const char *host_path)
{
    size_t i;

    for (i = 0; i < ctx->nhung; i++)
        if (path_under(host_path, ctx->hung[i]))
            return true;
    return false;
}

/* The subtree to give up on when a read below host_path hangs: the repository, the pool file
 * system, or the live mount point; else the directory of the file. */
static void mark_hung(struct collect_ctx *ctx, const char *host_path)
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
            if (path_under(real, ctx->netfs[i])) {
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
static uint64_t allowance(struct collect_ctx *ctx, uint64_t want, struct budget *bud,
                          const char **why)
{
    uint64_t left = ctx->o->max_size > ctx->stored ? ctx->o->max_size - ctx->stored : 0;
    uint64_t free_b = disk_free(ctx), disk_left;

    *why = NULL;
    if (bud && bud->limit) {
        uint64_t bl = bud->limit > bud->used ? bud->limit - bud->used : 0;
        if (bl < left)
            left = bl;
    }
    disk_left = free_b > DISK_RESERVE ? free_b - DISK_RESERVE : 0;
    if (want <= left && want <= disk_left)
        return want;
    if (disk_left < left) {
        left = disk_left;
        *why = "output file system is nearly full";
    } else {
        *why = bud && bud->limit ? "the budget of this log group is used up"
                                 : "the --max-size budget is used up";
    }
    if (left >= MIN_PARTIAL)
        return left;
    return 0;
}

static void account(struct collect_ctx *ctx, struct budget *bud, uint64_t n)
{
    ctx->stored += n;
    if (bud)
        bud->used += n;
}

/* --- storing bytes -------------------------------------------------------------------- */

static void store_buf(struct collect_ctx *ctx, struct mitem *it, const char *bpath,
                      const char *data, size_t len, time_t mtime)
{
    struct err err = ERR_INIT;

    if (bundle_add(ctx->b, bpath, data, len, mtime, it->sha256, &err)) {
        fail_fatal(ctx, &err);
        it->status = ST_FAILED;
        mitem_set_message(it, "%s", err.msg);
        return;
    }
    free(it->path);
    it->path = xstrdup(bpath);
    it->bytes_stored = len;
    account(ctx, NULL, len);
}

void collect_generated(struct collect_ctx *ctx, const char *kind, const char *source,
                       const char *bundle_path, const struct buf *data, const char *status,
                       const char *message)
{
    struct mitem *it;

    if (ctx->fatal)
        return;
    it = note(ctx, kind, source, status);
    if (message)
        mitem_set_message(it, "%s", message);
    it->bytes_original = data->len;
    if (data->len || !strcmp(status, ST_OK))
        store_buf(ctx, it, bundle_path, data->data, data->len, ctx->now);
    verbose_item(it);
}

static bool name_is_compressed(const char *path)
{
    static const char *const ext[] = { ".gz", ".bz2", ".xz", ".zip", ".zst", ".lz4" };
    size_t i, n = strlen(path), el;

    for (i = 0; i < ARRAY_SIZE(ext); i++) {
        el = strlen(ext[i]);
        if (n > el && !strcmp(path + n - el, ext[i]))
            return true;
    }
    return false;
}

/* xend.log.1, messages-20261115, qemu-dm-x.log.2.gz, xend.log.old */
static bool name_is_rotated(const char *path)
{
    const char *base = strrchr(path, '/');
    char name[256];
    size_t n, i;

    snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
    n = strlen(name);
    for (i = 0; i < 3; i++) {
        static const char *const ext[] = { ".gz", ".bz2", ".xz" };
        size_t el = strlen(ext[i]);
        if (n > el && !strcmp(name + n - el, ext[i])) {
            name[n - el] = '\0';
            return true;
        }
    }
    if (n > 4 && !strcmp(name + n - 4, ".old"))
        return true;
    i = n;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    return i < n && i > 0 && (name[i - 1] == '.' || name[i - 1] == '-');
}

/* memrchr is a GNU extension. */
static char *last_newline(char *p, size_t n)
{
    while (n > 0)
        if (p[--n] == '\n')
            return p + n;
    return NULL;
}

static bool looks_binary(const char *data, size_t len)
{
    return memchr(data, '\0', MIN(len, 8192)) != NULL;
}

/* Streams a region of fd into the open bundle entry, masking secrets line by line. carry holds
 * an unfinished line between chunks. Returns bytes written, less than len if the file shrank. */
struct streamer {
    struct collect_ctx *ctx;
    bool mask;
    struct buf carry;
    struct err err;
    int rc;
};

static void stream_put(struct streamer *s, const char *data, size_t len, bool final)
{
    char *nl;
    size_t upto;

    if (s->rc)
        return;
    if (!s->mask) {
        s->rc = bundle_write(s->ctx->b, data, len, &s->err);
        return;
    }
    buf_add(&s->carry, data, len);
    nl = s->carry.len ? last_newline(s->carry.data, s->carry.len) : NULL;
    upto = nl ? (size_t)(nl - s->carry.data) + 1 : 0;
    if (final || s->carry.len > CHUNK)
        upto = s->carry.len;
    if (!upto)
        return;
    privacy_mask(s->carry.data, upto);
    s->rc = bundle_write(s->ctx->b, s->carry.data, upto, &s->err);
    memmove(s->carry.data, s->carry.data + upto, s->carry.len - upto);
    buf_truncate(&s->carry, s->carry.len - upto);
}

static uint64_t stream_region(struct streamer *s, int fd, uint64_t off, uint64_t len)
{
    char chunk[CHUNK];
    uint64_t done = 0;
    ssize_t n;

    while (done < len && !s->rc && !stopped(s->ctx)) {
        n = pread(fd, chunk, (size_t)MIN((uint64_t)sizeof(chunk), len - done),
                  (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        stream_put(s, chunk, (size_t)n, false);
        done += (uint64_t)n;
    }
    return done;
}

/* Offset of the first line at or after `since`; lines without a time before it are dropped
 * with the older records. Files with no recognisable time at all are kept whole. */
static uint64_t since_offset(int fd, uint64_t size, time_t since, int year)
{
    char chunk[CHUNK];
    uint64_t pos = 0, line_start = 0;
    bool any_time = false;
    ssize_t n;
    size_t i, start;
    time_t t;

    while (pos < size) {
        n = pread(fd, chunk, sizeof(chunk), (off_t)pos);
        if (n <= 0)
            break;
        start = 0;
        for (i = 0; i < (size_t)n; i++) {
            if (chunk[i] != '\n')
                continue;
            if (line_start >= pos && logtime_parse(chunk + start, i - start, year, &t)) {
                any_time = true;
                if (t >= since)
                    return line_start;
            }
            line_start = pos + i + 1;
            start = i + 1;
        }
        /* A line longer than a chunk: skip to its end without parsing it again. */
        pos = start ? line_start : pos + (uint64_t)n;
        if (start == 0)
            line_start = pos;
    }
    return any_time ? size : 0;
}

/* Nudge a cut to a line boundary: the head ends after a newline, the tail starts after one. */
static uint64_t align_head(int fd, uint64_t off, uint64_t head)
{
    char b[4096];
    uint64_t from = head > sizeof(b) ? head - sizeof(b) : 0;
    ssize_t n = pread(fd, b, (size_t)(head - from), (off_t)(off + from));
    char *nl = n > 0 ? last_newline(b, (size_t)n) : NULL;

    return nl ? from + (uint64_t)(nl - b) + 1 : head;
}

static uint64_t align_tail(int fd, uint64_t tail_off, uint64_t end)
{
    char b[4096];
    ssize_t n = pread(fd, b, (size_t)MIN((uint64_t)sizeof(b), end - tail_off), (off_t)tail_off);
    char *nl = n > 0 ? memchr(b, '\n', (size_t)n) : NULL;

    return nl && tail_off + (uint64_t)(nl - b) + 1 < end ? tail_off + (uint64_t)(nl - b) + 1
                                                           : tail_off;
}

static void store_regular(struct collect_ctx *ctx, struct mitem *it, int fd,
                          const struct stat *st, unsigned flags, struct budget *bud)
{
    struct streamer s = { .ctx = ctx };
    struct buf marker = BUF_INIT, bpath = BUF_INIT;
    uint64_t size = (uint64_t)st->st_size, off = 0, cap, head, tail_off, total, got, want;
    char probe[8192];
    ssize_t pn;
    bool binary, cut = false;
    const char *why;
    struct tm tm;

    pn = pread(fd, probe, sizeof(probe), 0);
    binary = (flags & SF_BINARY) || name_is_compressed(it->source) ||
             (pn > 0 && looks_binary(probe, (size_t)pn));
    s.mask = !binary;
    it->bytes_original = size;
    if (ctx->o->since && (flags & SF_SINCE) && !binary) {
        time_to_utc(st->st_mtime, &tm);
        off = since_offset(fd, size, ctx->o->since, tm.tm_year + 1900);
        if (off)
            mitem_set_message(it, "--since: %" PRIu64 " bytes of older lines dropped", off);
    }
    want = MIN(size - off, ctx->o->max_file_size);
    cap = allowance(ctx, want, bud, &why);
    if (!cap && want) {
        it->status = ST_SKIPPED_BUDGET;
        mitem_set_message(it, "%s", why);
        goto out;
    }
    head = size - off;
    tail_off = size;
    if (size - off > cap) {
        cut = true;
        it->status = ST_TRUNCATED;
        if (binary) {
            head = cap;   /* a compressed file cut at the end still decompresses up to there */
        } else {
            head = align_head(fd, off, cap / 2);
            tail_off = align_tail(fd, size - (cap - cap / 2), size);
            headtail_marker(&marker, tail_off - off - head,
                            head == 0 || align_head(fd, off, head) == head);
        }
        if (why)
            mitem_set_message(it, "%s", why);
    }
    total = head + marker.len + (tail_off < size ? size - tail_off : 0);
    buf_addf(&bpath, "root%s", it->source);
    if (bundle_begin(ctx->b, bpath.data, total, st->st_mtime, &s.err)) {
        fail_fatal(ctx, &s.err);
        it->status = ST_FAILED;
        goto out;
    }
    got = stream_region(&s, fd, off, head);
    if (got == head && marker.len)
        stream_put(&s, marker.data, marker.len, false);
    if (got == head && tail_off < size)
        got += stream_region(&s, fd, tail_off, size - tail_off);
    stream_put(&s, "", 0, true);
    if (!s.rc && (got < head + (tail_off < size ? size - tail_off : 0))) {
        /* The file shrank under us (rotated or truncated): fill the entry honestly. */
        struct buf pad = BUF_INIT;
        uint64_t written = got + (got >= head ? marker.len : 0);
        buf_addf(&pad, "\n[ovmdiag: file shrank while it was read]\n");
        while (pad.len < total - written)
            buf_addc(&pad, '\n');
        buf_truncate(&pad, (size_t)(total - written));
        s.rc = bundle_write(ctx->b, pad.data, pad.len, &s.err);
        buf_release(&pad);
        it->status = ST_TRUNCATED;
        mitem_set_message(it, "file shrank while it was read (rotated?)");
    }
    if (!s.rc)
        s.rc = bundle_end(ctx->b, it->sha256, &s.err);
    if (s.rc) {
        fail_fatal(ctx, &s.err);
        it->status = ST_FAILED;
        mitem_set_message(it, "%s", s.err.msg);
        goto out;
    }
    it->path = buf_detach(&bpath, NULL);
    it->bytes_stored = total;
    account(ctx, bud, total);
    (void)cut;
out:
    buf_release(&marker);
    buf_release(&bpath);
    buf_release(&s.carry);
}

/* /proc and /sys files report no useful size: read them to EOF, capped. */
static void store_stream(struct collect_ctx *ctx, struct mitem *it, int fd, time_t mtime)
{
    struct headtail ht;
    struct buf data = BUF_INIT, bpath = BUF_INIT;
    char chunk[CHUNK];
    ssize_t n;

    headtail_init(&ht, (size_t)ctx->o->max_file_size);
    for (;;) {
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            it->status = ST_FAILED;
            it->err_no = errno;
            mitem_set_message(it, "read: %s", strerror(errno));
            break;
        }
        if (n == 0 || stopped(ctx))
            break;
        headtail_add(&ht, chunk, (size_t)n);
    }
    if (headtail_truncated(&ht))
        it->status = ST_TRUNCATED;
    it->bytes_original = ht.total;
    headtail_finish(&ht, &data);
    headtail_release(&ht);
    if (!looks_binary(data.data, data.len))
        privacy_mask(data.data, data.len);
    buf_addf(&bpath, "root%s", it->source);
    if (!ht.total && !strcmp(it->status, ST_FAILED)) {
        buf_release(&bpath);
        buf_release(&data);
        return;
    }
    store_buf(ctx, it, bpath.data, data.data, data.len, mtime);
    buf_release(&bpath);
    buf_release(&data);
}

static const char *errno_status(int e)
{
    switch (e) {
    case ENOENT: case ENOTDIR: return ST_MISSING;
    case EACCES: case EPERM: return ST_DENIED;
    default: return ST_FAILED;
    }
}

/* --- reading below a network file system, in a child ----------------------------------- */

struct child_read {
    const char *real;
    uint64_t cap;
};

/* Child side: "<errno> <size> <mtime>\n" then the bytes (head and tail when over cap). */
static int child_read_file(void *arg, int out)
{
    struct child_read *cr = arg;
    struct headtail ht;
    struct buf b = BUF_INIT;
    struct stat st;
    char chunk[CHUNK];
    ssize_t n;
    int fd = open(cr->real, O_RDONLY | O_NONBLOCK | O_NOCTTY);

    if (fd < 0 || fstat(fd, &st) < 0) {
        buf_addf(&b, "%d 0 0\n", errno);
    } else if (!S_ISREG(st.st_mode)) {
        buf_addf(&b, "-1 0 0\n");
    } else {
        fcntl(fd, F_SETFL, 0);
        headtail_init(&ht, (size_t)cr->cap);
        while ((n = read(fd, chunk, sizeof(chunk))) > 0)
            headtail_add(&ht, chunk, (size_t)n);
        buf_addf(&b, "%d %" PRIu64 " %lld\n", n < 0 ? errno : 0, ht.total, (long long)st.st_mtime);
        headtail_finish(&ht, &b);
        headtail_release(&ht);
    }
    for (size_t off = 0; off < b.len;) {
        n = write(out, b.data + off, b.len - off);
        if (n <= 0)
            return 1;
        off += (size_t)n;
    }
    return 0;
}

int collect_in_child(struct collect_ctx *ctx, const char *host_path,
                     int (*fn)(void *arg, int out_fd), void *arg, struct buf *out,
                     struct err *err)
{
    struct run_opts ro = {
        .fn = fn, .fn_arg = arg, .timeout_ms = ctx->o->cmd_timeout_s * 1000,
        .out_cap = (size_t)ctx->o->max_file_size + 4096, .term_grace_ms = 500,
        .interrupted = ctx->o->interrupted,
    };
    struct run_result r;
    int rc = 0;

    run_result_init(&r);
    run(&ro, &r);
    switch (r.status) {
    case RUN_EXITED:
        if (r.exit_code)
            rc = err_set(err, E_IO, "reader exited with %d", r.exit_code);
        break;
    case RUN_TIMEOUT:
    case RUN_ABANDONED:
        if (host_path)
            mark_hung(ctx, host_path);
        rc = err_set(err, E_TIMEOUT, "no answer within %d s%s", ctx->o->cmd_timeout_s,
                     r.status == RUN_ABANDONED ? "; reader abandoned in uninterruptible sleep" : "");
        break;
    case RUN_INTERRUPTED:
        rc = err_set(err, E_INTERRUPTED, "interrupted");
        break;
    default:
        rc = err_set(err, E_IO, "reader %s", run_status_name(r.status));
        break;
    }
    /* A reader that exits non-zero may still have said why on stdout. */
    if (r.status == RUN_EXITED)
        buf_add(out, r.out.data, r.out.len);
    run_result_release(&r);
    return rc;
}

static void store_netfs_file(struct collect_ctx *ctx, struct mitem *it, const char *real)
{
    struct child_read cr = { .real = real, .cap = ctx->o->max_file_size };
    struct buf out = BUF_INIT, bpath = BUF_INIT;
    struct err err = ERR_INIT;
    unsigned long long size = 0;
    long long mtime = 0;
    int e = 0, used = 0;
    int64_t t0 = run_now_ms();
    char *body;

    if (collect_in_child(ctx, it->source, child_read_file, &cr, &out, &err)) {
        it->status = err.code == E_TIMEOUT ? ST_TIMEOUT : ST_FAILED;
        mitem_set_message(it, "%s", err.msg);
        goto out;
    }
    if (sscanf(out.data, "%d %llu %lld\n%n", &e, &size, &mtime, &used) < 3 || !used) {
        it->status = ST_FAILED;
        mitem_set_message(it, "reader gave no header");
        goto out;
    }
    if (e == -1) {
        it->status = ST_SKIPPED_NOT_REGULAR;
        mitem_set_message(it, "not a regular file");
        goto out;
    }
    if (e && !size) {
        it->status = errno_status(e);
        it->err_no = e;
        mitem_set_message(it, "%s", strerror(e));
        goto out;
    }
    body = out.data + used;
    it->bytes_original = size;
    if (size > ctx->o->max_file_size)
        it->status = ST_TRUNCATED;
    if (!looks_binary(body, out.len - (size_t)used))
        privacy_mask(body, out.len - (size_t)used);
    buf_addf(&bpath, "root%s", it->source);
    store_buf(ctx, it, bpath.data, body, out.len - (size_t)used, (time_t)mtime);
out:
    it->elapsed_ms = (long)(run_now_ms() - t0);
    buf_release(&out);
    buf_release(&bpath);
}

/* --- files ---------------------------------------------------------------------------- */

static void do_file(struct collect_ctx *ctx, const char *path, unsigned flags, struct budget *bud)
{
    struct mitem *it;
    struct buf real = BUF_INIT, target = BUF_INIT, bpath = BUF_INIT;
    const char *why;
    struct stat st;
    char link[4096];
    ssize_t ln;
    int64_t t0 = run_now_ms();
    int fd = -1;

    buf_addf(&bpath, "root%s", path);
    if (stopped(ctx) || manifest_has_path(&ctx->m, bpath.data))
        goto out;
    it = note(ctx, "file", path, ST_OK);
    progress(ctx, path);
    if ((why = privacy_forbidden(path))) {
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "path %s", why);
        goto done;
    }
    if (collect_path_is_hung(ctx, path)) {
        it->status = ST_SKIPPED_HUNG_MOUNT;
        mitem_set_message(it, "an earlier read below this mount did not return");
        goto done;
    }
    buf_adds(&real, collect_host_path(ctx, path));
    if ((flags & SF_NETFS) || is_netfs(ctx, path)) {
        store_netfs_file(ctx, it, real.data);
        goto done;
    }
    /* Under --sysroot an absolute symlink points into the collected root, not into ours. */
    if (ctx->o->sysroot && lstat(real.data, &st) == 0 && S_ISLNK(st.st_mode) &&
        (ln = readlink(real.data, link, sizeof(link) - 1)) > 0 && link[0] == '/') {
        link[ln] = '\0';
        buf_adds(&target, collect_host_path(ctx, link));
        buf_reset(&real);
        buf_add(&real, target.data, target.len);
    }
    fd = open(real.data, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        it->status = errno_status(errno);
        it->err_no = errno;
        mitem_set_message(it, "%s", strerror(errno));
        goto done;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        it->status = ST_SKIPPED_NOT_REGULAR;
        mitem_set_message(it, "not a regular file");
        goto done;
    }
    fcntl(fd, F_SETFL, 0);
    if (path_under(path, "/proc") || path_under(path, "/sys") || st.st_size == 0)
        store_stream(ctx, it, fd, st.st_mtime);
    else
        store_regular(ctx, it, fd, &st, flags, bud);
done:
    it->elapsed_ms = it->elapsed_ms ? it->elapsed_ms : (long)(run_now_ms() - t0);
    verbose_item(it);
out:
    if (fd >= 0)
        close(fd);
    buf_release(&real);
    buf_release(&target);
    buf_release(&bpath);
}

void collect_file(struct collect_ctx *ctx, const char *path, unsigned flags)
{
    do_file(ctx, path, flags, NULL);
}

static void defer_file(struct collect_ctx *ctx, const char *path, unsigned flags,
                       struct budget *bud, time_t mtime)
{
    struct deferred *d;

    XGROW(ctx->def, ctx->def_alloc, ctx->ndef + 1);
    d = &ctx->def[ctx->ndef++];
    d->path = xstrdup(path);
    d->flags = flags;
    d->area = xstrdup(ctx->area);
    d->budget = bud;
    d->rotated = name_is_rotated(path);
    d->mtime = mtime;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files of a directory (recursive for trees), sorted; others noted. */
static void walk_dir(struct collect_ctx *ctx, const struct artifact_spec *sp, const char *dir,
                     int depth, struct budget *bud, size_t *count)
{
    struct buf child = BUF_INIT;
    char **names = NULL;
    size_t n = 0, alloc = 0, i;
    struct dirent *de;
    struct stat st;
    DIR *d;

    if (depth > TREE_MAX_DEPTH || stopped(ctx))
        return;
    if (collect_path_is_hung(ctx, dir)) {
        collect_note(ctx, "file", dir, ST_SKIPPED_HUNG_MOUNT, "an earlier read below this mount did not return");
        return;
    }
    d = opendir(collect_host_path(ctx, dir));
    if (!d) {
        if (depth == 0 || errno != ENOENT) {
            struct mitem *it = note(ctx, "file", dir, errno_status(errno));
            it->err_no = errno;
            mitem_set_message(it, "directory: %s", strerror(errno));
            verbose_item(it);
        }
        return;
    }
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        XGROW(names, alloc, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    for (i = 0; i < n && !stopped(ctx); i++) {
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
        if (ctx->o->since && name_is_rotated(child.data) && st.st_mtime < ctx->o->since) {
            collect_note(ctx, "file", child.data, ST_SKIPPED_SINCE, "rotated before --since");
            continue;
        }
        if (sp->flags & SF_BULK)
            defer_file(ctx, child.data, sp->flags, bud, st.st_mtime);
        else
            do_file(ctx, child.data, sp->flags, bud);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    buf_release(&child);
}

/* --- commands ------------------------------------------------------------------------- */

static struct group_state *group_get(struct collect_ctx *ctx, const char *name)
{
    size_t i;

    for (i = 0; i < ctx->ngroups; i++)
        if (!strcmp(ctx->groups[i].name, name))
            return &ctx->groups[i];
    if (ctx->ngroups == ARRAY_SIZE(ctx->groups))
        BUG("too many command groups");
    ctx->groups[ctx->ngroups].name = name;
    ctx->groups[ctx->ngroups].state[0] = '\0';
    return &ctx->groups[ctx->ngroups++];
}

static bool cmd_was_missing(struct collect_ctx *ctx, const char *name)
{
    size_t i;

    for (i = 0; i < ctx->ncmd_missing; i++)
        if (!strcmp(ctx->cmd_missing[i], name))
            return true;
    return false;
}

static void first_line(const struct buf *b, char *out, size_t size)
{
    size_t n = 0;

    while (n < b->len && b->data[n] != '\n' && n + 1 < size)
        n++;
    memcpy(out, b->data, n);
    out[n] = '\0';
}

/* Keep the lines that contain one of words; the rest is dropped from the buffer. */
static void keep_lines(struct buf *b, const char *const *words)
{
    size_t in = 0, out = 0, end, i;
    bool keep;

    while (in < b->len) {
        const char *nl = memchr(b->data + in, '\n', b->len - in);
        end = nl ? (size_t)(nl - b->data) + 1 : b->len;
        keep = false;
        for (i = 0; words[i] && !keep; i++) {
            size_t wl = strlen(words[i]), j;
            for (j = in; j + wl <= end && !keep; j++)
                keep = !memcmp(b->data + j, words[i], wl);
        }
        if (keep) {
            memmove(b->data + out, b->data + in, end - in);
            out += end - in;
        }
        in = end;
    }
    buf_truncate(b, out);
}

void collect_cmd(struct collect_ctx *ctx, const struct artifact_spec *sp)
{
    struct run_opts ro = {
        .argv = sp->argv, .timeout_ms = ctx->o->cmd_timeout_s * 1000,
        .out_cap = (size_t)ctx->o->max_file_size, .interrupted = ctx->o->interrupted,
    };
    struct group_state *g = sp->group ? group_get(ctx, sp->group) : NULL;
    struct buf src = BUF_INIT, bpath = BUF_INIT;
    struct run_result r;
    struct mitem *it;
    const char *why;
    char line[200];
    size_t i;

    if (stopped(ctx))
        return;
    if (sp->fallback_for && !cmd_was_missing(ctx, sp->fallback_for))
        return;
    for (i = 0; sp->argv[i]; i++)
        buf_addf(&src, "%s%s", i ? " " : "", sp->argv[i]);
    it = note(ctx, "command", src.data, ST_OK);
    progress(ctx, src.data);
    if (ctx->o->no_commands) {
        it->status = ST_SKIPPED_OPTION;
        mitem_set_message(it, "--no-commands");
        goto out;
    }
    if (g && !strcmp(g->state, "unresponsive")) {
        it->status = ST_SKIPPED_UNRESPONSIVE;
        mitem_set_message(it, "%s is unresponsive: %s", g->name, g->detail);
        goto out;
    }
    if (!allowance(ctx, 1, NULL, &why)) {
        it->status = ST_SKIPPED_BUDGET;
        mitem_set_message(it, "%s", why);
        goto out;
    }
    run_result_init(&r);
    run(&ro, &r);
    it->elapsed_ms = r.elapsed_ms;
    it->bytes_original = r.out_bytes;
    switch (r.status) {
    case RUN_EXITED:
        it->has_exit = true;
        it->exit_code = r.exit_code;
        it->status = r.exit_code ? ST_FAILED : r.out_truncated ? ST_TRUNCATED : ST_OK;
        if (r.exit_code) {
            first_line(&r.err, line, sizeof(line));
            mitem_set_message(it, "exit status %d%s%s", r.exit_code, line[0] ? ": " : "", line);
        }
        break;
    case RUN_SIGNALED:
        it->status = ST_KILLED;
        it->signal = r.signal;
        mitem_set_message(it, "killed by signal %d", r.signal);
        break;
    case RUN_TIMEOUT:
        it->status = ST_TIMEOUT;
        it->signal = r.signal;
        mitem_set_message(it, "no answer within %d s; process group killed", ctx->o->cmd_timeout_s);
        break;
    case RUN_ABANDONED:
        it->status = ST_ABANDONED;
        it->signal = SIGKILL;
        mitem_set_message(it, "still running after SIGKILL (pid %d, uninterruptible sleep?); abandoned",
                          (int)r.pid);
        break;
    case RUN_NOTFOUND:
        it->status = ST_MISSING;
        it->err_no = r.spawn_errno;
        mitem_set_message(it, "command not found");
        XGROW(ctx->cmd_missing, ctx->cmd_missing_alloc, ctx->ncmd_missing + 1);
        ctx->cmd_missing[ctx->ncmd_missing++] = xstrdup(sp->name);
        break;
    case RUN_DENIED:
        it->status = ST_DENIED;
        it->err_no = r.spawn_errno;
        mitem_set_message(it, "%s", strerror(r.spawn_errno));
        break;
    case RUN_FAILED:
        it->status = ST_FAILED;
        it->err_no = r.spawn_errno;
        mitem_set_message(it, "cannot start: %s", strerror(r.spawn_errno));
        break;
    case RUN_INTERRUPTED:
        it->status = ST_SKIPPED_INTERRUPTED;
        ctx->interrupted = true;
        break;
    }
    if (r.killed_leftovers && !it->message)
        mitem_set_message(it, "descendants kept the output open after it exited; killed");
    if (g && !g->state[0] && r.status != RUN_INTERRUPTED) {
        if (r.status == RUN_TIMEOUT || r.status == RUN_ABANDONED) {
            snprintf(g->state, sizeof(g->state), "unresponsive");
            snprintf(g->detail, sizeof(g->detail), "'%s' gave no answer within %d s", src.data,
                     ctx->o->cmd_timeout_s);
            log_msg(LOG_WARN, "%s did not answer '%s' within %d s; skipping its other commands",
                    g->name, src.data, ctx->o->cmd_timeout_s);
        } else if (r.status == RUN_NOTFOUND) {
            snprintf(g->state, sizeof(g->state), "absent");
            snprintf(g->detail, sizeof(g->detail), "'%s' not found", sp->argv[0]);
        } else if (r.status == RUN_EXITED && r.exit_code == 0) {
            snprintf(g->state, sizeof(g->state), "responsive");
        } else {
            snprintf(g->state, sizeof(g->state), "failed");
            snprintf(g->detail, sizeof(g->detail), "%s", it->message ? it->message : "");
        }
    }
    if (r.status == RUN_EXITED || r.status == RUN_SIGNALED || r.status == RUN_TIMEOUT ||
        r.status == RUN_ABANDONED) {
        if (sp->keep && r.status == RUN_EXITED) {
            keep_lines(&r.out, sp->keep);
            mitem_set_message(it, "filtered: only lines about %s...", sp->keep[0]);
        }
        privacy_mask(r.out.data, r.out.len);
        privacy_mask(r.err.data, r.err.len);
        buf_addf(&bpath, "cmd/%s.out", sp->name);
        store_buf(ctx, it, bpath.data, r.out.data, r.out.len, ctx->now);
        if (r.err.len && !ctx->fatal) {
            char sha[65];
            struct err err = ERR_INIT;
            buf_reset(&bpath);
            buf_addf(&bpath, "cmd/%s.err", sp->name);
            if (bundle_add(ctx->b, bpath.data, r.err.data, r.err.len, ctx->now, sha, &err))
                fail_fatal(ctx, &err);
            else
                it->err_path = xstrdup(bpath.data);
            account(ctx, NULL, r.err.len);
        }
    }
    run_result_release(&r);
out:
    verbose_item(it);
    buf_release(&src);
    buf_release(&bpath);
}

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
            defer_file(ctx, sp->path, sp->flags, bud, 0);
        else
            do_file(ctx, sp->path, sp->flags, bud);
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

/* Current logs before rotated ones, newest first: the budget cuts the oldest data. */
static int cmp_deferred(const void *a, const void *b)
{
    const struct deferred *x = a, *y = b;

    if (x->rotated != y->rotated)
        return x->rotated ? 1 : -1;
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
    jsonw_kv_int(&w, "elapsed_ms", wall_ms() - started_ms);
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
    jsonw_obj_end(&w);
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
    it = manifest_add(&ctx->m, "", "manifest", "manifest.json", ST_OK);
    store_buf(ctx, it, "manifest.json", js.data, js.len, ctx->now);
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
}

void collect_summary_release(struct collect_summary *sum)
{
    free(sum->bundle_path);
    sum->bundle_path = NULL;
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
    struct buf name = BUF_INIT, final = BUF_INIT, part = BUF_INIT;
    char host[128], stamp[32], sha[65];
    int64_t started_ms = wall_ms();
    bool to_stdout = o->output && !strcmp(o->output, "-");
    const struct artifact_spec *sp;
    struct stat st;
    int fd = -1, rc;
    size_t i;

    memset(&ctx, 0, sizeof(ctx));
    memset(sum, 0, sizeof(*sum));
    ctx.o = o;
    ctx.now = time(NULL);
    manifest_init(&ctx.m);
    buf_init(&ctx.path);
    load_netfs_mounts(&ctx);

    read_hostname(&ctx, host, sizeof(host));
    time_format_compact(ctx.now, stamp, sizeof(stamp));
    buf_addf(&name, "ovmdiag-%s-%s", host, stamp);

    if (to_stdout) {
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
    rc = bundle_open_fd(&ctx.b, fd, name.data, err);
    if (rc)
        goto out;

    /* Phase 1: commands and small files, collector by collector; logs are deferred. */
    for (i = 0; collector_registry[i] && !stopped(&ctx); i++) {
        const struct collector *c = collector_registry[i];
        struct err cerr = ERR_INIT;
        ctx.area = c->name;
        for (sp = c->specs; sp && sp->kind != SPEC_END && !stopped(&ctx); sp++)
            run_spec(&ctx, sp);
        if (c->run && !stopped(&ctx) && c->run(&ctx, &cerr)) {
            err_prefix(&cerr, "collector '%s'", c->name);
            collect_note(&ctx, "collector", c->name, ST_FAILED, cerr.msg);
        }
    }
    /* Phase 2: logs. */
    qsort(ctx.def, ctx.ndef, sizeof(*ctx.def), cmp_deferred);
    for (i = 0; i < ctx.ndef && !stopped(&ctx); i++) {
        ctx.area = ctx.def[i].area;
        do_file(&ctx, ctx.def[i].path, ctx.def[i].flags, ctx.def[i].budget);
    }
    for (; i < ctx.ndef && ctx.interrupted && !ctx.fatal; i++)
        collect_note(&ctx, "file", ctx.def[i].path, ST_SKIPPED_INTERRUPTED, NULL);

    if (ctx.fatal) {
        *err = ctx.fatal_err;
        rc = ctx.fatal;
        goto out;
    }
    if (ctx.interrupted && !to_stdout) {
        rc = err_set(err, E_INTERRUPTED, "interrupted; partial bundle removed");
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
    if (!to_stdout) {
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
    bundle_free(ctx.b);
    if (fd > 1) {
        close(fd);
        if (rc)
            unlink(part.data);
    }
    ctx_release(&ctx);
    buf_release(&name);
    buf_release(&final);
    buf_release(&part);
    return rc;
}
