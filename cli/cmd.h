/* SPDX-License-Identifier: MIT */
/* cmd.h: the subcommands. Each returns a process exit status (design.md §7); only cli/ prints
 * to the user or exits. */
#ifndef OVMDIAG_CMD_H
#define OVMDIAG_CMD_H

#include <stdbool.h>

#include "lib/err.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_BAD_INPUT = 3,
    EXIT_SYSTEM = 4,
};

struct cli_globals {
    int verbosity;       /* -1 quiet, 0 normal, 1 verbose */
    bool progress;       /* stderr is a terminal and not quiet */
};

extern struct cli_globals cli;

int cmd_collect(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_mask_verify(int argc, char **argv);
/* Returns a Nagios state (0-3), not an enum exit_code. */
int cmd_check(int argc, char **argv);

struct ruleset;
/* The built-in rules plus --rules DIR, compiled; loading problems on stderr unless quiet. */
int cli_load_rules(struct ruleset *rs, const char *dir, bool quiet);
/* The same with the jq programs compiling on a thread while the caller reads a bundle; nothing
 * is printed until cli_rules_ready(), which joins the compile and prints the loading problems
 * (unless quiet). The run's first expression joins it too (eval_rules_scope). host_only: one
 * host's analysis, whose pool rules' jq is not compiled (ruleset_only_scope). */
int cli_start_rules(struct ruleset *rs, const char *dir, bool host_only);
void cli_rules_ready(struct ruleset *rs, bool quiet);

/* Print "ovmdiag: error: <msg>" and map the error code to an exit status. */
int cli_fail(const struct err *err);
int cli_usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
void cli_install_log_sink(void);
/* SIGINT/SIGTERM/SIGHUP set cli_interrupted; SIGXFSZ and SIGPIPE become errors. */
#include <signal.h>
extern volatile sig_atomic_t cli_interrupted;
void cli_set_signals(void);
void cli_progress_done(void);

#endif
