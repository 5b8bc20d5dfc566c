/* SPDX-License-Identifier: MIT */
/* fuzz-ovsmeta.c: the ovsmeta analyzer on a repository's .ovsmeta (JSON or a Berkeley DB hash
 * file). */
#include "tests/fuzz/fuzz.h"

#define REPO "root/OVS/Repositories/0004fb000003000024cd350d232b41fc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("ovsmeta", REPO "/.ovsmeta", data, size);
    return 0;
}
