/* SPDX-License-Identifier: MIT */
/* events.c: the notable records of the logs (errors, crashes, starts and stops) for the report's
 * timeline. They are log queries like a rule's, run in the same pass, that keep their latest
 * matches instead of judging them. The patterns match the messages xend, xl, the agent, qemu,
 * the hotplug scripts, the domain builder and the cluster stack really print (docs/facts/xen.md);
 * chatter that is harmless on every OVM host (qemu's xs_read "read error") stays out. */
#include "engine/events.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Latest records kept per event kind and source: enough to show a crash loop, bounded. */
#define EVENTS_KEEP 100

struct event_def {
    const char *source;
    const char *kind;     /* error, crash, start, stop, cluster */
    const char *hint;
    const char *pattern;
};

static const struct event_def defs[] = {
    { "xend", "error", "] ERROR (", "^\\[[^]]*\\] ERROR \\(" },
    { "xend", "crash", "Domain has crashed", "Domain has crashed: name=(?<vm>[^ ]+)" },
    { "xend", "crash", "restarting too fast", "VM (?<vm>[^ ]+) restarting too fast" },
    { "xend", "start", "XendDomainInfo.create(", "XendDomainInfo\\.create\\(\\['vm', \\['name', '(?<vm>[^']+)'" },
    { "xend", "stop", "Domain has shutdown:", "Domain has shutdown: name=(?<vm>[^ ]+) id=\\d+ reason=(?<reason>\\w+)" },
    { "xend", "stop", "XendDomainInfo.destroy:", "XendDomainInfo\\.destroy: domid=(?<domid>\\d+)" },
    { "xend", "start", "Xend Daemon started", "Xend Daemon started" },
    { "xend", "stop", "Xend stopped", "Xend stopped" },
    { "ovs-agent", "error", "] ERROR (", "^\\[[^]]*\\] ERROR \\(" },
    { "ovs-agent", "error", "] CRITICAL (", "^\\[[^]]*\\] CRITICAL \\(" },
    { "xl", "error", "libxl: error:", "libxl: error: " },
    { "xl", "stop", "has shut down, reason code", "Domain (?<domid>\\d+) has shut down, reason code (?<reason>\\d+)" },
    /* one literal each, so that the prefilter, not pcre2, looks at every line */
    { "qemu-dm", "error", "could not open", "could not open" },
    { "qemu-dm", "error", "Could not open", "Could not open" },
    { "qemu-dm", "error", "terminating on signal", "terminating on signal" },
    { "qemu-dm", "error", "Assertion", "Assertion .* failed" },
    { "hotplug", "error", "Could not find bridge", "Could not find bridge" },
    { "hotplug", "error", "Cannot find device", "Cannot find device" },
    { "hotplug", "error", "failed", "failed" },
    { "domain-builder", "error", "xc: error: ", "xc: error: " },
    { "domain-builder", "error", "panic: ", "panic: " },
    { "messages", "cluster", "o2net: No longer connected", "o2net: No longer connected" },
    { "messages", "cluster", "o2hb", "o2hb.*(?:timed out|fenc)" },
    { "messages", "cluster", "o2quo", "o2quo" },
    { "messages", "cluster", "evicted", "(?:ocfs2|o2|[Nn]ode \\d+).*evicted" },
    { "messages", "crash", "Out of memory: Kill", "Out of memory: Kill" },
    { "messages", "crash", "Kernel panic", "Kernel panic" },
    { "messages", "crash", "kernel BUG at", "kernel BUG at" },
    { "messages", "crash", "soft lockup", "soft lockup - CPU" },
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

struct events {
    struct logscan_query qs[NDEFS];
};

struct events *events_new(void)
{
    struct events *ev = xcalloc(1, sizeof(*ev));
    size_t i;

    for (i = 0; i < NDEFS; i++) {
        ev->qs[i].source = defs[i].source;
        ev->qs[i].hint = defs[i].hint;
        ev->qs[i].pattern = defs[i].pattern;
        ev->qs[i].keep = EVENTS_KEEP;
    }
    return ev;
}

size_t events_queries(struct events *ev, struct logscan_query ***out)
{
    struct logscan_query **qs = xcalloc(NDEFS, sizeof(*qs));
    size_t i;

    for (i = 0; i < NDEFS; i++)
        qs[i] = &ev->qs[i];
    *out = qs;
    return NDEFS;
}

static int cmp_text(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "");
}

int events_cmp_record(const void *a, const void *b)
{
    json_object *x = *(json_object *const *)a, *y = *(json_object *const *)b;
    const char *tx = jget_str(x, "time"), *ty = jget_str(y, "time");
    int64_t lx = 0, ly = 0;
    int r;

    /* timed records first, in time order; then by host (pools), file and line */
    if (!tx != !ty)
        return tx ? -1 : 1;
    if (tx && (r = strcmp(tx, ty)))
        return r;
    if ((r = cmp_text(jget_str(x, "host"), jget_str(y, "host"))))
        return r;
    if ((r = cmp_text(jget_str(x, "file"), jget_str(y, "file"))))
        return r;
    jget_int(x, "line", &lx);
    jget_int(y, "line", &ly);
    return lx < ly ? -1 : lx > ly;
}

json_object *events_to_json(const struct events *ev)
{
    json_object *arr = json_object_new_array();
    size_t i, j, n = 0;
    json_object **all, *last;

    for (i = 0; i < NDEFS; i++)
        n += ev->qs[i].nrecords;
    all = xcalloc(n ? n : 1, sizeof(*all));
    n = 0;
    for (i = 0; i < NDEFS; i++) {
        for (j = 0; j < ev->qs[i].nrecords; j++) {
            const struct logscan_match *m = &ev->qs[i].records[j];
            json_object *o = json_object_new_object();
            char iso[32];

            if (m->has_time) {
                time_format_iso(m->time, iso, sizeof(iso));
                jset_str(o, "time", iso);
            } else {
                jset_null(o, "time");
            }
            jset_str(o, "source", defs[i].source);
            jset_str(o, "kind", defs[i].kind);
            jset_str(o, "file", m->file);
            jset_int(o, "line", (int64_t)m->line);
            jset_str(o, "text", m->text);
            json_object_object_add(o, "fields", json_object_get(m->fields));
            all[n++] = o;
        }
    }
    if (n > 1)
        qsort(all, n, sizeof(*all), events_cmp_record);
    /* one line can match two definitions of a source (an ERROR that says "destroy"): keep one */
    for (i = 0, last = NULL; i < n; i++) {
        if (last && !strcmp(jget_str(all[i], "file"), jget_str(last, "file"))) {
            int64_t a = 0, b = 0;
            jget_int(all[i], "line", &a);
            jget_int(last, "line", &b);
            if (a == b) {
                json_object_put(all[i]);
                continue;
            }
        }
        json_object_array_add(arr, all[i]);
        last = all[i];
    }
    free(all);
    return arr;
}

void events_free(struct events *ev)
{
    size_t i;

    if (!ev)
        return;
    for (i = 0; i < NDEFS; i++)
        logscan_query_release(&ev->qs[i]);
    free(ev);
}
