/* SPDX-License-Identifier: MIT */
#include "lib/thread.h"
#include "lib/forkguard.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <sys/types.h>

#include "lib/banned.h"

unsigned thread_count(unsigned cap)
{
    const char *env = getenv("OVMDIAG_THREADS");
    long n;

    if (env && *env) {
        char *end;
        n = strtol(env, &end, 10);
        if (*end || n < 1)
            n = 1;
    } else {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n < 1)
            n = 1;
    }
    return n > (long)cap ? cap : (unsigned)n;
}

struct start {
    void *(*fn)(void *);
    void *arg;
};

static void *helper_main(void *arg)
{
    struct start st = *(struct start *)arg;
    void *r;

    free(arg);
    forkguard_thread_is_helper();
    r = st.fn(st.arg);
    forkguard_thread_exiting();
    return r;
}

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    struct start *st = malloc(sizeof(*st));
    sigset_t all, old;
    int r;

    if (!st)
        return ENOMEM;
    st->fn = fn;
    st->arg = arg;
    /* counted from before it exists: its start-up allocates too */
    forkguard_thread_add();
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(t, NULL, helper_main, st);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r) {
        free(st);
        forkguard_thread_remove();
    }
    return r;
}

void thread_join(pthread_t t)
{
    forkguard_pause();
    pthread_join(t, NULL);
    forkguard_resume();
}

pid_t thread_tid(void)
{
#if defined(__linux__) && defined(SYS_gettid)
    return (pid_t)syscall(SYS_gettid);
#else
    return 0;
#endif
}

void thread_yield_priority(void)
{
#ifdef __linux__
    /* best effort: a failure leaves the thread at its priority, which is only slower */
    (void)setpriority(PRIO_PROCESS, (id_t)thread_tid(), 19);
#endif
}
