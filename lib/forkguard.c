/* SPDX-License-Identifier: MIT */
#include "lib/forkguard.h"

#include <pthread.h>

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
static int busy;       /* steps in progress */
static int forking;    /* forks waiting or in progress: no step may start */

bool forkguard_active(void)
{
    return OVMDIAG_FORKGUARD;
}

void forkguard_enter(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    pthread_mutex_lock(&mu);
    while (forking)
        pthread_cond_wait(&cv, &mu);
    busy++;
    pthread_mutex_unlock(&mu);
}

void forkguard_leave(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    pthread_mutex_lock(&mu);
    busy--;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

void forkguard_fork_begin(void)
{
    if (!OVMDIAG_FORKGUARD)
        return;
    pthread_mutex_lock(&mu);
    forking++;
    while (busy)
        pthread_cond_wait(&cv, &mu);
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
}
