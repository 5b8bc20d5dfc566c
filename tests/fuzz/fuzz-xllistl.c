/* SPDX-License-Identifier: MIT */
/* fuzz-xllistl.c: the xllistl analyzer on xl list -l JSON. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("xllistl", "cmd/xl-list-l.out", data, size);
    return 0;
}
