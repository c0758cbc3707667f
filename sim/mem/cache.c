/*
 * cache.c -- tag arrays with true LRU (see cache.h).
 *
 * LRU is kept by position: ways[0] of a set is the most recently used line,
 * ways[nways-1] the least.  With the small associativities caches have
 * (2..16 ways) moving a handful of words on a hit is cheaper than keeping age
 * counters, and it makes the victim choice a constant: the last way.  Empty
 * ways gather at the end, so a fill uses one before it evicts anything.
 */
#include "cache.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

static bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

struct cache *cache_new(const char *name, uint32_t size, uint32_t ways,
                        uint32_t line_bytes, uint32_t hit_cycles, const char **why)
{
    if (!is_pow2(line_bytes) || line_bytes < 8) {
        *why = "line_bytes must be a power of two, at least 8";
        return NULL;
    }
    if (ways == 0 || size == 0 || size % ((uint64_t)ways * line_bytes)) {
        *why = "size must be a multiple of ways * line_bytes";
        return NULL;
    }
    uint32_t nsets = size / (ways * line_bytes);
    if (!is_pow2(nsets)) {
        *why = "size / (ways * line_bytes) (the number of sets) must be a power of two";
        return NULL;
    }
    struct cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    snprintf(c->name, sizeof c->name, "%s", name);
    c->nways = ways;
    c->nsets = nsets;
    c->line_bytes = line_bytes;
    c->hit_cycles = hit_cycles;
    c->line_shift = __builtin_ctz(line_bytes);
    c->line_mask = ~(uint64_t)(line_bytes - 1);
    c->ways = malloc((size_t)nsets * ways * sizeof *c->ways);
    if (!c->ways)
        abort();
    cache_invalidate_all(c);
    return c;
}

void cache_free(struct cache *c)
{
    if (c) {
        free(c->ways);
        free(c);
    }
}

/* Index of line in set, or nways.  e ^ line is 0 or 1 (the dirty bit) on a
 * match; CACHE_EMPTY never matches an aligned line address. */
static inline uint32_t find(const struct cache *c, const uint64_t *set, uint64_t line)
{
    uint32_t i = 0;
    while (i < c->nways && (set[i] ^ line) > CACHE_DIRTY)
        i++;
    return i;
}

/* Shift set[0..i-1] down by one way; the caller fills set[0].  A plain loop:
 * i is a handful of ways, too short for memmove to pay off. */
static inline void shift_down(uint64_t *set, uint32_t i)
{
    for (; i > 0; i--)
        set[i] = set[i - 1];
}

/* Install pa's line (known absent) at the front of set: the miss half of
 * cache_access. */
static inline struct cache_result fill(struct cache *c, uint64_t *set, uint64_t line,
                                       bool write)
{
    struct cache_result r = { .victim = CACHE_EMPTY };
    c->stats.misses++;
    uint64_t old = set[c->nways - 1];
    if (old != CACHE_EMPTY) {
        c->stats.evictions++;
        if (old & CACHE_DIRTY) {
            c->stats.writebacks++;
            r.victim = old & ~CACHE_DIRTY;
        }
    }
    /* The whole set moves: long enough for memmove's wide copies. */
    memmove(set + 1, set, (c->nways - 1) * sizeof *set);
    set[0] = line | (write ? CACHE_DIRTY : 0);
    r.entry = &set[0];
    return r;
}

struct cache_result cache_access(struct cache *c, uint64_t pa, bool write)
{
    uint64_t line = pa & c->line_mask;
    uint64_t *set = cache_set(c, pa);
    uint32_t i = find(c, set, line);
    if (i == c->nways)
        return fill(c, set, line, write);
    struct cache_result r = { .victim = CACHE_EMPTY, .hit = true };
    c->stats.hits++;
    if (i > 0) {
        uint64_t e = set[i];
        shift_down(set, i);
        set[0] = e;
    }
    if (write)
        set[0] |= CACHE_DIRTY;
    r.entry = &set[0];
    return r;
}

struct cache_result cache_fill(struct cache *c, uint64_t pa, bool write)
{
    return fill(c, cache_set(c, pa), pa & c->line_mask, write);
}

bool cache_probe(const struct cache *c, uint64_t pa, bool *dirty)
{
    const uint64_t *set = cache_set(c, pa);
    uint32_t i = find(c, set, pa & c->line_mask);
    if (dirty)
        *dirty = i < c->nways && (set[i] & CACHE_DIRTY);
    return i < c->nways;
}

bool cache_clean(struct cache *c, uint64_t pa)
{
    uint64_t *set = cache_set(c, pa);
    uint32_t i = find(c, set, pa & c->line_mask);
    if (i == c->nways || !(set[i] & CACHE_DIRTY))
        return false;
    set[i] &= ~CACHE_DIRTY;
    c->stats.writebacks++;
    return true;
}

bool cache_invalidate(struct cache *c, uint64_t pa, bool *was_dirty)
{
    uint64_t *set = cache_set(c, pa);
    uint32_t i = find(c, set, pa & c->line_mask);
    if (was_dirty)
        *was_dirty = i < c->nways && (set[i] & CACHE_DIRTY);
    if (i == c->nways)
        return false;
    /* Close the gap so the empty way joins the others at the end. */
    memmove(set + i, set + i + 1, (c->nways - 1 - i) * sizeof *set);
    set[c->nways - 1] = CACHE_EMPTY;
    c->stats.invalidations++;
    return true;
}

void cache_invalidate_all(struct cache *c)
{
    for (size_t i = 0; i < (size_t)c->nsets * c->nways; i++)
        c->ways[i] = CACHE_EMPTY;
}

void cache_clean_all(struct cache *c, void (*fn)(void *opaque, uint64_t line),
                     void *opaque)
{
    for (size_t i = 0; i < (size_t)c->nsets * c->nways; i++) {
        uint64_t e = c->ways[i];
        if (e != CACHE_EMPTY && (e & CACHE_DIRTY)) {
            c->ways[i] = e & ~CACHE_DIRTY;
            c->stats.writebacks++;
            if (fn)
                fn(opaque, e & ~CACHE_DIRTY);
        }
    }
}

uint64_t cache_count(const struct cache *c, bool dirty_only)
{
    uint64_t n = 0;
    for (size_t i = 0; i < (size_t)c->nsets * c->nways; i++) {
        uint64_t e = c->ways[i];
        if (e != CACHE_EMPTY && (!dirty_only || (e & CACHE_DIRTY)))
            n++;
    }
    return n;
}
