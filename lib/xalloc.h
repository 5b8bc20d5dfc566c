/* SPDX-License-Identifier: MIT */
/* xalloc.h: allocation that aborts on OOM, so callers need not check (jq, git do the same). */
#ifndef OVMDIAG_XALLOC_H
#define OVMDIAG_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (array of *alloc elements of size elem) to hold at least need elements. */
void xgrow(void **p, size_t *alloc, size_t need, size_t elem);
#define XGROW(p, alloc, need) xgrow((void **)&(p), &(alloc), (need), sizeof(*(p)))

#endif
