/* SPDX-License-Identifier: MIT */
/* fuzz.h: what the libFuzzer targets (tests/fuzz/fuzz-*.c) share. Each target is one
 * LLVMFuzzerTestOneInput over a real library entry point; built with clang -fsanitize=fuzzer
 * for `make fuzz`, and with the normal compiler and replay.c for `make check`. A target keeps
 * no state between inputs, frees everything it makes, and writes no file. */
#ifndef OVMDIAG_FUZZ_H
#define OVMDIAG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a NUL-terminated string (it may hold other NULs); caller frees. */
char *fuzz_text(const uint8_t *data, size_t size);

/* The registered analyzer called name on data as the bundle entry at path, then the joins,
 * canonical order and the JSON text of the facts, as a bundle run would; all freed again.
 * Aborts when no analyzer has that name (a broken target, not a finding). */
void fuzz_analyzer(const char *name, const char *path, const uint8_t *data, size_t size);

#endif
