/*
 * cache.h -- one set-associative cache as a tag array: LRU replacement,
 * write-back, write-allocate, a dirty bit per line.
 *
 * A cache here never holds data.  The region arrays hold the bytes the CPU
 * sees; a cache only remembers which lines it holds and which of them are
 * dirty, because that is all timing and durability need: a hit or a miss
 * decides the cost, and a dirty line decides what a power cut loses.
 *
 * A line stays in the way it was filled into until it leaves.  Each set is
 * one record of three arrays, nways long each:
 *
 *   tag[w]    the line's address above the set index bits (pa >> tag_shift),
 *             or CACHE_WAY_EMPTY; the set gives the index bits back
 *             (cache_way_line)
 *   rank[w]   how recently way w was used: 0 the most recent, nways-1 the
 *             least.  The ranks of a set are always a permutation of
 *             0..nways-1 and empty ways hold the highest ones, so the way
 *             ranked nways-1 is the victim of a fill: an empty way when there
 *             is one, else the least recently used line (true LRU).
 *   dirty[w]  1 when way w's line has stores memory has not seen
 *
 * Finding a line compares its tag with every way at once (SSE2 on x86-64,
 * a loop elsewhere); a use of way w moves it to rank 0 and every way ranked
 * below it up by one, a compare and an add on each rank that the compiler
 * does a vector at a time.  Nothing branches on where the line was and no
 * tag moves, which is what the timing mode of pointer-heavy programs (an L1
 * miss and an L2 search on nearly every load) needed.
 *
 * Four-byte tags keep a 16-way set's tags in 64 bytes and its record in
 * 128.  The price is a limit on the addresses a cache can hold: below
 * cache_limit_of(), to which the config check holds every memory region
 * (256 GiB even for a fully associative cache of 64-byte lines; 16 TiB for
 * the default L1s).
 */
#ifndef SIMSCM_CACHE_H
#define SIMSCM_CACHE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define CACHE_EMPTY      UINT64_MAX   /* "no line" where a line address is returned */
#define CACHE_WAY_EMPTY  UINT32_MAX

struct cache_stats {
    uint64_t hits, misses;
    uint64_t writebacks;        /* dirty lines this cache wrote to the next level */
    uint64_t evictions;         /* valid lines replaced by a fill */
    uint64_t invalidations;     /* lines dropped by cbo.flush / cbo.inval */
};

struct cache {
    char name[8];
    uint8_t *sets;              /* nsets records of set_bytes: tags, ranks, dirty flags */
    uint32_t nways, nsets;
    uint32_t set_bytes;         /* a power of two, at least 16: records stay aligned */
    unsigned set_shift;         /* log2(set_bytes) */
    uint64_t set_mask;          /* nsets - 1 */
    uint32_t line_bytes, hit_cycles;
    unsigned line_shift;
    unsigned tag_shift;         /* line_shift + log2(nsets) */
    uint64_t line_mask;         /* ~(line_bytes - 1) */
    struct cache_stats stats;
};

/* Result of cache_access. */
struct cache_result {
    uint8_t *dirty;             /* the line's dirty flag (it is now the most recent) */
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

/* The addresses a cache with this many sets and line size can hold are those
 * below this: tags must fit in 32 bits and differ from CACHE_WAY_EMPTY. */
static inline uint64_t cache_limit_of(uint32_t nsets, uint32_t line_bytes)
{
    return (uint64_t)UINT32_MAX * nsets * line_bytes;
}

/* The record of pa's set, by its tags; its ranks and dirty flags follow. */
static inline uint32_t *cache_set(const struct cache *c, uint64_t pa)
{
    return (uint32_t *)(c->sets + (((pa >> c->line_shift) & c->set_mask) << c->set_shift));
}

static inline uint32_t cache_tag(const struct cache *c, uint64_t pa)
{
    return (uint32_t)(pa >> c->tag_shift);
}

/* The line address of valid tag t in set number s. */
static inline uint64_t cache_way_line(const struct cache *c, uint32_t s, uint32_t t)
{
    return ((uint64_t)t << c->tag_shift) | ((uint64_t)s << c->line_shift);
}

/*
 * The functions ending in _n take the number of ways, n, as an argument:
 * called with a constant (timing.c does for the usual geometries) they
 * compile to straight-line vector code; the plain names pass c->nways.
 * They are always inlined, or the constant would not reach them.
 */
#define CACHE_INLINE static inline __attribute__((always_inline))
CACHE_INLINE uint16_t *cache_ranks_n(uint32_t *tags, uint32_t n)
{
    return (uint16_t *)(tags + n);
}

CACHE_INLINE uint8_t *cache_dirty_n(uint32_t *tags, uint32_t n)
{
    return (uint8_t *)(tags + n) + 2 * n;
}

/* The way of a set holding tag, or n. */
CACHE_INLINE uint32_t cache_find_n(const uint32_t *tags, uint32_t tag, uint32_t n)
{
#if defined(__SSE2__)
    if (n == 16 || n == 8) {
        __m128i k = _mm_set1_epi32((int)tag);
        const __m128i *v = (const __m128i *)tags;
        __m128i lo = _mm_packs_epi32(_mm_cmpeq_epi32(_mm_load_si128(v), k),
                                     _mm_cmpeq_epi32(_mm_load_si128(v + 1), k));
        __m128i hi = _mm_setzero_si128();
        if (n == 16)
            hi = _mm_packs_epi32(_mm_cmpeq_epi32(_mm_load_si128(v + 2), k),
                                 _mm_cmpeq_epi32(_mm_load_si128(v + 3), k));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(lo, hi));
        return bits ? (uint32_t)__builtin_ctz(bits) : n;
    }
#endif
    for (uint32_t w = 0; w < n; w++)
        if (tags[w] == tag)
            return w;
    return n;
}

/* Make way w the most recently used. */
CACHE_INLINE void cache_touch_n(uint32_t *tags, uint32_t w, uint32_t n)
{
    uint16_t *rank = cache_ranks_n(tags, n);
    uint16_t r = rank[w];
    /* rank[w] is the only rank equal to r.  One loop that also zeroes it
     * stores the ranks as one vector: a separate store of rank[w] would
     * stall the next access's vector load of them (no store forwarding). */
    for (uint32_t i = 0; i < n; i++)
        rank[i] = rank[i] == r ? 0 : (uint16_t)(rank[i] + (rank[i] < r));
}

/* The way ranked last: the victim of a fill. */
CACHE_INLINE uint32_t cache_lru_way_n(uint32_t *tags, uint32_t n)
{
    const uint16_t *rank = cache_ranks_n(tags, n);
    uint16_t last = (uint16_t)(n - 1);
#if defined(__SSE2__)
    if (n == 16 || n == 8) {
        __m128i k = _mm_set1_epi16((short)last);
        const __m128i *v = (const __m128i *)rank;
        __m128i lo = _mm_cmpeq_epi16(_mm_load_si128(v), k);
        __m128i hi = n == 16 ? _mm_cmpeq_epi16(_mm_load_si128(v + 1), k) : _mm_setzero_si128();
        return (uint32_t)__builtin_ctz((unsigned)_mm_movemask_epi8(_mm_packs_epi16(lo, hi)));
    }
#endif
    uint32_t w = 0;
    while (rank[w] != last)
        w++;
    return w;
}

/*
 * The hit path on its own: if pa's line is in the set at tags, make it the
 * most recent of its set, mark it dirty for a write, count a hit and return
 * its dirty flag; else return NULL and change nothing (the caller goes on
 * to cache_fill_set_n with the same set).
 */
CACHE_INLINE uint8_t *cache_hit_set_n(struct cache *c, uint32_t *tags, uint64_t pa,
                                       bool write, uint32_t n)
{
    uint32_t w = cache_find_n(tags, cache_tag(c, pa), n);
    if (w == n)
        return NULL;
    cache_touch_n(tags, w, n);
    uint8_t *d = cache_dirty_n(tags, n) + w;
    if (write)
        *d = 1;
    c->stats.hits++;
    return d;
}

/* Install pa's line (known absent) in its set at tags, in place of the
 * least recently used way: the miss half of cache_access. */
CACHE_INLINE struct cache_result cache_fill_set_n(struct cache *c, uint32_t *tags,
                                                   uint64_t pa, bool write, uint32_t n)
{
    struct cache_result r = { .victim = CACHE_EMPTY };
    uint8_t *dirty = cache_dirty_n(tags, n);
    uint32_t w = cache_lru_way_n(tags, n);
    c->stats.misses++;
    if (tags[w] != CACHE_WAY_EMPTY) {
        c->stats.evictions++;
        if (dirty[w]) {
            c->stats.writebacks++;
            r.victim = cache_way_line(c, (uint32_t)(pa >> c->line_shift) & (c->nsets - 1),
                                      tags[w]);
        }
    }
    tags[w] = cache_tag(c, pa);
    dirty[w] = write;
    cache_touch_n(tags, w, n);
    r.dirty = &dirty[w];
    return r;
}

/*
 * Access the line holding pa.  A hit makes it the most recent of its set.  A
 * miss installs it (write-allocate) in place of the least recently used
 * way; a dirty victim comes back in r.victim and counts as a write-back.
 * write marks the line dirty.  Counts hits and misses.
 */
CACHE_INLINE struct cache_result cache_access_n(struct cache *c, uint64_t pa, bool write,
                                                 uint32_t n)
{
    uint32_t *tags = cache_set(c, pa);
    uint8_t *d = cache_hit_set_n(c, tags, pa, write, n);
    if (!d)
        return cache_fill_set_n(c, tags, pa, write, n);
    return (struct cache_result){ .dirty = d, .hit = true, .victim = CACHE_EMPTY };
}

/* f(..., n) with n = c->nways, as a constant for the usual 8 and 16. */
#define CACHE_BY_WAYS(c, f, ...) \
    ((c)->nways == 8 ? f(__VA_ARGS__, 8) : (c)->nways == 16 ? f(__VA_ARGS__, 16) \
                                                            : f(__VA_ARGS__, (c)->nways))

static inline struct cache_result cache_access(struct cache *c, uint64_t pa, bool write)
{
    return CACHE_BY_WAYS(c, cache_access_n, c, pa, write);
}

/* The hit half alone: the line's dirty flag, or NULL and nothing changed. */
static inline uint8_t *cache_hit(struct cache *c, uint64_t pa, bool write)
{
    return CACHE_BY_WAYS(c, cache_hit_set_n, c, cache_set(c, pa), pa, write);
}

/* The miss half alone, for a caller that has just seen cache_hit return
 * NULL for pa (so the line is known absent). */
static inline struct cache_result cache_fill(struct cache *c, uint64_t pa, bool write)
{
    return CACHE_BY_WAYS(c, cache_fill_set_n, c, cache_set(c, pa), pa, write);
}

/* A dirty line written into this cache by the level above: cache_access(c,
 * line, true) that counts neither a hit nor a miss (it is not a demand
 * access); a write-back it causes counts as usual.  Returns the victim. */
CACHE_INLINE uint64_t cache_put_dirty_n(struct cache *c, uint64_t line, uint32_t n)
{
    uint64_t hits = c->stats.hits, misses = c->stats.misses;
    struct cache_result r = cache_access_n(c, line, true, n);
    c->stats.hits = hits;
    c->stats.misses = misses;
    return r.victim;
}

static inline uint64_t cache_put_dirty(struct cache *c, uint64_t line)
{
    return CACHE_BY_WAYS(c, cache_put_dirty_n, c, line);
}

/* Is the line holding pa here, and is it dirty?  Changes nothing. */
bool cache_probe(const struct cache *c, uint64_t pa, bool *dirty);

/* Clear the dirty bit of pa's line; true if it was dirty (counts a write-back). */
bool cache_clean(struct cache *c, uint64_t pa);

/* Drop pa's line; true if it was here.  *was_dirty says whether dirty data
 * was dropped with it (the caller decides whether it was written first). */
bool cache_invalidate(struct cache *c, uint64_t pa, bool *was_dirty);

/* Drop every line, dirty or not. */
void cache_invalidate_all(struct cache *c);

/* Call fn for every dirty line, clearing its dirty bit (counts write-backs).
 * The order is fixed: set by set, each set's lines most recent first. */
void cache_clean_all(struct cache *c, void (*fn)(void *opaque, uint64_t line),
                     void *opaque);

/* Call fn for every valid line with its dirty bit, in cache_clean_all's
 * order.  Changes nothing. */
void cache_visit(const struct cache *c, void (*fn)(void *opaque, uint64_t line, bool dirty),
                 void *opaque);

/* Lines currently valid / dirty (tests, stats). */
uint64_t cache_count(const struct cache *c, bool dirty_only);

#endif
