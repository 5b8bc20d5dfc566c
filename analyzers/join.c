/* SPDX-License-Identifier: MIT */
/* join.c: the final facts from the analyzers' raw results. Placeholder order of work:
 * snapshot time, host.xen, dom0, domains, repositories, vm disks. */
#include "analyzers/analyzer.h"

#include "lib/banned.h"

void facts_join(struct facts *f)
{
    (void)f;
}
