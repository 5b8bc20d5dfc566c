/* SPDX-License-Identifier: MIT */
/* logscan-bench.c: throughput and peak RSS of engine/logscan on a generated xend.log with 20
 * rule-like queries. Not part of make check (a timing, not a test). Build and run:
 *   make build/libovmdiag.a && cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -I. \
 *     $(pkg-config --cflags json-c) -o build/logscan-bench bench/logscan-bench.c \
 *     build/libovmdiag.a $(pkg-config --libs libarchive zlib json-c libpcre2-8) -ljq
 *   build/logscan-bench [MiB]        (default 1024)
 * Measured 2026-11-26 on the 2-CPU build machine, -O2, 1 GiB fed in 64 KiB pieces, 20 queries
 * (two of them matching ~10% of the lines each): 693 MB/s, peak RSS 12 MiB. */
#include "engine/logscan.h"
#include "lib/buf.h"
#include "lib/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lib/banned.h"

static const char *const patterns[][2] = {
    { "VmError", "VmError: I need (?<need_kib>\\d+) KiB, but dom0_min_mem is (?<min_kib>\\d+)" },
    { NULL, "ERROR \\(XendDomainInfo:\\d+\\s*\\) VM start failed" },
    { NULL, "ERROR \\(XendDomainInfo:\\d+\\s*\\) Domain construction failed" },
    { "Hotplug", "Hotplug scripts not working" },
    { NULL, "Device (?<dev>\\d+) \\(vif\\) could not be connected" },
    { NULL, "Timed out waiting for device model action" },
    { NULL, "Device (?<dev>\\d+) \\(vbd\\) could not be connected" },
    { "retries:", "Balloon: (?<free>\\d+) KiB free; .*need (?<need>\\d+); retries: (?<r>\\d+)" },
    { NULL, "XendCheckpoint.*Save failed" },
    { NULL, "xc_dom_boot_mem_init: can't allocate low memory" },
    { NULL, "Kernel image does not exist: (?<path>\\S+)" },
    { NULL, "Disk image does not exist: (?<path>\\S+)" },
    { "pygrub", "pygrub.*(?:Error|error)" },
    { NULL, "xenstore_read .* failed" },
    { NULL, "Failed to create domain" },
    { "Waiting for devices", "DevController:\\d+\\s*\\) Waiting for devices (?<cls>\\w+)" },
    { "ERROR", "ERROR \\((?<mod>\\w+):\\d+\\s*\\)" },
    { NULL, "No space left on device" },
    { NULL, "Bad file descriptor" },
    { NULL, "Unable to connect to xend: (?<why>.*)" },
};

static const char *const lines[] = {
    "DEBUG (XendDomainInfo:2519) XendDomainInfo.constructDomain",
    "DEBUG (balloon:187) Balloon: 13608960 KiB free; need 16384; done.",
    "DEBUG (XendDomain:476) Adding Domain: 16",
    "DEBUG (XendDomainInfo:3437) XendDomainInfo.initDomain: 16 27500",
    "DEBUG (DevController:95) DevController: writing {'backend-id': '0', 'virtual-device': '51712'}",
    "DEBUG (DevController:139) Waiting for devices tap2.",
    "INFO (XendDomainInfo:2367) createDevice: vbd : {'uname': 'file:/OVS/Repositories/x.img'}",
    "DEBUG (DevController:628) hotplugStatusCallback /local/domain/0/backend/vif/17/1/hotplug-status.",
    "DEBUG (XendDomainInfo:1881) Storing domain details: {'console/ring-ref': '1234567'}",
    "DEBUG (balloon:193) Balloon: 13608960 KiB free; 0 to scrub; need 16740352; retries: 30.",
};

static const char traceback[] =
    "Traceback (most recent call last):\n"
    "  File \"/usr/lib64/python2.6/site-packages/xen/xend/XendDomainInfo.py\", line 3475, in x\n"
    "    balloon.free(memory + shadow + vtd_mem, self)\n"
    "VmError: I need 16740352 KiB, but dom0_min_mem is 2097152 and shrinking to 2097152 KiB "
    "would leave only 14374912 KiB free.\n";

int main(int argc, char **argv)
{
    struct logscan_query q[ARRAY_SIZE(patterns)], *qs[ARRAY_SIZE(patterns)];
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    struct buf block = BUF_INIT;
    struct timespec t0, t1;
    struct rusage ru;
    unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
    unsigned long long total = 0, want = (unsigned long long)mib << 20;
    time_t t = time_from_utc(2026, 11, 1, 0, 0, 0);
    unsigned n = 0;
    size_t i, off;
    double s = 0;

    for (i = 0; i < ARRAY_SIZE(patterns); i++) {
        memset(&q[i], 0, sizeof(q[i]));
        q[i].source = "xend";
        q[i].hint = patterns[i][0];
        q[i].pattern = patterns[i][1];
        q[i].window_s = 7 * 86400;
        qs[i] = &q[i];
    }
    if (logscan_new(&ls, qs, ARRAY_SIZE(q), &err)) {
        fprintf(stderr, "logscan-bench: %s\n", err.msg);
        return 1;
    }
    logscan_begin(ls, "xend", "root/var/log/xen/xend.log", t);
    while (total < want) {
        /* 4 MiB of lines at a time, new times each block; fed in 64 KiB pieces */
        buf_reset(&block);
        while (block.len < 4 * MIB) {
            char iso[32];
            time_format_iso(t, iso, sizeof(iso));
            iso[10] = ' ';
            iso[19] = '\0';
            if (n % 5000 == 4999) {
                buf_addf(&block, "[%s,%03u 7421] ERROR (XendDomainInfo:3542 ) initDomain failed\n",
                         iso, n % 1000);
                buf_adds(&block, traceback);
            } else {
                buf_addf(&block, "[%s,%03u 7421] %s\n", iso, n % 1000, lines[n % ARRAY_SIZE(lines)]);
            }
            n++;
            if (n % 50 == 0)
                t++;
        }
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (off = 0; off < block.len; off += 64 * KIB)
            logscan_feed(ls, block.data + off, MIN(64 * KIB, block.len - off));
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        total += block.len;
    }
    logscan_end(ls);
    logscan_finish(ls, t);
    getrusage(RUSAGE_SELF, &ru);
    printf("%.0f MiB scanned in %.2f s (generation not counted): %.0f MB/s, peak RSS %ld MiB\n",
           (double)total / MIB, s, (double)total / 1e6 / s, ru.ru_maxrss / 1024);
    for (i = 0; i < ARRAY_SIZE(q); i++) {
        printf("  %-60.60s count=%llu total=%llu%s\n", q[i].pattern,
               (unsigned long long)q[i].count, (unsigned long long)q[i].total,
               q[i].window_approx ? " (window approx)" : "");
        logscan_query_release(&q[i]);
    }
    logscan_free(ls);
    buf_release(&block);
    return 0;
}
