/* SPDX-License-Identifier: MIT */
/* fuzz-pylit.c: the Python-literal parser, on the whole text as one literal, then as a run of
 * literals with PYLIT_PARTIAL and PYLIT_JSON (what the vm.cfg and agent-db readers do). */
#include "tests/fuzz/fuzz.h"
#include "analyzers/pylit.h"

#include <stdlib.h>

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct err err = ERR_INIT;
    struct pylit_where where;
    json_object *v = NULL;
    size_t pos = 0, last;
    int i;

    if (pylit_parse(text, size, &v, &err) == 0)
        (void)json_object_to_json_string(v);
    json_object_put(v);
    for (i = 0; i < 64 && pos < size; i++) {
        last = pos;
        v = NULL;
        err_init(&err);
        if (pylit_parse_at(text, size, &pos, PYLIT_PARTIAL | PYLIT_JSON, &v, &where, &err)) {
            json_object_put(v);
            break;
        }
        (void)json_object_to_json_string(v);
        json_object_put(v);
        if (pos <= last)
            abort();   /* success must consume text */
        while (pos < size && (text[pos] == '\n' || text[pos] == ',' || text[pos] == ';'))
            pos++;
    }
    free(text);
    return 0;
}
