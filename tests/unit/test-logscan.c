/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "engine/logscan.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define MAXQ 8

static const char xend_log[] =
    "[2026-11-20 09:41:05 7421] DEBUG (balloon:193) Balloon: 13608960 KiB free; need 16740352\n"
    "[2026-11-20 09:41:52 7421] ERROR (XendDomainInfo:3542) XendDomainInfo.initDomain: exception\n"
    "Traceback (most recent call last):\n"
    "  File \"/usr/lib64/python2.6/site-packages/xen/xend/XendDomainInfo.py\", line 3475, in x\n"
    "    balloon.free(memory + shadow + vtd_mem, self)\n"
    "VmError: I need 16740352 KiB, but dom0_min_mem is 2097152 and shrinking to 2097152 KiB "
    "would leave only 14374912 KiB free.\n"
    "[2026-11-20 10:15:01,284 1771 1431210304] ERROR (XendDomainInfo:1234 ) VM start failed\n"
    "[2026-11-21 08:00:00 7421] INFO (XendDomain:476) Adding Domain: 16\n";

/* Run queries over text fed in pieces of chunk bytes (0: all at once) as one file. */
static void scan(struct logscan_query **qs, size_t n, const char *source, const char *text,
                 size_t len, size_t chunk, time_t snapshot)
{
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    size_t off;

    assert_int_equal(logscan_new(&ls, qs, n, &err), 0);
    logscan_begin(ls, source, "root/var/log/xen/xend.log", time_from_utc(2026, 11, 22, 0, 0, 0));
    if (!chunk)
        chunk = len ? len : 1;
    for (off = 0; off < len; off += chunk)
        logscan_feed(ls, text + off, len - off < chunk ? len - off : chunk);
    logscan_end(ls);
    logscan_finish(ls, snapshot);
    logscan_free(ls);
}

static void q_init(struct logscan_query *q, const char *source, const char *hint,
                   const char *pattern, int64_t window_s)
{
    memset(q, 0, sizeof(*q));
    q->source = source;
    q->hint = hint;
    q->pattern = pattern;
    q->window_s = window_s;
}

static const char *field(const struct logscan_match *m, const char *name)
{
    json_object *v;

    if (!json_object_object_get_ex(m->fields, name, &v))
        return NULL;
    return json_object_get_string(v);
}

static void test_hint_and_pattern(void **state)
{
    struct logscan_query a, b, c, *qs[] = { &a, &b, &c };

    (void)state;
    q_init(&a, "xend", "ERROR", "ERROR \\(XendDomainInfo:\\d+\\s*\\)", 0);
    /* the hint is not on the line the pattern would match: no match */
    q_init(&b, "xend", "WARNING", "Adding Domain", 0);
    /* another source's query does not see this file */
    q_init(&c, "messages", NULL, "Adding Domain", 0);
    scan(qs, 3, "xend", xend_log, strlen(xend_log), 0, 0);
    assert_int_equal(a.count, 2);
    assert_int_equal(a.nevidence, 2);
    assert_int_equal(a.evidence[0].line, 2);
    assert_int_equal(a.evidence[1].line, 7);
    assert_string_equal(a.evidence[0].file, "root/var/log/xen/xend.log");
    assert_true(a.any_time);
    assert_int_equal(a.first, time_from_utc(2026, 11, 20, 9, 41, 52));
    assert_int_equal(a.last, time_from_utc(2026, 11, 20, 10, 15, 1));
    assert_int_equal(b.count, 0);
    assert_int_equal(b.nevidence, 0);
    assert_int_equal(c.count, 0);
    logscan_query_release(&a);
    logscan_query_release(&b);
    logscan_query_release(&c);
}

static void test_literal_extraction(void **state)
{
    static const struct {
        const char *pattern, *want;
    } cases[] = {
        { "VmError: I need (?<need>\\d+) KiB", "VmError: I need " },
        { "ERROR \\(XendDomainInfo:\\d+\\s*\\) VM start failed", "ERROR (XendDomainInfo:" },
        { "^\\s*\\(XEN\\) Out of memory", "(XEN) Out of memory" },
        { "a|bcdef", NULL },
        { "(?i)timeout waiting", NULL },
        { "[abc]+", NULL },
        { "colou?r is set", "r is set" },
        { "xy+z", "xy" },
        { "hotplug(ging)? failed", "hotplug" },
        { "vif(ging)? failed badly", " failed badly" },
        { "o2net: (?:no|lost) connection to node", " connection to node" },
        { "node [0-9]{2,3} is down", " is down" },
        { "literal\\.dot", "literal.dot" },
        { "x{2}abc", "abc" },
        { ".*", NULL },
        /* groups matched whole continue the runs around them */
        { "^(?<type>\\w*Error): (?!x)", "Error: " },
        { "vbd (?:device) failed", "vbd device failed" },
        { "lookahead (?=x)here", "lookahead " },
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        char *lit = logscan_pattern_literal(cases[i].pattern);
        if (!cases[i].want) {
            if (lit)
                fail_msg("'%s' gave '%s'", cases[i].pattern, lit);
        } else {
            if (!lit || strcmp(lit, cases[i].want))
                fail_msg("'%s' gave '%s', want '%s'", cases[i].pattern, lit ? lit : "(null)",
                         cases[i].want);
        }
        free(lit);
    }
}

/* The multi-literal prefilter (Wu-Manber over long and short literals, memchr for the shortest,
 * alternatives each with their literal) finds every line pcre2 alone would: many patterns,
 * literals at line starts and ends, several per line, hits across 16-byte and slice boundaries. */
static void test_prefilter_counts(void **state)
{
    static const char *const pats[] = {
        "Domain has crashed: name=(?<name>\\S+)", "crashed", "(XEN) ", "a|b",
        "(?:Out of memory: Kill(?:ed)? process|Killed process) (?<pid>\\d+)",
        "Save failed on domain (?<d>\\S+)|xc_save.*failed|Restore failed",
        "(?<what>kernel|device model) '?(?<path>[^' ]+)'? not found",
        "zz", "end of line$", "^start of line", "(?i)caseless MATCH",
        "netback: (?:fatal|unrecoverable) error on vif (?<id>[0-9a-f]+)",
    };
    static const char *const lines[] = {
        "Domain has crashed: name=vm1 id=3.", "(XEN) Domain has crashed: name=x crashed",
        "Out of memory: Kill process 12 (python)", "Killed process 13 (x)",
        "Out of memory: Killed process 14 (y)", "xc_save: it failed", "Restore failed",
        "Save failed on domain vm2 (3) Restore failed", "kernel '/boot/vmlinuz' not found",
        "device model /usr/bin/qemu not found", "zzzz zz zz", "an end of line",
        "start of line here", "Caseless match", "netback: fatal error on vif 1f",
        "netback: unrecoverable error on vif 2e netback: fatal error on vif 3",
        "nothing to see", "",
    };
    enum { NP = ARRAY_SIZE(pats) };
    struct logscan_query q[NP], *qs[NP];
    struct buf text = BUF_INIT;
    uint64_t want[NP] = { 0 };
    size_t i, k, rep;
    char *re_err;

    (void)state;
    for (rep = 0; rep < 3000; rep++) {
        const char *l = lines[(rep * 7) % ARRAY_SIZE(lines)];
        /* padding moves the lines across 16-byte blocks and slice cuts */
        buf_addf(&text, "%.*s%s\n", (int)(rep % 13), "             ", l);
    }
    for (i = 0; i < NP; i++) {
        /* the reference: pcre2 through the scanner with every line a candidate ('|' at top) */
        struct logscan_query ref, *rp = &ref;
        struct buf alt = BUF_INIT;
        buf_addf(&alt, "(?:%s)|(?!)", pats[i]);
        q_init(&ref, "xend", NULL, alt.data, 0);
        scan(&rp, 1, "xend", text.data, text.len, 0, 0);
        re_err = ref.error;
        assert_null(re_err);
        want[i] = ref.total;
        logscan_query_release(&ref);
        buf_release(&alt);
        q_init(&q[i], "xend", NULL, pats[i], 0);
        qs[i] = &q[i];
    }
    for (k = 0; k < 3; k++) {
        size_t chunk = k == 0 ? 0 : k == 1 ? 4093 : 17;
        scan(qs, NP, "xend", text.data, text.len, chunk, 0);
        for (i = 0; i < NP; i++) {
            if (q[i].total != want[i])
                fail_msg("'%s' chunk %zu: %llu lines, want %llu", pats[i], chunk,
                         (unsigned long long)q[i].total, (unsigned long long)want[i]);
            logscan_query_release(&q[i]);
        }
    }
    assert_true(want[0] > 0 && want[4] > 0 && want[5] > 0 && want[11] > 0);
    buf_release(&text);
}

static void test_named_groups_traceback_time(void **state)
{
    struct logscan_query a, *qs[] = { &a };

    (void)state;
    q_init(&a, "xend", NULL,
           "^VmError: I need (?<need_kib>\\d+) KiB, but dom0_min_mem is (?<min_kib>\\d+)"
           "(?:(?<never>zzz))?", 0);
    scan(qs, 1, "xend", xend_log, strlen(xend_log), 0, 0);
    assert_int_equal(a.count, 1);
    assert_int_equal(a.nevidence, 1);
    assert_int_equal(a.evidence[0].line, 6);
    assert_true(a.evidence[0].has_time);
    /* the ERROR record above the traceback gives the time */
    assert_int_equal(a.evidence[0].time, time_from_utc(2026, 11, 20, 9, 41, 52));
    assert_string_equal(field(&a.evidence[0], "need_kib"), "16740352");
    assert_string_equal(field(&a.evidence[0], "min_kib"), "2097152");
    assert_null(field(&a.evidence[0], "never"));
    assert_true(strncmp(a.evidence[0].text, "VmError: I need", 15) == 0);
    logscan_query_release(&a);
}

static void test_dupnames(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    const char *text = "vm one failed\nfailed vm two\n";

    (void)state;
    q_init(&a, "x", NULL, "vm (?<vm>\\w+) failed|failed vm (?<vm>\\w+)", 0);
    scan(qs, 1, "x", text, strlen(text), 0, 0);
    assert_int_equal(a.count, 2);
    assert_string_equal(field(&a.evidence[0], "vm"), "one");
    assert_string_equal(field(&a.evidence[1], "vm"), "two");
    logscan_query_release(&a);
}

static void test_window(void **state)
{
    struct logscan_query a, b, *qs[] = { &a, &b };
    time_t snap = time_from_utc(2026, 11, 21, 9, 0, 0);
    int early;

    (void)state;
    for (early = 0; early < 2; early++) {
        struct logscan *ls = NULL;
        struct err err = ERR_INIT;

        q_init(&a, "xend", "ERROR", "ERROR", 23 * 3600);   /* 09:41:52 out, 10:15:01 in */
        q_init(&b, "xend", NULL, "VmError", 3600);         /* its time is 09:41:52 the day before */
        assert_int_equal(logscan_new(&ls, qs, 2, &err), 0);
        if (early)
            logscan_set_snapshot(ls, snap);
        logscan_begin(ls, "xend", "xend.log", snap);
        logscan_feed(ls, xend_log, strlen(xend_log));
        logscan_end(ls);
        logscan_finish(ls, snap);
        logscan_free(ls);
        assert_int_equal(a.count, 1);
        assert_int_equal(a.total, 2);
        assert_int_equal(a.first, time_from_utc(2026, 11, 20, 10, 15, 1));
        assert_int_equal(a.last, a.first);
        assert_int_equal(a.nevidence, 1);
        assert_int_equal(a.evidence[0].line, 7);
        assert_false(a.window_approx);
        assert_false(a.evidence_approx);
        assert_int_equal(b.count, 0);
        assert_int_equal(b.nevidence, 0);
        assert_false(b.any_time);
        logscan_query_release(&a);
        logscan_query_release(&b);
    }
    /* snapshot unknown: no window */
    q_init(&a, "xend", "ERROR", "ERROR", 3600);
    scan(qs, 1, "xend", xend_log, strlen(xend_log), 0, 0);
    assert_int_equal(a.count, 2);
    logscan_query_release(&a);
}

static void test_untimed_counts_in_window(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    const char *text = "(XEN) Out of memory\n   (XEN) Out of memory again\n";

    (void)state;
    q_init(&a, "xen-dmesg", NULL, "^\\s*\\(XEN\\) Out of memory", 3600);
    scan(qs, 1, "xen-dmesg", text, strlen(text), 0, time_from_utc(2026, 11, 21, 0, 0, 0));
    assert_int_equal(a.count, 2);
    assert_false(a.any_time);
    assert_false(a.evidence[1].has_time);
    assert_int_equal(a.evidence[1].line, 2);
    logscan_query_release(&a);
}

static void test_evidence_first_last(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    struct buf b = BUF_INIT;
    int i;

    (void)state;
    for (i = 0; i < 20; i++)
        buf_addf(&b, "Nov 20 10:%02d:00 sv095 kernel: o2net: connection to node %d lost\n"
                 "Nov 20 10:%02d:30 sv095 kernel: noise\n", i, i, i);
    q_init(&a, "messages", "o2net", "o2net: connection to node (?<node>\\d+) lost", 0);
    scan(qs, 1, "messages", b.data, b.len, 100, 0);
    assert_int_equal(a.count, 20);
    assert_int_equal(a.nevidence, EVIDENCE_FIRST + EVIDENCE_LAST);
    assert_int_equal(a.evidence[0].line, 1);
    assert_int_equal(a.evidence[2].line, 5);
    assert_int_equal(a.evidence[3].line, 35);
    assert_int_equal(a.evidence[5].line, 39);
    assert_string_equal(field(&a.evidence[5], "node"), "19");
    /* syslog lines take the year of the file's mtime */
    assert_int_equal(a.first, time_from_utc(2026, 11, 20, 10, 0, 0));
    assert_int_equal(a.last, time_from_utc(2026, 11, 20, 10, 19, 0));
    logscan_query_release(&a);

    /* window applied late: the first matches in it had been dropped */
    q_init(&a, "messages", "o2net", "o2net: connection to node (?<node>\\d+) lost", 600);
    scan(qs, 1, "messages", b.data, b.len, 0, time_from_utc(2026, 11, 20, 10, 19, 0));
    assert_int_equal(a.count, 11);
    assert_int_equal(a.first, time_from_utc(2026, 11, 20, 10, 9, 0));
    assert_true(a.evidence_approx);
    assert_int_equal(a.evidence[a.nevidence - 1].line, 39);
    logscan_query_release(&a);
    buf_release(&b);
}

static void test_earliest_not_first_seen(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    const char *text = "[2026-11-20 12:00:00 1] ERROR x\n[2026-11-19 12:00:00 1] ERROR y\n"
                       "[2026-11-21 12:00:00 1] ERROR z\n[2026-11-20 13:00:00 1] ERROR w\n";

    (void)state;
    q_init(&a, "xend", NULL, "ERROR", 0);
    scan(qs, 1, "xend", text, strlen(text), 0, 0);
    assert_int_equal(a.first, time_from_utc(2026, 11, 19, 12, 0, 0));
    assert_int_equal(a.last, time_from_utc(2026, 11, 21, 12, 0, 0));
    logscan_query_release(&a);
}

static void test_crlf(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    const char *text = "[2026-11-20 10:00:00 1] INFO ok\r\n[2026-11-20 10:00:01 1] ERROR bad end\r\n";

    (void)state;
    q_init(&a, "xend", "ERROR", "bad end$", 0);
    scan(qs, 1, "xend", text, strlen(text), 0, 0);
    assert_int_equal(a.count, 1);
    assert_string_equal(a.evidence[0].text, "[2026-11-20 10:00:01 1] ERROR bad end");
    assert_int_equal(a.evidence[0].line, 2);
    logscan_query_release(&a);
}

/* Everything a scan reports, as text, to compare scans. */
static void summary(struct logscan_query **qs, size_t n, struct buf *out)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        buf_addf(out, "q%zu count=%llu total=%llu time=%d %lld %lld lim=%llu\n", i,
                 (unsigned long long)qs[i]->count, (unsigned long long)qs[i]->total,
                 qs[i]->any_time, (long long)qs[i]->first, (long long)qs[i]->last,
                 (unsigned long long)qs[i]->limit_hits);
        for (k = 0; k < qs[i]->nevidence; k++) {
            struct logscan_match *m = &qs[i]->evidence[k];
            buf_addf(out, "  %s:%llu %d %lld [%s] %s\n", m->file, (unsigned long long)m->line,
                     m->has_time, (long long)m->time, m->text,
                     json_object_to_json_string(m->fields));
        }
    }
}

static void test_chunking_invariant(void **state)
{
    struct logscan_query a, b, c, d, *qs[] = { &a, &b, &c, &d };
    static const size_t chunks[] = { 0, 1, 7, 4096 };
    struct buf text = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
    size_t ci, k;

    (void)state;
    for (k = 0; k < 3; k++)
        buf_add(&text, xend_log, strlen(xend_log));
    buf_adds(&text, "Nov 20 11:00:00 sv095 kernel: o2net: connection lost\r\n\r\n\n");
    /* a 200 KB line: matched on its first 64 KiB only */
    buf_adds(&text, "[2026-11-20 11:00:01 1] ERROR long ");
    for (k = 0; k < 200 * 1024; k++)
        buf_addc(&text, (char)('a' + k % 26));
    buf_adds(&text, " TAILMARK\n");
    buf_add(&text, xend_log, strlen(xend_log));
    buf_adds(&text, "VmError: no newline at the end");
    for (ci = 0; ci < ARRAY_SIZE(chunks); ci++) {
        q_init(&a, "xend", "ERROR", "ERROR \\(?(?<what>\\w+)", 0);
        q_init(&b, "xend", NULL, "^VmError: (?<msg>.*)$", 0);
        q_init(&c, "xend", NULL, "TAILMARK", 0);
        q_init(&d, "xend", NULL, "^$", 0);        /* no literal: every line */
        scan(qs, 4, "xend", text.data, text.len, chunks[ci], 0);
        buf_reset(&got);
        summary(qs, 4, &got);
        for (k = 0; k < 4; k++)
            logscan_query_release(qs[k]);
        if (ci == 0) {
            buf_add(&want, got.data, got.len);
            continue;
        }
        if (strcmp(want.data, got.data))
            fail_msg("chunk %zu:\n%s\nwant:\n%s", chunks[ci], got.data, want.data);
    }
    /* sanity of the reference itself */
    assert_non_null(strstr(want.data, "q0 count=9 "));
    assert_non_null(strstr(want.data, "q1 count=5 "));
    assert_non_null(strstr(want.data, "q2 count=0 "));
    assert_non_null(strstr(want.data, "q3 count=2 "));
    buf_release(&text);
    buf_release(&want);
    buf_release(&got);
}

static void test_split_at_every_offset(void **state)
{
    const char *text = xend_log;
    size_t len = strlen(text), cut;
    struct buf want = BUF_INIT, got = BUF_INIT;

    (void)state;
    for (cut = 0; cut <= len; cut++) {
        struct logscan_query a, b, *qs[] = { &a, &b };
        struct logscan *ls = NULL;
        struct err err = ERR_INIT;

        q_init(&a, "xend", "ERROR", "ERROR \\((?<mod>\\w+):", 0);
        q_init(&b, "xend", NULL, "^VmError", 0);
        assert_int_equal(logscan_new(&ls, qs, 2, &err), 0);
        logscan_begin(ls, "xend", "xend.log", 0);
        logscan_feed(ls, text, cut);
        logscan_feed(ls, text + cut, len - cut);
        logscan_end(ls);
        logscan_finish(ls, 0);
        logscan_free(ls);
        buf_reset(&got);
        summary(qs, 2, &got);
        logscan_query_release(&a);
        logscan_query_release(&b);
        if (!cut)
            buf_add(&want, got.data, got.len);
        else if (strcmp(want.data, got.data))
            fail_msg("cut %zu:\n%s\nwant:\n%s", cut, got.data, want.data);
    }
    buf_release(&want);
    buf_release(&got);
}

static void test_two_files(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    const char *rotated = "[2026-11-19 10:00:00 1] ERROR (XendDomainInfo:1 ) x\nVmError: one\n";
    const char *current = "Traceback (most recent call last):\nVmError: two\n";

    (void)state;
    q_init(&a, "xend", NULL, "^VmError: (?<what>\\w+)", 0);
    assert_int_equal(logscan_new(&ls, qs, 1, &err), 0);
    logscan_begin(ls, "xend", "xend.log.1", 0);
    logscan_feed(ls, rotated, strlen(rotated));
    logscan_end(ls);
    logscan_begin(ls, "messages", "messages", 0);     /* no query of this source */
    logscan_feed(ls, "VmError: not here\n", 18);
    logscan_end(ls);
    logscan_begin(ls, "xend", "xend.log", 0);
    logscan_feed(ls, current, strlen(current));
    logscan_end(ls);
    logscan_finish(ls, 0);
    logscan_free(ls);
    assert_int_equal(a.count, 2);
    assert_string_equal(a.evidence[0].file, "xend.log.1");
    assert_int_equal(a.evidence[0].line, 2);
    assert_true(a.evidence[0].has_time);
    assert_string_equal(a.evidence[1].file, "xend.log");
    assert_int_equal(a.evidence[1].line, 2);
    /* a time never crosses into another file */
    assert_false(a.evidence[1].has_time);
    assert_string_equal(field(&a.evidence[1], "what"), "two");
    logscan_query_release(&a);
}

static void test_bad_pattern(void **state)
{
    struct logscan_query a, b, *qs[] = { &a, &b };

    (void)state;
    q_init(&a, "xend", NULL, "ERROR (unclosed", 0);
    q_init(&b, "xend", NULL, "ERROR", 0);
    scan(qs, 2, "xend", xend_log, strlen(xend_log), 0, 0);
    assert_non_null(a.error);
    assert_true(strncmp(a.error, "offset 15: ", 11) == 0);
    assert_int_equal(a.count, 0);
    assert_null(b.error);
    assert_int_equal(b.count, 2);
    logscan_query_release(&a);
    logscan_query_release(&b);
}

static void test_bad_arguments(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;

    (void)state;
    q_init(&a, "xend", NULL, NULL, 0);
    assert_int_equal(logscan_new(&ls, qs, 1, &err), E_INVAL);
    assert_null(ls);
    assert_non_null(strstr(err.msg, "pattern"));
}

static void test_catastrophic_pattern(void **state)
{
    struct logscan_query a, b, *qs[] = { &a, &b };
    struct buf text = BUF_INIT;
    size_t k;

    (void)state;
    for (k = 0; k < 3; k++) {
        size_t j;
        for (j = 0; j < 5000; j++)
            buf_addc(&text, 'a');
        buf_adds(&text, "b\n");
    }
    buf_adds(&text, "aaaa\n");
    q_init(&a, "x", NULL, "(a+)+$", 0);
    q_init(&b, "x", NULL, "b$", 0);
    scan(qs, 2, "x", text.data, text.len, 0, 0);
    assert_int_equal(a.limit_hits, 3);
    assert_int_equal(a.count, 1);
    assert_int_equal(b.count, 3);
    logscan_query_release(&a);
    logscan_query_release(&b);
    buf_release(&text);
}

static void test_time_cap(void **state)
{
    struct logscan_query a, *qs[] = { &a };
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    struct buf text = BUF_INIT;
    time_t base = time_from_utc(2026, 11, 20, 0, 0, 0);
    int i;

    (void)state;
    for (i = 0; i < 100; i++) {
        char iso[32];
        time_format_iso(base + i * 60, iso, sizeof(iso));
        iso[10] = ' ';
        iso[19] = '\0';
        buf_addf(&text, "[%s 1] ERROR tick\n[%s 1] ERROR tock\n", iso, iso);
    }
    q_init(&a, "xend", "ERROR", "ERROR", 30 * 60);
    assert_int_equal(logscan_new(&ls, qs, 1, &err), 0);
    logscan_set_time_cap(ls, 16);
    logscan_begin(ls, "xend", "xend.log", base);
    logscan_feed(ls, text.data, text.len);
    logscan_end(ls);
    logscan_finish(ls, base + 99 * 60);
    logscan_free(ls);
    /* exact total; the window only approximately known past the cap */
    assert_int_equal(a.total, 200);
    assert_true(a.window_approx);
    assert_int_equal(a.last, base + 99 * 60);
    assert_true(a.count >= 62);
    logscan_query_release(&a);
    buf_release(&text);
}

static void test_example_host_logs(void **state)
{
    static const char *files[] = {
        "examples/ovm-host/root/var/log/xen/xend.log",
        "examples/ovm-host/root/var/log/xen/xend.log.1",
    };
    struct logscan_query a, b, *qs[] = { &a, &b };
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    size_t i, len;

    (void)state;
    q_init(&a, "xend", "VmError", "VmError: I need (?<need_kib>\\d+) KiB", 0);
    q_init(&b, "xend", "ERROR", "ERROR \\(XendDomainInfo:\\d+\\s*\\) VM start failed", 0);
    assert_int_equal(logscan_new(&ls, qs, 2, &err), 0);
    for (i = 0; i < ARRAY_SIZE(files); i++) {
        char *data = test_read_file(files[i], &len);
        assert_non_null(data);      /* run from the top of the tree */
        logscan_begin(ls, "xend", files[i] + strlen("examples/ovm-host/"), 0);
        logscan_feed(ls, data, len);
        logscan_end(ls);
        free(data);
    }
    logscan_finish(ls, 0);
    logscan_free(ls);
    assert_true(a.count >= 1);
    assert_string_equal(a.evidence[0].file, "root/var/log/xen/xend.log");
    assert_true(a.evidence[0].has_time);
    assert_string_equal(field(&a.evidence[0], "need_kib"), "16740352");
    assert_true(b.count >= 1);
    logscan_query_release(&a);
    logscan_query_release(&b);
}

/* keep: the latest N matches come back as records, in scan order, whatever the chunking;
 * with a window, only those inside it. */
static void test_keep_records(void **state)
{
    struct logscan_query a, b, none, *qs[] = { &a, &b, &none };
    struct buf text;
    size_t i;

    (void)state;
    buf_init(&text);
    for (i = 0; i < 50; i++)
        buf_addf(&text, "[2026-11-%02zu 10:00:00 1] ERROR (X:1) failure %zu\n", 1 + i % 28, i);
    q_init(&a, "xend", "ERROR", "failure (?<n>\\d+)", 0);
    a.keep = 4;
    q_init(&b, "xend", "ERROR", "failure (?<n>\\d+)", 3 * 86400);
    b.keep = 100;
    q_init(&none, "xend", "ERROR", "failure", 0);
    scan(qs, 3, "xend", text.data, text.len, 7, time_from_utc(2026, 11, 28, 12, 0, 0));
    assert_int_equal(a.total, 50);
    assert_int_equal(a.nrecords, 4);
    for (i = 0; i < 4; i++)
        assert_int_equal(strtol(field(&a.records[i], "n"), NULL, 10), 46 + (long)i);
    assert_true(a.records[3].has_time);
    assert_int_equal(a.records[3].line, 50);
    /* the window reaches back to the 25th, 12:00: the lines of the 26th to the 28th (25-27) */
    assert_int_equal(b.count, 3);
    assert_int_equal(b.nrecords, 3);
    for (i = 0; i < b.nrecords; i++)
        assert_true(b.records[i].time >= time_from_utc(2026, 11, 25, 12, 0, 0));
    assert_int_equal(none.nrecords, 0);
    assert_null(none.records);
    logscan_query_release(&a);
    logscan_query_release(&b);
    logscan_query_release(&none);
    buf_release(&text);
}

/* A literal that another query of the source already searches for is shared (and freed by the
 * group); the query's later alternatives must not look at it again (a use after free, found by
 * clang-tidy, that ASan saw only with this shape). */
static void test_shared_literal_alternatives(void **state)
{
    struct logscan_query a, b, *qs[] = { &a, &b };
    static const char text[] =
        "x could not connect here\n"
        "y bridge missing there\n"
        "z nothing\n";

    (void)state;
    q_init(&a, "hotplug", NULL, "could not connect", 0);
    q_init(&b, "hotplug", NULL, "could not connect|bridge missing|could not connect", 0);
    scan(qs, 2, "hotplug", text, sizeof(text) - 1, 0, 0);
    assert_int_equal(a.total, 1);
    assert_int_equal(b.total, 2);
    logscan_query_release(&a);
    logscan_query_release(&b);
}

/* Several files, two sources, lines timed and not, a line longer than LOGSCAN_LINE_MAX and
 * feeds both smaller and larger than a batch: one thread or four, Hyperscan or the portable
 * search, the results are the same (the parts are merged in the order of the text). */
/* Feed text in pieces of chunk bytes, through logscan_feed() or logscan_reserve()/commit(). */
static void feed_pieces(struct logscan *ls, const struct buf *t, size_t chunk, bool reserve)
{
    size_t off, k, cap;
    char *dst;

    for (off = 0; off < t->len; off += k) {
        k = t->len - off < chunk ? t->len - off : chunk;
        if (!reserve) {
            logscan_feed(ls, t->data + off, k);
            continue;
        }
        dst = logscan_reserve(ls, &cap);
        if (!dst) {                     /* one thread, or a file no query reads: feed */
            logscan_feed(ls, t->data + off, k);
            continue;
        }
        assert_true(cap >= 4096);
        if (k > cap)
            k = cap;
        memcpy(dst, t->data + off, k);
        logscan_commit(ls, k);
    }
}

static void scan_files(size_t threads, size_t chunk, bool reserve, const struct buf *big,
                       const struct buf *small, struct buf *out)
{
    struct logscan_query q[6], *qs[6];
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    static const char *const names[] = { "xend.log.1", "messages", "xend.log", "xend.log.2" };
    size_t f, i, k;

    q_init(&q[0], "xend", NULL, "ERROR \\((?<mod>\\w+):(?<line>\\d+)", 0);
    q_init(&q[1], "xend", NULL, "^VmError: (?<msg>.*)$", 86400);
    q_init(&q[2], "xend", "Balloon", "need (?<kib>\\d+)", 0);
    q_init(&q[3], "xend", NULL, "^$", 0);
    q_init(&q[4], "messages", NULL, "o2net: (?<what>connection lost|no longer)", 0);
    q_init(&q[5], "xend", NULL, "TAILMARK|Adding Domain: (?<id>\\d+)", 0);
    q[5].keep = 7;
    q[1].keep = 3;
    for (i = 0; i < 6; i++)
        qs[i] = &q[i];
    assert_int_equal(logscan_new(&ls, qs, 6, &err), 0);
    logscan_set_threads(ls, threads);
    for (f = 0; f < ARRAY_SIZE(names); f++) {
        const struct buf *t = f == 1 || f == 3 ? small : big;
        logscan_begin(ls, f == 1 ? "messages" : "xend", names[f],
                      time_from_utc(2026, 11, 22, 0, 0, 0));
        feed_pieces(ls, t, chunk, reserve);
        if (f != 2)            /* a file left without logscan_end() keeps its own lines */
            logscan_end(ls);
    }
    logscan_end(ls);
    logscan_finish(ls, time_from_utc(2026, 11, 21, 12, 0, 0));
    logscan_free(ls);
    summary(qs, 6, out);
    for (i = 0; i < 6; i++) {
        for (k = 0; k < q[i].nrecords; k++)
            buf_addf(out, "  rec %s:%llu %lld [%s]\n", q[i].records[k].file,
                     (unsigned long long)q[i].records[k].line, (long long)q[i].records[k].time,
                     q[i].records[k].text);
        logscan_query_release(&q[i]);
    }
}

static void test_threads_agree(void **state)
{
    static const size_t threads[] = { 1, 2, 4 };
    static const size_t chunks[] = { (size_t)1 << 30, 65536, 4093 };
    struct buf big = BUF_INIT, small = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
    size_t t, c, k, hs, r;

    (void)state;
    /* about 3 MiB: several batches and parts */
    for (k = 0; big.len < 3 * 1024 * 1024; k++) {
        buf_add(&big, xend_log, strlen(xend_log));
        buf_addf(&big, "untimed line %zu\nNov 20 11:%02zu:00 sv095 kernel: o2net: no longer\n\n",
                 k, k % 60);
        if (k == 7000) {
            size_t j;
            buf_adds(&big, "[2026-11-20 11:00:01 1] ERROR (long:1) ");
            for (j = 0; j < 100 * 1024; j++)
                buf_addc(&big, (char)('a' + j % 26));
            buf_adds(&big, " TAILMARK\n");
        }
    }
    buf_adds(&big, "VmError: no newline at the end");
    buf_adds(&small, "Nov 21 13:00:00 sv095 kernel: o2net: connection lost\nVmError: small\n");
    for (hs = 0; hs < 2; hs++) {
        if (hs)
            setenv("OVMDIAG_NO_HYPERSCAN", "1", 1);
        for (t = 0; t < ARRAY_SIZE(threads); t++)
            for (c = 0; c < ARRAY_SIZE(chunks) * 2; c++) {
                r = c >= ARRAY_SIZE(chunks);      /* the second round through reserve/commit */
                buf_reset(&got);
                scan_files(threads[t], chunks[c % ARRAY_SIZE(chunks)], r, &big, &small, &got);
                if (!want.len) {
                    buf_add(&want, got.data, got.len);
                    continue;
                }
                if (strcmp(want.data, got.data))
                    fail_msg("threads %zu chunk %zu reserve %zu portable %zu:\n%s\nwant:\n%s",
                             threads[t], chunks[c % ARRAY_SIZE(chunks)], r, hs, got.data,
                             want.data);
            }
    }
    unsetenv("OVMDIAG_NO_HYPERSCAN");
    /* the reference is not empty: every query matched, in every file it reads */
    for (k = 0; k < 6; k++) {
        char tag[32];
        snprintf(tag, sizeof(tag), "q%zu count=0 ", k);
        assert_null(strstr(want.data, tag));
    }
    assert_non_null(strstr(want.data, "xend.log.2:"));
    assert_non_null(strstr(want.data, "messages:"));
    buf_release(&big);
    buf_release(&small);
    buf_release(&want);
    buf_release(&got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hint_and_pattern),
        cmocka_unit_test(test_literal_extraction),
        cmocka_unit_test(test_named_groups_traceback_time),
        cmocka_unit_test(test_dupnames),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_untimed_counts_in_window),
        cmocka_unit_test(test_evidence_first_last),
        cmocka_unit_test(test_earliest_not_first_seen),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_chunking_invariant),
        cmocka_unit_test(test_split_at_every_offset),
        cmocka_unit_test(test_two_files),
        cmocka_unit_test(test_bad_pattern),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_catastrophic_pattern),
        cmocka_unit_test(test_time_cap),
        cmocka_unit_test(test_example_host_logs),
        cmocka_unit_test(test_keep_records),
        cmocka_unit_test(test_shared_literal_alternatives),
        cmocka_unit_test(test_prefilter_counts),
        cmocka_unit_test(test_threads_agree),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
