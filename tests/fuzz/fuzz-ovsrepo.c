/* SPDX-License-Identifier: MIT */
/* fuzz-ovsrepo.c: the ovsrepo analyzer on a repository's .ovsrepo (KEY=VALUE lines). */
#include "tests/fuzz/fuzz.h"

#define REPO "root/OVS/Repositories/0004fb000003000024cd350d232b41fc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("ovsrepo", REPO "/.ovsrepo", data, size);
    return 0;
}
