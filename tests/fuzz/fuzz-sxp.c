/* SPDX-License-Identifier: MIT */
/* fuzz-sxp.c: the S-expression reader and every walking function over what it kept, then the
 * xmlistl analyzer (xm list -l), which is built on it. */
#include "tests/fuzz/fuzz.h"
#include "analyzers/sxp.h"

#include <stdlib.h>

#include "lib/banned.h"

static size_t walk(const struct sxp_doc *d, const struct sxp_node *list, int depth)
{
    const struct sxp_node *n;
    size_t count = 0;

    if (depth > SXP_MAX_DEPTH + 1)
        abort();   /* deeper than the reader promises */
    (void)sxp_head(d, list);
    (void)sxp_find(d, list, "domain");
    (void)sxp_value(d, list, "name");
    for (n = sxp_child(d, list); n; n = sxp_next(d, n)) {
        count++;
        if (n->list)
            count += walk(d, n, depth + 1);
        else if (!sxp_atom(d, n))
            abort();
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct err err = ERR_INIT;
    const struct sxp_node *n;
    struct sxp_doc d;
    size_t count = 0;

    sxp_init(&d);
    (void)sxp_parse(&d, text, size, 1, &err);
    for (n = sxp_first(&d); n; n = sxp_next(&d, n))
        count += 1 + walk(&d, n, 1);
    if (count > d.n)
        abort();   /* a node reached twice: the links loop */
    sxp_release(&d);
    free(text);
    fuzz_analyzer("xmlistl", "cmd/xm-list-l.out", data, size);
    return 0;
}
