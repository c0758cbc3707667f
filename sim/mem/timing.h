/*
 * timing.h -- "how many cycles did that memory access cost?"
 *
 * The CPU asks this module after the bus (or its RAM fast path) has done the
 * access functionally.  It models L1I, L1D and an optional shared L2 as tag
 * arrays (set-associative, LRU, write-back, write-allocate, per-line dirty
 * bit), and one memory controller per region (DRAM or SCM latency, optional
 * row buffer).  Data never lives here: the region arrays hold it.  What the
 * caches change is *durability*: a store reaches an SCM region's durable view
 * only when its line is written back (eviction, cbo.clean, cbo.flush), which is
 * what makes a power cut lose recent stores.
 *
 * Latencies come from the config in ns and are turned into cycles once at
 * timing_new(), so the hot path adds integers.
 */
#ifndef SIMSCM_TIMING_H
#define SIMSCM_TIMING_H

#include <stdint.h>
#include <stdio.h>

struct config;
struct bus;
struct json;

enum cbo_op { CBO_CLEAN, CBO_FLUSH, CBO_INVAL };

struct timing;

/* NULL when cfg->cpu.timing is off. */
struct timing *timing_new(const struct config *cfg, struct bus *bus);
void timing_free(struct timing *t);

/* Cycles for an instruction fetch of the line holding pa. */
uint32_t timing_fetch(struct timing *t, uint64_t pa);
/* Cycles for a data load/store at pa (size bytes, may straddle a line). */
uint32_t timing_load(struct timing *t, uint64_t pa, unsigned size);
uint32_t timing_store(struct timing *t, uint64_t pa, unsigned size);
/* Zicbom on the line holding pa. */
uint32_t timing_cbo(struct timing *t, uint64_t pa, enum cbo_op op);

/* Power: write every dirty line back (flush-on-fail, clean shutdown). */
void timing_writeback_all(struct timing *t);
/* Power: drop every line, dirty or not, without writing it back. */
void timing_invalidate_all(struct timing *t);

void timing_stats_json(const struct timing *t, struct json *j);

#endif
