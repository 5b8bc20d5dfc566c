/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <stdlib.h>
#include <string.h>

extern const struct analyzer analyzer_vmcfg;
extern const struct analyzer analyzer_listing;

#define REPO "0004fb000003000024cd350d232b41fc"
#define VMDIR(id) "root/OVS/Repositories/" REPO "/VirtualMachines/" id "/vm.cfg"
#define SV100 VMDIR("0004fb00000600001ab4fe3614bd3616")

/* examples/ovm-host: sv100, an HVM guest with an ISO in a CD drive */
static const char sv100[] =
    "vif = ['mac=00:21:f6:2a:00:64,bridge=172.24.19.0', "
    "'mac=00:21:f6:2a:01:64,bridge=100bc68c90']\n"
    "OVM_simple_name = 'sv100'\n"
    "vnclisten = '127.0.0.1'\n"
    "serial = 'pty'\n"
    "disk = ['file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/"
    "0004fb00001200003a0a9885c3bf95a1.img,xvda,w',\n"
    "        'file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/"
    "0004fb0000120000ec964d3d4496eba5.img,xvdb,w',\n"
    "        'file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/ISOs/"
    "0004fb0000150000c1a7e6f25d3b9a08.iso,hdc:cdrom,r']\n"
    "vncunused = 1\n"
    "uuid = '0004fb00-0006-0000-1ab4-fe3614bd3616'\n"
    "on_reboot = 'restart'\n"
    "boot = 'cd'\n"
    "name = '0004fb00000600001ab4fe3614bd3616'\n"
    "cpu_weight = 27500\n"
    "memory = 16348\n"
    "cpu_cap = 0\n"
    "maxvcpus = 4\n"
    "OVM_high_availability = False\n"
    "vnc = 1\n"
    "vncpasswd = '********'\n"
    "OVM_description = ''\n"
    "on_poweroff = 'destroy'\n"
    "on_crash = 'restart'\n"
    "guest_os_type = 'linux'\n"
    "usbdevice = 'tablet'\n"
    "builder = 'hvm'\n"
    "vcpus = 4\n"
    "keymap = 'de'\n"
    "OVM_os_type = 'Oracle Linux 7'\n"
    "OVM_cpu_compat_group = ''\n"
    "OVM_domain_type = 'xen_hvm_pv'\n";

static void test_vmcfg_hvm(void **state)
{
    struct facts f;
    char *all;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100, sv100, &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 0);
    assert_string_equal(test_fact(&f, "vms[0].id"), "\"0004fb00000600001ab4fe3614bd3616\"");
    assert_string_equal(test_fact(&f, "vms[0].repo_id"), "\"" REPO "\"");
    assert_string_equal(test_fact(&f, "vms[0].path"),
                        "\"/OVS/Repositories/" REPO
                        "/VirtualMachines/0004fb00000600001ab4fe3614bd3616/vm.cfg\"");
    assert_string_equal(test_fact(&f, "vms[0].name"), "\"0004fb00000600001ab4fe3614bd3616\"");
    assert_string_equal(test_fact(&f, "vms[0].simple_name"), "\"sv100\"");
    assert_string_equal(test_fact(&f, "vms[0].uuid"), "\"0004fb00-0006-0000-1ab4-fe3614bd3616\"");
    assert_string_equal(test_fact(&f, "vms[0].description"), "\"\"");
    assert_string_equal(test_fact(&f, "vms[0].os_type"), "\"Oracle Linux 7\"");
    assert_string_equal(test_fact(&f, "vms[0].domain_type"), "\"xen_hvm_pv\"");
    assert_string_equal(test_fact(&f, "vms[0].ha"), "false");
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "16348");
    assert_string_equal(test_fact(&f, "vms[0].maxmem_mb"), "16348");
    assert_string_equal(test_fact(&f, "vms[0].vcpus"), "4");
    assert_string_equal(test_fact(&f, "vms[0].maxvcpus"), "4");
    assert_string_equal(test_fact(&f, "vms[0].builder"), "\"hvm\"");
    assert_string_equal(test_fact(&f, "vms[0].on_crash"), "\"restart\"");
    assert_string_equal(test_fact(&f, "vms[0].on_reboot"), "\"restart\"");
    assert_string_equal(test_fact(&f, "vms[0].on_poweroff"), "\"destroy\"");
    assert_string_equal(test_fact(&f, "vms[0].cpu_weight"), "27500");
    assert_string_equal(test_fact(&f, "vms[0].cpu_cap"), "0");
    assert_string_equal(
        test_fact(&f, "vms[0].disks[0]"),
        "{\"spec\":\"file:/OVS/Repositories/" REPO "/VirtualDisks/"
        "0004fb00001200003a0a9885c3bf95a1.img,xvda,w\",\"type\":\"file\",\"path\":"
        "\"/OVS/Repositories/" REPO "/VirtualDisks/0004fb00001200003a0a9885c3bf95a1.img\","
        "\"dev\":\"xvda\",\"cdrom\":false,\"mode\":\"w\",\"repo_id\":\"" REPO "\","
        "\"object_type\":\"virtual_disk\"}");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].dev"), "\"hdc\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].cdrom"), "true");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].mode"), "\"r\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].object_type"), "\"virtual_cdrom\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[1]"),
                        "{\"spec\":\"mac=00:21:f6:2a:01:64,bridge=100bc68c90\",\"mac\":"
                        "\"00:21:f6:2a:01:64\",\"bridge\":\"100bc68c90\",\"type\":null,"
                        "\"model\":null}");
    assert_string_equal(test_fact(&f, "vms[0].config.vnclisten"), "\"127.0.0.1\"");
    assert_string_equal(test_fact(&f, "vms[0].config.vncunused"), "1");
    assert_string_equal(test_fact(&f, "vms[0].config.OVM_cpu_compat_group"), "\"\"");
    assert_string_equal(test_fact(&f, "vms[0].config.memory"), "null");   /* typed, not here */
    assert_string_equal(test_fact(&f, "vms[0].config.vncpasswd"), "null");
    all = facts_to_string(&f);
    assert_null(strstr(all, "passw"));
    assert_null(strstr(all, "********"));
    free(all);
    facts_release(&f);
}

/* examples/ovm-host sv107: PV (pygrub), HA, maxmem set, bridge removed */
static void test_vmcfg_pv(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, VMDIR("0004fb0000060000e1c4b3a2d1f00a11"),
                 "vif = ['mac=00:21:f6:2a:00:6b,bridge=172.24.19.0', "
                 "'mac=00:21:f6:2a:01:6b,bridge=1035d2c6a7']\n"
                 "OVM_simple_name = 'sv107'\n"
                 "disk = ['file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/"
                 "0004fb0000120000e06adb53e1ae844b.img,xvda,w']\n"
                 "bootloader = '/usr/bin/pygrub'\n"
                 "uuid = '0004fb00-0006-0000-e1c4-b3a2d1f00a11'\n"
                 "memory = 16348\n"
                 "maxvcpus = 4\n"
                 "OVM_high_availability = True\n"
                 "maxmem = 16348\n"
                 "OVM_description = 'batch node, moved from pool sv080'\n"
                 "name = '0004fb0000060000e1c4b3a2d1f00a11'\n"
                 "vcpus = 4\n"
                 "OVM_domain_type = 'xen_pvm'\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "vms[0].ha"), "true");
    assert_string_equal(test_fact(&f, "vms[0].builder"), "null");
    assert_string_equal(test_fact(&f, "vms[0].on_crash"), "null");
    assert_string_equal(test_fact(&f, "vms[0].cpu_weight"), "null");
    assert_string_equal(test_fact(&f, "vms[0].maxmem_mb"), "16348");
    assert_string_equal(test_fact(&f, "vms[0].description"),
                        "\"batch node, moved from pool sv080\"");
    assert_string_equal(test_fact(&f, "vms[0].config.bootloader"), "\"/usr/bin/pygrub\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[1].bridge"), "\"1035d2c6a7\"");
    facts_release(&f);
}

/* The talk's slide wraps string literals over lines: disk and vif cannot be read, the rest can. */
static void test_vmcfg_talk_slide(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, VMDIR("0004fb000006000063c616814464d177"),
                 "\n \n"
                 "vif = ['mac=00:21:f6:2a:00:68,bridge=172.24.19.0', '\n"
                 "      mac=00:21:f6:2a:01:68,bridge=100bc68c90']\n"
                 "OVM_simple_name = 'sv104'\n"
                 "vnclisten = '127.0.0.1'\n"
                 "serial = 'pty'\n"
                 "disk = ['file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/\n"
                 "0004fb0000120000b4aa1d5fea4c543a.img,xvda,w', 'file:/OVS/Repositories/\n"
                 "0004fb000003000024cd350d232b41fc/VirtualDisks/\n"
                 "0004fb0000120000a0af3357d6cafd05.img,xvdb,w']\n"
                 "vncunused = 1\n"
                 "uuid = '0004fb00-0006-0000-63c6-16814464d177'\n"
                 "name = '0004fb000006000063c616814464d177'\n"
                 "memory = 16348\n"
                 "OVM_high_availability = False\n"
                 "builder = 'hvm'\n"
                 "vcpus = 4\n"
                 "OVM_domain_type = 'xen_hvm_pv'\n"
                 "  \n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_int_equal(test_fact_notes(&f), 0);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'vif': 3:52: unterminated string\"");
    assert_string_equal(test_fact(&f, "errors[1].line"), "8");
    assert_string_equal(test_fact(&f, "errors[1].message"),
                        "\"'disk': 8:9: unterminated string\"");
    assert_string_equal(test_fact(&f, "vms[0].simple_name"), "\"sv104\"");
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "16348");
    assert_string_equal(test_fact(&f, "vms[0].vcpus"), "4");
    assert_string_equal(test_fact(&f, "vms[0].config.vncunused"), "1");
    assert_string_equal(test_fact(&f, "vms[0].disks"), "[]");
    assert_string_equal(test_fact(&f, "vms[0].vifs"), "[]");
    facts_release(&f);
}

static void test_vmcfg_disk_forms(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100,
                 "disk = ['phy:/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8,xvdc,w!',\n"
                 "        'tap:aio:/OVS/Repositories/0004fb0000030000aaaa000000000001/ISOs/x.iso,"
                 "xvdb:cdrom,r',\n"
                 "        'file:///EXAVMIMAGES/GuestImages/vm1/System.img,xvda,w',\n"
                 "        ',hdc:cdrom,r',\n"
                 "        'tap:qcow:/var/img/a.qcow,ioemu:hdd,w',\n"
                 "        'iscsi:iqn.2001-04.com.example:storage.disk1,xvde,w',\n"
                 "        'phy:sdb , xvdf , r',\n"
                 "        'nonsense',\n"
                 "        42,\n"
                 "        'format=raw, vdev=xvdg, access=rw, target=/x.img',\n"
                 "]\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "vms[0].disks[0].type"), "\"phy\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[0].path"),
                        "\"/dev/mapper/36e843b67fd0b542d4551d417dd8bdad8\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[0].mode"), "\"w!\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[0].repo_id"), "null");
    assert_string_equal(test_fact(&f, "vms[0].disks[0].object_type"), "null");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].type"), "\"tap:aio\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].dev"), "\"xvdb\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].cdrom"), "true");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].repo_id"),
                        "\"0004fb0000030000aaaa000000000001\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].type"), "\"file\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].path"),
                        "\"/EXAVMIMAGES/GuestImages/vm1/System.img\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[3]"),
                        "{\"spec\":\",hdc:cdrom,r\",\"type\":null,\"path\":\"\",\"dev\":\"hdc\","
                        "\"cdrom\":true,\"mode\":\"r\",\"repo_id\":null,\"object_type\":null}");
    assert_string_equal(test_fact(&f, "vms[0].disks[4].type"), "\"tap:qcow\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[4].dev"), "\"hdd\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[5].type"), "\"iscsi\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[5].path"),
                        "\"iqn.2001-04.com.example:storage.disk1\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[6].path"), "\"sdb\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[6].dev"), "\"xvdf\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[7].path"), "null");
    assert_string_equal(test_fact(&f, "vms[0].disks[7].spec"), "\"nonsense\"");
    assert_string_equal(test_fact(&f, "vms[0].disks[8].mode"), "null");   /* the xl form */
    assert_string_equal(test_fact(&f, "vms[0].disks[9]"), "null");
    assert_string_equal(test_fact(&f, "errors[1].message"),
                        "\"'disk': element 8, 42, is not a string\"");
    assert_string_equal(test_fact(&f, "errors[0].line"), "1");
    facts_release(&f);
}

static void test_vmcfg_vif_forms_and_strings(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100,
                 "vif = [ 'type=netfront,mac=00:21:F6:00:00:01,bridge=xenbr0',\n"
                 "        'bridge=xenbr1',\n"
                 "        'mac=00:16:3e:00:00:02, bridge=xenbr0, model=e1000, type=ioemu',\n"
                 "        '' ]\n"
                 "memory = '2048'\n"
                 "vcpus = ' 2 '\n"
                 "cpu_cap = 'none'\n"
                 "OVM_high_availability = 'True'\n",
                 &f);
    assert_string_equal(test_fact(&f, "vms[0].vifs[0].mac"), "\"00:21:f6:00:00:01\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[0].type"), "\"netfront\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[0].bridge"), "\"xenbr0\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[1].mac"), "null");
    assert_string_equal(test_fact(&f, "vms[0].vifs[1].bridge"), "\"xenbr1\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[2].model"), "\"e1000\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[2].type"), "\"ioemu\"");
    assert_string_equal(test_fact(&f, "vms[0].vifs[3].spec"), "\"\"");
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "2048");
    assert_string_equal(test_fact(&f, "vms[0].maxmem_mb"), "2048");
    assert_string_equal(test_fact(&f, "vms[0].vcpus"), "2");
    assert_string_equal(test_fact(&f, "vms[0].maxvcpus"), "2");
    assert_string_equal(test_fact(&f, "vms[0].ha"), "true");
    assert_string_equal(test_fact(&f, "vms[0].cpu_cap"), "null");
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'cpu_cap': \\\"none\\\" is not a number\"");
    assert_string_equal(test_fact(&f, "errors[0].line"), "7");
    facts_release(&f);
}

static void test_vmcfg_code_and_comments(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100,
                 "# generated by hand\r\n"
                 "import os, re\r\n"
                 "arch = os.uname()[4]\r\n"
                 "if arch == 'x86_64':\r\n"
                 "\tmemory = 1024\r\n"
                 "else:\r\n"
                 "\tmemory = 512\r\n"
                 "name = 'vm1' ; vcpus = 2 # two\r\n"
                 "kernel = \"/boot/vmlinuz\"   # a comment\r\n"
                 "extra = 'console=hvc0 ' \\\r\n"
                 "        'xencons=tty'\r\n"
                 "maxmem = 1024 * 2\r\n"
                 "vncpasswd: 'leaked'\r\n"
                 "root = '/dev/xvda1 ro'\r\n",
                 &f);
    /* import, if, else, "vncpasswd:" are notes; arch's value is code: an error */
    assert_int_equal(test_fact_notes(&f), 4);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "512");
    assert_string_equal(test_fact(&f, "vms[0].name"), "\"vm1\"");
    assert_string_equal(test_fact(&f, "vms[0].vcpus"), "2");
    assert_string_equal(test_fact(&f, "vms[0].maxmem_mb"), "null");
    assert_string_equal(test_fact(&f, "vms[0].config.kernel"), "\"/boot/vmlinuz\"");
    assert_string_equal(test_fact(&f, "vms[0].config.extra"), "\"console=hvc0 xencons=tty\"");
    assert_string_equal(test_fact(&f, "vms[0].config.root"), "\"/dev/xvda1 ro\"");
    assert_string_equal(test_fact(&f, "vms[0].config.arch"), "null");
    assert_string_equal(test_fact(&f, "vms[0].disks"), "[]");
    assert_null(strstr(test_fact(&f, "errors"), "leaked"));
    assert_non_null(strstr(test_fact(&f, "errors"), "import os, re"));
    facts_release(&f);
}

static void test_vmcfg_secrets(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100,
                 "name = 'vm1'\n"
                 "vncpasswd = 'SECRET-1\n"
                 "VNCPASSWORD = 'SECRET-2'\n"
                 "root_password = 'SECRET-3' 'more' x\n"
                 "memory = 512\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_null(strstr(test_fact(&f, ""), "SECRET"));
    assert_null(strstr(test_fact(&f, ""), "VNCPASSWORD"));
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "512");
    facts_release(&f);
}

static void test_vmcfg_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100, "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "vms"), "null");
    facts_release(&f);
    test_analyze(&analyzer_vmcfg, SV100, "\x7f" "ELF\x01\x02\x03\n\xff\xfe garbage\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_int_equal(test_fact_notes(&f), 2);
    assert_string_equal(test_fact(&f, "vms"), "null");
    facts_release(&f);
    /* cut in the middle of a line */
    test_analyze(&analyzer_vmcfg, SV100, "name = 'vm1'\nmemory = 512\ndisk = ['file:/OVS/Rep",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"), "\"'disk': 3:9: unterminated string\"");
    assert_string_equal(test_fact(&f, "vms[0].memory_mb"), "512");
    facts_release(&f);
    /* many lines of junk: notes are capped */
    {
        char junk[4000];
        size_t i;
        for (i = 0; i + 2 < sizeof(junk); i += 2) {
            junk[i] = 'x';
            junk[i + 1] = '\n';
        }
        junk[i] = '\0';
        test_analyze(&analyzer_vmcfg, SV100, junk, &f);
        assert_int_equal(test_fact_notes(&f), 21);
        assert_int_equal(test_fact_errors(&f), 1);
        facts_release(&f);
    }
    /* a path of another shape */
    test_analyze(&analyzer_vmcfg, "root/OVS/Repositories/r1/VirtualMachines/vm.cfg",
                 "name = 'x'", &f);
    assert_string_equal(test_fact(&f, "vms[0].id"), "null");
    assert_string_equal(test_fact(&f, "vms[0].repo_id"), "\"r1\"");
    facts_release(&f);
}

/* Found by fuzz-vmcfg (tests/fuzz/regressions/vmcfg/): join.c took the part of a disk path below
 * its repository as starting strlen("/OVS/Repositories/") + strlen(id) bytes into the path,
 * while the repository key may come without the leading '/' or after other folders; for
 * "OVS/Repositories/<id>" that pointed past the string's end. */
static void test_vmcfg_join_repo_paths_anywhere(void **state)
{
    static const char listing[] =
        "{\"entries\": [{\"path\": \"VirtualDisks/a.img\", \"type\": \"file\", "
        "\"size_bytes\": 4096, \"allocated_bytes\": 0, \"mtime\": 1}], \"capped\": false}\n";
    struct facts f;

    (void)state;
    test_analyze(&analyzer_vmcfg, SV100,
                 "disk = ['file:OVS/Repositories/" REPO ",xvda,w',\n"
                 "        'file:/srv/OVS/Repositories/" REPO "/VirtualDisks/a.img,xvdb,w',\n"
                 "        'file:/OVS/Repositories/" REPO "/VirtualDisks/b.img,xvdc,w']\n",
                 &f);
    analyzer_run(&analyzer_listing, &f, "listing/OVS/Repositories/" REPO ".json", listing,
                 strlen(listing));
    facts_join(&f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "vms[0].disks[0].exists"), "false");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].exists"), "true");
    assert_string_equal(test_fact(&f, "vms[0].disks[1].size_bytes"), "4096");
    assert_string_equal(test_fact(&f, "vms[0].disks[2].exists"), "false");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vmcfg_hvm),
        cmocka_unit_test(test_vmcfg_pv),
        cmocka_unit_test(test_vmcfg_talk_slide),
        cmocka_unit_test(test_vmcfg_disk_forms),
        cmocka_unit_test(test_vmcfg_vif_forms_and_strings),
        cmocka_unit_test(test_vmcfg_code_and_comments),
        cmocka_unit_test(test_vmcfg_secrets),
        cmocka_unit_test(test_vmcfg_malformed),
        cmocka_unit_test(test_vmcfg_join_repo_paths_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
