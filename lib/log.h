/* SPDX-License-Identifier: MIT */
/* log.h: warnings and progress from library code go to a sink that cli/ installs; the library
 * itself never writes to stdout or stderr. */
#ifndef OVMDIAG_LOG_H
#define OVMDIAG_LOG_H

#include "lib/compat.h"

enum log_level {
    LOG_WARN,
    LOG_INFO,
    LOG_VERBOSE,   /* one line per item (-v) */
    LOG_PROGRESS,  /* a transient status line: area, item, bytes (terminal only) */
};

typedef void log_sink_fn(enum log_level level, const char *msg, void *data);

/* With no sink installed, messages are dropped. */
void log_set_sink(log_sink_fn *fn, void *data);
void log_msg(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
