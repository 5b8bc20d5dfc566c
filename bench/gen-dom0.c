/* SPDX-License-Identifier: MIT */
/* gen-dom0.c: a deterministic synthetic dom0 for `make bench`: N VMs with vm.cfg in one
 * repository, and SIZE bytes of xend, qemu-dm, ovs-agent and messages logs modelled on
 * examples/ovm-host (the script copies that host's /etc, /proc, /sys, /boot and agent DB).
 * Known error lines are planted at known places: every PLANT_EVERY-th line of a log is the next
 * line of plants[] for that log's kind; OUT/planted.tsv says how many of each were written.
 * Background lines never match a rule pattern (make bench checks that grep agrees).
 *   gen-dom0 OUT SIZE [NVMS]     SIZE in bytes, or with a K, M or G suffix
 * Same arguments, same bytes: the generator uses its own PRNG and a fixed clock. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FILE_MAX (16ULL << 20)  /* rotated at this size: within collect's default --max-file-size */
#define PLANT_EVERY 997

enum kind { XEND, QEMU, AGENT, MESSAGES, NKINDS };

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* Error lines of every kind the rules know; the text after the log's own line prefix. */
static const char *const plants_xend[] = {
    "ERROR (XendDomainInfo:488) VM start failed",
    "ERROR (XendDomainInfo:2903) Domain construction failed",
    "ERROR (XendDomainInfo:3155 ) XendDomainInfo.initDomain: exception occurred",
    "DEBUG (XendDomainInfo:3080) Device 51712 (vbd) could not be connected. Hotplug scripts not working.",
    "DEBUG (DevController:144) Device 1 (vif) could not be connected. Backend device not found.",
    "ERROR (XendDomainInfo:474) VmError: I need 16740352 KiB, but dom0_min_mem is 2097152 and shrinking to 2097152 KiB would leave only 14374912 KiB free.",
    "ERROR (balloon:101) Not enough memory is available, and dom0 cannot be shrunk any further",
    "ERROR (XendDomainInfo:2917) Creating domain failed: name=0004fb0000060000e1c4b3a2d1f00a11",
    "WARNING (XendDomainInfo:2110) Domain has crashed: name=0004fb0000060000a31577d2f66b7345 id=12.",
    "ERROR (XendDomainInfo:2111) VM 0004fb0000060000a31577d2f66b7345 restarting too fast (Elapsed time: 4.22 seconds). Refusing to restart to avoid loops.",
    "ERROR (XendDomainInfo:2180) Xend failed during restart of domain 12.  Refusing to restart to avoid loops.",
    "ERROR (XendCheckpoint:133) Save failed on domain 0004fb0000060000a31577d2f66b7345 (14).",
    "ERROR (XendCheckpoint:357) Timeout waiting for domain 0004fb0000060000a31577d2f66b7345 to suspend",
    "ERROR (XendDomainInfo:1030) Device model destroy failed",
    "ERROR (image:467) HVM guest support is unavailable: is VT/AMD-V supported by your CPU and enabled in your BIOS?",
    "ERROR (XendDomainInfo:474) No valid device model specified",
    "ERROR (XendDomainInfo:474) VM name 'sv106' already exists as domain 7",
    "ERROR (XendDomainInfo:488) (12, 'Cannot allocate memory')",
    "DEBUG (DevController:150) Device 51728 (vbd) could not be disconnected.",
};
static const char *const plants_qemu[] = {
    "pt_iomul_init: Error: pt_iomul_init can't open file /dev/xen/pci_iomul: No such file or directory: 0x5:0x0.0x0",
    "register_real_device: Error: Binding of interrupt failed! rc=-16",
    "vncviewer execlp failed",
    "xs_read(): vncpasswd get error. /vm/0004fb00-0006-0000-75cb-dd1c01458b89/vncpasswd",
};
static const char *const plants_agent[] = {
    "ERROR (notification:195) MAC address is not valid",
    "ERROR (ovs_utils:352) Device model destroy failed",
};
static const char *const plants_messages[] = {
    "kernel: (o2hb-B3B3D1B7A1) ERROR: Heartbeat write timeout to device dm-3 after 120000 milliseconds",
    "kernel: o2net: No connection established with node 1 after 60.0 seconds, giving up.",
    "multipathd: 3600144f0c5d3a9e4f2b1c6a7e8d90001: remaining active paths: 0",
    "kernel: device-mapper: multipath: Failing path 8:32.",
    "multipathd: 3600144f0c5d3a9e4f2b1c6a7e8d90001: remaining active paths: 1",
    "kernel: end_request: I/O error, dev sdc, sector 209715200",
    "kernel: sd 3:0:0:1: rejecting I/O to offline device",
    "kernel: sd 3:0:0:1: [sdc] FAILED Result: hostbyte=DID_TRANSPORT_DISRUPTED driverbyte=DRIVER_OK",
    "kernel: xend invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
    "kernel: Out of memory: Kill process 4711 (python) score 51 or sacrifice child",
    "kernel: BUG: soft lockup - Watchdog timer detects that CPU3 is stuck",
    "multipathd: checker failed path 8:48 in map 3600144f0c5d3a9e4f2b1c6a7e8d90001",
};
static const char *const *const plants[NKINDS] = { plants_xend, plants_qemu, plants_agent,
                                                   plants_messages };
static const size_t nplants[NKINDS] = {
    sizeof(plants_xend) / sizeof(*plants_xend), sizeof(plants_qemu) / sizeof(*plants_qemu),
    sizeof(plants_agent) / sizeof(*plants_agent), sizeof(plants_messages) / sizeof(*plants_messages),
};
static uint64_t planted[NKINDS][32];

static char vmid[512][33];
static unsigned nvms = 8;

/* Background lines: what the example host's logs say all day; %s is a VM id. */
static const char *const bg_xend[] = {
    "DEBUG (XendDomainInfo:2519) XendDomainInfo.constructDomain",
    "DEBUG (balloon:187) Balloon: 13608960 KiB free; need 16384; done.",
    "DEBUG (XendDomain:476) Adding Domain: %u",
    "DEBUG (XendDomainInfo:3437) XendDomainInfo.initDomain: %u 27500",
    "DEBUG (DevController:95) DevController: writing {'backend-id': '0', 'virtual-device': '51712', 'device-type': 'disk', 'state': '1', 'backend': '/local/domain/0/backend/vbd/%u/51712'} to /local/domain/%u/device/vbd/51712.",
    "DEBUG (DevController:139) Waiting for devices tap2.",
    "INFO (XendDomainInfo:2367) createDevice: vbd : {'uuid': '0004fb00-0006-0000-e1c4-b3a2d1f00a11', 'bootable': 1, 'driver': 'paravirtualised', 'dev': 'xvda', 'uname': 'file:/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004fb0000120000e06adb53e1ae844b.img', 'mode': 'w'}",
    "DEBUG (DevController:628) hotplugStatusCallback /local/domain/0/backend/vif/%u/1/hotplug-status.",
    "DEBUG (DevController:642) hotplugStatusCallback 1.",
    "DEBUG (XendDomainInfo:1881) Storing domain details: {'console/ring-ref': '1234567', 'image/entry': '18446744071587529216', 'console/port': '2', 'store/port': '1', 'vm': '/vm/%s', 'domid': '%u', 'cpu/0/availability': 'online', 'memory/target': '8388608', 'store/ring-ref': '1234568'}",
    "DEBUG (XendDomainInfo:1618) XendDomainInfo.handleShutdownWatch",
    "INFO (XendDomain:1206) Domain %s (%u) unpaused.",
    "DEBUG (image:339) No VNC passwd configured for vfb access",
    "DEBUG (XendCheckpoint:124) [xc_save]: /usr/lib64/xen/bin/xc_save 56 %u 0 0 5",
    "INFO (XendCheckpoint:423) Saving memory pages: iter 1   0%%",
    "DEBUG (blkif:24) exception looking up device number for xvda: [Errno 2] No such file or directory: '/dev/xvda'",
};
static const char *const bg_qemu[] = {
    "Using file /OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualDisks/0004fb0000120000de7cc7b37bdde7cd.img in read-write mode",
    "Watching /local/domain/0/device-model/%u/logdirty/cmd",
    "Watching /local/domain/0/device-model/%u/command",
    "char device redirected to /dev/pts/%u",
    "qemu_map_cache_init nr_buckets = 10000 size 4194304",
    "shared page at pfn feffd",
    "Guest uuid = %s",
    "xs_read(/local/domain/0/device-model/%u/xen_extended_power_mgmt): read error",
    "I/O request not ready: 0, ptr: 0, port: 0, data: 0, count: 0, size: 0",
    "cirrus vga map change while on lfb mode",
    "mapping vram to f0000000 - f0400000",
};
static const char *const bg_agent[] = {
    "DEBUG (service:77) call start: discover_server",
    "DEBUG (service:79) call complete: discover_server",
    "DEBUG (notification:291) Connected to manager.",
    "DEBUG (service:77) call start: storage_plugin_listFileSystems('oracle.ocfs2.OCFS2.OCFS2Plugin', {})",
    "DEBUG (service:79) call complete: storage_plugin_listFileSystems",
    "DEBUG (service:77) call start: discover_repository_db('0004fb000003000024cd350d232b41fc')",
    "INFO (service:77) call start: get_vm_list_info('%s',)",
    "DEBUG (ha:151) vm %s is running on this server",
    "DEBUG (service:79) call complete: get_api_version",
};
static const char *const bg_messages[] = {
    "kernel: device vif%u.0 entered promiscuous mode",
    "kernel: 172.24.19.0: port 16(vif%u.0) entered forwarding state",
    "kernel: 100bc68c90: port 15(vif%u.1) entered disabled state",
    "kernel: device tap%u.0 left promiscuous mode",
    "ntpd[2611]: synchronized to 10.20.30.1, stratum 2",
    "kernel: o2dlm: Node 1 joins domain 0004FB0000050000B3B3D1B7A1E2F3C4",
    "multipathd: dm-3: add map (uevent)",
    "kernel: blkback: event-channel %u",
    "crond[18321]: (root) CMD (/usr/sbin/ovs-agent-monitor > /dev/null 2>&1)",
    "ovs-agent[7102]: notification: Connected to manager.",
};
static const char *const *const bgs[NKINDS] = { bg_xend, bg_qemu, bg_agent, bg_messages };
static const size_t nbgs[NKINDS] = {
    sizeof(bg_xend) / sizeof(*bg_xend), sizeof(bg_qemu) / sizeof(*bg_qemu),
    sizeof(bg_agent) / sizeof(*bg_agent), sizeof(bg_messages) / sizeof(*bg_messages),
};

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("gen-dom0: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void mkdirs(const char *path)
{
    char tmp[4096];
    char *p;

    snprintf(tmp, sizeof(tmp), "%s", path);
    for (p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) && errno != EEXIST)
            die("mkdir %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0755) && errno != EEXIST)
        die("mkdir %s: %s", tmp, strerror(errno));
}

static FILE *open_out(const char *out, const char *rel)
{
    char path[4096], dir[4096];
    char *slash;
    FILE *f;

    snprintf(path, sizeof(path), "%s/root/%s", out, rel);
    snprintf(dir, sizeof(dir), "%s", path);
    slash = strrchr(dir, '/');
    *slash = '\0';
    mkdirs(dir);
    f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    return f;
}

/* One log of `bytes` bytes; t is its clock (seconds since the epoch, advancing). */
static void write_log(const char *out, const char *rel, enum kind k, uint64_t bytes, time_t *t,
                      unsigned vm)
{
    static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    static uint64_t lineno[NKINDS];
    static size_t next_plant[NKINDS];
    FILE *f = open_out(out, rel);
    uint64_t done = 0;
    char line[2048], body[1536];
    struct tm tm;
    int n;

    setvbuf(f, NULL, _IOFBF, 1 << 20);
    while (done < bytes) {
        unsigned dom = 1 + rnd(40);
        if (++lineno[k] % PLANT_EVERY == 0) {
            size_t i = next_plant[k]++ % nplants[k];
            snprintf(body, sizeof(body), "%s", plants[k][i]);
            planted[k][i]++;
        } else {
            const char *fmt = bgs[k][rnd((uint32_t)nbgs[k])];
            const char *id = vmid[rnd(nvms)];
            /* formats take (%u | %s) in any order: give both kinds, in the order they appear */
            const char *pct = strchr(fmt, '%');
            if (pct && pct[1] == 's')
                snprintf(body, sizeof(body), fmt, id, dom, dom);
            else
                snprintf(body, sizeof(body), fmt, dom, dom, id);
        }
        if (rnd(8) == 0)
            (*t)++;
        gmtime_r(t, &tm);
        switch (k) {
        case XEND:
        case AGENT:
            n = snprintf(line, sizeof(line), "[%04d-%02d-%02d %02d:%02d:%02d %u] %s\n",
                         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                         tm.tm_sec, 7000 + rnd(20000), body);
            break;
        case MESSAGES:
            n = snprintf(line, sizeof(line), "%s %2d %02d:%02d:%02d sv095 %s\n", mon[tm.tm_mon],
                         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, body);
            break;
        default:
            n = snprintf(line, sizeof(line), "%s\n", body);
            break;
        }
        (void)vm;
        fwrite(line, 1, (size_t)n, f);
        done += (uint64_t)n;
    }
    if (fclose(f))
        die("%s: write failed", rel);
}

/* `bytes` of one kind as a current log and rotated ones of at most FILE_MAX each. */
static void write_rotated(const char *out, const char *base, enum kind k, uint64_t bytes,
                          time_t t0, unsigned vm)
{
    uint64_t nfiles = (bytes + FILE_MAX - 1) / FILE_MAX, i;
    time_t t = t0;
    char rel[512];

    if (!nfiles)
        nfiles = 1;
    /* the oldest file first, so that time runs forward through the rotation */
    for (i = nfiles; i-- > 0;) {
        if (i == 0)
            snprintf(rel, sizeof(rel), "%s", base);
        else if (k == MESSAGES)
            snprintf(rel, sizeof(rel), "%s-2026%04u", base, (unsigned)(1100 - i));
        else
            snprintf(rel, sizeof(rel), "%s.%u", base, (unsigned)i);
        write_log(out, rel, k, bytes / nfiles, &t, vm);
    }
}

static void write_vmcfg(const char *out, const char *repo, unsigned i)
{
    char rel[512];
    FILE *f;

    snprintf(rel, sizeof(rel), "OVS/Repositories/%s/VirtualMachines/%s/vm.cfg", repo, vmid[i]);
    f = open_out(out, rel);
    fprintf(f, "vif = ['mac=00:21:f6:2a:%02x:%02x,bridge=172.24.19.0', "
               "'mac=00:21:f6:2b:%02x:%02x,bridge=100bc68c90']\n",
            i >> 8, i & 255, i >> 8, i & 255);
    fprintf(f, "OVM_simple_name = 'bench%03u'\nvnclisten = '127.0.0.1'\nserial = 'pty'\n", i);
    fprintf(f, "disk = ['file:/OVS/Repositories/%s/VirtualDisks/0004fb0000120000%016x.img,xvda,w']\n",
            repo, 0x1000u + i);
    fprintf(f, "vncunused = 1\nuuid = '%.8s-%.4s-%.4s-%.4s-%.12s'\non_reboot = 'restart'\n",
            vmid[i], vmid[i] + 8, vmid[i] + 12, vmid[i] + 16, vmid[i] + 20);
    fprintf(f, "boot = 'c'\nname = '%s'\ncpu_weight = 27500\nmemory = %u\ncpu_cap = 0\n", vmid[i],
            2048u << (i % 4));
    fprintf(f, "maxvcpus = 4\nOVM_high_availability = False\nvnc = 1\nOVM_description = ''\n"
               "on_poweroff = 'destroy'\non_crash = 'restart'\nguest_os_type = 'linux'\n"
               "builder = '%s'\nvcpus = %u\nkeymap = 'en-us'\nOVM_os_type = 'Oracle Linux 7'\n"
               "OVM_cpu_compat_group = ''\nOVM_domain_type = 'xen_%s'\n",
            i % 2 ? "hvm" : "generic", 1 + i % 4, i % 2 ? "hvm_pv" : "pvm");
    fclose(f);
}

static uint64_t parse_size(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 10);

    switch (*end) {
    case 'k': case 'K': return v << 10;
    case 'm': case 'M': return v << 20;
    case 'g': case 'G': return v << 30;
    case '\0': return v;
    default: die("bad size '%s'", s);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *repo = "0004fb000003000024cd350d232b41fc";
    const char *out;
    uint64_t size;
    time_t t0 = 1794700800;   /* 2026-11-15 00:00:00 UTC, a week before the example snapshot */
    char rel[512], path[4096];
    unsigned i;
    int k;
    size_t j;
    FILE *f;

    if (argc < 3)
        die("usage: gen-dom0 OUT SIZE [NVMS]");
    out = argv[1];
    size = parse_size(argv[2]);
    if (argc > 3)
        nvms = (unsigned)strtoul(argv[3], NULL, 10);
    if (nvms < 1 || nvms > 512)
        die("NVMS must be 1..512");
    for (i = 0; i < nvms; i++)
        snprintf(vmid[i], sizeof(vmid[i]), "0004fb0000060000%08x%08x", 0xbe00 + i,
                 (unsigned)(rnd(0xffffff) << 8));
    for (i = 0; i < nvms; i++)
        write_vmcfg(out, repo, i);
    /* xend 40 %, qemu-dm 15 % split over the VMs, ovs-agent 20 %, messages 25 % */
    write_rotated(out, "var/log/xen/xend.log", XEND, size / 100 * 40, t0, 0);
    for (i = 0; i < nvms; i++) {
        snprintf(rel, sizeof(rel), "var/log/xen/qemu-dm-%s.log", vmid[i]);
        write_rotated(out, rel, QEMU, size / 100 * 15 / nvms, t0, i);
    }
    write_rotated(out, "var/log/ovs-agent.log", AGENT, size / 100 * 20, t0, 0);
    write_rotated(out, "var/log/messages", MESSAGES, size / 100 * 25, t0, 0);
    snprintf(path, sizeof(path), "%s/planted.tsv", out);
    f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    for (k = 0; k < NKINDS; k++)
        for (j = 0; j < nplants[k]; j++)
            fprintf(f, "%llu\t%s\n", (unsigned long long)planted[k][j], plants[k][j]);
    fclose(f);
    return 0;
}
