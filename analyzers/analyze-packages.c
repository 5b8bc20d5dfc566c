/* SPDX-License-Identifier: MIT */
/* analyze-packages.c: `rpm -qa` -> host.agent_version, the version-release of the ovs-agent
 * package ("3.4.6-2060.el6"), which pool members should share. Other packages are left out:
 * the Xen version and the kernel come from the hypervisor and uname. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

/* "ovs-agent-3.4.6-2060.el6.noarch" -> "3.4.6-2060.el6": the name, then a digit. */
static bool agent_version(const char *s, size_t len, const char **v, size_t *vlen)
{
    static const char name[] = "ovs-agent-";
    size_t n = sizeof(name) - 1;

    if (len <= n || memcmp(s, name, n) || s[n] < '0' || s[n] > '9')
        return false;
    *v = s + n;
    *vlen = len - n;
    if (*vlen > 7 && !memcmp(*v + *vlen - 7, ".noarch", 7))
        *vlen -= 7;
    return true;
}

static int parse_packages(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct line_iter it;
    const char *line, *v;
    size_t len, vlen;

    (void)err;
    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        str_trim(&line, &len);
        if (textscan_binary(line, len))
            continue;
        if (agent_version(line, len, &v, &vlen)) {
            jset_strn(facts_obj(f, "host"), "agent_version", v, vlen);
            return 0;
        }
    }
    jset_null(facts_obj(f, "host"), "agent_version");
    return 0;
}

static const char *const packages_inputs[] = { "cmd/rpm-qa.out", NULL };

ANALYZER(packages) = {
    .name = "packages",
    .desc = "rpm -qa: the version of the Oracle VM agent (ovs-agent)",
    .inputs = packages_inputs,
    .parse = parse_packages,
};
