/* SPDX-License-Identifier: MIT */
#include "lib/headtail.h"
#include "lib/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void headtail_init(struct headtail *ht, size_t cap)
{
    memset(ht, 0, sizeof(*ht));
    ht->cap = cap;
    buf_init(&ht->head);
}

void headtail_release(struct headtail *ht)
{
    buf_release(&ht->head);
    free(ht->ring);
    ht->ring = NULL;
    ht->ring_cap = ht->ring_len = ht->ring_pos = 0;
    ht->total = 0;
}

void headtail_add(struct headtail *ht, const char *data, size_t len)
{
    size_t head_cap = ht->cap / 2, n;

    ht->total += len;
    if (ht->head.len < head_cap) {
        n = MIN(head_cap - ht->head.len, len);
        buf_add(&ht->head, data, n);
        data += n;
        len -= n;
    }
    if (!len)
        return;
    if (!ht->ring) {
        ht->ring_cap = ht->cap - head_cap;
        if (!ht->ring_cap)
            return;
        ht->ring = xmalloc(ht->ring_cap);
    }
    if (len >= ht->ring_cap) {
        memcpy(ht->ring, data + len - ht->ring_cap, ht->ring_cap);
        ht->ring_pos = 0;
        ht->ring_len = ht->ring_cap;
        return;
    }
    while (len) {
        n = MIN(ht->ring_cap - ht->ring_pos, len);
        memcpy(ht->ring + ht->ring_pos, data, n);
        ht->ring_pos = (ht->ring_pos + n) % ht->ring_cap;
        ht->ring_len = MIN(ht->ring_len + n, ht->ring_cap);
        data += n;
        len -= n;
    }
}

bool headtail_truncated(const struct headtail *ht)
{
    return ht->total > ht->cap;
}

void headtail_marker(struct buf *out, uint64_t omitted, bool head_ends_line)
{
    buf_addf(out, "%s[ovmdiag: %" PRIu64 " bytes omitted here; head and tail kept]\n",
             head_ends_line ? "" : "\n", omitted);
}

void headtail_finish(struct headtail *ht, struct buf *out)
{
    size_t start;

    buf_add(out, ht->head.data, ht->head.len);
    if (!ht->ring_len)
        return;
    if (headtail_truncated(ht))
        headtail_marker(out, ht->total - ht->head.len - ht->ring_len,
                        ht->head.len && ht->head.data[ht->head.len - 1] == '\n');
    start = ht->ring_len < ht->ring_cap ? 0 : ht->ring_pos;
    buf_add(out, ht->ring + start, ht->ring_len - start);
    if (start)
        buf_add(out, ht->ring, start);
}
