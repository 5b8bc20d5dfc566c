/* SPDX-License-Identifier: MIT */
/* analyze-xmlist.c: `xm list` / `xl list` -> raw.xm_list / raw.xl_list {domains: [...]} in input
 * order. Rows are split from the right, since a name over 40 characters pushes the columns right
 * and may hold spaces; the state letters are decoded with the tool's own layout. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "analyzers/xenstate.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

static bool is_word(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && !memcmp(s, word, len);
}

/* One row: name id mem vcpus state time. NULL (and an error recorded) when it cannot be read. */
static json_object *parse_row(struct facts *f, const struct analyzer_input *in, size_t lineno,
                              const char *line, size_t len, bool xl)
{
    const char *fld[5], *name;
    size_t flen[5], nlen;
    int64_t id, mem, vcpus, cpu;
    struct domstate st;
    json_object *d;
    char q[CMDTEXT_QUOTE_MAX];
    const char *reason;

    if (!cmdtext_rsplit(line, len, 5, fld, flen, &name, &nlen) || !nlen) {
        facts_error(f, in->path, lineno, "'%s': not a domain row (name id mem vcpus state time)",
                    cmdtext_quote(line, len, q));
        return NULL;
    }
    if (!cmdtext_uint(fld[0], flen[0], &id)) {
        facts_error(f, in->path, lineno, "'%s': no domain id", cmdtext_quote(line, len, q));
        return NULL;
    }
    if (!cmdtext_uint(fld[1], flen[1], &mem) || !cmdtext_uint(fld[2], flen[2], &vcpus)) {
        facts_error(f, in->path, lineno, "'%s': mem or vcpus is not a number",
                    cmdtext_quote(line, len, q));
        return NULL;
    }
    if (!(xl ? domstate_xl : domstate_xm)(fld[3], flen[3], &st)) {
        facts_error(f, in->path, lineno, "state '%s' is not 6 state letters",
                    cmdtext_quote(fld[3], flen[3], q));
        return NULL;
    }
    if (!cmdtext_floor(fld[4], flen[4], &cpu)) {
        facts_error(f, in->path, lineno, "time '%s' is not a number of seconds",
                    cmdtext_quote(fld[4], flen[4], q));
        return NULL;
    }
    d = json_object_new_object();
    jset_strn(d, "name", name, nlen);
    jset_int(d, "id", id);
    jset_int(d, "mem_mb", mem);
    jset_int(d, "vcpus", vcpus);
    jset_strn(d, "state", fld[3], flen[3]);
    domstate_add_flags(d, &st);
    if (xl && (reason = domstate_reason_name(&st)))
        jset_str(d, "shutdown_reason", reason);
    jset_int(d, "cpu_s", cpu);
    return d;
}

static int parse_list(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    const char *base = strrchr(in->path, '/');
    bool xl = str_starts(base ? base + 1 : in->path, strlen(base ? base + 1 : in->path), "xl-");
    json_object *domains = json_object_new_array(), *d;
    struct line_iter it;
    const char *line, *fld[2];
    size_t len, flen[2];

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (cmdtext_is_noise(line, len))
            continue;
        if (str_fields(line, len, fld, flen, 2) == 2 && is_word(fld[0], flen[0], "Name") &&
            is_word(fld[1], flen[1], "ID"))
            continue;
        d = parse_row(f, in, it.lineno, line, len, xl);
        if (d)
            json_object_array_add(domains, d);
    }
    if (!json_object_array_length(domains)) {
        json_object_put(domains);
        return err_set(err, E_PARSE, "no domain rows: not the output of '%s list'",
                       xl ? "xl" : "xm");
    }
    json_object_object_add(facts_raw(f, xl ? "xl_list" : "xm_list"), "domains", domains);
    return 0;
}

static const char *const xmlist_inputs[] = { "cmd/xm-list.out", "cmd/xl-list.out", NULL };

ANALYZER(xmlist) = {
    .name = "xmlist",
    .desc = "xm list / xl list: every domain's id, memory, vcpus, state flags and cpu time",
    .inputs = xmlist_inputs,
    .parse = parse_list,
};
