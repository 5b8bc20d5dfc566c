/* SPDX-License-Identifier: MIT */
/* collect_run on a small fixture host: statuses in the manifest, head+tail truncation, masking,
 * privacy, --since, the .sha256 file, and a FIFO that must not hang the run. */
#include "tests/unit/helpers.h"
#include "collector/collector.h"
#include "lib/sha256.h"
#include "lib/timeutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define REPO "/OVS/Repositories/0004fb000003000024cd350d232b41fc"

struct entry {
    char *name;
    char *data;
    size_t len;
};

struct fixture {
    char *dir;
    char root[4096];
    char out[4096];
    struct entry ent[256];
    size_t n;
    json_object *manifest;
};

static void write_text(struct fixture *f, const char *rel, const char *text)
{
    test_write_file(f->root, rel, text, strlen(text), 0644);
}

static void set_mtime(struct fixture *f, const char *rel, time_t t)
{
    char p[4096];
    struct utimbuf ub = { t, t };

    snprintf(p, sizeof(p), "%s/%s", f->root, rel);
    utime(p, &ub);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    char p[4096], *big;
    size_t i;
    int n;
    FILE *log;

    f->dir = test_mkdtemp();
    snprintf(f->root, sizeof(f->root), "%s/root", f->dir);
    write_text(f, "etc/hostname", "testhost.example.com\n");
    write_text(f, "etc/ovs-agent/agent.ini", "[server]\nusername=oracle\npassword=Welcome1\n");
    write_text(f, "etc/ovs-agent/passwdfile", "SECRET-PASSWDFILE\n");
    write_text(f, "etc/xen/vm1.cfg", "name = 'vm1'\nvncpasswd = 'SECRET-VNC'\n");
    write_text(f, REPO "/.ovsrepo", "OVS_REPO_UUID=0004fb000003000024cd350d232b41fc\nOVS_REPO_ALIAS=r1\n");
    write_text(f, REPO "/VirtualMachines/0004fb0000060000aaaaaaaaaaaaaaaa/vm.cfg",
               "name = '0004fb0000060000aaaaaaaaaaaaaaaa'\nvncpasswd='SECRET-VNC2'\n");
    write_text(f, REPO "/VirtualDisks/0004fb0000120000bbbbbbbbbbbbbbbb.img", "disk");
    snprintf(p, sizeof(p), "%s/etc/xen/fifo", f->root);
    assert_int_equal(mkfifo(p, 0600), 0);

    /* xend.log: one line per hour from 2026-11-18 00:00 to 2026-11-20 23:00 */
    snprintf(p, sizeof(p), "%s/var/log/xen", f->root);
    test_write_file(f->root, "var/log/xen/.keep", "", 0, 0644);
    snprintf(p, sizeof(p), "%s/var/log/xen/xend.log", f->root);
    log = fopen(p, "w");
    for (i = 0; i < 72; i++)
        fprintf(log, "[2026-11-%02zu %02zu:00:00 100] INFO (XendDomain:1) line %zu\n",
                18 + i / 24, i % 24, i);
    fclose(log);
    write_text(f, "var/log/xen/xend.log.1", "[2026-11-10 00:00:00 100] INFO (X:1) old\n");
    set_mtime(f, "var/log/xen/xend.log.1", time_from_utc(2026, 11, 10, 0, 0, 0));
    /* 200 KiB qemu-dm log: cut to head and tail at 64 KiB */
    big = malloc(200 * 1024 + 1);
    for (i = 0, n = 0; i + 32 < 200 * 1024; n++)
        i += (size_t)snprintf(big + i, 64, "qemu line %06d padding......\n", n);
    test_write_file(f->root, "var/log/xen/qemu-dm-vm1.log", big, i, 0644);
    free(big);

    /* stub commands */
    test_write_file(f->dir, "bin/xm", "#!/bin/sh\necho \"xm $*\"\n", 22, 0755);
    test_write_file(f->dir, "bin/ovs-agent-db",
                    "#!/bin/sh\necho \"{'manager_password': 'SECRET-DB', 'alias': '$2'}\"\n",
                    67, 0755);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    size_t i;

    for (i = 0; i < f->n; i++) {
        free(f->ent[i].name);
        free(f->ent[i].data);
    }
    if (f->manifest)
        json_object_put(f->manifest);
    test_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void load_bundle(struct fixture *f)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    const char *slash;

    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    assert_int_equal(archive_read_open_filename(a, f->out, 10240), ARCHIVE_OK);
    while (archive_read_next_header(a, &e) == ARCHIVE_OK && f->n < 256) {
        struct entry *en = &f->ent[f->n++];
        size_t size = (size_t)archive_entry_size(e);
        slash = strchr(archive_entry_pathname(e), '/');
        en->name = strdup(slash ? slash + 1 : archive_entry_pathname(e));
        en->data = malloc(size + 1);
        en->len = (size_t)archive_read_data(a, en->data, size);
        en->data[en->len] = '\0';
        if (!strcmp(en->name, "manifest.json"))
            f->manifest = json_tokener_parse(en->data);
    }
    archive_read_free(a);
    assert_non_null(f->manifest);
}

static const struct entry *entry(struct fixture *f, const char *name)
{
    size_t i;

    for (i = 0; i < f->n; i++)
        if (!strcmp(f->ent[i].name, name))
            return &f->ent[i];
    return NULL;
}

static json_object *item(struct fixture *f, const char *source)
{
    json_object *items = json_object_object_get(f->manifest, "items");
    size_t i;

    for (i = 0; i < json_object_array_length(items); i++) {
        json_object *it = json_object_array_get_idx(items, i);
        if (!strcmp(json_object_get_string(json_object_object_get(it, "source")), source))
            return it;
    }
    fail_msg("no manifest item for '%s'", source);
    return NULL;
}

static const char *status_of(struct fixture *f, const char *source)
{
    return json_object_get_string(json_object_object_get(item(f, source), "status"));
}

static void collect(struct fixture *f, time_t since)
{
    char path[8192];
    struct collect_opts o = {
        .sysroot = f->root, .cmd_timeout_s = 5, .max_file_size = 64 * 1024,
        .max_size = 1ULL << 30, .since = since, .cmdline = "test",
    };
    struct collect_summary sum;
    struct err err = ERR_INIT;

    snprintf(f->out, sizeof(f->out), "%s/out.tar.gz", f->dir);
    o.output = f->out;
    snprintf(path, sizeof(path), "%s/bin:/usr/bin:/bin", f->dir);
    setenv("PATH", path, 1);
    assert_int_equal(collect_run(&o, &sum, &err), 0);
    assert_string_equal(sum.bundle_path, f->out);
    collect_summary_release(&sum);
    load_bundle(f);
}

static void test_collect_statuses_and_privacy(void **state)
{
    struct fixture *f = *state;
    const struct entry *e;
    struct stat st;
    char shapath[4200], want[65], *shafile, *bundle;
    size_t len;
    struct sha256 s;
    size_t i;

    collect(f, 0);
    assert_int_equal(stat(f->out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* the .sha256 file matches the bundle, in sha256sum format */
    snprintf(shapath, sizeof(shapath), "%s.sha256", f->out);
    shafile = test_read_file(shapath, NULL);
    bundle = test_read_file(f->out, &len);
    sha256_init(&s);
    sha256_update(&s, bundle, len);
    sha256_final_hex(&s, want);
    assert_memory_equal(shafile, want, 64);
    assert_string_equal(shafile + 64, "  out.tar.gz\n");
    free(shafile);
    free(bundle);

    assert_string_equal(json_object_get_string(json_object_object_get(f->manifest, "hostname")),
                        "testhost");
    assert_string_equal(status_of(f, "/etc/ovs-agent/passwdfile"), "skipped-privacy");
    assert_null(entry(f, "root/etc/ovs-agent/passwdfile"));
    assert_string_equal(status_of(f, "/etc/xen/fifo"), "skipped-not-regular");
    assert_string_equal(status_of(f, "xm list"), "ok");
    assert_string_equal(status_of(f, "xl list"), "missing");
    assert_string_equal(status_of(f, "/etc/ovs-agent/db/server"), "missing");
    assert_string_equal(status_of(f, REPO "/.ovsrepo"), "ok");
    assert_string_equal(status_of(f, REPO "/.ovsmeta"), "missing");

    e = entry(f, "root/etc/ovs-agent/agent.ini");
    assert_non_null(e);
    assert_non_null(strstr(e->data, "password=********\n"));
    assert_non_null(entry(f, "cmd/xm-list.out"));
    assert_string_equal(entry(f, "cmd/xm-list.out")->data, "xm list\n");
    assert_non_null(entry(f, "listing" REPO ".json"));
    assert_non_null(strstr(entry(f, "listing" REPO ".json")->data,
                           "\"VirtualDisks/0004fb0000120000bbbbbbbbbbbbbbbb.img\""));
    assert_non_null(entry(f, "xen/xenctrl.json"));

    /* no secret anywhere in the bundle */
    for (i = 0; i < f->n; i++)
        assert_null(strstr(f->ent[i].data, "SECRET"));

    /* head and tail, cut at line boundaries, with the marker between */
    e = entry(f, "root/var/log/xen/qemu-dm-vm1.log");
    assert_non_null(e);
    assert_string_equal(status_of(f, "/var/log/xen/qemu-dm-vm1.log"), "truncated");
    assert_true(e->len <= 64 * 1024 + 100);
    assert_memory_equal(e->data, "qemu line 000000", 16);
    assert_non_null(strstr(e->data, "padding......\n[ovmdiag: "));
    assert_non_null(strstr(e->data, "bytes omitted here; head and tail kept]\nqemu line "));
    assert_int_equal(e->data[e->len - 1], '\n');
    snprintf(shapath, sizeof(shapath), "%s/var/log/xen/qemu-dm-vm1.log", f->root);
    assert_int_equal(stat(shapath, &st), 0);
    assert_int_equal(json_object_get_int64(json_object_object_get(
                         item(f, "/var/log/xen/qemu-dm-vm1.log"), "bytes_original")),
                     st.st_size);
}

static void test_collect_since(void **state)
{
    struct fixture *f = *state;
    const struct entry *e;

    collect(f, time_from_utc(2026, 11, 20, 12, 0, 0));
    assert_string_equal(status_of(f, "/var/log/xen/xend.log.1"), "skipped-since");
    e = entry(f, "root/var/log/xen/xend.log");
    assert_non_null(e);
    assert_memory_equal(e->data, "[2026-11-20 12:00:00", 20);
    assert_non_null(strstr(e->data, "line 71\n"));
    assert_null(strstr(e->data, "line 59\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_collect_statuses_and_privacy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collect_since, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
