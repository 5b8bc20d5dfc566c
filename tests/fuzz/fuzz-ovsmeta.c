/* SPDX-License-Identifier: MIT */
/* fuzz-ovsmeta.c: the ovsmeta analyzer on a repository's .ovsmeta (JSON or a Berkeley DB hash file). */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("ovsmeta", "root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsmeta", data, size);
    return 0;
}
