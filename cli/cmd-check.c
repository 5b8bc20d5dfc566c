/* SPDX-License-Identifier: MIT */
/* cmd-check.c: ovmdiag check: the periodic health check. Collects into memory (no tarball,
 * short timeouts, small caps), runs the rules, writes Nagios plugin output, the report JSON or
 * Prometheus textfile metrics, and exits with the Nagios state: 0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN, also for usage errors and whenever the check cannot run (never 2 for a usage
 * error, unlike the other commands). */
#include "cli/cmd.h"
#include "collector/collector.h"
#include "engine/eval.h"
#include "engine/ruleset.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "reports/check.h"
#include "reports/report.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/banned.h"

/* check's caps, smaller than collect's (30 s, 16 MiB, 1 GiB): it runs every few minutes and
 * keeps the whole bundle in memory. Logs over the per-file cap keep their head and tail. */
#define CHECK_CMD_TIMEOUT_S 10
#define CHECK_MAX_FILE_SIZE (4ULL << 20)
#define CHECK_MAX_SIZE (64ULL << 20)

static const char check_help[] =
    "usage: ovmdiag check [--sysroot DIR] [--no-commands]\n"
    "                     [--format nagios|text|json|prometheus] [-o FILE] [--rules DIR]\n"
    "                     [--cmd-timeout SECS] [-v]\n"
    "\n"
    "Collect this host in memory (no bundle is written), run every rule and report the result\n"
    "for a monitoring system. Exit status (Nagios plugin convention): 0 OK, 1 WARNING,\n"
    "2 CRITICAL, 3 UNKNOWN; 3 also for a usage error or when the check cannot run.\n"
    "Critical and warning findings decide CRITICAL and WARNING; OK needs every rule to have run:\n"
    "a broken rule turns OK into UNKNOWN. docs/monitoring.md has the details.\n"
    "\n"
    "  --sysroot DIR        read files below DIR instead of /\n"
    "  --no-commands        run no commands (a mounted disk)\n"
    "  --format FMT         nagios (default: status line with perfdata, then long output),\n"
    "                       text and json (the reports of 'ovmdiag analyze'; text in colour\n"
    "                       on a terminal unless NO_COLOR is set), prometheus (textfile)\n"
    "  -o, --output FILE    write there instead of stdout, atomically (FILE.tmp, then rename)\n"
    "  --rules DIR          add the *.rule files below DIR (a built-in id is replaced)\n"
    "  --cmd-timeout SECS   per command and per network file system read (default 10)\n"
    "  -v, --verbose        collection warnings on stderr\n"
    "\n"
    "Caps: 4 MiB per file or command output (head and tail kept), 64 MiB in all.\n";

enum check_format {
    FMT_NAGIOS,
    FMT_JSON,
    FMT_PROMETHEUS,
    FMT_TEXT,
};

static bool verbose;

static void check_sink(enum log_level level, const char *msg, void *data)
{
    (void)data;
    if (verbose && (level == LOG_WARN || level == LOG_INFO))
        fprintf(stderr, "ovmdiag: %s%s\n", level == LOG_WARN ? "warning: " : "", msg);
}

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Join the rules' jq compile; with -v, every loading problem on stderr. */
static void rules_ready(struct ruleset *rs)
{
    size_t i;

    ruleset_wait(rs);
    for (i = 0; verbose && i < rs->probs.n; i++)
        fprintf(stderr, "ovmdiag: warning: %s\n", rs->probs.msgs[i]);
}

/* SOURCE_DATE_EPOCH when set (reproducible output), else the clock. */
static time_t check_now(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    if (s && *s) {
        errno = 0;
        v = strtoll(s, &end, 10);
        if (!errno && !*end && v > 0)
            return (time_t)v;
    }
    return time(NULL);
}

/* Usage errors: the Nagios line on stdout, the details on stderr, UNKNOWN. */
static int check_usage(const char *fmt, ...) PRINTF_LIKE(1, 2);

static int check_usage(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printf("OVMDIAG UNKNOWN - usage error: %s\n", msg);
    fprintf(stderr, "ovmdiag check: %s\nTry 'ovmdiag check --help'.\n", msg);
    return CHECK_UNKNOWN;
}

/* text to path atomically: path.tmp in the same directory, fsync, rename. 0644: the
 * node_exporter textfile collector reads it as another user. */
static int write_atomic(const char *path, const char *text, struct err *err)
{
    struct buf tmp = BUF_INIT;
    size_t len = strlen(text), done = 0;
    ssize_t n;
    int fd, rc = 0;

    buf_addf(&tmp, "%s.tmp", path);
    fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        rc = err_errno(err, E_IO, errno, "cannot create '%s'", tmp.data);
        goto out;
    }
    while (done < len) {
        n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = err_errno(err, E_IO, errno, "cannot write '%s'", tmp.data);
            break;
        }
        done += (size_t)n;
    }
    if (!rc && fsync(fd) < 0)
        rc = err_errno(err, E_IO, errno, "cannot write '%s'", tmp.data);
    if (close(fd) < 0 && !rc)
        rc = err_errno(err, E_IO, errno, "cannot write '%s'", tmp.data);
    if (!rc && rename(tmp.data, path) < 0)
        rc = err_errno(err, E_IO, errno, "cannot rename '%s' to '%s'", tmp.data, path);
    if (rc)
        unlink(tmp.data);
out:
    buf_release(&tmp);
    return rc;
}

static int emit(const char *output, const char *text)
{
    struct err err = ERR_INIT;

    if (output) {
        if (write_atomic(output, text, &err)) {
            fprintf(stderr, "ovmdiag: error: %s\n", err.msg);
            return -1;
        }
        return 0;
    }
    fputs(text, stdout);
    if (fflush(stdout) != 0) {
        perror("stdout");
        return -1;
    }
    return 0;
}

/* The check could not run: say why in the requested format, UNKNOWN. */
static int cannot_run(enum check_format fmt, const char *output, const struct check_meta *m)
{
    char *text = NULL;

    fprintf(stderr, "ovmdiag: error: %s\n", m->reason);
    if (fmt == FMT_NAGIOS)
        text = report_nagios_text(NULL, m, NULL);
    else if (fmt == FMT_PROMETHEUS)
        text = report_prometheus_text(NULL, m);
    if (text)
        emit(output, text);
    free(text);
    return CHECK_UNKNOWN;
}

int cmd_check(int argc, char **argv)
{
    enum { O_SYSROOT = 256, O_NOCMD, O_TIMEOUT, O_RULES, O_FORMAT };
    static const struct option longopts[] = {
        { "sysroot", required_argument, NULL, O_SYSROOT },
        { "no-commands", no_argument, NULL, O_NOCMD },
        { "cmd-timeout", required_argument, NULL, O_TIMEOUT },
        { "rules", required_argument, NULL, O_RULES },
        { "format", required_argument, NULL, O_FORMAT },
        { "output", required_argument, NULL, 'o' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct collect_opts o = {
        .cmd_timeout_s = CHECK_CMD_TIMEOUT_S, .max_file_size = CHECK_MAX_FILE_SIZE,
        .max_size = CHECK_MAX_SIZE, .cmdline = "ovmdiag check", .interrupted = &cli_interrupted,
    };
    enum check_format fmt = FMT_NAGIOS;
    const char *output = NULL, *rules_dir = NULL;
    struct check_meta m = { 0 };
    struct collect_summary sum;
    struct buf mem = BUF_INIT, reason = BUF_INIT;
    struct err err = ERR_INIT;
    struct ruleset rs;
    struct facts f;
    struct eval_run run = { 0 };
    struct check_summary cs;
    json_object *report = NULL;
    enum check_status status = CHECK_UNKNOWN;
    struct stat st;
    char *text = NULL, *end;
    int64_t t0;
    long v;
    bool rules_started = false;
    int c;

    opterr = 0;
    optind = 1;
    verbose = false;
    while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        switch (c) {
        case O_SYSROOT:
            o.sysroot = optarg;
            break;
        case O_NOCMD:
            o.no_commands = true;
            break;
        case O_TIMEOUT:
            errno = 0;
            v = strtol(optarg, &end, 10);
            if (errno || *end || v < 1 || v > 3600)
                return check_usage("--cmd-timeout '%s': give 1 to 3600 seconds", optarg);
            o.cmd_timeout_s = (int)v;
            break;
        case O_RULES:
            rules_dir = optarg;
            break;
        case O_FORMAT:
            if (!strcmp(optarg, "nagios"))
                fmt = FMT_NAGIOS;
            else if (!strcmp(optarg, "json"))
                fmt = FMT_JSON;
            else if (!strcmp(optarg, "prometheus"))
                fmt = FMT_PROMETHEUS;
            else if (!strcmp(optarg, "text"))
                fmt = FMT_TEXT;
            else
                return check_usage("--format '%s': give nagios, text, json or prometheus",
                                   optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'v':
            verbose = true;
            break;
        case 'h':
            fputs(check_help, stdout);
            return CHECK_OK;
        default:
            return check_usage("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return check_usage("unexpected argument '%s'", argv[optind]);

    m.timestamp = (int64_t)check_now();
    if (eval_reproducible())
        o.now = (time_t)m.timestamp;
    if (o.sysroot && (stat(o.sysroot, &st) < 0 || !S_ISDIR(st.st_mode))) {
        if (stat(o.sysroot, &st) < 0)
            buf_addf(&reason, "--sysroot '%s': %s", o.sysroot, strerror(errno));
        else
            buf_addf(&reason, "--sysroot '%s': not a directory", o.sysroot);
        m.reason = reason.data;
        status = cannot_run(fmt, output, &m);
        buf_release(&reason);
        return status;
    }
    o.live_xen = !o.sysroot;
    o.memory = &mem;

    ruleset_init(&rs);
    ruleset_load_builtin(&rs);
    if (rules_dir && ruleset_load_dir(&rs, rules_dir, &err)) {
        buf_addf(&reason, "cannot load rules: %s", err.msg);
        goto fail;
    }
    /* jq compiles the rules on a thread of its own during the collection; the first rule waits */
    ruleset_only_scope(&rs, SCOPE_HOST);   /* one host: no pool rule runs */
    ruleset_prepare(&rs);
    ruleset_compile(&rs, true);
    rules_started = true;

    log_set_sink(check_sink, NULL);
    cli_set_signals();
    t0 = mono_ms();
    if (collect_run(&o, &sum, &err)) {
        buf_addf(&reason, "collection failed: %s", err.msg);
        goto fail;
    }
    collect_summary_release(&sum);
    m.collection_ms = eval_reproducible() ? 0 : mono_ms() - t0;

    facts_init(&f);
    if (eval_bundle_mem(&rs, mem.data, mem.len, "memory bundle", &f, &run, &err)) {
        facts_release(&f);
        buf_addf(&reason, "cannot analyze the collection: %s", err.msg);
        goto fail;
    }
    rules_ready(&rs);
    buf_release(&mem);
    report = report_build(&f, &run);
    check_summarize(report, &cs);
    status = cs.status;
    switch (fmt) {
    case FMT_NAGIOS:
        text = report_nagios_text(report, &m, &status);
        break;
    case FMT_JSON:
        text = report_json_text(report);
        break;
    case FMT_PROMETHEUS:
        text = report_prometheus_text(report, &m);
        break;
    case FMT_TEXT: {
        struct report_text_opts to = {
            .color = !output && isatty(1) && !getenv("NO_COLOR"),
        };
        text = report_text(report, &to);
        break;
    }
    }
    if (emit(output, text))
        status = CHECK_UNKNOWN;
    free(text);
    json_object_put(report);
    eval_run_release(&run);
    facts_release(&f);
    ruleset_release(&rs);
    return status;

fail:
    /* every way here is before the rules' report */
    buf_release(&mem);
    if (rules_started)
        rules_ready(&rs);
    ruleset_release(&rs);
    m.reason = reason.data;
    status = cannot_run(fmt, output, &m);
    buf_release(&reason);
    return status;
}
