/* SPDX-License-Identifier: MIT */
/* loginv.h: the inventory of the logs (facts.logs): per logical source its files, bytes,
 * lines and the earliest and latest time in them. Logs stream through as text in chunks
 * (analyzer.c inflates gzip ones); the text is never kept. */
#ifndef OVMDIAG_LOGINV_H
#define OVMDIAG_LOGINV_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "analyzers/facts.h"
#include "analyzers/logsources.h"

struct loginv_file;

struct loginv {
    struct loginv_file *files;
    size_t n, alloc;
    struct loginv_file *cur;     /* being fed */
};

void loginv_init(struct loginv *li);
void loginv_release(struct loginv *li);
/* mtime gives the year of syslog lines, which have none; size is the stored size. */
void loginv_begin(struct loginv *li, const struct log_source *src, const char *path,
                  uint64_t size, time_t mtime);
/* Text of the current file (after inflating). */
void loginv_feed(struct loginv *li, const char *text, size_t len);
/* The stored data was not valid gzip from here on. */
void loginv_corrupt(struct loginv *li);
void loginv_end(struct loginv *li);
/* facts.logs.<source> = {files[], bytes, lines, first_time, last_time}. */
void loginv_to_facts(struct loginv *li, struct facts *f);

#endif
