/*
 * region.h -- creating memory regions and what power does to them.
 *
 * DRAM is volatile: at power-on it holds seeded garbage, never zeros, so a
 * guest that relies on DRAM surviving fails visibly (and reproducibly).
 * SCM is durable: its `durable` view survives a power cut and, when the config
 * names an image file, survives simscm itself.  See bus.h for the two views.
 */
#ifndef SIMSCM_REGION_H
#define SIMSCM_REGION_H

#include "bus.h"

struct region_config;

/*
 * Allocate r's arrays from rc.  two_views: keep `durable` separate from `mem`
 * (caches are modelled, so stores are not durable until written back).
 * Returns 0, or -1 after printing a clear error (e.g. an image file that is
 * not an SCM image or has the wrong size).
 */
int  region_create(struct region *r, const struct region_config *rc, bool two_views);
void region_destroy(struct region *r);

/* Power-on after a cut: DRAM gets garbage from seed; SCM's CPU view is
 * reloaded from its durable view. */
void region_power_on(struct region *r, uint64_t seed);

/* Copy one line from the CPU view to the durable view (a write-back). */
void region_writeback(struct region *r, uint64_t pa, unsigned bytes);

/* Make sure everything durable is on the host file (clean power-off). */
int  region_sync(struct region *r);

struct json;
/* Per-region stats (reads, writes, bytes, SCM wear) as a JSON object member. */
void region_stats_json(const struct region *r, struct json *j);

#endif
