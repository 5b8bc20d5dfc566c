/* SPDX-License-Identifier: MIT */
/* fuzz-ntp.c: the ntp analyzer on ntpq -pn or (odd first byte) chronyc sources output. */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = size && (data[0] & 1) ? "cmd/chronyc-sources.out" : "cmd/ntpq-pn.out";

    fuzz_analyzer("ntp", path, data, size);
    return 0;
}
