/* SPDX-License-Identifier: MIT */
/* forkguard.h: keeps fork() apart from a helper thread's allocations where the allocator needs
 * it. The children of lib/run.c allocate before exec (setenv) or instead of it (a collector's
 * reader function); had another thread held an allocator lock at the fork, the child would wait
 * for it forever. glibc's malloc (and musl's since 1.2.1) takes its locks around fork() itself,
 * so in a normal build these calls do nothing. AddressSanitizer's and ThreadSanitizer's
 * allocators (GCC 12) do not: `make sanitize` hung in `check` once the rules' jq compile ran
 * beside the collection. There (or with -DOVMDIAG_FORKGUARD=1 for another allocator) a helper
 * thread that allocates a lot (engine/ruleset.c) works in steps between forkguard_enter() and
 * forkguard_leave(), and run() brackets its fork() with forkguard_fork_begin() and
 * forkguard_fork_end(), which wait for the step in progress and hold back the next one until the
 * child exists. A step should be short (one jq program: ~30 ms). */
#ifndef OVMDIAG_FORKGUARD_H
#define OVMDIAG_FORKGUARD_H

#include <stdbool.h>

/* Whether the calls below do anything in this build. */
bool forkguard_active(void);
void forkguard_enter(void);
void forkguard_leave(void);
void forkguard_fork_begin(void);
void forkguard_fork_end(void);

#endif
