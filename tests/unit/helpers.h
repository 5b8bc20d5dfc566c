/* SPDX-License-Identifier: MIT */
/* helpers.h: shared bits of the cmocka unit tests. */
#ifndef OVMDIAG_TEST_HELPERS_H
#define OVMDIAG_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

/* A fresh directory under $TMPDIR (or /tmp); caller frees the string and removes the tree
 * with test_rmtree(). */
char *test_mkdtemp(void);
void test_rmtree(const char *dir);
/* Write data to dir/rel, creating parent directories; mode applied after writing. */
void test_write_file(const char *dir, const char *rel, const char *data, size_t len, int mode);
/* Whole file into a malloc'd NUL-terminated string (caller frees), NULL if unreadable. */
char *test_read_file(const char *path, size_t *len_out);
/* True when a process whose command line contains marker exists (other than us). */
bool test_process_alive(const char *marker);

/* Run one analyzer on text as if it were the bundle entry at path; f is initialised here and
 * released by the caller with facts_release(). */
struct analyzer;
struct facts;
void test_analyze(const struct analyzer *a, const char *path, const char *text, struct facts *f);
/* Number of errors[] entries (level "error") in f, and of notes. */
size_t test_fact_errors(struct facts *f);
size_t test_fact_notes(struct facts *f);
/* The value at a jq-like dotted path with [N] indexes below root ("vms[0].disks[1].path"),
 * as compact JSON text ("null" when absent); borrowed until the next call. */
const char *test_fact(struct facts *f, const char *path);
/* The same below f->raw. */
const char *test_raw(struct facts *f, const char *path);

#endif
