/* SPDX-License-Identifier: MIT */
/* thread.h: every helper thread (compressors, command runners, log scan workers, inflaters, the
 * rules compile, the live reader) starts and ends here. Signals stay with the main thread (its
 * handlers set flags that its loop reads); a helper's write past a file size limit then fails
 * with EFBIG instead of a signal. A helper's long waits are safe points (lib/forkguard.h). */
#ifndef OVMDIAG_THREAD_H
#define OVMDIAG_THREAD_H

#include <pthread.h>
#include <sys/types.h>

/* How many helper threads to run: the online CPUs, at least 1 and at most cap; the
 * environment variable OVMDIAG_THREADS (1..cap) overrides it (tests, and a loaded host). */
unsigned thread_count(unsigned cap);
/* pthread_create with every signal blocked in the new thread; 0 or the error number. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);
/* pthread_join of a thread_start thread (its result is not wanted), as a safe point. */
void thread_join(pthread_t t);
/* The kernel's id of the calling thread (Linux: gettid; elsewhere 0): what per-thread nice and
 * tgkill() take. */
pid_t thread_tid(void);
/* The calling thread runs at nice 19: it gets the CPU time the others leave idle (pipeline
 * stalls, the start of a collection) and yields to them otherwise. For work off the data path
 * whose result is wanted only at the end (the rules' jq compile). Linux only (there nice is per
 * thread); elsewhere nothing. Not reversible without privilege: for threads that end. */
void thread_yield_priority(void);

#endif
