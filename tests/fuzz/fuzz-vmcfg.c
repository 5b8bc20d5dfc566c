/* SPDX-License-Identifier: MIT */
/* fuzz-vmcfg.c: the vmcfg analyzer on one vm.cfg (assignments of Python literals). */
#include "tests/fuzz/fuzz.h"

#define REPO "root/OVS/Repositories/0004fb000003000024cd350d232b41fc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_analyzer("vmcfg", REPO "/VirtualMachines/0004fb0000060000cd82eeb81e5f78a1/vm.cfg", data,
                  size);
    return 0;
}
