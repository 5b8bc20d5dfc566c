/* SPDX-License-Identifier: MIT */
/* collect-ovs-agent.c: the Oracle VM agent. Every database in /etc/ovs-agent/db is dumped with
 * `ovs-agent-db dump_db NAME` (server and repository always) and copied raw: the files are
 * Berkeley DB hashes read with a plain read-only open, so no lock is taken. agent.ini is
 * collected with its password values masked; passwdfile, keys and certificates never are
 * (privacy.c). */
#include "collector/collector.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

#define AGENT_DB_DIR "/etc/ovs-agent/db"
#define MAX_DBS 64

static const struct artifact_spec agent_specs[] = {
    /* All of its configuration; privacy.c turns away passwdfile, keys and certificates. */
    TREE_SPEC("/etc/ovs-agent", 0),
    { .kind = SPEC_GLOB, .path = "/var/log", .pattern = "ovs-agent.log*",
      .flags = SF_BULK | SF_SINCE, .prio = 1 },
    { .kind = SPEC_TREE, .path = "/var/log/ovs-agent", .flags = SF_BULK | SF_SINCE, .prio = 1 },
    GLOB_SPEC("/var/log", "ovm-consoled.log*", SF_BULK),
    GLOB_SPEC("/var/log", "ovmwatch.log*", SF_BULK),
    GLOB_SPEC("/var/log", "osc.log*", SF_BULK),
    GLOB_SPEC("/var/log", "devmon.log*", SF_BULK),
    SPEC_END_ROW
};

/* Database names become argv and file names: letters, digits, '_' and '-' only. Berkeley DB
 * environment files (__db.001, log.0000000001) are not databases. */
static bool db_name_ok(const char *n)
{
    size_t i;

    if (!n[0] || !strncmp(n, "__db", 4) || !strncmp(n, "log.", 4))
        return false;
    for (i = 0; n[i]; i++)
        if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= 'A' && n[i] <= 'Z') ||
              (n[i] >= '0' && n[i] <= '9') || n[i] == '_' || n[i] == '-'))
            return false;
    return true;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_name(char **names, size_t *n, const char *name)
{
    size_t i;

    for (i = 0; i < *n; i++)
        if (!strcmp(names[i], name))
            return;
    if (*n < MAX_DBS)
        names[(*n)++] = xstrdup(name);
}

static int agent_run(struct collect_ctx *ctx, struct err *err)
{
    char *names[MAX_DBS] = { NULL };
    size_t n = 0, i;
    struct dirent *de;
    DIR *d;

    (void)err;
    add_name(names, &n, "server");
    add_name(names, &n, "repository");
    d = opendir(collect_host_path(ctx, AGENT_DB_DIR));
    if (d) {
        while ((de = readdir(d)))
            if (de->d_name[0] != '.' && db_name_ok(de->d_name))
                add_name(names, &n, de->d_name);
        closedir(d);
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_name);
    /* Queue the dumps to run ahead (cmdpool.c), then store them in order. */
    for (i = 0; i < n; i++) {
        struct artifact_spec sp = { .kind = SPEC_CMD };
        struct buf cmd = BUF_INIT;

        buf_addf(&cmd, "ovs-agent-db-dump_db-%s", names[i]);
        sp.name = cmd.data;
        sp.argv[0] = "ovs-agent-db";
        sp.argv[1] = "dump_db";
        sp.argv[2] = names[i];
        collect_cmd_ahead(ctx, &sp);
        buf_release(&cmd);
    }
    for (i = 0; i < n; i++) {
        struct artifact_spec sp = { .kind = SPEC_CMD };
        struct buf cmd = BUF_INIT, path = BUF_INIT;

        buf_addf(&cmd, "ovs-agent-db-dump_db-%s", names[i]);
        buf_addf(&path, AGENT_DB_DIR "/%s", names[i]);
        sp.name = cmd.data;
        sp.argv[0] = "ovs-agent-db";
        sp.argv[1] = "dump_db";
        sp.argv[2] = names[i];
        collect_cmd(ctx, &sp);
        collect_file(ctx, path.data, SF_BINARY);
        buf_release(&cmd);
        buf_release(&path);
        free(names[i]);
    }
    return 0;
}

COLLECTOR(ovs_agent) = {
    .name = "ovs-agent",
    .desc = "Oracle VM agent: database dumps and raw copies, agent.ini (masked), agent logs",
    .specs = agent_specs,
    .run = agent_run,
};
