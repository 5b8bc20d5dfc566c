/* SPDX-License-Identifier: MIT */
/* forkguard.h: keeps fork() apart from the helper threads' allocations where the allocator needs
 * it.
 *
 * A child of lib/run.c in exec mode calls only async-signal-safe functions before execve (its
 * path and environment are made before the fork), so it never touches the allocator. A child in
 * function mode runs collector code (a file read that may hang on a dead NFS server, libxenctrl)
 * that allocates: had another thread held an allocator lock at the fork, that child would wait
 * for it forever. glibc's malloc (and musl's since 1.2.1) takes its locks around fork() itself,
 * so in a normal build everything here does nothing. AddressSanitizer's and ThreadSanitizer's
 * allocators in GCC 12 do not (their stack depot lock is the one seen held): `make sanitize`
 * hung in `check` and in live `analyze`. There (or with -DOVMDIAG_FORKGUARD=1 for another
 * allocator) a function-mode fork waits until every helper thread is at a safe point.
 *
 * A helper thread is one started with thread_start() (lib/thread.c): it counts as busy from
 * before its creation until its function returns, and a fork also waits until the rest of its
 * exit is over; it is safe only while it waits in forkguard_cond_wait() or between
 * forkguard_pause() and forkguard_resume(). So every wait of a helper thread that might last
 * (a condition variable, poll() on a child, a join) goes through these calls; a busy stretch
 * between two waits must be short. A thread not started so (the main thread) is never counted:
 * it must not allocate while a helper thread forks in function mode (none does). */
#ifndef OVMDIAG_FORKGUARD_H
#define OVMDIAG_FORKGUARD_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

/* Whether the calls below do anything in this build. */
bool forkguard_active(void);

/* Used by lib/thread.c: count a helper thread in before it is created (out again if that
 * failed); the new thread marks itself with forkguard_thread_is_helper() and calls
 * forkguard_thread_exiting() when its function returned. */
void forkguard_thread_add(void);
void forkguard_thread_remove(void);
void forkguard_thread_is_helper(void);
void forkguard_thread_exiting(void);

/* A helper thread's safe stretch; resume waits while a fork is pending. No-ops elsewhere. */
void forkguard_pause(void);
void forkguard_resume(void);
/* A safe point between two busy stretches: waits only if a fork is pending. */
void forkguard_safepoint(void);
/* pthread_cond_wait/timedwait as a safe point. The mutex is released while a pending fork is
 * waited for, so the caller must recheck its condition (as it must after any wakeup). */
int forkguard_cond_wait(pthread_cond_t *cv, pthread_mutex_t *mu);
int forkguard_cond_timedwait(pthread_cond_t *cv, pthread_mutex_t *mu, const struct timespec *until);

/* Around a function-mode fork(): begin waits until no helper thread is busy and holds them
 * at their next resume; end lets them go. The caller holds no lock a helper might wait for. */
void forkguard_fork_begin(void);
void forkguard_fork_end(void);

#endif
