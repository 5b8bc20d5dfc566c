/* SPDX-License-Identifier: MIT */
/* xalloc.c: OOM is fatal; the process cannot do anything useful without memory. */
#include "lib/xalloc.h"
#include "lib/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

/* Never returns: cppcheck, which does not see that, reports the callers' p as leaked. */
NORETURN static void *oom(size_t n);

static void *oom(size_t n)
{
    fprintf(stderr, "ovmdiag: fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    // cppcheck-suppress memleak
    return p ? p : oom(n);
}

void *xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    // cppcheck-suppress memleak
    return p ? p : oom(nmemb * size);
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    // cppcheck-suppress memleak
    return q ? q : oom(n);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void xgrow(void **p, size_t *alloc, size_t need, size_t elem)
{
    size_t n;

    if (need <= *alloc)
        return;
    n = *alloc ? *alloc : 8;
    while (n < need)
        n *= 2;
    *p = xrealloc(*p, n * elem);
    *alloc = n;
}

void bug_at(const char *file, int line, const char *what)
{
    fprintf(stderr, "ovmdiag: BUG at %s:%d: %s\n", file, line, what);
    abort();
}
