/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "engine/rulefile.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static const char fact_rule[] =
    "# rules/memory/MEM-012-dom0-below-sizing.rule\n"
    "[rule]\n"
    "id        = MEM-012\n"
    "title     = Dom0 memory is below the sizing rule\n"
    "severity  = warning            # critical | warning | info\n"
    "requires  = .host.xen.total_mb .dom0.mem_mb\n"
    "remedy    = Raise dom0_mem=...M,max:...M on the xen.gz line in /boot/grub/grub.conf,\n"
    "            then reboot.\n"
    "link      = https://docs.oracle.com/a\n"
    "link      = https://docs.oracle.com/b   # second link\n"
    "rev       = 2\n"
    "\n"
    "[when]                         # a jq expression; true = the rule fails\n"
    ".dom0.mem_mb < (.host.xen.total_mb * 0.0205 + 502)\n"
    "\n"
    "[message]\n"
    "fail = Dom0 has {.dom0.mem_mb} MB; a {.host.xen.total_mb} MB host wants "
    "{(.host.xen.total_mb*0.0205+502)|floor} MB.\n";

static const char foreach_rule[] =
    "[rule]\n"
    "id       = AG-003\n"
    "title    = Repository alias differs between the agent DB and .ovsrepo\n"
    "severity = info\n"
    "heuristic = true\n"
    "\n"
    "[foreach]\n"
    "# one finding per repository\n"
    ".repositories[]\n"
    "\n"
    "  | select(.agentdb and .ovsrepo and .agentdb.alias != .ovsrepo.alias)\n"
    "\n"
    "[message]\n"
    "fail    = alias {.agentdb.alias} in the agent DB, {.ovsrepo.alias} in .ovsrepo\n"
    "pass    = all aliases agree\n"
    "subject = {.id}\n";

static const char log_rule[] =
    "[rule]\n"
    "id       = HP-001\n"
    "title    = Hotplug scripts not working\n"
    "severity = critical\n"
    "\n"
    "[log hotplug]\n"
    "source  = hotplug\n"
    "hint    = could not be connected\n"
    "pattern = Device (?<devid>\\d+) \\((?<type>vif|vbd)\\) could not be connected # \"x\" {\n"
    "window  = 24h\n"
    "min     = 2\n"
    "\n"
    "[message]\n"
    "fail = device {.log.hotplug.matches[0].devid} could not be connected\n";

static int parse(const char *file, const char *text, size_t len, struct rule_def *r,
                 struct rule_problems *probs)
{
    return rulefile_parse(file, text, len, r, probs);
}

/* Parse text as file and check that the problems are exactly want[] (NULL-terminated). */
static void expect_problems(const char *file, const char *text, const char *const *want)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    size_t i, n = 0;
    int rc;

    rc = parse(file, text, strlen(text), &r, &probs);
    while (want[n])
        n++;
    for (i = 0; probs.n != n && i < probs.n; i++)
        printf("# got: %s\n", probs.msgs[i]);
    assert_int_equal(rc, n ? E_PARSE : 0);
    assert_int_equal(probs.n, n);
    for (i = 0; i < n; i++)
        assert_string_equal(probs.msgs[i], want[i]);
    rule_def_release(&r);
    rule_problems_release(&probs);
}

#define EXPECT(file, text, ...) \
    expect_problems(file, text, (const char *const[]){ __VA_ARGS__, NULL })

/* A valid rule with one line replaced or added, for the validation cases. */
static const char *const base_lines[] = {
    "[rule]",                         /* 1 */
    "id = MEM-012",                   /* 2 */
    "title = t",                      /* 3 */
    "severity = warning",             /* 4 */
    "[when]",                         /* 5 */
    ".a",                             /* 6 */
    "[message]",                      /* 7 */
    "fail = f",                       /* 8 */
    NULL,
};

/* base_lines with line `at` (1-based) replaced by repl (NULL: dropped), plus extra appended. */
static char *variant(size_t at, const char *repl, const char *extra)
{
    size_t i, len = 1;
    char *s;

    for (i = 0; base_lines[i]; i++)
        len += strlen(base_lines[i]) + 1;
    len += (repl ? strlen(repl) : 0) + (extra ? strlen(extra) : 0) + 1;
    s = xmalloc(len);
    s[0] = '\0';
    for (i = 0; base_lines[i]; i++) {
        const char *l = i + 1 == at ? repl : base_lines[i];

        if (!l)
            continue;
        memcpy(s + strlen(s), l, strlen(l) + 1);
        memcpy(s + strlen(s), "\n", 2);
    }
    if (extra)
        memcpy(s + strlen(s), extra, strlen(extra) + 1);
    return s;
}

static void expect_variant(size_t at, const char *repl, const char *extra, const char *want)
{
    char *text = variant(at, repl, extra);

    if (want)
        EXPECT("r.rule", text, want);
    else
        expect_problems("r.rule", text, (const char *const[]){ NULL });
    free(text);
}

static void test_fact_rule(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;

    (void)state;
    assert_int_equal(parse("rules/memory/MEM-012-dom0-below-sizing.rule", fact_rule,
                           strlen(fact_rule), &r, &probs), 0);
    assert_int_equal(probs.n, 0);
    assert_string_equal(r.file, "rules/memory/MEM-012-dom0-below-sizing.rule");
    assert_int_equal(r.line, 2);
    assert_string_equal(r.id, "MEM-012");
    assert_string_equal(r.title, "Dom0 memory is below the sizing rule");
    assert_int_equal(r.severity, SEV_WARNING);
    assert_int_equal(r.nrequires, 2);
    assert_string_equal(r.requires[0], ".host.xen.total_mb");
    assert_string_equal(r.requires[1], ".dom0.mem_mb");
    assert_string_equal(r.remedy, "Raise dom0_mem=...M,max:...M on the xen.gz line in "
                        "/boot/grub/grub.conf, then reboot.");
    assert_int_equal(r.nlinks, 2);
    assert_string_equal(r.links[0], "https://docs.oracle.com/a");
    assert_string_equal(r.links[1], "https://docs.oracle.com/b");
    assert_false(r.heuristic);
    assert_int_equal(r.rev, 2);
    assert_string_equal(r.when, ".dom0.mem_mb < (.host.xen.total_mb * 0.0205 + 502)");
    assert_int_equal(r.when_line, 14);
    assert_null(r.foreach);
    assert_int_equal(r.nlogs, 0);
    assert_string_equal(r.fail, "Dom0 has {.dom0.mem_mb} MB; a {.host.xen.total_mb} MB host "
                        "wants {(.host.xen.total_mb*0.0205+502)|floor} MB.");
    assert_int_equal(r.fail_line, 17);
    assert_null(r.pass);
    assert_null(r.subject);
    rule_def_release(&r);
    rule_def_release(&r);      /* idempotent */
    rule_problems_release(&probs);
}

static void test_foreach_rule(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;

    (void)state;
    assert_int_equal(parse("AG-003.rule", foreach_rule, strlen(foreach_rule), &r, &probs), 0);
    assert_string_equal(r.id, "AG-003");
    assert_int_equal(r.severity, SEV_INFO);
    assert_true(r.heuristic);
    assert_int_equal(r.rev, 1);
    assert_int_equal(r.nrequires, 0);
    assert_null(r.requires);
    assert_null(r.remedy);
    assert_null(r.when);
    /* comment and blank lines are kept out, indentation is kept */
    assert_string_equal(r.foreach, ".repositories[]\n"
                        "  | select(.agentdb and .ovsrepo and .agentdb.alias != .ovsrepo.alias)");
    assert_int_equal(r.foreach_line, 9);
    assert_string_equal(r.fail, "alias {.agentdb.alias} in the agent DB, {.ovsrepo.alias} in "
                        ".ovsrepo");
    assert_string_equal(r.pass, "all aliases agree");
    assert_string_equal(r.subject, "{.id}");
    assert_int_equal(r.fail_line, 14);
    assert_int_equal(r.pass_line, 15);
    assert_int_equal(r.subject_line, 16);
    rule_def_release(&r);
    rule_problems_release(&probs);
}

static void test_log_rule(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;

    (void)state;
    assert_int_equal(parse("rules/hotplug/HP-001-scripts.rule", log_rule, strlen(log_rule), &r,
                           &probs), 0);
    assert_string_equal(r.id, "HP-001");
    assert_int_equal(r.severity, SEV_CRITICAL);
    assert_null(r.when);
    assert_null(r.foreach);
    assert_int_equal(r.nlogs, 1);
    assert_string_equal(r.logs[0].name, "hotplug");
    assert_string_equal(r.logs[0].source, "hotplug");
    assert_string_equal(r.logs[0].hint, "could not be connected");
    /* raw: backslashes, '#', quotes and '{' stay */
    assert_string_equal(r.logs[0].pattern, "Device (?<devid>\\d+) \\((?<type>vif|vbd)\\) could "
                        "not be connected # \"x\" {");
    assert_int_equal(r.logs[0].window_s, 24 * 3600);
    assert_int_equal(r.logs[0].min, 2);
    assert_int_equal(r.logs[0].line, 6);
    assert_int_equal(r.logs[0].pattern_line, 9);
    rule_def_release(&r);
    rule_problems_release(&probs);
}

static void test_log_defaults_and_several(void **state)
{
    static const char text[] =
        "[rule]\nid = XEND-005\ntitle = t\nseverity = info\n"
        "[log a]\nsource = xend\npattern = x\n"
        "[log b_2]   # second\nsource = messages\npattern = y\n"
        "[when]\n.log.a.count > 0 and .log.b_2.count > 0\n"
        "[message]\nfail = f\n";
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;

    (void)state;
    assert_int_equal(parse("XEND-005-x.rule", text, strlen(text), &r, &probs), 0);
    assert_int_equal(r.nlogs, 2);
    assert_null(r.logs[0].hint);
    assert_int_equal(r.logs[0].window_s, 0);
    assert_int_equal(r.logs[0].min, 1);
    assert_string_equal(r.logs[1].name, "b_2");
    assert_string_equal(r.logs[1].source, "messages");
    assert_int_equal(r.logs[1].line, 8);
    assert_string_equal(r.when, ".log.a.count > 0 and .log.b_2.count > 0");
    rule_def_release(&r);
    rule_problems_release(&probs);
}

static void test_continuation_and_comments(void **state)
{
    static const char text[] =
        "  # indented comment before anything\n"
        "[rule]\n"
        "id = MEM-001\n"
        "title = Dom0\n"
        "\tis short   # of memory\n"
        "    # a comment line inside a value does not end it\n"
        "  of memory\n"
        "severity = info\n"
        "requires = .a\n"
        "   .b   .c\n"
        "title2x = 1\n"
        "[when]\n"
        "[.vms[] | .id] | length > 1\n"
        "  # comment in a body\n"
        "\t and true\n"
        "[message]\n"
        "fail = a # not a comment in [message]\n"
        "   \"b\" \\n {.x}\n";
    static const char *const want[] = { "MEM-001.rule:11: unknown key 'title2x' in [rule]", NULL };
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    char *ok;
    size_t n;

    (void)state;
    expect_problems("MEM-001.rule", text, want);
    /* the same without the bad key parses; check the joined values */
    ok = xstrdup(text);
    n = (size_t)(strstr(ok, "title2x") - ok);
    memcpy(ok + n, "#itle2x", 7);
    assert_int_equal(parse("MEM-001.rule", ok, strlen(ok), &r, &probs), 0);
    assert_string_equal(r.title, "Dom0 is short of memory");
    assert_int_equal(r.nrequires, 3);
    assert_string_equal(r.requires[2], ".c");
    assert_string_equal(r.when, "[.vms[] | .id] | length > 1\n\t and true");
    assert_int_equal(r.when_line, 13);
    assert_string_equal(r.fail, "a # not a comment in [message] \"b\" \\n {.x}");
    rule_def_release(&r);
    rule_problems_release(&probs);
    free(ok);
}

static void test_rule_trailing_comments(void **state)
{
    static const char text[] =
        "[rule]   # header comment\n"
        "id = MEM-012#x\n"
        "title =#1 in C# # the '#' after '=' and in 'C#' stay\n"
        "severity = info\t# tab before the hash\n"
        "link = https://example.com/page#anchor   # cut here\n"
        "[when]#no blank needed after a header\n"
        ".a   # a jq comment stays in the body\n"
        "[message]\n"
        "fail = {.a} # kept\n";
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    char *ok = xstrdup(text);

    (void)state;
    /* "MEM-012#x" has no blank before '#': it is the id, and a bad one */
    EXPECT("c.rule", text, "c.rule:2: bad id 'MEM-012#x': expected AREA-NNN such as 'MEM-012'");
    memcpy(strstr(ok, "012#x"), "012 #", 5);
    assert_int_equal(parse("c.rule", ok, strlen(ok), &r, &probs), 0);
    assert_string_equal(r.id, "MEM-012");
    assert_string_equal(r.title, "#1 in C#");
    assert_int_equal(r.severity, SEV_INFO);
    assert_string_equal(r.links[0], "https://example.com/page#anchor");
    assert_string_equal(r.when, ".a   # a jq comment stays in the body");
    assert_string_equal(r.fail, "{.a} # kept");
    rule_def_release(&r);
    free(ok);
}

static void test_crlf_bom_no_newline(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    const char *text = "\xef\xbb\xbf[rule]\r\nid = MEM-012\r\ntitle = T \r\nseverity = info\r\n"
                       "remedy = a\r\n  b\r\n[when]\r\n.a\r\n  and .b\r\n[message]\r\nfail = f";

    (void)state;
    assert_int_equal(parse("x.rule", text, strlen(text), &r, &probs), 0);
    assert_int_equal(r.line, 1);
    assert_string_equal(r.title, "T");
    assert_string_equal(r.remedy, "a b");
    assert_string_equal(r.when, ".a\n  and .b");
    assert_string_equal(r.fail, "f");
    assert_int_equal(r.fail_line, 11);
    rule_def_release(&r);
    rule_problems_release(&probs);
}

static void test_missing_keys(void **state)
{
    (void)state;
    EXPECT("r.rule", "[rule]\n[when]\n.a\n[message]\nfail = x\n",
           "r.rule:1: missing key 'id' in [rule]",
           "r.rule:1: missing key 'title' in [rule]",
           "r.rule:1: missing key 'severity' in [rule]");
    expect_variant(8, "pass = p", NULL, "r.rule:7: missing key 'fail' in [message]");
    /* without its header, "fail = f" is one more line of the [when] body */
    expect_variant(7, NULL, NULL, "r.rule:7: missing section [message] with a 'fail' template");
}

static void test_bad_id(void **state)
{
    (void)state;
    expect_variant(2, "id = mem-012", NULL,
                   "r.rule:2: bad id 'mem-012': expected AREA-NNN such as 'MEM-012'");
    expect_variant(2, "id = MEM-12", NULL,
                   "r.rule:2: bad id 'MEM-12': expected AREA-NNN such as 'MEM-012'");
    expect_variant(2, "id = MEM-01234", NULL,
                   "r.rule:2: bad id 'MEM-01234': expected AREA-NNN such as 'MEM-012'");
    expect_variant(2, "id = MEM-0123", NULL, NULL);
    expect_variant(2, "id = -012", NULL,
                   "r.rule:2: bad id '-012': expected AREA-NNN such as 'MEM-012'");
    expect_variant(2, "id =", NULL, "r.rule:2: empty value for 'id'");
}

static void test_id_file_name(void **state)
{
    char *text = variant(0, NULL, NULL);

    (void)state;
    EXPECT("rules/memory/MEM-013-dom0.rule", text,
           "rules/memory/MEM-013-dom0.rule:2: id 'MEM-012' does not match the file name "
           "'MEM-013-dom0.rule'");
    EXPECT("MEM-0120.rule", text,
           "MEM-0120.rule:2: id 'MEM-012' does not match the file name 'MEM-0120.rule'");
    expect_problems("rules/MEM-012-dom0-below-sizing.rule", text, (const char *const[]){ NULL });
    expect_problems("MEM-012.rule", text, (const char *const[]){ NULL });
    /* names that do not start with an id are not compared */
    expect_problems("dom0-sizing.rule", text, (const char *const[]){ NULL });
    expect_problems("MEM-01234-x.rule", text, (const char *const[]){ NULL });
    expect_problems("MEM-012x.rule", text, (const char *const[]){ NULL });
    free(text);
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_variant(4, "severity = high", NULL,
                   "r.rule:4: unknown severity 'high': expected critical, warning or info");
    expect_variant(4, "severity = Warning", NULL,
                   "r.rule:4: unknown severity 'Warning': expected critical, warning or info");
    expect_variant(3, "title = t\nheuristic = yes", NULL,
                   "r.rule:4: bad heuristic 'yes': expected true or false");
    expect_variant(3, "title = t\nrev = 0", NULL,
                   "r.rule:4: bad rev '0': expected an integer >= 1");
    expect_variant(3, "title = t\nrev = -2", NULL,
                   "r.rule:4: bad rev '-2': expected an integer >= 1");
    expect_variant(3, "title = t\nrev = 99999999999", NULL,
                   "r.rule:4: bad rev '99999999999': expected an integer >= 1");
    expect_variant(3, "title = t\nrequires = .a b", NULL,
                   "r.rule:4: bad requires entry 'b': expected a fact path such as "
                   "'.dom0.mem_mb'");
    expect_variant(3, "title = t\ncolour = red", NULL, "r.rule:4: unknown key 'colour' in [rule]");
    expect_variant(3, "title = t\ntitle red", NULL,
                   "r.rule:4: expected 'key = value', got 'title red'");
    expect_variant(3, "title = t\n= red", NULL, "r.rule:4: expected 'key = value', got '= red'");
    expect_variant(3, "title = t\nid # = x", NULL,
                   "r.rule:4: expected 'key = value', got 'id # = x'");
    expect_variant(4, "severity = warning\ntitle = again", NULL,
                   "r.rule:5: duplicate key 'title' in [rule]");
    expect_variant(3, "title = t # comment\nheuristic = false # x\nrev=3#4", NULL,
                   "r.rule:5: bad rev '3#4': expected an integer >= 1");
    expect_variant(3, "title =#1 in C# # the hash after '=' and in 'C#' stays", NULL, NULL);
}

static void test_sections(void **state)
{
    (void)state;
    expect_variant(0, NULL, "[foreach]\n.b\n",
                   "r.rule:9: both [when] and [foreach]: a rule uses one of them");
    expect_variant(0, NULL, "[when]\n.b\n",
                   "r.rule:9: duplicate section '[when]' (first at line 5)");
    expect_variant(0, NULL, "[whenever]\nx = 1\n", "r.rule:9: unknown section '[whenever]'");
    expect_variant(0, NULL, "[rule\n", "r.rule:9: malformed section header '[rule'");
    expect_variant(0, NULL, "[rule] x\n", "r.rule:9: malformed section header '[rule] x'");
    expect_variant(6, NULL, NULL, "r.rule:5: empty expression in [when]");
    expect_variant(6, "# only a comment", NULL, "r.rule:5: empty expression in [when]");
    EXPECT("r.rule", "[rule]\nid = MEM-012\ntitle = t\nseverity = info\n[message]\nfail = f\n",
           "r.rule:1: no [when], [foreach] or [log NAME] section: the rule tests nothing");
    EXPECT("r.rule", "[when]\n.a\n[message]\nfail = f\n", "r.rule:1: missing section [rule]");
    EXPECT("r.rule", "[rule]\nid = MEM-012\ntitle = t\nseverity = info\n[when]\n.a\n",
           "r.rule:6: missing section [message] with a 'fail' template");
    expect_variant(0, NULL, "\n   stray\n", "r.rule:10: continuation line without a key");
}

static void test_log_errors(void **state)
{
    char *text;

    (void)state;
    text = variant(0, NULL, "[log x]\nhint = h\n");
    EXPECT("r.rule", text, "r.rule:9: missing key 'source' in [log x]",
           "r.rule:9: missing key 'pattern' in [log x]");
    free(text);
    EXPECT("r.rule", "[rule]\nid = MEM-012\ntitle = t\nseverity = info\n"
           "[log x]\nsource = nosuch\npattern = p\nwindow = 24x\nmin = 0\nfoo = 1\n"
           "[log x]\n[log]\n[log a-b]\n[message]\nfail = f\n",
           "r.rule:6: unknown log source 'nosuch'",
           "r.rule:8: bad window '24x': expected a duration such as 30s, 15m, 24h or 7d",
           "r.rule:9: bad min '0': expected an integer >= 1",
           "r.rule:10: unknown key 'foo' in [log x]",
           "r.rule:11: duplicate section '[log x]' (first at line 5)",
           "r.rule:12: missing log name: expected [log NAME]",
           "r.rule:13: bad log name 'a-b': use letters, digits and '_'");
    expect_variant(0, NULL, "[log l]\nsource = xend\n",
                   "r.rule:9: missing key 'pattern' in [log l]");
}

static void test_templates_checked(void **state)
{
    (void)state;
    expect_variant(8, "fail = a {.x", NULL, "r.rule:8: 'fail': unterminated '{' at column 3");
    expect_variant(0, NULL, "pass = {}\n", "r.rule:9: 'pass': empty expression '{}' at column 1");
    expect_variant(0, NULL, "subject = {\"}\"\n",
                   "r.rule:9: 'subject': unterminated '{' at column 1");
    expect_variant(0, NULL, "subject = {{ {.a | {b: \"}\"}} }}\n", NULL);
}

static void test_many_errors_one_file(void **state)
{
    (void)state;
    EXPECT("rules/MEM-012-x.rule",
           "id = MEM-012\n"
           "[rule]\n"
           "id = MEM-013\n"
           "severity = loud\n"
           "rev = x\n"
           "[foreach]\n"
           "[when]\n"
           ".a\n"
           "[message]\n"
           "pass = {\n",
           "rules/MEM-012-x.rule:1: text outside a section: expected a header such as [rule]",
           "rules/MEM-012-x.rule:3: id 'MEM-013' does not match the file name 'MEM-012-x.rule'",
           "rules/MEM-012-x.rule:4: unknown severity 'loud': expected critical, warning or info",
           "rules/MEM-012-x.rule:5: bad rev 'x': expected an integer >= 1",
           "rules/MEM-012-x.rule:2: missing key 'title' in [rule]",
           "rules/MEM-012-x.rule:6: empty expression in [foreach]",
           "rules/MEM-012-x.rule:7: both [when] and [foreach]: a rule uses one of them",
           "rules/MEM-012-x.rule:10: 'pass': unterminated '{' at column 1",
           "rules/MEM-012-x.rule:9: missing key 'fail' in [message]");
}

static void test_nul_and_control_bytes(void **state)
{
    static const char text[] = "[rule]\nid = MEM-012\ntitle = a\0b\nseverity = info\n"
                               "[when]\n.a\0\n[message]\nfail = f\nx\x1b[31m = 1\n";
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;

    (void)state;
    assert_int_equal(parse("n.rule", text, sizeof(text) - 1, &r, &probs), E_PARSE);
    assert_int_equal(probs.n, 5);
    assert_string_equal(probs.msgs[0], "n.rule:3: NUL byte in the line");
    assert_string_equal(probs.msgs[1], "n.rule:1: missing key 'title' in [rule]");
    assert_string_equal(probs.msgs[2], "n.rule:6: NUL byte in the line");
    assert_string_equal(probs.msgs[3], "n.rule:5: empty expression in [when]");
    assert_string_equal(probs.msgs[4], "n.rule:9: unknown key 'x?[31m' in [message]");
    rule_def_release(&r);
    rule_problems_release(&probs);
}

static void test_huge_inputs(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    size_t big = 10 * 1024 * 1024, i, n;
    const char *head = "[rule]\nid = MEM-012\ntitle = t\nseverity = info\n[when]\n.a\n"
                       "[message]\nfail = ";
    char *text = xmalloc(big + 1);

    (void)state;
    /* a 1 MB line as a value, then 9 MB of continuation lines */
    n = strlen(head);
    memcpy(text, head, n);
    memset(text + n, 'x', MIB);
    n += MIB;
    while (n + 4 < big) {
        memcpy(text + n, "\n  y", 4);
        n += 4;
    }
    assert_int_equal(parse("big.rule", text, n, &r, &probs), 0);
    assert_int_equal(strlen(r.fail), MIB + (n - strlen(head) - MIB) / 4 * 2);
    rule_def_release(&r);

    /* 10 MB of bad lines: stops after RULEFILE_MAX_PROBLEMS */
    for (i = 0; i + 2 <= big; i += 2)
        memcpy(text + i, "x\n", 2);
    assert_int_equal(parse("junk.rule", text, i, &r, &probs), E_PARSE);
    assert_int_equal(probs.n, RULEFILE_MAX_PROBLEMS + 1);
    assert_string_equal(probs.msgs[RULEFILE_MAX_PROBLEMS],
                        "junk.rule:101: too many problems; the rest of the file is not checked");
    rule_problems_release(&probs);

    /* a 1 MB key is cut in the message */
    memcpy(text, "[rule]\n", 7);
    memset(text + 7, 'k', MIB);
    memcpy(text + 7 + MIB, " = 1\n", 6);
    assert_int_equal(parse("k.rule", text, MIB + 12, &r, &probs), E_PARSE);
    assert_true(strlen(probs.msgs[0]) < 200);
    assert_non_null(strstr(probs.msgs[0], "kkk...'"));
    rule_problems_release(&probs);

    /* a 1 MB template of '{' ("{{" alone would be literal text) */
    n = strlen(head);
    memcpy(text, head, n);
    text[n++] = '{';
    text[n++] = '.';
    memset(text + n, '{', MIB);
    assert_int_equal(parse("b.rule", text, n + MIB, &r, &probs), E_PARSE);
    assert_string_equal(probs.msgs[0], "b.rule:8: 'fail': unterminated '{' at column 1");
    rule_problems_release(&probs);
    free(text);
}

static void test_problems_accumulate(void **state)
{
    struct rule_def r = RULE_DEF_INIT;
    struct rule_problems probs = RULE_PROBLEMS_INIT;
    char *ok = variant(0, NULL, NULL);

    (void)state;
    assert_int_equal(parse("a.rule", "[rule]\n", 7, &r, &probs), E_PARSE);
    assert_int_equal(probs.n, 5);
    /* a good file after a bad one returns 0 and adds nothing */
    assert_int_equal(parse("b.rule", ok, strlen(ok), &r, &probs), 0);
    assert_int_equal(probs.n, 5);
    assert_string_equal(r.file, "b.rule");
    rule_def_release(&r);
    rule_problems_release(&probs);
    rule_problems_release(&probs);
    assert_int_equal(parse("empty.rule", "", 0, &r, &probs), E_PARSE);
    assert_string_equal(probs.msgs[0], "empty.rule:1: missing section [rule]");
    rule_problems_release(&probs);
    free(ok);
}

static void test_severity_and_duration(void **state)
{
    enum severity s = SEV_INFO;
    int64_t d = -1;

    (void)state;
    assert_string_equal(severity_name(SEV_INFO), "info");
    assert_string_equal(severity_name(SEV_WARNING), "warning");
    assert_string_equal(severity_name(SEV_CRITICAL), "critical");
    assert_true(severity_parse("critical", &s));
    assert_int_equal(s, SEV_CRITICAL);
    assert_false(severity_parse("crit", &s));
    assert_false(severity_parse("", &s));
    assert_int_equal(s, SEV_CRITICAL);
    assert_true(SEV_INFO < SEV_WARNING && SEV_WARNING < SEV_CRITICAL);

    assert_true(duration_parse("30s", &d));
    assert_int_equal(d, 30);
    assert_true(duration_parse("15m", &d));
    assert_int_equal(d, 900);
    assert_true(duration_parse("24h", &d));
    assert_int_equal(d, 86400);
    assert_true(duration_parse("7d", &d));
    assert_int_equal(d, 604800);
    d = -1;
    assert_false(duration_parse("0h", &d));
    assert_false(duration_parse("h", &d));
    assert_false(duration_parse("24", &d));
    assert_false(duration_parse("24 h", &d));
    assert_false(duration_parse(" 24h", &d));
    assert_false(duration_parse("-1h", &d));
    assert_false(duration_parse("1H", &d));
    assert_false(duration_parse("1hh", &d));
    assert_false(duration_parse("1w", &d));
    assert_false(duration_parse("", &d));
    assert_false(duration_parse("106751991167301d", &d));
    assert_false(duration_parse("99999999999999999999s", &d));
    assert_int_equal(d, -1);
    assert_true(duration_parse("106751991167300d", &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fact_rule),
        cmocka_unit_test(test_foreach_rule),
        cmocka_unit_test(test_log_rule),
        cmocka_unit_test(test_log_defaults_and_several),
        cmocka_unit_test(test_continuation_and_comments),
        cmocka_unit_test(test_rule_trailing_comments),
        cmocka_unit_test(test_crlf_bom_no_newline),
        cmocka_unit_test(test_missing_keys),
        cmocka_unit_test(test_bad_id),
        cmocka_unit_test(test_id_file_name),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_log_errors),
        cmocka_unit_test(test_templates_checked),
        cmocka_unit_test(test_many_errors_one_file),
        cmocka_unit_test(test_nul_and_control_bytes),
        cmocka_unit_test(test_huge_inputs),
        cmocka_unit_test(test_problems_accumulate),
        cmocka_unit_test(test_severity_and_duration),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
