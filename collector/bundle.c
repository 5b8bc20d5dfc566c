/* SPDX-License-Identifier: MIT */
/* bundle.c: the streamed .tar.gz (libarchive for the tar, zlib in a second thread for the
 * gzip), or a plain tar in memory. */
#include "collector/bundle.h"
#include "lib/buf.h"
#include "lib/sha256.h"
#include "lib/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/banned.h"

/* The gzip of a file bundle runs in a second thread (deflate is a third of collect's work):
 * libarchive writes the plain tar into write_cb, which fills blocks of ZBLOCK bytes; the
 * compressor thread deflates them in order (zlib, level 6, a gzip wrapper: one ordinary
 * .tar.gz) and writes, hashes and counts the output. At most ZQUEUE blocks wait: memory
 * stays about 1.5 MiB whatever the bundle's size. A write error (ENOSPC, EFBIG) stops the
 * thread; the next write_cb or bundle_close reports it. */
#define ZBLOCK (256 * 1024)
#define ZQUEUE 4

struct zthread {
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *blocks[ZQUEUE];
    size_t lens[ZQUEUE];
    size_t head, count;       /* the next block to compress, blocks queued */
    unsigned char *fill;      /* the block write_cb fills (not queued yet) */
    size_t fill_len;
    bool finish, abort, done;
    int write_errno;          /* set by the thread; read under mu */
    int z_error;
};

struct bundle {
    struct archive *a;
    int fd;
    struct buf *mem;          /* bundle_open_mem: the tar goes here instead of fd */
    char *topdir;
    struct sha256 stream_sha; /* file bundles: owned by the compressor thread until joined */
    uint64_t stream_bytes;
    int write_errno;          /* first write(2) failure, for a precise message */
    struct zthread *z;        /* file bundles */
    struct sha256 entry_sha;
    uint64_t entry_size, entry_written;
    char *entry_path;
    bool in_entry;
};

/* Compressor thread: write out with EINTR retries; false (and errno) on failure. */
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

static void *compressor(void *arg)
{
    struct bundle *b = arg;
    struct zthread *z = b->z;
    unsigned char *out = xmalloc(ZBLOCK);
    z_stream zs;
    bool ok = true, last = false;

    memset(&zs, 0, sizeof(zs));
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        pthread_mutex_lock(&z->mu);
        z->z_error = 1;
        z->done = true;
        pthread_cond_broadcast(&z->cv);
        pthread_mutex_unlock(&z->mu);
        free(out);
        return NULL;
    }
    while (ok && !last) {
        unsigned char *in;
        size_t len;
        int zr;

        pthread_mutex_lock(&z->mu);
        while (!z->count && !z->finish && !z->abort)
            pthread_cond_wait(&z->cv, &z->mu);
        if (z->abort) {
            pthread_mutex_unlock(&z->mu);
            break;
        }
        if (z->count) {
            in = z->blocks[z->head];
            len = z->lens[z->head];
        } else {
            in = NULL;
            len = 0;
            last = true;
        }
        pthread_mutex_unlock(&z->mu);

        zs.next_in = in;
        zs.avail_in = (uInt)len;
        do {
            zs.next_out = out;
            zs.avail_out = ZBLOCK;
            zr = deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
            if (zr == Z_STREAM_ERROR) {
                ok = false;
                break;
            }
            if (!write_all(b, out, ZBLOCK - zs.avail_out)) {
                pthread_mutex_lock(&z->mu);
                z->write_errno = errno;
                pthread_mutex_unlock(&z->mu);
                ok = false;
                break;
            }
        } while (zs.avail_out == 0 || (last && zr != Z_STREAM_END));

        pthread_mutex_lock(&z->mu);
        if (in) {
            z->head = (z->head + 1) % ZQUEUE;
            z->count--;
        }
        if (!ok && !z->write_errno)
            z->z_error = 1;
        pthread_cond_broadcast(&z->cv);
        pthread_mutex_unlock(&z->mu);
    }
    deflateEnd(&zs);
    free(out);
    pthread_mutex_lock(&z->mu);
    z->done = true;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
    return NULL;
}

/* The failure of the compressor thread, if any: an errno, EIO for a zlib error, else 0.
 * Called with z->mu held. */
static int z_failure(const struct zthread *z)
{
    if (z->write_errno)
        return z->write_errno;
    if (z->z_error || (z->done && !z->finish))
        return EIO;
    return 0;
}

/* Queue the filled block (waits while ZQUEUE are queued); 0 or the thread's errno. */
static int z_queue_fill(struct zthread *z)
{
    int e;

    pthread_mutex_lock(&z->mu);
    while (z->count == ZQUEUE && !z_failure(z))
        pthread_cond_wait(&z->cv, &z->mu);
    e = z_failure(z);
    if (!e && z->fill_len) {
        size_t slot = (z->head + z->count) % ZQUEUE;
        unsigned char *t = z->blocks[slot];
        z->blocks[slot] = z->fill;
        z->lens[slot] = z->fill_len;
        z->count++;
        z->fill = t;
        z->fill_len = 0;
        pthread_cond_broadcast(&z->cv);
    }
    pthread_mutex_unlock(&z->mu);
    return e;
}

static la_ssize_t write_cb(struct archive *a, void *data, const void *buffer, size_t length)
{
    struct bundle *b = data;
    const char *p = buffer;
    size_t left = length, n;
    int e;

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
    while (left) {
        n = MIN(left, ZBLOCK - b->z->fill_len);
        memcpy(b->z->fill + b->z->fill_len, p, n);
        b->z->fill_len += n;
        p += n;
        left -= n;
        if (b->z->fill_len == ZBLOCK && (e = z_queue_fill(b->z)) != 0) {
            if (!b->write_errno)
                b->write_errno = e;
            archive_set_error(a, e, "write failed");
            return -1;
        }
    }
    return (la_ssize_t)length;
}

/* Finish (flush and Z_FINISH) or abort the compressor thread, join it, free its blocks;
 * returns 0 or the thread's errno. */
static int z_stop(struct bundle *b, bool abort)
{
    struct zthread *z = b->z;
    int e = 0;
    size_t i;

    if (!z)
        return 0;
    if (z->started) {
        if (!abort)
            e = z_queue_fill(z);
        pthread_mutex_lock(&z->mu);
        if (abort || e)
            z->abort = true;
        else
            z->finish = true;
        pthread_cond_broadcast(&z->cv);
        pthread_mutex_unlock(&z->mu);
        pthread_join(z->thread, NULL);
        if (!e && !abort) {
            e = z->write_errno ? z->write_errno : z->z_error ? EIO : 0;
        }
        pthread_cond_destroy(&z->cv);
        pthread_mutex_destroy(&z->mu);
    }
    for (i = 0; i < ZQUEUE; i++)
        free(z->blocks[i]);
    free(z->fill);
    free(z);
    b->z = NULL;
    return e;
}

static int z_start(struct bundle *b, struct err *err)
{
    struct zthread *z = xcalloc(1, sizeof(*z));
    sigset_t all, old;
    size_t i;
    int r;

    for (i = 0; i < ZQUEUE; i++)
        z->blocks[i] = xmalloc(ZBLOCK);
    z->fill = xmalloc(ZBLOCK);
    pthread_mutex_init(&z->mu, NULL);
    pthread_cond_init(&z->cv, NULL);
    b->z = z;
    /* Signals go to the main thread; a write past a file size limit fails with EFBIG here. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(&z->thread, NULL, compressor, b);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r != 0) {
        pthread_cond_destroy(&z->cv);
        pthread_mutex_destroy(&z->mu);
        z_stop(b, true);
        return err_errno(err, E_INTERNAL, r, "cannot start the compressor thread");
    }
    z->started = true;
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
                       struct err *err)
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
    if (!mem) {
        rc = z_start(b, err);
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
    return bundle_open(out, fd, NULL, topdir, err);
}

int bundle_open_mem(struct bundle **out, struct buf *mem, const char *topdir, struct err *err)
{
    return bundle_open(out, -1, mem, topdir, err);
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
    e = z_stop(b, false);
    if (e) {
        if (!b->write_errno)
            b->write_errno = e;
        return ar_fail(b, err, "cannot finish the bundle");
    }
    sha256_final_hex(&b->stream_sha, sha_hex);
    return 0;
}

/* File bundles: complete once bundle_close returned (the compressor thread counts). */
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
