/* SPDX-License-Identifier: MIT */
/* ruletest.h: tests/rules/<ID>.test, the cases a rule must get right (the jq.test idea):
 *
 *   [case: Dom0 below the sizing rule]
 *   expect   = fail                   fail | pass | skip | error
 *   message  = wants 3186 MB          optional pcre2 pattern; a finding's message must match
 *   findings = 1                      optional: how many findings
 *   facts    = {"dom0": {"mem_mb": 2796}, "host": {"xen": {"total_mb": 130946}}}
 *   artefact cmd/xm-info.out =        artefact text, run through the analyzers and the joins
 *     total_memory           : 130946
 *   log xend =                        text of a log source, scanned by the rule's [log] sections
 *     [2026-11-20 10:01:02 4711] ERROR (XendDomainInfo:1) ...
 *
 * A value that is empty on its line continues on the lines below indented by two spaces
 * (which are removed). Inline facts are merged over what the artefacts gave.
 *
 * A pool rule (scope = pool) is tested on a pool facts document: facts = {"pool": {...}}. The
 * case may give the joins themselves (pool.members, pool.vms, ...) or pool.hosts, an array of
 * host facts documents, and optionally pool.timelines (each host's timeline records, for the
 * evictions): then the joins of engine/pool.h are made from them. The file CFG-004.pool.test
 * tests the pool rule of an id that also names a host rule. */
#ifndef OVMDIAG_RULETEST_H
#define OVMDIAG_RULETEST_H

#include <stdio.h>

#include "engine/ruleset.h"

struct ruletest_summary {
    unsigned files, cases, failed;
};

/* Run the cases of one .test file against rs (the rule is the file's base name up to ".test");
 * every failure is written to out as "file:line: case 'name': ...". Problems with the test file
 * itself count as failures. */
void ruletest_run_file(struct ruleset *rs, const char *path, FILE *out,
                       struct ruletest_summary *sum);

#endif
