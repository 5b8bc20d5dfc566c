/* SPDX-License-Identifier: MIT */
/* cmdpool.c: commands run ahead of their turn, a few at once, by worker threads; collect_cmd
 * takes each result when the collector reaches it, so the bundle and the manifest keep the
 * order (and the bytes) of a sequential run. Only the running overlaps.
 *
 * - Commands of one group (the xm commands: xend) run one after another, in their order, and
 *   when the first of a group gets no answer the group's other commands are not started
 *   (collect_cmd then skips them, as it always did).
 * - A command never starts before the collector it belongs to is reached: the items of the
 *   collectors ahead of it are taken first, as in a sequential run (a command of a later
 *   collector may change the files an earlier one lists). Within a collector, its commands
 *   overlap each other and its files.
 * - Bounded: at most cmd_jobs commands run at once, and none is started while more than
 *   POOL_HELD results wait for their turn or POOL_HELD_BYTES of output is held.
 * - A command the collector reaches before a worker started it runs in the collector's
 *   thread, as before. Fallbacks (fallback_for) are never run ahead: they depend on another
 *   command's outcome.
 * - Interrupts: workers block the signals, which the main thread handles; only the main
 *   thread reads the interrupt flag (a signal handler's flag is no inter-thread channel) and
 *   passes it on as `cancel`, an atomic that every worker's run() watches: while it waits for
 *   a result (50 ms slices), when a collector starts, and in cmdpool_stop(), which also
 *   cancels what still runs (process groups killed) and joins the workers. */
#include "collector/ctx.h"
#include "lib/forkguard.h"
#include "lib/thread.h"
#include "lib/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/banned.h"

#define POOL_DEFAULT_JOBS 4
#define POOL_MAX_JOBS 16
#define POOL_HELD 16
#define POOL_HELD_BYTES (16 * MIB)
#define POOL_MAX_GROUPS 8

enum job_state { JOB_PENDING, JOB_RUNNING, JOB_DONE, JOB_SKIPPED, JOB_TAKEN };

struct job {
    char *name;
    char **argv;                    /* owned, NULL-terminated */
    const char *group;              /* static string of the spec, or NULL */
    long rank;                      /* workers start the lowest pending rank first */
    size_t collector;               /* index in collector_registry */
    enum job_state state;
    struct run_result r;
};

struct pool_group {
    const char *name;
    bool busy, decided, unresponsive;
};

struct cmdpool {
    pthread_mutex_t mu;
    pthread_cond_t cv;              /* any change of a job's state, or stop */
    pthread_t threads[POOL_MAX_JOBS];
    size_t nthreads;
    struct job *jobs;
    size_t njobs, jobs_alloc;
    struct pool_group groups[POOL_MAX_GROUPS];
    size_t ngroups;
    size_t running, held;
    uint64_t held_bytes;
    long next_front;                /* ranks of jobs asked for now: before every prefetched one */
    size_t released;                /* jobs of collectors up to this index may start */
    bool stop;
    atomic_int cancel;
    int timeout_ms;
    size_t out_cap;
    const volatile sig_atomic_t *interrupted;
};

static struct pool_group *pool_group(struct cmdpool *p, const char *name)
{
    size_t i;

    if (!name)
        return NULL;
    for (i = 0; i < p->ngroups; i++)
        if (!strcmp(p->groups[i].name, name))
            return &p->groups[i];
    if (p->ngroups == POOL_MAX_GROUPS)
        return NULL;
    p->groups[p->ngroups].name = name;
    return &p->groups[p->ngroups++];
}

/* The next job a worker may start, or NULL. Called with the lock held. */
static struct job *pick(struct cmdpool *p)
{
    struct job *best = NULL;
    size_t i;

    if (p->held >= POOL_HELD || p->held_bytes >= POOL_HELD_BYTES)
        return NULL;
    for (i = 0; i < p->njobs; i++) {
        struct job *j = &p->jobs[i];
        struct pool_group *g;
        if (j->state != JOB_PENDING || j->collector > p->released ||
            (best && best->rank <= j->rank))
            continue;
        g = pool_group(p, j->group);
        if (g && g->unresponsive) {
            j->state = JOB_SKIPPED;
            pthread_cond_broadcast(&p->cv);
            continue;
        }
        if (g && g->busy)
            continue;
        /* In a group, only the first pending job in order may start. */
        if (g) {
            size_t k;
            bool earlier = false;
            for (k = 0; k < i && !earlier; k++)
                earlier = p->jobs[k].state == JOB_PENDING && p->jobs[k].group &&
                          !strcmp(p->jobs[k].group, j->group);
            if (earlier)
                continue;
        }
        best = j;
    }
    return best;
}

static bool stopping(struct cmdpool *p)
{
    return p->stop || atomic_load(&p->cancel);
}

/* Main thread only. */
static void pass_interrupt(struct cmdpool *p)
{
    if (p->interrupted && *p->interrupted && !atomic_load(&p->cancel)) {
        atomic_store(&p->cancel, 1);
        pthread_cond_broadcast(&p->cv);
    }
}

static void *worker(void *arg)
{
    struct cmdpool *p = arg;
    struct job *j;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        struct pool_group *g;
        struct run_opts ro = {
            .timeout_ms = p->timeout_ms, .out_cap = p->out_cap, .cancel = &p->cancel,
        };
        struct run_result r;

        if (stopping(p))
            break;
        j = pick(p);
        if (!j) {
            forkguard_cond_wait(&p->cv, &p->mu);
            continue;
        }
        j->state = JOB_RUNNING;
        g = pool_group(p, j->group);
        if (g)
            g->busy = true;
        p->running++;
        p->held++;
        ro.argv = (const char *const *)j->argv;
        pthread_mutex_unlock(&p->mu);

        run_result_init(&r);
        run(&ro, &r);

        pthread_mutex_lock(&p->mu);
        j->r = r;
        p->running--;
        p->held_bytes += r.out.len + r.err.len;
        if (g) {
            g->busy = false;
            /* As collect_cmd decides: the group's first outcome that is not an interrupt. */
            if (!g->decided && r.status != RUN_INTERRUPTED) {
                g->decided = true;
                g->unresponsive = r.status == RUN_TIMEOUT || r.status == RUN_ABANDONED;
            }
        }
        j->state = JOB_DONE;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static bool eligible(struct collect_ctx *ctx, const struct artifact_spec *sp)
{
    size_t i;

    if (sp->kind != SPEC_CMD || sp->fallback_for || !sp->argv[0])
        return false;
    for (i = 0; i < ctx->nprecmd; i++)
        if (!strcmp(ctx->precmd[i].name, sp->name))
            return false;
    return true;
}

static struct job *find_job(struct cmdpool *p, const char *name)
{
    size_t i;

    for (i = 0; i < p->njobs; i++)
        if (!strcmp(p->jobs[i].name, name))
            return &p->jobs[i];
    return NULL;
}

/* Called with the lock held (or before the workers exist). */
static void add_job(struct cmdpool *p, const struct artifact_spec *sp, long rank,
                    size_t collector)
{
    struct job *j;
    size_t n = 0, i;

    if (find_job(p, sp->name))
        return;
    XGROW(p->jobs, p->jobs_alloc, p->njobs + 1);
    j = &p->jobs[p->njobs++];
    memset(j, 0, sizeof(*j));
    j->name = xstrdup(sp->name);
    while (sp->argv[n])
        n++;
    j->argv = xcalloc(n + 1, sizeof(*j->argv));
    for (i = 0; i < n; i++)
        j->argv[i] = xstrdup(sp->argv[i]);
    j->group = sp->group;
    j->rank = rank;
    j->collector = collector;
    j->state = JOB_PENDING;
    run_result_init(&j->r);
}

void cmdpool_start(struct collect_ctx *ctx)
{
    const struct collect_opts *o = ctx->o;
    int jobs = o->cmd_jobs ? o->cmd_jobs : POOL_DEFAULT_JOBS;
    const struct artifact_spec *sp;
    struct cmdpool *p;
    size_t i;
    long rank = 0;

    if (o->no_commands || jobs <= 1)
        return;
    if (jobs > POOL_MAX_JOBS)
        jobs = POOL_MAX_JOBS;
    p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    atomic_init(&p->cancel, 0);
    p->timeout_ms = o->cmd_timeout_s * 1000;
    p->out_cap = (size_t)o->max_file_size;
    p->interrupted = o->interrupted;
    p->next_front = -1000000;
    for (i = 0; collector_registry[i]; i++)
        for (sp = collector_registry[i]->specs; sp && sp->kind != SPEC_END; sp++)
            if (eligible(ctx, sp))
                add_job(p, sp, rank++, i);
    /* The workers get no signal (thread_start): SIGINT and SIGTERM go to the main thread's
     * handler. */
    for (i = 0; i < (size_t)jobs; i++) {
        if (thread_start(&p->threads[p->nthreads], worker, p) != 0)
            break;
        p->nthreads++;
    }
    ctx->pool = p;
}

void collect_cmd_ahead(struct collect_ctx *ctx, const struct artifact_spec *sp)
{
    struct cmdpool *p = ctx->pool;

    if (!p || !eligible(ctx, sp))
        return;
    pthread_mutex_lock(&p->mu);
    add_job(p, sp, p->next_front++, p->released);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void cmdpool_release(struct collect_ctx *ctx, size_t collector)
{
    struct cmdpool *p = ctx->pool;

    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->released = collector;
    pass_interrupt(p);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

bool cmdpool_take(struct collect_ctx *ctx, const struct artifact_spec *sp, struct run_result *r)
{
    struct cmdpool *p = ctx->pool;
    struct job *j;
    bool got = false;

    if (!p)
        return false;
    pthread_mutex_lock(&p->mu);
    j = find_job(p, sp->name);
    if (j && j->state == JOB_PENDING) {
        /* Not started: the caller runs it, and the rest of its group too, so that a group
         * never has two commands running. */
        size_t i;
        for (i = 0; j->group && i < p->njobs; i++)
            if (p->jobs[i].state == JOB_PENDING && p->jobs[i].group &&
                !strcmp(p->jobs[i].group, j->group))
                p->jobs[i].state = JOB_TAKEN;
        j->state = JOB_TAKEN;
    }
    while (j && j->state == JOB_RUNNING) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 50 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        forkguard_cond_timedwait(&p->cv, &p->mu, &until);
        pass_interrupt(p);
    }
    if (j && j->state == JOB_DONE) {
        *r = j->r;
        run_result_init(&j->r);
        j->state = JOB_TAKEN;
        p->held--;
        p->held_bytes -= MIN(p->held_bytes, (uint64_t)(r->out.len + r->err.len));
        got = true;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return got;
}

void cmdpool_stop(struct collect_ctx *ctx)
{
    struct cmdpool *p = ctx->pool;
    size_t i, k;

    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    atomic_store(&p->cancel, 1);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (i = 0; i < p->nthreads; i++)
        thread_join(p->threads[i]);
    for (i = 0; i < p->njobs; i++) {
        run_result_release(&p->jobs[i].r);
        for (k = 0; p->jobs[i].argv[k]; k++)
            free(p->jobs[i].argv[k]);
        free(p->jobs[i].argv);
        free(p->jobs[i].name);
    }
    free(p->jobs);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
    ctx->pool = NULL;
}
