/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "lib/blockq.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "lib/banned.h"

struct producer {
    struct blockq *q;
    size_t total;                 /* bytes to put, in pieces of varying size */
    size_t put_ok, put_dropped;   /* calls that returned true / false */
    const char *error;            /* close with it */
};

static unsigned char byte_at(size_t i)
{
    return (unsigned char)(i * 7 + i / 251);
}

static void *produce(void *arg)
{
    struct producer *p = arg;
    unsigned char piece[5000];
    size_t off = 0, k = 0;

    while (off < p->total) {
        size_t n = (k++ * 977) % sizeof(piece) + 1, i;
        if (n > p->total - off)
            n = p->total - off;
        for (i = 0; i < n; i++)
            piece[i] = byte_at(off + i);
        if (blockq_put(p->q, piece, n))
            p->put_ok++;
        else
            p->put_dropped++;
        off += n;
    }
    blockq_close(p->q, p->error);
    return NULL;
}

static void test_stream_in_order(void **state)
{
    struct producer p = { blockq_new(4096, 3), 1000 * 1000 + 17, 0, 0, NULL };
    pthread_t t;
    const void *data;
    size_t got = 0, i, blocks = 0;
    ssize_t r;

    (void)state;
    assert_int_equal(pthread_create(&t, NULL, produce, &p), 0);
    while ((r = blockq_get(p.q, &data)) > 0) {
        const unsigned char *b = data;
        assert_true((size_t)r <= 4096);
        for (i = 0; i < (size_t)r; i++)
            if (b[i] != byte_at(got + i))
                fail_msg("byte %zu differs", got + i);
        got += (size_t)r;
        blocks++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(got, p.total);
    assert_int_equal(blocks, (p.total + 4095) / 4096);   /* whole blocks but the last */
    pthread_join(t, NULL);
    assert_int_equal(p.put_dropped, 0);
    blockq_free(p.q);
}

static void test_error_after_data(void **state)
{
    struct producer p = { blockq_new(1000, 2), 2500, 0, 0, "inflate: bad data" };
    pthread_t t;
    const void *data;
    size_t got = 0;
    ssize_t r;

    (void)state;
    assert_int_equal(pthread_create(&t, NULL, produce, &p), 0);
    while ((r = blockq_get(p.q, &data)) > 0)
        got += (size_t)r;
    assert_int_equal(r, -1);
    assert_int_equal(got, 2500);
    assert_string_equal(blockq_error(p.q), "inflate: bad data");
    pthread_join(t, NULL);
    blockq_free(p.q);
}

static void test_abandon_never_blocks(void **state)
{
    /* a queue one block deep and a consumer that stops after one block: the producer must
     * finish (its puts fail) instead of waiting forever */
    struct producer p = { blockq_new(512, 1), 10 * 1000 * 1000, 0, 0, NULL };
    pthread_t t;
    const void *data;

    (void)state;
    assert_int_equal(pthread_create(&t, NULL, produce, &p), 0);
    assert_int_equal(blockq_get(p.q, &data), 512);
    blockq_abandon(p.q);
    pthread_join(t, NULL);
    assert_true(p.put_dropped > 0);
    blockq_free(p.q);
}

static void test_empty_stream(void **state)
{
    struct blockq *q = blockq_new(64, 4);
    const void *data;

    (void)state;
    assert_true(blockq_put(q, "", 0));
    blockq_close(q, NULL);
    blockq_close(q, "ignored: already closed");
    assert_int_equal(blockq_get(q, &data), 0);
    assert_int_equal(blockq_get(q, &data), 0);
    blockq_free(q);
}

/* A consumer waiting on an empty queue is woken when half the queue is full, or at the close:
 * fewer blocks than that and a close must still reach it. */
static void *put_little_then_close(void *arg)
{
    struct blockq *q = arg;
    struct timespec pause = { 0, 20 * 1000 * 1000 };

    nanosleep(&pause, NULL);           /* the consumer is waiting by now */
    assert_true(blockq_put(q, "0123456789abcdef", 16));
    assert_true(blockq_put(q, "tail", 4));
    nanosleep(&pause, NULL);
    blockq_close(q, NULL);
    return NULL;
}

static void test_close_wakes_a_waiting_consumer(void **state)
{
    struct blockq *q = blockq_new(16, 8);
    const void *data;
    pthread_t t;

    (void)state;
    assert_int_equal(pthread_create(&t, NULL, put_little_then_close, q), 0);
    assert_int_equal(blockq_get(q, &data), 16);
    assert_memory_equal(data, "0123456789abcdef", 16);
    assert_int_equal(blockq_get(q, &data), 4);
    assert_memory_equal(data, "tail", 4);
    assert_int_equal(blockq_get(q, &data), 0);
    pthread_join(t, NULL);
    blockq_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_in_order),
        cmocka_unit_test(test_error_after_data),
        cmocka_unit_test(test_abandon_never_blocks),
        cmocka_unit_test(test_empty_stream),
        cmocka_unit_test(test_close_wakes_a_waiting_consumer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
