/* SPDX-License-Identifier: MIT */
/* thread.h: the helper threads of the bundle writer and reader (collector/bundle.c,
 * analyzers/source.c). Signals stay with the main thread (its handlers set flags that its loop
 * reads); a helper's write past a file size limit then fails with EFBIG instead of a signal. */
#ifndef OVMDIAG_THREAD_H
#define OVMDIAG_THREAD_H

#include <pthread.h>

/* How many helper threads to run: the online CPUs, at least 1 and at most cap; the
 * environment variable OVMDIAG_THREADS (1..cap) overrides it (tests, and a loaded host). */
unsigned thread_count(unsigned cap);
/* pthread_create with every signal blocked in the new thread; 0 or the error number. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
