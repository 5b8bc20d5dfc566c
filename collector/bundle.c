/* SPDX-License-Identifier: MIT */
/* bundle.c: the streamed .tar.gz (libarchive for the tar; the gzip in blocks of 1 MiB, each
 * one gzip member, compressed on up to 4 threads: lib/gzblock.h), or a plain tar in memory. */
#include "collector/bundle.h"
#include "lib/buf.h"
#include "lib/gzblock.h"
#include "lib/sha256.h"
#include "lib/forkguard.h"
#include "lib/thread.h"
#include "lib/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

/* The gzip of a file bundle runs on up to GZ_THREADS worker threads (deflate is most of
 * collect's work): libarchive writes the plain tar into write_cb, which fills blocks of
 * GZB_BLOCK bytes in the slots of a ring; each worker takes the next filled block, deflates it
 * into one whole gzip member (lib/gzblock.c: level 6, our size subfield) and marks it done; a
 * worker that sees the oldest block done writes it, and the ones after it that are done, in
 * order, while the others go on compressing (one writer at a time), hashing and counting the
 * output. The cut does not depend on timing, so the bytes are the same with 1 thread or 4.
 * At most GZ_SLOTS blocks are in the ring (about 2 MiB each when used): with 4 threads
 * about 12 MiB whatever the bundle's size, and a small bundle only allocates what it fills.
 * A write error (ENOSPC, EFBIG) or a compressor failure stops every thread; the next write_cb
 * or bundle_close reports it. */
#define GZ_THREADS 4
#define GZ_SLOTS (GZ_THREADS + 2)

enum slot_state { SLOT_FREE, SLOT_FILLED, SLOT_BUSY, SLOT_DONE };

struct zslot {
    unsigned char *in, *out;  /* allocated on first use, kept */
    size_t in_len, out_len;
    enum slot_state state;
};

struct zpool {
    pthread_t threads[GZ_THREADS];
    unsigned nthreads, nslots, started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct zslot slots[GZ_SLOTS];
    /* block numbers: slot = number % nslots */
    uint64_t submitted;       /* blocks handed to the workers; write_cb fills this one */
    uint64_t next_job;        /* the next block a worker compresses */
    uint64_t written;         /* blocks written out */
    bool writing;             /* a worker is writing (the others leave it to it) */
    bool finish, abort;
    int write_errno;          /* set by a worker; read under mu */
    int z_error;
};

struct bundle {
    struct archive *a;
    int fd;
    struct buf *mem;          /* bundle_open_mem: the tar goes here instead of fd */
    bundle_tap_fn *tap;       /* also given every byte of the plain tar (bundle_set_tap) */
    void *tap_ctx;
    bool tap_only;            /* bundle_open_tap: no file, no memory */
    char *topdir;
    struct sha256 stream_sha; /* file bundles: owned by the writing worker until joined */
    uint64_t stream_bytes;
    int write_errno;          /* first write(2) failure, for a precise message */
    struct zpool *z;          /* file bundles */
    struct sha256 entry_sha;
    uint64_t entry_size, entry_written;
    char *entry_path;
    bool in_entry;
};

/* The writing worker: write out with EINTR retries; false (and errno) on failure. */
static bool write_all(struct bundle *b, const unsigned char *p, size_t len)
{
    ssize_t n;

    while (len) {
        n = write(b->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        sha256_update(&b->stream_sha, p, (size_t)n);
        b->stream_bytes += (uint64_t)n;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* The failure of the workers, if any: an errno, EIO for a compressor error, else 0.
 * Called with z->mu held. */
static int z_failure(const struct zpool *z)
{
    if (z->write_errno)
        return z->write_errno;
    if (z->z_error)
        return EIO;
    return 0;
}

/* Write the done blocks in order, from z->written on. Called with z->mu held, by the one
 * worker that set z->writing; drops the lock while it writes. */
static void z_write_done(struct bundle *b, struct zpool *z)
{
    while (!z->abort && !z_failure(z) && z->written < z->submitted) {
        struct zslot *s = &z->slots[z->written % z->nslots];
        bool ok;
        int e;

        if (s->state != SLOT_DONE)
            break;
        pthread_mutex_unlock(&z->mu);
        ok = write_all(b, s->out, s->out_len);
        e = errno;
        pthread_mutex_lock(&z->mu);
        if (!ok) {
            z->write_errno = e ? e : EIO;
            break;
        }
        s->state = SLOT_FREE;
        s->in_len = 0;
        z->written++;
        pthread_cond_broadcast(&z->cv);
    }
}

static void *compressor(void *arg)
{
    struct bundle *b = arg;
    struct zpool *z = b->z;
    struct gzb_deflater *d = gzb_deflater_new();

    pthread_mutex_lock(&z->mu);
    if (!d) {
        z->z_error = 1;
        pthread_cond_broadcast(&z->cv);
    }
    while (!z->abort && !z_failure(z)) {
        struct zslot *next = &z->slots[z->written % z->nslots];

        if (!z->writing && z->written < z->submitted && next->state == SLOT_DONE) {
            z->writing = true;
            z_write_done(b, z);
            z->writing = false;
            pthread_cond_broadcast(&z->cv);
        } else if (z->next_job < z->submitted) {
            struct zslot *s = &z->slots[z->next_job % z->nslots];
            size_t n;

            z->next_job++;
            s->state = SLOT_BUSY;
            pthread_mutex_unlock(&z->mu);
            if (!s->out)
                s->out = xmalloc(gzb_bound(GZB_BLOCK));
            n = gzb_deflate(d, s->in, s->in_len, s->out, gzb_bound(GZB_BLOCK));
            pthread_mutex_lock(&z->mu);
            s->out_len = n;
            s->state = SLOT_DONE;
            if (!n)
                z->z_error = 1;
            pthread_cond_broadcast(&z->cv);
        } else if (z->finish) {
            break;
        } else {
            forkguard_cond_wait(&z->cv, &z->mu);
        }
    }
    pthread_mutex_unlock(&z->mu);
    gzb_deflater_free(d);
    return NULL;
}

/* Hand the block write_cb filled to the workers and wait until the next slot is free;
 * 0 or the workers' errno. */
static int z_submit(struct zpool *z)
{
    struct zslot *s;
    int e;

    pthread_mutex_lock(&z->mu);
    e = z_failure(z);
    if (!e) {
        z->slots[z->submitted % z->nslots].state = SLOT_FILLED;
        z->submitted++;
        pthread_cond_broadcast(&z->cv);
    }
    s = &z->slots[z->submitted % z->nslots];
    while (!e && s->state != SLOT_FREE && !(e = z_failure(z)))
        forkguard_cond_wait(&z->cv, &z->mu);
    pthread_mutex_unlock(&z->mu);
    if (!e && !s->in)
        s->in = xmalloc(GZB_BLOCK);
    return e;
}

static la_ssize_t write_cb(struct archive *a, void *data, const void *buffer, size_t length)
{
    struct bundle *b = data;
    const char *p = buffer;
    size_t left = length, n;
    struct zslot *s;
    int e;

    if (b->tap)
        b->tap(b->tap_ctx, p, left);
    if (b->tap_only) {          /* no file: nothing to give a digest of */
        b->stream_bytes += left;
        return (la_ssize_t)length;
    }
    if (b->mem) {
        buf_add(b->mem, p, left);
        sha256_update(&b->stream_sha, p, left);
        b->stream_bytes += left;
        return (la_ssize_t)length;
    }
    if (!b->z) {
        /* bundle_free stopped the compressor before libarchive's last flush */
        archive_set_error(a, EPIPE, "bundle abandoned");
        return -1;
    }
    if (b->write_errno) {
        /* the workers failed: the slot to fill may still be theirs */
        archive_set_error(a, b->write_errno, "write failed");
        return -1;
    }
    while (left) {
        s = &b->z->slots[b->z->submitted % b->z->nslots];
        n = MIN(left, GZB_BLOCK - s->in_len);
        memcpy(s->in + s->in_len, p, n);
        s->in_len += n;
        p += n;
        left -= n;
        if (s->in_len == GZB_BLOCK && (e = z_submit(b->z)) != 0) {
            if (!b->write_errno)
                b->write_errno = e;
            archive_set_error(a, e, "write failed");
            return -1;
        }
    }
    return (la_ssize_t)length;
}

/* Finish (the last block, then wait until everything is written) or abort the workers, join
 * them, free the ring; returns 0 or the workers' errno. */
static int z_stop(struct bundle *b, bool abort)
{
    struct zpool *z = b->z;
    int e = 0;
    unsigned i;

    if (!z)
        return 0;
    if (z->started) {
        pthread_mutex_lock(&z->mu);
        if (!abort) {
            /* the last block, even empty when nothing came: a gzip file has one member */
            e = z_failure(z);
            if (!e && (z->slots[z->submitted % z->nslots].in_len || !z->submitted)) {
                z->slots[z->submitted % z->nslots].state = SLOT_FILLED;
                z->submitted++;
                pthread_cond_broadcast(&z->cv);
            }
            while (!e && z->written < z->submitted && !(e = z_failure(z)))
                forkguard_cond_wait(&z->cv, &z->mu);
        }
        if (abort || e)
            z->abort = true;
        else
            z->finish = true;
        pthread_cond_broadcast(&z->cv);
        pthread_mutex_unlock(&z->mu);
        for (i = 0; i < z->started; i++)
            thread_join(z->threads[i]);
        if (!e && !abort)
            e = z_failure(z);
    }
    pthread_cond_destroy(&z->cv);
    pthread_mutex_destroy(&z->mu);
    for (i = 0; i < GZ_SLOTS; i++) {
        free(z->slots[i].in);
        free(z->slots[i].out);
    }
    free(z);
    b->z = NULL;
    return e;
}

static int z_start(struct bundle *b, unsigned threads, struct err *err)
{
    struct zpool *z = xcalloc(1, sizeof(*z));
    unsigned i;
    int r;

    z->nthreads = threads ? MIN(threads, GZ_THREADS) : thread_count(GZ_THREADS);
    z->nslots = z->nthreads + 2;
    z->slots[0].in = xmalloc(GZB_BLOCK);
    pthread_mutex_init(&z->mu, NULL);
    pthread_cond_init(&z->cv, NULL);
    b->z = z;
    for (i = 0; i < z->nthreads; i++) {
        r = thread_start(&z->threads[i], compressor, b);
        if (r != 0) {
            z_stop(b, true);
            return err_errno(err, E_INTERNAL, r, "cannot start the compressor threads");
        }
        z->started++;
    }
    return 0;
}

static int ar_fail(struct bundle *b, struct err *err, const char *what)
{
    int e = b->write_errno ? b->write_errno : archive_errno(b->a);

    if (e == ENOSPC || e == EFBIG || e == EDQUOT)
        return err_errno(err, E_NOSPACE, e, "%s", what);
    if (e)
        return err_errno(err, E_IO, e, "%s", what);
    return err_set(err, E_IO, "%s: %s", what, archive_error_string(b->a));
}

static int bundle_open(struct bundle **out, int fd, struct buf *mem, const char *topdir,
                       unsigned threads, struct err *err)
{
    struct bundle *b = xcalloc(1, sizeof(*b));
    int rc;

    b->fd = fd;
    b->mem = mem;
    b->topdir = xstrdup(topdir);
    sha256_init(&b->stream_sha);
    b->a = archive_write_new();
    if (!b->a) {
        rc = err_set(err, E_INTERNAL, "cannot create archive writer");
        goto fail;
    }
    if (archive_write_set_format_pax_restricted(b->a) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(b->a, 64 * 1024) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(b->a, 1) != ARCHIVE_OK) {
        rc = err_set(err, E_INTERNAL, "archive setup: %s", archive_error_string(b->a));
        goto fail;
    }
    b->tap_only = fd < 0 && !mem;
    if (fd >= 0) {
        rc = z_start(b, threads, err);
        if (rc)
            goto fail;
    }
    if (archive_write_open(b->a, b, NULL, write_cb, NULL) != ARCHIVE_OK) {
        rc = ar_fail(b, err, "cannot start the bundle");
        goto fail;
    }
    *out = b;
    return 0;
fail:
    bundle_free(b);
    return rc;
}

int bundle_open_fd(struct bundle **out, int fd, const char *topdir, struct err *err)
{
    return bundle_open(out, fd, NULL, topdir, 0, err);
}

int bundle_open_fd_threads(struct bundle **out, int fd, const char *topdir, unsigned threads,
                           struct err *err)
{
    return bundle_open(out, fd, NULL, topdir, threads, err);
}

int bundle_open_mem(struct bundle **out, struct buf *mem, const char *topdir, struct err *err)
{
    return bundle_open(out, -1, mem, topdir, 0, err);
}

int bundle_open_tap(struct bundle **out, const char *topdir, bundle_tap_fn *tap, void *tap_ctx,
                    struct err *err)
{
    int rc = bundle_open(out, -1, NULL, topdir, 0, err);

    if (!rc)
        bundle_set_tap(*out, tap, tap_ctx);
    return rc;
}

void bundle_set_tap(struct bundle *b, bundle_tap_fn *tap, void *tap_ctx)
{
    b->tap = tap;
    b->tap_ctx = tap_ctx;
}

int bundle_begin(struct bundle *b, const char *path, uint64_t size, time_t mtime,
                 struct err *err)
{
    struct archive_entry *e;
    struct buf full = BUF_INIT;
    int r;

    if (b->in_entry)
        BUG("bundle_begin inside an entry");
    buf_addf(&full, "%s/%s", b->topdir, path);
    e = archive_entry_new();
    archive_entry_set_pathname(e, full.data);
    archive_entry_set_size(e, (la_int64_t)size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0600);
    archive_entry_set_mtime(e, mtime, 0);
    archive_entry_set_uname(e, "root");
    archive_entry_set_gname(e, "root");
    r = archive_write_header(b->a, e);
    archive_entry_free(e);
    if (r != ARCHIVE_OK) {
        r = ar_fail(b, err, "cannot write to the bundle");
        buf_release(&full);
        return r;
    }
    free(b->entry_path);
    b->entry_path = buf_detach(&full, NULL);
    b->in_entry = true;
    b->entry_size = size;
    b->entry_written = 0;
    sha256_init(&b->entry_sha);
    return 0;
}

int bundle_write(struct bundle *b, const void *data, size_t len, struct err *err)
{
    const char *p = data;
    la_ssize_t n;

    if (!b->in_entry || b->entry_written + len > b->entry_size)
        BUG("bundle_write outside an entry or beyond its size");
    while (len) {
        n = archive_write_data(b->a, p, len);
        if (n <= 0)
            return ar_fail(b, err, "cannot write to the bundle");
        sha256_update(&b->entry_sha, p, (size_t)n);
        b->entry_written += (uint64_t)n;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int bundle_end(struct bundle *b, char sha_hex[65], struct err *err)
{
    if (!b->in_entry)
        BUG("bundle_end without an entry");
    b->in_entry = false;
    if (b->entry_written != b->entry_size)
        return err_set(err, E_INTERNAL, "entry '%s': wrote %llu of %llu bytes", b->entry_path,
                       (unsigned long long)b->entry_written, (unsigned long long)b->entry_size);
    if (archive_write_finish_entry(b->a) != ARCHIVE_OK)
        return ar_fail(b, err, "cannot write to the bundle");
    sha256_final_hex(&b->entry_sha, sha_hex);
    return 0;
}

int bundle_add(struct bundle *b, const char *path, const void *data, size_t len, time_t mtime,
               char sha_hex[65], struct err *err)
{
    int rc;

    rc = bundle_begin(b, path, len, mtime, err);
    if (rc)
        return rc;
    rc = bundle_write(b, data, len, err);
    if (rc)
        return rc;
    return bundle_end(b, sha_hex, err);
}

int bundle_close(struct bundle *b, char sha_hex[65], struct err *err)
{
    int e;

    if (archive_write_close(b->a) != ARCHIVE_OK)
        return ar_fail(b, err, "cannot finish the bundle");
    if (b->tap)
        b->tap(b->tap_ctx, NULL, 0);    /* the tar is whole: its reader need not wait for gzip */
    e = z_stop(b, false);
    if (e) {
        if (!b->write_errno)
            b->write_errno = e;
        return ar_fail(b, err, "cannot finish the bundle");
    }
    sha256_final_hex(&b->stream_sha, sha_hex);
    if (b->tap_only)
        sha_hex[0] = '\0';
    return 0;
}

/* File bundles: complete once bundle_close returned (the writing worker counts). */
uint64_t bundle_bytes_written(const struct bundle *b)
{
    return b->stream_bytes;
}

void bundle_free(struct bundle *b)
{
    if (!b)
        return;
    z_stop(b, true);
    if (b->a)
        archive_write_free(b->a);
    free(b->topdir);
    free(b->entry_path);
    free(b);
}
