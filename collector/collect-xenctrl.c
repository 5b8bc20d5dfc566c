/* SPDX-License-Identifier: MIT */
/* collect-xenctrl.c: what the hypervisor itself says through libxenctrl, without xend or
 * xenstored (the upstream Xen 3.x bugtool's fallback): version, physinfo and every domain.
 * The query runs in a child with the command deadline. Where it cannot run (no libxenctrl in
 * this build, --sysroot, not a dom0) xen/xenctrl.json says why. */
#include "collector/collector.h"
#include "lib/jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_XENCTRL
#include <xenctrl.h>
#endif

#include "lib/banned.h"

#define XENCTRL_SOURCE "libxenctrl: version, physinfo, domain list"
#define XENCTRL_PATH "xen/xenctrl.json"

static void unavailable(struct collect_ctx *ctx, const char *status, const char *why)
{
    struct buf js = BUF_INIT;
    struct jsonw w;

    jsonw_init(&w, &js, true);
    jsonw_obj_begin(&w);
    jsonw_kv_bool(&w, "available", false);
    jsonw_kv_str(&w, "reason", why);
    jsonw_obj_end(&w);
    buf_addc(&js, '\n');
    collect_generated(ctx, "xenctrl", XENCTRL_SOURCE, XENCTRL_PATH, &js, status, why);
    buf_release(&js);
}

#ifdef HAVE_XENCTRL
static void domain_json(struct jsonw *w, const xc_domaininfo_t *d)
{
    unsigned flags = d->flags;

    jsonw_obj_begin(w);
    jsonw_kv_int(w, "domid", d->domain);
    jsonw_kv_int(w, "flags", flags);
    jsonw_kv_bool(w, "dying", flags & XEN_DOMINF_dying);
    jsonw_kv_bool(w, "hvm", flags & XEN_DOMINF_hvm_guest);
    jsonw_kv_bool(w, "shutdown", flags & XEN_DOMINF_shutdown);
    jsonw_kv_bool(w, "paused", flags & XEN_DOMINF_paused);
    jsonw_kv_bool(w, "blocked", flags & XEN_DOMINF_blocked);
    jsonw_kv_bool(w, "running", flags & XEN_DOMINF_running);
    if (flags & XEN_DOMINF_shutdown)
        jsonw_kv_int(w, "shutdown_reason",
                     (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
    jsonw_kv_int(w, "tot_pages", (int64_t)d->tot_pages);
    jsonw_kv_int(w, "max_pages", (int64_t)d->max_pages);
    jsonw_kv_int(w, "mem_mb", (int64_t)(d->tot_pages / 256));
    jsonw_kv_int(w, "online_vcpus", d->nr_online_vcpus);
    jsonw_kv_int(w, "cpu_time_ns", (int64_t)d->cpu_time);
    jsonw_obj_end(w);
}

/* Child side. The library's own complaints go to a memory stream and into the JSON. */
static int query_xenctrl(void *arg, int out)
{
    static xc_domaininfo_t info[1024];
    char *logtext = NULL;
    size_t loglen = 0, off;
    FILE *mem = open_memstream(&logtext, &loglen);
    xentoollog_logger *lg = mem ? (xentoollog_logger *)xtl_createlogger_stdiostream(mem, XTL_ERROR, 0)
                                : NULL;
    xc_interface *xch = xc_interface_open(lg, lg, 0);
    struct buf js = BUF_INIT;
    struct jsonw w;
    xc_physinfo_t pi;
    xen_extraversion_t extra;
    int ver, n, i, rc = 0;
    ssize_t wr;

    (void)arg;
    jsonw_init(&w, &js, true);
    jsonw_obj_begin(&w);
    if (!xch) {
        if (mem)
            fflush(mem);
        jsonw_kv_bool(&w, "available", false);
        jsonw_kv_str(&w, "reason", access("/dev/xen/privcmd", F_OK) == 0
                                       ? "cannot open the privileged command interface"
                                       : "not a Xen dom0: no /dev/xen/privcmd");
        jsonw_kv_str(&w, "library_said", logtext && loglen ? logtext : NULL);
        rc = 3;
        goto emit;
    }
    jsonw_kv_bool(&w, "available", true);
    ver = xc_version(xch, XENVER_version, NULL);
    memset(extra, 0, sizeof(extra));
    xc_version(xch, XENVER_extraversion, &extra);
    extra[sizeof(extra) - 1] = '\0';
    jsonw_key(&w, "version");
    jsonw_obj_begin(&w);
    jsonw_kv_int(&w, "major", ver >> 16);
    jsonw_kv_int(&w, "minor", ver & 0xffff);
    jsonw_kv_str(&w, "extra", extra);
    jsonw_obj_end(&w);
    memset(&pi, 0, sizeof(pi));
    if (xc_physinfo(xch, &pi) == 0) {
        jsonw_key(&w, "physinfo");
        jsonw_obj_begin(&w);
        jsonw_kv_int(&w, "nr_cpus", pi.nr_cpus);
        jsonw_kv_int(&w, "nr_nodes", pi.nr_nodes);
        jsonw_kv_int(&w, "cores_per_socket", pi.cores_per_socket);
        jsonw_kv_int(&w, "threads_per_core", pi.threads_per_core);
        jsonw_kv_int(&w, "cpu_khz", pi.cpu_khz);
        jsonw_kv_int(&w, "total_pages", (int64_t)pi.total_pages);
        jsonw_kv_int(&w, "free_pages", (int64_t)pi.free_pages);
        jsonw_kv_int(&w, "scrub_pages", (int64_t)pi.scrub_pages);
        jsonw_kv_int(&w, "total_mb", (int64_t)(pi.total_pages / 256));
        jsonw_kv_int(&w, "free_mb", (int64_t)(pi.free_pages / 256));
        jsonw_kv_int(&w, "scrub_mb", (int64_t)(pi.scrub_pages / 256));
        jsonw_obj_end(&w);
    }
    n = xc_domain_getinfolist(xch, 0, (unsigned)(sizeof(info) / sizeof(info[0])), info);
    jsonw_key(&w, "domains");
    jsonw_arr_begin(&w);
    for (i = 0; i < n; i++)
        domain_json(&w, &info[i]);
    jsonw_arr_end(&w);
    xc_interface_close(xch);
emit:
    jsonw_obj_end(&w);
    buf_addc(&js, '\n');
    if (lg)
        xtl_logger_destroy(lg);
    if (mem)
        fclose(mem);
    free(logtext);
    for (off = 0; off < js.len; off += (size_t)wr) {
        wr = write(out, js.data + off, js.len - off);
        if (wr <= 0)
            return 1;
    }
    return rc;
}
#endif

static int xenctrl_run(struct collect_ctx *ctx, struct err *err)
{
    (void)err;
#ifdef HAVE_XENCTRL
    const struct collect_opts *o = collect_options(ctx);
    struct buf out = BUF_INIT;
    struct err qerr = ERR_INIT;
    int rc;

    if (o->sysroot) {
        unavailable(ctx, "skipped-option",
                    "--sysroot: this machine's hypervisor is not the collected host's");
        return 0;
    }
    if (o->no_commands) {
        unavailable(ctx, "skipped-option", "--no-commands");
        return 0;
    }
    rc = collect_in_child(ctx, NULL, query_xenctrl, NULL, &out, &qerr);
    if (rc && out.len == 0) {
        /* The child exits 3 with its JSON when this is not a dom0; it is still data. */
        unavailable(ctx, rc == E_TIMEOUT ? "timeout" : "failed", qerr.msg);
    } else {
        collect_generated(ctx, "xenctrl", XENCTRL_SOURCE, XENCTRL_PATH, &out,
                          strstr(out.data, "\"available\": true") ? "ok" : "failed",
                          strstr(out.data, "\"available\": true") ? NULL : "not a dom0");
    }
    buf_release(&out);
#else
    unavailable(ctx, "skipped-option", "this ovmdiag was built without libxenctrl");
#endif
    return 0;
}

COLLECTOR(xenctrl) = {
    .name = "xenctrl",
    .desc = "libxenctrl: Xen version, physical memory and CPUs, every domain",
    .run = xenctrl_run,
};
