/* SPDX-License-Identifier: MIT */
/* dom0mem.h: the dom0_mem= option of a Xen command line (grub's xen.gz line, xm/xl info's
 * xen_commandline). Syntax (docs/misc/xen-command-line, x86):
 *   dom0_mem = List of ( min:<size> | max:<size> | <size> )
 * A <size> is an integer with an optional suffix T/G/M/K (binary) or B (bytes); WITHOUT a
 * suffix it is KiB (Xen's parse_size_and_unit: "default to kB"); the number is read like
 * strtoull base 0 (0x.. hex, a leading 0 octal). A negative <size> means
 * "all host memory minus that much"; Xen 4.12+ also accepts "<frac>%" and "<size>+<frac>%",
 * which depend on the host's memory: those parts are kept in raw only. */
#ifndef OVMDIAG_DOM0MEM_H
#define OVMDIAG_DOM0MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dom0mem {
    bool has_mem, has_min, has_max;
    int64_t mem_mb, min_mb, max_mb;   /* MiB, rounded to nearest; negative = host minus */
    bool partial;                     /* an item could not be turned into MiB */
    char raw[128];                    /* the option's value as written, e.g. "2816M,max:2816M" */
};

/* Find dom0_mem= as a word of cmdline (the last one wins, as in Xen) and parse it into out.
 * False when cmdline (NULL allowed) has no dom0_mem=; out is then untouched. */
bool dom0mem_parse(const char *cmdline, struct dom0mem *out);
/* One <size> ("2816M", "2G", "524288", "-1G") into MiB; false when it is not a plain size. */
bool dom0mem_size_mb(const char *s, size_t len, int64_t *mb_out);

/* {raw, mem_mb, min_mb, max_mb} with null for the parts not given; caller owns it. */
struct json_object;
struct json_object *dom0mem_json(const struct dom0mem *d);

#endif
