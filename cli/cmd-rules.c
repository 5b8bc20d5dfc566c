/* SPDX-License-Identifier: MIT */
/* cmd-rules.c: ovmdiag rules list | check [DIR] | test [FILE...] | patterns. */
#include "cli/cmd.h"
#include "engine/ruleset.h"
#include "engine/ruletest.h"
#include "lib/buf.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static const char rules_help[] =
    "usage: ovmdiag rules list [--format markdown] [--rules DIR]\n"
    "       ovmdiag rules check [DIR]\n"
    "       ovmdiag rules test [--rules DIR] [FILE.test...]\n"
    "       ovmdiag rules patterns [--rules DIR]\n"
    "\n"
    "  list      every rule: id, severity, title; \"(pool)\" marks a rule with scope = pool\n"
    "            (markdown: the table of docs/rules.md)\n"
    "  check     load and compile the built-in rules and DIR's: every problem as file:line:\n"
    "            message; exit 3 when there is one\n"
    "  test      run tests/rules/*.test (or the files given); exit 1 when a case fails;\n"
    "            ID.pool.test tests the pool rule of an id that also names a host rule\n"
    "  patterns  every log pattern, one per line (for benchmarks against grep)\n";

static int rules_list(struct ruleset *rs, bool markdown)
{
    size_t i;

    if (markdown)
        printf("| id | severity | title |\n|---|---|---|\n");
    for (i = 0; i < rs->n; i++) {
        const struct rule_def *d = &rs->rules[i]->def;
        if (markdown)
            printf("| %s | %s | %s%s%s |\n", d->id, rs->rules[i]->error ? "error" : severity_name(d->severity),
                   d->title, d->heuristic ? " (heuristic)" : "",
                   d->scope == SCOPE_POOL ? " (pool)" : "");
        else
            printf("%-9s %-8s %s%s%s\n", d->id, rs->rules[i]->error ? "error" : severity_name(d->severity),
                   d->title, d->heuristic ? " (heuristic)" : "",
                   d->scope == SCOPE_POOL ? " (pool)" : "");
    }
    return EXIT_OK;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int rules_test(struct ruleset *rs, int argc, char **argv)
{
    struct ruletest_summary sum = { 0 };
    char **files = NULL;
    size_t n = 0, alloc = 0, i;
    int k;

    if (argc > 0) {
        for (k = 0; k < argc; k++)
            ruletest_run_file(rs, argv[k], stdout, &sum);
    } else {
        DIR *d = opendir("tests/rules");
        struct dirent *de;
        if (!d) {
            fprintf(stderr, "ovmdiag: no tests/rules here; give .test files\n");
            return EXIT_USAGE;
        }
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            if (l > 5 && !strcmp(de->d_name + l - 5, ".test")) {
                struct buf p = BUF_INIT;
                buf_addf(&p, "tests/rules/%s", de->d_name);
                XGROW(files, alloc, n + 1);
                files[n++] = buf_detach(&p, NULL);
            }
        }
        closedir(d);
        if (n > 1)
            qsort(files, n, sizeof(*files), cmp_path);
        for (i = 0; i < n; i++) {
            ruletest_run_file(rs, files[i], stdout, &sum);
            free(files[i]);
        }
        free(files);
    }
    printf("rules test: %u files, %u cases, %u failed\n", sum.files, sum.cases, sum.failed);
    return sum.failed ? EXIT_FINDINGS : EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
    struct ruleset rs;
    const char *dir = NULL, *sub;
    bool markdown = false;
    int i, rest = 2, rc;
    size_t k;

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(rules_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    sub = argv[1];
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc) {
            dir = argv[++i];
            rest = i + 1;
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "markdown")) {
            markdown = true;
            rest = ++i + 1;
        } else {
            break;
        }
    }
    if (!strcmp(sub, "check") && rest < argc)
        dir = argv[rest++];
    if (strcmp(sub, "list") && strcmp(sub, "check") && strcmp(sub, "test") && strcmp(sub, "patterns"))
        return cli_usage_error("rules", "'%s' is not list, check, test or patterns", sub);
    if (strcmp(sub, "test") && rest < argc)
        return cli_usage_error("rules", "unexpected argument '%s'", argv[rest]);
    rc = cli_load_rules(&rs, dir, true);
    if (rc)
        return rc;
    if (!strcmp(sub, "list")) {
        rc = rules_list(&rs, markdown);
    } else if (!strcmp(sub, "check")) {
        for (k = 0; k < rs.probs.n; k++)
            printf("%s\n", rs.probs.msgs[k]);
        fprintf(stderr, "rules check: %zu rules, %zu problem%s\n", rs.n, rs.probs.n, rs.probs.n == 1 ? "" : "s");
        rc = rs.probs.n ? EXIT_BAD_INPUT : EXIT_OK;
    } else if (!strcmp(sub, "patterns")) {
        for (k = 0; k < rs.n; k++)
            for (size_t j = 0; j < rs.rules[k]->def.nlogs; j++)
                printf("%s\n", rs.rules[k]->def.logs[j].pattern);
        rc = EXIT_OK;
    } else {
        rc = rules_test(&rs, argc - rest, argv + rest);
    }
    ruleset_release(&rs);
    return rc;
}
