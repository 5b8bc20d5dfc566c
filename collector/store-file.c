/* SPDX-License-Identifier: MIT */
/* store-file.c: one file into the bundle. Local files stream in 64 KiB chunks straight into
 * the archive (memory does not grow with the file), cut to head and tail at line boundaries
 * when over the cap, masked line by line. Files on network file systems are read by a child
 * with a deadline. /proc and /sys files are read to EOF. */
#include "collector/ctx.h"
#include "collector/bundle.h"
#include "collector/privacy.h"
#include "collector/mask.h"
#include "lib/headtail.h"
#include "lib/run.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/banned.h"

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
bool collect_name_is_rotated(const char *path)
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
    struct buf *sink;     /* --mask: bytes gather here, to be pseudonymised as a whole */
    struct err err;
    int rc;
};

static int stream_out(struct streamer *s, const char *data, size_t len)
{
    if (s->sink) {
        buf_add(s->sink, data, len);
        return 0;
    }
    return bundle_write(s->ctx->b, data, len, &s->err);
}

static void stream_put(struct streamer *s, const char *data, size_t len, bool final)
{
    char *nl;
    size_t upto;

    if (s->rc)
        return;
    if (!s->mask) {
        s->rc = stream_out(s, data, len);
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
    s->rc = stream_out(s, s->carry.data, upto);
    memmove(s->carry.data, s->carry.data + upto, s->carry.len - upto);
    buf_truncate(&s->carry, s->carry.len - upto);
}

static uint64_t stream_region(struct streamer *s, int fd, uint64_t off, uint64_t len)
{
    char chunk[CHUNK];
    uint64_t done = 0;
    ssize_t n;

    while (done < len && !s->rc && !collect_stopped(s->ctx)) {
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

/* --mask on a gzip log: inflate (head and tail kept within --max-file-size), mask, deflate
 * again. The input read and the inflated bytes are both capped. */
static void store_gzip_masked(struct collect_ctx *ctx, struct mitem *it, int fd,
                              const struct stat *st, struct budget *bud)
{
    struct headtail ht;
    struct buf text = BUF_INIT, masked = BUF_INIT, gz = BUF_INIT, bpath = BUF_INIT;
    unsigned char in[CHUNK], outb[CHUNK];
    uint64_t in_cap = ctx->o->max_file_size, in_read = 0, inflated = 0;
    uint64_t inflate_cap = ctx->o->max_file_size * 64;
    const char *why;
    z_stream z;
    ssize_t n;
    int r = Z_OK;
    bool cut = false;

    it->bytes_original = (uint64_t)st->st_size;
    if (!collect_allowance(ctx, MIN((uint64_t)st->st_size, in_cap), bud, &why)) {
        it->status = ST_SKIPPED_BUDGET;
        mitem_set_message(it, "%s", why);
        return;
    }
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        it->status = ST_FAILED;
        mitem_set_message(it, "zlib: cannot start inflating");
        return;
    }
    headtail_init(&ht, (size_t)ctx->o->max_file_size);
    while (r != Z_STREAM_END && in_read < in_cap && !collect_stopped(ctx)) {
        n = read(fd, in, (size_t)MIN((uint64_t)sizeof(in), in_cap - in_read));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        in_read += (uint64_t)n;
        z.next_in = in;
        z.avail_in = (uInt)n;
        do {
            z.next_out = outb;
            z.avail_out = sizeof(outb);
            r = inflate(&z, Z_NO_FLUSH);
            if (r == Z_STREAM_END && z.avail_in) {   /* concatenated members (logrotate) */
                headtail_add(&ht, (const char *)outb, sizeof(outb) - z.avail_out);
                inflated += sizeof(outb) - z.avail_out;
                r = inflateReset(&z) == Z_OK ? Z_OK : Z_DATA_ERROR;
                continue;
            }
            if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
                break;
            headtail_add(&ht, (const char *)outb, sizeof(outb) - z.avail_out);
            inflated += sizeof(outb) - z.avail_out;
        } while (z.avail_out == 0 && inflated < inflate_cap);
        if ((r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) || inflated >= inflate_cap)
            break;
    }
    inflateEnd(&z);
    if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "not a readable gzip file: --mask cannot pseudonymise it");
        goto out;
    }
    cut = r != Z_STREAM_END || headtail_truncated(&ht);
    headtail_finish(&ht, &text);
    if (looks_binary(text.data, text.len)) {
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "binary content: --mask cannot pseudonymise it");
        goto out;
    }
    privacy_mask(text.data, text.len);
    mask_text(ctx->mask, text.data, text.len, &masked);
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        it->status = ST_FAILED;
        mitem_set_message(it, "zlib: cannot start deflating");
        goto out;
    }
    z.next_in = (unsigned char *)masked.data;
    z.avail_in = (uInt)masked.len;
    do {
        z.next_out = outb;
        z.avail_out = sizeof(outb);
        r = deflate(&z, Z_FINISH);
        buf_add(&gz, outb, sizeof(outb) - z.avail_out);
    } while (r == Z_OK || (r == Z_BUF_ERROR && z.avail_out == 0));
    deflateEnd(&z);
    if (r != Z_STREAM_END) {
        it->status = ST_FAILED;
        mitem_set_message(it, "zlib: deflate failed");
        goto out;
    }
    if (cut) {
        it->status = ST_TRUNCATED;
        mitem_set_message(it, "--mask: inflated, cut to --max-file-size, masked, compressed again");
    } else {
        mitem_set_message(it, "--mask: inflated, masked and compressed again");
    }
    buf_addf(&bpath, "root%s", it->source);
    collect_store_buf(ctx, it, bpath.data, gz.data, gz.len, st->st_mtime);
    if (bud)
        bud->used += gz.len;
out:
    headtail_release(&ht);
    buf_release(&text);
    buf_release(&masked);
    buf_release(&gz);
    buf_release(&bpath);
}

static void store_regular(struct collect_ctx *ctx, struct mitem *it, int fd,
                          const struct stat *st, unsigned flags, struct budget *bud)
{
    struct streamer s = { .ctx = ctx };
    struct buf marker = BUF_INIT, bpath = BUF_INIT, sink = BUF_INIT, masked = BUF_INIT;
    struct buf ename = BUF_INIT;
    uint64_t size = (uint64_t)st->st_size, off = 0, cap, head, tail_off, total, got, want;
    char probe[8192];
    ssize_t pn;
    bool binary;
    const char *why;
    struct tm tm;

    pn = pread(fd, probe, sizeof(probe), 0);
    binary = (flags & SF_BINARY) || name_is_compressed(it->source) ||
             (pn > 0 && looks_binary(probe, (size_t)pn));
    s.mask = !binary;
    if (ctx->mask && binary) {
        if (name_is_compressed(it->source) && strlen(it->source) > 3 &&
            !strcmp(it->source + strlen(it->source) - 3, ".gz")) {
            store_gzip_masked(ctx, it, fd, st, bud);
            return;
        }
        it->bytes_original = size;
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "binary or compressed: --mask cannot pseudonymise it");
        return;
    }
    if (ctx->mask)
        s.sink = &sink;
    it->bytes_original = size;
    if (ctx->o->since && (flags & SF_SINCE) && !binary) {
        time_to_utc(st->st_mtime, &tm);
        off = since_offset(fd, size, ctx->o->since, tm.tm_year + 1900);
        if (off)
            mitem_set_message(it, "--since: %" PRIu64 " bytes of older lines dropped", off);
    }
    want = MIN(size - off, ctx->o->max_file_size);
    cap = collect_allowance(ctx, want, bud, &why);
    if (!cap && want) {
        it->status = ST_SKIPPED_BUDGET;
        mitem_set_message(it, "%s", why);
        goto out;
    }
    head = size - off;
    tail_off = size;
    if (size - off > cap) {
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
    if (!s.sink && bundle_begin(ctx->b, bpath.data, total, st->st_mtime, &s.err)) {
        collect_fatal(ctx, &s.err);
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
        while (!s.sink && pad.len < total - written)
            buf_addc(&pad, '\n');
        if (!s.sink)
            buf_truncate(&pad, (size_t)(total - written));
        s.rc = stream_out(&s, pad.data, pad.len);
        buf_release(&pad);
        it->status = ST_TRUNCATED;
        mitem_set_message(it, "file shrank while it was read (rotated?)");
    }
    if (!s.rc && s.sink) {
        /* --mask: lengths change, so the entry is written whole once masked. */
        mask_text(ctx->mask, sink.data, sink.len, &masked);
        total = masked.len;
        s.rc = bundle_add(ctx->b, collect_entry_name(ctx, bpath.data, &ename), masked.data,
                          masked.len, st->st_mtime, it->sha256, &s.err);
    } else if (!s.rc) {
        s.rc = bundle_end(ctx->b, it->sha256, &s.err);
    }
    if (s.rc) {
        collect_fatal(ctx, &s.err);
        it->status = ST_FAILED;
        mitem_set_message(it, "%s", s.err.msg);
        goto out;
    }
    it->path = buf_detach(&bpath, NULL);
    it->bytes_stored = total;
    collect_account(ctx, bud, total);
out:
    buf_release(&marker);
    buf_release(&bpath);
    buf_release(&s.carry);
    buf_release(&sink);
    buf_release(&masked);
    buf_release(&ename);
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
        if (n == 0 || collect_stopped(ctx))
            break;
        headtail_add(&ht, chunk, (size_t)n);
    }
    if (headtail_truncated(&ht))
        it->status = ST_TRUNCATED;
    it->bytes_original = ht.total;
    headtail_finish(&ht, &data);
    headtail_release(&ht);
    if (!looks_binary(data.data, data.len)) {
        privacy_mask(data.data, data.len);
        collect_mask_buf(ctx, &data);
    } else if (ctx->mask) {
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "binary content: --mask cannot pseudonymise it");
        buf_release(&data);
        return;
    }
    buf_addf(&bpath, "root%s", it->source);
    if (!ht.total && !strcmp(it->status, ST_FAILED)) {
        buf_release(&bpath);
        buf_release(&data);
        return;
    }
    collect_store_buf(ctx, it, bpath.data, data.data, data.len, mtime);
    buf_release(&bpath);
    buf_release(&data);
}

const char *collect_errno_status(int e)
{
    switch (e) {
    case ENOENT: case ENOTDIR: return ST_MISSING;
    case EACCES: case EPERM: return ST_DENIED;
    default: return ST_FAILED;
    }
}

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
    /* A blocking open: this child is expendable, and a FIFO or a dead NFS server blocks here
     * just the same, to be cut off by the deadline. */
    int fd = open(cr->real, O_RDONLY | O_NOCTTY);

    if (fd < 0 || fstat(fd, &st) < 0) {
        buf_addf(&b, "%d 0 0\n", errno);
    } else if (!S_ISREG(st.st_mode)) {
        buf_addf(&b, "-1 0 0\n");
    } else {
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
            collect_mark_hung(ctx, host_path);
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
        it->status = collect_errno_status(e);
        it->err_no = e;
        mitem_set_message(it, "%s", strerror(e));
        goto out;
    }
    body = out.data + used;
    it->bytes_original = size;
    if (size > ctx->o->max_file_size)
        it->status = ST_TRUNCATED;
    if (!looks_binary(body, out.len - (size_t)used)) {
        privacy_mask(body, out.len - (size_t)used);
    } else if (ctx->mask) {
        it->status = ST_SKIPPED_PRIVACY;
        mitem_set_message(it, "binary content: --mask cannot pseudonymise it");
        goto out;
    }
    buf_addf(&bpath, "root%s", it->source);
    if (ctx->mask) {
        struct buf m = BUF_INIT;
        mask_text(ctx->mask, body, out.len - (size_t)used, &m);
        collect_store_buf(ctx, it, bpath.data, m.data, m.len, (time_t)mtime);
        buf_release(&m);
    } else {
        collect_store_buf(ctx, it, bpath.data, body, out.len - (size_t)used, (time_t)mtime);
    }
out:
    it->elapsed_ms = (long)(run_now_ms() - t0);
    buf_release(&out);
    buf_release(&bpath);
}

void collect_do_file(struct collect_ctx *ctx, const char *path, unsigned flags, struct budget *bud)
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
    if (collect_stopped(ctx) || manifest_has_path(&ctx->m, bpath.data))
        goto out;
    it = collect_item(ctx, "file", path, ST_OK);
    collect_progress(ctx, path);
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
    if ((flags & SF_NETFS) || collect_is_netfs(ctx, path)) {
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
        it->status = collect_errno_status(errno);
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
    if (path_is_under(path, "/proc") || path_is_under(path, "/sys") || st.st_size == 0)
        store_stream(ctx, it, fd, st.st_mtime);
    else
        store_regular(ctx, it, fd, &st, flags, bud);
done:
    it->elapsed_ms = it->elapsed_ms ? it->elapsed_ms : (long)(run_now_ms() - t0);
    collect_item_done(it);
out:
    if (fd >= 0)
        close(fd);
    buf_release(&real);
    buf_release(&target);
    buf_release(&bpath);
}

void collect_file(struct collect_ctx *ctx, const char *path, unsigned flags)
{
    collect_do_file(ctx, path, flags, NULL);
}

