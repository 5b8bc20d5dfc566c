/* SPDX-License-Identifier: MIT */
/* collect-storage.c: multipath, file systems and the OCFS2 cluster stack that carries the
 * repositories and the pool file system. o2cb status comes from the init script on OL5/OL6;
 * `service o2cb status` is the fallback where the script is elsewhere. */
#include "collector/collector.h"

#include "lib/banned.h"

static const struct artifact_spec storage_specs[] = {
    CMD_SPEC("multipath-ll", ARGV("multipath", "-ll")),
    CMD_SPEC("df-P", ARGV("df", "-P")),
    CMD_SPEC("df-Pi", ARGV("df", "-Pi")),
    CMD_SPEC("o2cb-status", ARGV("/etc/init.d/o2cb", "status")),
    CMD_SPEC("service-o2cb-status", ARGV("service", "o2cb", "status"),
             .fallback_for = "o2cb-status"),
    CMD_SPEC("mounted.ocfs2-f", ARGV("mounted.ocfs2", "-f")),
    FILE_SPEC("/proc/mounts", 0),
    FILE_SPEC("/etc/multipath.conf", 0),
    FILE_SPEC("/etc/ocfs2/cluster.conf", 0),
    FILE_SPEC("/etc/sysconfig/o2cb", 0),
    SPEC_END_ROW
};

COLLECTOR(storage) = {
    .name = "storage",
    .desc = "multipath, df, mounts, OCFS2 cluster configuration and o2cb state",
    .specs = storage_specs,
};
