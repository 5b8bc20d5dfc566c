/* SPDX-License-Identifier: MIT */
/* fuzz-xmlist.c: the xmlist analyzer on xm list and on xl list output. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("xmlist", "cmd/xm-list.out", data, size);
    fuzz_analyzer("xmlist", "cmd/xl-list.out", data, size);
    return 0;
}
