/* SPDX-License-Identifier: MIT */
/* jsonw.h: a small streaming JSON writer into a struct buf. The collector uses it instead of
 * json-c so that it can be linked statically with libc, libarchive and zlib only. */
#ifndef OVMDIAG_JSONW_H
#define OVMDIAG_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
    struct buf *out;   /* borrowed */
    bool pretty;
    int depth;
    bool need_comma[JSONW_MAX_DEPTH];
    bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *out, bool pretty);
void jsonw_obj_begin(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr_begin(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);   /* NULL writes null */
void jsonw_strn(struct jsonw *w, const char *s, size_t len);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

void jsonw_kv_str(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_kv_bool(struct jsonw *w, const char *key, bool v);

#endif
