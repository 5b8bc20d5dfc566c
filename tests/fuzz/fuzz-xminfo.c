/* SPDX-License-Identifier: MIT */
/* fuzz-xminfo.c: the xminfo analyzer on xm info and on xl info output. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("xminfo", "cmd/xm-info.out", data, size);
    fuzz_analyzer("xminfo", "cmd/xl-info.out", data, size);
    return 0;
}
