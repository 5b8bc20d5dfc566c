/* SPDX-License-Identifier: MIT */
/* compat.h: small portable macros used everywhere. */
#ifndef OVMDIAG_COMPAT_H
#define OVMDIAG_COMPAT_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define UNUSED __attribute__((unused))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define WARN_UNUSED __attribute__((warn_unused_result))
#define NORETURN __attribute__((noreturn))
#else
#define UNUSED
#define PRINTF_LIKE(f, a)
#define WARN_UNUSED
#define NORETURN
#endif

/* Abort on a broken invariant: the one permitted way out of library code besides OOM. */
NORETURN void bug_at(const char *file, int line, const char *what);
#define BUG(what) bug_at(__FILE__, __LINE__, (what))

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define KIB ((size_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)

#endif
