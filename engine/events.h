/* SPDX-License-Identifier: MIT */
/* events.h: the notable log records (errors, crashes, starts, stops, cluster trouble) that the
 * report's timeline shows, found in the same pass as the rules' log queries. */
#ifndef OVMDIAG_EVENTS_H
#define OVMDIAG_EVENTS_H

#include <json-c/json.h>

#include "analyzers/facts.h"
#include "engine/logscan.h"

struct events;

struct events *events_new(void);
/* The queries to hand to logscan_new() with the rules' own (borrowed from ev; the array is the
 * caller's to free). */
size_t events_queries(struct events *ev, struct logscan_query ***out);
/* After logscan_finish(): [{time (ISO or null), source, kind, file, line, text, fields}],
 * timed records first in time order, then the untimed ones by file and line. */
json_object *events_to_json(const struct events *ev);
void events_free(struct events *ev);
/* qsort comparator of records (json_object *): timed ones first in time order, then by host
 * (records of a pool), file and line. */
int events_cmp_record(const void *a, const void *b);

#endif
