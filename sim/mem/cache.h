/*
 * cache.h -- one set-associative cache as a tag array: LRU replacement,
 * write-back, write-allocate, a dirty bit per line.
 *
 * A cache here never holds data.  The region arrays hold the bytes the CPU
 * sees; a cache only remembers which lines it holds and which of them are
 * dirty, because that is all timing and durability need: a hit or a miss
 * decides the cost, and a dirty line decides what a power cut loses.
 *
 * Each set keeps its ways in recency order, most recently used first, with
 * empty ways at the end.  A hit moves the line to the front; the victim is
 * always the last way.  That makes the common case (a hit on the line used
 * last in its set) one compare and no movement.
 *
 * A way is one uint64_t: the line address (pa with the offset bits cleared)
 * with bit 0 as the dirty bit, or CACHE_EMPTY.  Line sizes are at least 8
 * bytes, so bit 0 of a line address is always free.
 */
#ifndef SIMSCM_CACHE_H
#define SIMSCM_CACHE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define CACHE_EMPTY  UINT64_MAX
#define CACHE_DIRTY  1ull

struct cache_stats {
    uint64_t hits, misses;
    uint64_t writebacks;        /* dirty lines this cache wrote to the next level */
    uint64_t evictions;         /* valid lines replaced by a fill */
    uint64_t invalidations;     /* lines dropped by cbo.flush / cbo.inval */
};

struct cache {
    char name[8];
    uint64_t *ways;             /* nsets * nways entries, set-major */
    uint32_t nways, nsets;
    uint32_t line_bytes, hit_cycles;
    unsigned line_shift;
    uint64_t line_mask;         /* ~(line_bytes - 1) */
    struct cache_stats stats;
};

/* Result of cache_access. */
struct cache_result {
    uint64_t *entry;            /* the line's way, now most recently used */
    bool hit;
    uint64_t victim;            /* line address of a dirty line pushed out, or CACHE_EMPTY */
};

/*
 * Build an empty cache.  size, ways and line_bytes must give a power-of-two
 * number of sets and line_bytes must be a power of two >= 8; returns NULL
 * with *why set otherwise (the config check reports it).
 */
struct cache *cache_new(const char *name, uint32_t size, uint32_t ways,
                        uint32_t line_bytes, uint32_t hit_cycles, const char **why);
void cache_free(struct cache *c);

static inline uint64_t cache_line(const struct cache *c, uint64_t pa)
{
    return pa & c->line_mask;
}

static inline uint64_t *cache_set(const struct cache *c, uint64_t pa)
{
    return c->ways + (size_t)((pa >> c->line_shift) & (c->nsets - 1)) * c->nways;
}

/*
 * The hit path on its own: if pa's line is here, move it to the front of its
 * set, mark it dirty for a write, count a hit and return its way; else
 * return NULL and change nothing (the caller goes on to cache_access).
 */
static inline uint64_t *cache_hit(struct cache *c, uint64_t pa, bool write)
{
    uint64_t line = pa & c->line_mask;
    uint64_t *set = cache_set(c, pa);
    uint32_t i = 0;
    while ((set[i] ^ line) > CACHE_DIRTY)
        if (++i == c->nways)
            return NULL;
    uint64_t e = set[i] | (write ? CACHE_DIRTY : 0);
    for (; i > 0; i--)
        set[i] = set[i - 1];
    set[0] = e;
    c->stats.hits++;
    return set;
}

/*
 * Access the line holding pa.  A hit moves it to the front of its set.  A
 * miss installs it at the front (write-allocate) and pushes out the least
 * recently used way; a dirty victim comes back in r.victim and counts as a
 * write-back.  write marks the line dirty.  Counts hits and misses.
 */
struct cache_result cache_access(struct cache *c, uint64_t pa, bool write);

/* The miss half of cache_access, for a caller that has just seen cache_hit
 * return NULL for pa (so the line is known absent): installs it without
 * searching the set again.  Same result and counts as that cache_access. */
struct cache_result cache_fill(struct cache *c, uint64_t pa, bool write);

/* Is the line holding pa here, and is it dirty?  Changes nothing. */
bool cache_probe(const struct cache *c, uint64_t pa, bool *dirty);

/* Clear the dirty bit of pa's line; true if it was dirty (counts a write-back). */
bool cache_clean(struct cache *c, uint64_t pa);

/* Drop pa's line; true if it was here.  *was_dirty says whether dirty data
 * was dropped with it (the caller decides whether it was written first). */
bool cache_invalidate(struct cache *c, uint64_t pa, bool *was_dirty);

/* Drop every line, dirty or not. */
void cache_invalidate_all(struct cache *c);

/* Call fn for every dirty line, clearing its dirty bit (counts write-backs). */
void cache_clean_all(struct cache *c, void (*fn)(void *opaque, uint64_t line),
                     void *opaque);

/* Lines currently valid / dirty (tests, stats). */
uint64_t cache_count(const struct cache *c, bool dirty_only);

#endif
