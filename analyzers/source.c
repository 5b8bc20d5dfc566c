/* SPDX-License-Identifier: MIT */
#include "analyzers/source.h"
#include "lib/buf.h"
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
};

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

/* --- a .tar.gz inflated in a second thread ------------------------------------------------
 * Inflating is a third of analyze's work on a .tar.gz and the scan the rest: a reader thread
 * inflates the file (zlib; members one after another, as gzip -d) into blocks of ZBLOCK
 * bytes, at most ZQUEUE ahead, and libarchive reads the plain tar from them through
 * read_cb. Memory: about 1.5 MiB whatever the size (a bomb is inflated and dropped block by
 * block). A truncated or corrupt stream ends the tar with the error, as libarchive's own
 * gzip filter did. */
#define ZBLOCK (256 * 1024)
#define ZQUEUE 4

struct inflater {
    int fd;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *blocks[ZQUEUE];
    size_t lens[ZQUEUE];
    size_t head, count;
    bool held;            /* read_cb handed out blocks[head]: freed on the next call */
    bool done, abort;
    char error[160];      /* set with done when the stream is bad */
};

static void inf_finish(struct inflater *z, const char *error)
{
    pthread_mutex_lock(&z->mu);
    if (error)
        snprintf(z->error, sizeof(z->error), "%s", error);
    z->done = true;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
}

/* Queue out[0..len) (waits for room); false when told to stop. */
static bool inf_put(struct inflater *z, unsigned char **out, size_t len)
{
    bool ok;

    pthread_mutex_lock(&z->mu);
    while (z->count == ZQUEUE && !z->abort)
        pthread_cond_wait(&z->cv, &z->mu);
    ok = !z->abort;
    if (ok) {
        size_t slot = (z->head + z->count) % ZQUEUE;
        unsigned char *t = z->blocks[slot];
        z->blocks[slot] = *out;
        z->lens[slot] = len;
        z->count++;
        *out = t;
        pthread_cond_broadcast(&z->cv);
    }
    pthread_mutex_unlock(&z->mu);
    return ok;
}

static void *inflater_main(void *arg)
{
    struct inflater *z = arg;
    unsigned char *in = xmalloc(ZBLOCK), *out = xmalloc(ZBLOCK);
    const char *error = NULL;
    bool eof = false, member_done = false;
    z_stream zs;
    ssize_t n;
    int zr;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        inf_finish(z, "cannot start zlib");
        free(in);
        free(out);
        return NULL;
    }
    zs.next_out = out;
    zs.avail_out = ZBLOCK;
    for (;;) {
        if (zs.avail_in == 0 && !eof) {
            do {
                n = read(z->fd, in, ZBLOCK);
            } while (n < 0 && errno == EINTR);
            if (n < 0) {
                error = strerror(errno);
                break;
            }
            eof = n == 0;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        if (member_done) {
            /* another gzip member follows, or the end (trailing bytes that are not one are
             * ignored, as gzip -d does with a warning) */
            if (zs.avail_in == 0 && eof)
                break;
            if (zs.avail_in == 0)
                continue;
            if (zs.next_in[0] != 0x1f) {
                break;
            }
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
            if (!inf_put(z, &out, ZBLOCK))
                goto stop;
            zs.next_out = out;
            zs.avail_out = ZBLOCK;
        }
    }
    if (zs.avail_out < ZBLOCK && !inf_put(z, &out, ZBLOCK - zs.avail_out))
        goto stop;
stop:
    inflateEnd(&zs);
    free(in);
    free(out);
    inf_finish(z, error);
    return NULL;
}

static la_ssize_t inf_read_cb(struct archive *a, void *data, const void **buf)
{
    struct inflater *z = data;
    la_ssize_t n = 0;

    pthread_mutex_lock(&z->mu);
    if (z->held) {
        z->head = (z->head + 1) % ZQUEUE;
        z->count--;
        z->held = false;
        pthread_cond_broadcast(&z->cv);
    }
    while (!z->count && !z->done)
        pthread_cond_wait(&z->cv, &z->mu);
    if (z->count) {
        *buf = z->blocks[z->head];
        n = (la_ssize_t)z->lens[z->head];
        z->held = true;
    } else if (z->error[0]) {
        archive_set_error(a, EIO, "%s", z->error);
        n = -1;
    }
    pthread_mutex_unlock(&z->mu);
    return n;
}

static void inflater_free(struct inflater *z)
{
    size_t i;

    if (!z)
        return;
    pthread_mutex_lock(&z->mu);
    z->abort = true;
    pthread_cond_broadcast(&z->cv);
    pthread_mutex_unlock(&z->mu);
    pthread_join(z->thread, NULL);
    pthread_cond_destroy(&z->cv);
    pthread_mutex_destroy(&z->mu);
    for (i = 0; i < ZQUEUE; i++)
        free(z->blocks[i]);
    close(z->fd);
    free(z);
}

/* A gzip file: its inflater, started; NULL for anything else (libarchive then reads it, and
 * says what is wrong). */
static struct inflater *inflater_open(const char *path)
{
    unsigned char magic[2];
    struct inflater *z;
    sigset_t all, old;
    size_t i;
    int fd = open(path, O_RDONLY | O_CLOEXEC), r;

    if (fd < 0)
        return NULL;
    if (pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b) {
        close(fd);
        return NULL;
    }
    z = xcalloc(1, sizeof(*z));
    z->fd = fd;
    for (i = 0; i < ZQUEUE; i++)
        z->blocks[i] = xmalloc(ZBLOCK);
    pthread_mutex_init(&z->mu, NULL);
    pthread_cond_init(&z->cv, NULL);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(&z->thread, NULL, inflater_main, z);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r != 0) {
        pthread_cond_destroy(&z->cv);
        pthread_mutex_destroy(&z->mu);
        for (i = 0; i < ZQUEUE; i++)
            free(z->blocks[i]);
        close(fd);
        free(z);
        return NULL;
    }
    return z;
}

/* path names the bundle in messages; with mem set the tar is read from mem/mem_len. */
static int walk_tar(const char *path, const void *mem, size_t mem_len, const struct src_ops *ops,
                    void *ctx, char *top, size_t top_size, struct err *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    struct src_reader rd = { .fd = -1 };
    struct inflater *z = mem ? NULL : inflater_open(path);
    struct seen seen = { NULL, 0, 0 };
    const char *rel, *why;
    size_t count = 0, visited = 0;
    int r, rc = 0;

    if (!z)
        archive_read_support_filter_gzip(a);
    archive_read_support_filter_none(a);
    archive_read_support_format_tar(a);
    if ((mem ? archive_read_open_memory(a, mem, mem_len)
         : z ? archive_read_open(a, z, NULL, inf_read_cb, NULL)
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
        char msg[512];
        snprintf(msg, sizeof(msg), "the bundle ends early after %zu entries (%s): what follows is lost",
                 count, archive_error_string(a) ? archive_error_string(a) : "read error");
        ops->problem(ctx, path, msg);
    } else if (r != ARCHIVE_EOF) {
        rc = err_set(err, E_PARSE, "'%s': %s", path, archive_error_string(a));
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct dirwalk {
    const struct src_ops *ops;
    void *ctx;
    struct buf base;      /* the top folder on disk */
    size_t count;
};

static int walk_dir(struct dirwalk *w, const char *rel, int depth, struct err *err)
{
    struct buf full = BUF_INIT, child = BUF_INIT;
    char **names = NULL;
    size_t n = 0, alloc = 0, i;
    struct dirent *de;
    struct stat st;
    DIR *d;
    int rc = 0;

    buf_addf(&full, "%s%s%s", w->base.data, *rel ? "/" : "", rel);
    d = opendir(full.data);
    if (!d) {
        rc = err_errno(err, E_IO, errno, "cannot read '%s'", full.data);
        goto out;
    }
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        XGROW(names, alloc, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_str);
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
            struct src_reader rd = { .fd = open(full.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) };
            struct src_entry se = { child.data, (uint64_t)st.st_size, st.st_mtime };
            if (rd.fd < 0) {
                char msg[256];
                snprintf(msg, sizeof(msg), "skipped: %s", strerror(errno));
                w->ops->problem(w->ctx, child.data, msg);
                continue;
            }
            rc = w->ops->visit(w->ctx, &se, &rd);
            close(rd.fd);
        }
    }
out:
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
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
        rc = walk_tar(path, NULL, 0, ops, ctx, top, sizeof(top), err);
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
    rc = walk_tar(name, data, len, ops, ctx, top, sizeof(top), err);
    if (top_out && top_size)
        snprintf(top_out, top_size, "%s", top);
    return rc;
}
