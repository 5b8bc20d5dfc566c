/* SPDX-License-Identifier: MIT */
#include "lib/thread.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

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

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    int r;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(t, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return r;
}
