/* SPDX-License-Identifier: MIT */
/* store-cmd.c: one command into the bundle: run with the deadline (lib/run.c), map the outcome
 * to a manifest status, keep track of daemons that stopped answering (xend), store stdout and
 * stderr masked. */
#include "collector/ctx.h"
#include "collector/bundle.h"
#include "collector/privacy.h"
#include "lib/log.h"
#include "lib/run.h"
#include "lib/xalloc.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

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

    if (collect_stopped(ctx))
        return;
    if (sp->fallback_for && !cmd_was_missing(ctx, sp->fallback_for))
        return;
    for (i = 0; sp->argv[i]; i++)
        buf_addf(&src, "%s%s", i ? " " : "", sp->argv[i]);
    it = collect_item(ctx, "command", src.data, ST_OK);
    collect_progress(ctx, src.data);
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
    if (!collect_allowance(ctx, 1, NULL, &why)) {
        it->status = ST_SKIPPED_BUDGET;
        mitem_set_message(it, "%s", why);
        goto out;
    }
    /* --mask may have run it already to learn names (mask-learn.c): not twice. */
    if (!collect_take_precmd(ctx, sp->name, &r) && !cmdpool_take(ctx, sp, &r)) {
        run_result_init(&r);
        run(&ro, &r);
    }
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
        collect_mask_buf(ctx, &r.out);
        collect_mask_buf(ctx, &r.err);
        buf_addf(&bpath, "cmd/%s.out", sp->name);
        collect_store_buf(ctx, it, bpath.data, r.out.data, r.out.len, ctx->now);
        if (r.err.len && !ctx->fatal) {
            char sha[65];
            struct err err = ERR_INIT;
            struct buf ename = BUF_INIT;
            int br;
            buf_reset(&bpath);
            buf_addf(&bpath, "cmd/%s.err", sp->name);
            br = bundle_add(ctx->b, collect_entry_name(ctx, bpath.data, &ename), r.err.data,
                            r.err.len, ctx->now, sha, &err);
            buf_release(&ename);
            if (br)
                collect_fatal(ctx, &err);
            else
                it->err_path = xstrdup(bpath.data);
            collect_account(ctx, NULL, r.err.len);
        }
    }
    run_result_release(&r);
out:
    collect_item_done(it);
    buf_release(&src);
    buf_release(&bpath);
}

