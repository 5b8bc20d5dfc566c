/* SPDX-License-Identifier: MIT */
/* The HTML report's building blocks: escaping (markup, quotes, control bytes, invalid UTF-8),
 * links only for http(s), base64 for the CSP hash; and the page's promises on a small report. */
#include "tests/unit/helpers.h"
#include "reports/html.h"
#include "reports/report.h"
#include "lib/buf.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static char *esc(const char *s)
{
    struct buf b;

    buf_init(&b);
    html_text(&b, s);
    return buf_detach(&b, NULL);
}

static void expect_esc(const char *in, const char *want)
{
    char *got = esc(in);

    assert_string_equal(got, want);
    free(got);
}

static void test_escape_markup(void **state)
{
    (void)state;
    expect_esc("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect_esc("a\"b'c&d", "a&quot;b&#39;c&amp;d");
    expect_esc("\"><svg onload=x>", "&quot;&gt;&lt;svg onload=x&gt;");
    expect_esc("&lt;", "&amp;lt;");
    expect_esc("", "");
    expect_esc(NULL, "");
}

static void test_escape_bytes(void **state)
{
    (void)state;
    expect_esc("a\033[2Jb\007", "a\\x1b[2Jb\\x07");
    expect_esc("tab\there", "tab here");
    expect_esc("caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");       /* UTF-8 kept */
    expect_esc("bad\xff!", "bad\xef\xbf\xbd!");                             /* stray byte */
    expect_esc("\xc0\xbc", "\xef\xbf\xbd\xef\xbf\xbd");                     /* overlong '<' */
    expect_esc("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");     /* surrogate */
    expect_esc("cut\xe2\x82", "cut\xef\xbf\xbd\xef\xbf\xbd");               /* truncated */
}

static void test_links(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b);
    html_link(&b, "https://example.org/a?b=1&c=\"2\"", NULL);
    assert_string_equal(b.data, "<a rel=\"noreferrer\" href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\">"
                                "https://example.org/a?b=1&amp;c=&quot;2&quot;</a>");
    buf_reset(&b);
    html_link(&b, "javascript:alert(1)", NULL);
    assert_string_equal(b.data, "javascript:alert(1)");
    buf_reset(&b);
    html_link(&b, "data:text/html,<script>", "x");
    assert_string_equal(b.data, "x");
    buf_release(&b);
}

static void test_base64(void **state)
{
    static const struct { const char *in, *out; } v[] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
        { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
    };
    struct buf b;
    size_t i;

    (void)state;
    buf_init(&b);
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        buf_reset(&b);
        html_base64(&b, (const unsigned char *)v[i].in, strlen(v[i].in));
        assert_string_equal(b.data, v[i].out);
    }
    buf_release(&b);
}

static void test_sizes(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b);
    html_bytes(&b, 512);
    buf_adds(&b, "|");
    html_bytes(&b, 4398046511104LL);
    buf_adds(&b, "|");
    html_duration(&b, 3867699);
    assert_string_equal(b.data, "512 B|4.0 TiB|44d 18:21:39");
    buf_release(&b);
}

/* A report whose every string field is hostile: nothing of it may become markup. */
static void test_page_escapes_every_field(void **state)
{
    static const char doc[] =
        "{\"schema\":\"ovmdiag-report/1\",\"tool\":{\"name\":\"ovmdiag\",\"version\":\"0.1.0\"},"
        "\"bundle\":{\"name\":\"<b>bundle</b>\"},\"host\":{\"hostname\":\"<h>\"},"
        "\"summary\":{\"critical\":1},"
        "\"findings\":[{\"rule\":\"X-<1>\",\"severity\":\"critical\",\"title\":\"<t>\",\"message\":\"<m>\","
        "\"subject\":\"<s>\",\"remedy\":\"<r>\",\"links\":[\"javascript:<l>\"],\"heuristic\":true,"
        "\"evidence\":[{\"file\":\"<f>\",\"line\":3,\"text\":\"<e>\",\"time\":\"2026-11-20T10:00:00Z\"}]}],"
        "\"rules\":[{\"rule\":\"<id>\",\"outcome\":\"skip\",\"reason\":\"<why>\"}],"
        "\"coverage\":[{\"item\":\"<i>\",\"status\":\"<st>\",\"detail\":\"<d>\"}],"
        "\"timeline\":[{\"time\":\"2026-11-20T09:00:00Z\",\"source\":\"xend\",\"kind\":\"error\","
        "\"file\":\"<tf>\",\"line\":1,\"text\":\"<tt>\"}]}";
    static const char facts[] =
        "{\"host\":{\"hostname\":\"<fh>\",\"xen\":{\"total_mb\":1000,\"free_mb\":100,\"version\":\"<v>\"}},"
        "\"dom0\":{\"mem_mb\":500,\"dom0_mem_arg\":{\"raw\":\"<raw>\"}},"
        "\"domains\":[{\"id\":0,\"name\":\"Domain-0\",\"mem_mb\":500},"
        "{\"id\":1,\"name\":\"<n>\",\"simple_name\":\"<sn>\",\"mem_mb\":300,\"state\":\"<st>\"}],"
        "\"repositories\":[{\"id\":\"<rid>\",\"agentdb\":{\"alias\":\"<a1>\"},\"ovsrepo\":{\"alias\":\"<a2>\"}}],"
        "\"meta\":{\"missing\":[\"<miss>\"]}}";
    json_object *r = json_tokener_parse(doc), *f = json_tokener_parse(facts);
    char *html, *p;
    const char *tags[] = { "<!DOCTYPE", "<html", "<head", "<meta", "<title", "<style", "<body",
                           "<header", "<h1", "<dl", "<dt", "<dd", "<p", "<span", "<nav", "<a ", "<main",
                           "<section", "<h2", "<h3", "<article", "<code", "<b>", "<details", "<summary",
                           "<ol", "<li", "<table", "<tr", "<th", "<td", "<svg", "<defs", "<pattern",
                           "<rect", "<line", "<text", "<title", "<circle", "<path", "<ul", "<footer",
                           "<br", NULL };
    size_t i;

    (void)state;
    assert_non_null(r);
    assert_non_null(f);
    html = report_html(r, f);
    /* every '<' in the page opens one of the report's own elements (or closes one) */
    for (p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        bool known = p[1] == '/';
        for (i = 0; !known && tags[i]; i++)
            known = !strncmp(p, tags[i], strlen(tags[i]));
        if (!known)
            fail_msg("markup from the data at: %.40s", p);
    }
    assert_non_null(strstr(html, "&lt;sn&gt;"));
    assert_non_null(strstr(html, "&lt;a2&gt;"));
    assert_non_null(strstr(html, "&lt;tt&gt;"));
    assert_null(strstr(html, "href=\"javascript"));
    free(html);
    json_object_put(r);
    json_object_put(f);
}

static void test_text_report(void **state)
{
    static const char doc[] =
        "{\"host\":{\"hostname\":\"h\"},\"summary\":{\"critical\":1},"
        "\"findings\":[{\"rule\":\"MEM-001\",\"severity\":\"critical\",\"title\":\"T\",\"message\":\"m\\u001b[2J\","
        "\"evidence\":[{\"file\":\"f\",\"line\":1,\"text\":\"1\"},{\"file\":\"f\",\"line\":2,\"text\":\"2\"},"
        "{\"file\":\"f\",\"line\":3,\"text\":\"3\"},{\"file\":\"f\",\"line\":4,\"text\":\"4\"}]}]}";
    json_object *r = json_tokener_parse(doc);
    struct report_text_opts plain = { 0 }, color = { .color = true }, verbose = { .verbose = true };
    char *t;

    (void)state;
    t = report_text(r, &plain);
    assert_null(strchr(t, '\033'));
    assert_non_null(strstr(t, "m\\x1b[2J"));
    assert_non_null(strstr(t, "CRITICAL MEM-001  T"));
    assert_non_null(strstr(t, "(1 more evidence lines"));
    free(t);
    t = report_text(r, &color);
    assert_non_null(strstr(t, "\033[1;31mCRITICAL"));
    free(t);
    t = report_text(r, &verbose);
    assert_non_null(strstr(t, "f:4: 4"));
    assert_null(strstr(t, "more evidence"));
    free(t);
    json_object_put(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_markup),
        cmocka_unit_test(test_escape_bytes),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_page_escapes_every_field),
        cmocka_unit_test(test_text_report),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
