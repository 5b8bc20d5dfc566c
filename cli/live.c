/* SPDX-License-Identifier: MIT */
/* live.c: see live.h. The collector runs on this thread (it owns the signal flag and its own
 * command and compressor threads); the analysis runs on a helper thread that reads the tar from
 * the queue. The queue holds at most 8 blocks of 256 KiB: a slower reader makes the collector
 * wait rather than grow memory; a reader that stopped makes the collector's bytes drop. */
#include "cli/live.h"
#include "cli/cmd.h"
#include "collector/collector.h"
#include "engine/eval.h"
#include "lib/blockq.h"
#include "lib/thread.h"

#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

#define LIVE_BLOCK (256 * 1024)
#define LIVE_DEPTH 8

struct live_reader {
    struct ruleset *rs;
    struct blockq *q;
    struct facts *f;
    struct eval_run *run;
    struct err err;
    int rc;
};

static void *reader_main(void *arg)
{
    struct live_reader *r = arg;

    r->rc = eval_bundle_stream(r->rs, r->q, "live host", r->f, r->run, &r->err);
    return NULL;
}

static void tap(void *ctx, const void *data, size_t len)
{
    /* the tar is complete: the analysis ends while the last gzip members and the sync are
     * done (a failure after this is the collection's rc; the blockq_close below is then a
     * no-op) */
    if (!data) {
        blockq_close(ctx, NULL);
        return;
    }
    /* false: the reader stopped (it says why); the collection goes on for the bundle file */
    (void)blockq_put(ctx, data, len);
}

int live_analyze(struct ruleset *rs, const struct live_opts *lo, struct facts *f,
                 struct eval_run *run, char **bundle_path, struct err *err)
{
    struct live_reader r = { .rs = rs, .f = f, .run = run, .err = ERR_INIT };
    struct collect_opts o = {
        .sysroot = lo->sysroot, .no_commands = lo->no_commands,
        .cmd_timeout_s = 30, .max_file_size = 16ULL << 20, .max_size = 1ULL << 30,
        .interrupted = &cli_interrupted, .cmdline = "ovmdiag analyze (live host)",
        .live_xen = !lo->sysroot, .output = lo->save_bundle,
        .tap = tap, .tap_only = !lo->save_bundle,
    };
    struct collect_summary sum;
    pthread_t t;
    int rc, e;

    *bundle_path = NULL;
    r.q = blockq_new(LIVE_BLOCK, LIVE_DEPTH);
    o.tap_ctx = r.q;
    e = thread_start(&t, reader_main, &r);
    if (e) {
        blockq_free(r.q);
        return err_errno(err, E_INTERNAL, e, "cannot start the analysis thread");
    }
    cli.verbosity = -1;
    cli_install_log_sink();
    cli_set_signals();
    rc = collect_run(&o, &sum, err);
    blockq_close(r.q, rc ? (err->msg[0] ? err->msg : "the collection failed") : NULL);
    thread_join(t);
    blockq_free(r.q);
    if (!rc) {
        *bundle_path = sum.bundle_path;
        sum.bundle_path = NULL;
        collect_summary_release(&sum);
    }
    if (!rc && r.rc) {
        *err = r.err;
        rc = r.rc;
    }
    return rc;
}
