/* SPDX-License-Identifier: MIT */
/* report-prometheus.c: metric families, values and label escaping on hand-built reports. */
#include "tests/unit/helpers.h"
#include "reports/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct check_meta meta = { .timestamp = 1795169700, .collection_ms = 2050 };

static json_object *parse(const char *text)
{
    json_object *o = json_tokener_parse(text);

    assert_non_null(o);
    return o;
}

static void test_prometheus_metrics(void **state)
{
    json_object *r = parse(
        "{\"tool\":{\"version\":\"0.1.0\"},\"host\":{\"hostname\":\"sv095\"},"
        "\"summary\":{\"critical\":1,\"warning\":2,\"info\":0,\"passed\":40,\"skipped\":3,\"errors\":1},"
        "\"findings\":[{\"rule\":\"AG-003\",\"severity\":\"critical\"},"
        "{\"rule\":\"CFG-004\",\"severity\":\"warning\"},{\"rule\":\"CFG-004\",\"severity\":\"warning\"}],"
        "\"rules\":[{\"rule\":\"AG-003\",\"outcome\":\"fail\"},{\"rule\":\"CFG-004\",\"outcome\":\"fail\"},"
        "{\"rule\":\"X-1\",\"outcome\":\"error\"}],"
        "\"coverage\":[{\"item\":\"xm list\",\"status\":\"timeout\"}]}");
    char *t = report_prometheus_text(r, &meta);

    (void)state;
    assert_non_null(strstr(t, "# HELP ovmdiag_check_success "));
    assert_non_null(strstr(t, "# TYPE ovmdiag_check_success gauge\novmdiag_check_success 1\n"));
    assert_non_null(strstr(t, "\novmdiag_check_status 2\n"));
    assert_non_null(strstr(t, "\novmdiag_check_timestamp_seconds 1795169700\n"));
    assert_non_null(strstr(t, "\novmdiag_collection_seconds 2.050\n"));
    assert_non_null(strstr(t, "\novmdiag_info{version=\"0.1.0\",hostname=\"sv095\"} 1\n"));
    assert_non_null(strstr(t, "# TYPE ovmdiag_findings gauge\n"
                              "ovmdiag_findings{severity=\"critical\"} 1\n"
                              "ovmdiag_findings{severity=\"warning\"} 2\n"
                              "ovmdiag_findings{severity=\"info\"} 0\n"));
    assert_non_null(strstr(t, "ovmdiag_rules{outcome=\"fail\"} 2\n"
                              "ovmdiag_rules{outcome=\"pass\"} 40\n"
                              "ovmdiag_rules{outcome=\"skip\"} 3\n"
                              "ovmdiag_rules{outcome=\"error\"} 1\n"));
    assert_non_null(strstr(t, "\novmdiag_not_collected_items 1\n"));
    /* one series per failing rule; the value counts its findings */
    assert_non_null(strstr(t, "\novmdiag_rule_failing{rule=\"AG-003\",severity=\"critical\"} 1\n"
                              "ovmdiag_rule_failing{rule=\"CFG-004\",severity=\"warning\"} 2\n"));
    assert_int_equal(t[strlen(t) - 1], '\n');
    free(t);
    json_object_put(r);
}

static void test_prometheus_escaping(void **state)
{
    json_object *r = parse(
        "{\"tool\":{\"version\":\"1\\\"2\"},\"host\":{\"hostname\":\"a\\\\b\\nc\"},"
        "\"summary\":{\"passed\":1},\"findings\":[{\"rule\":\"X\\\"Y\",\"severity\":\"info\"}],"
        "\"rules\":[],\"coverage\":[]}");
    char *t = report_prometheus_text(r, &meta);

    (void)state;
    assert_non_null(strstr(t, "ovmdiag_info{version=\"1\\\"2\",hostname=\"a\\\\b\\nc\"} 1\n"));
    assert_non_null(strstr(t, "ovmdiag_rule_failing{rule=\"X\\\"Y\",severity=\"info\"} 1\n"));
    free(t);
    json_object_put(r);
}

static void test_prometheus_cannot_run(void **state)
{
    struct check_meta m = { .timestamp = 42, .reason = "collection failed" };
    char *t = report_prometheus_text(NULL, &m);

    (void)state;
    assert_non_null(strstr(t, "\novmdiag_check_success 0\n"));
    assert_non_null(strstr(t, "\novmdiag_check_status 3\n"));
    assert_non_null(strstr(t, "\novmdiag_check_timestamp_seconds 42\n"));
    assert_null(strstr(t, "ovmdiag_findings"));
    free(t);
}

/* Every line is a comment (# HELP/# TYPE name ...) or "name{labels} value"; every sample's
 * family was declared just before it. */
static void test_prometheus_format(void **state)
{
    json_object *r = parse("{\"summary\":{\"passed\":3},\"findings\":[],\"rules\":[],\"coverage\":[]}");
    char *t = report_prometheus_text(r, &meta), *save = NULL, *line;
    char family[128] = "";

    (void)state;
    for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "# TYPE ", 7)) {
            assert_int_equal(sscanf(line + 7, "%127s", family), 1);
            assert_non_null(strstr(line, " gauge"));
        } else if (strncmp(line, "# HELP ", 7)) {
            size_t n = strlen(family);
            assert_true(n > 0);
            assert_true(!strncmp(line, family, n) && (line[n] == ' ' || line[n] == '{'));
        }
    }
    free(t);
    json_object_put(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prometheus_metrics),
        cmocka_unit_test(test_prometheus_escaping),
        cmocka_unit_test(test_prometheus_cannot_run),
        cmocka_unit_test(test_prometheus_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
