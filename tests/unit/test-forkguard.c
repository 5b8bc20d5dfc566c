/* SPDX-License-Identifier: MIT */
/* lib/forkguard with lib/thread: where it is active (sanitizer builds, `make sanitize`), a
 * function-mode fork waits until every helper thread is at a safe point, and a helper leaving
 * its safe point waits for the fork; elsewhere every call returns at once. */
#include "tests/unit/helpers.h"
#include "lib/forkguard.h"
#include "lib/thread.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool go;
static atomic_int busy_started, busy_done, woke, inner_started;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static void reset(void)
{
    go = false;
    atomic_store(&busy_started, 0);
    atomic_store(&busy_done, 0);
    atomic_store(&woke, 0);
    atomic_store(&inner_started, 0);
}

/* Busy for 100 ms, then waits at a safe point until told to go. */
static void *busy_then_wait(void *arg)
{
    (void)arg;
    atomic_store(&busy_started, 1);
    sleep_ms(100);
    atomic_store(&busy_done, 1);
    pthread_mutex_lock(&mu);
    while (!go)
        forkguard_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    atomic_store(&woke, 1);
    return NULL;
}

static void let_go(void)
{
    pthread_mutex_lock(&mu);
    go = true;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static void test_fork_waits_for_busy_helper(void **state)
{
    pthread_t t;

    (void)state;
    reset();
    assert_int_equal(thread_start(&t, busy_then_wait, NULL), 0);
    while (!atomic_load(&busy_started))
        sleep_ms(1);
    forkguard_fork_begin();
    /* inactive: no wait; active: the helper reached its safe point first */
    assert_int_equal(atomic_load(&busy_done), forkguard_active());
    forkguard_fork_end();
    let_go();
    thread_join(t);
    assert_int_equal(atomic_load(&woke), 1);
}

static void test_helper_waits_for_fork(void **state)
{
    pthread_t t;

    (void)state;
    if (!forkguard_active())
        skip();
    reset();
    assert_int_equal(thread_start(&t, busy_then_wait, NULL), 0);
    while (!atomic_load(&busy_done))
        sleep_ms(1);
    sleep_ms(20);
    forkguard_fork_begin();
    let_go();
    sleep_ms(50);
    assert_int_equal(atomic_load(&woke), 0);
    forkguard_fork_end();
    thread_join(t);
    assert_int_equal(atomic_load(&woke), 1);
}

static void *short_lived(void *arg)
{
    (void)arg;
    atomic_store(&inner_started, 1);
    sleep_ms(50);
    return NULL;
}

/* A helper joining another while a fork is pending: neither waits for the other forever. */
static void *joiner(void *arg)
{
    pthread_t t;

    (void)arg;
    if (thread_start(&t, short_lived, NULL) != 0)
        return NULL;
    thread_join(t);
    atomic_store(&woke, 1);
    return NULL;
}

static void test_join_inside_helper_during_fork(void **state)
{
    pthread_t t;

    (void)state;
    reset();
    assert_int_equal(thread_start(&t, joiner, NULL), 0);
    while (!atomic_load(&inner_started))
        sleep_ms(1);
    forkguard_fork_begin();
    forkguard_fork_end();
    thread_join(t);
    assert_int_equal(atomic_load(&woke), 1);
}

static void *returns_at_once(void *arg)
{
    (void)arg;
    atomic_store(&busy_done, 1);
    return NULL;
}

/* A helper that returned but was not joined yet (the rules compile, joined when the rules are
 * needed) no longer holds forks back. */
static void test_finished_helper_does_not_block_fork(void **state)
{
    pthread_t t;

    (void)state;
    reset();
    assert_int_equal(thread_start(&t, returns_at_once, NULL), 0);
    while (!atomic_load(&busy_done))
        sleep_ms(1);
    forkguard_fork_begin();
    forkguard_fork_end();
    thread_join(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_waits_for_busy_helper),
        cmocka_unit_test(test_helper_waits_for_fork),
        cmocka_unit_test(test_join_inside_helper_during_fork),
        cmocka_unit_test(test_finished_helper_does_not_block_fork),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
