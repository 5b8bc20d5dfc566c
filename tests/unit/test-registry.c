/* SPDX-License-Identifier: MIT */
/* Conformance of every collector (sos conformance_tests.py): names, descriptions, absolute
 * paths, argv commands with safe output names, fallbacks that point at a real command. */
#include "tests/unit/helpers.h"
#include "collector/collector.h"

#include <string.h>

static bool safe_name(const char *s)
{
    size_t i;

    if (!s || !*s)
        return false;
    for (i = 0; s[i]; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]))
            return false;
    return true;
}

static void test_registry_conformance(void **state)
{
    const char *cmd_names[256];
    size_t ncmd = 0, i, j, k, n = 0;
    const struct artifact_spec *sp;

    (void)state;
    for (i = 0; collector_registry[i]; i++) {
        const struct collector *c = collector_registry[i];
        n++;
        assert_true(safe_name(c->name));
        assert_non_null(c->desc);
        assert_true(strlen(c->desc) > 10);
        assert_true(c->specs || c->run);
        for (j = 0; j < i; j++)
            assert_string_not_equal(collector_registry[j]->name, c->name);
        for (sp = c->specs; sp && sp->kind != SPEC_END; sp++) {
            switch (sp->kind) {
            case SPEC_GLOB:
                assert_non_null(sp->pattern);
                /* fall through */
            case SPEC_FILE:
            case SPEC_TREE:
                assert_non_null(sp->path);
                assert_int_equal(sp->path[0], '/');
                assert_null(strstr(sp->path, ".."));
                assert_null(sp->argv[0]);
                break;
            case SPEC_CMD:
                assert_true(safe_name(sp->name));
                assert_non_null(sp->argv[0]);
                assert_string_not_equal(sp->argv[0], "sh");
                assert_string_not_equal(sp->argv[0], "bash");
                for (k = 0; sp->argv[k]; k++)
                    assert_null(strpbrk(sp->argv[k], "|;&`$<>"));
                for (k = 0; k < ncmd; k++)
                    assert_string_not_equal(cmd_names[k], sp->name);
                if (sp->fallback_for) {
                    bool found = false;
                    for (k = 0; k < ncmd; k++)
                        found |= !strcmp(cmd_names[k], sp->fallback_for);
                    assert_true(found);
                }
                cmd_names[ncmd++] = sp->name;
                break;
            case SPEC_END:
                break;
            }
        }
    }
    assert_true(n >= 6);
}

static void test_registry_is_sorted(void **state)
{
    size_t i;

    (void)state;
    for (i = 1; collector_registry[i]; i++)
        assert_true(strcmp(collector_registry[i - 1]->name, collector_registry[i]->name) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_conformance),
        cmocka_unit_test(test_registry_is_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
