/* SPDX-License-Identifier: MIT */
/* cmd-collect.c: ovmdiag collect (design.md §2). */
#include "cli/cmd.h"
#include "collector/collector.h"
#include "lib/buf.h"
#include "lib/timeutil.h"

#include <getopt.h>
#include <inttypes.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

volatile sig_atomic_t cli_interrupted;

static void on_signal(int sig)
{
    int e = errno;

    cli_interrupted = sig;
    errno = e;
}

static const char collect_help[] =
    "usage: ovmdiag collect [--sysroot DIR] [-o FILE|DIR|-] [--no-commands] [--cmd-timeout SECS]\n"
    "                       [--max-file-size SIZE] [--max-size SIZE] [--since WHEN]\n"
    "                       [--mask [--mask-key FILE] [--mask-map FILE]] [--jobs N] [-q|-v]\n"
    "\n"
    "Snapshot /var/log/xen, xm/xl state, xentop, libxenctrl, the OVS agent databases, every\n"
    "vm.cfg, repository metadata, storage and cluster state into one .tar.gz with a manifest.\n"
    "\n"
    "  --sysroot DIR         read files below DIR instead of / (a dead host's disk)\n"
    "  -o, --output PATH     bundle file, directory for it, or - for stdout\n"
    "                        (default: ./ovmdiag-HOST-TIME.tar.gz)\n"
    "  --no-commands         run no commands (with --sysroot for a mounted disk)\n"
    "  --cmd-timeout SECS    per command and per read on NFS/OCFS2 (default 30)\n"
    "  --jobs N              commands run at once, 1 to 16 (default 4); the bundle is the\n"
    "                        same whatever N, commands of one daemon (xm) run one by one\n"
    "  --max-file-size SIZE  per file and command output; head and tail kept (default 16M)\n"
    "  --max-size SIZE       all stored data together (default 1G)\n"
    "  --since WHEN          drop rotated logs and older lines of xend.log, ovs-agent.log and\n"
    "                        messages: 2026-11-20, 2026-11-20T10:00 or 48h\n"
    "  --mask                consistent pseudonyms for host names, VM simple names, pool and\n"
    "                        repository aliases, IPv4/IPv6 and MAC addresses, everywhere\n"
    "                        (file contents, file names, the manifest, the bundle's name)\n"
    "  --mask-key FILE       key for the pseudonyms: read, or created (0600) when missing;\n"
    "                        one key for every host of a pool gives the same pseudonyms\n"
    "                        (default: a fresh random key per run)\n"
    "  --mask-map FILE       where the map original -> pseudonym goes, mode 0600, never in\n"
    "                        the bundle (default: BUNDLE.mask-map.json beside the bundle)\n"
    "  -q, --quiet           no progress line, no summary\n"
    "  -v, --verbose         one line per item\n";

void cli_set_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocking call returns EINTR and the run stops within a poll slice. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* Full disk or a file size limit must be an error we can report, not a silent death. */
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
}

int cmd_collect(int argc, char **argv)
{
    enum { O_SYSROOT = 256, O_NOCMD, O_TIMEOUT, O_MAXFILE, O_MAXSIZE, O_SINCE, O_MASK, O_MASK_KEY,
           O_MASK_MAP, O_JOBS };
    static const struct option longopts[] = {
        { "sysroot", required_argument, NULL, O_SYSROOT },
        { "output", required_argument, NULL, 'o' },
        { "no-commands", no_argument, NULL, O_NOCMD },
        { "cmd-timeout", required_argument, NULL, O_TIMEOUT },
        { "max-file-size", required_argument, NULL, O_MAXFILE },
        { "max-size", required_argument, NULL, O_MAXSIZE },
        { "since", required_argument, NULL, O_SINCE },
        { "mask", no_argument, NULL, O_MASK },
        { "mask-key", required_argument, NULL, O_MASK_KEY },
        { "mask-map", required_argument, NULL, O_MASK_MAP },
        { "jobs", required_argument, NULL, O_JOBS },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct collect_opts o = {
        .cmd_timeout_s = 30, .max_file_size = 16ULL << 20, .max_size = 1ULL << 30,
        .interrupted = &cli_interrupted,
    };
    struct collect_summary sum;
    struct err err = ERR_INIT;
    struct buf cmdline = BUF_INIT;
    unsigned long long v;
    char *end;
    int c, i, rc;

    for (i = 0; i < argc; i++)
        buf_addf(&cmdline, "%s%s", i ? " " : "ovmdiag ", argv[i]);
    o.cmdline = cmdline.data;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case O_SYSROOT:
            o.sysroot = optarg;
            if (access(optarg, R_OK | X_OK) < 0) {
                buf_release(&cmdline);
                return cli_usage_error("collect", "--sysroot '%s': not a readable directory", optarg);
            }
            break;
        case 'o':
            o.output = optarg;
            break;
        case O_NOCMD:
            o.no_commands = true;
            break;
        case O_TIMEOUT:
            v = strtoull(optarg, &end, 10);
            if (*end || v < 1 || v > 3600) {
                buf_release(&cmdline);
                return cli_usage_error("collect", "--cmd-timeout '%s': give 1 to 3600 seconds", optarg);
            }
            o.cmd_timeout_s = (int)v;
            break;
        case O_MAXFILE:
        case O_MAXSIZE:
            if (!size_parse(optarg, &v) || v < 4096) {
                buf_release(&cmdline);
                return cli_usage_error("collect", "'%s': give a size of at least 4K, e.g. 16M or 1G", optarg);
            }
            if (c == O_MAXFILE)
                o.max_file_size = v;
            else
                o.max_size = v;
            break;
        case O_JOBS:
            v = strtoull(optarg, &end, 10);
            if (*end || v < 1 || v > 16) {
                buf_release(&cmdline);
                return cli_usage_error("collect", "--jobs '%s': give 1 to 16", optarg);
            }
            o.cmd_jobs = (int)v;
            break;
        case O_SINCE:
            if (!time_parse_when(optarg, time(NULL), &o.since)) {
                buf_release(&cmdline);
                return cli_usage_error("collect", "--since '%s': give 2026-11-20, 2026-11-20T10:00 or 48h", optarg);
            }
            break;
        case O_MASK:
            o.mask = true;
            break;
        case O_MASK_KEY:
            o.mask_key = optarg;
            break;
        case O_MASK_MAP:
            o.mask_map = optarg;
            break;
        case 'q':
            cli.verbosity = -1;
            break;
        case 'v':
            cli.verbosity = 1;
            break;
        case 'h':
            fputs(collect_help, stdout);
            buf_release(&cmdline);
            return EXIT_OK;
        default:
            buf_release(&cmdline);
            return cli_usage_error("collect", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        buf_release(&cmdline);
        return cli_usage_error("collect", "unexpected argument '%s'", argv[optind]);
    }
    if (o.output && !strcmp(o.output, "-") && isatty(1)) {
        buf_release(&cmdline);
        return cli_usage_error("collect", "refusing to write a tarball to a terminal");
    }
    if ((o.mask_key || o.mask_map) && !o.mask) {
        buf_release(&cmdline);
        return cli_usage_error("collect", "--mask-key and --mask-map go with --mask");
    }
    o.live_xen = !o.sysroot;
    cli_install_log_sink();
    cli_set_signals();

    rc = collect_run(&o, &sum, &err);
    cli_progress_done();
    if (rc) {
        buf_release(&cmdline);
        if (cli_interrupted)
            fprintf(stderr, "ovmdiag: %s; children killed\n", strsignal(cli_interrupted));
        return cli_fail(&err);
    }
    if (cli.verbosity >= 0)
        fprintf(stderr,
                "ovmdiag: %u items: %u ok, %u truncated, %u missing, %u denied, %u timed out, "
                "%u skipped, %u failed; %" PRIu64 " KiB stored%s%s\n",
                sum.items, sum.ok, sum.truncated, sum.missing, sum.denied, sum.timeout,
                sum.skipped, sum.failed, sum.bytes_stored / 1024,
                !strcmp(sum.xend_state, "unresponsive") ? "; xend unresponsive" : "",
                sum.bundle_path ? "" : " (to stdout)");
    if (!sum.root)
        fprintf(stderr, "ovmdiag: warning: not run as root: %u item%s denied (see manifest.json)\n",
                sum.denied, sum.denied == 1 ? " was" : "s were");
    if (sum.mask_map_path && cli.verbosity >= 0)
        fprintf(stderr,
                "ovmdiag: masked %zu host, %zu domain, %zu VM, %zu repository and %zu pool names, "
                "%zu IPv4, %zu IPv6 and %zu MAC addresses%s\n"
                "ovmdiag: the map is '%s': whoever holds it can undo the masking; "
                "do not send it\n",
                sum.mask_counts[0], sum.mask_counts[1], sum.mask_counts[2], sum.mask_counts[3],
                sum.mask_counts[4], sum.mask_counts[5], sum.mask_counts[6], sum.mask_counts[7],
                sum.mask_key_created ? " (new key file created)" : "", sum.mask_map_path);
    if (sum.bundle_path)
        printf("%s\n", sum.bundle_path);
    collect_summary_release(&sum);
    buf_release(&cmdline);
    return EXIT_OK;
}
