/* SPDX-License-Identifier: MIT */
/* err.h: error values with context. The first cause wins (curl failf); callers prefix on the way up. */
#ifndef OVMDIAG_ERR_H
#define OVMDIAG_ERR_H

#include "lib/compat.h"

enum err_code {
    E_OK = 0,
    E_INVAL = -1,       /* bad argument or usage */
    E_IO = -2,          /* system call failed */
    E_PARSE = -3,       /* bad input data */
    E_NOTFOUND = -4,
    E_TIMEOUT = -5,
    E_UNSUPPORTED = -6,
    E_NOSPACE = -7,     /* output disk full or file size limit */
    E_INTERRUPTED = -8, /* SIGINT/SIGTERM */
    E_INTERNAL = -9,
};

struct err {
    int code;          /* 0 while unset */
    int sys_errno;     /* errno of the first cause, 0 if none */
    char msg[1024];
};

#define ERR_INIT { 0, 0, { 0 } }

void err_init(struct err *err);
/* Set the message unless one is set already; returns code. err may be NULL. */
int err_set(struct err *err, int code, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* As err_set, appending ": strerror(errnum)". */
int err_errno(struct err *err, int code, int errnum, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Prefix "ctx: " to a set message; returns the stored code (or E_INTERNAL if none was set). */
int err_prefix(struct err *err, const char *fmt, ...) PRINTF_LIKE(2, 3);
const char *err_code_name(int code);

#endif
