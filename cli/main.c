/* SPDX-License-Identifier: MIT */
/* main.c: the command table, global options, the log sink and err -> exit status mapping. */
#include "cli/cmd.h"
#include "lib/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

struct cli_globals cli;

struct cmd_spec {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct cmd_spec commands[] = {
    { "collect", cmd_collect, "snapshot logs, state and configuration into a support bundle" },
    { "analyze", cmd_analyze, "facts, every rule and the report of a bundle" },
    { "check", cmd_check, "health check for Nagios/Icinga or Prometheus (exit 0-3)" },
    { "facts", cmd_facts, "parse a bundle into one JSON facts document" },
    { "rules", cmd_rules, "list, check and test the rules" },
    { "mask-verify", cmd_mask_verify, "scan a bundle made with collect --mask for original values" },
};

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: ovmdiag COMMAND [OPTIONS]\n\n"
               "Diagnostics for Oracle VM Server and Xen dom0 hosts.\n\ncommands:\n");
    for (i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'ovmdiag COMMAND --help' describes a command; 'man ovmdiag' has the details.\n");
}

static bool progress_shown;

static void sink(enum log_level level, const char *msg, void *data)
{
    (void)data;
    switch (level) {
    case LOG_PROGRESS:
        if (!cli.progress)
            return;
        fprintf(stderr, "\r\033[K%.*s", 110, msg);
        progress_shown = true;
        return;
    case LOG_VERBOSE:
        if (cli.verbosity < 1)
            return;
        break;
    case LOG_INFO:
        if (cli.verbosity < 0)
            return;
        break;
    case LOG_WARN:
        break;
    }
    cli_progress_done();
    fprintf(stderr, "%s%s\n", level == LOG_WARN ? "ovmdiag: warning: " : "", msg);
}

void cli_progress_done(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
}

void cli_install_log_sink(void)
{
    cli.progress = cli.verbosity >= 0 && isatty(2);
    log_set_sink(sink, NULL);
}

int cli_fail(const struct err *err)
{
    cli_progress_done();
    fprintf(stderr, "ovmdiag: error: %s\n", err->msg[0] ? err->msg : err_code_name(err->code));
    switch (err->code) {
    case E_INVAL: return EXIT_USAGE;
    case E_PARSE: return EXIT_BAD_INPUT;
    default: return EXIT_SYSTEM;
    }
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "ovmdiag %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'ovmdiag %s --help'.\n", cmd);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("ovmdiag %s\n", OVMDIAG_VERSION);
        return EXIT_OK;
    }
    /* Names match exactly: scripts depend on them (no prefix matching). */
    for (i = 0; i < ARRAY_SIZE(commands); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ovmdiag: '%s' is not a command\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
