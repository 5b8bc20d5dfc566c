/* SPDX-License-Identifier: MIT */
/* analyze-xentop.c: `xentop -b -i 2 -d 1` -> raw.xentop {frames, domains} from the last frame
 * (the rows after the last column header). Columns are mapped by the header (old builds lack
 * VBD_RSECT/VBD_WSECT); per-net/VBD/VCPU detail lines are skipped. */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "analyzers/xenstate.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

enum col {
    C_NAME,
    C_STATE,
    C_CPU_S,
    C_CPU_PCT,
    C_MEM,
    C_MEM_PCT,
    C_MAXMEM,
    C_MAXMEM_PCT,
    C_VCPUS,
    C_NETS,
    C_NETTX,
    C_NETRX,
    C_VBDS,
    C_VBD_OO,
    C_VBD_RD,
    C_VBD_WR,
    C_RSECT,
    C_WSECT,
    C_SSID,
    C_OTHER,
};

enum kind {
    K_TEXT,      /* not read */
    K_UINT,      /* integer */
    K_FLOOR,     /* decimal, truncated */
    K_ROUND,     /* decimal, rounded */
    K_PCT,       /* decimal, or n/a; not kept */
    K_MAXMEM,    /* integer, or "no limit" */
};

static const struct {
    const char *header;
    const char *fact;    /* NULL: read (validated) but not written */
    enum kind kind;
} cols[] = {
    [C_NAME] = { "NAME", NULL, K_TEXT },
    [C_STATE] = { "STATE", NULL, K_TEXT },
    [C_CPU_S] = { "CPU(sec)", "cpu_s", K_FLOOR },
    [C_CPU_PCT] = { "CPU(%)", "cpu_pct", K_ROUND },
    [C_MEM] = { "MEM(k)", "mem_kb", K_UINT },
    [C_MEM_PCT] = { "MEM(%)", NULL, K_PCT },
    [C_MAXMEM] = { "MAXMEM(k)", "maxmem_kb", K_MAXMEM },
    [C_MAXMEM_PCT] = { "MAXMEM(%)", NULL, K_PCT },
    [C_VCPUS] = { "VCPUS", "vcpus", K_UINT },
    [C_NETS] = { "NETS", "nets", K_UINT },
    [C_NETTX] = { "NETTX(k)", "nettx_kb", K_UINT },
    [C_NETRX] = { "NETRX(k)", "netrx_kb", K_UINT },
    [C_VBDS] = { "VBDS", "vbds", K_UINT },
    [C_VBD_OO] = { "VBD_OO", NULL, K_UINT },
    [C_VBD_RD] = { "VBD_RD", "vbd_rd", K_UINT },
    [C_VBD_WR] = { "VBD_WR", "vbd_wr", K_UINT },
    [C_RSECT] = { "VBD_RSECT", NULL, K_UINT },
    [C_WSECT] = { "VBD_WSECT", NULL, K_UINT },
    [C_SSID] = { "SSID", "ssid", K_UINT },
    [C_OTHER] = { "", NULL, K_TEXT },
};

#define MAX_FIELDS 64

struct header {
    enum col col[MAX_FIELDS];
    size_t n;
    size_t left;     /* columns after STATE up to MAXMEM(%): anchored left when a row is long */
};

struct row {
    const char *name;
    size_t name_len;
    const char *state;
    struct domstate st;
    bool have[C_OTHER];
    bool null[C_OTHER];
    int64_t v[C_OTHER];
};

static bool word_is(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && !memcmp(s, w, len);
}

static bool parse_header(struct header *h, const char **fld, const size_t *flen, size_t n)
{
    size_t i, c;

    if (n < 2 || !word_is(fld[0], flen[0], "NAME") || !word_is(fld[1], flen[1], "STATE"))
        return false;
    h->n = n;
    h->left = 0;
    for (i = 0; i < n; i++) {
        h->col[i] = C_OTHER;
        for (c = 0; c < C_OTHER; c++)
            if (word_is(fld[i], flen[i], cols[c].header))
                h->col[i] = (enum col)c;
        if (h->col[i] == C_MAXMEM_PCT && i >= 2)
            h->left = i - 1;
    }
    return true;
}

/* Detail and summary lines: "Net0 RX: ...", "VBD BlkBack ...", "VCPUs(sec): ...", and the
 * interactive "xentop - 01:25:09 ...", "7 domains: ...", "Mem: ...", "Delay ..." lines. */
static bool detail_line(const char **fld, const size_t *flen, size_t n)
{
    struct domstate st;
    size_t i;

    /* A domain row has its state right after the name, whatever the name. */
    if (n > 1 && domstate_xentop(fld[1], flen[1], &st))
        return false;
    if (word_is(fld[0], flen[0], "VBD") || word_is(fld[0], flen[0], "VCPUs(sec):") ||
        word_is(fld[0], flen[0], "xentop") || word_is(fld[0], flen[0], "Mem:") ||
        word_is(fld[0], flen[0], "Delay") || (n > 1 && word_is(fld[1], flen[1], "domains:")))
        return true;
    if (flen[0] > 3 && !memcmp(fld[0], "Net", 3) && n > 1 &&
        (word_is(fld[1], flen[1], "RX:") || word_is(fld[1], flen[1], "TX:"))) {
        for (i = 3; i < flen[0]; i++)
            if (fld[0][i] < '0' || fld[0][i] > '9')
                return false;
        return true;
    }
    return false;
}

/* Read value tokens val[0..n) as columns col[0..n) into r. With plausible set, a row that was
 * realigned must also look like a domain (at least one vcpu). */
static bool read_values(struct row *r, const enum col *col, const char **val, const size_t *vlen,
                        size_t n, bool plausible)
{
    size_t i;
    enum col c;
    int64_t x;

    memset(r->have, 0, sizeof(r->have));
    memset(r->null, 0, sizeof(r->null));
    for (i = 0; i < n; i++) {
        c = col[i];
        if (c == C_OTHER || c == C_NAME || c == C_STATE)
            continue;
        switch (cols[c].kind) {
        case K_MAXMEM:
            if (word_is(val[i], vlen[i], "no limit")) {
                r->null[c] = true;
                x = 0;
                break;
            }
            /* fall through */
        case K_UINT:
            if (!cmdtext_uint(val[i], vlen[i], &x))
                return false;
            break;
        case K_FLOOR:
            if (!cmdtext_floor(val[i], vlen[i], &x))
                return false;
            break;
        case K_PCT:
            if (word_is(val[i], vlen[i], "n/a"))
                continue;
            /* fall through */
        case K_ROUND:
            if (!cmdtext_round(val[i], vlen[i], &x))
                return false;
            break;
        default:
            continue;
        }
        r->have[c] = true;
        r->v[c] = x;
    }
    return !plausible || !r->have[C_VCPUS] || (r->v[C_VCPUS] >= 1 && r->v[C_VCPUS] <= 65536);
}

/* Tokens of a row, "no limit" kept as one. */
static size_t row_tokens(const char *line, size_t len, const char **tok, size_t *tlen)
{
    size_t n = str_fields(line, len, tok, tlen, MAX_FIELDS), i, j;

    for (i = 0; i + 1 < n; i++) {
        if (word_is(tok[i], tlen[i], "no") && word_is(tok[i + 1], tlen[i + 1], "limit")) {
            tlen[i] = (size_t)(tok[i + 1] + tlen[i + 1] - tok[i]);
            for (j = i + 1; j + 1 < n; j++) {
                tok[j] = tok[j + 1];
                tlen[j] = tlen[j + 1];
            }
            n--;
        }
    }
    return n;
}

static json_object *row_json(const struct row *r)
{
    json_object *d = json_object_new_object();
    size_t c;

    jset_strn(d, "name", r->name, r->name_len);
    jset_strn(d, "state", r->state, 6);
    domstate_add_flags(d, &r->st);
    for (c = 0; c < C_OTHER; c++) {
        if (!cols[c].fact || !r->have[c])
            continue;
        if (r->null[c])
            jset_null(d, cols[c].fact);
        else
            jset_int(d, cols[c].fact, r->v[c]);
    }
    return d;
}

/* One domain row under header h; NULL (and a problem recorded) when it cannot be read. */
static json_object *parse_row(struct facts *f, const struct analyzer_input *in, size_t lineno,
                              const struct header *h, const char *line, size_t len)
{
    const char *tok[MAX_FIELDS];
    size_t tlen[MAX_FIELDS], n, s, nval, want, i;
    enum col col[MAX_FIELDS];
    struct row r;
    char q[CMDTEXT_QUOTE_MAX];

    memset(&r, 0, sizeof(r));
    n = row_tokens(line, len, tok, tlen);
    for (s = 1; s < n; s++)
        if (domstate_xentop(tok[s], tlen[s], &r.st))
            break;
    if (s >= n) {
        facts_error(f, in->path, lineno, "'%s': no domain state (6 letters of dsbcpr)",
                    cmdtext_quote(line, len, q));
        return NULL;
    }
    r.name = tok[0];
    r.name_len = (size_t)(tok[s - 1] + tlen[s - 1] - tok[0]);
    r.state = tok[s];
    nval = n - s - 1;
    want = h->n - 2;
    if (nval == want) {
        if (read_values(&r, h->col + 2, tok + s + 1, tlen + s + 1, nval, false))
            return row_json(&r);
        facts_error(f, in->path, lineno, "'%s': a column is not a number",
                    cmdtext_quote(line, len, q));
        return NULL;
    }
    if (nval < want) {
        facts_error(f, in->path, lineno, "'%s': %zu values where the header has %zu columns",
                    cmdtext_quote(line, len, q), nval, want);
        return NULL;
    }
    /* Too many values (the talk's copy repeats columns): first as trailing junk, then with the
     * columns after MAXMEM(%) counted from the right. */
    if (read_values(&r, h->col + 2, tok + s + 1, tlen + s + 1, want, true)) {
        facts_note(f, in->path, lineno, "%zu values where the header has %zu columns: "
                   "the last %zu ignored", nval, want, nval - want);
        return row_json(&r);
    }
    if (h->left && h->left <= want) {
        for (i = 0; i < nval; i++)
            col[i] = C_OTHER;
        for (i = 0; i < h->left; i++)
            col[i] = h->col[2 + i];
        for (i = h->left; i < want; i++)
            col[nval - want + i] = h->col[2 + i];
        if (read_values(&r, col, tok + s + 1, tlen + s + 1, nval, true)) {
            facts_note(f, in->path, lineno, "%zu values where the header has %zu columns: "
                       "the columns after MAXMEM(%%) read from the right", nval, want);
            return row_json(&r);
        }
    }
    facts_error(f, in->path, lineno, "'%s': %zu values where the header has %zu columns",
                cmdtext_quote(line, len, q), nval, want);
    return NULL;
}

/* Index of the row named like d in frame, or -1. Only exact names count: a name of exactly 10
 * characters may be a truncated one shared by several domains. */
static int find_same(json_object *frame, json_object *d)
{
    const char *name = jget_str(d, "name");
    size_t i;

    if (!name || strlen(name) == 10)
        return -1;
    for (i = 0; i < json_object_array_length(frame); i++) {
        const char *other = jget_str(json_object_array_get_idx(frame, i), "name");
        if (other && !strcmp(other, name))
            return (int)i;
    }
    return -1;
}

static int parse_xentop(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct header h = { .n = 0 };
    json_object *frame = NULL, *done = NULL, *d, *out;
    struct line_iter it;
    const char *line, *fld[MAX_FIELDS];
    size_t len, flen[MAX_FIELDS], n, frames = 0;
    int same;
    char q[CMDTEXT_QUOTE_MAX];

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        if (cmdtext_is_noise(line, len))
            continue;
        n = str_fields(line, len, fld, flen, MAX_FIELDS);
        if (parse_header(&h, fld, flen, n)) {
            frames++;
            if (frame && json_object_array_length(frame)) {
                json_object_put(done);
                done = frame;
            } else {
                json_object_put(frame);
            }
            frame = json_object_new_array();
            continue;
        }
        if (detail_line(fld, flen, n))
            continue;
        if (!frame) {
            facts_error(f, in->path, it.lineno, "'%s': a row before the column header",
                        cmdtext_quote(line, len, q));
            continue;
        }
        d = parse_row(f, in, it.lineno, &h, line, len);
        if (!d)
            continue;
        same = find_same(frame, d);
        if (same >= 0) {
            facts_note(f, in->path, it.lineno, "'%s' twice in one frame (a header line is "
                       "missing): the later row kept", jget_str(d, "name"));
            json_object_array_put_idx(frame, (size_t)same, d);
        } else {
            json_object_array_add(frame, d);
        }
    }
    if (frame && json_object_array_length(frame)) {
        json_object_put(done);
        done = frame;
    } else {
        json_object_put(frame);
    }
    if (!frames)
        return err_set(err, E_PARSE, "no column header (NAME STATE CPU(sec) ...): not xentop -b");
    if (!done)
        return err_set(err, E_PARSE, "no domain rows under the column header");
    out = facts_raw(f, "xentop");
    jset_int(out, "frames", (int64_t)frames);
    json_object_object_add(out, "domains", done);
    return 0;
}

static const char *const xentop_inputs[] = { "cmd/xentop.out", NULL };

ANALYZER(xentop) = {
    .name = "xentop",
    .desc = "xentop -b: per-domain cpu, memory, network and disk counters from the last frame",
    .inputs = xentop_inputs,
    .parse = parse_xentop,
};
