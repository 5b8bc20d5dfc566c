/* SPDX-License-Identifier: MIT */
/* mask-learn.c: the first pass of `collect --mask`. The bundle is streamed, so the names must
 * be known before the first byte is stored: read the few artefacts that define them (host
 * name, /etc/hosts, cluster.conf, every .ovsrepo and vm.cfg, the agent's server and
 * repository databases), each capped. Repository reads run in a child with the read deadline,
 * like the collection itself; the agent database dumps are kept and stored in their turn, not
 * run twice. Learns nothing else and stores nothing. */
#include "collector/ctx.h"
#include "collector/mask.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

#define LEARN_FILE_CAP (1 * MIB)     /* per definition file */
#define LEARN_REPO_MAX 256           /* repositories looked at */
#define LEARN_VMS_MAX 4096           /* vm.cfg per repository */
#define LEARN_VMCFG_CAP (256 * KIB)

static void read_capped(const char *real, size_t cap, struct buf *out)
{
    char chunk[8192];
    ssize_t n;
    int fd = open(real, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

    if (fd < 0)
        return;
    while (out->len < cap && (n = read(fd, chunk, MIN(sizeof(chunk), cap - out->len))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        buf_add(out, chunk, (size_t)n);
    }
    close(fd);
}

static void learn_local(struct collect_ctx *ctx, const char *path,
                        void (*fn)(struct mask *m, const char *text, size_t len))
{
    struct buf b = BUF_INIT;

    read_capped(collect_host_path(ctx, path), LEARN_FILE_CAP, &b);
    if (b.len)
        fn(ctx->mask, b.data, b.len);
    buf_release(&b);
}

static void learn_hostname_file(struct mask *m, const char *text, size_t len)
{
    size_t n = 0;

    while (n < len && text[n] != '\n')
        n++;
    mask_learn(m, MASK_HOST, text, n);
}

static void learn_network_file(struct mask *m, const char *text, size_t len)
{
    mask_learn_assign(m, MASK_HOST, "HOSTNAME", text, len);
}

/* Child side: one repository's .ovsrepo and every vm.cfg, concatenated, each capped. */
struct repo_read {
    const char *real;    /* the repository directory */
};

static void child_cat(const char *path, int out)
{
    struct buf b = BUF_INIT;
    size_t off;
    ssize_t n;

    read_capped(path, LEARN_VMCFG_CAP, &b);
    buf_addc(&b, '\n');
    for (off = 0; off < b.len; off += (size_t)n) {
        n = write(out, b.data + off, b.len - off);
        if (n <= 0)
            break;
    }
    buf_release(&b);
}

static int child_read_repo(void *arg, int out)
{
    struct repo_read *rr = arg;
    struct buf p = BUF_INIT;
    struct dirent *de;
    size_t n = 0;
    DIR *d;

    buf_addf(&p, "%s/.ovsrepo", rr->real);
    child_cat(p.data, out);
    buf_reset(&p);
    buf_addf(&p, "%s/VirtualMachines", rr->real);
    d = opendir(p.data);
    while (d && (de = readdir(d)) && n < LEARN_VMS_MAX) {
        if (de->d_name[0] == '.')
            continue;
        buf_reset(&p);
        buf_addf(&p, "%s/VirtualMachines/%s/vm.cfg", rr->real, de->d_name);
        child_cat(p.data, out);
        n++;
    }
    if (d)
        closedir(d);
    buf_release(&p);
    return 0;
}

static void learn_repositories(struct collect_ctx *ctx)
{
    static const char root[] = "/OVS/Repositories";
    char **names = NULL;
    size_t n = 0, alloc = 0, i;
    struct dirent *de;
    DIR *d = opendir(collect_host_path(ctx, root));

    if (!d)
        return;
    while ((de = readdir(d)) && n < LEARN_REPO_MAX) {
        if (de->d_name[0] == '.')
            continue;
        XGROW(names, alloc, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    for (i = 0; i < n && !collect_stopped(ctx); i++) {
        struct buf host_path = BUF_INIT, real = BUF_INIT, out = BUF_INIT;
        struct err err = ERR_INIT;
        struct repo_read rr;

        buf_addf(&host_path, "%s/%s", root, names[i]);
        if (!collect_path_is_hung(ctx, host_path.data)) {
            buf_adds(&real, collect_host_path(ctx, host_path.data));
            rr.real = real.data;
            /* A hang marks the repository hung: the collection skips it too. */
            if (!collect_in_child(ctx, host_path.data, child_read_repo, &rr, &out, &err)) {
                mask_learn_assign(ctx->mask, MASK_REPO, "OVS_REPO_ALIAS", out.data, out.len);
                mask_learn_assign(ctx->mask, MASK_VM, "OVM_simple_name", out.data, out.len);
            }
        }
        buf_release(&host_path);
        buf_release(&real);
        buf_release(&out);
        free(names[i]);
    }
    for (; i < n; i++)
        free(names[i]);
    free(names);
}

/* The agent's server and repository databases: pool alias, registered host name, repository
 * aliases. The same spec names as collect-ovs-agent.c, so that collect_cmd finds them. */
static void learn_agent_db(struct collect_ctx *ctx)
{
    static const char *const dbs[] = { "repository", "server" };
    size_t i;

    if (ctx->o->no_commands)
        return;
    for (i = 0; i < ARRAY_SIZE(dbs) && ctx->nprecmd < ARRAY_SIZE(ctx->precmd); i++) {
        const char *argv[] = { "ovs-agent-db", "dump_db", dbs[i], NULL };
        struct run_opts ro = {
            .argv = argv, .timeout_ms = ctx->o->cmd_timeout_s * 1000,
            .out_cap = (size_t)ctx->o->max_file_size, .interrupted = ctx->o->interrupted,
        };
        struct precmd *pc = &ctx->precmd[ctx->nprecmd];
        struct buf name = BUF_INIT;

        if (collect_stopped(ctx))
            return;
        run_result_init(&pc->r);
        run(&ro, &pc->r);
        if (pc->r.status == RUN_INTERRUPTED) {
            run_result_release(&pc->r);
            ctx->interrupted = true;
            return;
        }
        buf_addf(&name, "ovs-agent-db-dump_db-%s", dbs[i]);
        pc->name = buf_detach(&name, NULL);
        pc->used = false;
        ctx->nprecmd++;
        if (pc->r.status != RUN_EXITED || pc->r.exit_code)
            continue;
        mask_learn_pylit(ctx->mask, MASK_REPO, "alias", pc->r.out.data, pc->r.out.len);
        mask_learn_pylit(ctx->mask, MASK_POOL, "pool_alias", pc->r.out.data, pc->r.out.len);
        mask_learn_pylit(ctx->mask, MASK_HOST, "registered_hostname", pc->r.out.data,
                         pc->r.out.len);
    }
}

bool collect_take_precmd(struct collect_ctx *ctx, const char *name, struct run_result *r)
{
    size_t i;

    for (i = 0; i < ctx->nprecmd; i++) {
        if (!ctx->precmd[i].used && !strcmp(ctx->precmd[i].name, name)) {
            *r = ctx->precmd[i].r;
            ctx->precmd[i].used = true;
            return true;
        }
    }
    return false;
}

void collect_mask_learn(struct collect_ctx *ctx, const char *host)
{
    mask_learn(ctx->mask, MASK_HOST, host, strlen(host));
    learn_local(ctx, "/etc/hostname", learn_hostname_file);
    learn_local(ctx, "/etc/sysconfig/network", learn_network_file);
    learn_local(ctx, "/etc/hosts", mask_learn_hosts);
    learn_local(ctx, "/etc/ocfs2/cluster.conf", mask_learn_cluster_conf);
    learn_agent_db(ctx);
    learn_repositories(ctx);
}
