/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *test_mkdtemp(void)
{
    const char *t = getenv("TMPDIR");
    char *p;
    size_t n;

    if (!t || !*t)
        t = "/tmp";
    n = strlen(t) + 32;
    p = malloc(n);
    snprintf(p, n, "%s/ovmdiag-test-XXXXXX", t);
    if (!mkdtemp(p)) {
        perror("mkdtemp");
        abort();
    }
    return p;
}

void test_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    struct stat st;
    char p[4096];

    if (!d) {
        unlink(dir);
        return;
    }
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            chmod(p, 0700);
            test_rmtree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

static void mkparents(char *path)
{
    char *s;

    for (s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST) {
            perror(path);
            abort();
        }
        *s = '/';
    }
}

void test_write_file(const char *dir, const char *rel, const char *data, size_t len, int mode)
{
    char p[4096];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", dir, rel);
    mkparents(p);
    f = fopen(p, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        perror(p);
        abort();
    }
    fclose(f);
    chmod(p, (mode_t)mode);
}

char *test_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, alloc = 0, n;

    if (!f)
        return NULL;
    do {
        if (len + 4096 + 1 > alloc) {
            alloc = (len + 4096 + 1) * 2;
            buf = realloc(buf, alloc);
        }
        n = fread(buf + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    if (len_out)
        *len_out = len;
    return buf;
}

bool test_process_alive(const char *marker)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    char p[300], *cmd;
    size_t len, i;
    bool found = false;

    if (!d)
        return false;
    while (!found && (de = readdir(d))) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9' || atoi(de->d_name) == getpid())
            continue;
        snprintf(p, sizeof(p), "/proc/%s/cmdline", de->d_name);
        cmd = test_read_file(p, &len);
        if (!cmd)
            continue;
        for (i = 0; i < len; i++)
            if (!cmd[i])
                cmd[i] = ' ';
        found = strstr(cmd, marker) != NULL;
        free(cmd);
    }
    closedir(d);
    return found;
}

void test_analyze(const struct analyzer *a, const char *path, const char *text, struct facts *f)
{
    facts_init(f);
    analyzer_run(a, f, path, text, strlen(text));
}

static size_t count_level(struct facts *f, const char *level)
{
    json_object *errs = json_object_object_get(f->root, "errors");
    size_t i, n = 0;

    for (i = 0; errs && i < json_object_array_length(errs); i++) {
        json_object *e = json_object_array_get_idx(errs, i);
        if (!strcmp(json_object_get_string(json_object_object_get(e, "level")), level))
            n++;
    }
    return n;
}

size_t test_fact_errors(struct facts *f)
{
    return count_level(f, "error");
}

size_t test_fact_notes(struct facts *f)
{
    return count_level(f, "note");
}

static const char *lookup(json_object *o, const char *path)
{
    static char *last;
    char key[256];
    const char *p = path;
    size_t n;

    while (*p && o) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            long idx = strtol(p + 1, (char **)&p, 10);
            p++; /* ] */
            o = json_object_is_type(o, json_type_array) && idx >= 0 &&
                        (size_t)idx < json_object_array_length(o)
                    ? json_object_array_get_idx(o, (size_t)idx)
                    : NULL;
            continue;
        }
        n = strcspn(p, ".[");
        snprintf(key, sizeof(key), "%.*s", (int)n, p);
        p += n;
        if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &o))
            o = NULL;
    }
    free(last);
    last = strdup(o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE)
                    : "null");
    return last;
}

const char *test_fact(struct facts *f, const char *path)
{
    return lookup(f->root, path);
}

const char *test_raw(struct facts *f, const char *path)
{
    return lookup(f->raw, path);
}
