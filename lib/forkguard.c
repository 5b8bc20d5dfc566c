/* SPDX-License-Identifier: MIT */
#include "lib/forkguard.h"
#include "lib/thread.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/banned.h"

#ifndef OVMDIAG_FORKGUARD
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OVMDIAG_FORKGUARD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define OVMDIAG_FORKGUARD 1
#endif
#endif
#endif
#ifndef OVMDIAG_FORKGUARD
#define OVMDIAG_FORKGUARD 0
#endif

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int busy;       /* helper threads away from a safe point */
static int forking;    /* forks waiting or in progress: no helper may resume */
static _Thread_local bool helper;

bool forkguard_active(void)
{
    return OVMDIAG_FORKGUARD;
}

static void busy_add(int n)
{
    pthread_mutex_lock(&mu);
    busy += n;
    if (n < 0)
        pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

/* Wait out a pending fork, then count one more busy thread. */
static void busy_enter(void)
{
    pthread_mutex_lock(&mu);
    while (forking)
        pthread_cond_wait(&cv, &mu);
    busy++;
    pthread_mutex_unlock(&mu);
}

void forkguard_thread_add(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    /* A busy creator already keeps any fork from starting; anyone else waits one out. */
    if (helper)
        busy_add(1);
    else
        busy_enter();
}

void forkguard_thread_remove(void)
{
    if (OVMDIAG_FORKGUARD)
        busy_add(-1);
}

static void forget_exiting(void);

void forkguard_thread_is_helper(void)
{
    helper = true;
    forget_exiting();
}

#if OVMDIAG_FORKGUARD && defined(SYS_gettid) && defined(SYS_tgkill)
/* Helpers whose function returned: the rest of their exit (TLS destructors, the sanitizer's
 * thread teardown, which frees and locks) happens before the kernel thread is gone. */
#define EXITING_MAX 64
static pid_t exiting[EXITING_MAX];
static int nexiting;

static bool thread_alive(pid_t tid)
{
    return syscall(SYS_tgkill, getpid(), tid, 0) == 0 || errno != ESRCH;
}

/* Under mu: forget the exited ones; with wait, also wait for the others to go. */
static void reap_exiting(bool wait)
{
    int i = 0;

    while (i < nexiting) {
        if (!thread_alive(exiting[i])) {
            exiting[i] = exiting[--nexiting];
        } else if (wait) {
            struct timespec ms = { 0, 1000000L };

            pthread_mutex_unlock(&mu);
            nanosleep(&ms, NULL);
            pthread_mutex_lock(&mu);
            i = 0;
        } else {
            i++;
        }
    }
}

/* A new thread with the id of one listed as exiting: that one is gone (ids are reused). */
static void forget_exiting(void)
{
    pid_t me = thread_tid();
    int i;

    pthread_mutex_lock(&mu);
    for (i = 0; i < nexiting; i++)
        if (exiting[i] == me)
            exiting[i--] = exiting[--nexiting];
    pthread_mutex_unlock(&mu);
}

void forkguard_thread_exiting(void)
{
    if (!helper)
        return;
    helper = false;
    pthread_mutex_lock(&mu);
    reap_exiting(false);
    if (nexiting < EXITING_MAX)
        exiting[nexiting++] = thread_tid();
    busy--;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}
#else
static void reap_exiting(bool wait)
{
    (void)wait;
}

static void forget_exiting(void)
{
}

void forkguard_thread_exiting(void)
{
    if (!OVMDIAG_FORKGUARD || !helper)
        return;
    helper = false;
    busy_add(-1);
}
#endif

void forkguard_pause(void)
{
    if (OVMDIAG_FORKGUARD && helper)
        busy_add(-1);
}

void forkguard_resume(void)
{
    if (OVMDIAG_FORKGUARD && helper)
        busy_enter();
}

void forkguard_safepoint(void)
{
    bool pending;

    if (!OVMDIAG_FORKGUARD || !helper)
        return;
    pthread_mutex_lock(&mu);
    pending = forking > 0;
    pthread_mutex_unlock(&mu);
    if (pending) {
        forkguard_pause();
        forkguard_resume();
    }
}

int forkguard_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    return forkguard_cond_timedwait(c, m, NULL);
}

int forkguard_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *until)
{
    int r;

    if (!OVMDIAG_FORKGUARD || !helper)
        return until ? pthread_cond_timedwait(c, m, until) : pthread_cond_wait(c, m);
    forkguard_pause();
    r = until ? pthread_cond_timedwait(c, m, until) : pthread_cond_wait(c, m);
    /* Not with m held: a busy thread may need m to reach its own safe point. */
    pthread_mutex_unlock(m);
    forkguard_resume();
    pthread_mutex_lock(m);
    return r;
}

void forkguard_fork_begin(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    forkguard_pause();
    pthread_mutex_lock(&mu);
    forking++;
    while (busy)
        pthread_cond_wait(&cv, &mu);
    reap_exiting(true);
    pthread_mutex_unlock(&mu);
}

void forkguard_fork_end(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    pthread_mutex_lock(&mu);
    forking--;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    forkguard_resume();
}
