/* SPDX-License-Identifier: MIT */
/* analyze-meminfo.c: /proc/meminfo of dom0 (what Linux in dom0 sees, not the hypervisor) ->
 * dom0.linux.{mem_total_kb, mem_free_kb, mem_available_kb, buffers_kb, cached_kb,
 * swap_total_kb, swap_free_kb}. Lines it does not know are ignored; a known key with a
 * malformed value is an error on that line. */
#include "analyzers/analyzer.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

static const struct {
    const char *key;
    const char *fact;
} meminfo_keys[] = {
    { "MemTotal", "mem_total_kb" },   { "MemFree", "mem_free_kb" },
    { "MemAvailable", "mem_available_kb" }, { "Buffers", "buffers_kb" },
    { "Cached", "cached_kb" },        { "SwapTotal", "swap_total_kb" },
    { "SwapFree", "swap_free_kb" },
};

static int parse_meminfo(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *linux_ = facts_obj(f, "dom0.linux");
    struct line_iter it;
    const char *line, *fld[3];
    size_t len, flen[3], n, i, klen;
    int64_t v;
    int found = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        n = str_fields(line, len, fld, flen, 3);
        if (n < 2 || flen[0] < 2 || fld[0][flen[0] - 1] != ':')
            continue;
        klen = flen[0] - 1;
        for (i = 0; i < ARRAY_SIZE(meminfo_keys); i++) {
            if (strlen(meminfo_keys[i].key) != klen || memcmp(fld[0], meminfo_keys[i].key, klen))
                continue;
            if (!str_to_i64(fld[1], flen[1], &v) || v < 0 ||
                (n == 3 && !(flen[2] == 2 && !memcmp(fld[2], "kB", 2)))) {
                facts_error(f, in->path, it.lineno, "'%.*s': not a size in kB", (int)len, line);
                break;
            }
            jset_int(linux_, meminfo_keys[i].fact, v);
            found++;
        }
    }
    if (!found)
        return err_set(err, E_PARSE, "no MemTotal/MemFree lines: not /proc/meminfo");
    return 0;
}

static const char *const meminfo_inputs[] = { "root/proc/meminfo", NULL };

ANALYZER(meminfo) = {
    .name = "meminfo",
    .desc = "/proc/meminfo: dom0's own view of its memory and swap",
    .inputs = meminfo_inputs,
    .parse = parse_meminfo,
};
