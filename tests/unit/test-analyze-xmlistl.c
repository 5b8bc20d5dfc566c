/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <json-c/json.h>
#include <string.h>

extern const struct analyzer analyzer_xmlistl;

/* examples/ovm-host xm-list-l.txt: its first two domains (HVM, six disks, a cdrom, two vifs, a
 * vfb with a vncpasswd) and Domain-0 */
static const char ovm_xm_list_l[] =
    "(domain\n"
    "    (domid 1)\n"
    "    (cpu_weight 27500)\n"
    "    (cpu_cap 0)\n"
    "    (on_crash restart)\n"
    "    (uuid 0004fb00-0006-0000-1ab4-fe3614bd3616)\n"
    "    (bootloader_args )\n"
    "    (vcpus 4)\n"
    "    (name 0004fb00000600001ab4fe3614bd3616)\n"
    "    (on_poweroff destroy)\n"
    "    (on_reboot restart)\n"
    "    (cpus (() () () ()))\n"
    "    (bootloader )\n"
    "    (maxmem 16348)\n"
    "    (memory 16348)\n"
    "    (shadow_memory 36)\n"
    "    (features )\n"
    "    (on_xend_start ignore)\n"
    "    (on_xend_stop ignore)\n"
    "    (start_time 1792552480.00)\n"
    "    (cpu_time 2551256.842117)\n"
    "    (online_vcpus 4)\n"
    "    (image\n"
    "        (hvm\n"
    "            (kernel /usr/lib/xen/boot/hvmloader)\n"
    "            (videoram 4)\n"
    "            (hpet 0)\n"
    "            (stdvga 0)\n"
    "            (loader /usr/lib/xen/boot/hvmloader)\n"
    "            (xen_platform_pci 1)\n"
    "            (nestedhvm 0)\n"
    "            (rtc_timeoffset 0)\n"
    "            (pci ())\n"
    "            (hap 1)\n"
    "            (localtime 0)\n"
    "            (timer_mode 1)\n"
    "            (pci_msitranslate 1)\n"
    "            (oos 1)\n"
    "            (apic 1)\n"
    "            (usbdevice tablet)\n"
    "            (device_model /usr/lib/xen/bin/qemu-dm)\n"
    "            (vncunused 1)\n"
    "            (boot cd)\n"
    "            (pae 1)\n"
    "            (viridian 0)\n"
    "            (acpi 1)\n"
    "            (vnc 1)\n"
    "            (nographic 0)\n"
    "            (nomigrate 0)\n"
    "            (usb 0)\n"
    "            (tsc_mode 0)\n"
    "            (guest_os_type linux)\n"
    "            (monitor 0)\n"
    "            (vnclisten 127.0.0.1)\n"
    "            (serial pty)\n"
    "            (keymap de)\n"
    "            (pci_power_mgmt 0)\n"
    "            (notes (SUSPEND_CANCEL 1))\n"
    "        )\n"
    "    )\n"
    "    (status 2)\n"
    "    (state -b----)\n"
    "    (store_mfn 4294967292)\n"
    "    (device\n"
    "        (vif\n"
    "            (bridge 172.24.19.0)\n"
    "            (mac 00:21:f6:2a:00:64)\n"
    "            (script /etc/xen/scripts/vif-bridge)\n"
    "            (uuid ee88dfcf-89e6-e804-168a-d5c64208f168)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vif\n"
    "            (bridge 100bc68c90)\n"
    "            (mac 00:21:f6:2a:01:64)\n"
    "            (script /etc/xen/scripts/vif-bridge)\n"
    "            (uuid 8a9740a5-3f1c-2beb-d7a2-6511d0cd331c)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 770d1bab-5999-16db-cd53-015cfc5567f7)\n"
    "            (bootable 1)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvda:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200003a0a9885c3bf95a1.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid d8a33385-6ad0-2b1b-c3f5-e57c5989f116)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdb:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b0000120000ec964d3d4496eba5.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid e10a3688-2808-a854-c472-6eba251d6a3e)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdc:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b000012000092913bcbacbb07b7.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid f961ff29-0700-ac76-eddd-a1c78d8b3fe9)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdd:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b0000120000df1db1afefc8cb0e.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 8e647bc3-82bd-e0eb-5f19-d78a7f3f944c)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvde:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200001936524a9ad401f8.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid c9ed7ec9-fd3e-ea9d-eab3-053556da6a3f)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev hdc:cdrom)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/ISOs/0004fb0000150"
    "000c1a7e6f25d3b9a08.iso)\n"
    "            (mode r)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (console\n"
    "            (protocol vt100)\n"
    "            (location 3)\n"
    "            (uuid e70b6028-8801-f9c4-0312-14f99e0f25c8)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vfb\n"
    "            (vncunused 1)\n"
    "            (uuid 655921f4-2aed-f38d-dbe5-d12655636a2a)\n"
    "            (vnclisten 127.0.0.1)\n"
    "            (vnc 1)\n"
    "            (keymap de)\n"
    "            (location 127.0.0.1:5900)\n"
    "        )\n"
    "    )\n"
    ")\n"
    "(domain\n"
    "    (domid 8)\n"
    "    (cpu_weight 27500)\n"
    "    (cpu_cap 0)\n"
    "    (on_crash restart)\n"
    "    (uuid 0004fb00-0006-0000-4a27-037b0835a489)\n"
    "    (bootloader_args )\n"
    "    (vcpus 4)\n"
    "    (name 0004fb00000600004a27037b0835a489)\n"
    "    (on_poweroff destroy)\n"
    "    (on_reboot restart)\n"
    "    (cpus (() () () ()))\n"
    "    (bootloader )\n"
    "    (maxmem 16348)\n"
    "    (memory 16348)\n"
    "    (shadow_memory 36)\n"
    "    (features )\n"
    "    (on_xend_start ignore)\n"
    "    (on_xend_stop ignore)\n"
    "    (start_time 1794081151.00)\n"
    "    (cpu_time 1142964.142117)\n"
    "    (online_vcpus 4)\n"
    "    (image\n"
    "        (hvm\n"
    "            (kernel /usr/lib/xen/boot/hvmloader)\n"
    "            (videoram 4)\n"
    "            (hpet 0)\n"
    "            (stdvga 0)\n"
    "            (loader /usr/lib/xen/boot/hvmloader)\n"
    "            (xen_platform_pci 1)\n"
    "            (nestedhvm 0)\n"
    "            (rtc_timeoffset 0)\n"
    "            (pci ())\n"
    "            (hap 1)\n"
    "            (localtime 0)\n"
    "            (timer_mode 1)\n"
    "            (pci_msitranslate 1)\n"
    "            (oos 1)\n"
    "            (apic 1)\n"
    "            (usbdevice tablet)\n"
    "            (device_model /usr/lib/xen/bin/qemu-dm)\n"
    "            (vncunused 1)\n"
    "            (boot c)\n"
    "            (pae 1)\n"
    "            (viridian 0)\n"
    "            (acpi 1)\n"
    "            (vnc 1)\n"
    "            (nographic 0)\n"
    "            (nomigrate 0)\n"
    "            (usb 0)\n"
    "            (tsc_mode 0)\n"
    "            (guest_os_type linux)\n"
    "            (monitor 0)\n"
    "            (vnclisten 127.0.0.1)\n"
    "            (serial pty)\n"
    "            (keymap de)\n"
    "            (pci_power_mgmt 0)\n"
    "            (notes (SUSPEND_CANCEL 1))\n"
    "        )\n"
    "    )\n"
    "    (status 2)\n"
    "    (state -b----)\n"
    "    (store_mfn 4294967292)\n"
    "    (device\n"
    "        (vif\n"
    "            (bridge 172.24.19.0)\n"
    "            (mac 00:21:f6:2a:00:65)\n"
    "            (script /etc/xen/scripts/vif-bridge)\n"
    "            (uuid a44e3425-528b-d932-80f0-65b8ce7be3e4)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vif\n"
    "            (bridge 100bc68c90)\n"
    "            (mac 00:21:f6:2a:01:65)\n"
    "            (script /etc/xen/scripts/vif-bridge)\n"
    "            (uuid 98649695-bec4-c32f-4400-d4b3e6e97a95)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 908d4f93-17e5-b883-6397-b3dc9a020c02)\n"
    "            (bootable 1)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvda:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b000012000008250218c791b143.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 41d5f19d-bbfd-1e82-5688-2af392dae4c9)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdb:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200001b0650fc9daae133.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 04aa637c-c6c1-641d-8826-38ffaeae1e08)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdc:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200002bce7a51afd9b8e1.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid b3f8bd28-6467-88e7-3bf7-76f371c0d48b)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdd:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b0000120000dd9d5791b501d678.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid bc10733d-666b-69c9-2da7-2ee3c9ce1c7e)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvde:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200005d0f57dc32af3935.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vbd\n"
    "            (uuid 1bdfa95a-f0d8-c68e-a145-f239d3d6931b)\n"
    "            (bootable 0)\n"
    "            (driver paravirtualised)\n"
    "            (dev xvdf:disk)\n"
    "            (uname file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004f"
    "b00001200000589f4d7ac844524.img)\n"
    "            (mode w)\n"
    "            (backend 0)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (console\n"
    "            (protocol vt100)\n"
    "            (location 10)\n"
    "            (uuid 5e1e98ac-43e3-6b6b-a4f0-89f69424a7ac)\n"
    "        )\n"
    "    )\n"
    "    (device\n"
    "        (vfb\n"
    "            (vncunused 1)\n"
    "            (uuid 7c527dfc-7760-0d94-0d26-7df8dbcd339d)\n"
    "            (vnclisten 127.0.0.1)\n"
    "            (vnc 1)\n"
    "            (keymap de)\n"
    "            (vncpasswd SECRET-VNC-xm)\n"
    "            (location 127.0.0.1:5901)\n"
    "        )\n"
    "    )\n"
    ")\n"
    "(domain\n"
    "    (domid 0)\n"
    "    (cpu_weight 256)\n"
    "    (cpu_cap 0)\n"
    "    (on_crash restart)\n"
    "    (uuid 00000000-0000-0000-0000-000000000000)\n"
    "    (bootloader_args )\n"
    "    (vcpus 16)\n"
    "    (name Domain-0)\n"
    "    (on_poweroff destroy)\n"
    "    (on_reboot restart)\n"
    "    (cpus ((0) (1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13) (14) (15)))\n"
    "    (bootloader )\n"
    "    (maxmem 16777215)\n"
    "    (memory 2796)\n"
    "    (shadow_memory 0)\n"
    "    (features )\n"
    "    (on_xend_start ignore)\n"
    "    (on_xend_stop ignore)\n"
    "    (start_time 1792552212.00)\n"
    "    (cpu_time 3867699.331544)\n"
    "    (online_vcpus 16)\n"
    "    (image (linux (kernel ) (superpages 0) (nomigrate 0) (tsc_mode 0)))\n"
    "    (status 2)\n"
    "    (state r-----)\n"
    ")\n";

static bool raw_contains(struct facts *f, const char *needle)
{
    const char *s = json_object_to_json_string_ext(f->raw, JSON_C_TO_STRING_PLAIN);
    const char *e = json_object_to_json_string_ext(f->root, JSON_C_TO_STRING_PLAIN);

    return strstr(s, needle) || strstr(e, needle);
}

static void test_xmlistl_ovm(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out", ovm_xm_list_l, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].domid"), "1");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].name"),
                        "\"0004fb00000600001ab4fe3614bd3616\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].uuid"),
                        "\"0004fb00-0006-0000-1ab4-fe3614bd3616\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].memory_mb"), "16348");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].maxmem_mb"), "16348");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].vcpus"), "4");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].on_crash"), "\"restart\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].on_reboot"), "\"restart\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].on_poweroff"), "\"destroy\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].state"), "\"-b----\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].image"), "\"hvm\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].disks[0]"),
                        "{\"uname\":\"file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/"
                        "VirtualDisks/0004fb00001200003a0a9885c3bf95a1.img\",\"dev\":\"xvda\","
                        "\"cdrom\":false,\"mode\":\"w\"}");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].disks[5].dev"), "\"hdc\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].disks[5].cdrom"), "true");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].disks[5].mode"), "\"r\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].disks[6]"), "null");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].vifs"),
                        "[{\"mac\":\"00:21:f6:2a:00:64\",\"bridge\":\"172.24.19.0\"},"
                        "{\"mac\":\"00:21:f6:2a:01:64\",\"bridge\":\"100bc68c90\"}]");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[1].domid"), "8");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[2]"),
                        "{\"domid\":0,\"name\":\"Domain-0\",\"uuid\":"
                        "\"00000000-0000-0000-0000-000000000000\",\"memory_mb\":2796,"
                        "\"maxmem_mb\":16777215,\"vcpus\":16,\"on_crash\":\"restart\","
                        "\"on_reboot\":\"restart\",\"on_poweroff\":\"destroy\",\"state\":"
                        "\"r-----\",\"image\":\"linux\",\"disks\":[],\"vifs\":[]}");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[3]"), "null");
    /* the vfb's vncpasswd is in the input, never in the facts */
    assert_non_null(strstr(ovm_xm_list_l, "SECRET-VNC-xm"));
    assert_false(raw_contains(&f, "SECRET"));
    assert_false(raw_contains(&f, "vncpasswd"));
    facts_release(&f);
}

/* OVM 2.x/3.x variants: tap:aio disks, a vif with a type, quoted atoms, (domid None) for a
 * domain xend manages but is not running, a bad number, a vncpasswd that a broken domain would
 * otherwise put in an error message. */
static void test_xmlistl_variants(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out",
                 "[root@ovs2 ~]# xm list -l\n"
                 "(domain\n"
                 "    (domid None)\n"
                 "    (name 'vm one')\n"
                 "    (memory 1024)\n"
                 "    (maxmem lots)\n"
                 "    (image (linux (kernel '')))\n"
                 "    (device (tap (uname tap:aio:/OVS/running_pool/vm1/System.img) (dev xvda)"
                 " (mode w)))\n"
                 "    (device (tap2 (uname tap:aio:/OVS/x.img) (dev \"xvdb:disk\") (mode r)))\n"
                 "    (device (vif (bridge xenbr0) (mac 00:16:3e:00:00:01) (type ioemu)))\n"
                 "    (device (vfb (vncpasswd 'SECRET pw') (type vnc)))\n"
                 "    (device (console (location 2)))\n"
                 "    (state ------)\n"
                 ")\r\n"
                 "(domain (domid 3) (name broken) (device (vfb (vncpasswd SECRET2) 'oops)))\n"
                 "[root@ovs2 ~]#\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "errors[0].line"), "6");
    assert_string_equal(test_fact(&f, "errors[0].message"), "\"(maxmem lots): not a number\"");
    assert_string_equal(test_fact(&f, "errors[1].line"), "15");
    assert_string_equal(test_fact(&f, "errors[1].message"),
                        "\"line 15, column 66: quoted atom not closed: the text ends early\"");
    assert_false(strstr(json_object_to_json_string(f.root), "SECRET"));
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0]"),
                        "{\"name\":\"vm one\",\"memory_mb\":1024,\"state\":\"------\","
                        "\"image\":\"linux\",\"disks\":[{\"uname\":\"tap:aio:/OVS/running_pool/vm1/"
                        "System.img\",\"dev\":\"xvda\",\"cdrom\":false,\"mode\":\"w\"},"
                        "{\"uname\":\"tap:aio:/OVS/x.img\",\"dev\":\"xvdb\",\"cdrom\":false,"
                        "\"mode\":\"r\"}],\"vifs\":[{\"mac\":\"00:16:3e:00:00:01\",\"bridge\":"
                        "\"xenbr0\",\"type\":\"ioemu\"}]}");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[1]"), "null");
    facts_release(&f);
}

/* A bundle file cut to head and tail: the domain around the marker is lost, the others stay. */
static void test_xmlistl_head_tail(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out",
                 "(domain\n    (domid 1)\n    (name a)\n)\n"
                 "(domain\n    (domid 2)\n    (name b)\n    (device\n"
                 "[ovmdiag: 523360 bytes omitted here; head and tail kept]\n"
                 "            (mode w)\n        )\n    )\n)\n"
                 "(domain\n    (domid 0)\n    (name Domain-0)\n)\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "5");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"line 5, column 1: '(' not closed: the text ends early\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].name"), "\"a\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[1].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[2]"), "null");
    facts_release(&f);
}

static void test_xmlistl_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xm_list_l"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out",
                 "\x1f\x8b\x08\x00 binary ((( junk\nError: Unable to connect to xend!\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xmlistl: no complete (domain ...) expression\"");
    facts_release(&f);

    /* truncated mid-line: the complete domain stays */
    test_analyze(&analyzer_xmlistl, "cmd/xm-list-l.out",
                 "(domain\n    (domid 0)\n    (name Domain-0)\n)\n(domain\n    (domid 1)\n    (na",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"line 5, column 1: '(' not closed: the text ends early\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[0].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xm_list_l.domains[1]"), "null");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmlistl_ovm),
        cmocka_unit_test(test_xmlistl_variants),
        cmocka_unit_test(test_xmlistl_head_tail),
        cmocka_unit_test(test_xmlistl_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
