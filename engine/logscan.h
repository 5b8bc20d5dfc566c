/* SPDX-License-Identifier: MIT */
/* logscan.h: the log scanner behind [log NAME] rule sections: every query of a log source runs
 * in one pass over its text (a literal prefilter, pcre2 JIT only on candidate lines). It is fed
 * plain text (the caller inflates and walks the bundle); it never keeps the text. */
#ifndef OVMDIAG_LOGSCAN_H
#define OVMDIAG_LOGSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <json-c/json.h>

#include "lib/err.h"

#define EVIDENCE_FIRST 3
#define EVIDENCE_LAST 3
/* Evidence text is cut to this many bytes (at a UTF-8 boundary); so are field values. */
#define LOGSCAN_TEXT_MAX 512
/* A longer line is matched on its first LOGSCAN_LINE_MAX bytes only. */
/* Bound of logscan_query.keep: each kept match holds up to LOGSCAN_TEXT_MAX bytes. */
#define LOGSCAN_KEEP_MAX 1024
#define LOGSCAN_LINE_MAX (64 * 1024)
/* Match times kept per query until the window is applied (see logscan_set_time_cap()). */
#define LOGSCAN_TIMES_CAP ((size_t)1 << 20)

struct logscan_match {
    char *file;                 /* bundle path */
    uint64_t line;              /* 1-based */
    char *text;                 /* the line, cut to LOGSCAN_TEXT_MAX bytes, no CR/LF */
    bool has_time;
    time_t time;                /* the line's time, or that of the timed line above it */
    json_object *fields;        /* named groups that took part -> strings; never NULL */
};

/* One [log NAME] section of one rule. The caller fills the inputs (borrowed: they must stay
 * valid until logscan_free()); the scanner writes the results, which the caller owns and frees
 * with logscan_query_release(). */
struct logscan_query {
    /* inputs */
    const char *source;         /* logical source (analyzers/logsources.h names) */
    const char *hint;           /* literal that must be on a matching line, or NULL */
    const char *pattern;        /* pcre2, compiled with PCRE2_DUPNAMES */
    int64_t window_s;           /* 0 = whole log */
    size_t keep;                /* also return the last `keep` matches in the window as records
                                 * (a timeline), at most LOGSCAN_KEEP_MAX; 0 = none */
    /* results, valid after logscan_finish() */
    uint64_t count;             /* matches inside the window */
    uint64_t total;             /* matches in the whole log */
    bool any_time;
    time_t first, last;         /* earliest and latest time among the counted matches */
    struct logscan_match *evidence;  /* first EVIDENCE_FIRST then last EVIDENCE_LAST inside the
                                      * window, no duplicates, in scan order */
    size_t nevidence;
    bool window_approx;         /* count/first/last are estimates (too many distinct times) */
    bool evidence_approx;       /* the window was applied after the scan and the true first or
                                 * last matches in it were no longer at hand */
    struct logscan_match *records;   /* the last `keep` matches in the window, in scan order */
    size_t nrecords;
    uint64_t limit_hits;        /* lines on which pcre2 gave up (match or depth limit) */
    char *error;                /* "offset N: message" for a pattern that did not compile */
};

struct logscan;

/* Compile every query (pcre2 JIT where available) and zero its results (release the results of
 * an earlier scan first: they are overwritten, not freed). A pattern that does not compile sets that
 * query's error and the others still run; only bad arguments fail (E_INVAL). On success the
 * caller owns *out; free with logscan_free(). The queries are borrowed until logscan_free(). */
WARN_UNUSED int logscan_new(struct logscan **out, struct logscan_query **queries, size_t n,
                            struct err *err);
/* Optional, before any feed: the snapshot time when known early. The window is then applied
 * during the scan, which makes the evidence exact and keeps no match times. */
void logscan_set_snapshot(struct logscan *ls, time_t snapshot);
/* Optional, before any feed: how many threads scan (0, the default: thread_count(4), one per
 * online CPU or OVMDIAG_THREADS; 1: this thread only). Text is cut into parts at newlines and the parts merged in order, so the
 * results are the same whatever the number. */
void logscan_set_threads(struct logscan *ls, size_t n);
/* Testing aid: how many distinct match times a query keeps before its window turns approximate. */
void logscan_set_time_cap(struct logscan *ls, size_t cap);

/* One file of a source; mtime gives the year of syslog lines. Files of a source no query uses
 * are skipped cheaply. path is copied. */
void logscan_begin(struct logscan *ls, const char *source, const char *path, time_t mtime);
/* Text in pieces of any size; lines may span pieces. */
void logscan_feed(struct logscan *ls, const char *text, size_t len);
/* The same without a copy, when the scan runs on worker threads: read the next text into the
 * buffer (at least *cap bytes of room; valid until the commit), then commit how many bytes
 * were written (0 is fine). NULL when the scan runs in this thread (or no query reads this
 * file): feed the text instead, which is scanned where it is. */
char *logscan_reserve(struct logscan *ls, size_t *cap);
void logscan_commit(struct logscan *ls, size_t n);
void logscan_end(struct logscan *ls);
/* Apply the windows (snapshot 0: unknown, no window) and fill the results of every query.
 * Call once, after the last logscan_end(). */
void logscan_finish(struct logscan *ls, time_t snapshot);
void logscan_free(struct logscan *ls);

/* Free the results of q (evidence, error) and zero them; the inputs are left alone. */
void logscan_query_release(struct logscan_query *q);

/* The literal the prefilter uses for pattern: the longest run of plain characters outside
 * classes, groups and quantifiers; NULL when there is none (top-level alternation, (?i)...).
 * Caller owns the string; free with free(). */
char *logscan_pattern_literal(const char *pattern);

#endif
