/* SPDX-License-Identifier: MIT */
#include "analyzers/logsources.h"

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "lib/banned.h"

#define PATS(...) (const char *const[]){ __VA_ARGS__, NULL }

const struct log_source log_sources[] = {
    { "xend", "xend.log: the xend daemon (OVM, Xen <= 4.4)",
      PATS("root/var/log/xen/xend.log", "root/var/log/xen/xend.log.*") },
    { "xend-debug", "xend-debug.log: xend's stderr, Python tracebacks",
      PATS("root/var/log/xen/xend-debug.log", "root/var/log/xen/xend-debug.log.*") },
    { "qemu-dm", "qemu-dm-<vm>.log: one device model per HVM guest",
      PATS("root/var/log/xen/qemu-dm-*.log", "root/var/log/xen/qemu-dm-*.log.*") },
    { "hotplug", "xen-hotplug.log: vif and block hotplug scripts",
      PATS("root/var/log/xen/xen-hotplug.log", "root/var/log/xen/xen-hotplug.log.*") },
    { "domain-builder", "domain-builder-ng.log: libxc's domain builder",
      PATS("root/var/log/xen/domain-builder-ng.log", "root/var/log/xen/domain-builder-ng.log.*") },
    { "xl", "xl-<domain>.log: xl's per-domain log",
      PATS("root/var/log/xen/xl-*.log", "root/var/log/xen/xl-*.log.*") },
    { "xenstored", "xenstored logs",
      PATS("root/var/log/xen/xenstored*.log", "root/var/log/xen/xenstored*.log.*") },
    { "xen-console", "guest consoles logged by xenconsoled",
      PATS("root/var/log/xen/console/guest-*.log", "root/var/log/xen/console/guest-*.log.*") },
    { "xen-dmesg", "the hypervisor's console ring: xm/xl dmesg and console/hypervisor.log",
      PATS("cmd/xm-dmesg.out", "cmd/xl-dmesg.out", "root/var/log/xen/console/hypervisor.log",
           "root/var/log/xen/console/hypervisor.log.*") },
    { "ovs-agent", "the Oracle VM agent",
      PATS("root/var/log/ovs-agent.log", "root/var/log/ovs-agent.log.*",
           "root/var/log/ovs-agent/*") },
    { "messages", "syslog: kernel (OOM, o2hb, o2net, multipath) and daemons",
      PATS("root/var/log/messages", "root/var/log/messages.*", "root/var/log/messages-*") },
    { "dom0-dmesg", "dom0's kernel ring buffer",
      PATS("cmd/dmesg.out"), NULL },
    /* OCFS2's o2hb/o2net/o2dlm messages are kernel messages in syslog. */
    { "o2cb", "the O2CB cluster stack's kernel messages (in syslog)", NULL, "messages" },
    { NULL, NULL, NULL, NULL },
};

const struct log_source *log_source_of(const char *path)
{
    const struct log_source *s;
    size_t i;

    for (s = log_sources; s->name; s++)
        for (i = 0; s->patterns && s->patterns[i]; i++)
            if (fnmatch(s->patterns[i], path, FNM_PATHNAME) == 0)
                return s;
    return NULL;
}

const struct log_source *log_source_named(const char *name)
{
    const struct log_source *s;

    for (s = log_sources; s->name; s++)
        if (!strcmp(s->name, name))
            return s;
    return NULL;
}

bool log_path_is_compressed(const char *path)
{
    size_t n = strlen(path);

    return n > 3 && !strcmp(path + n - 3, ".gz");
}

const char *log_source_canonical(const char *name)
{
    const struct log_source *s = log_source_named(name);

    return !s ? NULL : s->alias_of ? s->alias_of : s->name;
}
