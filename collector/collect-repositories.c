/* SPDX-License-Identifier: MIT */
/* collect-repositories.c: every /OVS/Repositories/<id>: .ovsrepo, .ovsmeta, the vm.cfg of every
 * VM and template (vncpasswd masked), and a JSON listing of the disks, ISOs, templates and
 * assemblies (name, size, allocated bytes, mtime; never contents). Repositories sit on NFS or
 * OCFS2: each one is first scanned in a child with a deadline, and a hung one is skipped. */
#include "collector/collector.h"
#include "lib/dirlist.h"
#include "lib/jsonw.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/banned.h"

#define REPO_ROOT "/OVS/Repositories"
#define MAX_LISTED 20000
#define MAX_CFGS 4096

static const char *const listed_dirs[] = { "VirtualDisks", "ISOs", "Templates", "Assemblies",
                                           "VirtualMachines" };
static const char *const meta_files[] = { ".ovsrepo", ".ovsmeta", ".generic_fs_stamp" };

struct scan {
    const char *real;        /* repository directory on this machine */
    size_t listed;
};

/* One listing row per entry below rel (depth 0 or 1); vm.cfg files are announced to the
 * parent on lines of their own. */
static void list_dir(struct scan *s, struct jsonw *w, struct buf *cfgs, const char *rel,
                     int depth)
{
    struct buf dir = BUF_INIT, child = BUF_INIT;
    char **names;
    size_t n, i;
    struct stat st;

    buf_addf(&dir, "%s/%s", s->real, rel);
    names = dir_sorted_names(dir.data, &n);
    for (i = 0; i < n && s->listed < MAX_LISTED; i++) {
        buf_reset(&child);
        buf_addf(&child, "%s/%s", rel, names[i]);
        if (!strcmp(names[i], "vm.cfg") && depth == 1)
            buf_addf(cfgs, "cfg %s\n", child.data);
        buf_reset(&dir);
        buf_addf(&dir, "%s/%s", s->real, child.data);
        if (lstat(dir.data, &st) < 0)
            continue;
        s->listed++;
        jsonw_obj_begin(w);
        jsonw_kv_str(w, "path", child.data);
        jsonw_kv_str(w, "type", S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir"
                                : S_ISLNK(st.st_mode) ? "link" : "other");
        jsonw_kv_int(w, "size_bytes", (int64_t)st.st_size);
        jsonw_kv_int(w, "allocated_bytes", (int64_t)st.st_blocks * 512);
        jsonw_kv_int(w, "mtime", (int64_t)st.st_mtime);
        jsonw_obj_end(w);
        if (S_ISDIR(st.st_mode) && depth == 0)
            list_dir(s, w, cfgs, child.data, depth + 1);
    }
    dir_names_free(names, n);
    buf_release(&dir);
    buf_release(&child);
}

/* Child side: "cfg <rel path>" lines, then "json", then the listing. */
static int scan_repo(void *arg, int out)
{
    struct scan *s = arg;
    struct buf cfgs = BUF_INIT, js = BUF_INIT;
    struct jsonw w;
    size_t i, off;
    ssize_t n = 0;
    struct stat st;
    int rc;

    if (stat(s->real, &st) < 0)
        return 2;
    jsonw_init(&w, &js, true);
    jsonw_obj_begin(&w);
    jsonw_key(&w, "entries");
    jsonw_arr_begin(&w);
    for (i = 0; i < ARRAY_SIZE(listed_dirs); i++)
        list_dir(s, &w, &cfgs, listed_dirs[i], 0);
    jsonw_arr_end(&w);
    jsonw_kv_bool(&w, "capped", s->listed >= MAX_LISTED);
    jsonw_obj_end(&w);
    buf_adds(&cfgs, "json\n");
    buf_add(&cfgs, js.data, js.len);
    buf_addc(&cfgs, '\n');
    buf_release(&js);
    rc = 0;
    for (off = 0; off < cfgs.len && !rc; off += (size_t)n) {
        n = write(out, cfgs.data + off, cfgs.len - off);
        if (n <= 0)
            rc = 1;
    }
    buf_release(&cfgs);
    return rc;
}

static void collect_repo(struct collect_ctx *ctx, const char *id)
{
    struct buf host = BUF_INIT, real = BUF_INIT, out = BUF_INIT, p = BUF_INIT, src = BUF_INIT;
    struct scan s = { 0 };
    struct err err = ERR_INIT;
    char *json, *line, *nl;
    size_t i, ncfg = 0;

    buf_addf(&host, REPO_ROOT "/%s", id);
    buf_adds(&real, collect_host_path(ctx, host.data));
    s.real = real.data;
    buf_addf(&src, "%s (listing)", host.data);
    if (collect_in_child(ctx, host.data, scan_repo, &s, &out, &err)) {
        collect_note(ctx, "listing", src.data,
                     err.code == E_TIMEOUT ? "timeout" : "failed", err.msg);
        for (i = 0; i < ARRAY_SIZE(meta_files); i++) {
            buf_reset(&p);
            buf_addf(&p, "%s/%s", host.data, meta_files[i]);
            collect_note(ctx, "file", p.data, "skipped-hung-mount",
                         "the repository did not answer its scan");
        }
        goto out;
    }
    for (i = 0; i < ARRAY_SIZE(meta_files); i++) {
        buf_reset(&p);
        buf_addf(&p, "%s/%s", host.data, meta_files[i]);
        collect_file(ctx, p.data, 0);
    }
    json = strstr(out.data, "json\n");
    for (line = out.data; line && json && line < json && ncfg < MAX_CFGS; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        if (!strncmp(line, "cfg ", 4)) {
            buf_reset(&p);
            buf_addf(&p, "%s/%s", host.data, line + 4);
            collect_file(ctx, p.data, 0);
            ncfg++;
        }
    }
    if (json) {
        struct buf listing = BUF_INIT;
        buf_adds(&listing, json + 5);
        buf_reset(&p);
        buf_addf(&p, "listing%s.json", host.data);
        collect_generated(ctx, "listing", src.data, p.data, &listing, "ok", NULL);
        buf_release(&listing);
    }
out:
    buf_release(&host);
    buf_release(&real);
    buf_release(&out);
    buf_release(&p);
    buf_release(&src);
}

static int repos_run(struct collect_ctx *ctx, struct err *err)
{
    char **names;
    size_t n, i;
    struct stat st;
    struct buf p = BUF_INIT;

    (void)err;
    names = dir_sorted_names(collect_host_path(ctx, REPO_ROOT), &n);
    if (!names) {
        collect_note(ctx, "listing", REPO_ROOT, errno == ENOENT ? "missing" : "failed",
                     strerror(errno));
        return 0;
    }
    for (i = 0; i < n; i++) {
        buf_reset(&p);
        buf_addf(&p, REPO_ROOT "/%s", names[i]);
        /* lstat of the mount point itself is answered by the parent file system. */
        if (lstat(collect_host_path(ctx, p.data), &st) == 0 && S_ISDIR(st.st_mode))
            collect_repo(ctx, names[i]);
    }
    dir_names_free(names, n);
    buf_release(&p);
    return 0;
}

COLLECTOR(repositories) = {
    .name = "repositories",
    .desc = "OVM repositories: .ovsrepo, .ovsmeta, vm.cfg (passwords masked), disk listings",
    .run = repos_run,
};
