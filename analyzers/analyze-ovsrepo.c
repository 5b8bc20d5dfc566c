/* SPDX-License-Identifier: MIT */
/* analyze-ovsrepo.c: a repository's .ovsrepo (KEY=VALUE lines the agent writes at the repository
 * root) -> raw.ovsrepo.<repo id> {uuid, alias, mgr_uuid, version, keys}. A uuid that is not the
 * directory's name is an error: the repository was copied or mounted in the wrong place. */
#include "analyzers/analyzer.h"
#include "analyzers/textscan.h"
#include "analyzers/ovmid.h"
#include "lib/lines.h"

#include <string.h>

#include "lib/banned.h"

#define REPO_DIR "root/OVS/Repositories/"

static const struct {
    const char *key;
    const char *fact;
} ovsrepo_keys[] = {
    { "OVS_REPO_UUID", "uuid" },
    { "OVS_REPO_ALIAS", "alias" },
    { "OVS_REPO_MGR_UUID", "mgr_uuid" },
    { "OVS_REPO_VERSION", "version" },
};

static bool valid_key(const char *s, size_t n)
{
    size_t i;

    if (!n || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static int parse_ovsrepo(struct facts *f, const struct analyzer_input *in, struct err *err)
{
    char id[128], key[128], q[64], q2[64], a[OVMID_LEN + 1], b[OVMID_LEN + 1];
    json_object *repo, *keys;
    struct line_iter it;
    const char *line, *k, *v, *eq, *uuid;
    size_t len, klen, vlen, i, found = 0, uuid_line = 0;

    if (!ovmid_repo_of_path(in->path, id, sizeof(id)))
        return err_set(err, E_PARSE, "no repository id in '%s'", in->path);
    keys = json_object_new_object();
    line_iter_init(&it, in->data, in->len);
    while (line_next(&it, &line, &len)) {
        str_trim(&line, &len);
        if (!len || *line == '#')
            continue;
        eq = memchr(line, '=', len);
        k = line;
        klen = eq ? (size_t)(eq - line) : 0;
        str_trim(&k, &klen);
        if (!eq || !valid_key(k, klen) || klen >= sizeof(key)) {
            facts_error(f, in->path, it.lineno, "'%s': not a KEY=VALUE line",
                        textscan_quote(q, sizeof(q), line, len, 40));
            continue;
        }
        v = eq + 1;
        vlen = len - (size_t)(v - line);
        str_trim(&v, &vlen);
        memcpy(key, k, klen);
        key[klen] = '\0';
        jset_strn(keys, key, v, vlen);
        if (!strcmp(key, "OVS_REPO_UUID"))
            uuid_line = it.lineno;
        found++;
    }
    if (!found) {
        json_object_put(keys);
        return err_set(err, E_PARSE, "no KEY=VALUE line: not a .ovsrepo file");
    }
    repo = json_object_new_object();
    for (i = 0; i < ARRAY_SIZE(ovsrepo_keys); i++)
        jset_str(repo, ovsrepo_keys[i].fact, jget_str(keys, ovsrepo_keys[i].key));
    uuid = jget_str(keys, "OVS_REPO_UUID");
    if (uuid && strcmp(uuid, id) &&
        !(ovmid_canon(uuid, strlen(uuid), a) && ovmid_canon(id, strlen(id), b) && !strcmp(a, b)))
        facts_error(f, in->path, uuid_line,
                    "OVS_REPO_UUID '%s' is not the repository's directory name '%s'",
                    textscan_quote(q, sizeof(q), uuid, strlen(uuid), 40),
                    textscan_quote(q2, sizeof(q2), id, strlen(id), 40));
    json_object_object_add(repo, "keys", keys);
    json_object_object_add(facts_raw(f, "ovsrepo"), id, repo);
    return 0;
}

static const char *const ovsrepo_inputs[] = { REPO_DIR "*/.ovsrepo", NULL };

ANALYZER(ovsrepo) = {
    .name = "ovsrepo",
    .desc = ".ovsrepo of every repository: its uuid, alias, manager and version",
    .inputs = ovsrepo_inputs,
    .parse = parse_ovsrepo,
};
