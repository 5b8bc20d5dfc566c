/* SPDX-License-Identifier: MIT */
/* fuzz-multipath.c: the multipath analyzer on multipath -ll output. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("multipath", "cmd/multipath-ll.out", data, size);
    return 0;
}
