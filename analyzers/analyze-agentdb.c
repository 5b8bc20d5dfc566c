/* SPDX-License-Identifier: MIT */
/* analyze-agentdb.c: `ovs-agent-db dump_db <db>` (the Python repr of the agent's database, pprint
 * style) -> agentdb.<db> as JSON (sets and tuples become lists, floats strings). Shell prompts
 * and other text before the dump are skipped; a dump cut short keeps what was complete. */
#include "analyzers/analyzer.h"
#include "analyzers/pylit.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

#define AGENTDB_PREFIX "cmd/ovs-agent-db-dump_db-"
#define AGENTDB_SUFFIX ".out"

/* The database name from the bundle path; characters other than letters, digits, '-' and '_'
 * become '_'. False when there is no name. */
static bool db_name(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/'), *s;
    size_t n, i;

    base = base ? base + 1 : path;
    s = strstr(base, "dump_db-");
    if (!s)
        return false;
    s += strlen("dump_db-");
    n = strlen(s);
    if (n >= strlen(AGENTDB_SUFFIX) && !strcmp(s + n - strlen(AGENTDB_SUFFIX), AGENTDB_SUFFIX))
        n -= strlen(AGENTDB_SUFFIX);
    if (n == 0 || n >= size)
        return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '-' || c == '_'
                     ? c
                     : '_';
    }
    out[n] = '\0';
    return true;
}

/* Offset of the first non-blank character of the first line at or after from that is not
 * blank (brace false) or whose first non-blank character is '{' (brace true); len if none. */
static size_t next_start(const char *data, size_t len, size_t from, bool brace)
{
    struct line_iter it;
    const char *line, *t;
    size_t n, tn;

    line_iter_init(&it, data + from, len - from);
    while (line_next(&it, &line, &n)) {
        t = line;
        tn = n;
        str_trim(&t, &tn);
        if (tn && (!brace || *t == '{'))
            return (size_t)(t - data);
    }
    return len;
}

static bool has_entries(json_object *v)
{
    return (json_object_is_type(v, json_type_object) && json_object_object_length(v)) ||
           (json_object_is_type(v, json_type_array) && json_object_array_length(v));
}

/* Text after the dump on its own line (a prompt) is noise; on the same line it is not. */
static void check_rest_of_line(struct facts *f, const struct analyzer_input *in, size_t pos)
{
    char q[40];
    size_t i, k, n, line = 1;

    for (i = pos; i < in->len && in->data[i] != '\n'; i++) {
        if (in->data[i] == ' ' || in->data[i] == '\t' || in->data[i] == '\r')
            continue;
        for (k = 0; k < i; k++)
            line += in->data[k] == '\n';
        for (n = 0; n < 32 && i + n < in->len && in->data[i + n] != '\n' &&
                    in->data[i + n] != '\r'; n++)
            q[n] = in->data[i + n] >= 0x20 && in->data[i + n] < 0x7f ? in->data[i + n] : '?';
        q[n] = '\0';
        facts_error(f, in->path, line, "unexpected text after the dump: '%s'", q);
        return;
    }
}

#define MAX_TRIES 16

static int parse_agentdb(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    char name[128];
    json_object *v = NULL;
    struct pylit_where where, first_where = { 0 };
    struct err perr = ERR_INIT;
    size_t pos, end, first;
    int rc = E_PARSE, tries;

    if (!db_name(in->path, name, sizeof(name)))
        return err_set(err, E_PARSE, "no database name in '%s'", in->path);
    first = next_start(in->data, in->len, 0, false);
    if (first == in->len) {
        /* The command printed nothing: the database is not known to be empty. */
        jset_null(facts_obj(f, "agentdb"), name);
        return 0;
    }
    pos = next_start(in->data, in->len, 0, true);
    if (pos == in->len) {
        /* No line starts a dict: the whole text may be one literal (a list, None). */
        end = first;
        rc = pylit_parse_at(in->data, in->len, &end, PYLIT_PARTIAL, &v, &where, &perr);
        if (rc && !has_entries(v)) {
            json_object_put(v);
            return err_set(err, E_PARSE, "%zu:%zu: no Python literal to read: %s", where.line,
                           where.col, where.msg);
        }
    } else {
        /* The first line starting with '{' that gives something; forum markup such as {code}
         * may come before the dump. */
        for (tries = 0; pos < in->len && tries < MAX_TRIES; tries++) {
            end = pos;
            rc = pylit_parse_at(in->data, in->len, &end, PYLIT_PARTIAL, &v, &where, &perr);
            if (!rc || has_entries(v))
                break;
            if (tries == 0)
                first_where = where;
            json_object_put(v);
            v = NULL;
            err_init(&perr);
            end = next_start(in->data, in->len, pos, false);
            end += strcspn(in->data + end, "\n");
            pos = end < in->len ? next_start(in->data, in->len, end + 1, true) : in->len;
        }
        if (rc && !v) {
            facts_error(f, in->path, first_where.line, "%zu:%zu: %s", first_where.line,
                        first_where.col, first_where.msg);
            return 0;
        }
    }
    if (rc)
        facts_error(f, in->path, where.line, "%zu:%zu: %s; the entries before it are kept",
                    where.line, where.col, where.msg);
    else
        check_rest_of_line(f, in, end);
    json_object_object_add(facts_obj(f, "agentdb"), name, v);
    return 0;
}

static const char *const agentdb_inputs[] = { AGENTDB_PREFIX "*" AGENTDB_SUFFIX, NULL };

ANALYZER(agentdb) = {
    .name = "agentdb",
    .desc = "ovs-agent-db dump_db: the OVM agent's databases (server, repository, ...)",
    .inputs = agentdb_inputs,
    .parse = parse_agentdb,
};
