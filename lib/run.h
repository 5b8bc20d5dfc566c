/* SPDX-License-Identifier: MIT */
/* run.h: run a command (an argv found in PATH as execvp would, then execve, never a shell) or a
 * function in a child process, with a deadline, capped output and a process group that is
 * killed as a whole. A child that cannot be reaped (D state on a hung mount) is abandoned:
 * nothing here waits without a bound.
 * A script without a "#!" line is not handed to /bin/sh (execvp would): it fails to start. */
#ifndef OVMDIAG_RUN_H
#define OVMDIAG_RUN_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/buf.h"

enum run_status {
    RUN_EXITED,      /* exit_code is valid */
    RUN_SIGNALED,    /* died of signal (not ours) */
    RUN_TIMEOUT,     /* deadline passed; group got SIGTERM, then SIGKILL; reaped */
    RUN_ABANDONED,   /* deadline passed and the child could not be reaped after SIGKILL */
    RUN_NOTFOUND,    /* no such command */
    RUN_DENIED,      /* command not executable */
    RUN_FAILED,      /* could not start (fork, pipe, exec error); spawn_errno set */
    RUN_INTERRUPTED, /* *interrupted became nonzero: group killed */
};

/* Function mode: runs in the child with out_fd as its stdout; the return value is the exit code. */
typedef int run_fn(void *arg, int out_fd);

struct run_opts {
    const char *const *argv;        /* exec mode (argv[0] looked up in PATH), or NULL */
    run_fn *fn;                     /* function mode, or NULL */
    void *fn_arg;
    int timeout_ms;                 /* > 0 */
    size_t out_cap;                 /* stdout bytes kept (head + tail); 0 = default 16 MiB */
    size_t err_cap;                 /* stderr bytes kept; 0 = default 64 KiB */
    int term_grace_ms;              /* SIGTERM to SIGKILL; 0 = default 1000 */
    const volatile sig_atomic_t *interrupted;  /* optional */
    const atomic_int *cancel;       /* optional: set by another thread, acts like interrupted */
};

struct run_result {
    enum run_status status;
    int exit_code;
    int signal;                     /* RUN_SIGNALED: the signal; RUN_TIMEOUT: last one we sent */
    int spawn_errno;
    pid_t pid;
    struct buf out;                 /* head [+ marker + tail] of stdout */
    struct buf err;
    uint64_t out_bytes;             /* bytes the child wrote, before capping */
    uint64_t err_bytes;
    bool out_truncated;
    bool killed_leftovers;          /* descendants held the output open after the child exited */
    long elapsed_ms;
};

void run_result_init(struct run_result *r);
void run_result_release(struct run_result *r);
/* Always fills r (status says what happened); returns 0, or a negative err code only for
 * invalid options. */
int run(const struct run_opts *o, struct run_result *r);
const char *run_status_name(enum run_status s);
/* Monotonic milliseconds. */
int64_t run_now_ms(void);

#endif
