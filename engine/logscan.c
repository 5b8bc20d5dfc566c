/* SPDX-License-Identifier: MIT */
/* logscan.c: one pass over each log for all the queries of its source. Text is scanned in slices
 * of whole lines for each query's literal; only a hit is expanded to its line, timed and given to
 * pcre2. Memory stays bounded whatever the input: no line is buffered beyond LOGSCAN_LINE_MAX. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "engine/logscan.h"
#include "lib/buf.h"
#include "lib/forkguard.h"
#include "lib/thread.h"
#include "lib/timeutil.h"
#include "lib/xalloc.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>

#include "lib/banned.h"

/* Slices of whole lines handed to the prefilter: bounds the hit list whatever the feed size. */
#define SLICE_MAX (256 * 1024)
/* Matches kept from the end of the scan when the window is not yet known. */
#define EVIDENCE_RING 8
/* pcre2 budget per line: a hostile line gives up instead of running for minutes. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 5000
/* Enough of a line to read its time. */
#define TIME_HEAD 64
#define ALL_LINES ((uint32_t)-1)
/* Text for more than one thread is copied into parts of about this size (at least one line). */
#define PART_MAX (128 * 1024)
/* logscan_reserve() gives at least this much room (else the part is queued); an unfinished line
 * (at most LOGSCAN_LINE_MAX + 1 bytes are kept) always leaves that much in a part. */
#define RESERVE_MIN (32 * 1024)
_Static_assert(LOGSCAN_LINE_MAX + 1 + RESERVE_MIN <= PART_MAX, "a part holds a line and room");
#define THREADS_MAX 4

struct cand {
    uint64_t seq;
    size_t file;
    uint64_t line;
    bool has_time;
    time_t time;
    size_t textlen;
    char text[LOGSCAN_TEXT_MAX + 1];
    struct buf fields;            /* "name\0value\0" pairs */
};

struct tcount {
    int64_t t;
    uint64_t n;
};

struct lq {
    struct logscan_query *q;
    pcre2_code *re;
    uint32_t namecount, nameentry;
    PCRE2_SPTR nametable;
    /* scan state */
    uint64_t all;                 /* matches in the whole log */
    uint64_t seq;                 /* matches seen (in the window, with an early snapshot) */
    uint64_t untimed;
    bool any_time;
    time_t tmin, tmax;
    struct tcount *times;
    size_t ntimes, times_alloc;
    bool times_full;
    uint64_t over_n;              /* matches beyond the time cap */
    time_t over_min, over_max;
    struct cand first[EVIDENCE_FIRST];
    size_t nfirst;
    struct cand ring[EVIDENCE_RING];
    uint64_t nring;               /* pushes into ring */
    struct cand *kept;            /* q->keep latest matches, a ring; NULL when keep is 0 */
    size_t keep;
    uint64_t nkept;               /* pushes into kept */
};

struct lit {
    char *s;
    size_t len, anchor;           /* anchor: offset of the rarest byte, searched with memchr */
    size_t *qs;
    size_t nq;
};

/* Literals of at least WM_MIN bytes are searched together (Wu-Manber): a window of wm_m bytes
 * slides over the text by shift[last two bytes of the window]; a shift of 0 means the window may
 * end the first wm_m bytes of a literal, and bucket[those two bytes] lists the literals to verify.
 * Shorter literals are searched one by one for their rarest byte (memchr). */
#define WM_MIN 6
#define WM_MAX 32
/* Literals under WM_LONG bytes get their own table, so that they do not shorten the shifts of
 * the long ones. */
#define WM_LONG 12

struct wm {
    size_t m;                     /* window: the shortest literal of the table, at most WM_MAX */
    uint8_t *shift;               /* 65536 */
    uint32_t *head;               /* 65536: 1 + first index in chain, 0 none */
    uint32_t *chain;              /* per literal: its lit index, then next (1-based) */
};

struct group {
    char *source;
    struct lit *lits;
    size_t nlits;
    size_t *all;                  /* queries without a literal: every line is a candidate */
    size_t nall;
    struct wm wm[2];              /* literals of [WM_MIN, WM_LONG) bytes, and longer */
    size_t *short_lits;           /* the literals under WM_MIN */
    size_t nshort;
#ifdef HAVE_HYPERSCAN
    /* every literal of the group in one Hyperscan database (its Teddy/FDR engines search a
     * hundred literals several times faster than the Wu-Manber tables); NULL: the portable
     * search above */
    hs_database_t *hs;
    size_t hs_maxlen;             /* the longest literal */
#endif
};

struct hit {
    size_t ls;                    /* line start, offset in the slice */
    size_t end;                   /* end of the literal hit */
    uint32_t lit;
};

/* A match (or a line pcre2 gave up on) found in a part of the text, kept until the main
 * thread records the parts in order. */
struct event {
    uint32_t qi;
    bool limit;                   /* pcre2 gave up on the line: no match recorded */
    bool inherit;                 /* no timed line above it in the part: the time before it */
    bool has_time;
    time_t time;
    size_t off, len;              /* the line, from the part's start */
    uint64_t lineno;              /* from the part's start, 1-based */
    size_t ov;                    /* its ovector: part.ov[ov .. ov + 2 * pairs) */
};

enum part_state { PART_FREE, PART_FILLING, PART_QUEUED, PART_SCANNING, PART_DONE };

/* Whole lines of one file and, once scanned, what the merge needs of them: the events, the
 * line count and the time of its last timed line. */
struct part {
    enum part_state state;
    struct buf text;              /* the lines, each ending in '\n' (a filling part may end in an
                                   * unfinished line, from tail on) */
    size_t tail;
    const char *base;             /* the text scanned (text.data, or the caller's) */
    const struct group *g;
    int year;
    size_t file;
    uint64_t lines;
    bool time_known;              /* a timed line was seen in the part: has_time/time hold */
    bool has_time;
    time_t time;
    struct event *ev;
    size_t nev, ev_alloc;
    PCRE2_SIZE *ov;
    size_t nov, ov_alloc;
};

/* What one thread needs to scan parts: the prefilter's hits and pcre2's match data. The main
 * thread has one and each worker one. */
struct scanner {
    struct logscan *ls;
    struct hit *hits;
    size_t nhits, hits_alloc;
    size_t *last_hit;             /* per literal: line start of its last hit in the slice, +1 */
    pcre2_match_data **md;        /* per query */
    uint64_t *tried;              /* per query: the stamp of the line last tried */
    uint64_t stamp;               /* lines tried so far: a query is tried once per line */
#ifdef HAVE_HYPERSCAN
    hs_scratch_t *hs_scratch;     /* fits every group's database */
#endif
    struct part *out;             /* the part being scanned */
};

/* More than one thread: the main thread fills parts in a ring, in the order of the text;
 * workers scan any queued part; the main thread records the oldest once scanned (and scans
 * queued parts itself rather than wait). Idle workers are woken when WAKE_PARTS parts are
 * queued, not at every part: a wake per 128 KiB part was a context switch per part. */
#define NPARTS 8
#define WAKE_PARTS (NPARTS / 2)

struct workers {
    pthread_t *threads;
    struct scanner *sc;
    size_t n;                     /* started */
    pthread_mutex_t mu;
    pthread_cond_t queued, done;
    bool quit;
    size_t idle;                  /* workers waiting for parts */
    struct part parts[NPARTS];
    size_t head, used;            /* the oldest part not yet recorded; parts in use from it */
};

struct logscan {
    struct lq *qs;
    size_t n;
    struct group *groups;
    size_t ngroups;
    pcre2_match_context *mctx;
    time_t snapshot_early;
    size_t time_cap;
    char **files;
    size_t nfiles, files_alloc;
    /* the current file */
    struct group *cur;
    size_t cur_file;
    int year;
    struct buf carry;             /* a line started in an earlier feed, cut at LOGSCAN_LINE_MAX */
    bool partial;
    size_t max_lits;              /* the most literals of a group */
    /* threads */
    size_t nthreads;              /* wanted, the main thread included */
    struct scanner main;
    struct part direct;           /* one thread: the part scanned in place */
    struct workers *w;            /* started on the first text for more than one thread */
    bool skip_long;               /* threads: dropping the rest of a line kept to its head */
    /* the merge: the file whose parts it records, and where it is in that file */
    size_t merge_file;
    bool merging;
    uint64_t lineno;              /* lines before the next part */
    bool has_time;                /* time of the last timed line so far */
    time_t time;
};

/* ---- literals ---- */

/* How common a byte is in log text (higher: more common); the prefilter searches each literal
 * for its rarest byte. Times, padding and punctuation of the line prefixes are everywhere. */
static int byte_score(unsigned char c)
{
    if (c == ' ')
        return 100;
    if (c >= '0' && c <= '9')
        return 90;
    if (strchr(":-.,[]()/_='", c))
        return 85;
    if (c >= 'a' && c <= 'z')
        return strchr("etaoinsrhldcu", c) ? 60 : 40;
    if (c >= 'A' && c <= 'Z')
        return strchr("DEBUGINFOXRW", c) ? 45 : 25;
    return 20;
}

static size_t rarest(const char *s, size_t len)
{
    size_t i, best = 0;

    for (i = 1; i < len; i++)
        if (byte_score((unsigned char)s[i]) < byte_score((unsigned char)s[best]))
            best = i;
    return best;
}

/* The first occurrence of l in [p, end), or NULL. */
static const char *lit_find(const struct lit *l, const char *p, const char *end)
{
    const char *a;
    unsigned char c = (unsigned char)l->s[l->anchor];

    if ((size_t)(end - p) < l->len)
        return NULL;
    p += l->anchor;
    end -= l->len - l->anchor - 1;
    while (p < end && (a = memchr(p, c, (size_t)(end - p)))) {
        const char *at = a - l->anchor;
        /* the ends first: most anchor hits are not the literal */
        if (at[0] == l->s[0] && at[l->len - 1] == l->s[l->len - 1] && !memcmp(at, l->s, l->len))
            return at;
        p = a + 1;
    }
    return NULL;
}

static bool is_quant_brace(const char *p)
{
    /* {n}, {n,}, {n,m}: anything else is a literal '{' */
    if (*p++ != '{' || *p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == ',')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    return *p == '}';
}

/* Skip a character class starting at p ('['); returns the character after it. */
static const char *skip_class(const char *p)
{
    p++;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1])
            p += 2;
        else if (*p == '[' && p[1] == ':') {
            const char *e = strstr(p + 2, ":]");
            p = e ? e + 2 : p + 1;
        } else
            p++;
    }
    return *p ? p + 1 : p;
}

/* The ')' closing the group opened at p ('('), or NULL; *alt is set when the group has an
 * alternation at its own level. */
static const char *group_end(const char *p, bool *alt)
{
    int depth = 0;

    *alt = false;
    while (*p) {
        if (*p == '\\' && p[1]) {
            p += 2;
            continue;
        }
        if (*p == '[') {
            p = skip_class(p);
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p;
        else if (*p == '|' && depth == 1)
            *alt = true;
        p++;
    }
    return NULL;
}

/* A group that is always matched as a whole: capturing or (?:), (?<name>), (?P<name>), no
 * alternation inside, no quantifier after. Its text continues the runs around it. Returns the
 * length of its opening, or 0 when the group must be skipped (optional, alternation,
 * lookaround, options...). */
static size_t group_transparent(const char *p)
{
    const char *e, *o = p + 1;
    bool alt;

    if (p[1] == '?') {
        if (p[2] == ':')
            o = p + 3;
        else if ((p[2] == '<' && p[3] != '=' && p[3] != '!') || (p[2] == 'P' && p[3] == '<')) {
            o = strchr(p, '>');
            if (!o)
                return 0;
            o++;
        } else {
            return 0;
        }
    }
    e = group_end(p, &alt);
    if (!e || alt || e[1] == '*' || e[1] == '?' || e[1] == '+' || e[1] == '{')
        return 0;
    return (size_t)(o - p);
}

char *logscan_pattern_literal(const char *pattern)
{
    struct buf run = BUF_INIT, best = BUF_INIT;
    const char *p = pattern;
    int depth = 0, open = 0;
    char *out = NULL;

#define END_RUN()                                  \
    do {                                           \
        if (run.len > best.len) {                  \
            buf_reset(&best);                      \
            buf_add(&best, run.data, run.len);     \
        }                                          \
        buf_reset(&run);                           \
    } while (0)

    while (*p) {
        char c = *p;

        if (c == '(') {
            /* inline options: caseless or extended text does not match as written */
            if (p[1] == '?') {
                const char *o = p + 2;
                while (*o && strchr("imnsxUJ-^", *o)) {
                    if (*o == 'i' || *o == 'x')
                        goto out;
                    o++;
                }
            }
            if (depth == 0) {
                size_t skip = group_transparent(p);
                if (skip) {
                    open++;
                    p += skip;
                    continue;
                }
                END_RUN();
            }
            depth++;
            p++;
            continue;
        }
        if (c == ')') {
            if (depth > 0)
                depth--;
            else if (open > 0)
                open--;
            else
                END_RUN();
            p++;
            continue;
        }
        if (c == '[') {
            if (depth == 0)
                END_RUN();
            p = skip_class(p);
            continue;
        }
        if (c == '\\') {
            unsigned char e = (unsigned char)p[1];
            if (!e) {
                p++;
                continue;
            }
            if (e == 'Q' || e == 'E' || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                (e >= '0' && e <= '9') || depth > 0) {
                if (depth == 0)
                    END_RUN();
            } else if (p[2] == '*' || p[2] == '?' || (p[2] == '{' && is_quant_brace(p + 2))) {
                END_RUN();
            } else {
                buf_addc(&run, (char)e);
            }
            p += 2;
            continue;
        }
        if (depth > 0) {
            p++;
            continue;
        }
        if (c == '|')
            goto out;       /* a literal must be in every alternative */
        if (c == '*' || c == '?' || c == '+' || (c == '{' && is_quant_brace(p))) {
            /* the quantified char is optional (kept for '+'), and ends the run */
            if (c != '+' && run.len && p > pattern && p[-1] != ')' && p[-1] != ']')
                buf_truncate(&run, run.len - 1);
            END_RUN();
            if (c == '{')
                while (*p && *p != '}')
                    p++;
            p++;
            while (*p == '?' || *p == '+')   /* lazy or possessive */
                p++;
            continue;
        }
        if (c == '.' || c == '^' || c == '$') {
            END_RUN();
            p++;
            continue;
        }
        buf_addc(&run, c);
        p++;
    }
    END_RUN();
    if (best.len)
        out = buf_detach(&best, NULL);
out:
#undef END_RUN
    buf_release(&run);
    buf_release(&best);
    return out;
}

#define LITS_MAX 16

static void lits_push(char ***lits, size_t *n, char *lit)
{
    *lits = xrealloc(*lits, (*n + 1) * sizeof(**lits));
    (*lits)[(*n)++] = lit;
}

/* The literals of one alternative (no top-level '|') into lits: its own literal, or when that is
 * short or missing and it has a group of alternatives A(X|Y)B, the literals of AXB and AYB.
 * False when there is none for some way of matching. */
static bool alt_literals(const char *alt, char ***lits, size_t *n, int depth_left)
{
    char *lit = logscan_pattern_literal(alt);
    size_t len = lit ? strlen(lit) : 0, n0 = *n, i, minlen = (size_t)-1;
    const char *p = alt, *g = NULL, *e = NULL, *body = NULL;
    bool ok = true, alt_in;
    int depth = 0;

    if (len >= WM_LONG || depth_left <= 0)
        goto own;
    /* the first group at top level, unquantified, with alternatives */
    while (*p && !g) {
        if (*p == '\\' && p[1]) {
            p += 2;
            continue;
        }
        if (*p == '[') {
            p = skip_class(p);
            continue;
        }
        if (*p == '(' && depth == 0) {
            const char *ge = group_end(p, &alt_in);
            if (ge && alt_in && ge[1] != '*' && ge[1] != '?' && ge[1] != '+' && ge[1] != '{') {
                if (p[1] != '?')
                    body = p + 1;
                else if (p[2] == ':')
                    body = p + 3;
                else if ((p[2] == '<' && p[3] != '=' && p[3] != '!') || (p[2] == 'P' && p[3] == '<'))
                    body = strchr(p, '>') + 1;
                if (body) {
                    g = p;
                    e = ge;
                    break;
                }
            }
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        p++;
    }
    if (!g)
        goto own;
    {
        const char *q = body, *start = body;
        int d = 0;
        for (;; q++) {
            if (q < e && *q == '\\' && q[1]) {
                q++;
                continue;
            }
            if (q < e && *q == '[') {
                q = skip_class(q) - 1;
                continue;
            }
            if (q < e && *q == '(')
                d++;
            else if (q < e && *q == ')')
                d--;
            if (q == e || (*q == '|' && d == 0)) {
                struct buf b = BUF_INIT;
                buf_add(&b, alt, (size_t)(g - alt));
                buf_add(&b, start, (size_t)(q - start));
                buf_adds(&b, e + 1);
                ok = *n < LITS_MAX && alt_literals(b.data, lits, n, depth_left - 1);
                buf_release(&b);
                if (!ok || q == e)
                    break;
                start = q + 1;
            }
        }
    }
    for (i = n0; ok && i < *n; i++)
        if (strlen((*lits)[i]) < minlen)
            minlen = strlen((*lits)[i]);
    if (ok && *n <= LITS_MAX && (!lit || minlen > len)) {
        free(lit);
        return true;
    }
    while (*n > n0)
        free((*lits)[--*n]);
own:
    if (!lit)
        return false;
    lits_push(lits, n, lit);
    return true;
}

/* The literals of pattern, one per top-level alternative (a line that matches contains one of
 * them), in *out; false when an alternative has none (or options change the case): every line
 * is then a candidate. */
static bool pattern_literals(const char *pattern, char ***out, size_t *n)
{
    const char *p = pattern, *start = pattern, *o;
    char **lits = NULL;
    size_t nl = 0, i;
    int depth = 0;
    bool ok = true;

    *out = NULL;
    *n = 0;
    /* caseless or extended anywhere may reach across the alternatives */
    for (o = strstr(pattern, "(?"); o; o = strstr(o + 2, "(?")) {
        const char *q = o + 2;
        while (*q && strchr("imnsxUJ-^", *q)) {
            if (*q == 'i' || *q == 'x')
                return false;
            q++;
        }
    }
    for (;;) {
        if (*p == '\\' && p[1]) {
            p += 2;
            continue;
        }
        if (*p == '[') {
            p = skip_class(p);
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        if (!*p || (*p == '|' && depth == 0)) {
            char *alt = xstrndup(start, (size_t)(p - start));
            ok = alt_literals(alt, &lits, &nl, 3) && nl <= LITS_MAX;
            free(alt);
            if (!ok)
                break;
            if (!*p)
                break;
            start = p + 1;
        }
        p++;
    }
    if (!ok) {
        for (i = 0; i < nl; i++)
            free(lits[i]);
        free(lits);
        return false;
    }
    *out = lits;
    *n = nl;
    return true;
}

/* ---- setup ---- */

static struct group *group_named(struct logscan *ls, const char *source)
{
    size_t i;

    for (i = 0; i < ls->ngroups; i++)
        if (!strcmp(ls->groups[i].source, source))
            return &ls->groups[i];
    return NULL;
}

static void group_add(struct logscan *ls, size_t qi, char *lit)
{
    struct group *g = group_named(ls, ls->qs[qi].q->source);
    struct lit *l;
    size_t i;

    if (!g) {
        ls->groups = xrealloc(ls->groups, (ls->ngroups + 1) * sizeof(*ls->groups));
        g = &ls->groups[ls->ngroups++];
        memset(g, 0, sizeof(*g));
        g->source = xstrdup(ls->qs[qi].q->source);
    }
    if (!lit) {
        g->all = xrealloc(g->all, (g->nall + 1) * sizeof(*g->all));
        g->all[g->nall++] = qi;
        return;
    }
    /* queries with the same literal share one search */
    for (i = 0; i < g->nlits && strcmp(g->lits[i].s, lit); i++)
        ;
    if (i < g->nlits) {
        free(lit);
        l = &g->lits[i];
    } else {
        g->lits = xrealloc(g->lits, (g->nlits + 1) * sizeof(*g->lits));
        l = &g->lits[g->nlits++];
        memset(l, 0, sizeof(*l));
        l->s = lit;
        l->len = strlen(lit);
        l->anchor = rarest(l->s, l->len);
    }
    l->qs = xrealloc(l->qs, (l->nq + 1) * sizeof(*l->qs));
    l->qs[l->nq++] = qi;
}

static void compile_query(struct logscan *ls, size_t qi)
{
    struct lq *lq = &ls->qs[qi];
    struct logscan_query *q = lq->q;
    int errcode;
    PCRE2_SIZE erroff;
    PCRE2_UCHAR msg[256];
    char **lits;
    size_t nlits, i, k;

    lq->re = pcre2_compile((PCRE2_SPTR)q->pattern, PCRE2_ZERO_TERMINATED, PCRE2_DUPNAMES,
                           &errcode, &erroff, NULL);
    if (!lq->re) {
        struct buf b = BUF_INIT;
        if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
            buf_addf(&b, "offset %zu: pcre2 error %d", (size_t)erroff, errcode);
        else
            buf_addf(&b, "offset %zu: %s", (size_t)erroff, (const char *)msg);
        q->error = buf_detach(&b, NULL);
        return;
    }
    /* without JIT (unsupported platform, no memory) pcre2_match() interprets: slower, same result */
    /* OVMDIAG_NO_JIT: the interpreter instead, for valgrind, which cannot follow JIT code and
     * reports its every branch as a jump on uninitialised memory */
    if (!getenv("OVMDIAG_NO_JIT"))
        (void)pcre2_jit_compile(lq->re, PCRE2_JIT_COMPLETE);
    pcre2_pattern_info(lq->re, PCRE2_INFO_NAMECOUNT, &lq->namecount);
    pcre2_pattern_info(lq->re, PCRE2_INFO_NAMEENTRYSIZE, &lq->nameentry);
    pcre2_pattern_info(lq->re, PCRE2_INFO_NAMETABLE, &lq->nametable);
    if (q->hint && *q->hint) {
        group_add(ls, qi, xstrdup(q->hint));
    } else if (pattern_literals(q->pattern, &lits, &nlits)) {
        /* the same literal twice (two alternatives) is one search; drop the repeats before
         * group_add() takes (and may free) the others */
        for (i = 0; i < nlits; i++) {
            for (k = 0; k < i && !(lits[k] && !strcmp(lits[k], lits[i])); k++)
                ;
            if (k < i) {
                free(lits[i]);
                lits[i] = NULL;
            }
        }
        for (i = 0; i < nlits; i++)
            if (lits[i])
                group_add(ls, qi, lits[i]);
        free(lits);
    } else {
        group_add(ls, qi, NULL);
    }
}

static size_t wm_table(const struct lit *l)
{
    return l->len >= WM_LONG;
}

#ifdef HAVE_HYPERSCAN
/* One Hyperscan literal database over all of g's literals (ids: literal indexes). False when
 * Hyperscan cannot serve (a CPU without SSSE3, OVMDIAG_NO_HYPERSCAN set, a compile or memory
 * failure): the portable search then runs, with the same results. */
static bool group_build_hs(struct group *g)
{
    const char **exprs;
    unsigned *ids, *flags;
    size_t *lens, i;
    hs_compile_error_t *cerr = NULL;
    hs_error_t r;

    if (!g->nlits || g->nlits > UINT32_MAX || getenv("OVMDIAG_NO_HYPERSCAN") ||
        hs_valid_platform() != HS_SUCCESS)
        return false;
    exprs = xcalloc(g->nlits, sizeof(*exprs));
    ids = xcalloc(g->nlits, sizeof(*ids));
    flags = xcalloc(g->nlits, sizeof(*flags));
    lens = xcalloc(g->nlits, sizeof(*lens));
    for (i = 0; i < g->nlits; i++) {
        exprs[i] = g->lits[i].s;
        ids[i] = (unsigned)i;
        lens[i] = g->lits[i].len;
        if (lens[i] > g->hs_maxlen)
            g->hs_maxlen = lens[i];
    }
    r = hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)g->nlits, HS_MODE_BLOCK, NULL,
                             &g->hs, &cerr);
    free(exprs);
    free(ids);
    free(flags);
    free(lens);
    if (r != HS_SUCCESS) {
        hs_free_compile_error(cerr);
        g->hs = NULL;
        return false;
    }
    return true;
}
#endif

/* The portable prefilter of g: the Wu-Manber tables over its literals of WM_MIN bytes or more
 * and a memchr search for the shorter ones. */
static void group_build_wm(struct group *g)
{
    size_t i, j, t, nwm[2] = { 0, 0 };

    g->wm[0].m = g->wm[1].m = WM_MAX;
    for (i = 0; i < g->nlits; i++) {
        if (g->lits[i].len >= WM_MIN) {
            t = wm_table(&g->lits[i]);
            nwm[t]++;
            if (g->lits[i].len < g->wm[t].m)
                g->wm[t].m = g->lits[i].len;
        } else {
            g->short_lits = xrealloc(g->short_lits, (g->nshort + 1) * sizeof(*g->short_lits));
            g->short_lits[g->nshort++] = i;
        }
    }
    for (t = 0; t < 2; t++) {
        struct wm *w = &g->wm[t];
        size_t m = w->m, k = 0;
        if (!nwm[t]) {
            w->m = 0;
            continue;
        }
        w->shift = xmalloc(65536);
        memset(w->shift, (int)(m - 1), 65536);
        w->head = xcalloc(65536, sizeof(*w->head));
        w->chain = xcalloc(2 * nwm[t], sizeof(*w->chain));
        for (i = 0; i < g->nlits; i++) {
            const unsigned char *l = (const unsigned char *)g->lits[i].s;
            if (g->lits[i].len < WM_MIN || wm_table(&g->lits[i]) != t)
                continue;
            for (j = 1; j < m; j++) {
                unsigned h = l[j - 1] | (unsigned)l[j] << 8;
                if (w->shift[h] > m - 1 - j)
                    w->shift[h] = (uint8_t)(m - 1 - j);
            }
            j = l[m - 2] | (unsigned)l[m - 1] << 8;
            w->chain[2 * k] = (uint32_t)i;
            w->chain[2 * k + 1] = w->head[j];
            w->head[j] = (uint32_t)k + 1;
            k++;
        }
    }
}

/* The result fields of q, whatever they held (the caller releases earlier results first). */
static void results_zero(struct logscan_query *q)
{
    q->count = q->total = 0;
    q->any_time = false;
    q->first = q->last = 0;
    q->evidence = NULL;
    q->nevidence = 0;
    q->records = NULL;
    q->nrecords = 0;
    q->window_approx = q->evidence_approx = false;
    q->limit_hits = 0;
    q->error = NULL;
}

static void scanner_init(struct scanner *sc, struct logscan *ls)
{
    size_t i;

    sc->ls = ls;
    sc->last_hit = xcalloc(ls->max_lits ? ls->max_lits : 1, sizeof(*sc->last_hit));
    sc->md = xcalloc(ls->n ? ls->n : 1, sizeof(*sc->md));
    sc->tried = xcalloc(ls->n ? ls->n : 1, sizeof(*sc->tried));
    for (i = 0; i < ls->n; i++) {
        if (!ls->qs[i].re)
            continue;
        sc->md[i] = pcre2_match_data_create_from_pattern(ls->qs[i].re, NULL);
        if (!sc->md[i])
            BUG("pcre2 match data");
    }
}

static void scanner_release(struct scanner *sc)
{
    size_t i;

    if (!sc->ls)
        return;
    for (i = 0; i < sc->ls->n; i++)
        pcre2_match_data_free(sc->md[i]);
    free(sc->md);
    free(sc->tried);
    free(sc->last_hit);
    free(sc->hits);
#ifdef HAVE_HYPERSCAN
    hs_free_scratch(sc->hs_scratch);
#endif
    memset(sc, 0, sizeof(*sc));
}

static void part_release(struct part *pt)
{
    buf_release(&pt->text);
    free(pt->ev);
    free(pt->ov);
}

/* The prefilter of each group (Hyperscan when it can serve, else the portable search) and the
 * main thread's scanner. */
static void groups_build(struct logscan *ls)
{
    size_t i;

    for (i = 0; i < ls->ngroups; i++) {
        struct group *g = &ls->groups[i];
        if (g->nlits > ls->max_lits)
            ls->max_lits = g->nlits;
#ifdef HAVE_HYPERSCAN
        /* one scratch serves every database it was allocated for */
        if (group_build_hs(g)) {
            if (hs_alloc_scratch(g->hs, &ls->main.hs_scratch) == HS_SUCCESS)
                continue;
            hs_free_database(g->hs);
            g->hs = NULL;
        }
#endif
        group_build_wm(g);
    }
    scanner_init(&ls->main, ls);
}

int logscan_new(struct logscan **out, struct logscan_query **queries, size_t n, struct err *err)
{
    struct logscan *ls = NULL;
    size_t i;
    int rc;

    for (i = 0; i < n; i++)
        if (!queries[i] || !queries[i]->source || !queries[i]->pattern || queries[i]->window_s < 0)
            return err_set(err, E_INVAL, "log query %zu: source and pattern are required", i);
    ls = xcalloc(1, sizeof(*ls));
    buf_init(&ls->carry);
    buf_init(&ls->direct.text);
    ls->nthreads = thread_count(THREADS_MAX);
    ls->time_cap = LOGSCAN_TIMES_CAP;
    ls->mctx = pcre2_match_context_create(NULL);
    if (!ls->mctx) {
        rc = err_set(err, E_INTERNAL, "pcre2: cannot create a match context");
        goto out;
    }
    pcre2_set_match_limit(ls->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(ls->mctx, DEPTH_LIMIT);
    ls->qs = xcalloc(n ? n : 1, sizeof(*ls->qs));
    ls->n = n;
    for (i = 0; i < n; i++) {
        size_t k;
        ls->qs[i].q = queries[i];
        for (k = 0; k < EVIDENCE_FIRST; k++)
            buf_init(&ls->qs[i].first[k].fields);
        for (k = 0; k < EVIDENCE_RING; k++)
            buf_init(&ls->qs[i].ring[k].fields);
        ls->qs[i].keep = queries[i]->keep < LOGSCAN_KEEP_MAX ? queries[i]->keep : LOGSCAN_KEEP_MAX;
        if (ls->qs[i].keep) {
            ls->qs[i].kept = xcalloc(ls->qs[i].keep, sizeof(*ls->qs[i].kept));
            for (k = 0; k < ls->qs[i].keep; k++)
                buf_init(&ls->qs[i].kept[k].fields);
        }
        results_zero(queries[i]);
        compile_query(ls, i);
    }
    groups_build(ls);
    *out = ls;
    ls = NULL;
    rc = 0;
out:
    logscan_free(ls);
    return rc;
}

void logscan_set_snapshot(struct logscan *ls, time_t snapshot)
{
    ls->snapshot_early = snapshot;
}

void logscan_set_threads(struct logscan *ls, size_t n)
{
    if (ls->w)
        return;
    ls->nthreads = n == 0 ? thread_count(THREADS_MAX) : n > THREADS_MAX ? THREADS_MAX : n;
}

void logscan_set_time_cap(struct logscan *ls, size_t cap)
{
    ls->time_cap = cap < 4 ? 4 : cap;
}

static void workers_stop(struct logscan *ls);

void logscan_free(struct logscan *ls)
{
    size_t i, k, a;

    if (!ls)
        return;
    workers_stop(ls);
    for (i = 0; i < ls->n; i++) {
        struct lq *lq = &ls->qs[i];
        pcre2_code_free(lq->re);
        free(lq->times);
        for (k = 0; k < EVIDENCE_FIRST; k++)
            buf_release(&lq->first[k].fields);
        for (k = 0; k < EVIDENCE_RING; k++)
            buf_release(&lq->ring[k].fields);
        for (k = 0; k < lq->keep; k++)
            buf_release(&lq->kept[k].fields);
        free(lq->kept);
    }
    free(ls->qs);
    for (i = 0; i < ls->ngroups; i++) {
        struct group *g = &ls->groups[i];
        for (k = 0; k < g->nlits; k++) {
            free(g->lits[k].s);
            free(g->lits[k].qs);
        }
        free(g->lits);
        free(g->all);
        for (a = 0; a < 2; a++) {
            free(g->wm[a].shift);
            free(g->wm[a].head);
            free(g->wm[a].chain);
        }
        free(g->short_lits);
        free(g->source);
#ifdef HAVE_HYPERSCAN
        hs_free_database(g->hs);
#endif
    }
    free(ls->groups);
    scanner_release(&ls->main);
    for (i = 0; i < ls->nfiles; i++)
        free(ls->files[i]);
    free(ls->files);
    buf_release(&ls->carry);
    part_release(&ls->direct);
    pcre2_match_context_free(ls->mctx);
    free(ls);
}

/* ---- matching ---- */

static bool line_time(int year, const char *p, size_t len, time_t *t)
{
    return len && logtime_parse(p, len < TIME_HEAD ? len : TIME_HEAD, year, t);
}

static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static void cand_fill(struct lq *lq, struct cand *c, const char *line, size_t len,
                      const PCRE2_SIZE *ov, uint64_t seq, size_t file, uint64_t lineno,
                      bool has_time, time_t t)
{
    PCRE2_SPTR e = lq->nametable;
    uint32_t i;

    c->seq = seq;
    c->file = file;
    c->line = lineno;
    c->has_time = has_time;
    c->time = t;
    c->textlen = utf8_cut(line, len, LOGSCAN_TEXT_MAX);
    memcpy(c->text, line, c->textlen);
    c->text[c->textlen] = '\0';
    buf_reset(&c->fields);
    for (i = 0; i < lq->namecount; i++, e += lq->nameentry) {
        uint32_t g = ((uint32_t)e[0] << 8) | e[1];
        const char *name = (const char *)(e + 2);
        size_t off = 0, vlen;

        if (ov[2 * g] == PCRE2_UNSET)
            continue;
        /* with DUPNAMES the first set group of a name wins */
        if (i > 0 && !strcmp(name, (const char *)(e - lq->nameentry + 2))) {
            bool seen = false;
            while (off < c->fields.len) {
                size_t nl = strlen(c->fields.data + off);
                if (!strcmp(c->fields.data + off, name))
                    seen = true;
                off += nl + 1;
                off += strlen(c->fields.data + off) + 1;
            }
            if (seen)
                continue;
        }
        vlen = utf8_cut(line + ov[2 * g], ov[2 * g + 1] - ov[2 * g], LOGSCAN_TEXT_MAX);
        buf_add(&c->fields, name, strlen(name) + 1);
        buf_add(&c->fields, line + ov[2 * g], vlen);
        buf_addc(&c->fields, '\0');
    }
}

static int tcount_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct tcount *)a)->t, y = ((const struct tcount *)b)->t;

    return x < y ? -1 : x > y;
}

/* Sort the kept times and merge equal ones (a log read out of order repeats seconds). */
static void times_compact(struct lq *lq)
{
    size_t i, j = 0;

    qsort(lq->times, lq->ntimes, sizeof(*lq->times), tcount_cmp);
    for (i = 0; i < lq->ntimes; i++) {
        if (j && lq->times[j - 1].t == lq->times[i].t)
            lq->times[j - 1].n += lq->times[i].n;
        else
            lq->times[j++] = lq->times[i];
    }
    lq->ntimes = j;
}

static void times_add(struct logscan *ls, struct lq *lq, time_t t)
{
    if (lq->ntimes && lq->times[lq->ntimes - 1].t == (int64_t)t) {
        lq->times[lq->ntimes - 1].n++;
        return;
    }
    if (!lq->times_full && lq->ntimes == ls->time_cap) {
        times_compact(lq);
        if (lq->ntimes > ls->time_cap / 4 * 3)
            lq->times_full = true;
    }
    if (lq->times_full) {
        if (!lq->over_n || t < lq->over_min)
            lq->over_min = t;
        if (!lq->over_n || t > lq->over_max)
            lq->over_max = t;
        lq->over_n++;
        return;
    }
    if (lq->ntimes == lq->times_alloc) {
        size_t na = lq->times_alloc ? lq->times_alloc * 2 : 64;
        if (na > ls->time_cap)
            na = ls->time_cap;
        lq->times = xrealloc(lq->times, na * sizeof(*lq->times));
        lq->times_alloc = na;
    }
    lq->times[lq->ntimes].t = t;
    lq->times[lq->ntimes].n = 1;
    lq->ntimes++;
}

static void record(struct logscan *ls, struct lq *lq, size_t file, const char *line, size_t len,
                   const PCRE2_SIZE *ov, uint64_t lineno, bool has_time, time_t t)
{
    struct cand *c;

    if (ls->snapshot_early && lq->q->window_s && has_time &&
        t < ls->snapshot_early - (time_t)lq->q->window_s)
        return;
    if (has_time) {
        if (!lq->any_time || t < lq->tmin)
            lq->tmin = t;
        if (!lq->any_time || t > lq->tmax)
            lq->tmax = t;
        lq->any_time = true;
        if (!ls->snapshot_early)
            times_add(ls, lq, t);
    } else {
        lq->untimed++;
    }
    if (lq->keep)
        cand_fill(lq, &lq->kept[lq->nkept++ % lq->keep], line, len, ov, lq->seq, file,
                  lineno, has_time, t);
    if (lq->nfirst < EVIDENCE_FIRST)
        c = &lq->first[lq->nfirst++];
    else
        c = &lq->ring[lq->nring++ % EVIDENCE_RING];
    cand_fill(lq, c, line, len, ov, lq->seq++, file, lineno, has_time, t);
}

static struct event *event_add(struct scanner *sc, size_t qi, const char *line, size_t len,
                               uint64_t lineno, int time_state, time_t t)
{
    struct part *pt = sc->out;
    struct event *e;

    XGROW(pt->ev, pt->ev_alloc, pt->nev + 1);
    e = &pt->ev[pt->nev++];
    memset(e, 0, sizeof(*e));
    e->qi = (uint32_t)qi;
    e->off = (size_t)(line - pt->base);
    e->len = len;
    e->lineno = lineno;
    e->inherit = time_state < 0;
    e->has_time = time_state > 0;
    e->time = t;
    return e;
}

/* Run query qi on a candidate line (once per line); time_state: 1 timed (t), 0 untimed, -1 the
 * time from before the part. A match or a give-up becomes an event. */
static void try_query(struct scanner *sc, size_t qi, const char *line, size_t len,
                      uint64_t lineno, int time_state, time_t t)
{
    struct logscan *ls = sc->ls;
    int r;

    if (!ls->qs[qi].re || sc->tried[qi] == sc->stamp)
        return;
    sc->tried[qi] = sc->stamp;
    r = pcre2_match(ls->qs[qi].re, (PCRE2_SPTR)line, len, 0, 0, sc->md[qi], ls->mctx);
    if (r >= 0) {
        uint32_t pairs = pcre2_get_ovector_count(sc->md[qi]);
        struct event *e = event_add(sc, qi, line, len, lineno, time_state, t);
        struct part *pt = sc->out;
        XGROW(pt->ov, pt->ov_alloc, pt->nov + 2 * (size_t)pairs);
        memcpy(pt->ov + pt->nov, pcre2_get_ovector_pointer(sc->md[qi]),
               2 * (size_t)pairs * sizeof(*pt->ov));
        e->ov = pt->nov;
        pt->nov += 2 * (size_t)pairs;
    } else if (r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT ||
               r == PCRE2_ERROR_HEAPLIMIT || r == PCRE2_ERROR_JIT_STACKLIMIT) {
        event_add(sc, qi, line, len, lineno, time_state, t)->limit = true;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_COUNT_NL_AVX2 1
/* Newlines in [p, p+n) thirty-two bytes at a time; the tail to count_nl(). */
__attribute__((target("avx2"))) static uint64_t count_nl_avx2(const char **pp, size_t *pn)
{
    const char *p = *pp;
    size_t n = *pn;
    const __m256i v = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
    uint64_t c = 0;

    while (n >= 32) {
        /* per-byte counters, summed before they can wrap */
        __m256i acc = zero, sad;
        size_t k;
        for (k = 0; k < 255 && n >= 32; k++, p += 32, n -= 32)
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(
                                           _mm256_loadu_si256((const __m256i *)(const void *)p), v));
        sad = _mm256_sad_epu8(acc, zero);
        c += (uint64_t)_mm256_extract_epi64(sad, 0) + (uint64_t)_mm256_extract_epi64(sad, 1) +
             (uint64_t)_mm256_extract_epi64(sad, 2) + (uint64_t)_mm256_extract_epi64(sad, 3);
    }
    *pp = p;
    *pn = n;
    return c;
}
#endif

/* Newlines in [p, p+n): thirty-two bytes at a time with AVX2 where the CPU has it, sixteen with
 * SSE2, else eight. */
static uint64_t count_nl(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, nl = ones * '\n', hi = ones * 0x80;
    uint64_t c = 0, w, x;

#ifdef HAVE_COUNT_NL_AVX2
    static int avx2 = -1;       /* a benign race: every thread writes the same answer */
    if (avx2 < 0)
        avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
    if (avx2 && n >= 64)
        c = count_nl_avx2(&p, &n);
#endif
#ifdef __SSE2__
    const __m128i v = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (n >= 16) {
        /* per-byte counters (0 - -1 per newline), summed before they can wrap */
        __m128i acc = zero;
        size_t k;
        for (k = 0; k < 255 && n >= 16; k++, p += 16, n -= 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), v));
        acc = _mm_sad_epu8(acc, zero);
        c += (uint64_t)_mm_cvtsi128_si64(acc) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc));
    }
#endif
    while (n >= 8) {
        memcpy(&w, p, 8);
        x = w ^ nl;
        x = ~(((x & ~hi) + ~hi) | x) & hi;   /* 0x80 in each zero byte */
        c += ((x >> 7) * ones) >> 56;      /* sum of the 0/1 bytes */
        p += 8;
        n -= 8;
    }
    while (n--)
        c += *p++ == '\n';
    return c;
}

/* The start of the line that p is in (base, or the byte after a '\n'): eight bytes at a time
 * backwards while none is a newline (the untimed lines above a match are walked this way). */
static const char *line_start(const char *base, const char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, nl = ones * '\n', hi = ones * 0x80;
    uint64_t w, x;

    while (p - base >= 8) {
        memcpy(&w, p - 8, 8);
        x = w ^ nl;
        if ((x - ones) & ~x & hi)      /* a zero byte: a newline among the eight */
            break;
        p -= 8;
    }
    while (p > base && p[-1] != '\n')
        p--;
    return p;
}

/* The length of the line at p as matched: no '\r' before its end, cut at LOGSCAN_LINE_MAX. */
static size_t line_len(const char *p, const char *end, const char **next)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = (size_t)((nl ? nl : end) - p);

    *next = nl ? nl + 1 : end;
    if (len && p[len - 1] == '\r')
        len--;
    return len < LOGSCAN_LINE_MAX ? len : LOGSCAN_LINE_MAX;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;

    if (x->ls != y->ls)
        return x->ls < y->ls ? -1 : 1;
    return x->lit < y->lit ? -1 : x->lit > y->lit;
}

static void add_hit(struct scanner *sc, size_t lstart, size_t end, uint32_t lit)
{
    if (sc->nhits == sc->hits_alloc) {
        sc->hits_alloc = sc->hits_alloc ? sc->hits_alloc * 2 : 256;
        sc->hits = xrealloc(sc->hits, sc->hits_alloc * sizeof(*sc->hits));
    }
    sc->hits[sc->nhits].ls = lstart;
    sc->hits[sc->nhits].end = end;
    sc->hits[sc->nhits].lit = lit;
    sc->nhits++;
}

/* The time of the last timed line in [from, to) of p, scanning backwards; from is a line start
 * and the last line ends at to. */
static bool last_time_in(int year, const char *p, size_t from, size_t to, time_t *t)
{
    const char *lo = p + from, *e = p + to, *s;

    while (e > lo) {
        s = line_start(lo, e);
        if (line_time(year, s, (size_t)(e - s), t))
            return true;
        if (s == lo)
            break;
        e = s - 1;
    }
    return false;
}

/* Every hit of g's Wu-Manber literals in [p, p+n), in text order, one per literal and line. */
static void wm_scan(struct scanner *sc, const struct group *g, const struct wm *w, const char *p,
                    size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    const uint8_t *shift = w->shift;
    size_t m = w->m, pos = m - 1;

    while (pos < n) {
        unsigned h;
        uint32_t c;
        uint8_t d;

        /* the hot loop: most windows end in a pair of bytes that no literal has near its start */
        for (;;) {
            h = s[pos - 1] | (unsigned)s[pos] << 8;
            d = shift[h];
            if (!d)
                break;
            pos += d;
            if (pos >= n)
                return;
        }
        for (c = w->head[h]; c; c = w->chain[2 * (c - 1) + 1]) {
            uint32_t li = w->chain[2 * (c - 1)];
            const struct lit *l = &g->lits[li];
            size_t at = pos + 1 - m;
            if (at + l->len <= n && s[at] == (unsigned char)l->s[0] &&
                s[at + l->len - 1] == (unsigned char)l->s[l->len - 1] &&
                !memcmp(s + at, l->s, l->len)) {
                size_t st = (size_t)(line_start(p, p + at) - p);
                if (sc->last_hit[li] != st + 1) {
                    sc->last_hit[li] = st + 1;
                    add_hit(sc, st, at + l->len, li);
                }
            }
        }
        pos++;
    }
}

#ifdef HAVE_HYPERSCAN
struct hs_ctx {
    struct scanner *sc;
    const struct group *g;
    const char *p;          /* the slice */
    size_t base;            /* offset of the part hs_scan searches */
    size_t seen;            /* hits ending at or before this offset were reported already */
};

static int on_hs_hit(unsigned int id, unsigned long long from, unsigned long long to,
                     unsigned int flags, void *data)
{
    struct hs_ctx *c = data;
    size_t end = c->base + (size_t)to, at = end - c->g->lits[id].len, st;

    (void)from;
    (void)flags;
    if (end <= c->seen)
        return 0;
    st = (size_t)(line_start(c->p, c->p + at) - c->p);
    if (c->sc->last_hit[id] != st + 1) {
        c->sc->last_hit[id] = st + 1;
        add_hit(c->sc, st, end, id);
    }
    return 0;
}

/* hs_scan takes at most 4 GiB; a slice is at most SLICE_MAX bytes unless one line is longer
 * (one feed of more than a GiB without a newline). test-logscan-hspart sets it tiny. */
#ifndef LOGSCAN_HS_PART
#define LOGSCAN_HS_PART ((size_t)1 << 30)
#endif
#define HS_PART ((size_t)(LOGSCAN_HS_PART))

/* Every hit of g's literals in [p, p+n), in the order of their ends, one per literal and line. */
static void hs_slice(struct scanner *sc, const struct group *g, const char *p, size_t n)
{
    struct hs_ctx c = { sc, g, p, 0, 0 };

    for (;;) {
        size_t part = n - c.base < HS_PART ? n - c.base : HS_PART;
        if (hs_scan(g->hs, p + c.base, (unsigned)part, 0, sc->hs_scratch, on_hs_hit, &c) !=
            HS_SUCCESS)
            BUG("hs_scan");
        if (c.base + part == n)
            return;
        /* the next part starts a literal's length back: no literal across the cut is lost */
        c.seen = c.base + part;
        c.base = c.seen - (g->hs_maxlen < HS_PART / 2 ? g->hs_maxlen : HS_PART / 2);
    }
}
#endif

/* A slice of whole lines: all but the last end in '\n'; the last ends at n. */
static void scan_slice(struct scanner *sc, const char *p, size_t n)
{
    struct part *pt = sc->out;
    const struct group *g = pt->g;
    const char *end = p + n, *next;
    size_t i, j, k, a, cursor = 0, known = 0;
    uint64_t lines = 0;
    bool sorted = true;
    time_t t;

    sc->nhits = 0;
    for (k = 0; k < g->nlits; k++)
        sc->last_hit[k] = 0;
#ifdef HAVE_HYPERSCAN
    if (g->hs)
        hs_slice(sc, g, p, n);
    else
#endif
    if (g->wm[0].m)
        wm_scan(sc, g, &g->wm[0], p, n);
    if (g->wm[1].m)
        wm_scan(sc, g, &g->wm[1], p, n);
    for (k = 0; k < g->nshort; k++) {
        const struct lit *l = &g->lits[g->short_lits[k]];
        const char *s = p, *h;
        i = g->short_lits[k];
        while ((h = lit_find(l, s, end))) {
            const char *st = line_start(p, h), *nl = memchr(h, '\n', (size_t)(end - h));
            add_hit(sc, (size_t)(st - p), (size_t)(h - p) + l->len, (uint32_t)i);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
    if (g->nall) {
        const char *s = p;
        for (;;) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            add_hit(sc, (size_t)(s - p), (size_t)(s - p), ALL_LINES);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
    if (sc->nhits > 1 && (g->nshort || g->nall || (g->wm[0].m && g->wm[1].m)))
        sorted = false;
#ifdef HAVE_HYPERSCAN
    if (g->hs)       /* Hyperscan reports in the order of the hits' ends: line by line */
        sorted = !g->nall;
#endif
    if (!sorted)
        qsort(sc->hits, sc->nhits, sizeof(*sc->hits), hit_cmp);
    for (i = 0; i < sc->nhits; i = j) {
        size_t st = sc->hits[i].ls, len;
        int state;

        for (j = i + 1; j < sc->nhits && sc->hits[j].ls == st; j++)
            ;
        len = line_len(p + st, end, &next);
        lines += count_nl(p + cursor, st - cursor);
        cursor = st;
        /* the line's own time, else the last timed line above it (in this part, or before it:
         * the merge knows) */
        if (line_time(pt->year, p + st, len, &t) ||
            (st > known && last_time_in(pt->year, p, known, st - 1, &t))) {
            pt->time_known = pt->has_time = true;
            pt->time = t;
        }
        state = !pt->time_known ? -1 : pt->has_time;
        t = pt->time;
        known = (size_t)(next - p);
        sc->stamp++;
        for (k = i; k < j; k++) {
            const struct hit *h = &sc->hits[k];
            uint64_t lineno = pt->lines + lines + 1;
            if (h->lit == ALL_LINES) {
                for (a = 0; a < g->nall; a++)
                    try_query(sc, g->all[a], p + st, len, lineno, state, t);
                continue;
            }
            if (h->end > st + len)      /* beyond the cut, or across the line end */
                continue;
            for (a = 0; a < g->lits[h->lit].nq; a++)
                try_query(sc, g->lits[h->lit].qs[a], p + st, len, lineno, state, t);
        }
    }
    if (known < n && last_time_in(pt->year, p, known, n, &t)) {
        pt->time_known = pt->has_time = true;
        pt->time = t;
    }
    pt->lines += lines + count_nl(p + cursor, n - cursor) + 1;
}

/* Part pt: whole lines [p, p+n) (the last ending at n), cut into slices at newlines. Its
 * matches become events for merge_part(). */
static void scan_part(struct scanner *sc, struct part *pt, const char *p, size_t n)
{
    const char *end = p + n;

    sc->out = pt;
    pt->base = p;
    pt->lines = 0;
    pt->time_known = false;
    pt->nev = pt->nov = 0;
    while (p <= end) {
        const char *cut;
        if ((size_t)(end - p) <= SLICE_MAX) {
            scan_slice(sc, p, (size_t)(end - p));
            return;
        }
        cut = p + SLICE_MAX;
        while (cut > p && cut[-1] != '\n')
            cut--;
        if (cut == p) {                  /* one line longer than a slice */
            cut = memchr(p + SLICE_MAX, '\n', (size_t)(end - p - SLICE_MAX));
            if (!cut) {
                scan_slice(sc, p, (size_t)(end - p));
                return;
            }
            cut++;
        }
        scan_slice(sc, p, (size_t)(cut - 1 - p));
        p = cut;
    }
}

/* Record a scanned part's events, in the order of the text: parts are merged one after the
 * other, so the results do not depend on how the text was cut or how many threads ran. */
static void merge_part(struct logscan *ls, const struct part *pt)
{
    size_t i;

    if (!ls->merging || ls->merge_file != pt->file) {
        ls->merging = true;
        ls->merge_file = pt->file;
        ls->lineno = 0;
        ls->has_time = false;
        ls->time = 0;
    }
    for (i = 0; i < pt->nev; i++) {
        const struct event *e = &pt->ev[i];
        struct lq *lq = &ls->qs[e->qi];
        bool has = e->inherit ? ls->has_time : e->has_time;
        time_t t = e->inherit ? ls->time : e->time;

        if (e->limit) {
            lq->q->limit_hits++;
            continue;
        }
        lq->all++;
        record(ls, lq, pt->file, pt->base + e->off, e->len, pt->ov + e->ov, ls->lineno + e->lineno,
               has, t);
    }
    if (pt->time_known) {
        ls->has_time = pt->has_time;
        ls->time = pt->time;
    }
    ls->lineno += pt->lines;
}

/* ---- threads ---- */

/* How many parts are queued, and the oldest of them (NULL: none). Under w->mu. */
static size_t parts_queued(struct workers *w, struct part **oldest)
{
    size_t k, n = 0;

    *oldest = NULL;
    for (k = 0; k < w->used; k++) {
        struct part *pt = &w->parts[(w->head + k) % NPARTS];
        if (pt->state == PART_QUEUED && !n++)
            *oldest = pt;
    }
    return n;
}

/* The oldest queued part, or NULL. Under w->mu. */
static struct part *part_queued(struct workers *w)
{
    struct part *pt;

    (void)parts_queued(w, &pt);
    return pt;
}

/* Scan a queued part; called and returns under w->mu. */
static void part_scan_locked(struct workers *w, struct scanner *sc, struct part *pt)
{
    pt->state = PART_SCANNING;
    pthread_mutex_unlock(&w->mu);
    /* the text ends in '\n': the part is the lines before it */
    scan_part(sc, pt, pt->text.data, pt->text.len - 1);
    pthread_mutex_lock(&w->mu);
    pt->state = PART_DONE;
    pthread_cond_broadcast(&w->done);
}

static void *worker_main(void *arg)
{
    struct scanner *sc = arg;
    struct workers *w = sc->ls->w;
    struct part *pt;

    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        pt = part_queued(w);
        if (pt) {
            part_scan_locked(w, sc, pt);
        } else {
            w->idle++;
            forkguard_cond_wait(&w->queued, &w->mu);
            w->idle--;
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Start the workers, on the first text for more than one thread: nthreads - 1 of them, or as
 * many as can be started (none: this thread scans alone, in place). Signals stay with the
 * main thread. */
static void workers_start(struct logscan *ls)
{
    struct workers *w = xcalloc(1, sizeof(*w));
    size_t i, want = ls->nthreads - 1;

    ls->w = w;
    w->sc = xcalloc(want, sizeof(*w->sc));
    w->threads = xcalloc(want, sizeof(*w->threads));
    for (i = 0; i < NPARTS; i++)
        buf_init(&w->parts[i].text);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->queued, NULL);
    pthread_cond_init(&w->done, NULL);
    for (i = 0; i < want; i++) {
        struct scanner *sc = &w->sc[i];
        scanner_init(sc, ls);
#ifdef HAVE_HYPERSCAN
        if (ls->main.hs_scratch && hs_clone_scratch(ls->main.hs_scratch, &sc->hs_scratch) !=
            HS_SUCCESS) {
            scanner_release(sc);
            break;
        }
#endif
        if (thread_start(&w->threads[i], worker_main, sc) != 0) {
            scanner_release(sc);
            break;
        }
        w->n++;
    }
    if (!w->n)
        ls->nthreads = 1;
}

static void workers_stop(struct logscan *ls)
{
    struct workers *w = ls->w;
    size_t i;

    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = true;
    pthread_cond_broadcast(&w->queued);
    pthread_mutex_unlock(&w->mu);
    for (i = 0; i < w->n; i++)
        thread_join(w->threads[i]);
    for (i = 0; i < w->n; i++)
        scanner_release(&w->sc[i]);
    for (i = 0; i < NPARTS; i++)
        part_release(&w->parts[i]);
    free(w->sc);
    free(w->threads);
    pthread_cond_destroy(&w->queued);
    pthread_cond_destroy(&w->done);
    pthread_mutex_destroy(&w->mu);
    free(w);
    ls->w = NULL;
}

/* Record the oldest part once scanned (scanning queued parts here meanwhile) and free it.
 * Under w->mu. */
static void part_retire_locked(struct logscan *ls)
{
    struct workers *w = ls->w;
    struct part *pt = &w->parts[w->head], *q;

    while (pt->state != PART_DONE) {
        q = part_queued(w);
        if (q)
            part_scan_locked(w, &ls->main, q);
        else
            forkguard_cond_wait(&w->done, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    merge_part(ls, pt);
    pthread_mutex_lock(&w->mu);
    pt->state = PART_FREE;
    buf_reset(&pt->text);
    w->head = (w->head + 1) % NPARTS;
    w->used--;
}

/* The part being filled, or NULL. */
static struct part *part_filling(struct workers *w)
{
    struct part *pt;

    if (!w->used)
        return NULL;
    pt = &w->parts[(w->head + w->used - 1) % NPARTS];
    return pt->state == PART_FILLING ? pt : NULL;
}

/* The part being filled goes to the workers. */
static void part_queue(struct logscan *ls)
{
    struct workers *w = ls->w;
    struct part *pt, *oldest;

    pthread_mutex_lock(&w->mu);
    pt = part_filling(w);
    if (pt && !pt->text.len) {          /* room was taken, nothing written: give it back */
        pt->state = PART_FREE;
        w->used--;
    } else if (pt) {
        if (pt->tail != pt->text.len)
            BUG("a part queued with an unfinished line");
        pt->state = PART_QUEUED;
        if (w->idle && parts_queued(w, &oldest) >= WAKE_PARTS)
            pthread_cond_signal(&w->queued);
    }
    pthread_mutex_unlock(&w->mu);
}

/* A part to fill with the current file's lines: the one being filled, else the next free one
 * (recording the oldest when all are in use). */
static struct part *part_for_text(struct logscan *ls)
{
    struct workers *w = ls->w;
    struct part *pt;

    pthread_mutex_lock(&w->mu);
    pt = part_filling(w);
    if (!pt) {
        if (w->used == NPARTS)
            part_retire_locked(ls);
        pt = &w->parts[(w->head + w->used) % NPARTS];
        w->used++;
        pt->state = PART_FILLING;
        pt->tail = 0;
        pt->g = ls->cur;
        pt->year = ls->year;
        pt->file = ls->cur_file;
    }
    pthread_mutex_unlock(&w->mu);
    return pt;
}

/* Everything fed so far scanned and recorded. */
static void parts_drain(struct logscan *ls)
{
    struct workers *w = ls->w;
    struct part *oldest;

    if (!w)
        return;
    part_queue(ls);
    pthread_mutex_lock(&w->mu);
    if (w->idle && parts_queued(w, &oldest) > 1)   /* the last parts: the workers share them */
        pthread_cond_broadcast(&w->queued);
    while (w->used)
        part_retire_locked(ls);
    pthread_mutex_unlock(&w->mu);
}

/* The part to write the current file's next text into, with at least RESERVE_MIN bytes of room
 * (*room): when the part being filled has less, its unfinished line moves to the next part and
 * it goes to the workers. */
static struct part *part_room(struct logscan *ls, size_t *room)
{
    struct part *pt = part_for_text(ls);

    if (PART_MAX - pt->text.len < RESERVE_MIN) {
        buf_reset(&ls->carry);
        buf_add(&ls->carry, pt->text.data + pt->tail, pt->text.len - pt->tail);
        buf_truncate(&pt->text, pt->tail);
        part_queue(ls);
        pt = part_for_text(ls);
        buf_add(&pt->text, ls->carry.data, ls->carry.len);
        buf_reset(&ls->carry);
    }
    buf_grow(&pt->text, PART_MAX - pt->text.len);
    *room = PART_MAX - pt->text.len;
    return pt;
}

/* n bytes were written at the end of pt's text: take them. The rest of a line kept to its head
 * is dropped up to its newline; an unfinished line longer than LOGSCAN_LINE_MAX + 1 bytes (all
 * that is ever matched) is kept to its head, so that a part always holds a whole line. */
static void part_take(struct logscan *ls, struct part *pt, size_t n)
{
    char *d = pt->text.data;
    size_t old = pt->text.len, end = old + n;
    const char *ls_;

    if (ls->skip_long) {
        const char *nl = memchr(d + old, '\n', n);
        if (!nl)
            return;
        memmove(d + old, nl, (size_t)(d + end - nl));
        end = old + (size_t)(d + end - nl);
        ls->skip_long = false;
    }
    pt->text.len = end;
    d[end] = '\0';
    ls_ = line_start(d + old, d + end);
    if (ls_ > d + old)                  /* a newline among the new bytes */
        pt->tail = (size_t)(ls_ - d);
    if (end - pt->tail > LOGSCAN_LINE_MAX + 1) {
        buf_truncate(&pt->text, pt->tail + LOGSCAN_LINE_MAX + 1);
        ls->skip_long = true;
    }
}

/* Text of the current file into parts (the threaded scan). */
static void text_add(struct logscan *ls, const char *p, size_t n)
{
    while (n) {
        size_t room, k;
        struct part *pt = part_room(ls, &room);
        k = n < room ? n : room;
        memcpy(pt->text.data + pt->text.len, p, k);
        part_take(ls, pt, k);
        p += k;
        n -= k;
    }
}

/* The current file is done (or left): its unfinished line is a line when ended, dropped when
 * left; the part goes to the workers. */
static void text_close(struct logscan *ls, bool ended)
{
    struct part *pt;

    ls->skip_long = false;
    if (!ls->w)
        return;
    pthread_mutex_lock(&ls->w->mu);
    pt = part_filling(ls->w);
    pthread_mutex_unlock(&ls->w->mu);
    if (pt && pt->tail != pt->text.len) {
        if (ended) {
            buf_addc(&pt->text, '\n');
            pt->tail = pt->text.len;
        } else {
            buf_truncate(&pt->text, pt->tail);
        }
    }
    part_queue(ls);
}

/* Whole lines [p, p+n) (the last ending at n) of the current file, scanned at once by this
 * thread (the one-thread scan). */
static void scan_lines(struct logscan *ls, const char *p, size_t n)
{
    /* with workers, logscan_feed() hands the text to parts and never comes here */
    ls->direct.g = ls->cur;
    ls->direct.year = ls->year;
    ls->direct.file = ls->cur_file;
    scan_part(&ls->main, &ls->direct, p, n);
    merge_part(ls, &ls->direct);
}

void logscan_begin(struct logscan *ls, const char *source, const char *path, time_t mtime)
{
    struct tm tm;

    /* a part holds one file's lines (the last file may not have been ended) */
    text_close(ls, false);
    ls->cur = group_named(ls, source);
    buf_reset(&ls->carry);
    ls->partial = false;
    if (!ls->cur)
        return;
    time_to_utc(mtime, &tm);
    ls->year = tm.tm_year + 1900;
    XGROW(ls->files, ls->files_alloc, ls->nfiles + 1);
    ls->files[ls->nfiles] = xstrdup(path);
    ls->cur_file = ls->nfiles++;
}

static void carry_add(struct logscan *ls, const char *p, size_t len)
{
    size_t room = LOGSCAN_LINE_MAX + 1 - ls->carry.len;   /* +1 keeps a '\r' at the cut */

    if (len)
        ls->partial = true;
    buf_add(&ls->carry, p, len < room ? len : room);
}

/* True when the text goes to worker threads (started on the first text). */
static bool threaded(struct logscan *ls)
{
    if (ls->nthreads > 1 && !ls->w)
        workers_start(ls);
    return ls->nthreads > 1;
}

char *logscan_reserve(struct logscan *ls, size_t *cap)
{
    struct part *pt;

    if (!ls->cur || !threaded(ls))
        return NULL;
    pt = part_room(ls, cap);
    return pt->text.data + pt->text.len;
}

void logscan_commit(struct logscan *ls, size_t n)
{
    struct part *pt;

    if (!ls->cur || !n || !ls->w || ls->nthreads <= 1)
        return;
    pthread_mutex_lock(&ls->w->mu);
    pt = part_filling(ls->w);
    pthread_mutex_unlock(&ls->w->mu);
    part_take(ls, pt, n);
}

void logscan_feed(struct logscan *ls, const char *text, size_t len)
{
    const char *end = text + len, *nl, *last;

    if (!ls->cur || !len)
        return;
    if (threaded(ls)) {
        text_add(ls, text, len);
        return;
    }
    if (ls->partial) {
        nl = memchr(text, '\n', len);
        if (!nl) {
            carry_add(ls, text, len);
            return;
        }
        carry_add(ls, text, (size_t)(nl - text));
        scan_lines(ls, ls->carry.data, ls->carry.len);
        buf_reset(&ls->carry);
        ls->partial = false;
        text = nl + 1;
    }
    if (text == end)
        return;
    last = end;
    while (last > text && last[-1] != '\n')
        last--;
    if (last > text)
        scan_lines(ls, text, (size_t)(last - 1 - text));
    carry_add(ls, last, (size_t)(end - last));
}

void logscan_end(struct logscan *ls)
{
    if (ls->cur && ls->partial)
        scan_lines(ls, ls->carry.data, ls->carry.len);
    if (ls->cur)
        text_close(ls, true);
    buf_reset(&ls->carry);
    ls->partial = false;
    ls->cur = NULL;
}

/* ---- results ---- */

static bool in_window(bool has_time, time_t t, bool apply, time_t cutoff)
{
    return !apply || !has_time || t >= cutoff;
}

static void cand_to_match(struct logscan *ls, const struct cand *c, struct logscan_match *m)
{
    size_t off = 0;

    m->file = xstrdup(ls->files[c->file]);
    m->line = c->line;
    m->text = xstrndup(c->text, c->textlen);
    m->has_time = c->has_time;
    m->time = c->time;
    m->fields = json_object_new_object();
    while (off < c->fields.len) {
        const char *name = c->fields.data + off;
        const char *val = name + strlen(name) + 1;
        json_object_object_add(m->fields, name, json_object_new_string(val));
        off = (size_t)(val - c->fields.data) + strlen(val) + 1;
    }
}

static void finish_query(struct logscan *ls, struct lq *lq, time_t snapshot)
{
    struct logscan_query *q = lq->q;
    const struct cand *cands[EVIDENCE_FIRST + EVIDENCE_RING];
    size_t nc = 0, i, nin;
    uint64_t kept, ring_in = 0, first_in = 0;
    bool late = !ls->snapshot_early && snapshot && q->window_s;
    time_t cutoff = late ? snapshot - (time_t)q->window_s : 0;

    q->total = lq->all;
    q->count = lq->seq;
    q->any_time = lq->any_time;
    q->first = lq->tmin;
    q->last = lq->tmax;
    if (late) {
        bool any = false;
        time_t lo = 0, hi = 0;
        q->count = lq->untimed;
        for (i = 0; i < lq->ntimes; i++) {
            time_t t = (time_t)lq->times[i].t;
            if (t < cutoff)
                continue;
            q->count += lq->times[i].n;
            if (!any || t < lo)
                lo = t;
            if (!any || t > hi)
                hi = t;
            any = true;
        }
        if (lq->over_n && lq->over_max >= cutoff) {
            /* the overflow times are only known by their range */
            q->count += lq->over_n;
            if (!any || lq->over_min < lo)
                lo = lq->over_min < cutoff ? cutoff : lq->over_min;
            if (!any || lq->over_max > hi)
                hi = lq->over_max;
            any = true;
            if (lq->over_min < cutoff)
                q->window_approx = true;
        }
        q->any_time = any;
        q->first = any ? lo : 0;
        q->last = any ? hi : 0;
    }
    /* candidates in scan order, inside the window */
    for (i = 0; i < lq->nfirst; i++)
        if (in_window(lq->first[i].has_time, lq->first[i].time, late, cutoff)) {
            cands[nc++] = &lq->first[i];
            first_in++;
        }
    kept = lq->nring < EVIDENCE_RING ? lq->nring : EVIDENCE_RING;
    for (i = 0; i < kept; i++) {
        const struct cand *c = &lq->ring[(lq->nring - kept + i) % EVIDENCE_RING];
        if (in_window(c->has_time, c->time, late, cutoff)) {
            cands[nc++] = c;
            ring_in++;
        }
    }
    if (late && lq->nring > EVIDENCE_RING && nc < q->count) {
        /* matches were dropped between the first ones and the ring: some may be in the window */
        if (first_in < EVIDENCE_FIRST || ring_in < EVIDENCE_LAST)
            q->evidence_approx = true;
    }
    nin = nc < EVIDENCE_FIRST + EVIDENCE_LAST ? nc : EVIDENCE_FIRST + EVIDENCE_LAST;
    q->evidence = nin ? xcalloc(nin, sizeof(*q->evidence)) : NULL;
    for (i = 0; i < nin; i++) {
        size_t src = i < EVIDENCE_FIRST || nc <= nin ? i : nc - (nin - i);
        cand_to_match(ls, cands[src], &q->evidence[i]);
    }
    q->nevidence = nin;

    if (lq->keep) {
        uint64_t n = lq->nkept < lq->keep ? lq->nkept : lq->keep;
        q->records = n ? xcalloc((size_t)n, sizeof(*q->records)) : NULL;
        for (i = 0; i < n; i++) {
            const struct cand *c = &lq->kept[(lq->nkept - n + i) % lq->keep];
            if (in_window(c->has_time, c->time, late, cutoff))
                cand_to_match(ls, c, &q->records[q->nrecords++]);
        }
    }
}

void logscan_finish(struct logscan *ls, time_t snapshot)
{
    size_t i;

    parts_drain(ls);
    for (i = 0; i < ls->n; i++)
        if (ls->qs[i].re)
            finish_query(ls, &ls->qs[i], snapshot);
}

void logscan_query_release(struct logscan_query *q)
{
    size_t i;

    for (i = 0; i < q->nevidence; i++) {
        free(q->evidence[i].file);
        free(q->evidence[i].text);
        json_object_put(q->evidence[i].fields);
    }
    free(q->evidence);
    for (i = 0; i < q->nrecords; i++) {
        free(q->records[i].file);
        free(q->records[i].text);
        json_object_put(q->records[i].fields);
    }
    free(q->records);
    free(q->error);
    results_zero(q);
}
