/* SPDX-License-Identifier: MIT */
/* cmd-facts.c: ovmdiag facts BUNDLE|DIR: the facts document (design.md §4) on stdout. */
#include "cli/cmd.h"
#include "analyzers/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static const char facts_help[] =
    "usage: ovmdiag facts BUNDLE|DIR\n"
    "\n"
    "Parse a bundle (.tar.gz, read as a stream) or an extracted bundle directory into one JSON\n"
    "document: host, dom0, domains, vms, repositories, agentdb, storage, cluster, network, logs\n"
    "and the parse errors. docs/facts.md describes every key. Try a rule expression with\n"
    "  ovmdiag facts b.tar.gz | jq '.dom0.mem_mb'\n";

int cmd_facts(int argc, char **argv)
{
    struct facts f;
    struct err err = ERR_INIT;
    char *out;
    int rc;

    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(facts_help, stdout);
        return EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("facts", "give one bundle or bundle directory");
    facts_init(&f);
    rc = analyze_bundle(argv[1], &f, &err);
    if (rc) {
        facts_release(&f);
        if (rc == E_NOTFOUND || rc == E_PARSE)
            err.code = E_PARSE;
        return cli_fail(&err);
    }
    out = facts_to_string(&f);
    fputs(out, stdout);
    free(out);
    facts_release(&f);
    if (fflush(stdout) != 0) {
        perror("ovmdiag: stdout");
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}
