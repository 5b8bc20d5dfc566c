/* SPDX-License-Identifier: MIT */
/* report-nagios.c: status, status line, perfdata and long output on hand-built reports. */
#include "tests/unit/helpers.h"
#include "lib/buf.h"
#include "reports/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A report document with the given findings ("ID:severity" ...) and rule outcomes. */
static json_object *doc(const char *const *findings, size_t nf, int passed, int skipped,
                        const char *const *broken, size_t nb, const char *coverage)
{
    struct buf b = BUF_INIT;
    int crit = 0, warn = 0, info = 0;
    size_t i;
    json_object *o;

    for (i = 0; i < nf; i++) {
        crit += strstr(findings[i], ":critical") != NULL;
        warn += strstr(findings[i], ":warning") != NULL;
        info += strstr(findings[i], ":info") != NULL;
    }
    buf_addf(&b, "{\"schema\":\"ovmdiag-report/1\",\"tool\":{\"name\":\"ovmdiag\",\"version\":\"9.9\"},"
                 "\"host\":{\"hostname\":\"sv095\"},\"summary\":{\"critical\":%d,\"warning\":%d,"
                 "\"info\":%d,\"passed\":%d,\"skipped\":%d,\"errors\":%zu},\"findings\":[",
             crit, warn, info, passed, skipped, nb);
    for (i = 0; i < nf; i++) {
        const char *colon = strchr(findings[i], ':');
        buf_addf(&b, "%s{\"rule\":\"%.*s\",\"severity\":\"%s\",\"title\":\"Title of %.*s\","
                     "\"message\":\"Message %zu | with a bar\\nand a line break\"}",
                 i ? "," : "", (int)(colon - findings[i]), findings[i], colon + 1,
                 (int)(colon - findings[i]), findings[i], i);
    }
    buf_adds(&b, "],\"rules\":[");
    for (i = 0; i < nf; i++)
        buf_addf(&b, "%s{\"rule\":\"F%zu\",\"outcome\":\"fail\"}", i ? "," : "", i);
    for (i = 0; i < nb; i++)
        buf_addf(&b, "%s{\"rule\":\"%s\",\"outcome\":\"error\",\"reason\":\"x.rule:7: jq: error\"}",
                 nf || i ? "," : "", broken[i]);
    buf_addf(&b, "],\"coverage\":[%s]}", coverage ? coverage : "");
    o = json_tokener_parse(b.data);
    assert_non_null(o);
    buf_release(&b);
    return o;
}

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static const struct check_meta meta = { .timestamp = 1795169700, .collection_ms = 1402 };

static char *first_line(const char *text)
{
    const char *nl = strchr(text, '\n');
    size_t n = nl ? (size_t)(nl - text) : strlen(text);
    char *s = malloc(n + 1);

    memcpy(s, text, n);
    s[n] = '\0';
    return s;
}

static void test_nagios_critical(void **state)
{
    static const char *const f[] = { "MEM-010:critical", "AG-003:critical", "MEM-012:warning",
                                     "CFG-003:info" };
    json_object *r = doc(f, 4, 40, 2, NULL, 0, NULL);
    enum check_status st = CHECK_OK;
    char *text = report_nagios_text(r, &meta, &st), *line = first_line(text);

    (void)state;
    assert_int_equal(st, CHECK_CRITICAL);
    assert_string_equal(line,
        "OVMDIAG CRITICAL - 2 critical, 1 warning: MEM-010 Title of MEM-010, AG-003 Title of "
        "AG-003, MEM-012 Title of MEM-012 | critical=2;;;0 warning=1;;;0 info=1;;;0 "
        "rules_passed=40;;;0 rules_failed=4;;;0 rules_skipped=2;;;0 rules_error=0;;;0 "
        "not_collected=0;;;0 collection_time=1.402s;;;0");
    /* long output: one line per finding, no '|' and no line break inside a line */
    assert_non_null(strstr(text, "\ncritical MEM-010: Message 0 / with a bar and a line break\n"));
    assert_non_null(strstr(text, "\ninfo CFG-003: Message 3 / with a bar and a line break\n"));
    assert_null(strchr(strchr(text, '\n'), '|'));
    free(line);
    free(text);
    json_object_put(r);
}

static void test_nagios_warning(void **state)
{
    static const char *const f[] = { "MEM-012:warning", "MEM-012:warning" };
    json_object *r = doc(f, 2, 50, 0, NULL, 0, NULL);
    enum check_status st = CHECK_OK;
    char *text = report_nagios_text(r, &meta, &st);

    (void)state;
    assert_int_equal(st, CHECK_WARNING);
    /* a rule with two findings is named once */
    assert_true(starts(text, "OVMDIAG WARNING - 2 warning: MEM-012 Title of MEM-012 | "));
    free(text);
    json_object_put(r);
}

static void test_nagios_ok_with_info(void **state)
{
    static const char *const f[] = { "CFG-003:info" };
    json_object *r = doc(f, 1, 60, 1, NULL, 0, NULL);
    enum check_status st = CHECK_CRITICAL;
    char *text = report_nagios_text(r, &meta, &st);

    (void)state;
    assert_int_equal(st, CHECK_OK);
    assert_true(starts(text, "OVMDIAG OK - no warning or critical finding, 60 rules passed, 1 info"
                               " | critical=0;;;0 warning=0;;;0 info=1;;;0"));
    free(text);
    json_object_put(r);
}

static void test_nagios_cap_more(void **state)
{
    static const char *const f[] = { "A-1:critical", "A-2:critical", "A-3:critical", "A-4:critical",
                                     "A-5:critical", "A-6:critical", "A-7:warning", "A-7:warning" };
    json_object *r = doc(f, 8, 10, 0, NULL, 0, NULL);
    char *text = report_nagios_text(r, &meta, NULL), *line = first_line(text);

    (void)state;
    assert_non_null(strstr(line, "6 critical, 2 warning: A-1 Title of A-1, A-2 "));
    assert_non_null(strstr(line, ", A-5 Title of A-5 +2 more | "));
    assert_null(strstr(line, "A-6"));
    free(line);
    free(text);
    json_object_put(r);
}

static void test_nagios_broken_rules(void **state)
{
    static const char *const broken[] = { "MEM-999", "HP-999" };
    static const char *const f[] = { "MEM-012:warning" };
    json_object *r = doc(NULL, 0, 61, 1, broken, 2, NULL);
    enum check_status st = CHECK_OK;
    char *text = report_nagios_text(r, &meta, &st), *line = first_line(text);

    (void)state;
    /* OK needs every rule: broken rules make it UNKNOWN, named and counted */
    assert_int_equal(st, CHECK_UNKNOWN);
    assert_true(starts(line, "OVMDIAG UNKNOWN - 2 rules broken: MEM-999, HP-999; no warning or "
                               "critical finding from the 62 other rules | "));
    assert_non_null(strstr(line, "rules_error=2;;;0"));
    assert_non_null(strstr(text, "\nrule error MEM-999: x.rule:7: jq: error\n"));
    free(line);
    free(text);
    json_object_put(r);
    /* findings still decide WARNING */
    r = doc(f, 1, 60, 1, broken, 1, NULL);
    text = report_nagios_text(r, &meta, &st);
    assert_int_equal(st, CHECK_WARNING);
    assert_non_null(strstr(text, "1 warning: MEM-012 Title of MEM-012; 1 rule broken: MEM-999 | "));
    free(text);
    json_object_put(r);
}

static void test_nagios_nothing_evaluated(void **state)
{
    json_object *r = doc(NULL, 0, 0, 62, NULL, 0, NULL);
    enum check_status st = CHECK_OK;
    char *text = report_nagios_text(r, &meta, &st);

    (void)state;
    assert_int_equal(st, CHECK_UNKNOWN);
    assert_true(starts(text, "OVMDIAG UNKNOWN - no rule could be evaluated (62 skipped, 0 broken) | "));
    free(text);
    json_object_put(r);
}

static void test_nagios_cannot_run(void **state)
{
    struct check_meta m = { .timestamp = 1, .reason = "collection failed: a|b\nc" };
    enum check_status st = CHECK_OK;
    char *text = report_nagios_text(NULL, &m, &st);

    (void)state;
    assert_int_equal(st, CHECK_UNKNOWN);
    assert_string_equal(text, "OVMDIAG UNKNOWN - collection failed: a/b c\n");
    free(text);
}

static void test_nagios_not_collected(void **state)
{
    json_object *r = doc(NULL, 0, 30, 5, NULL, 0,
                         "{\"item\":\"xm list\",\"status\":\"timeout\",\"detail\":\"no answer in 10 s\"},"
                         "{\"item\":\"/etc/ovs-agent/passwdfile\",\"status\":\"skipped-privacy\"}");
    enum check_status st = CHECK_CRITICAL;
    char *text = report_nagios_text(r, &meta, &st);

    (void)state;
    /* a timeout is reported, not a state of its own (a rule covers a wedged xend) */
    assert_int_equal(st, CHECK_OK);
    assert_non_null(strstr(text, "30 rules passed; 1 item not collected | "));
    assert_non_null(strstr(text, "not_collected=1;;;0"));
    assert_non_null(strstr(text, "\nnot collected: xm list (timeout): no answer in 10 s\n"));
    assert_null(strstr(text, "passwdfile"));
    free(text);
    json_object_put(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nagios_critical),
        cmocka_unit_test(test_nagios_warning),
        cmocka_unit_test(test_nagios_ok_with_info),
        cmocka_unit_test(test_nagios_cap_more),
        cmocka_unit_test(test_nagios_broken_rules),
        cmocka_unit_test(test_nagios_nothing_evaluated),
        cmocka_unit_test(test_nagios_cannot_run),
        cmocka_unit_test(test_nagios_not_collected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
