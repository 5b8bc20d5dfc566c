/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/pylit.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *last_json;

/* text parsed whole, as compact JSON ("ERR <message>" on failure). */
static const char *lit(const char *text)
{
    json_object *v = NULL;
    struct err err = ERR_INIT;

    free(last_json);
    if (pylit_parse(text, strlen(text), &v, &err)) {
        size_t n = strlen(err.msg) + 5;
        last_json = malloc(n);
        snprintf(last_json, n, "ERR %s", err.msg);
        return last_json;
    }
    last_json = strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(v);
    return last_json;
}

static const char server_dump[] =
    "{'cluster_state': 'DLM_Ready',\n"
    " 'clustered': True,\n"
    " 'fs_stat_uuid_list': ['0004fb000005000004b84b442df68cb2'],\n"
    " 'is_master': False,\n"
    " 'manager_event_url': 'https://172.24.19.254:7002/ovm/core/wsapi/rest/internal/Server/"
    "01:c7:3f:76:8e:4a:e6:11:9f:82:00:17:a4:77:00:0c/Event',\n"
    " 'manager_ip': '172.24.19.254',\n"
    " 'manager_uuid': '0004fb0000010000081397618a5f4bb8',\n"
    " 'node_number': 3,\n"
    " 'pool_alias': 'I.NPP 42 ServerPool sv080',\n"
    " 'pool_master_ip': '172.24.19.95',\n"
    " 'pool_member_ip_list': ['172.24.19.91',\n"
    "                         '172.24.19.94',\n"
    "                         '172.24.19.92',\n"
    "                         '172.24.19.95',\n"
    "                         '172.24.19.96'],\n"
    " 'pool_uuid': '0004fb000002000031fb31cdfa8a3db5',\n"
    " 'poolfs_nfsbase_uuid': '',\n"
    " 'poolfs_target': '/dev/mapper/36e843b66f5d2554d35f7d4504d9adbdd',\n"
    " 'poolfs_type': 'lun',\n"
    " 'registered_hostname': 'sv095',\n"
    " 'roles': set(['utility', 'xen'])}\n";

static void test_pylit_server_dump(void **state)
{
    json_object *v = NULL, *o;
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(pylit_parse(server_dump, strlen(server_dump), &v, &err), 0);
    assert_string_equal(json_object_to_json_string_ext(json_object_object_get(v, "roles"),
                                                       JSON_C_TO_STRING_PLAIN),
                        "[\"utility\",\"xen\"]");
    o = json_object_object_get(v, "node_number");
    assert_true(json_object_is_type(o, json_type_int));
    assert_int_equal(json_object_get_int64(o), 3);
    assert_true(json_object_get_boolean(json_object_object_get(v, "clustered")));
    assert_int_equal(json_object_array_length(json_object_object_get(v, "pool_member_ip_list")),
                     5);
    assert_string_equal(json_object_get_string(json_object_object_get(v, "poolfs_nfsbase_uuid")),
                        "");
    json_object_put(v);
}

static void test_pylit_repository_dump(void **state)
{
    (void)state;
    assert_string_equal(
        lit("{'0004fb000003000024cd350d232b41fc': {'alias': u'nas-088',\n"
            "                                      'filesystem': 'ocfs2',\n"
            "                                      'version': u'3.0'},\n"
            " '0004fb00000300003fbb494d1ddbff7d': {'alias': 'sv095-repository'}}\n"),
        "{\"0004fb000003000024cd350d232b41fc\":{\"alias\":\"nas-088\",\"filesystem\":\"ocfs2\","
        "\"version\":\"3.0\"},\"0004fb00000300003fbb494d1ddbff7d\":"
        "{\"alias\":\"sv095-repository\"}}");
    /* the aproc database: a float stays the text it was printed as */
    assert_string_equal(lit("{'stat_collector': {'interval': 20, 'pid': 7102, "
                            "'start_time': 1792552480.31}}"),
                        "{\"stat_collector\":{\"interval\":20,\"pid\":7102,"
                        "\"start_time\":\"1792552480.31\"}}");
    assert_string_equal(lit("{}"), "{}");
}

static void test_pylit_strings(void **state)
{
    (void)state;
    assert_string_equal(lit("'abc'"), "\"abc\"");
    assert_string_equal(lit("\"it's\""), "\"it's\"");
    assert_string_equal(lit("u'nas-088'"), "\"nas-088\"");
    assert_string_equal(lit("'a' \"b\" u'c'"), "\"abc\"");
    assert_string_equal(lit("['a'\n  'b', 'c']"), "[\"ab\",\"c\"]");
    assert_string_equal(lit("'a\\\\b'"), "\"a\\\\b\"");
    assert_string_equal(lit("'\\'q\\\"'"), "\"'q\\\"\"");
    assert_string_equal(lit("'\\n\\t\\r'"), "\"\\n\\t\\r\"");
    assert_string_equal(lit("'\\x41\\101\\0'"), "\"AA\\u0000\"");
    assert_string_equal(lit("u'caf\\xe9'"), "\"caf\xc3\xa9\"");
    assert_string_equal(lit("'caf\\xc3\\xa9'"), "\"caf\xc3\xa9\"");
    assert_string_equal(lit("'caf\\xe9'"), "\"caf\xef\xbf\xbd\"");          /* not UTF-8 */
    assert_string_equal(lit("'caf\xe9 \xc3\xa9'"), "\"caf\xef\xbf\xbd \xc3\xa9\"");
    assert_string_equal(lit("u'\\u20ac'"), "\"\xe2\x82\xac\"");
    assert_string_equal(lit("u'\\U0001F600'"), "\"\xf0\x9f\x98\x80\"");
    assert_string_equal(lit("u'\\ud83d\\ude00'"), "\"\xf0\x9f\x98\x80\"");  /* narrow build */
    assert_string_equal(lit("u'\\ud83d!'"), "\"\xef\xbf\xbd!\"");
    assert_string_equal(lit("u'\\U00110000'"), "\"\xef\xbf\xbd\"");
    assert_string_equal(lit("r'\\n\\''"), "\"\\\\n\\\\'\"");
    assert_string_equal(lit("b'\\u00e9'"), "\"\\\\u00e9\"");
    assert_string_equal(lit("'\\q'"), "\"\\\\q\"");
    assert_string_equal(lit("'''a'b\nc'''"), "\"a'b\\nc\"");
    assert_string_equal(lit("'a\\\nb'"), "\"ab\"");
    assert_string_equal(lit("ur'x'"), "\"x\"");
    assert_string_equal(lit("u'\\u12'"), "ERR 1:3: invalid \\u escape");
    assert_string_equal(lit("'\\x4'"), "ERR 1:2: invalid \\x escape");
}

static void test_pylit_numbers(void **state)
{
    (void)state;
    assert_string_equal(lit("[0, 123, 123L, -5, - 5, +7, 0x1F, 0XffL, 0755, 0o755, 0b101, 00]"),
                        "[0,123,123,-5,-5,7,31,255,493,493,5,0]");
    assert_string_equal(lit("[1.5, -0.25, 1e3, 2.5E-3, .5, 1., inf, -inf, nan]"),
                        "[\"1.5\",\"-0.25\",\"1e3\",\"2.5E-3\",\".5\",\"1.\",\"inf\",\"-inf\","
                        "\"nan\"]");
    assert_string_equal(lit("[9223372036854775807, -9223372036854775808]"),
                        "[9223372036854775807,-9223372036854775808]");
    assert_string_equal(lit("[9223372036854775808L, 0x1ffffffffffffffff, -99999999999999999999]"),
                        "[\"9223372036854775808\",\"0x1ffffffffffffffff\","
                        "\"-99999999999999999999\"]");
    assert_string_equal(lit("089"), "ERR 1:1: invalid number '089'");
    assert_string_equal(lit("12abc"), "ERR 1:1: invalid number '12abc'");
    assert_string_equal(lit("0x"), "ERR 1:1: invalid number '0x'");
    assert_string_equal(lit("1j"), "ERR 1:1: complex numbers are not supported");
    assert_string_equal(lit("[-]"), "ERR 1:3: expected a number after '-', found ']'");
}

static void test_pylit_containers(void **state)
{
    (void)state;
    assert_string_equal(lit("[True, False, None]"), "[true,false,null]");
    assert_string_equal(lit("None"), "null");
    assert_string_equal(lit("(1,)"), "[1]");
    assert_string_equal(lit("()"), "[]");
    assert_string_equal(lit("(1)"), "1");
    assert_string_equal(lit("('a', 1, [2, (3, 4)],)"), "[\"a\",1,[2,[3,4]]]");
    assert_string_equal(lit("set([])"), "[]");
    assert_string_equal(lit("set()"), "[]");
    assert_string_equal(lit("frozenset(['a', 'b'])"), "[\"a\",\"b\"]");
    assert_string_equal(lit("set(('a',))"), "[\"a\"]");
    assert_string_equal(lit("{1, 2,}"), "[1,2]");
    assert_string_equal(lit("{'a': [1, 2,], 'b': {'c': (),},}"),
                        "{\"a\":[1,2],\"b\":{\"c\":[]}}");
    assert_string_equal(lit("  # a comment\n{ 'a' :\n\t1 , # why\n  'b': 2 }\n\n"),
                        "{\"a\":1,\"b\":2}");
    assert_string_equal(lit("{'a': 1,\r\n 'b': 2}\r\n"), "{\"a\":1,\"b\":2}");
    assert_string_equal(lit("{'a': 1, 'a': 2}"), "{\"a\":2}");
    /* keys that are not strings: their repr text */
    assert_string_equal(lit("{1: 'a', -2: 'b', 0x10: 'c', None: 'd', True: 'e', 1.5: 'f', "
                            "(1,'x'): 'g', (2,\n   'y'): 'h', (): 'i'}"),
                        "{\"1\":\"a\",\"-2\":\"b\",\"16\":\"c\",\"None\":\"d\",\"True\":\"e\","
                        "\"1.5\":\"f\",\"(1, 'x')\":\"g\",\"(2, 'y')\":\"h\",\"()\":\"i\"}");
}

static void test_pylit_errors(void **state)
{
    (void)state;
    assert_string_equal(lit("{'a': }"), "ERR 1:7: expected a value, found '}'");
    assert_string_equal(lit("{'a': 'b"), "ERR 1:7: unterminated string");
    assert_string_equal(lit("['a',\n 'b\n]"), "ERR 2:2: unterminated string");
    assert_string_equal(lit("{'a': 1,\n 'b': 2\n 'c': 3}"),
                        "ERR 3:2: expected ',' or '}', found '''");
    assert_string_equal(lit("{'a' 1}"), "ERR 1:6: expected ':' after a dict key, found '1'");
    assert_string_equal(lit("{'a': foo}"), "ERR 1:7: unknown name 'foo'");
    assert_string_equal(lit("[1, 2"), "ERR 1:6: expected ',' or ']', found end of input");
    assert_string_equal(lit("[1,"), "ERR 1:4: expected a value, found end of input");
    assert_string_equal(lit("1 2"), "ERR 1:3: unexpected text after the value, found '2'");
    assert_string_equal(lit(""), "ERR 1:1: empty input");
    assert_string_equal(lit(" \n # only a comment\n"), "ERR 3:1: empty input");
    assert_string_equal(lit("set"), "ERR 1:4: expected '(' after 'set', found end of input");
    assert_string_equal(lit("set('ab')"), "ERR 1:9: set() of something that is not a list");
    assert_string_equal(lit("true"), "ERR 1:1: unknown name 'true'");
    assert_string_equal(lit("\x7f" "ELF\x01"), "ERR 1:1: expected a value, found byte 0x7f");
    assert_string_equal(lit("[\x01]"), "ERR 1:2: expected a value, found byte 0x01");
    assert_string_equal(lit("datetime.datetime(2018, 1, 1)"), "ERR 1:1: unknown name 'datetime'");
    assert_string_equal(lit("[1 if 1 else 2]"), "ERR 1:4: expected ',' or ']', found 'i'");
}

static void test_pylit_binary_with_nul(void **state)
{
    static const char junk[] = "{'a': '\0'}";
    static const char junk2[] = "[1, \0 2]";
    json_object *v = NULL;
    struct err err = ERR_INIT;

    (void)state;
    /* a NUL inside a string is a character like any other */
    assert_int_equal(pylit_parse(junk, sizeof(junk) - 1, &v, &err), 0);
    assert_int_equal(json_object_get_string_len(json_object_object_get(v, "a")), 1);
    json_object_put(v);
    v = NULL;
    assert_int_equal(pylit_parse(junk2, sizeof(junk2) - 1, &v, &err), E_PARSE);
    assert_string_equal(err.msg, "1:5: expected a value, found byte 0x00");
    assert_null(v);
}

static void test_pylit_deep_nesting(void **state)
{
    struct buf b = BUF_INIT;
    json_object *v = NULL;
    struct err err = ERR_INIT;
    struct pylit_where w;
    size_t i, pos = 0;

    (void)state;
    for (i = 0; i < 1000; i++)
        buf_addc(&b, '[');
    for (i = 0; i < 1000; i++)
        buf_addc(&b, ']');
    assert_int_equal(pylit_parse(b.data, b.len, &v, &err), E_PARSE);
    assert_string_equal(err.msg, "1:65: nesting deeper than 64");
    err_init(&err);
    assert_int_equal(pylit_parse_at(b.data, b.len, &pos, PYLIT_PARTIAL, &v, &w, &err), E_PARSE);
    assert_int_equal(w.line, 1);
    assert_int_equal(w.col, 65);
    assert_int_equal(pos, 0);
    json_object_put(v);
    /* exactly 64 levels are fine, with dicts and set() too */
    buf_reset(&b);
    for (i = 0; i < 32; i++)
        buf_adds(&b, "{'k': [");
    for (i = 0; i < 32; i++)
        buf_adds(&b, "]}");
    v = NULL;
    err_init(&err);
    assert_int_equal(pylit_parse(b.data, b.len, &v, &err), 0);
    json_object_put(v);
    buf_reset(&b);
    for (i = 0; i < 33; i++)
        buf_adds(&b, "set([");
    assert_int_equal(pylit_parse(b.data, b.len, &v, &err), E_PARSE);
    assert_string_equal(err.msg, "1:164: nesting deeper than 64");
    buf_release(&b);
}

static void test_pylit_big_list(void **state)
{
    struct buf b = BUF_INIT;
    json_object *v = NULL;
    struct err err = ERR_INIT;
    size_t n = 0;

    (void)state;
    buf_addc(&b, '[');
    while (b.len < (1u << 20)) {
        buf_addf(&b, "'%06zu',%s", n, n % 8 ? " " : "\n ");
        n++;
    }
    buf_addc(&b, ']');
    assert_int_equal(pylit_parse(b.data, b.len, &v, &err), 0);
    assert_int_equal(json_object_array_length(v), n);
    assert_int_equal(strtol(json_object_get_string(json_object_array_get_idx(v, n - 1)), NULL,
                            10), n - 1);
    json_object_put(v);
    /* the same list cut in the middle of an element */
    b.len -= 5;
    v = NULL;
    assert_int_equal(pylit_parse(b.data, b.len, &v, &err), E_PARSE);
    assert_null(v);
    buf_release(&b);
}

static void test_pylit_parse_at(void **state)
{
    static const char cfg[] = "memory = 512 # MiB\n"
                              "disk = ['file:/a.img,xvda,w',\n"
                              "        'file:/b.img,xvdb,w']\n"
                              "bad = [1,\n"
                              "  2 3]\n";
    json_object *v = NULL;
    struct err err = ERR_INIT;
    struct pylit_where w;
    size_t pos = 9;

    (void)state;
    assert_int_equal(pylit_parse_at(cfg, strlen(cfg), &pos, 0, &v, &w, &err), 0);
    assert_int_equal(json_object_get_int64(v), 512);
    json_object_put(v);
    assert_int_equal(pos, 12);
    pos = strlen("memory = 512 # MiB\ndisk =");
    assert_int_equal(pylit_parse_at(cfg, strlen(cfg), &pos, 0, &v, &w, &err), 0);
    assert_int_equal(json_object_array_length(v), 2);
    json_object_put(v);
    assert_int_equal(cfg[pos], '\n');
    /* positions are file positions */
    pos = (size_t)(strstr(cfg, "bad = ") - cfg) + 6;
    assert_int_equal(pylit_parse_at(cfg, strlen(cfg), &pos, 0, &v, &w, &err), E_PARSE);
    assert_int_equal(w.line, 5);
    assert_int_equal(w.col, 5);
    assert_string_equal(w.msg, "expected ',' or ']', found '3'");
    assert_string_equal(err.msg, "5:5: expected ',' or ']', found '3'");
    /* no value before the end of the line: newlines only count inside brackets */
    err_init(&err);
    pos = 0;
    assert_int_equal(pylit_parse_at("  \nx", 4, &pos, 0, &v, &w, &err), E_PARSE);
    assert_string_equal(err.msg, "1:3: expected a value, found end of line");
    /* a continuation line is fine */
    err_init(&err);
    pos = 0;
    assert_int_equal(pylit_parse_at(" \\\n 7", 5, &pos, 0, &v, &w, &err), 0);
    assert_int_equal(json_object_get_int64(v), 7);
    json_object_put(v);
}

static void test_pylit_partial(void **state)
{
    static const char cut[] = "{'a': 1,\n 'b': {'c': [1, 2], 'd': 'x',\n 'e': 'unterminated";
    json_object *v = NULL;
    struct err err = ERR_INIT;
    struct pylit_where w;
    size_t pos = 0;

    (void)state;
    assert_int_equal(pylit_parse_at(cut, strlen(cut), &pos, PYLIT_PARTIAL, &v, &w, &err),
                     E_PARSE);
    assert_int_equal(w.line, 3);
    assert_string_equal(w.msg, "unterminated string");
    assert_string_equal(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
                        "{\"a\":1,\"b\":{\"c\":[1,2],\"d\":\"x\"}}");
    json_object_put(v);
    /* nothing complete */
    v = NULL;
    pos = 0;
    assert_int_equal(pylit_parse_at("'x", 2, &pos, PYLIT_PARTIAL, &v, &w, &err), E_PARSE);
    assert_null(v);
}

static void test_pylit_json(void **state)
{
    static const char js[] = "{\"a\": [true, false, null], \"p\": \"x\\/y\", \"u\": \"\\u00e9\"}";
    json_object *v = NULL;
    struct err err = ERR_INIT;
    size_t pos = 0;

    (void)state;
    assert_int_equal(pylit_parse_at(js, strlen(js), &pos, PYLIT_JSON, &v, NULL, &err), 0);
    assert_string_equal(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
                                                              JSON_C_TO_STRING_NOSLASHESCAPE),
                        "{\"a\":[true,false,null],\"p\":\"x/y\",\"u\":\"\xc3\xa9\"}");
    json_object_put(v);
    assert_string_equal(lit("'x\\/y'"), "\"x\\\\/y\"");
}

static int teardown(void **state)
{
    (void)state;
    free(last_json);
    last_json = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pylit_server_dump),
        cmocka_unit_test(test_pylit_repository_dump),
        cmocka_unit_test(test_pylit_strings),
        cmocka_unit_test(test_pylit_numbers),
        cmocka_unit_test(test_pylit_containers),
        cmocka_unit_test(test_pylit_errors),
        cmocka_unit_test(test_pylit_binary_with_nul),
        cmocka_unit_test(test_pylit_deep_nesting),
        cmocka_unit_test(test_pylit_big_list),
        cmocka_unit_test(test_pylit_parse_at),
        cmocka_unit_test(test_pylit_partial),
        cmocka_unit_test(test_pylit_json),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
