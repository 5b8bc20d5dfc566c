/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/sxp.h"

#include <stdlib.h>
#include <string.h>

static int parse(struct sxp_doc *d, const char *text, struct err *err)
{
    sxp_init(d);
    err_init(err);
    return sxp_parse(d, text, strlen(text), 1, err);
}

static void test_sxp_lists_and_atoms(void **state)
{
    struct sxp_doc d;
    struct err err;
    const struct sxp_node *dom, *n;

    (void)state;
    assert_int_equal(parse(&d, "[root@sv091 ~]# xm list -l\n"
                               "(domain\n    (domid 1)\n    (name 'my vm')\n"
                               "    (bootloader )\n    (cpus (() () ))\n"
                               "    (image (hvm (kernel /usr/lib/xen/boot/hvmloader)))\n"
                               "    (desc \"say \\\"hi\\\"\\n\")\n)\n"
                               "(other x)\n", &err), 0);
    dom = sxp_first(&d);
    assert_non_null(dom);
    assert_true(dom->list);
    assert_int_equal(dom->line, 2);
    assert_int_equal(dom->col, 1);
    assert_string_equal(sxp_head(&d, dom), "domain");
    assert_string_equal(sxp_value(&d, dom, "domid"), "1");
    assert_string_equal(sxp_value(&d, dom, "name"), "my vm");
    assert_string_equal(sxp_value(&d, dom, "bootloader"), "");
    assert_null(sxp_value(&d, dom, "cpus"));        /* a list, not an atom */
    assert_null(sxp_value(&d, dom, "absent"));
    assert_string_equal(sxp_value(&d, dom, "desc"), "say \"hi\"\n");
    n = sxp_find(&d, dom, "image");
    assert_non_null(n);
    assert_int_equal(n->line, 7);
    assert_int_equal(n->col, 5);
    n = sxp_next(&d, sxp_child(&d, n));
    assert_string_equal(sxp_head(&d, n), "hvm");
    assert_string_equal(sxp_value(&d, n, "kernel"), "/usr/lib/xen/boot/hvmloader");
    n = sxp_find(&d, dom, "cpus");
    n = sxp_next(&d, sxp_child(&d, n));
    assert_true(n->list);
    assert_true(sxp_child(&d, n)->list);
    assert_null(sxp_child(&d, sxp_child(&d, n)));    /* () is empty */
    assert_null(sxp_head(&d, sxp_child(&d, n)));
    n = sxp_next(&d, dom);
    assert_string_equal(sxp_head(&d, n), "other");
    assert_null(sxp_next(&d, n));
    assert_null(sxp_atom(&d, dom));
    sxp_release(&d);
}

static void test_sxp_errors(void **state)
{
    struct sxp_doc d;
    struct err err;

    (void)state;
    /* a complete list, then one cut off: the first stays usable */
    assert_int_equal(parse(&d, "(a 1)\n(b\n  (c 2", &err), E_PARSE);
    assert_string_equal(err.msg, "line 2, column 1: '(' not closed: the text ends early");
    assert_int_equal(d.err_line, 2);
    assert_string_equal(sxp_head(&d, sxp_first(&d)), "a");
    assert_null(sxp_next(&d, sxp_first(&d)));
    sxp_release(&d);

    assert_int_equal(parse(&d, "(a 1))\n", &err), E_PARSE);
    assert_string_equal(err.msg, "line 1, column 6: ')' without a matching '('");
    assert_non_null(sxp_first(&d));
    sxp_release(&d);

    assert_int_equal(parse(&d, "(a\n  (b 'unterminated\n", &err), E_PARSE);
    assert_string_equal(err.msg, "line 2, column 6: quoted atom not closed: the text ends early");
    assert_null(sxp_first(&d));
    sxp_release(&d);

    assert_int_equal(parse(&d, "(a \"", &err), E_PARSE);
    sxp_release(&d);
    assert_int_equal(parse(&d, "(a '\\", &err), E_PARSE);
    sxp_release(&d);

    /* empty and junk without lists: nothing, no error */
    assert_int_equal(parse(&d, "", &err), 0);
    assert_null(sxp_first(&d));
    sxp_release(&d);
    assert_int_equal(parse(&d, "\x7f" "ELF\x01 junk 'quoted' here\n", &err), 0);
    assert_null(sxp_first(&d));
    assert_int_equal(d.n, 0);
    sxp_release(&d);
}

static void test_sxp_limits(void **state)
{
    struct sxp_doc d;
    struct err err;
    char *deep = malloc(10001), *wide;
    size_t i, n = (size_t)SXP_MAX_NODES + 10;

    (void)state;
    /* 64 levels are fine, 65 are not */
    for (i = 0; i < 64; i++)
        deep[i] = '(';
    for (i = 0; i < 64; i++)
        deep[64 + i] = ')';
    deep[128] = '\0';
    assert_int_equal(parse(&d, deep, &err), 0);
    sxp_release(&d);
    memset(deep, '(', 10000);
    deep[10000] = '\0';
    assert_int_equal(parse(&d, deep, &err), E_PARSE);
    assert_string_equal(err.msg, "line 1, column 65: nested deeper than 64 lists");
    sxp_release(&d);
    free(deep);

    /* more atoms than SXP_MAX_NODES */
    wide = malloc(2 * n + 3);
    wide[0] = '(';
    for (i = 0; i < n; i++) {
        wide[1 + 2 * i] = 'x';
        wide[2 + 2 * i] = ' ';
    }
    wide[1 + 2 * n] = ')';
    wide[2 + 2 * n] = '\0';
    assert_int_equal(parse(&d, wide, &err), E_PARSE);
    assert_non_null(strstr(err.msg, "too many nodes"));
    assert_null(sxp_first(&d));
    sxp_release(&d);
    free(wide);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sxp_lists_and_atoms),
        cmocka_unit_test(test_sxp_errors),
        cmocka_unit_test(test_sxp_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
