/* SPDX-License-Identifier: MIT */
#include "analyzers/source.h"
#include "lib/blockq.h"
#include "lib/dirlist.h"
#include "lib/buf.h"
#include "lib/gzblock.h"
#include "lib/forkguard.h"
#include "lib/thread.h"
#include "lib/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/banned.h"

#define MAX_ENTRIES 200000
#define MAX_DEPTH 32

struct src_reader {
    struct archive *a;   /* tar mode */
    int fd;              /* directory mode */
    char *block;         /* directory mode: src_read_block()'s buffer */
};

/* src_read_block() of a directory entry: reads of this size. */
#define DIR_BLOCK (256 * 1024)

ssize_t src_read(struct src_reader *r, void *buf, size_t n)
{
    ssize_t got;

    if (r->a) {
        got = archive_read_data(r->a, buf, n);
        return got < 0 ? -1 : got;
    }
    do {
        got = read(r->fd, buf, n);
    } while (got < 0 && errno == EINTR);
    return got;
}

ssize_t src_read_block(struct src_reader *r, const void **data)
{
    ssize_t got;

    if (r->a) {
        size_t len;
        la_int64_t off;
        int e = archive_read_data_block(r->a, data, &len, &off);
        if (e == ARCHIVE_EOF)
            return 0;
        /* the holes of a sparse entry (ours have none) are zeros: left out here, no text lost */
        (void)off;
        if (e != ARCHIVE_OK && e != ARCHIVE_WARN)
            return -1;
        return (ssize_t)len;
    }
    if (!r->block)
        r->block = xmalloc(DIR_BLOCK);
    do {
        got = read(r->fd, r->block, DIR_BLOCK);
    } while (got < 0 && errno == EINTR);
    *data = r->block;
    return got;
}

/* "top/rest/of/path" -> "rest/of/path" after checking every component; NULL if unsafe. */
static const char *relative_name(const char *name, char *top, size_t top_size, const char **why)
{
    const char *p = name, *slash, *rest;
    size_t n;

    while (p[0] == '.' && p[1] == '/')
        p += 2;
    if (p[0] == '/') {
        *why = "skipped: an absolute path";
        return NULL;
    }
    slash = strchr(p, '/');
    if (!slash || !slash[1]) {
        *why = "skipped: outside the bundle's top folder";
        return NULL;
    }
    n = (size_t)(slash - p);
    if (!top[0] && n < top_size) {
        memcpy(top, p, n);
        top[n] = '\0';
    }
    if (strlen(top) != n || memcmp(top, p, n)) {
        *why = "skipped: a second top folder";
        return NULL;
    }
    rest = slash + 1;
    for (p = rest; *p; p = slash + 1) {
        slash = strchr(p, '/');
        n = slash ? (size_t)(slash - p) : strlen(p);
        if ((n == 2 && !memcmp(p, "..", 2)) || (n == 1 && p[0] == '.') || n == 0) {
            *why = "skipped: '.', '..' or an empty component in the path";
            return NULL;
        }
        if (!slash)
            break;
    }
    return rest;
}

/* The names seen so far (a tar may repeat one: the first wins, as on extraction with -k). */
struct seen {
    char **slots;
    size_t cap, n;
};

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ULL;    /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* True when name was already seen; else remembers it. */
static bool seen_before(struct seen *s, const char *name)
{
    size_t i;

    if (2 * (s->n + 1) > s->cap) {
        struct seen bigger = { xcalloc(s->cap ? 2 * s->cap : 1024, sizeof(char *)),
                               s->cap ? 2 * s->cap : 1024, 0 };
        for (i = 0; i < s->cap; i++)
            if (s->slots[i]) {
                seen_before(&bigger, s->slots[i]);
                free(s->slots[i]);
            }
        free(s->slots);
        *s = bigger;
    }
    for (i = hash_name(name) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
        if (!strcmp(s->slots[i], name))
            return true;
    s->slots[i] = xstrdup(name);
    s->n++;
    return false;
}

static void seen_release(struct seen *s)
{
    size_t i;

    for (i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
}

/* --- a .tar.gz inflated by helper threads ------------------------------------------------
 * Inflating is a third of analyze's work on a .tar.gz and the scan the rest, so helper threads
 * inflate while libarchive reads the plain tar from their blocks through inf_read_cb, in
 * order. A bundle of ours (its first gzip member carries our size subfield: lib/gzblock.h) is
 * inflated a member at a time by up to INF_THREADS workers: each claims the next member (its
 * header read under the lock gives its size, so the next worker knows where the following one
 * starts), reads it whole, inflates it into its block of ISIZE bytes and marks the block done.
 * A member that claims more than GZB_LIMIT, or does not inflate to exactly its ISIZE, ends the
 * stream with the error after the blocks before it. Anything else (a foreign .tar.gz, a
 * member without our subfield, bytes after our members) is inflated by one worker with zlib
 * as a stream (members one after another, as gzip -d) into blocks of INF_SBLOCK bytes.
 * At most nthreads + 2 blocks of at most GZB_LIMIT bytes wait, plus one member per worker:
 * about 8 MiB with 2 workers whatever the size (a bomb is inflated and dropped block by block).
 * A truncated or corrupt stream ends the tar with the error, as libarchive's own gzip filter
 * did. */
#define INF_THREADS 4
#define INF_SLOTS (INF_THREADS + 2)
#define INF_SBLOCK (256 * 1024)
#define INF_NO_END UINT64_MAX

enum islot_state { ISLOT_FREE, ISLOT_BUSY, ISLOT_DONE, ISLOT_HELD };

struct islot {
    unsigned char *data;      /* grown as needed, kept */
    size_t cap, len;
    enum islot_state state;
};

struct inflater {
    int fd;                       /* the file, or -1 with mem */
    const unsigned char *mem;
    size_t mem_len;
    uint64_t size;                /* of the file when opened, or mem_len */
    pthread_t threads[INF_THREADS];
    unsigned nthreads, nslots;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct islot slots[INF_SLOTS];  /* block number % nslots */
    uint64_t next_seq;            /* the next block a worker claims */
    uint64_t next_off;            /* where the member of next_seq starts */
    uint64_t read_seq;            /* the block inf_read_cb hands out (or holds) */
    uint64_t end_seq;             /* the stream ends before this block (INF_NO_END: unknown) */
    bool streaming;               /* one worker took the rest as a stream: the others stop */
    bool abort;
    char error[160];              /* why the stream ends at end_seq; "" for a clean end */
};

/* pread from the file or the memory; -1 (errno) on a read error. */
static ssize_t inf_pread(struct inflater *z, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    ssize_t r;

    if (z->fd < 0) {
        if (off >= z->mem_len)
            return 0;
        n = MIN(n, z->mem_len - (size_t)off);
        memcpy(buf, z->mem + off, n);
        return (ssize_t)n;
    }
    while (got < n) {
        r = pread(z->fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The stream ends before block seq, with error (NULL: a clean end). Called with z->mu held;
 * the earliest end wins. */
static void inf_end_locked(struct inflater *z, uint64_t seq, const char *error)
{
    if (seq < z->end_seq) {
        z->end_seq = seq;
        snprintf(z->error, sizeof(z->error), "%s", error ? error : "");
    }
    pthread_cond_broadcast(&z->cv);
}

static void inf_end(struct inflater *z, uint64_t seq, const char *error)
{
    pthread_mutex_lock(&z->mu);
    inf_end_locked(z, seq, error);
    pthread_mutex_unlock(&z->mu);
}

/* The slot of block seq once it is free (claimed: BUSY), grown to need bytes; NULL when told to
 * stop or when the stream already ends before seq. */
static struct islot *inf_claim(struct inflater *z, uint64_t seq, size_t need)
{
    struct islot *s = &z->slots[seq % z->nslots];

    pthread_mutex_lock(&z->mu);
    while (s->state != ISLOT_FREE && !z->abort && seq < z->end_seq)
        forkguard_cond_wait(&z->cv, &z->mu);
    if (z->abort || seq >= z->end_seq) {
        pthread_mutex_unlock(&z->mu);
        return NULL;
    }
    s->state = ISLOT_BUSY;
    pthread_mutex_unlock(&z->mu);
    if (s->cap < need) {
        free(s->data);
        s->data = xmalloc(need);
        s->cap = need;
    }
    return s;
}

static void inf_done(struct inflater *z, struct islot *s, size_t len)
{
    pthread_mutex_lock(&z->mu);
    s->len = len;
    s->state = ISLOT_DONE;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
}

/* The rest of the file from off as a gzip stream (zlib; members one after another, bytes after
 * the last member that are not gzip ignored, as gzip -d does with a warning), into blocks seq,
 * seq + 1, ... */
static void inf_stream(struct inflater *z, uint64_t off, uint64_t seq)
{
    unsigned char *in = xmalloc(INF_SBLOCK);
    const char *error = NULL;
    bool eof = false, member_done = true;   /* off is where a member starts, or the end */
    struct islot *s;
    z_stream zs;
    ssize_t n;
    int zr;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        inf_end(z, seq, "cannot start zlib");
        free(in);
        return;
    }
    s = inf_claim(z, seq, INF_SBLOCK);
    if (!s)
        goto stop;
    zs.next_out = s->data;
    zs.avail_out = INF_SBLOCK;
    for (;;) {
        if (zs.avail_in == 0 && !eof) {
            n = inf_pread(z, in, INF_SBLOCK, off);
            if (n < 0) {
                error = strerror(errno);
                break;
            }
            off += (uint64_t)n;
            eof = n == 0;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        if (member_done) {
            /* another gzip member follows, or the end */
            if (zs.avail_in == 0 && eof)
                break;
            if (zs.avail_in == 0)
                continue;
            if (zs.next_in[0] != 0x1f)
                break;
            inflateReset(&zs);
            member_done = false;
        }
        if (zs.avail_in == 0 && eof) {
            error = "unexpected end of the gzip stream (truncated)";
            break;
        }
        zr = inflate(&zs, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) {
            member_done = true;
        } else if (zr == Z_BUF_ERROR && zs.avail_in == 0) {
            /* needs more input */
        } else if (zr != Z_OK) {
            error = zs.msg ? zs.msg : "corrupt gzip stream";
            break;
        }
        if (zs.avail_out == 0) {
            inf_done(z, s, INF_SBLOCK);
            s = inf_claim(z, ++seq, INF_SBLOCK);
            if (!s)
                goto stop;
            zs.next_out = s->data;
            zs.avail_out = INF_SBLOCK;
        }
    }
    /* the last block (perhaps empty: inf_read_cb skips those) */
    inf_done(z, s, INF_SBLOCK - zs.avail_out);
    inf_end(z, seq + 1, error);
stop:
    inflateEnd(&zs);
    free(in);
}

static void *inflater_main(void *arg)
{
    struct inflater *z = arg;
    struct gzb_inflater *d = gzb_inflater_new();
    unsigned char *in = NULL, hdr[GZB_PEEK];
    char why[160];

    pthread_mutex_lock(&z->mu);
    if (!d)
        inf_end_locked(z, z->next_seq, "cannot start the inflater");
    for (;;) {
        struct islot *s = &z->slots[z->next_seq % z->nslots];
        uint64_t seq = z->next_seq, off = z->next_off;
        uint32_t msize, isize;
        size_t hdr_len = 0, len;
        const char *bad;
        ssize_t n;

        if (z->abort || z->streaming || seq >= z->end_seq)
            break;
        if (s->state != ISLOT_FREE) {
            forkguard_cond_wait(&z->cv, &z->mu);
            continue;
        }
        /* the header, under the lock: the next worker starts where this member ends */
        n = inf_pread(z, hdr, sizeof(hdr), off);
        if (n <= 0) {
            inf_end_locked(z, seq, n < 0 ? strerror(errno) : NULL);
            break;
        }
        msize = gzb_member_size(hdr, (size_t)n, &hdr_len);
        if (!msize || (msize <= GZB_LIMIT && off + msize > z->size)) {
            /* not one of ours, or cut short (a copy that stopped): the rest is a stream, which
             * gives what a cut member still holds */
            z->streaming = true;
            pthread_cond_broadcast(&z->cv);
            pthread_mutex_unlock(&z->mu);
            inf_stream(z, off, seq);
            pthread_mutex_lock(&z->mu);
            break;
        }
        if (msize > GZB_LIMIT || msize < hdr_len + GZB_TRAILER) {
            snprintf(why, sizeof(why), "corrupt bundle: the gzip member at offset %llu "
                     "claims a size of %lu bytes", (unsigned long long)off, (unsigned long)msize);
            inf_end_locked(z, seq, why);
            break;
        }
        z->next_seq++;
        z->next_off += msize;
        s->state = ISLOT_BUSY;
        pthread_cond_broadcast(&z->cv);
        pthread_mutex_unlock(&z->mu);

        if (!in)
            in = xmalloc(GZB_LIMIT);
        bad = NULL;
        len = 0;
        n = inf_pread(z, in, msize, off);
        if (n < 0)
            bad = strerror(errno);
        else if ((size_t)n < msize)
            bad = "unexpected end of the gzip stream (truncated)";
        else if ((isize = gzb_member_isize(in, msize)) > GZB_LIMIT) {
            snprintf(why, sizeof(why), "corrupt bundle: the gzip member at offset %llu claims "
                     "to inflate to %lu bytes", (unsigned long long)off, (unsigned long)isize);
            bad = why;
        } else {
            if (s->cap < (size_t)isize + 1) {
                free(s->data);
                s->cap = (size_t)isize + 1;
                s->data = xmalloc(s->cap);
            }
            len = isize;
            if ((bad = gzb_inflate(d, in, msize, hdr_len, s->data, isize)) != NULL) {
                snprintf(why, sizeof(why), "corrupt bundle: the gzip member at offset %llu: %s",
                         (unsigned long long)off, bad);
                bad = why;
                /* what precedes the fault still counts, as in a stream */
                len = gzb_salvage(in, msize, hdr_len, s->data, isize);
            }
        }
        pthread_mutex_lock(&z->mu);
        s->len = len;
        if (bad && !len) {
            s->state = ISLOT_FREE;
            inf_end_locked(z, seq, bad);
        } else {
            s->state = ISLOT_DONE;
            if (bad)
                inf_end_locked(z, seq + 1, bad);
            pthread_cond_broadcast(&z->cv);
        }
    }
    pthread_mutex_unlock(&z->mu);
    free(in);
    gzb_inflater_free(d);
    return NULL;
}

static la_ssize_t inf_read_cb(struct archive *a, void *data, const void **buf)
{
    struct inflater *z = data;
    la_ssize_t n = 0;

    pthread_mutex_lock(&z->mu);
    for (;;) {
        struct islot *s = &z->slots[z->read_seq % z->nslots];

        if (s->state == ISLOT_HELD) {
            s->state = ISLOT_FREE;
            z->read_seq++;
            pthread_cond_broadcast(&z->cv);
            continue;
        }
        if (z->read_seq >= z->end_seq) {
            if (z->error[0]) {
                archive_set_error(a, EIO, "%s", z->error);
                n = -1;
            }
            break;
        }
        if (s->state != ISLOT_DONE) {
            forkguard_cond_wait(&z->cv, &z->mu);
            continue;
        }
        if (!s->len) {
            /* an empty block: 0 would tell libarchive the end */
            s->state = ISLOT_HELD;
            continue;
        }
        *buf = s->data;
        n = (la_ssize_t)s->len;
        s->state = ISLOT_HELD;
        break;
    }
    pthread_mutex_unlock(&z->mu);
    return n;
}

/* Why the stream ended early, if inf_read_cb got to the end or to the salvaged start of a bad
 * member just before it (whose garbage may have stopped libarchive first); "" otherwise. */
static void inf_error(struct inflater *z, char *out, size_t size)
{
    pthread_mutex_lock(&z->mu);
    snprintf(out, size, "%s",
             z->end_seq != INF_NO_END && z->read_seq + 1 >= z->end_seq ? z->error : "");
    pthread_mutex_unlock(&z->mu);
}

static void inflater_free(struct inflater *z)
{
    unsigned i;

    if (!z)
        return;
    pthread_mutex_lock(&z->mu);
    z->abort = true;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
    for (i = 0; i < z->nthreads; i++)
        thread_join(z->threads[i]);
    pthread_cond_destroy(&z->cv);
    pthread_mutex_destroy(&z->mu);
    for (i = 0; i < INF_SLOTS; i++)
        free(z->slots[i].data);
    if (z->fd >= 0)
        close(z->fd);
    free(z);
}

/* A gzip file (path), or gzip bytes in memory (mem): its inflater, started; NULL for anything
 * else (libarchive then reads it, and says what is wrong). */
static struct inflater *inflater_open(const char *path, const void *mem, size_t mem_len)
{
    unsigned char hdr[GZB_PEEK];
    struct inflater *z = xcalloc(1, sizeof(*z));
    size_t hdr_len;
    ssize_t n;
    unsigned i;

    z->fd = -1;
    if (mem) {
        z->mem = mem;
        z->mem_len = mem_len;
    } else if ((z->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        free(z);
        return NULL;
    }
    if (mem) {
        z->size = mem_len;
    } else {
        struct stat st;
        if (fstat(z->fd, &st) < 0) {
            close(z->fd);
            free(z);
            return NULL;
        }
        z->size = (uint64_t)st.st_size;
    }
    n = inf_pread(z, hdr, sizeof(hdr), 0);
    if (n < 2 || hdr[0] != 0x1f || hdr[1] != 0x8b) {
        if (z->fd >= 0)
            close(z->fd);
        free(z);
        return NULL;
    }
    /* ours: inflated in parallel; anything else: one worker streams it */
    z->nthreads = gzb_member_size(hdr, (size_t)n, &hdr_len) ? thread_count(INF_THREADS) : 1;
    z->nslots = z->nthreads + 2;
    z->end_seq = INF_NO_END;
    pthread_mutex_init(&z->mu, NULL);
    pthread_cond_init(&z->cv, NULL);
    for (i = 0; i < z->nthreads; i++) {
        int r = thread_start(&z->threads[i], inflater_main, z);
        if (r != 0) {
            if (i == 0) {
                z->nthreads = 0;
                inflater_free(z);
                return NULL;
            }
            z->nthreads = i;
            break;
        }
    }
    return z;
}

/* A plain tar written by another thread (blockq.h), read as it comes. */
static la_ssize_t stream_read_cb(struct archive *a, void *data, const void **buf)
{
    struct blockq *q = data;
    ssize_t r = blockq_get(q, buf);

    if (r < 0) {
        archive_set_error(a, EIO, "%s", blockq_error(q));
        return -1;
    }
    return (la_ssize_t)r;
}

/* path names the bundle in messages; with mem set the tar is read from mem/mem_len, with q from
 * that stream. */
static int walk_tar(const char *path, const void *mem, size_t mem_len, struct blockq *q,
                    const struct src_ops *ops, void *ctx, char *top, size_t top_size,
                    struct err *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    struct src_reader rd = { .fd = -1 };
    struct inflater *z = q ? NULL : inflater_open(path, mem, mem_len);
    struct seen seen = { NULL, 0, 0 };
    const char *rel, *why;
    size_t count = 0, visited = 0;
    int r, rc = 0;

    if (!z)
        archive_read_support_filter_gzip(a);
    archive_read_support_filter_none(a);
    archive_read_support_format_tar(a);
    if ((z ? archive_read_open(a, z, NULL, inf_read_cb, NULL)
         : q ? archive_read_open(a, q, NULL, stream_read_cb, NULL)
         : mem ? archive_read_open_memory(a, mem, mem_len)
               : archive_read_open_filename(a, path, 64 * 1024)) != ARCHIVE_OK) {
        rc = err_set(err, archive_errno(a) == ENOENT ? E_NOTFOUND : E_PARSE, "'%s': %s", path,
                     archive_error_string(a));
        goto out;
    }
    rd.a = a;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(e);
        if (++count > MAX_ENTRIES) {
            rc = err_set(err, E_PARSE, "'%s': more than %d entries", path, MAX_ENTRIES);
            goto out;
        }
        if (!name)
            continue;
        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        rel = relative_name(name, top, top_size, &why);
        if (!rel) {
            ops->problem(ctx, name, why);
            continue;
        }
        if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e)) {
            ops->problem(ctx, rel, "skipped: not a regular file (a link or a device is never followed)");
            continue;
        }
        if (seen_before(&seen, rel)) {
            ops->problem(ctx, rel, "skipped: a second entry of this name (the first one is used)");
            continue;
        }
        {
            struct src_entry se = { rel, (uint64_t)archive_entry_size(e), archive_entry_mtime(e) };
            rc = ops->visit(ctx, &se, &rd);
            if (rc)
                goto out;
            visited++;
        }
    }
    if (r != ARCHIVE_EOF && visited) {
        /* a bundle cut short (a copy that stopped, a full disk): what came before still counts */
        char msg[512], cause[160] = "";
        /* the inflater's reason first: libarchive may put its own over it */
        if (z)
            inf_error(z, cause, sizeof(cause));
        snprintf(msg, sizeof(msg), "the bundle ends early after %zu entries (%s): what follows is lost",
                 count, cause[0] ? cause : archive_error_string(a) ? archive_error_string(a) : "read error");
        ops->problem(ctx, path, msg);
    } else if (r != ARCHIVE_EOF) {
        char cause[160] = "";
        if (z)
            inf_error(z, cause, sizeof(cause));
        rc = err_set(err, E_PARSE, "'%s': %s", path, cause[0] ? cause : archive_error_string(a));
        goto out;
    }
    if (!count)
        rc = err_set(err, E_PARSE, "'%s': not an ovmdiag bundle (no entries)", path);
out:
    archive_read_free(a);
    inflater_free(z);
    seen_release(&seen);
    return rc;
}

struct dirwalk {
    const struct src_ops *ops;
    void *ctx;
    struct buf base;      /* the top folder on disk */
    size_t count;
    char *block;          /* the entries' src_read_block() buffer, shared */
};

static int walk_dir(struct dirwalk *w, const char *rel, int depth, struct err *err)
{
    struct buf full = BUF_INIT, child = BUF_INIT;
    char **names = NULL;
    size_t n = 0, i;
    struct stat st;
    int rc = 0;

    buf_addf(&full, "%s%s%s", w->base.data, *rel ? "/" : "", rel);
    names = dir_sorted_names(full.data, &n);
    if (!names) {
        rc = err_errno(err, E_IO, errno, "cannot read '%s'", full.data);
        goto out;
    }
    for (i = 0; i < n && !rc; i++) {
        buf_reset(&child);
        buf_addf(&child, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        buf_reset(&full);
        buf_addf(&full, "%s/%s", w->base.data, child.data);
        if (lstat(full.data, &st) < 0)
            continue;
        if (++w->count > MAX_ENTRIES) {
            rc = err_set(err, E_PARSE, "more than %d entries", MAX_ENTRIES);
            break;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth >= MAX_DEPTH)
                w->ops->problem(w->ctx, child.data, "skipped: directory nesting too deep");
            else
                rc = walk_dir(w, child.data, depth + 1, err);
        } else if (!S_ISREG(st.st_mode)) {
            w->ops->problem(w->ctx, child.data,
                            "skipped: not a regular file (a link or a device is never followed)");
        } else {
            struct src_reader rd = { .fd = open(full.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK),
                                     .block = w->block };
            struct src_entry se = { child.data, (uint64_t)st.st_size, st.st_mtime };
            if (rd.fd < 0) {
                char msg[256];
                snprintf(msg, sizeof(msg), "skipped: %s", strerror(errno));
                w->ops->problem(w->ctx, child.data, msg);
                continue;
            }
            rc = w->ops->visit(w->ctx, &se, &rd);
            w->block = rd.block;
            close(rd.fd);
        }
    }
out:
    dir_names_free(names, n);
    buf_release(&full);
    buf_release(&child);
    return rc;
}

/* An extracted bundle: the top folder itself (it has manifest.json), or a folder holding
 * exactly one ovmdiag-* folder. */
static int walk_directory(const char *path, const struct src_ops *ops, void *ctx, char *top,
                          size_t top_size, struct err *err)
{
    struct dirwalk w = { .ops = ops, .ctx = ctx };
    struct buf probe = BUF_INIT;
    const char *base;
    struct dirent *de;
    struct stat st;
    DIR *d;
    int rc, found = 0;

    buf_init(&w.base);
    buf_addf(&probe, "%s/manifest.json", path);
    if (stat(probe.data, &st) == 0) {
        buf_adds(&w.base, path);
    } else if ((d = opendir(path))) {
        while ((de = readdir(d))) {
            if (!strncmp(de->d_name, "ovmdiag-", 8)) {
                buf_reset(&w.base);
                buf_addf(&w.base, "%s/%s", path, de->d_name);
                found++;
            }
        }
        closedir(d);
        if (found != 1) {
            buf_release(&probe);
            buf_release(&w.base);
            return err_set(err, E_PARSE, "'%s': not an extracted ovmdiag bundle (%s)", path,
                           found ? "several ovmdiag-* folders" : "no manifest.json");
        }
    }
    while (w.base.len > 1 && w.base.data[w.base.len - 1] == '/')
        buf_truncate(&w.base, w.base.len - 1);
    base = strrchr(w.base.data, '/');
    snprintf(top, top_size, "%s", base ? base + 1 : w.base.data);
    rc = walk_dir(&w, "", 0, err);
    free(w.block);
    buf_release(&probe);
    buf_release(&w.base);
    return rc;
}

int source_walk(const char *path, const struct src_ops *ops, void *ctx, char *top_out,
                size_t top_size, struct err *err)
{
    char top[256] = "";
    struct stat st;
    int rc;

    if (stat(path, &st) < 0)
        return err_errno(err, errno == ENOENT ? E_NOTFOUND : E_IO, errno, "cannot open '%s'", path);
    if (S_ISDIR(st.st_mode))
        rc = walk_directory(path, ops, ctx, top, sizeof(top), err);
    else
        rc = walk_tar(path, NULL, 0, NULL, ops, ctx, top, sizeof(top), err);
    if (top_out && top_size)
        snprintf(top_out, top_size, "%s", top);
    return rc;
}

int source_walk_mem(const void *data, size_t len, const char *name, const struct src_ops *ops,
                    void *ctx, char *top_out, size_t top_size, struct err *err)
{
    char top[256] = "";
    int rc;

    if (!len)
        return err_set(err, E_PARSE, "'%s': not an ovmdiag bundle (empty)", name);
    rc = walk_tar(name, data, len, NULL, ops, ctx, top, sizeof(top), err);
    if (top_out && top_size)
        snprintf(top_out, top_size, "%s", top);
    return rc;
}

int source_walk_stream(struct blockq *q, const char *name, const struct src_ops *ops, void *ctx,
                       char *top_out, size_t top_size, struct err *err)
{
    char top[256] = "";
    int rc;

    rc = walk_tar(name, NULL, 0, q, ops, ctx, top, sizeof(top), err);
    /* whatever the writer still has for us (the tar's end, or all of it after an error) is
     * dropped instead of making it wait */
    blockq_abandon(q);
    if (top_out && top_size)
        snprintf(top_out, top_size, "%s", top);
    return rc;
}
