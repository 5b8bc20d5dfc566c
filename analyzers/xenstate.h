/* SPDX-License-Identifier: MIT */
/* xenstate.h: the 6-character domain state column of xm list, xl list and xentop, decoded into
 * flags. The three tools order the letters differently (ovm-knowledge.md §7.1-7.3). */
#ifndef OVMDIAG_XENSTATE_H
#define OVMDIAG_XENSTATE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

struct domstate {
    bool running, blocked, paused, shutdown, crashed, dying;
    /* xl only: the shutdown reason letter from "-rscw" (poweroff, reboot, suspend, crash,
     * watchdog); 0 for the other layouts. */
    char reason;
};

/* Each returns false (and leaves *st zeroed) unless s is exactly 6 characters, each either
 * its position's letter or '-'. xm: r b p s c d. xl: r b p s <reason> d, crashed when the
 * reason is 'c'. xentop: d s b c p r. */
bool domstate_xm(const char *s, size_t len, struct domstate *st);
bool domstate_xl(const char *s, size_t len, struct domstate *st);
bool domstate_xentop(const char *s, size_t len, struct domstate *st);

/* "poweroff", "reboot", "suspend", "crash", "watchdog" for an xl reason letter; NULL when the
 * domain is not shut down. */
const char *domstate_reason_name(const struct domstate *st);

/* obj.flags = {running, blocked, paused, shutdown, crashed, dying}; obj borrowed. */
void domstate_add_flags(json_object *obj, const struct domstate *st);

#endif
