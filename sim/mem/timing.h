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
 * timing_new(), so the hot path adds integers.  Every function returns the
 * cycles an access costs beyond the instruction's base cost.  How a miss is
 * composed (read_ns is the whole load-to-use latency of a load that misses
 * every cache, as published pointer-chasing figures are) is explained in
 * docs/memory.md.
 *
 * The hot path: an L1D hit on one of the lines used last (up to 64, one per
 * set remainder), or a block's fetches from lines fetched last, is
 * answered by an inline check against a memo at the start of struct timing
 * and costs a compare or two and an add; everything else goes to the
 * out-of-line *_slow functions.
 */
#ifndef SIMSCM_TIMING_H
#define SIMSCM_TIMING_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

struct config;
struct bus;
struct json;

enum cbo_op { CBO_CLEAN, CBO_FLUSH, CBO_INVAL };

struct timing;

/* NULL when cfg->cpu.timing is off. */
struct timing *timing_new(const struct config *cfg, struct bus *bus);
void timing_free(struct timing *t);

/*
 * The first member of struct timing (private otherwise): what the inline fast
 * paths below need.  Only timing.c writes it.  The data memo holds the
 * TIMING_D_MEMO L1D lines used last, each in a different set; each is the most recently
 * used line of its set, so a hit on it needs no LRU update -- LRU stays
 * exact.  The fetch memo does the same for L1I lines.  Both memos are
 * direct-mapped by set: slot (line number & *_slot_mask) holds only lines of
 * sets with that remainder, so two memo lines are never in one set, a
 * lookup is one compare, and an update replaces one slot.
 */
#define TIMING_NO_LINE UINT64_MAX
#define TIMING_I_MEMO 64
#define TIMING_D_MEMO 64
struct timing_memo {
    uint64_t line_mask;         /* ~(line_bytes - 1) */
    uint64_t d_line[TIMING_D_MEMO]; /* L1D lines used last, by set, or TIMING_NO_LINE */
    uint8_t *d_dirty[TIMING_D_MEMO]; /* their dirty flags in the tag array */
    uint64_t i_line[TIMING_I_MEMO]; /* L1I lines fetched last, by set */
    unsigned line_shift;        /* log2(line bytes) */
    uint32_t i_slot_mask, d_slot_mask; /* TIMING_*_MEMO - 1, or less for few sets */
    uint64_t d_hits, i_hits;    /* hits answered here (folded into the stats) */
    uint32_t d_hit_cycles, i_hit_cycles;
    uint64_t i_gen;             /* bumped whenever a fetch memo slot changes */
};

/*
 * What a caller of timing_fetch_lines keeps per list of lines (the CPU: one
 * per decoded block): "the first `lines` lines were all in the fetch memo
 * while i_gen was `gen`".  Memo lines leave the memo only by a change that
 * bumps i_gen, and a fetch of a memo line changes nothing but the hit count,
 * so while i_gen holds those lines are hits without being looked at.  Start
 * it zeroed.
 */
struct timing_stamp {
    uint64_t gen;
    uint32_t lines;
};

/* Cycles for one instruction fetch of the line holding pa. */
uint32_t timing_fetch(struct timing *t, uint64_t pa);
uint32_t timing_fetch_lines_slow(struct timing *t, const uint64_t *line_pa, unsigned n,
                                 struct timing_stamp *stamp);
uint32_t timing_load_slow(struct timing *t, uint64_t pa, unsigned size);
uint32_t timing_store_slow(struct timing *t, uint64_t pa, unsigned size);

/* Is [pa, last] inside line?  (line is aligned; mask clears the offset) */
static inline bool timing_in_line(uint64_t line, uint64_t mask, uint64_t pa, uint64_t last)
{
    return (((pa ^ line) | (last ^ line)) & mask) == 0;
}

/* Cycles for fetching the first n lines of line_pa[] (a decoded block's
 * lines, each one fetch), stamp being that list's (see struct timing_stamp). */
static inline uint32_t timing_fetch_lines(struct timing *t, const uint64_t *line_pa,
                                          unsigned n, struct timing_stamp *stamp)
{
    struct timing_memo *m = (struct timing_memo *)t;
    if (__builtin_expect(stamp->gen == m->i_gen && n <= stamp->lines, 1)) {
        m->i_hits += n;
        return n * m->i_hit_cycles;
    }
    return timing_fetch_lines_slow(t, line_pa, n, stamp);
}

/* Cycles for a data load/store at pa (size bytes, may straddle a line). */
static inline uint32_t timing_load(struct timing *t, uint64_t pa, unsigned size)
{
    struct timing_memo *m = (struct timing_memo *)t;
    uint64_t last = pa + size - 1;
    unsigned i = (pa >> m->line_shift) & m->d_slot_mask;
    if (timing_in_line(m->d_line[i], m->line_mask, pa, last)) {
        m->d_hits++;
        return m->d_hit_cycles;
    }
    return timing_load_slow(t, pa, size);
}

static inline uint32_t timing_store(struct timing *t, uint64_t pa, unsigned size)
{
    struct timing_memo *m = (struct timing_memo *)t;
    uint64_t last = pa + size - 1;
    unsigned i = (pa >> m->line_shift) & m->d_slot_mask;
    if (timing_in_line(m->d_line[i], m->line_mask, pa, last)) {
        *m->d_dirty[i] = 1;
        m->d_hits++;
        return m->d_hit_cycles;
    }
    return timing_store_slow(t, pa, size);
}

/* Zicbom on the line holding pa. */
uint32_t timing_cbo(struct timing *t, uint64_t pa, enum cbo_op op);

/* Power: write every dirty line back (flush-on-fail, clean shutdown);
 * returns how many line write-backs that took. */
uint64_t timing_writeback_all(struct timing *t);
/* Power: drop every line, dirty or not, without writing it back; returns
 * how many dirty lines were lost (a line dirty in L1 and L2 counts once). */
uint64_t timing_invalidate_all(struct timing *t);

void timing_stats_json(const struct timing *t, struct json *j);

/* ---- Inspection (tests, debugger) ---- */

/* Cache line size in bytes (the Zicbom block size). */
unsigned timing_line_bytes(const struct timing *t);
/* Is pa's line held dirty by some cache (i.e. not yet in memory)? */
bool timing_line_dirty(const struct timing *t, uint64_t pa);
/* Stats of "l1i", "l1d" or "l2" with the memo hits folded in; false if that
 * cache is not modelled. */
struct cache_stats;
bool timing_cache_stats(const struct timing *t, const char *name, struct cache_stats *out);

#endif
