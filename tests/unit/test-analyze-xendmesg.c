/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xendmesg;

/* xenlab xl-dmesg.txt (Xen 4.17), lines 1-12 and 130-150 */
static const char xenlab_xl_dmesg[] =
    "(XEN) Xen version 4.17.7 (Debian 4.17.7+13-g2445b30a44-0+deb12u1) (pkg-xen-devel@lists.alioth"
    ".debian.org) (x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0) debug=n Wed Nov  4 16:5"
    "2:28 UTC 2026\n"
    "(XEN) build-id: 151b373fd64b321593bf987fd923cd10dabadac4\n"
    "(XEN) Bootloader: qemu\n"
    "(XEN) Command line: console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=2 lo"
    "glvl=all guest_loglvl=all bootscrub=0\n"
    "(XEN) Xen image load base address: 0\n"
    "(XEN) Video information:\n"
    "(XEN)  No VGA detected\n"
    "(XEN) Disc information:\n"
    "(XEN)  Found 0 MBR signatures\n"
    "(XEN)  Found 2 EDD information structures\n"
    "(XEN) CPU Vendor: AMD, Family 15 (0xf), Model 107 (0x6b), Stepping 1 (raw 00060fb1)\n"
    "(XEN) Xen-e820 RAM map:\n"
    "(XEN) NX (Execute Disable) protection active\n"
    "(XEN) d0 has maximum 416 PIRQs\n"
    "(XEN) *** Building a PV Dom0 ***\n"
    "(XEN)  Xen  kernel: 64-bit, lsb\n"
    "(XEN)  Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> 0x4a00000\n"
    "(XEN) PHYSICAL MEMORY ARRANGEMENT:\n"
    "(XEN)  Dom0 alloc.:   0000000070000000->0000000078000000 (227559 pages to be allocated)\n"
    "(XEN)  Init. ramdisk: 000000007f2e7000->000000007f9fff9e\n"
    "(XEN) VIRTUAL MEMORY ARRANGEMENT:\n"
    "(XEN)  Loaded kernel: ffffffff81000000->ffffffff84a00000\n"
    "(XEN)  Phys-Mach map: 0000008000000000->0000008000200000\n"
    "(XEN)  Start info:    ffffffff84a00000->ffffffff84a004b8\n"
    "(XEN)  Page tables:   ffffffff84a01000->ffffffff84a2a000\n"
    "(XEN)  Boot stack:    ffffffff84a2a000->ffffffff84a2b000\n"
    "(XEN)  TOTAL:         ffffffff80000000->ffffffff84c00000\n"
    "(XEN)  ENTRY ADDRESS: ffffffff830791c0\n"
    "(XEN) Dom0 has maximum 2 VCPUs\n"
    "(XEN) Initial low memory virq threshold set at 0x4000 pages.\n"
    "(XEN) Std. Loglevel: All\n"
    "(XEN) Guest Loglevel: All\n"
    "(XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)\n";

/* xenlab var/log/xen/console/hypervisor.log (xenconsoled timestamps), lines 1-13 and 131-151 */
static const char xenlab_hypervisor_log[] =
    "[2026-11-26 07:46:59] Logfile Opened\n"
    "[2026-11-26 07:46:59] (XEN) Xen version 4.17.7 (Debian 4.17.7+13-g2445b30a44-0+deb12u1) (pkg-"
    "xen-devel@lists.alioth.debian.org) (x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0) d"
    "ebug=n Wed Nov  4 16:52:28 UTC 2026\n"
    "[2026-11-26 07:46:59] (XEN) build-id: 151b373fd64b321593bf987fd923cd10dabadac4\n"
    "[2026-11-26 07:46:59] (XEN) Bootloader: qemu\n"
    "[2026-11-26 07:46:59] (XEN) Command line: console=com1 com1=115200,8n1 dom0_mem=1024M,max:102"
    "4M dom0_max_vcpus=2 loglvl=all guest_loglvl=all bootscrub=0\n"
    "[2026-11-26 07:46:59] (XEN) Xen image load base address: 0\n"
    "[2026-11-26 07:46:59] (XEN) Video information:\n"
    "[2026-11-26 07:46:59] (XEN)  No VGA detected\n"
    "[2026-11-26 07:46:59] (XEN) Disc information:\n"
    "[2026-11-26 07:46:59] (XEN)  Found 0 MBR signatures\n"
    "[2026-11-26 07:46:59] (XEN)  Found 2 EDD information structures\n"
    "[2026-11-26 07:46:59] (XEN) CPU Vendor: AMD, Family 15 (0xf), Model 107 (0x6b), Stepping 1 (r"
    "aw 00060fb1)\n"
    "[2026-11-26 07:46:59] (XEN) Xen-e820 RAM map:\n"
    "[2026-11-26 07:46:59] (XEN) NX (Execute Disable) protection active\n"
    "[2026-11-26 07:46:59] (XEN) d0 has maximum 416 PIRQs\n"
    "[2026-11-26 07:46:59] (XEN) *** Building a PV Dom0 ***\n"
    "[2026-11-26 07:46:59] (XEN)  Xen  kernel: 64-bit, lsb\n"
    "[2026-11-26 07:46:59] (XEN)  Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> 0x4a00000\n"
    "[2026-11-26 07:46:59] (XEN) PHYSICAL MEMORY ARRANGEMENT:\n"
    "[2026-11-26 07:46:59] (XEN)  Dom0 alloc.:   0000000070000000->0000000078000000 (227559 pages "
    "to be allocated)\n"
    "[2026-11-26 07:46:59] (XEN)  Init. ramdisk: 000000007f2e7000->000000007f9fff9e\n"
    "[2026-11-26 07:46:59] (XEN) VIRTUAL MEMORY ARRANGEMENT:\n"
    "[2026-11-26 07:46:59] (XEN)  Loaded kernel: ffffffff81000000->ffffffff84a00000\n"
    "[2026-11-26 07:46:59] (XEN)  Phys-Mach map: 0000008000000000->0000008000200000\n"
    "[2026-11-26 07:46:59] (XEN)  Start info:    ffffffff84a00000->ffffffff84a004b8\n"
    "[2026-11-26 07:46:59] (XEN)  Page tables:   ffffffff84a01000->ffffffff84a2a000\n"
    "[2026-11-26 07:46:59] (XEN)  Boot stack:    ffffffff84a2a000->ffffffff84a2b000\n"
    "[2026-11-26 07:46:59] (XEN)  TOTAL:         ffffffff80000000->ffffffff84c00000\n"
    "[2026-11-26 07:46:59] (XEN)  ENTRY ADDRESS: ffffffff830791c0\n"
    "[2026-11-26 07:46:59] (XEN) Dom0 has maximum 2 VCPUs\n"
    "[2026-11-26 07:46:59] (XEN) Initial low memory virq threshold set at 0x4000 pages.\n"
    "[2026-11-26 07:46:59] (XEN) Std. Loglevel: All\n"
    "[2026-11-26 07:46:59] (XEN) Guest Loglevel: All\n"
    "[2026-11-26 07:46:59] (XEN) *** Serial input to DOM0 (type 'CTRL-a' three times to switch inp"
    "ut)\n";

/* examples/ovm-host xm-dmesg.txt (OVM 3.4), lines 1-10, 91-108 and 127-131 */
static const char ovm_xm_dmesg[] =
    "(XEN) Xen version 4.4.4OVM (mockbuild@us.oracle.com) (gcc (GCC) 4.4.7 20120313 (Red Hat 4.4.7"
    "-23.0.1)) debug=n Thu Dec 17 08:59:40 PST 2020\n"
    "(XEN) Latest ChangeSet: Thu Dec 17 08:42:11 2020 +0000 git:f3a8b1c-dirty\n"
    "(XEN) Bootloader: GNU GRUB 0.97\n"
    "(XEN) Command line: dom0_mem=2816M allowsuperpage dom0_vcpus_pin dom0_max_vcpus=16\n"
    "(XEN) Video information:\n"
    "(XEN)  VGA is text mode 80x25, font 8x16\n"
    "(XEN)  VBE/DDC methods: none; EDID transfer time: 0 seconds\n"
    "(XEN)  EDID info not retrieved because no DDC retrieval method detected\n"
    "(XEN) Disc information:\n"
    "(XEN)  Found 2 MBR signatures\n"
    "(XEN) mcheck_poll: Machine check polling timer started.\n"
    "(XEN) *** LOADING DOMAIN 0 ***\n"
    "(XEN)  Xen  kernel: 64-bit, lsb, compat32\n"
    "(XEN)  Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> 0x2a3e000\n"
    "(XEN) PHYSICAL MEMORY ARRANGEMENT:\n"
    "(XEN)  Dom0 alloc.:   0000001034000000->0000001038000000 (712704 pages to be allocated)\n"
    "(XEN)  Init. ramdisk: 000000207e3a9000->000000207f5e9200\n"
    "(XEN) VIRTUAL MEMORY ARRANGEMENT:\n"
    "(XEN)  Loaded kernel: ffffffff81000000->ffffffff82a3e000\n"
    "(XEN)  Init. ramdisk: 0000000000000000->0000000000000000\n"
    "(XEN)  Phys-Mach map: 0000008000000000->0000008000580000\n"
    "(XEN)  Start info:    ffffffff82a3e000->ffffffff82a3e4b4\n"
    "(XEN)  Page tables:   ffffffff82a3f000->ffffffff82a58000\n"
    "(XEN)  Boot stack:    ffffffff82a58000->ffffffff82a59000\n"
    "(XEN)  TOTAL:         ffffffff80000000->ffffffff82c00000\n"
    "(XEN)  ENTRY ADDRESS: ffffffff81f311e0\n"
    "(XEN) Dom0 has maximum 16 VCPUs\n"
    "(XEN) Scrubbing Free RAM on 2 nodes using 8 CPUs\n"
    "(XEN) PCI add device 0000:04:00.1\n"
    "(XEN) PCI add device 0000:03:00.0\n"
    "(XEN) PCI: Using MCFG for segment 0000 bus 00-ff\n"
    "(XEN) mm.c:877: d0: Forcing read-only access to MFN fed00\n"
    "(XEN) memory.c:132:d0v5 Could not allocate order=0 extent: id=18 memflags=0 (256256 of 104857"
    "6)\n";

static void test_xendmesg_xl(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xendmesg, "cmd/xl-dmesg.out", xenlab_xl_dmesg, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xen_dmesg.xl_dmesg"),
                        "{\"xen_version\":\"4.17.7\",\"commandline\":\"console=com1 com1=115200,8n"
                        "1 "
                        "dom0_mem=1024M,max:1024M dom0_max_vcpus=2 loglvl=all guest_loglvl=all "
                        "bootscrub=0\",\"dom0_alloc_pages\":227559,\"dom0_alloc_mb\":888,"
                        "\"dom0_crashed\":false,\"alloc_failures\":0,\"xen_lines\":33}");
    assert_string_equal(test_raw(&f, "xen_dmesg.xm_dmesg"), "null");
    facts_release(&f);
}

static void test_xendmesg_hypervisor_log(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xendmesg, "root/var/log/xen/console/hypervisor.log",
                 xenlab_hypervisor_log, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xen_dmesg.hypervisor_log.xen_version"), "\"4.17.7\"");
    assert_string_equal(test_raw(&f, "xen_dmesg.hypervisor_log.dom0_alloc_mb"), "888");
    assert_string_equal(test_raw(&f, "xen_dmesg.hypervisor_log.xen_lines"), "33");
    assert_string_equal(test_raw(&f, "xen_dmesg.hypervisor_log.commandline"),
                        "\"console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M "
                        "dom0_max_vcpus=2 loglvl=all guest_loglvl=all bootscrub=0\"");
    facts_release(&f);
}

static void test_xendmesg_xm(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xendmesg, "cmd/xm-dmesg.out", ovm_xm_dmesg, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xen_dmesg.xm_dmesg"),
                        "{\"xen_version\":\"4.4.4OVM\",\"commandline\":\"dom0_mem=2816M "
                        "allowsuperpage dom0_vcpus_pin dom0_max_vcpus=16\",\"dom0_alloc_pages\":"
                        "712704,\"dom0_alloc_mb\":2784,\"dom0_crashed\":false,"
                        "\"alloc_failures\":1,\"xen_lines\":33}");
    facts_release(&f);
}

/* A serial console log over two boots: "(XEN) " after a space or a BMC timestamp, dom0 crashing
 * in the first boot, Linux's own "Command line:" (no tag) ignored, the second boot's values. */
static void test_xendmesg_serial_two_boots(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xendmesg, "root/var/log/xen/console/hypervisor.log",
                 " (XEN) Xen version 3.0.3-1 (root@localdomain) (gcc 4.1.2) Tue Oct 10 2006\n"
                 " (XEN) Command line: /xen.gz dom0_mem=512M\n"
                 " (XEN)  Dom0 alloc.:   0000000008000000->0000000010000000 (131072 pages to be "
                 "allocated)\n"
                 "Kernel panic - not syncing: Out of low memory\n"
                 " (XEN) Domain 0 crashed: rebooting machine in 5 seconds.\n"
                 "2012-03-01 10:00:00\t(XEN) Xen version 4.0.1 (mockbuild@x) (gcc) Mon Mar 1\r\n"
                 "2012-03-01 10:00:00\t(XEN) Command line:    dom0_mem=1024M,max:1024M  \r\n"
                 "[    0.000000] Command line: root=/dev/sda1 ro\r\n"
                 "2012-03-01 10:00:01\t(XEN) Dom0 alloc.:   garbage\r\n"
                 "2012-03-01 10:00:09\t(XEN) memory.c:124:d5 Could not allocate order=9 extent\r\n"
                 "2012-03-01 10:00:09\t(XEN) memory.c:124:d5 Could not allocate order=0 extent\r\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "9");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'Dom0 alloc.:   garbage': no page count\"");
    assert_string_equal(test_raw(&f, "xen_dmesg.hypervisor_log"),
                        "{\"xen_version\":\"4.0.1\",\"commandline\":\"dom0_mem=1024M,max:1024M\","
                        "\"dom0_alloc_pages\":131072,\"dom0_alloc_mb\":512,\"dom0_crashed\":true,"
                        "\"alloc_failures\":2,\"xen_lines\":9}");
    facts_release(&f);
}

static void test_xendmesg_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xendmesg, "cmd/xl-dmesg.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xen_dmesg"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xendmesg, "root/var/log/xen/console/hypervisor.log",
                 "[2026-11-26 07:46:59] Logfile Opened\n\x01\x02\xff(XEN\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xendmesg: no '(XEN) ' lines: not the hypervisor console\"");
    facts_release(&f);

    /* truncated mid-line: a cut command line is kept as far as it goes, no version yet */
    test_analyze(&analyzer_xendmesg, "cmd/xm-dmesg.out",
                 "(XEN) Bootloader: GNU GRUB 0.97\n(XEN) Command line: dom0_mem=28", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xen_dmesg.xm_dmesg"),
                        "{\"commandline\":\"dom0_mem=28\",\"dom0_crashed\":false,"
                        "\"alloc_failures\":0,\"xen_lines\":2}");
    facts_release(&f);

    /* "Xen version" not followed by a number is not the banner */
    test_analyze(&analyzer_xendmesg, "cmd/xl-dmesg.out", "(XEN) Xen version unknown\n", &f);
    assert_string_equal(test_raw(&f, "xen_dmesg.xl_dmesg.xen_version"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xendmesg_xl),
        cmocka_unit_test(test_xendmesg_hypervisor_log),
        cmocka_unit_test(test_xendmesg_xm),
        cmocka_unit_test(test_xendmesg_serial_two_boots),
        cmocka_unit_test(test_xendmesg_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
