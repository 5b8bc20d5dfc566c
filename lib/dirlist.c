/* SPDX-License-Identifier: MIT */
#include "lib/dirlist.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **dir_sorted_names(const char *dir, size_t *n_out)
{
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    DIR *d = opendir(dir);

    *n_out = 0;
    if (!d)
        return NULL;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        XGROW(names, alloc, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_str);
    if (!names)
        names = xcalloc(1, sizeof(*names));
    *n_out = n;
    return names;
}

void dir_names_free(char **names, size_t n)
{
    size_t i;

    for (i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}
