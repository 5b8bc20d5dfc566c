/* SPDX-License-Identifier: MIT */
/* The command runner: deadlines, process groups, caps, missing commands, leftovers. */
#include "tests/unit/helpers.h"
#include "lib/run.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A killed process can take a moment to go under load: wait up to two seconds. */
static bool gone_soon(const char *marker)
{
    int i;

    for (i = 0; i < 40; i++) {
        if (!test_process_alive(marker))
            return true;
        usleep(50000);
    }
    return false;
}

static void run_argv(const char *const *argv, int timeout_ms, size_t cap, struct run_result *r)
{
    struct run_opts o = { .argv = argv, .timeout_ms = timeout_ms, .out_cap = cap,
                          .term_grace_ms = 300 };

    run_result_init(r);
    assert_int_equal(run(&o, r), 0);
}

static void test_run_captures_output_and_exit_code(void **state)
{
    const char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 5000, 0, &r);
    assert_int_equal(r.status, RUN_EXITED);
    assert_int_equal(r.exit_code, 3);
    assert_string_equal(r.out.data, "out\n");
    assert_string_equal(r.err.data, "err\n");
    run_result_release(&r);
}

/* A command that exits at once is not charged a whole poll slice (50 ms) for its reaping:
 * the fastest of ten runs of a shell echo takes well under that, even on a loaded machine. */
static void test_run_fast_command_is_reaped_promptly(void **state)
{
    const char *argv[] = { "/bin/sh", "-c", "echo sv095", NULL };
    struct run_result r;
    long best = 1000000;
    int i;

    (void)state;
    for (i = 0; i < 10; i++) {
        run_argv(argv, 5000, 0, &r);
        assert_int_equal(r.status, RUN_EXITED);
        assert_int_equal(r.exit_code, 0);
        best = MIN(best, r.elapsed_ms);
        run_result_release(&r);
    }
    assert_true(best < 25);
}

static void test_run_uses_c_locale(void **state)
{
    const char *argv[] = { "/bin/sh", "-c", "echo $LC_ALL", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 5000, 0, &r);
    assert_string_equal(r.out.data, "C\n");
    run_result_release(&r);
}

static void test_run_missing_command(void **state)
{
    const char *argv[] = { "ovmdiag-no-such-command-xyz", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 5000, 0, &r);
    assert_int_equal(r.status, RUN_NOTFOUND);
    run_result_release(&r);
}

/* argv[0] is looked up in PATH before the fork (the child only calls execve): the first
 * executable match wins, a directory or a file without x is skipped, and the rest of the
 * environment reaches the command beside LC_ALL=C and LANG=C. */
static void test_run_path_lookup_and_environment(void **state)
{
    const char *argv[] = { "ovmdiag-test-cmd", NULL };
    const char *denied[] = { "ovmdiag-test-noexec", NULL };
    const char *slash[] = { "/nonexistent/ovmdiag-test-cmd", NULL };
    char *dir = test_mkdtemp(), *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    char *old_lang = getenv("LANG") ? strdup(getenv("LANG")) : NULL;
    char path[4096];
    struct run_result r;
    static const char no_x[] = "#!/bin/sh\necho no\n";
    static const char script[] = "#!/bin/sh\necho \"$LC_ALL $LANG $OVMDIAG_TEST_VAR\"\n";

    (void)state;
    test_write_file(dir, "a/ovmdiag-test-cmd/x", "", 0, 0644);    /* a directory: skipped */
    test_write_file(dir, "b/ovmdiag-test-cmd", no_x, sizeof(no_x) - 1, 0644);
    test_write_file(dir, "c/ovmdiag-test-cmd", script, sizeof(script) - 1, 0755);
    test_write_file(dir, "b/ovmdiag-test-noexec", "", 0, 0644);
    snprintf(path, sizeof(path), "%s/a:%s/b:%s/c", dir, dir, dir);
    setenv("PATH", path, 1);
    setenv("LANG", "de_DE.UTF-8", 1);
    setenv("OVMDIAG_TEST_VAR", "kept", 1);
    run_argv(argv, 5000, 0, &r);
    assert_int_equal(r.status, RUN_EXITED);
    assert_string_equal(r.out.data, "C C kept\n");
    run_result_release(&r);
    run_argv(denied, 5000, 0, &r);
    assert_int_equal(r.status, RUN_DENIED);
    run_result_release(&r);
    run_argv(slash, 5000, 0, &r);
    assert_int_equal(r.status, RUN_NOTFOUND);
    run_result_release(&r);
    if (old)
        setenv("PATH", old, 1);
    if (old_lang)       /* the rest of the suite runs in the environment it started with */
        setenv("LANG", old_lang, 1);
    else
        unsetenv("LANG");
    unsetenv("OVMDIAG_TEST_VAR");
    free(old);
    free(old_lang);
    test_rmtree(dir);
    free(dir);
}

/* The hung command and its grandchild are both gone after the deadline. */
static void test_run_timeout_kills_the_group(void **state)
{
    const char *argv[] = { "/bin/sh", "-c",
                           "sleep 1001 & sleep 1002; echo never", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 500, 0, &r);
    assert_int_equal(r.status, RUN_TIMEOUT);
    assert_true(r.elapsed_ms < 3000);
    assert_true(gone_soon("sleep 1001"));
    assert_true(gone_soon("sleep 1002"));
    run_result_release(&r);
}

/* A child that ignores SIGTERM gets SIGKILL after the grace period. */
static void test_run_timeout_escalates_to_sigkill(void **state)
{
    const char *argv[] = { "/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 300, 0, &r);
    assert_int_equal(r.status, RUN_TIMEOUT);
    assert_int_equal(r.signal, SIGKILL);
    run_result_release(&r);
}

/* 100 MB of output keeps only the cap (head and tail) in memory. */
static void test_run_caps_huge_output(void **state)
{
    const char *argv[] = { "/bin/sh", "-c",
                           "echo FIRST; head -c 100000000 /dev/zero | tr '\\0' x; echo; echo LAST",
                           NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 30000, 64 * 1024, &r);
    assert_int_equal(r.status, RUN_EXITED);
    assert_int_equal(r.exit_code, 0);
    assert_true(r.out_truncated);
    assert_true(r.out_bytes > 100000000);
    assert_true(r.out.len < 64 * 1024 + 200);
    assert_memory_equal(r.out.data, "FIRST\n", 6);
    assert_string_equal(r.out.data + r.out.len - 5, "LAST\n");
    assert_non_null(strstr(r.out.data, "bytes omitted here"));
    run_result_release(&r);
}

/* The child exits at once but a background grandchild holds stdout open. */
static void test_run_grandchild_holding_pipe(void **state)
{
    const char *argv[] = { "/bin/sh", "-c", "echo early; sleep 1003 & exit 0", NULL };
    struct run_result r;

    (void)state;
    run_argv(argv, 20000, 0, &r);
    assert_int_equal(r.status, RUN_EXITED);
    assert_int_equal(r.exit_code, 0);
    assert_true(r.killed_leftovers);
    assert_true(r.elapsed_ms < 5000);
    assert_string_equal(r.out.data, "early\n");
    assert_true(gone_soon("sleep 1003"));
    run_result_release(&r);
}

static int write_hello(void *arg, int fd)
{
    const char *s = arg;

    return write(fd, s, strlen(s)) < 0 ? 1 : 7;
}

static void test_run_function_mode(void **state)
{
    static char msg[] = "from child";
    struct run_opts o = { .fn = write_hello, .fn_arg = msg, .timeout_ms = 5000 };
    struct run_result r;

    (void)state;
    run_result_init(&r);
    assert_int_equal(run(&o, &r), 0);
    assert_int_equal(r.status, RUN_EXITED);
    assert_int_equal(r.exit_code, 7);
    assert_string_equal(r.out.data, "from child");
    run_result_release(&r);
}

static int sleep_forever(void *arg, int fd)
{
    (void)arg;
    (void)fd;
    for (;;)
        pause();
    return 0;
}

static void test_run_interrupt_flag(void **state)
{
    static volatile sig_atomic_t flag = 1;
    struct run_opts o = { .fn = sleep_forever, .timeout_ms = 60000, .interrupted = &flag };
    struct run_result r;

    (void)state;
    run_result_init(&r);
    assert_int_equal(run(&o, &r), 0);
    assert_int_equal(r.status, RUN_INTERRUPTED);
    assert_true(r.elapsed_ms < 2000);
    run_result_release(&r);
}

static void test_run_rejects_bad_options(void **state)
{
    struct run_opts o = { .timeout_ms = 1000 };
    struct run_result r;

    (void)state;
    run_result_init(&r);
    assert_true(run(&o, &r) < 0);
    run_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_captures_output_and_exit_code),
        cmocka_unit_test(test_run_fast_command_is_reaped_promptly),
        cmocka_unit_test(test_run_uses_c_locale),
        cmocka_unit_test(test_run_missing_command),
        cmocka_unit_test(test_run_path_lookup_and_environment),
        cmocka_unit_test(test_run_timeout_kills_the_group),
        cmocka_unit_test(test_run_timeout_escalates_to_sigkill),
        cmocka_unit_test(test_run_caps_huge_output),
        cmocka_unit_test(test_run_grandchild_holding_pipe),
        cmocka_unit_test(test_run_function_mode),
        cmocka_unit_test(test_run_interrupt_flag),
        cmocka_unit_test(test_run_rejects_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
