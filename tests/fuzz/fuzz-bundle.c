/* SPDX-License-Identifier: MIT */
/* fuzz-bundle.c: the bundle reader on raw .tar.gz (or .tar) bytes, through the whole facts
 * pipeline: every analyzer an entry's path selects, the log inventory, the joins, the JSON. */
#include "tests/fuzz/fuzz.h"
#include "analyzers/analyzer.h"

#include <stdlib.h>

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err err = ERR_INIT;
    struct facts f;

    facts_init(&f);
    if (analyze_bundle_mem_with(data, size, "fuzz.tar.gz", &f, NULL, &err) == 0)
        free(facts_to_string(&f));
    facts_release(&f);
    return 0;
}
