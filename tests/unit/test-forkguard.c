/* SPDX-License-Identifier: MIT */
/* lib/forkguard: where it is active (sanitizer builds, `make sanitize`), a fork waits for the
 * helper's step in progress, and a step waits for the fork; elsewhere every call returns at once. */
#include "tests/unit/helpers.h"
#include "lib/forkguard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static atomic_int in_step, step_done, entered;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static void *stepper(void *arg)
{
    (void)arg;
    forkguard_enter();
    atomic_store(&in_step, 1);
    sleep_ms(100);
    atomic_store(&step_done, 1);
    forkguard_leave();
    return NULL;
}

static void *late_stepper(void *arg)
{
    (void)arg;
    forkguard_enter();
    atomic_store(&entered, 1);
    forkguard_leave();
    return NULL;
}

static void test_fork_waits_for_step(void **state)
{
    pthread_t t;

    (void)state;
    if (!forkguard_active()) {
        /* no-ops: nothing may block */
        forkguard_fork_begin();
        forkguard_enter();
        forkguard_leave();
        forkguard_fork_end();
        skip();
    }
    assert_int_equal(pthread_create(&t, NULL, stepper, NULL), 0);
    while (!atomic_load(&in_step))
        sleep_ms(1);
    forkguard_fork_begin();
    assert_int_equal(atomic_load(&step_done), 1);
    forkguard_fork_end();
    pthread_join(t, NULL);
}

static void test_step_waits_for_fork(void **state)
{
    pthread_t t;

    (void)state;
    if (!forkguard_active())
        skip();
    forkguard_fork_begin();
    assert_int_equal(pthread_create(&t, NULL, late_stepper, NULL), 0);
    sleep_ms(50);
    assert_int_equal(atomic_load(&entered), 0);
    forkguard_fork_end();
    pthread_join(t, NULL);
    assert_int_equal(atomic_load(&entered), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_waits_for_step),
        cmocka_unit_test(test_step_waits_for_fork),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
