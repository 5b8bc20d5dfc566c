/* SPDX-License-Identifier: MIT */
/* xenstate.c: decoding the domain state column of xm list, xl list and xentop. */
#include "analyzers/xenstate.h"
#include "analyzers/facts.h"

#include <string.h>

#include "lib/banned.h"

enum { ST_R, ST_B, ST_P, ST_S, ST_C, ST_D };

static bool *flag(struct domstate *st, int which)
{
    switch (which) {
    case ST_R: return &st->running;
    case ST_B: return &st->blocked;
    case ST_P: return &st->paused;
    case ST_S: return &st->shutdown;
    case ST_C: return &st->crashed;
    default: return &st->dying;
    }
}

/* letters[i] is the letter at position i, order[i] the flag it sets. */
static bool decode(const char *s, size_t len, const char *letters, const int *order,
                   struct domstate *st)
{
    size_t i;

    memset(st, 0, sizeof(*st));
    if (len != 6)
        return false;
    for (i = 0; i < 6; i++) {
        if (s[i] == letters[i])
            *flag(st, order[i]) = true;
        else if (s[i] != '-')
            break;
    }
    if (i < 6) {
        memset(st, 0, sizeof(*st));
        return false;
    }
    return true;
}

bool domstate_xm(const char *s, size_t len, struct domstate *st)
{
    static const int order[6] = { ST_R, ST_B, ST_P, ST_S, ST_C, ST_D };

    return decode(s, len, "rbpscd", order, st);
}

bool domstate_xentop(const char *s, size_t len, struct domstate *st)
{
    static const int order[6] = { ST_D, ST_S, ST_B, ST_C, ST_P, ST_R };

    return decode(s, len, "dsbcpr", order, st);
}

bool domstate_xl(const char *s, size_t len, struct domstate *st)
{
    static const int order[6] = { ST_R, ST_B, ST_P, ST_S, ST_C, ST_D };
    char tmp[6];

    memset(st, 0, sizeof(*st));
    if (len != 6 || !s[4] || !strchr("-rscw", s[4]))
        return false;
    /* Position 5 holds a reason letter, not a flag: decode the rest with it blanked. */
    memcpy(tmp, s, 6);
    tmp[4] = '-';
    if (!decode(tmp, 6, "rbpscd", order, st))
        return false;
    st->reason = s[4];
    st->crashed = s[4] == 'c';
    return true;
}

const char *domstate_reason_name(const struct domstate *st)
{
    if (!st->shutdown || !st->reason)
        return NULL;
    switch (st->reason) {
    case 'r': return "reboot";
    case 's': return "suspend";
    case 'c': return "crash";
    case 'w': return "watchdog";
    default: return "poweroff";
    }
}

void domstate_add_flags(json_object *obj, const struct domstate *st)
{
    json_object *fl = json_object_new_object();

    jset_bool(fl, "running", st->running);
    jset_bool(fl, "blocked", st->blocked);
    jset_bool(fl, "paused", st->paused);
    jset_bool(fl, "shutdown", st->shutdown);
    jset_bool(fl, "crashed", st->crashed);
    jset_bool(fl, "dying", st->dying);
    json_object_object_add(obj, "flags", fl);
}
