/* SPDX-License-Identifier: MIT */
/* analyze-mounts.c: /proc/mounts -> storage.mounts[] {device, mount, fs, options}, in file
 * order (a later entry on the same mount point is on top). The kernel writes spaces, tabs,
 * newlines and backslashes in paths as octal escapes (\040 ...): they are decoded. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include "lib/banned.h"

/* Decode the kernel's \ooo escapes of [s, s+len) into out (size > len). */
static void unescape(char *out, const char *s, size_t len)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 3 < len &&
            s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
            s[i + 3] >= '0' && s[i + 3] <= '7') {
            out[o++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
}

static void add_path(json_object *obj, const char *key, const char *s, size_t len)
{
    char buf[4096];

    if (len >= sizeof(buf))
        len = sizeof(buf) - 1;
    unescape(buf, s, len);
    jset_str(obj, key, buf);
}

static int parse_mounts(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    json_object *m;
    struct line_iter it;
    const char *line, *fld[7];
    size_t len, flen[7], n;
    int found = 0;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (textscan_noise(line, len))
            continue;
        textscan_strip_markup(&line, &len);
        if (textscan_binary(line, len)) {
            facts_error(f, in->path, it.lineno, "binary data instead of a mount entry");
            continue;
        }
        n = str_fields(line, len, fld, flen, 7);
        /* device mountpoint fstype options dump pass; a cut last line may lack dump/pass */
        if (n < 4 || n > 6 || fld[1][0] != '/') {
            facts_error(f, in->path, it.lineno, "'%.*s': not a mount entry", (int)MIN(len, 80),
                        line);
            continue;
        }
        m = json_object_new_object();
        add_path(m, "device", fld[0], flen[0]);
        add_path(m, "mount", fld[1], flen[1]);
        jset_strn(m, "fs", fld[2], flen[2]);
        jset_strn(m, "options", fld[3], flen[3]);
        json_object_array_add(facts_arr(f, "storage.mounts"), m);
        found++;
    }
    if (!found)
        return err_set(err, E_PARSE, "no mount entries: not /proc/mounts");
    return 0;
}

static const char *const mounts_inputs[] = { "root/proc/mounts", NULL };

ANALYZER(mounts) = {
    .name = "mounts",
    .desc = "/proc/mounts: what is mounted where, with which file system and options",
    .inputs = mounts_inputs,
    .parse = parse_mounts,
};
