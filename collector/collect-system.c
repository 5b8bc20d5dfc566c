/* SPDX-License-Identifier: MIT */
/* collect-system.c: identity, release, boot configuration (the Xen command line and dom0_mem
 * live in grub), memory and time of dom0, packages and network. /var/log/messages gets its own
 * budget so that it never crowds out the Xen logs. */
#include "collector/collector.h"
#include "lib/compat.h"

#include "lib/banned.h"

/* The package list is long; these are the packages support asks about. */
static const char *const package_words[] = { "xen", "ovs", "kernel", "ocfs2", "linux-image",
                                             "multipath", "libvirt", "qemu", NULL };

static const struct artifact_spec system_specs[] = {
    CMD_SPEC("hostname", ARGV("hostname")),
    CMD_SPEC("uname-a", ARGV("uname", "-a")),
    CMD_SPEC("date-u", ARGV("date", "-u")),
    CMD_SPEC("ntpq-pn", ARGV("ntpq", "-pn")),
    CMD_SPEC("chronyc-sources", ARGV("chronyc", "sources"), .fallback_for = "ntpq-pn"),
    CMD_SPEC("rpm-qa", ARGV("rpm", "-qa"), .keep = package_words),
    CMD_SPEC("dpkg-l", ARGV("dpkg", "-l"), .fallback_for = "rpm-qa", .keep = package_words),
    CMD_SPEC("ip-o-addr", ARGV("ip", "-o", "addr")),
    CMD_SPEC("ip-o-link", ARGV("ip", "-o", "link")),
    CMD_SPEC("brctl-show", ARGV("brctl", "show")),
    CMD_SPEC("dmesg", ARGV("dmesg")),
    FILE_SPEC("/etc/hostname", 0),
    FILE_SPEC("/etc/sysconfig/network", 0),
    FILE_SPEC("/etc/ovs-release", 0),
    FILE_SPEC("/etc/oracle-release", 0),
    FILE_SPEC("/etc/redhat-release", 0),
    FILE_SPEC("/etc/os-release", 0),
    FILE_SPEC("/boot/grub/grub.conf", 0),
    FILE_SPEC("/boot/grub/menu.lst", 0),
    FILE_SPEC("/boot/grub2/grub.cfg", 0),
    FILE_SPEC("/boot/efi/EFI/redhat/grub.conf", 0),
    FILE_SPEC("/etc/default/grub", 0),
    FILE_SPEC("/proc/meminfo", 0),
    FILE_SPEC("/proc/cpuinfo", 0),
    FILE_SPEC("/proc/cmdline", 0),
    FILE_SPEC("/proc/uptime", 0),
    { .kind = SPEC_GLOB, .path = "/var/log", .pattern = "messages*",
      .flags = SF_BULK | SF_SINCE, .budget = 64 * MIB, .prio = 3 },
    SPEC_END_ROW
};

COLLECTOR(system) = {
    .name = "system",
    .desc = "host identity, release, grub, /proc, packages, network, time and messages",
    .specs = system_specs,
};
