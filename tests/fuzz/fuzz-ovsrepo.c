/* SPDX-License-Identifier: MIT */
/* fuzz-ovsrepo.c: the ovsrepo analyzer on a repository's .ovsrepo (KEY=VALUE lines). */
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("ovsrepo", "root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsrepo", data, size);
    return 0;
}
