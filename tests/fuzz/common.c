/* SPDX-License-Identifier: MIT */
#include "tests/fuzz/fuzz.h"
#include "analyzers/analyzer.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

void fuzz_analyzer(const char *name, const char *path, const uint8_t *data, size_t size)
{
    const struct analyzer *a = NULL;
    struct facts f;
    char *text, *json;
    size_t i;

    for (i = 0; analyzer_registry[i] && !a; i++)
        if (!strcmp(analyzer_registry[i]->name, name))
            a = analyzer_registry[i];
    if (!a || !analyzer_wants(a, path))
        abort();
    text = fuzz_text(data, size);
    facts_init(&f);
    analyzer_run(a, &f, path, text, size);
    facts_join(&f);
    facts_canonicalize(&f.root);
    json = facts_to_string(&f);
    free(json);
    facts_release(&f);
    free(text);
}
