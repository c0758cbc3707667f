/*
 * cache.c -- tag arrays with true LRU by rank (see cache.h).
 *
 * Lines never move between ways; recency lives in the ranks.  An earlier
 * design kept each set in recency order, 8-byte tags with the dirty bit
 * inside, and moved the tags on every hit and fill; it searched a set one
 * way at a time and ended each search and move with a mispredicted branch.
 * Whatever walks a whole cache in order (cache_clean_all, cache_visit)
 * still visits each set's lines by rank, most recent first: the order that
 * design kept them in, so write-backs at a power cut reach memory (and its
 * row buffers) in the same order and every cycle count stayed the same.
 */
#include "cache.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

static bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

static uint32_t *set_at(const struct cache *c, uint32_t s)
{
    return (uint32_t *)(c->sets + (size_t)s * c->set_bytes);
}

/* Empty every way of one set: ranks 0..nways-1 in way order. */
static void set_empty(struct cache *c, uint32_t *tags)
{
    uint16_t *rank = cache_ranks_n(tags, c->nways);
    uint8_t *dirty = cache_dirty_n(tags, c->nways);
    for (uint32_t w = 0; w < c->nways; w++) {
        tags[w] = CACHE_WAY_EMPTY;
        rank[w] = (uint16_t)w;
        dirty[w] = 0;
    }
}

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
    if (ways > 4096) {
        *why = "ways must be at most 4096";
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
    c->line_shift = (unsigned)__builtin_ctz(line_bytes);
    c->tag_shift = c->line_shift + (unsigned)__builtin_ctz(nsets);
    c->line_mask = ~(uint64_t)(line_bytes - 1);
    /* 4 bytes of tag, 2 of rank and 1 of dirty flag per way, rounded up to
     * a power of two: records never straddle more host cache lines than
     * they must, and the tags and ranks of 8 and 16 ways load as vectors. */
    c->set_bytes = 16;
    while (c->set_bytes < ways * 7)
        c->set_bytes *= 2;
    c->set_shift = (unsigned)__builtin_ctz(c->set_bytes);
    c->set_mask = nsets - 1;
    c->sets = aligned_alloc(64, (size_t)nsets * c->set_bytes < 64 ? 64
                                : (size_t)nsets * c->set_bytes);
    if (!c->sets)
        abort();
    cache_invalidate_all(c);
    return c;
}

void cache_free(struct cache *c)
{
    if (c) {
        free(c->sets);
        free(c);
    }
}

bool cache_probe(const struct cache *c, uint64_t pa, bool *dirty)
{
    uint32_t *tags = cache_set(c, pa);
    uint32_t w = CACHE_BY_WAYS(c, cache_find_n, tags, cache_tag(c, pa));
    if (dirty)
        *dirty = w < c->nways && cache_dirty_n(tags, c->nways)[w];
    return w < c->nways;
}

bool cache_clean(struct cache *c, uint64_t pa)
{
    uint32_t *tags = cache_set(c, pa);
    uint32_t w = CACHE_BY_WAYS(c, cache_find_n, tags, cache_tag(c, pa));
    if (w == c->nways || !cache_dirty_n(tags, c->nways)[w])
        return false;
    cache_dirty_n(tags, c->nways)[w] = 0;
    c->stats.writebacks++;
    return true;
}

bool cache_invalidate(struct cache *c, uint64_t pa, bool *was_dirty)
{
    uint32_t *tags = cache_set(c, pa);
    uint32_t w = CACHE_BY_WAYS(c, cache_find_n, tags, cache_tag(c, pa));
    uint8_t *dirty = cache_dirty_n(tags, c->nways);
    if (was_dirty)
        *was_dirty = w < c->nways && dirty[w];
    if (w == c->nways)
        return false;
    /* The way joins the empty ones at the top of the ranks. */
    uint16_t *rank = cache_ranks_n(tags, c->nways);
    uint16_t r = rank[w];
    for (uint32_t i = 0; i < c->nways; i++)
        rank[i] -= rank[i] > r;
    rank[w] = (uint16_t)(c->nways - 1);
    tags[w] = CACHE_WAY_EMPTY;
    dirty[w] = 0;
    c->stats.invalidations++;
    return true;
}

void cache_invalidate_all(struct cache *c)
{
    for (uint32_t s = 0; s < c->nsets; s++)
        set_empty(c, set_at(c, s));
}

/* Call fn(c, tags, w, arg) for the valid lines of every set, most recent
 * first. */
static void each_line(const struct cache *c,
                      void (*fn)(const struct cache *c, uint32_t s, uint32_t *tags,
                                 uint32_t w, void *arg),
                      void *arg)
{
    uint32_t *byrank = malloc(c->nways * sizeof *byrank);
    if (!byrank)
        abort();
    for (uint32_t s = 0; s < c->nsets; s++) {
        uint32_t *tags = set_at(c, s);
        const uint16_t *rank = cache_ranks_n(tags, c->nways);
        for (uint32_t w = 0; w < c->nways; w++)
            byrank[rank[w]] = w;
        for (uint32_t k = 0; k < c->nways && tags[byrank[k]] != CACHE_WAY_EMPTY; k++)
            fn(c, s, tags, byrank[k], arg);     /* (empty ways rank last) */
    }
    free(byrank);
}

struct clean_arg {
    struct cache *c;
    void (*fn)(void *opaque, uint64_t line);
    void *opaque;
};

static void clean_one(const struct cache *cc, uint32_t s, uint32_t *tags, uint32_t w, void *arg)
{
    struct clean_arg *a = arg;
    uint8_t *dirty = cache_dirty_n(tags, cc->nways);
    if (!dirty[w])
        return;
    dirty[w] = 0;
    a->c->stats.writebacks++;
    if (a->fn)
        a->fn(a->opaque, cache_way_line(cc, s, tags[w]));
}

void cache_clean_all(struct cache *c, void (*fn)(void *opaque, uint64_t line),
                     void *opaque)
{
    struct clean_arg a = { c, fn, opaque };
    each_line(c, clean_one, &a);
}

struct visit_arg {
    void (*fn)(void *opaque, uint64_t line, bool dirty);
    void *opaque;
};

static void visit_one(const struct cache *c, uint32_t s, uint32_t *tags, uint32_t w, void *arg)
{
    struct visit_arg *a = arg;
    a->fn(a->opaque, cache_way_line(c, s, tags[w]), cache_dirty_n(tags, c->nways)[w]);
}

void cache_visit(const struct cache *c, void (*fn)(void *opaque, uint64_t line, bool dirty),
                 void *opaque)
{
    struct visit_arg a = { fn, opaque };
    each_line(c, visit_one, &a);
}

uint64_t cache_count(const struct cache *c, bool dirty_only)
{
    uint64_t n = 0;
    for (uint32_t s = 0; s < c->nsets; s++) {
        uint32_t *tags = set_at(c, s);
        const uint8_t *dirty = cache_dirty_n(tags, c->nways);
        for (uint32_t w = 0; w < c->nways; w++)
            if (tags[w] != CACHE_WAY_EMPTY && (!dirty_only || dirty[w]))
                n++;
    }
    return n;
}
