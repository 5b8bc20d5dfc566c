/* SPDX-License-Identifier: MIT */
#include "lib/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

void err_init(struct err *err)
{
    err->code = 0;
    err->sys_errno = 0;
    err->msg[0] = '\0';
}

static PRINTF_LIKE(4, 0) int vset(struct err *err, int code, int errnum, const char *fmt,
                                  va_list ap)
{
    size_t len;

    if (!err || err->code)
        return err && err->code ? err->code : code;
    err->code = code;
    err->sys_errno = errnum;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    if (errnum) {
        len = strlen(err->msg);
        snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
    }
    return code;
}

int err_set(struct err *err, int code, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vset(err, code, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int err_errno(struct err *err, int code, int errnum, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vset(err, code, errnum, fmt, ap);
    va_end(ap);
    return rc;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
    char pre[512];
    char old[sizeof(err->msg)];
    va_list ap;

    if (!err)
        return E_INTERNAL;
    if (!err->code)
        err->code = E_INTERNAL;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof(pre), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    snprintf(err->msg, sizeof(err->msg), "%s: %s", pre, old);
    return err->code;
}

const char *err_code_name(int code)
{
    switch (code) {
    case E_OK: return "ok";
    case E_INVAL: return "invalid";
    case E_IO: return "io";
    case E_PARSE: return "parse";
    case E_NOTFOUND: return "not-found";
    case E_TIMEOUT: return "timeout";
    case E_UNSUPPORTED: return "unsupported";
    case E_NOSPACE: return "no-space";
    case E_INTERRUPTED: return "interrupted";
    default: return "internal";
    }
}
