/* SPDX-License-Identifier: MIT */
#include "collector/bundle.h"
#include "lib/buf.h"
#include "lib/sha256.h"
#include "lib/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

struct bundle {
    struct archive *a;
    int fd;
    struct buf *mem;          /* bundle_open_mem: the tar goes here instead of fd */
    char *topdir;
    struct sha256 stream_sha;
    uint64_t stream_bytes;
    int write_errno;          /* first write(2) failure, for a precise message */
    struct sha256 entry_sha;
    uint64_t entry_size, entry_written;
    char *entry_path;
    bool in_entry;
};

static la_ssize_t write_cb(struct archive *a, void *data, const void *buffer, size_t length)
{
    struct bundle *b = data;
    const char *p = buffer;
    size_t left = length;
    ssize_t n;

    (void)a;
    if (b->mem) {
        buf_add(b->mem, p, left);
        sha256_update(&b->stream_sha, p, left);
        b->stream_bytes += left;
        return (la_ssize_t)length;
    }
    while (left) {
        n = write(b->fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (!b->write_errno)
                b->write_errno = errno;
            archive_set_error(a, errno, "write failed");
            return -1;
        }
        sha256_update(&b->stream_sha, p, (size_t)n);
        b->stream_bytes += (uint64_t)n;
        p += n;
        left -= (size_t)n;
    }
    return (la_ssize_t)length;
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
        (!mem && archive_write_add_filter_gzip(b->a) != ARCHIVE_OK) ||
        (!mem && archive_write_set_filter_option(b->a, "gzip", "compression-level", "6") !=
                     ARCHIVE_OK) ||
        archive_write_set_bytes_in_last_block(b->a, 1) != ARCHIVE_OK) {
        rc = err_set(err, E_INTERNAL, "archive setup: %s", archive_error_string(b->a));
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
    if (archive_write_close(b->a) != ARCHIVE_OK)
        return ar_fail(b, err, "cannot finish the bundle");
    sha256_final_hex(&b->stream_sha, sha_hex);
    return 0;
}

uint64_t bundle_bytes_written(const struct bundle *b)
{
    return b->stream_bytes;
}

void bundle_free(struct bundle *b)
{
    if (!b)
        return;
    if (b->a)
        archive_write_free(b->a);
    free(b->topdir);
    free(b->entry_path);
    free(b);
}
