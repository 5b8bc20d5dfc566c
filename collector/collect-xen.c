/* SPDX-License-Identifier: MIT */
/* collect-xen.c: the hypervisor and its toolstacks. Mirrors sos xen.py and xen-bugtool, plus
 * xentop and both toolstacks. xm needs xend and hangs with it: one xm timeout marks xend
 * unresponsive and skips the other xm commands, while xl, xentop and xenstore-ls (which do
 * not go through xend) still run. xentop loops forever without -i; its second frame has real
 * CPU%. Scrubbed: vncpasswd values in /etc/xen, xm list -l and xenstore. */
#include "collector/collector.h"

#include "lib/banned.h"

static const struct artifact_spec xen_specs[] = {
    CMD_SPEC("xm-list", ARGV("xm", "list"), .group = "xend"),
    CMD_SPEC("xm-list-l", ARGV("xm", "list", "-l"), .group = "xend"),
    CMD_SPEC("xm-info", ARGV("xm", "info"), .group = "xend"),
    CMD_SPEC("xm-dmesg", ARGV("xm", "dmesg"), .group = "xend"),
    CMD_SPEC("xm-vcpu-list", ARGV("xm", "vcpu-list"), .group = "xend"),
    CMD_SPEC("xm-uptime", ARGV("xm", "uptime"), .group = "xend"),
    CMD_SPEC("xl-list", ARGV("xl", "list"), .group = "xl"),
    CMD_SPEC("xl-list-l", ARGV("xl", "list", "-l"), .group = "xl"),
    CMD_SPEC("xl-info", ARGV("xl", "info"), .group = "xl"),
    CMD_SPEC("xl-dmesg", ARGV("xl", "dmesg"), .group = "xl"),
    CMD_SPEC("xl-vcpu-list", ARGV("xl", "vcpu-list"), .group = "xl"),
    CMD_SPEC("xl-uptime", ARGV("xl", "uptime"), .group = "xl"),
    CMD_SPEC("xentop", ARGV("xentop", "-b", "-i", "2", "-d", "1")),
    CMD_SPEC("xenstore-ls-f", ARGV("xenstore-ls", "-f"), .group = "xenstored"),
    FILE_SPEC("/proc/xen/capabilities", 0),
    TREE_SPEC("/sys/hypervisor", 0),
    TREE_SPEC("/etc/xen", 0),
    /* xend.log first so that it gets the --since line cut; the tree takes the rest. */
    { .kind = SPEC_GLOB, .path = "/var/log/xen", .pattern = "xend.log*",
      .flags = SF_BULK | SF_SINCE, .prio = 0 },
    /* hotplug, domain builder, qemu-dm, xend-debug, console: after xend.log and the agent */
    { .kind = SPEC_TREE, .path = "/var/log/xen", .flags = SF_BULK, .prio = 2 },
    SPEC_END_ROW
};

COLLECTOR(xen) = {
    .name = "xen",
    .desc = "Xen hypervisor, xm/xl state, xentop, xenstore, /etc/xen and /var/log/xen",
    .specs = xen_specs,
};
