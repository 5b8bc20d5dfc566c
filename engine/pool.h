/* SPDX-License-Identifier: MIT */
/* pool.h: analyze --pool. The bundles of the members of one server pool are analysed one after
 * another, each as a stream like a single bundle (its host rules run on it, its logs are
 * scanned once); only each host's facts document and findings stay in memory. Then the joins
 * across the hosts (docs/facts/pool.md) make the pool facts document, {"pool": {...}}, and the
 * rules with scope = pool run once on it. Never prints. */
#ifndef OVMDIAG_POOL_H
#define OVMDIAG_POOL_H

#include <json-c/json.h>
#include <stddef.h>

#include "engine/eval.h"
#include "engine/ruleset.h"

struct pool_host {
    char *path;            /* the bundle as given */
    char *name;            /* unique within the pool, set by pool_finish() */
    json_object *facts;    /* the host's facts document; owned */
    struct eval_run run;   /* the host rules on this host (timeline included) */
};

/* A bundle that could not be read at all: the others are analysed without it. */
struct pool_unreadable {
    char *path;
    struct err err;
};

struct pool {
    struct pool_host *hosts;   /* sorted by name after pool_finish() */
    size_t n, alloc;
    struct pool_unreadable *unreadable;   /* in the order given */
    size_t nunreadable, unreadable_alloc;
    json_object *doc;          /* {"pool": {...}} after pool_finish(); owned */
    struct eval_run run;       /* the pool rules */
};

void pool_init(struct pool *p);
/* Free everything p owns and re-initialise it; idempotent. */
void pool_release(struct pool *p);
/* Analyse one bundle (a .tar.gz or an extracted directory) with the host rules of rs and keep
 * its facts and results. On failure no host is added, err says which bundle failed and why,
 * and the bundle is listed in p->unreadable (the pool report's coverage says so). */
int pool_add_bundle(struct pool *p, struct ruleset *rs, const char *path,
                    struct err *err);
/* Sort the hosts, build the pool facts and run the pool rules of rs. Call once, after the last
 * pool_add_bundle(). */
void pool_finish(struct pool *p, struct ruleset *rs);

/* The joins alone: the pool object ({name, hosts, members, vms, repositories, wwids, masters,
 * evictions, ...}) over the host facts documents in hosts (a json array, borrowed; the result
 * holds new references to its items). timelines is NULL or an array parallel to hosts holding
 * each host's timeline (report JSON form), which gives the evictions. Caller owns the result. */
json_object *pool_join(json_object *hosts, json_object *timelines);

#endif
