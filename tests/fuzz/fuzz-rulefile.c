/* SPDX-License-Identifier: MIT */
/* fuzz-rulefile.c: the rule-file loader on one file's bytes, then the message templates of a
 * rule that loaded. jq programs and pcre2 patterns are left to their own libraries. */
#include "tests/fuzz/fuzz.h"
#include "engine/rulefile.h"
#include "engine/template.h"

#include <stdlib.h>

#include "lib/banned.h"

static void split(const char *tmpl)
{
    struct tmpl_part *parts = NULL;
    struct err err = ERR_INIT;
    size_t n = 0;

    if (tmpl && template_split(tmpl, &parts, &n, &err) == 0)
        template_parts_free(parts, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    struct rule_def r = RULE_DEF_INIT;

    if (rulefile_parse("fuzz.rule", (const char *)data, size, &r, &probs) == 0) {
        split(r.fail);
        split(r.pass);
        split(r.subject);
        rule_def_release(&r);
    }
    if (probs.n > RULEFILE_MAX_PROBLEMS + 1)
        abort();   /* the cap on problems per file does not hold */
    rule_problems_release(&probs);
    return 0;
}
