/* SPDX-License-Identifier: MIT */
/* fuzz-xentop.c: the xentop analyzer on xentop -b frames. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("xentop", "cmd/xentop.out", data, size);
    return 0;
}
