/* SPDX-License-Identifier: MIT */
/* rulefile.c: line-by-line parser and checker of one .rule file. Collects every problem of the
 * file instead of stopping at the first; never prints, never compiles jq or pcre2. */
#include "engine/rulefile.h"
#include "analyzers/logsources.h"
#include "engine/template.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/xalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Subjects quoted in messages are cut to this many bytes: a 1 MB key must not make a 1 MB
 * message. */
#define SUBJECT_MAX 60

enum section {
    SEC_NONE,
    SEC_RULE,
    SEC_WHEN,
    SEC_FOREACH,
    SEC_LOG,
    SEC_MESSAGE,
    SEC_SKIP,        /* unknown or repeated section: its lines are ignored */
};

enum key {
    K_ID,
    K_TITLE,
    K_SEVERITY,
    K_REQUIRES,
    K_REMEDY,
    K_LINK,
    K_HEURISTIC,
    K_SCOPE,
    K_REV,
    K_SOURCE,
    K_HINT,
    K_PATTERN,
    K_WINDOW,
    K_MIN,
    K_FAIL,
    K_PASS,
    K_SUBJECT,
};

static const struct keydef {
    enum section sec;
    const char *name;
    enum key key;
} keydefs[] = {
    { SEC_RULE, "id", K_ID },
    { SEC_RULE, "title", K_TITLE },
    { SEC_RULE, "severity", K_SEVERITY },
    { SEC_RULE, "requires", K_REQUIRES },
    { SEC_RULE, "remedy", K_REMEDY },
    { SEC_RULE, "link", K_LINK },
    { SEC_RULE, "heuristic", K_HEURISTIC },
    { SEC_RULE, "scope", K_SCOPE },
    { SEC_RULE, "rev", K_REV },
    { SEC_LOG, "source", K_SOURCE },
    { SEC_LOG, "hint", K_HINT },
    { SEC_LOG, "pattern", K_PATTERN },
    { SEC_LOG, "window", K_WINDOW },
    { SEC_LOG, "min", K_MIN },
    { SEC_MESSAGE, "fail", K_FAIL },
    { SEC_MESSAGE, "pass", K_PASS },
    { SEC_MESSAGE, "subject", K_SUBJECT },
};

struct parser {
    const char *file;
    struct rule_problems *probs;
    size_t nprobs;           /* added by this file */
    bool stop;               /* too many problems */
    char quoted[2][SUBJECT_MAX * 2 + 8];
    int next_quoted;

    struct rule_def r;
    size_t requires_alloc, links_alloc, logs_alloc;
    enum section sec;
    size_t sec_line;
    uint32_t seen;           /* keys given in the current section, 1u << enum key */
    size_t rule_line, when_line, foreach_line, message_line;   /* 0: section not seen */

    /* the key = value being read (continuation lines append to it) */
    bool val_open;
    enum key val_key;
    size_t val_line;
    struct buf val;

    /* the [when] / [foreach] body being read */
    struct buf body;
    size_t body_line;
};

/* ---- problems ------------------------------------------------------------------------- */

static void probs_add(struct rule_problems *p, char *msg)
{
    XGROW(p->msgs, p->alloc, p->n + 1);
    p->msgs[p->n++] = msg;
}

static void problem(struct parser *p, size_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void problem(struct parser *p, size_t line, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    char msg[512];
    va_list ap;

    if (p->stop)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (p->nprobs == RULEFILE_MAX_PROBLEMS) {
        buf_addf(&b, "%s:%zu: too many problems; the rest of the file is not checked", p->file,
                 line);
        p->stop = true;
    } else {
        buf_addf(&b, "%s:%zu: %s", p->file, line, msg);
    }
    probs_add(p->probs, buf_detach(&b, NULL));
    p->nprobs++;
}

/* s[0..n) made fit to quote in a message: control bytes become '?', long text is cut (at a
 * UTF-8 character boundary) and ends in "...". Borrowed until the second next call. */
static const char *subj(struct parser *p, const char *s, size_t n)
{
    char *q = p->quoted[p->next_quoted];
    size_t i, cut = n;

    p->next_quoted = !p->next_quoted;
    if (n > SUBJECT_MAX) {
        cut = SUBJECT_MAX;
        while (cut && ((unsigned char)s[cut] & 0xc0) == 0x80)
            cut--;
    }
    for (i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)s[i];

        q[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (cut < n) {
        memcpy(q + cut, "...", 3);
        cut += 3;
    }
    q[cut] = '\0';
    return q;
}

static const char *subjs(struct parser *p, const char *s)
{
    return subj(p, s, strlen(s));
}

/* ---- small parsers -------------------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static void trim(const char **s, size_t *n)
{
    while (*n && (is_blank(**s) || **s == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
        (*n)--;
}

/* Length of the id at the start of s ("MEM-012"), or 0. */
static size_t id_prefix_len(const char *s, size_t n)
{
    size_t i = 0, d;

    while (i < n && is_upper(s[i]))
        i++;
    if (!i || i >= n || s[i] != '-')
        return 0;
    i++;
    for (d = 0; i < n && is_digit(s[i]); d++)
        i++;
    return d == 3 || d == 4 ? i : 0;
}

static bool id_valid(const char *s)
{
    size_t n = strlen(s);

    return id_prefix_len(s, n) == n;
}

/* A decimal integer >= 1 that fits in an int. */
static bool positive_int(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t i;

    if (!*s)
        return false;
    for (i = 0; s[i]; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
        if (v > INT_MAX)
            return false;
    }
    if (v < 1)
        return false;
    *out = v;
    return true;
}

const char *scope_name(enum rule_scope s)
{
    return s == SCOPE_POOL ? "pool" : "host";
}

const char *severity_name(enum severity s)
{
    switch (s) {
    case SEV_INFO:
        return "info";
    case SEV_WARNING:
        return "warning";
    case SEV_CRITICAL:
        return "critical";
    }
    return "unknown";
}

bool severity_parse(const char *s, enum severity *out)
{
    static const enum severity all[] = { SEV_INFO, SEV_WARNING, SEV_CRITICAL };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(all); i++) {
        if (!strcmp(s, severity_name(all[i]))) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

bool duration_parse(const char *s, int64_t *seconds_out)
{
    int64_t v = 0, unit;
    size_t i;

    for (i = 0; is_digit(s[i]); i++) {
        if (v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (!i || !s[i] || s[i + 1])
        return false;
    switch (s[i]) {
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = 86400;
        break;
    default:
        return false;
    }
    if (v < 1 || v > INT64_MAX / unit)
        return false;
    *seconds_out = v * unit;
    return true;
}

/* ---- lifecycle ------------------------------------------------------------------------ */

void rule_def_init(struct rule_def *r)
{
    memset(r, 0, sizeof(*r));
}

static void free_strv(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void rule_def_release(struct rule_def *r)
{
    size_t i;

    free(r->file);
    free(r->id);
    free(r->title);
    free(r->remedy);
    free_strv(r->requires, r->nrequires);
    free_strv(r->links, r->nlinks);
    free(r->when);
    free(r->foreach);
    for (i = 0; i < r->nlogs; i++) {
        free(r->logs[i].name);
        free(r->logs[i].source);
        free(r->logs[i].hint);
        free(r->logs[i].pattern);
    }
    free(r->logs);
    free(r->fail);
    free(r->pass);
    free(r->subject);
    rule_def_init(r);
}

void rule_problems_init(struct rule_problems *p)
{
    p->msgs = NULL;
    p->n = p->alloc = 0;
}

void rule_problems_release(struct rule_problems *p)
{
    free_strv(p->msgs, p->n);
    rule_problems_init(p);
}

/* ---- values --------------------------------------------------------------------------- */

static const char *section_title(struct parser *p)
{
    switch (p->sec) {
    case SEC_RULE:
        return "[rule]";
    case SEC_MESSAGE:
        return "[message]";
    case SEC_LOG:
        return subjs(p, p->r.logs[p->r.nlogs - 1].name);
    default:
        return "?";
    }
}

static const char *key_name(enum key k)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(keydefs); i++)
        if (keydefs[i].key == k)
            return keydefs[i].name;
    return "?";
}

/* Where a section is named in a message: "[rule]", "[log hotplug]". */
static void where(struct parser *p, char *out, size_t size)
{
    if (p->sec == SEC_LOG)
        snprintf(out, size, "[log %s]", section_title(p));
    else
        snprintf(out, size, "%s", section_title(p));
}

static void check_template(struct parser *p, enum key k, const char *v, size_t line)
{
    struct err err = ERR_INIT;
    struct tmpl_part *parts;
    size_t n;

    if (template_split(v, &parts, &n, &err) < 0) {
        problem(p, line, "'%s': %s", key_name(k), err.msg);
        return;
    }
    template_parts_free(parts, n);
}

static void set_requires(struct parser *p, const char *v, size_t line)
{
    const char *s = v;

    while (*s) {
        size_t n = 0;

        while (is_blank(*s))
            s++;
        while (s[n] && !is_blank(s[n]))
            n++;
        if (!n)
            break;
        if (s[0] != '.')
            problem(p, line, "bad requires entry '%s': expected a fact path such as "
                    "'.dom0.mem_mb'", subj(p, s, n));
        XGROW(p->r.requires, p->requires_alloc, p->r.nrequires + 1);
        p->r.requires[p->r.nrequires++] = xstrndup(s, n);
        s += n;
    }
}

/* The open value is complete: check it and store it. */
static void value_flush(struct parser *p)
{
    struct rule_log *lg = p->sec == SEC_LOG ? &p->r.logs[p->r.nlogs - 1] : NULL;
    char *v;
    size_t line = p->val_line;
    int64_t n;

    if (!p->val_open)
        return;
    p->val_open = false;
    v = buf_detach(&p->val, NULL);
    if (!*v) {
        problem(p, line, "empty value for '%s'", key_name(p->val_key));
        free(v);
        return;
    }
    if (!lg && (p->val_key == K_SOURCE || p->val_key == K_HINT || p->val_key == K_PATTERN ||
                p->val_key == K_WINDOW || p->val_key == K_MIN)) {
        /* the key table allows these only in [log NAME]; say so rather than trust it */
        problem(p, line, "'%s' belongs in a [log NAME] section", key_name(p->val_key));
        free(v);
        return;
    }
    switch (p->val_key) {
    case K_ID:
        if (!id_valid(v)) {
            problem(p, line, "bad id '%s': expected AREA-NNN such as 'MEM-012'", subjs(p, v));
        } else {
            const char *base = strrchr(p->file, '/');
            size_t blen;

            base = base ? base + 1 : p->file;
            blen = id_prefix_len(base, strlen(base));
            if (blen && !(base[blen] >= 'a' && base[blen] <= 'z') && !is_upper(base[blen]) &&
                (blen != strlen(v) || memcmp(base, v, blen)))
                problem(p, line, "id '%s' does not match the file name '%s'", subjs(p, v),
                        subjs(p, base));
        }
        p->r.id = v;
        return;
    case K_TITLE:
        p->r.title = v;
        return;
    case K_REMEDY:
        p->r.remedy = v;
        return;
    case K_SEVERITY:
        if (!severity_parse(v, &p->r.severity))
            problem(p, line, "unknown severity '%s': expected critical, warning or info",
                    subjs(p, v));
        break;
    case K_REQUIRES:
        set_requires(p, v, line);
        break;
    case K_LINK:
        XGROW(p->r.links, p->links_alloc, p->r.nlinks + 1);
        p->r.links[p->r.nlinks++] = v;
        return;
    case K_HEURISTIC:
        if (!strcmp(v, "true"))
            p->r.heuristic = true;
        else if (!strcmp(v, "false"))
            p->r.heuristic = false;
        else
            problem(p, line, "bad heuristic '%s': expected true or false", subjs(p, v));
        break;
    case K_SCOPE:
        if (!strcmp(v, "host"))
            p->r.scope = SCOPE_HOST;
        else if (!strcmp(v, "pool"))
            p->r.scope = SCOPE_POOL;
        else
            problem(p, line, "bad scope '%s': expected host or pool", subjs(p, v));
        break;
    case K_REV:
        if (positive_int(v, &n))
            p->r.rev = (int)n;
        else
            problem(p, line, "bad rev '%s': expected an integer >= 1", subjs(p, v));
        break;
    case K_SOURCE:
        if (!log_source_named(v))
            problem(p, line, "unknown log source '%s'", subjs(p, v));
        lg->source = v;
        return;
    case K_HINT:
        lg->hint = v;
        return;
    case K_PATTERN:
        lg->pattern = v;
        lg->pattern_line = line;
        return;
    case K_WINDOW:
        if (!duration_parse(v, &lg->window_s))
            problem(p, line, "bad window '%s': expected a duration such as 30s, 15m, 24h "
                    "or 7d", subjs(p, v));
        break;
    case K_MIN:
        if (positive_int(v, &n))
            lg->min = n;
        else
            problem(p, line, "bad min '%s': expected an integer >= 1", subjs(p, v));
        break;
    case K_FAIL:
        check_template(p, K_FAIL, v, line);
        p->r.fail = v;
        p->r.fail_line = line;
        return;
    case K_PASS:
        check_template(p, K_PASS, v, line);
        p->r.pass = v;
        p->r.pass_line = line;
        return;
    case K_SUBJECT:
        check_template(p, K_SUBJECT, v, line);
        p->r.subject = v;
        p->r.subject_line = line;
        return;
    }
    free(v);
}

/* Append s[0..n) to the open value, trimmed, after one space. In [rule] a value ends at a
 * blank followed by '#'. */
static void value_add(struct parser *p, const char *s, size_t n)
{
    size_t i;

    if (p->sec == SEC_RULE) {
        for (i = 0; i < n; i++) {
            if (s[i] == '#' && i > 0 && is_blank(s[i - 1])) {
                n = i;
                break;
            }
        }
    }
    trim(&s, &n);
    if (!n)
        return;
    if (p->val.len)
        buf_addc(&p->val, ' ');
    buf_add(&p->val, s, n);
}

/* A "key = value" line of [rule], [log NAME] or [message]. */
static void key_line(struct parser *p, const char *s, size_t n, size_t lineno)
{
    const char *eq = memchr(s, '=', n);
    const char *k = s;
    size_t klen, i;
    char w[SUBJECT_MAX + 16];

    value_flush(p);
    if (p->sec == SEC_NONE) {
        problem(p, lineno, "text outside a section: expected a header such as [rule]");
        return;
    }
    if (p->sec == SEC_RULE) {
        /* a comment after the key: "id # x = y" has no '=' before it */
        for (i = 1; i < n && (!eq || s + i < eq); i++) {
            if (s[i] == '#' && is_blank(s[i - 1])) {
                eq = NULL;
                break;
            }
        }
    }
    klen = eq ? (size_t)(eq - s) : 0;
    trim(&k, &klen);
    if (!eq || !klen) {
        problem(p, lineno, "expected 'key = value', got '%s'", subj(p, s, n));
        return;
    }
    where(p, w, sizeof(w));
    for (i = 0; i < ARRAY_SIZE(keydefs); i++)
        if (keydefs[i].sec == p->sec && strlen(keydefs[i].name) == klen &&
            !memcmp(keydefs[i].name, k, klen))
            break;
    if (i == ARRAY_SIZE(keydefs)) {
        problem(p, lineno, "unknown key '%s' in %s", subj(p, k, klen), w);
        return;
    }
    if (keydefs[i].key != K_LINK && (p->seen & (1u << keydefs[i].key))) {
        problem(p, lineno, "duplicate key '%s' in %s", keydefs[i].name, w);
        return;
    }
    p->seen |= 1u << keydefs[i].key;
    p->val_open = true;
    p->val_key = keydefs[i].key;
    p->val_line = lineno;
    buf_reset(&p->val);
    eq++;
    value_add(p, eq, n - (size_t)(eq - s));
}

/* ---- sections ------------------------------------------------------------------------- */

static void require_key(struct parser *p, enum key k)
{
    char w[SUBJECT_MAX + 16];

    if (p->seen & (1u << k))
        return;
    where(p, w, sizeof(w));
    problem(p, p->sec_line, "missing key '%s' in %s", key_name(k), w);
}

static void section_close(struct parser *p)
{
    char *body;

    value_flush(p);
    switch (p->sec) {
    case SEC_RULE:
        require_key(p, K_ID);
        require_key(p, K_TITLE);
        require_key(p, K_SEVERITY);
        break;
    case SEC_LOG:
        require_key(p, K_SOURCE);
        require_key(p, K_PATTERN);
        break;
    case SEC_MESSAGE:
        require_key(p, K_FAIL);
        break;
    case SEC_WHEN:
    case SEC_FOREACH:
        if (!p->body.len) {
            problem(p, p->sec_line, "empty expression in %s",
                    p->sec == SEC_WHEN ? "[when]" : "[foreach]");
            break;
        }
        body = buf_detach(&p->body, NULL);
        if (p->sec == SEC_WHEN) {
            p->r.when = body;
            p->r.when_line = p->body_line;
        } else {
            p->r.foreach = body;
            p->r.foreach_line = p->body_line;
        }
        break;
    default:
        break;
    }
    buf_reset(&p->body);
    p->body_line = 0;
    p->seen = 0;
    p->sec = SEC_NONE;
}

static bool is_name_char(char c)
{
    return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '_';
}

/* A line in the shape of a section header: '[' in column 1, letters, digits, '_', '-' and
 * blanks up to ']', then only blanks or a '#' comment. [when] bodies use this to tell a header
 * from a jq line such as "[.vms[] | .id] | length > 1". */
static bool header_shape(const char *s, size_t n, size_t *close_out)
{
    size_t i;

    if (!n || s[0] != '[')
        return false;
    for (i = 1; i < n && s[i] != ']'; i++)
        if (!is_name_char(s[i]) && s[i] != '-' && !is_blank(s[i]))
            return false;
    if (i == n)
        return false;
    *close_out = i;
    for (i++; i < n && is_blank(s[i]); i++)
        ;
    return i == n || s[i] == '#';
}

static size_t *section_seen_line(struct parser *p, enum section sec)
{
    switch (sec) {
    case SEC_RULE:
        return &p->rule_line;
    case SEC_WHEN:
        return &p->when_line;
    case SEC_FOREACH:
        return &p->foreach_line;
    default:
        return &p->message_line;
    }
}

static void section_open(struct parser *p, const char *name, size_t n, size_t lineno)
{
    static const struct {
        const char *name;
        enum section sec;
    } fixed[] = {
        { "rule", SEC_RULE },
        { "when", SEC_WHEN },
        { "foreach", SEC_FOREACH },
        { "message", SEC_MESSAGE },
    };
    size_t i, *seen;

    section_close(p);
    trim(&name, &n);
    p->sec = SEC_SKIP;
    p->sec_line = lineno;
    for (i = 0; i < ARRAY_SIZE(fixed); i++)
        if (strlen(fixed[i].name) == n && !memcmp(fixed[i].name, name, n))
            break;
    if (i < ARRAY_SIZE(fixed)) {
        seen = section_seen_line(p, fixed[i].sec);
        if (*seen) {
            problem(p, lineno, "duplicate section '[%s]' (first at line %zu)", fixed[i].name,
                    *seen);
            return;
        }
        if ((fixed[i].sec == SEC_WHEN && p->foreach_line) ||
            (fixed[i].sec == SEC_FOREACH && p->when_line)) {
            problem(p, lineno, "both [when] and [foreach]: a rule uses one of them");
            return;
        }
        *seen = lineno;
        p->sec = fixed[i].sec;
        if (p->sec == SEC_RULE)
            p->r.line = lineno;
        return;
    }
    if (n >= 3 && !memcmp(name, "log", 3) && (n == 3 || is_blank(name[3]))) {
        struct rule_log *lg;

        name += 3;
        n -= 3;
        trim(&name, &n);
        if (!n) {
            problem(p, lineno, "missing log name: expected [log NAME]");
            return;
        }
        for (i = 0; i < n && is_name_char(name[i]); i++)
            ;
        if (i < n) {
            problem(p, lineno, "bad log name '%s': use letters, digits and '_'",
                    subj(p, name, n));
            return;
        }
        for (i = 0; i < p->r.nlogs; i++) {
            if (strlen(p->r.logs[i].name) == n && !memcmp(p->r.logs[i].name, name, n)) {
                problem(p, lineno, "duplicate section '[log %s]' (first at line %zu)",
                        subj(p, name, n), p->r.logs[i].line);
                return;
            }
        }
        XGROW(p->r.logs, p->logs_alloc, p->r.nlogs + 1);
        lg = &p->r.logs[p->r.nlogs++];
        memset(lg, 0, sizeof(*lg));
        lg->name = xstrndup(name, n);
        lg->min = 1;
        lg->line = lineno;
        p->sec = SEC_LOG;
        return;
    }
    problem(p, lineno, "unknown section '[%s]'", subj(p, name, n));
}

/* ---- lines ---------------------------------------------------------------------------- */

static void body_line(struct parser *p, const char *s, size_t n, size_t lineno)
{
    const char *t = s;
    size_t tn = n;

    trim(&t, &tn);
    if (!tn || t[0] == '#')
        return;
    while (n && (is_blank(s[n - 1]) || s[n - 1] == '\r'))
        n--;
    if (p->body.len)
        buf_addc(&p->body, '\n');
    else
        p->body_line = lineno;
    buf_add(&p->body, s, n);
}

static void one_line(struct parser *p, const char *s, size_t n, size_t lineno)
{
    const char *t = s;
    size_t tn = n, close;

    if (memchr(s, '\0', n)) {
        problem(p, lineno, "NUL byte in the line");
        return;
    }
    trim(&t, &tn);
    if (p->sec == SEC_WHEN || p->sec == SEC_FOREACH) {
        if (header_shape(s, n, &close))
            section_open(p, s + 1, close - 1, lineno);
        else
            body_line(p, s, n, lineno);
        return;
    }
    if (!tn) {
        /* a blank line ends a value: an indented line after it is not a continuation */
        value_flush(p);
        return;
    }
    if (t[0] == '#')
        return;
    if (s[0] == '[') {
        if (header_shape(s, n, &close))
            section_open(p, s + 1, close - 1, lineno);
        else
            problem(p, lineno, "malformed section header '%s'", subj(p, s, n));
        return;
    }
    if (p->sec == SEC_SKIP)
        return;
    if (is_blank(s[0])) {
        if (p->val_open)
            value_add(p, s, n);
        else if (p->sec != SEC_NONE)
            problem(p, lineno, "continuation line without a key");
        else
            problem(p, lineno, "text outside a section: expected a header such as [rule]");
        return;
    }
    key_line(p, s, n, lineno);
}

/* Checks over the whole file, after the last line. */
static void file_checks(struct parser *p, size_t last_line)
{
    size_t at = p->rule_line ? p->rule_line : 1;

    if (!p->rule_line)
        problem(p, 1, "missing section [rule]");
    if (!p->when_line && !p->foreach_line && !p->r.nlogs)
        problem(p, at, "no [when], [foreach] or [log NAME] section: the rule tests nothing");
    if (p->r.scope == SCOPE_POOL && p->r.nlogs)
        problem(p, p->r.logs[0].line, "[log %s] in a pool rule: a pool rule reads the pool "
                "facts (pool.evictions and the hosts' facts); log sections belong to host rules",
                subjs(p, p->r.logs[0].name));
    if (!p->message_line)
        problem(p, last_line ? last_line : 1, "missing section [message] with a 'fail' "
                "template");
}

int rulefile_parse(const char *file, const char *text, size_t len, struct rule_def *out,
                   struct rule_problems *probs)
{
    struct parser p;
    size_t lineno = 0;
    const char *s = text, *end = text + len;
    int rc;

    memset(&p, 0, sizeof(p));
    p.file = file;
    p.probs = probs;
    rule_def_init(&p.r);
    p.r.rev = 1;
    buf_init(&p.val);
    buf_init(&p.body);
    if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
        s += 3;
    while (s < end && !p.stop) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

        lineno++;
        if (n && s[n - 1] == '\r')
            n--;
        one_line(&p, s, n, lineno);
        s = nl ? nl + 1 : end;
    }
    if (!p.stop) {
        section_close(&p);
        file_checks(&p, lineno);
    }
    if (p.nprobs) {
        rc = E_PARSE;
        goto out;
    }
    p.r.file = xstrdup(file);
    *out = p.r;
    rule_def_init(&p.r);
    rc = 0;
out:
    rule_def_release(&p.r);
    buf_release(&p.val);
    buf_release(&p.body);
    return rc;
}
