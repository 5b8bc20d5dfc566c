/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xminfo;

/* examples/ovm-host xm-info.txt (OVM 3.4, Xen 4.4.4OVM) */
static const char ovm_xm_info[] =
    "host                   : sv095\n"
    "release                : 4.1.12-124.48.6.el6uek.x86_64\n"
    "version                : #2 SMP Tue Feb 9 14:25:48 PST 2021\n"
    "machine                : x86_64\n"
    "nr_cpus                : 16\n"
    "nr_nodes               : 2\n"
    "cores_per_socket       : 8\n"
    "threads_per_core       : 1\n"
    "cpu_mhz                : 1698\n"
    "hw_caps                : bfebfbff:77fef3ff:2c100800:00000121:00000001:001cbfbb:00000000:00000"
    "100\n"
    "virt_caps              : hvm hvm_directio\n"
    "total_memory           : 130946\n"
    "free_memory            : 13290\n"
    "free_cpus              : 0\n"
    "xen_major              : 4\n"
    "xen_minor              : 4\n"
    "xen_extra              : .4OVM\n"
    "xen_caps               : xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3."
    "0-x86_64 \n"
    "xen_scheduler          : credit\n"
    "xen_pagesize           : 4096\n"
    "platform_params        : virt_start=0xffff800000000000\n"
    "xen_changeset          : Thu Dec 17 08:42:11 2020 +0000 git:f3a8b1c-dirty\n"
    "xen_commandline        : dom0_mem=2816M allowsuperpage dom0_vcpus_pin dom0_max_vcpus=16\n"
    "cc_compiler            : gcc (GCC) 4.4.7 20120313 (Red Hat 4.4.7-23.0.1)\n"
    "cc_compile_by          : mockbuild\n"
    "cc_compile_domain      : us.oracle.com\n"
    "cc_compile_date        : Thu Dec 17 08:59:40 PST 2020\n"
    "xend_config_format     : 4\n";

/* xenlab xl-info.txt (Debian 12, Xen 4.17) */
static const char xenlab_xl_info[] =
    "host                   : xenlab-dom0\n"
    "release                : 6.1.0-56-amd64\n"
    "version                : #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)\n"
    "machine                : x86_64\n"
    "nr_cpus                : 2\n"
    "max_cpu_id             : 1\n"
    "nr_nodes               : 1\n"
    "cores_per_socket       : 2\n"
    "threads_per_core       : 1\n"
    "cpu_mhz                : 2596.131\n"
    "hw_caps                : 178bf3fd:80002001:20100800:00000007:00000000:00000000:00000000:00000"
    "000\n"
    "virt_caps              : pv hvm gnttab-v1 gnttab-v2\n"
    "total_memory           : 2047\n"
    "free_memory            : 1000\n"
    "sharing_freed_memory   : 0\n"
    "sharing_used_memory    : 0\n"
    "outstanding_claims     : 0\n"
    "free_cpus              : 0\n"
    "xen_major              : 4\n"
    "xen_minor              : 17\n"
    "xen_extra              : .7\n"
    "xen_version            : 4.17.7\n"
    "xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 \n"
    "xen_scheduler          : credit2\n"
    "xen_pagesize           : 4096\n"
    "platform_params        : virt_start=0xffff800000000000\n"
    "xen_changeset          : \n"
    "xen_commandline        : console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus"
    "=2 loglvl=all guest_loglvl=all bootscrub=0\n"
    "cc_compiler            : x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n"
    "cc_compile_by          : pkg-xen-devel\n"
    "cc_compile_domain      : lists.alioth.debian.org\n"
    "cc_compile_date        : Wed Nov  4 16:52:28 UTC 2026\n"
    "build_id               : 151b373fd64b321593bf987fd923cd10dabadac4\n"
    "xend_config_format     : 4\n";

static void test_xminfo_ovm(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xminfo, "cmd/xm-info.out", ovm_xm_info, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xm_info.total_mb"), "130946");
    assert_string_equal(test_raw(&f, "xm_info.free_mb"), "13290");
    assert_string_equal(test_raw(&f, "xm_info.nr_cpus"), "16");
    assert_string_equal(test_raw(&f, "xm_info.nr_nodes"), "2");
    assert_string_equal(test_raw(&f, "xm_info.cores_per_socket"), "8");
    assert_string_equal(test_raw(&f, "xm_info.threads_per_core"), "1");
    assert_string_equal(test_raw(&f, "xm_info.cpu_mhz"), "1698");
    assert_string_equal(test_raw(&f, "xm_info.xen_version"), "\"4.4.4OVM\"");
    assert_string_equal(test_raw(&f, "xm_info.xen_commandline"),
                        "\"dom0_mem=2816M allowsuperpage dom0_vcpus_pin dom0_max_vcpus=16\"");
    assert_string_equal(test_raw(&f, "xm_info.host"), "\"sv095\"");
    assert_string_equal(test_raw(&f, "xm_info.release"), "\"4.1.12-124.48.6.el6uek.x86_64\"");
    assert_string_equal(test_raw(&f, "xm_info.xen_scheduler"), "\"credit\"");
    assert_string_equal(test_raw(&f, "xm_info.xend_config_format"), "4");
    /* values as printed, trimmed; colons inside values kept */
    assert_string_equal(test_raw(&f, "xm_info.fields.hw_caps"),
                        "\"bfebfbff:77fef3ff:2c100800:00000121:00000001:001cbfbb:"
                        "00000000:00000100\"");
    assert_string_equal(test_raw(&f, "xm_info.fields.xen_caps"),
                        "\"xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p "
                        "hvm-3.0-x86_64\"");
    assert_string_equal(test_raw(&f, "xm_info.fields.xen_changeset"),
                        "\"Thu Dec 17 08:42:11 2020 +0000 git:f3a8b1c-dirty\"");
    assert_string_equal(test_raw(&f, "xm_info.fields.version"),
                        "\"#2 SMP Tue Feb 9 14:25:48 PST 2021\"");
    assert_string_equal(test_raw(&f, "xm_info.fields.xen_extra"), "\".4OVM\"");
    assert_int_equal(json_object_object_length(json_object_object_get(
                         json_object_object_get(f.raw, "xm_info"), "fields")), 28);
    assert_string_equal(test_raw(&f, "xl_info"), "null");
    facts_release(&f);
}

static void test_xminfo_xl(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xminfo, "cmd/xl-info.out", xenlab_xl_info, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xl_info.total_mb"), "2047");
    assert_string_equal(test_raw(&f, "xl_info.free_mb"), "1000");
    assert_string_equal(test_raw(&f, "xl_info.cpu_mhz"), "2596");
    assert_string_equal(test_raw(&f, "xl_info.xen_version"), "\"4.17.7\"");
    assert_string_equal(test_raw(&f, "xl_info.xen_scheduler"), "\"credit2\"");
    assert_string_equal(test_raw(&f, "xl_info.xen_commandline"),
                        "\"console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M "
                        "dom0_max_vcpus=2 loglvl=all guest_loglvl=all bootscrub=0\"");
    /* xl prints xend_config_format too, but it means nothing there */
    assert_string_equal(test_raw(&f, "xl_info.xend_config_format"), "null");
    assert_string_equal(test_raw(&f, "xl_info.fields.xend_config_format"), "\"4\"");
    assert_string_equal(test_raw(&f, "xl_info.fields.xen_changeset"), "\"\"");
    assert_string_equal(test_raw(&f, "xl_info.fields.outstanding_claims"), "\"0\"");
    assert_string_equal(test_raw(&f, "xl_info.fields.cc_compile_date"),
                        "\"Wed Nov  4 16:52:28 UTC 2026\"");
    assert_string_equal(test_raw(&f, "xl_info.outstanding_claims_mb"), "null");
    facts_release(&f);
}

static void test_xminfo_partial(void **state)
{
    struct facts f;

    (void)state;
    /* CRLF, tabs, a prompt; no xen_major: xen_version from the xen_version line; bad number */
    test_analyze(&analyzer_xminfo, "cmd/xm-info.out",
                 "[root@sv091 ~]# xm info\r\n"
                 "host\t: sv091\r\n"
                 "total_memory           : lots\r\n"
                 "free_memory            : 1024\r\n"
                 "xen_version            : 4.1.3OVM\r\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"total_memory 'lots' is not a number\"");
    assert_string_equal(test_raw(&f, "xm_info.host"), "\"sv091\"");
    assert_string_equal(test_raw(&f, "xm_info.total_mb"), "null");
    assert_string_equal(test_raw(&f, "xm_info.fields.total_memory"), "\"lots\"");
    assert_string_equal(test_raw(&f, "xm_info.free_mb"), "1024");
    assert_string_equal(test_raw(&f, "xm_info.xen_version"), "\"4.1.3OVM\"");
    assert_string_equal(test_raw(&f, "xm_info.nr_cpus"), "null");
    facts_release(&f);
}

static void test_xminfo_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xminfo, "cmd/xm-info.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xm_info"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xminfo, "cmd/xm-info.out", "\x01\x02\xff garbage\nError: no xend\n", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_raw(&f, "xm_info"), "null");
    facts_release(&f);

    /* truncated mid-line: the cut line keeps what it has */
    test_analyze(&analyzer_xminfo, "cmd/xm-info.out",
                 "host                   : sv095\nnr_cpus                : 16\ntotal_mem", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_raw(&f, "xm_info.nr_cpus"), "16");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xminfo_ovm),
        cmocka_unit_test(test_xminfo_xl),
        cmocka_unit_test(test_xminfo_partial),
        cmocka_unit_test(test_xminfo_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
