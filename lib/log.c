/* SPDX-License-Identifier: MIT */
#include "lib/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "lib/banned.h"

static log_sink_fn *sink;
static void *sink_data;

void log_set_sink(log_sink_fn *fn, void *data)
{
    sink = fn;
    sink_data = data;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    if (!sink)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sink(level, msg, sink_data);
}
