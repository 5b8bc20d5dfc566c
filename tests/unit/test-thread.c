/* SPDX-License-Identifier: MIT */
/* lib/thread: helper counts from OVMDIAG_THREADS, and thread_yield_priority() lowering the
 * calling thread only. */
#include "tests/unit/helpers.h"
#include "lib/thread.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#endif

#include "lib/banned.h"

static void test_count_from_environment(void **state)
{
    (void)state;
    setenv("OVMDIAG_THREADS", "3", 1);
    assert_int_equal(thread_count(4), 3);
    assert_int_equal(thread_count(2), 2);      /* never above the cap */
    setenv("OVMDIAG_THREADS", "0", 1);         /* nonsense: one thread, the safe answer */
    assert_int_equal(thread_count(4), 1);
    setenv("OVMDIAG_THREADS", "2x", 1);
    assert_int_equal(thread_count(4), 1);
    unsetenv("OVMDIAG_THREADS");
    assert_true(thread_count(1) == 1);
}

#ifdef __linux__
static int nice_of_this_thread(void)
{
    errno = 0;
    return getpriority(PRIO_PROCESS, (id_t)thread_tid());
}

static void *yield_and_report(void *arg)
{
    int *nice = arg;

    thread_yield_priority();
    *nice = nice_of_this_thread();
    return NULL;
}
#endif

static void test_yield_priority_is_per_thread(void **state)
{
#ifdef __linux__
    pthread_t t;
    int before = nice_of_this_thread(), helper = -100;

    (void)state;
    assert_int_equal(thread_start(&t, yield_and_report, &helper), 0);
    thread_join(t);
    assert_int_equal(helper, 19);
    assert_int_equal(nice_of_this_thread(), before);   /* the caller keeps its priority */
#else
    (void)state;
    thread_yield_priority();
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_from_environment),
        cmocka_unit_test(test_yield_priority_is_per_thread),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
