/* SPDX-License-Identifier: MIT */
/* The Hyperscan path cuts a slice into parts of 1 GiB, overlapping by the longest literal, so
 * that no match across a cut is lost or counted twice (engine/logscan.c, hs_slice). A real run
 * gets there only with a feed of over a GiB without a newline; here all of test-logscan runs
 * again with parts of 97 bytes, so that literals straddle cuts everywhere, and must give the
 * same results (test_threads_agree also compares them with the portable search). */
#define LOGSCAN_HS_PART 97
#include "engine/logscan.c"
#include "tests/unit/test-logscan.c"
