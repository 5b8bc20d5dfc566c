/* SPDX-License-Identifier: MIT */
#include "lib/run.h"
#include "lib/forkguard.h"
#include "lib/err.h"
#include "lib/headtail.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/banned.h"

/* After the child exits, descendants may hold the pipes: give them this long, then kill. */
#define LEFTOVER_GRACE_MS 500
/* After SIGKILL, how long we try to reap before abandoning a child stuck in D state. */
#define REAP_GRACE_MS 1000
#define POLL_SLICE_MS 50

/* Threads may run commands at once (collector/cmdpool.c). A child must not inherit another
 * command's pipe ends, or that command's reader sees no EOF until this child exits: every
 * pipe end is close-on-exec from its creation under this lock until the parent has closed
 * its write ends, and the fork happens under it too. */
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

int64_t run_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void run_result_init(struct run_result *r)
{
    memset(r, 0, sizeof(*r));
    buf_init(&r->out);
    buf_init(&r->err);
}

void run_result_release(struct run_result *r)
{
    buf_release(&r->out);
    buf_release(&r->err);
}

const char *run_status_name(enum run_status s)
{
    switch (s) {
    case RUN_EXITED: return "exited";
    case RUN_SIGNALED: return "signaled";
    case RUN_TIMEOUT: return "timeout";
    case RUN_ABANDONED: return "abandoned";
    case RUN_NOTFOUND: return "not-found";
    case RUN_DENIED: return "denied";
    case RUN_FAILED: return "failed";
    case RUN_INTERRUPTED: return "interrupted";
    }
    return "unknown";
}

static void set_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD);

    if (flags >= 0)
        fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* Exec mode: what the child needs, made before the fork. A child of a threaded process may call
 * only async-signal-safe functions until it execs: no malloc, so no setenv and no PATH search. */
struct exec_plan {
    char *path;     /* argv[0] as found in PATH */
    char **envp;    /* ours, with LC_ALL=C and LANG=C */
};

extern char **environ;

/* 0, or ENOENT / EACCES as execvp would have failed. */
static int find_command(const char *name, char **path)
{
    const char *dirs = getenv("PATH"), *p, *end;
    struct buf b = BUF_INIT;
    struct stat st;
    int e = ENOENT;

    if (strchr(name, '/')) {
        *path = xstrdup(name);
        return 0;
    }
    if (!dirs)
        dirs = "/bin:/usr/bin";
    for (p = dirs;; p = end + 1) {
        end = strchr(p, ':');
        if (!end)
            end = p + strlen(p);
        buf_reset(&b);
        /* an empty entry is the current directory, as for execvp */
        buf_add(&b, p, (size_t)(end - p));
        if (b.len)
            buf_addc(&b, '/');
        buf_adds(&b, name);
        if (stat(b.data, &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(b.data, X_OK) == 0) {
                *path = buf_detach(&b, NULL);
                return 0;
            }
            e = EACCES;
        }
        if (!*end)
            break;
    }
    buf_release(&b);
    return e;
}

/* Commands speak the C locale so that their output parses the same everywhere. */
static char **c_locale_environ(void)
{
    size_t n = 0, k = 0;
    char **envp;

    while (environ && environ[n])
        n++;
    envp = xcalloc(n + 3, sizeof(*envp));
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) && strncmp(environ[i], "LANG=", 5))
            envp[k++] = environ[i];
    envp[k++] = (char *)"LC_ALL=C";
    envp[k++] = (char *)"LANG=C";
    envp[k] = NULL;
    return envp;
}

NORETURN static void child_main(const struct run_opts *o, const struct exec_plan *plan,
                                int out_w, int err_w, int exec_w)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGPIPE, SIGXFSZ, SIGCHLD, SIGALRM, SIGHUP };
    sigset_t none;
    size_t i;
    int fd, e;

    setpgid(0, 0);
    for (i = 0; i < ARRAY_SIZE(sigs); i++)
        signal(sigs[i], SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    fd = open("/dev/null", O_RDONLY);
    if (fd >= 0 && fd != 0) {
        dup2(fd, 0);
        close(fd);
    }
    /* The pipe ends are close-on-exec; their copies on 1 and 2 are not. */
    if (dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
        _exit(126);
    if (out_w == 1 || err_w == 2)
        for (fd = 1; fd <= 2; fd++)
            fcntl(fd, F_SETFD, 0);
    if (out_w > 2)
        close(out_w);
    if (err_w > 2 && err_w != out_w)
        close(err_w);
    if (o->fn) {
        if (exec_w >= 0)
            close(exec_w);
        _exit(o->fn(o->fn_arg, 1) & 0xff);
    }
    execve(plan->path, (char *const *)o->argv, plan->envp);
    e = errno;
    if (write(exec_w, &e, sizeof(e)) < 0)
        _exit(127);
    _exit(127);
}

static void kill_group(pid_t pid, int sig)
{
    if (kill(-pid, sig) < 0)
        kill(pid, sig);
}

static void drain(int *fd, struct headtail *ht, uint64_t *bytes)
{
    char chunk[65536];
    ssize_t n = read(*fd, chunk, sizeof(chunk));

    if (n > 0) {
        headtail_add(ht, chunk, (size_t)n);
        *bytes += (uint64_t)n;
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        close_fd(fd);
    }
}

/* Read a non-blocking fd until it is empty, then close it. */
static void drain_rest(int *fd, struct headtail *ht, uint64_t *bytes)
{
    char chunk[65536];
    ssize_t n;

    if (*fd < 0)
        return;
    while ((n = read(*fd, chunk, sizeof(chunk))) > 0) {
        headtail_add(ht, chunk, (size_t)n);
        *bytes += (uint64_t)n;
    }
    close_fd(fd);
}

int run(const struct run_opts *o, struct run_result *r)
{
    int out_p[2] = { -1, -1 }, err_p[2] = { -1, -1 }, exec_p[2] = { -1, -1 };
    struct headtail out_ht, err_ht;
    int64_t start, deadline, kill_at = 0, reap_until = 0, leftover_until = 0;
    bool reaped = false, term_sent = false, kill_sent = false, interrupted = false;
    int wstatus = 0, e = 0, reap_wait_ms = 1;
    struct exec_plan plan = { NULL, NULL };
    ssize_t n;
    pid_t pid;

    if ((!o->argv && !o->fn) || (o->argv && !o->argv[0]) || o->timeout_ms <= 0)
        return E_INVAL;
    headtail_init(&out_ht, o->out_cap ? o->out_cap : 16 * MIB);
    headtail_init(&err_ht, o->err_cap ? o->err_cap : 64 * KIB);
    start = run_now_ms();
    deadline = start + o->timeout_ms;

    if (!o->fn) {
        e = find_command(o->argv[0], &plan.path);
        if (e) {
            r->status = e == ENOENT ? RUN_NOTFOUND : RUN_DENIED;
            r->spawn_errno = e;
            goto out;
        }
        plan.envp = c_locale_environ();
    } else {
        /* The function allocates in the child: no helper thread may be in the middle of it
         * while the child is made (lib/forkguard.h). Not under spawn_lock, which a busy helper
         * may be waiting for. */
        forkguard_fork_begin();
    }
    pthread_mutex_lock(&spawn_lock);
    pid = -1;
    if (pipe(out_p) < 0 || pipe(err_p) < 0 || pipe(exec_p) < 0) {
        r->spawn_errno = errno;
    } else {
        for (int i = 0; i < 2; i++) {
            set_cloexec(out_p[i]);
            set_cloexec(err_p[i]);
            set_cloexec(exec_p[i]);
        }
        pid = fork();
        if (pid < 0)
            r->spawn_errno = errno;
    }
    if (pid == 0) {
        close(out_p[0]);
        close(err_p[0]);
        close(exec_p[0]);
        child_main(o, &plan, out_p[1], err_p[1], exec_p[1]);
    }
    if (pid > 0) {
        r->pid = pid;
        setpgid(pid, pid);  /* also done in the child; whichever runs first wins the race */
    }
    close_fd(&out_p[1]);
    close_fd(&err_p[1]);
    close_fd(&exec_p[1]);
    pthread_mutex_unlock(&spawn_lock);
    if (o->fn)
        forkguard_fork_end();
    if (pid < 0) {
        r->status = RUN_FAILED;
        goto out;
    }
    /* The child only sets up fds before exec; this read ends at exec (CLOEXEC) or failure. */
    do {
        n = read(exec_p[0], &e, sizeof(e));
    } while (n < 0 && errno == EINTR);
    close_fd(&exec_p[0]);
    if (n == (ssize_t)sizeof(e)) {
        r->status = e == ENOENT ? RUN_NOTFOUND : e == EACCES ? RUN_DENIED : RUN_FAILED;
        r->spawn_errno = e;
        /* It exits at once with 127: reap it, boundedly. */
        reap_until = run_now_ms() + REAP_GRACE_MS;
        forkguard_pause();
        while (waitpid(pid, &wstatus, WNOHANG) == 0 && run_now_ms() < reap_until)
            poll(NULL, 0, 5);
        forkguard_resume();
        goto out;
    }

    r->status = RUN_EXITED;
    for (;;) {
        struct pollfd pfd[2];
        int nfds = 0, timeout;
        int64_t now = run_now_ms(), next;

        if (!reaped) {
            pid_t w = waitpid(pid, &wstatus, WNOHANG);
            if (w == pid) {
                reaped = true;
                if (out_p[0] >= 0 || err_p[0] >= 0)
                    leftover_until = now + LEFTOVER_GRACE_MS;
            }
        }
        if (reaped && out_p[0] < 0 && err_p[0] < 0)
            break;
        if (((o->interrupted && *o->interrupted) || (o->cancel && atomic_load(o->cancel))) &&
            !interrupted) {
            interrupted = true;
            r->status = RUN_INTERRUPTED;
            kill_group(pid, SIGKILL);
            kill_sent = true;
            reap_until = now + REAP_GRACE_MS;
        }
        if (!reaped && !term_sent && !interrupted && now >= deadline) {
            r->status = RUN_TIMEOUT;
            kill_group(pid, SIGTERM);
            r->signal = SIGTERM;
            term_sent = true;
            kill_at = now + (o->term_grace_ms ? o->term_grace_ms : 1000);
        }
        if (!reaped && term_sent && !kill_sent && now >= kill_at) {
            kill_group(pid, SIGKILL);
            r->signal = SIGKILL;
            kill_sent = true;
            reap_until = now + REAP_GRACE_MS;
        }
        if (!reaped && kill_sent && now >= reap_until) {
            if (r->status == RUN_TIMEOUT)
                r->status = RUN_ABANDONED;
            break;
        }
        if (reaped && (out_p[0] >= 0 || err_p[0] >= 0) && now >= leftover_until) {
            kill_group(pid, SIGKILL);
            r->killed_leftovers = true;
            /* Read what the killed descendants left in the pipe, then stop. */
            if (out_p[0] >= 0)
                fcntl(out_p[0], F_SETFL, O_NONBLOCK);
            if (err_p[0] >= 0)
                fcntl(err_p[0], F_SETFL, O_NONBLOCK);
            drain_rest(&out_p[0], &out_ht, &r->out_bytes);
            drain_rest(&err_p[0], &err_ht, &r->err_bytes);
            break;
        }

        if (out_p[0] >= 0)
            pfd[nfds++] = (struct pollfd){ .fd = out_p[0], .events = POLLIN };
        if (err_p[0] >= 0)
            pfd[nfds++] = (struct pollfd){ .fd = err_p[0], .events = POLLIN };
        next = deadline;
        if (term_sent)
            next = kill_sent ? reap_until : kill_at;
        if (reaped)
            next = leftover_until;
        timeout = (int)MAX(0, MIN(next - now, POLL_SLICE_MS));
        /* Both pipes are closed but the child is not reaped yet: it is exiting, usually within
         * a millisecond. Poll for it with a short, growing sleep rather than a whole slice
         * (a full slice here cost every command 50 ms). */
        if (nfds == 0 && !reaped) {
            timeout = MIN(timeout, reap_wait_ms);
            reap_wait_ms = MIN(reap_wait_ms * 2, POLL_SLICE_MS);
        }
        forkguard_pause();
        nfds = poll(pfd, (nfds_t)nfds, timeout) <= 0 ? 0 : nfds;
        forkguard_resume();
        if (!nfds)
            continue;
        for (int i = 0; i < nfds; i++) {
            if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (pfd[i].fd == out_p[0])
                drain(&out_p[0], &out_ht, &r->out_bytes);
            else
                drain(&err_p[0], &err_ht, &r->err_bytes);
        }
    }

    if (reaped) {
        /* Background processes left in the group are ours to clean up. */
        kill_group(pid, SIGKILL);
        if (r->status == RUN_EXITED) {
            if (WIFEXITED(wstatus)) {
                r->exit_code = WEXITSTATUS(wstatus);
            } else if (WIFSIGNALED(wstatus)) {
                r->status = RUN_SIGNALED;
                r->signal = WTERMSIG(wstatus);
            }
        }
    }

out:
    free(plan.path);
    free(plan.envp);
    close_fd(&out_p[0]);
    close_fd(&out_p[1]);
    close_fd(&err_p[0]);
    close_fd(&err_p[1]);
    close_fd(&exec_p[0]);
    close_fd(&exec_p[1]);
    r->out_truncated = headtail_truncated(&out_ht);
    headtail_finish(&out_ht, &r->out);
    headtail_finish(&err_ht, &r->err);
    headtail_release(&out_ht);
    headtail_release(&err_ht);
    r->elapsed_ms = (long)(run_now_ms() - start);
    return 0;
}
