/* SPDX-License-Identifier: MIT */
/* cmd-analyze.c: ovmdiag analyze BUNDLE|DIR: facts, every rule, the report (design.md §6). */
#include "cli/cmd.h"
#include "engine/eval.h"
#include "engine/pool.h"
#include "engine/ruleset.h"
#include "reports/report.h"
#include "cli/live.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/xalloc.h"

#include "lib/banned.h"

static const char analyze_help[] =
    "usage: ovmdiag analyze [BUNDLE|DIR] [--format text|json|html] [-o FILE] [--rules DIR]\n"
    "                       [--fail-on SEV] [--no-color] [-v]\n"
    "       ovmdiag analyze [--sysroot DIR] [--no-commands] [--save-bundle FILE] [same options]\n"
    "       ovmdiag analyze --pool BUNDLE|DIR... [same options]\n"
    "\n"
    "Parse a bundle (or an extracted bundle directory) into facts, scan its logs once for every\n"
    "rule, evaluate the rules and write the report. Without a bundle, this host is collected\n"
    "and analyzed in one pass: the analysis reads the bundle while it is made, and nothing is\n"
    "written to disk unless --save-bundle asks for the bundle too.\n"
    "\n"
    "  --format FMT      text (the default; colour on a terminal), json (design.md section 6)\n"
    "                    or html (one self-contained page); with -o FILE.json or FILE.html\n"
    "                    and no --format, the file name decides\n"
    "  -o, --output FILE write the report there instead of stdout\n"
    "  --rules DIR       add the *.rule files below DIR; a rule with a built-in id replaces it\n"
    "  --pool            the bundles of several members of one server pool (or a folder of\n"
    "                    them): every host's findings, marked with its name, plus the pool\n"
    "                    rules over the joined facts (docs/facts/pool.md)\n"
    "  --fail-on SEV     exit 1 when a finding is at least SEV: info, warning or critical\n"
    "  --no-color        no colour in the text report (also when NO_COLOR is set)\n"
    "  -v, --verbose     text: every evidence line and the passed rules\n"
    "without a bundle (this host):\n"
    "  --sysroot DIR     read files below DIR instead of / (a mounted disk, a copy)\n"
    "  --no-commands     run no commands\n"
    "  --save-bundle FILE  also write the bundle there, as `ovmdiag collect -o FILE` would\n";

/* Load the built-in rules and --rules, prepared and their jq compile started (on a thread when
 * background; only the host rules' when host_only); E_INVAL on stderr when dir cannot be read. */
static int load_rules(struct ruleset *rs, const char *dir, bool background, bool host_only)
{
    struct err err = ERR_INIT;

    ruleset_init(rs);
    ruleset_load_builtin(rs);
    if (dir && ruleset_load_dir(rs, dir, &err)) {
        ruleset_release(rs);
        err.code = E_INVAL;
        return cli_fail(&err);
    }
    if (host_only)
        ruleset_only_scope(rs, SCOPE_HOST);
    ruleset_prepare(rs);
    ruleset_compile(rs, background);
    return EXIT_OK;
}

void cli_rules_ready(struct ruleset *rs, bool quiet)
{
    size_t i;

    ruleset_wait(rs);
    for (i = 0; !quiet && i < rs->probs.n; i++)
        fprintf(stderr, "ovmdiag: warning: %s\n", rs->probs.msgs[i]);
}

int cli_start_rules(struct ruleset *rs, const char *dir, bool host_only)
{
    return load_rules(rs, dir, true, host_only);
}

/* Load the built-in rules and --rules; report loading problems on stderr. */
int cli_load_rules(struct ruleset *rs, const char *dir, bool quiet)
{
    int rc = load_rules(rs, dir, false, false);

    if (!rc)
        cli_rules_ready(rs, quiet);
    return rc;
}

/* -o report.html without --format: the name says what the user wants. */
static const char *format_from_name(const char *output)
{
    size_t n = output ? strlen(output) : 0;

    if (n > 5 && !strcmp(output + n - 5, ".json"))
        return "json";
    if (n > 5 && !strcmp(output + n - 5, ".html"))
        return "html";
    if (n > 4 && !strcmp(output + n - 4, ".htm"))
        return "html";
    return "text";
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_bundle_dir(const char *dir)
{
    char p[4200];
    struct stat st;

    snprintf(p, sizeof(p), "%s/manifest.json", dir);
    return stat(p, &st) == 0;
}

/* A folder that is not itself a bundle stands for the bundles in it: *.tar.gz files and
 * extracted bundle directories, in name order. */
static void expand_arg(const char *arg, char ***list, size_t *n, size_t *alloc)
{
    struct stat st;
    struct dirent *de;
    char **found = NULL;
    size_t nf = 0, af = 0, i;
    DIR *d;

    if (stat(arg, &st) || !S_ISDIR(st.st_mode) || is_bundle_dir(arg) || !(d = opendir(arg))) {
        XGROW(*list, *alloc, *n + 1);
        (*list)[(*n)++] = xstrdup(arg);
        return;
    }
    while ((de = readdir(d))) {
        char p[4200];
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.')
            continue;
        snprintf(p, sizeof(p), "%s/%s", arg, de->d_name);
        if ((l > 7 && !strcmp(de->d_name + l - 7, ".tar.gz")) ||
            (!stat(p, &st) && S_ISDIR(st.st_mode) && is_bundle_dir(p))) {
            XGROW(found, af, nf + 1);
            found[nf++] = xstrdup(p);
        }
    }
    closedir(d);
    if (nf > 1)
        qsort(found, nf, sizeof(*found), cmp_cstr);
    for (i = 0; i < nf; i++) {
        XGROW(*list, *alloc, *n + 1);
        (*list)[(*n)++] = found[i];
    }
    free(found);
}

static int write_out(const char *output, const char *text)
{
    FILE *out = stdout;

    if (output && !(out = fopen(output, "w"))) {
        perror(output);
        return EXIT_SYSTEM;
    }
    fputs(text, out);
    if (fflush(out) != 0 || (output && fclose(out) != 0)) {
        perror(output ? output : "stdout");
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}

static int analyze_pool(struct ruleset *rs, int nargs, char **args, const char *format,
                        const char *output, const struct report_text_opts *to,
                        bool have_fail_on, enum severity fail_on)
{
    struct pool p;
    struct err err = ERR_INIT;
    json_object *report;
    char **paths = NULL, *text;
    size_t n = 0, alloc = 0, i;
    int rc = EXIT_OK, wrc, worst;

    for (i = 0; i < (size_t)nargs; i++)
        expand_arg(args[i], &paths, &n, &alloc);
    if (!n) {
        free(paths);
        cli_rules_ready(rs, false);
        return cli_usage_error("analyze", "--pool: no bundle in the folder given");
    }
    pool_init(&p);
    /* the first bundle overlaps the rules' jq compile; its rules wait for it. A bundle that
     * cannot be read is left out (the report's coverage names it), not the whole pool. */
    for (i = 0; i < n; i++)
        pool_add_bundle(&p, rs, paths[i], &err);
    cli_rules_ready(rs, false);
    for (i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    for (i = 0; i < p.nunreadable; i++) {
        struct err *e = &p.unreadable[i].err;
        int r;

        if (e->code == E_NOTFOUND)
            e->code = E_PARSE;
        r = cli_fail(e);
        if (!rc)
            rc = r;
    }
    if (!p.n) {
        pool_release(&p);
        return rc;
    }
    pool_finish(&p, rs);
    report = report_build_pool(&p);
    if (!strcmp(format, "json"))
        text = report_json_text(report);
    else if (!strcmp(format, "html"))
        text = report_pool_html(report, &p);
    else
        text = report_text(report, to);
    wrc = write_out(output, text);
    if (wrc)
        rc = wrc;
    worst = report_worst(&p.run);
    for (i = 0; i < p.n; i++)
        if (report_worst(&p.hosts[i].run) > worst)
            worst = report_worst(&p.hosts[i].run);
    /* an unreadable member (3) outranks findings (1): the pool was not seen whole */
    if (!rc && have_fail_on && worst >= (int)fail_on)
        rc = EXIT_FINDINGS;
    free(text);
    json_object_put(report);
    pool_release(&p);
    return rc;
}

int cmd_analyze(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "rules", required_argument, NULL, 'r' },
        { "fail-on", required_argument, NULL, 'F' },
        { "no-color", no_argument, NULL, 'C' },
        { "verbose", no_argument, NULL, 'v' },
        { "pool", no_argument, NULL, 'P' },
        { "sysroot", required_argument, NULL, 'S' },
        { "no-commands", no_argument, NULL, 'N' },
        { "save-bundle", required_argument, NULL, 'B' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *output = NULL, *rules_dir = NULL, *format = NULL;
    bool no_color = false, verbose = false, pool = false;
    enum severity fail_on = SEV_INFO;
    bool have_fail_on = false;
    struct ruleset rs;
    struct facts f;
    struct eval_run run = { 0 };
    struct err err = ERR_INIT;
    json_object *report;
    struct live_opts lo = { 0 };
    char *text, *saved = NULL;
    FILE *out = stdout;
    int c, rc;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'r':
            rules_dir = optarg;
            break;
        case 'F':
            if (!severity_parse(optarg, &fail_on))
                return cli_usage_error("analyze", "--fail-on '%s': give info, warning or critical", optarg);
            have_fail_on = true;
            break;
        case 'C':
            no_color = true;
            break;
        case 'v':
            verbose = true;
            break;
        case 'P':
            pool = true;
            break;
        case 'S':
            lo.sysroot = optarg;
            if (access(optarg, R_OK | X_OK) < 0)
                return cli_usage_error("analyze", "--sysroot '%s': not a readable directory", optarg);
            break;
        case 'N':
            lo.no_commands = true;
            break;
        case 'B':
            lo.save_bundle = optarg;
            break;
        case 'h':
            fputs(analyze_help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("analyze", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (!format)
        format = format_from_name(output);
    if (strcmp(format, "json") && strcmp(format, "text") && strcmp(format, "html"))
        return cli_usage_error("analyze", "--format '%s': give text, json or html", format);
    if (pool && optind == argc)
        return cli_usage_error("analyze", "--pool: give the members' bundles or a folder of them");
    if (!pool && optind < argc - 1)
        return cli_usage_error("analyze", "give one bundle or bundle directory (several: --pool)");
    if ((pool || optind < argc) && (lo.sysroot || lo.no_commands || lo.save_bundle))
        return cli_usage_error("analyze", "--sysroot, --no-commands and --save-bundle are for "
                                          "this host: give no bundle");
    /* jq compiles the rules on a thread while the bundle is read (or collected) */
    rc = cli_start_rules(&rs, rules_dir, !pool);
    if (rc)
        return rc;
    if (pool) {
        struct report_text_opts to = {
            .color = !no_color && !output && isatty(1) && !getenv("NO_COLOR"),
            .verbose = verbose,
        };
        rc = analyze_pool(&rs, argc - optind, argv + optind, format, output, &to, have_fail_on,
                          fail_on);
        ruleset_release(&rs);
        return rc;
    }
    facts_init(&f);
    if (optind == argc)
        rc = live_analyze(&rs, &lo, &f, &run, &saved, &err);
    else
        rc = eval_bundle(&rs, argv[optind], &f, &run, &err);
    cli_rules_ready(&rs, false);
    if (saved)
        fprintf(stderr, "ovmdiag: bundle: %s\n", saved);
    free(saved);
    if (rc) {
        facts_release(&f);
        ruleset_release(&rs);
        if (rc == E_NOTFOUND)
            err.code = E_PARSE;
        return cli_fail(&err);
    }
    report = report_build(&f, &run);
    if (!strcmp(format, "json")) {
        text = report_json_text(report);
    } else if (!strcmp(format, "html")) {
        text = report_html(report, f.root);
    } else {
        struct report_text_opts to = {
            .color = !no_color && !output && isatty(1) && !getenv("NO_COLOR"),
            .verbose = verbose,
        };
        text = report_text(report, &to);
    }
    if (output && !(out = fopen(output, "w"))) {
        perror(output);
        rc = EXIT_SYSTEM;
    } else {
        fputs(text, out);
        if (fflush(out) != 0 || (output && fclose(out) != 0)) {
            perror(output ? output : "stdout");
            rc = EXIT_SYSTEM;
        }
    }
    if (!rc && have_fail_on && report_worst(&run) >= (int)fail_on)
        rc = EXIT_FINDINGS;
    free(text);
    json_object_put(report);
    eval_run_release(&run);
    facts_release(&f);
    ruleset_release(&rs);
    return rc;
}
