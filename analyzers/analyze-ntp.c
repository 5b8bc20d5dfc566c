/* SPDX-License-Identifier: MIT */
/* analyze-ntp.c: ntpq -pn (ntpd, the Oracle VM Server default) or chronyc sources -> host.ntp:
 * whether the daemon answered (running), whether it has chosen a time source (synchronized:
 * ntpq's '*' tally, chrony's '*' state), its peers, how many of them it reaches, the chosen one
 * and its offset in ms. SYS-003 reads it beside the pool's clock comparison. A daemon that is
 * down says so on stderr ("ntpq: read: Connection refused", "506 Cannot talk to daemon"). */
#include "analyzers/analyzer.h"
#include "analyzers/cmdtext.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

struct ntp {
    const char *source;
    int64_t peers, reachable;
    bool synced, have_offset;
    const char *selected;
    size_t selected_len;
    double offset_ms;
};

static json_object *ntp_obj(struct facts *f, const char *source)
{
    json_object *o = facts_obj(f, "host.ntp");

    jset_str(o, "source", source);
    return o;
}

static void ntp_store(struct facts *f, const struct ntp *n)
{
    json_object *o = ntp_obj(f, n->source);

    jset_bool(o, "running", true);
    jset_bool(o, "synchronized", n->synced);
    jset_int(o, "peers", n->peers);
    jset_int(o, "reachable", n->reachable);
    if (n->selected)
        jset_strn(o, "selected", n->selected, n->selected_len);
    else
        jset_null(o, "selected");
    if (n->have_offset)
        json_object_object_add(o, "offset_ms", json_object_new_double(n->offset_ms));
    else
        jset_null(o, "offset_ms");
}

/* One peer line of ntpq -pn without its tally character: remote refid st t when poll reach
 * delay offset jitter. */
static bool ntpq_peer(struct ntp *n, char tally, const char *s, size_t len)
{
    const char *fld[11];
    size_t flen[11];
    int64_t reach = 0;
    double off;
    size_t i;

    if (str_fields(s, len, fld, flen, 11) != 10 || flen[6] > 3)
        return false;
    for (i = 0; i < flen[6]; i++) {        /* reach: an 8-bit register, in octal */
        if (fld[6][i] < '0' || fld[6][i] > '7')
            return false;
        reach = reach * 8 + (fld[6][i] - '0');
    }
    if (!str_to_double(fld[8], flen[8], &off))
        return false;
    n->peers++;
    if (reach)
        n->reachable++;
    if (tally == '*') {
        n->synced = true;
        n->selected = fld[0];
        n->selected_len = flen[0];
        n->offset_ms = off;
        n->have_offset = true;
    }
    return true;
}

static int parse_ntpq(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct ntp n = { .source = "ntpq" };
    struct line_iter it;
    const char *s, *held = NULL, *two[2];
    size_t len, held_len = 0, two_len[2];
    bool header = false;
    char line[512];

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &s, &len)) {
        if (cmdtext_is_noise(s, len))
            continue;
        if (!header) {
            if (str_contains(s, len, "No association ID's returned")) {
                ntp_store(f, &n);
                return 0;
            }
            header = str_contains(s, len, "remote") && str_contains(s, len, "refid");
            if (!header)
                return err_set(err, E_PARSE, "line %zu: not the table of ntpq -p", it.lineno);
            continue;
        }
        if (len && s[0] == '=')
            continue;
        /* an address too long for its column ends the line; the rest follows on the next */
        if (!held && str_fields(s, len, two, two_len, 2) == 1) {
            held = s;
            held_len = len;
            continue;
        }
        if (held) {
            if (held_len + 1 + len >= sizeof(line)) {
                facts_error(f, in->path, it.lineno, "a peer line too long");
                held = NULL;
                continue;
            }
            memcpy(line, held, held_len);
            line[held_len] = ' ';
            memcpy(line + held_len + 1, s, len);
            s = line;
            len += held_len + 1;
            held = NULL;
        }
        if (len < 2 || !ntpq_peer(&n, s[0], s + 1, len - 1))
            facts_error(f, in->path, it.lineno, "not a peer line of ntpq -p");
    }
    if (!header) {
        if (!in->len)
            return 0;           /* nothing on stdout: stderr says why */
        return err_set(err, E_PARSE, "no table of ntpq -p");
    }
    ntp_store(f, &n);     /* before line[], where a joined peer's address may be, goes */
    return 0;
}

/* "+123us", "-4.5ms", "12ns", "+1s" -> ms. */
static bool chrony_offset(const char *s, size_t len, double *ms)
{
    static const struct {
        const char *unit;
        double to_ms;
    } units[] = { { "ns", 1e-6 }, { "us", 1e-3 }, { "ms", 1.0 }, { "s", 1000.0 } };
    size_t i, k;

    for (i = 0; i < ARRAY_SIZE(units); i++) {
        k = strlen(units[i].unit);
        if (len > k && !memcmp(s + len - k, units[i].unit, k) &&
            str_to_double(s[0] == '+' ? s + 1 : s, len - k - (s[0] == '+'), ms)) {
            *ms *= units[i].to_ms;
            return true;
        }
    }
    return false;
}

/* "^* 10.0.0.1  2   6   377    34   +123us[ +145us] +/-  512us" */
static int parse_chronyc(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    struct ntp n = { .source = "chronyc" };
    struct line_iter it;
    const char *s, *fld[8], *last;
    size_t len, flen[8], nf, llen;
    bool header = false;
    int64_t reach;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &s, &len)) {
        if (cmdtext_is_noise(s, len))
            continue;
        if (!header) {
            header = len >= 2 && !memcmp(s, "MS", 2) && str_contains(s, len, "Name/IP");
            if (!header && !str_contains(s, len, "Number of sources"))
                return err_set(err, E_PARSE, "line %zu: not the table of chronyc sources",
                               it.lineno);
            continue;
        }
        if (len && s[0] == '=')
            continue;
        nf = str_fields(s, len, fld, flen, 8);
        if (nf < 7 || flen[0] != 2 || !strchr("^=#", fld[0][0]) ||
            !str_to_i64(fld[4], flen[4], &reach)) {
            facts_error(f, in->path, it.lineno, "not a source line of chronyc sources");
            continue;
        }
        n.peers++;
        if (reach)
            n.reachable++;
        if (fld[0][1] == '*') {
            n.synced = true;
            n.selected = fld[1];
            n.selected_len = flen[1];
            /* the last sample: "+123us[" or "+123us" before the bracket */
            last = fld[6];
            llen = flen[6];
            if (memchr(last, '[', llen))
                llen = (size_t)((const char *)memchr(last, '[', llen) - last);
            n.have_offset = chrony_offset(last, llen, &n.offset_ms);
        }
    }
    if (!header) {
        if (!in->len)
            return 0;
        return err_set(err, E_PARSE, "no table of chronyc sources");
    }
    ntp_store(f, &n);
    return 0;
}

/* stderr (and chronyc's stdout when its daemon is down): the daemon did not answer. */
static int parse_down(struct facts *f, const struct analyzer_input *in, const char *source)
{
    static const char *const down[] = { "Connection refused", "timed out", "Request timed out",
                                        "Cannot talk to daemon" };
    struct line_iter it;
    const char *s;
    size_t len, i;
    json_object *o;

    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &s, &len)) {
        for (i = 0; i < ARRAY_SIZE(down); i++) {
            if (!str_contains(s, len, down[i]))
                continue;
            o = ntp_obj(f, source);
            jset_bool(o, "running", false);
            jset_bool(o, "synchronized", false);
            str_trim(&s, &len);
            jset_strn(o, "error", s, len);
            return 0;
        }
    }
    return 0;
}

static int parse_ntp(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    bool chrony = !strncmp(in->path, "cmd/chronyc", 11);
    size_t n = strlen(in->path);

    if (n > 4 && !strcmp(in->path + n - 4, ".err"))
        return parse_down(f, in, chrony ? "chronyc" : "ntpq");
    if (chrony && str_contains(in->data, in->len, "Cannot talk to daemon"))
        return parse_down(f, in, "chronyc");
    return chrony ? parse_chronyc(f, in, err) : parse_ntpq(f, in, err);
}

static const char *const ntp_inputs[] = {
    "cmd/ntpq-pn.out", "cmd/ntpq-pn.err", "cmd/chronyc-sources.out", "cmd/chronyc-sources.err",
    NULL,
};

ANALYZER(ntp) = {
    .name = "ntp",
    .desc = "ntpq -pn or chronyc sources: is the time daemon running and synchronized",
    .inputs = ntp_inputs,
    .parse = parse_ntp,
};
