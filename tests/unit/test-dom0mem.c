/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/dom0mem.h"

#include <string.h>

static void test_dom0mem_ovm_forms(void **state)
{
    struct dom0mem d;

    (void)state;
    /* the example host's xen.gz line */
    assert_true(dom0mem_parse("dom0_mem=2816M allowsuperpage dom0_vcpus_pin dom0_max_vcpus=16",
                              &d));
    assert_string_equal(d.raw, "2816M");
    assert_true(d.has_mem);
    assert_int_equal(d.mem_mb, 2816);
    assert_false(d.has_min);
    assert_false(d.has_max);
    assert_false(d.partial);

    /* xenlab's xl info xen_commandline */
    assert_true(dom0mem_parse("console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M "
                              "dom0_max_vcpus=2 loglvl=all guest_loglvl=all bootscrub=0", &d));
    assert_string_equal(d.raw, "1024M,max:1024M");
    assert_int_equal(d.mem_mb, 1024);
    assert_true(d.has_max);
    assert_int_equal(d.max_mb, 1024);

    assert_true(dom0mem_parse("dom0_mem=min:512M,max:2G", &d));
    assert_false(d.has_mem);
    assert_int_equal(d.min_mb, 512);
    assert_int_equal(d.max_mb, 2048);

    assert_true(dom0mem_parse("placeholder dom0_mem=9G,max:9G", &d));
    assert_int_equal(d.mem_mb, 9216);
}

static void test_dom0mem_units(void **state)
{
    int64_t mb;

    (void)state;
    /* no suffix is KiB (Xen parse_size_and_unit: "default to kB") */
    assert_true(dom0mem_size_mb("2883584", 7, &mb));
    assert_int_equal(mb, 2816);
    assert_true(dom0mem_size_mb("1048576k", 8, &mb));
    assert_int_equal(mb, 1024);
    assert_true(dom0mem_size_mb("1t", 2, &mb));
    assert_int_equal(mb, 1048576);
    assert_true(dom0mem_size_mb("1073741824B", 11, &mb));
    assert_int_equal(mb, 1024);
    assert_true(dom0mem_size_mb("524287K", 7, &mb));     /* 511.999 MiB rounds to 512 */
    assert_int_equal(mb, 512);
    assert_true(dom0mem_size_mb("-1G", 3, &mb));         /* all but 1 GiB */
    assert_int_equal(mb, -1024);
    assert_true(dom0mem_size_mb("0x400M", 6, &mb));      /* base 0, as Xen reads it */
    assert_int_equal(mb, 1024);
    assert_true(dom0mem_size_mb("0100M", 5, &mb));       /* octal: 64 MiB in Xen too */
    assert_int_equal(mb, 64);
    assert_true(dom0mem_size_mb("0", 1, &mb));
    assert_int_equal(mb, 0);
    assert_false(dom0mem_size_mb("08G", 3, &mb));
    assert_false(dom0mem_size_mb("0x", 2, &mb));
    assert_false(dom0mem_size_mb("25%", 3, &mb));
    assert_false(dom0mem_size_mb("G", 1, &mb));
    assert_false(dom0mem_size_mb("12MB", 4, &mb));
    assert_false(dom0mem_size_mb("99999999999999999999M", 22, &mb));
}

static void test_dom0mem_edges(void **state)
{
    struct dom0mem d;

    (void)state;
    memset(&d, 0x5a, sizeof(d));
    assert_false(dom0mem_parse(NULL, &d));
    assert_false(dom0mem_parse("", &d));
    assert_false(dom0mem_parse("console=vga xdom0_mem=1G", &d));   /* not a word of its own */
    assert_false(dom0mem_parse("dom0_max_vcpus=4", &d));
    /* the last one wins, as in Xen */
    assert_true(dom0mem_parse("dom0_mem=1G dom0_mem=2G", &d));
    assert_int_equal(d.mem_mb, 2048);
    /* percentages (Xen 4.12+) stay in raw only */
    assert_true(dom0mem_parse("dom0_mem=1G+25%,max:4G", &d));
    assert_false(d.has_mem);
    assert_true(d.partial);
    assert_int_equal(d.max_mb, 4096);
    assert_string_equal(d.raw, "1G+25%,max:4G");
    /* empty and junk values */
    assert_true(dom0mem_parse("dom0_mem= quiet", &d));
    assert_string_equal(d.raw, "");
    assert_true(d.partial);
    assert_false(d.has_mem || d.has_min || d.has_max);
    assert_true(dom0mem_parse("dom0_mem=lots,,max:", &d));
    assert_true(d.partial);
    assert_false(d.has_mem || d.has_max);
    /* quoted, as in /etc/default/grub */
    assert_true(dom0mem_parse("GRUB_CMDLINE_XEN=\"dom0_mem=4096M,max:4096M\"", &d));
    assert_string_equal(d.raw, "4096M,max:4096M");
    assert_int_equal(d.max_mb, 4096);
}

static void test_dom0mem_long_value(void **state)
{
    char line[400];
    struct dom0mem d;

    (void)state;
    memset(line, 0, sizeof(line));
    memcpy(line, "dom0_mem=", 9);
    memset(line + 9, '1', 300);
    assert_true(dom0mem_parse(line, &d));
    assert_int_equal(strlen(d.raw), sizeof(d.raw) - 1);
    assert_true(d.partial);
    assert_false(d.has_mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dom0mem_ovm_forms),
        cmocka_unit_test(test_dom0mem_units),
        cmocka_unit_test(test_dom0mem_edges),
        cmocka_unit_test(test_dom0mem_long_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
