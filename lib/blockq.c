/* SPDX-License-Identifier: MIT */
/* blockq.c: see blockq.h. One mutex, two conditions; blocks are recycled through a free list
 * so that a long stream allocates `depth` + 2 blocks in all. A side that had to wait is woken
 * when half the queue is ready for it, not at every block: the one pass moves ~1000 blocks,
 * and a wake per block cost a context switch per block on both sides. */
#include "lib/blockq.h"
#include "lib/forkguard.h"
#include "lib/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

struct block {
    struct block *next;
    size_t len;
    unsigned char data[];
};

struct blockq {
    pthread_mutex_t mu;
    pthread_cond_t can_put, can_get;
    size_t block_size, depth;
    struct block *head, *tail;    /* full blocks, oldest first */
    size_t queued;
    struct block *spare;          /* free list */
    struct block *fill;           /* the producer's block being filled (not queued) */
    struct block *held;           /* the block the consumer was last given */
    bool closed, abandoned;
    bool getter_waits, putter_waits;
    char *error;
};

struct blockq *blockq_new(size_t block_size, size_t depth)
{
    struct blockq *q = xcalloc(1, sizeof(*q));

    q->block_size = block_size ? block_size : 1;
    q->depth = depth ? depth : 1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->can_put, NULL);
    pthread_cond_init(&q->can_get, NULL);
    return q;
}

/* Under q->mu. */
static struct block *block_take(struct blockq *q)
{
    struct block *b = q->spare;

    if (b)
        q->spare = b->next;
    else
        b = xmalloc(sizeof(*b) + q->block_size);
    b->next = NULL;
    b->len = 0;
    return b;
}

static void block_give(struct blockq *q, struct block *b)
{
    if (!b)
        return;
    b->next = q->spare;
    q->spare = b;
}

/* Half the queue (at least one block): what wakes a side that waits. */
static size_t half(const struct blockq *q)
{
    return (q->depth + 1) / 2;
}

/* Queue the block being filled, waiting for room. Under q->mu; false when abandoned. */
static bool push_fill(struct blockq *q)
{
    while (q->queued >= q->depth && !q->abandoned) {
        q->putter_waits = true;
        forkguard_cond_wait(&q->can_put, &q->mu);
    }
    q->putter_waits = false;
    if (q->abandoned) {
        q->fill->len = 0;
        return false;
    }
    if (q->tail)
        q->tail->next = q->fill;
    else
        q->head = q->fill;
    q->tail = q->fill;
    q->queued++;
    q->fill = NULL;
    if (q->getter_waits && q->queued >= half(q))
        pthread_cond_signal(&q->can_get);
    return true;
}

bool blockq_put(struct blockq *q, const void *data, size_t len)
{
    const unsigned char *p = data;
    bool ok = true;

    pthread_mutex_lock(&q->mu);
    while (len && ok && !q->closed) {
        size_t room, n;
        if (q->abandoned) {
            ok = false;
            break;
        }
        if (!q->fill)
            q->fill = block_take(q);
        room = q->block_size - q->fill->len;
        n = len < room ? len : room;
        /* the copy runs unlocked: only this thread touches the block being filled */
        pthread_mutex_unlock(&q->mu);
        memcpy(q->fill->data + q->fill->len, p, n);
        pthread_mutex_lock(&q->mu);
        q->fill->len += n;
        p += n;
        len -= n;
        if (q->fill->len == q->block_size)
            ok = push_fill(q);
    }
    if (q->abandoned)
        ok = false;
    pthread_mutex_unlock(&q->mu);
    return ok;
}

void blockq_close(struct blockq *q, const char *error)
{
    pthread_mutex_lock(&q->mu);
    if (!q->closed) {
        if (q->fill && q->fill->len && !q->abandoned)
            push_fill(q);
        q->closed = true;
        if (error)
            q->error = xstrdup(error);
        pthread_cond_broadcast(&q->can_get);
    }
    pthread_mutex_unlock(&q->mu);
}

ssize_t blockq_get(struct blockq *q, const void **data)
{
    struct block *b;
    ssize_t r;

    pthread_mutex_lock(&q->mu);
    block_give(q, q->held);
    q->held = NULL;
    while (!q->head && !q->closed) {
        q->getter_waits = true;
        forkguard_cond_wait(&q->can_get, &q->mu);
    }
    q->getter_waits = false;
    b = q->head;
    if (b) {
        q->head = b->next;
        if (!q->head)
            q->tail = NULL;
        q->queued--;
        q->held = b;
        if (q->putter_waits && q->queued <= q->depth - half(q))
            pthread_cond_signal(&q->can_put);
        *data = b->data;
        r = (ssize_t)b->len;
    } else {
        *data = NULL;
        r = q->error ? -1 : 0;
    }
    pthread_mutex_unlock(&q->mu);
    return r;
}

const char *blockq_error(const struct blockq *q)
{
    return q->error ? q->error : "the stream ended";
}

void blockq_abandon(struct blockq *q)
{
    struct block *b;

    pthread_mutex_lock(&q->mu);
    q->abandoned = true;
    while ((b = q->head)) {
        q->head = b->next;
        block_give(q, b);
    }
    q->tail = NULL;
    q->queued = 0;
    pthread_cond_broadcast(&q->can_put);
    pthread_mutex_unlock(&q->mu);
}

static void chain_free(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
}

void blockq_free(struct blockq *q)
{
    if (!q)
        return;
    chain_free(q->head);
    chain_free(q->spare);
    free(q->fill);
    free(q->held);
    free(q->error);
    pthread_cond_destroy(&q->can_put);
    pthread_cond_destroy(&q->can_get);
    pthread_mutex_destroy(&q->mu);
    free(q);
}
