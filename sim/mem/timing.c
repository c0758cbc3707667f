/*
 * timing.c -- the cache hierarchy and the memory controllers (see timing.h).
 *
 * The model, in the order an access meets it:
 *
 *   L1I / L1D   hit: hit_cycles.  The L1D is write-back, write-allocate.
 *   L2          optional, shared by instructions and data, non-inclusive:
 *               an L1 fill allocates the line in the L2 too, an L2 eviction
 *               leaves L1 copies alone, and a dirty L1 victim is written
 *               into the L2 (allocated there if absent).
 *   controller  one per region.  read_ns is the load-to-use latency of a
 *               load that misses every cache -- the figure pointer-chasing
 *               benchmarks publish -- so a full miss costs
 *               max(read, L1 hit + L2 hit) and not their sum; an L2 hit
 *               costs L1 hit + L2 hit.  A write-back costs write_ns, paid by
 *               the access whose fill pushed the dirty line out of the last
 *               level (there is no write buffer to hide it), or by the
 *               cbo.clean / cbo.flush that wrote it.  Moving a victim from
 *               L1 to L2 is free: it overlaps the fill.
 *   row buffer  optional, one open row per controller: an access to the
 *               open row costs row_hit_ns instead of read_ns / write_ns.
 *
 * Traffic counters in the regions count what reaches a controller: line
 * fills, line write-backs, and the stores that go straight to memory when no
 * data cache is modelled.  A write-back into an SCM region is where a store
 * becomes durable: region_writeback copies the line from the CPU view to the
 * durable view and counts the page's wear.
 *
 * Zicbom: the operations act on every cache (L1D, L1I, L2), complete before
 * the instruction retires, and therefore already satisfy the ordering the
 * specification gives them (they order like stores, and before later loads
 * to the same line); a FENCE after them costs its usual cycles and is what
 * portable code needs.  cbo.inval discards dirty data: for SCM the CPU view
 * of the line is reloaded from the durable view, for DRAM memory keeps what
 * the CPU view holds (both are values the specification allows a load to
 * return after an invalidate).
 */
#include "timing.h"
#include "cache.h"
#include "region.h"
#include "bus.h"
#include "config.h"
#include "json.h"
#include <stdlib.h>
#include <string.h>

struct memctl {
    struct region *r;
    uint64_t base, size;
    uint32_t read_cycles, write_cycles, row_hit_cycles;
    bool row_buffer;
    uint32_t row_bytes;
    uint64_t open_row;          /* UINT64_MAX: none open */
    uint64_t row_hits, row_misses;
};

struct timing {
    struct timing_memo memo;    /* must stay first: timing.h reads it inline */
    const struct config *cfg;
    struct bus *bus;
    struct cache *l1i, *l1d, *l2;   /* NULL when not modelled */
    uint32_t line_bytes;
    struct memctl ctl[BUS_MAX_REGIONS];
    int nctl;
    struct memctl *last_ctl;
    bool l1d8_l2_16;            /* the default geometry: an 8-way L1D and a 16-way L2 */
    uint64_t cbo_clean, cbo_flush, cbo_inval;
    uint64_t cuts, lines_lost, lines_flushed_at_cut;
};

static uint32_t ns_to_cycles(uint32_t ns, uint32_t freq_mhz)
{
    return (uint32_t)(((uint64_t)ns * freq_mhz + 500) / 1000);
}

static void memo_forget(struct timing *t)
{
    for (int i = 0; i < TIMING_D_MEMO; i++) {
        t->memo.d_line[i] = TIMING_NO_LINE;
        t->memo.d_dirty[i] = NULL;
    }
    for (int i = 0; i < TIMING_I_MEMO; i++)
        t->memo.i_line[i] = TIMING_NO_LINE;
    t->memo.i_gen++;
}

/* line is about to become the most recent line of its L1I set: it takes
 * its memo slot (no other memo line shares its set). */
static inline void memo_fetched(struct timing *t, uint64_t line)
{
    t->memo.i_line[(line >> t->memo.line_shift) & t->memo.i_slot_mask] = line;
    t->memo.i_gen++;
}

/* line (dirty flag at dirty) is now the most recent line of its set: it
 * takes its memo slot (no other memo line shares its set). */
static inline void memo_note(struct timing *t, uint64_t line, uint8_t *dirty)
{
    unsigned i = (line >> t->memo.line_shift) & t->memo.d_slot_mask;
    t->memo.d_line[i] = line;
    t->memo.d_dirty[i] = dirty;
}

static struct memctl *ctl_add(struct timing *t, struct region *r);

static struct cache *make_cache(const char *name, const struct cache_config *cc)
{
    if (!cc->enabled)
        return NULL;
    const char *why = NULL;
    struct cache *c = cache_new(name, cc->size, cc->ways, cc->line_bytes, cc->hit_cycles, &why);
    if (!c) {
        /* config_validate checks the same rules; reaching here is a bug. */
        fprintf(stderr, "simscm: [%s]: %s\n", name, why);
        abort();
    }
    return c;
}

struct timing *timing_new(const struct config *cfg, struct bus *bus)
{
    if (!cfg->cpu.timing)
        return NULL;
    struct timing *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->cfg = cfg;
    t->bus = bus;
    t->l1i = make_cache("l1i", &cfg->l1i);
    t->l1d = make_cache("l1d", &cfg->l1d);
    t->l2 = make_cache("l2", &cfg->l2);
    /* Zicbom wants one cache-block size in the whole system. */
    t->line_bytes = 0;
    const struct cache *cs[] = { t->l1i, t->l1d, t->l2 };
    for (int i = 0; i < 3; i++) {
        if (!cs[i])
            continue;
        if (t->line_bytes && cs[i]->line_bytes != t->line_bytes) {
            fprintf(stderr, "simscm: [%s] line_bytes: %u differs from the other caches' %u\n",
                    cs[i]->name, cs[i]->line_bytes, t->line_bytes);
            abort();
        }
        t->line_bytes = cs[i]->line_bytes;
    }
    if (!t->line_bytes)
        t->line_bytes = cfg->l1d.line_bytes >= 8 ? cfg->l1d.line_bytes : 64;
    t->memo.line_mask = ~(uint64_t)(t->line_bytes - 1);
    t->memo.line_shift = (unsigned)__builtin_ctz(t->line_bytes);
    t->memo.i_slot_mask = t->l1i && t->l1i->nsets < TIMING_I_MEMO ? t->l1i->nsets - 1
                                                                   : TIMING_I_MEMO - 1;
    t->memo.d_slot_mask = t->l1d && t->l1d->nsets < TIMING_D_MEMO ? t->l1d->nsets - 1
                                                                  : TIMING_D_MEMO - 1;
    t->memo.d_hit_cycles = t->l1d ? t->l1d->hit_cycles : 0;
    t->memo.i_hit_cycles = t->l1i ? t->l1i->hit_cycles : 0;
    t->l1d8_l2_16 = t->l1d && t->l1d->nways == 8 && t->l2 && t->l2->nways == 16;
    memo_forget(t);
    for (int i = 0; i < bus->nregions; i++) {
        struct region *r = bus->regions[i];
        for (int k = 0; k < 3; k++) {
            /* config_validate checks the same rule; reaching here is a bug. */
            if (cs[k] && r->base + r->size > cache_limit_of(cs[k]->nsets, cs[k]->line_bytes)) {
                fprintf(stderr, "simscm: [%s] cannot tag region %s (ends at 0x%llx)\n",
                        cs[k]->name, r->name, (unsigned long long)(r->base + r->size));
                abort();
            }
        }
        ctl_add(t, r);
    }
    return t;
}

void timing_free(struct timing *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nctl; i++)
        if (t->ctl[i].r && t->ctl[i].r->ctl == &t->ctl[i])
            t->ctl[i].r->ctl = NULL;
    cache_free(t->l1i);
    cache_free(t->l1d);
    cache_free(t->l2);
    free(t);
}

unsigned timing_line_bytes(const struct timing *t)
{
    return t->line_bytes;
}

/* ---- memory controllers ---- */

static struct memctl *ctl_add(struct timing *t, struct region *r)
{
    const struct region_config *rc = NULL;
    for (int i = 0; i < t->cfg->nregions; i++)
        if (t->cfg->regions[i].base == r->base && !strcmp(t->cfg->regions[i].name, r->name))
            rc = &t->cfg->regions[i];
    if (!rc || t->nctl == BUS_MAX_REGIONS) {
        fprintf(stderr, "simscm: timing: region %s at 0x%llx is not in the config\n",
                r->name, (unsigned long long)r->base);
        abort();
    }
    uint32_t mhz = t->cfg->cpu.freq_mhz;
    struct memctl *m = &t->ctl[t->nctl++];
    *m = (struct memctl){
        .r = r, .base = r->base, .size = r->size,
        .read_cycles = ns_to_cycles(rc->read_ns, mhz),
        .write_cycles = ns_to_cycles(rc->write_ns, mhz),
        .row_hit_cycles = ns_to_cycles(rc->row_hit_ns, mhz),
        .row_buffer = rc->row_buffer && rc->row_bytes > 0,
        .row_bytes = rc->row_bytes,
        .open_row = UINT64_MAX,
    };
    r->ctl = m;
    return m;
}

/* The controller of the region holding pa, or NULL (not memory). */
static struct memctl *ctl_for(struct timing *t, uint64_t pa)
{
    struct memctl *m = t->last_ctl;
    if (m && pa - m->base < m->size)
        return m;
    for (int i = 0; i < t->nctl; i++) {
        if (pa - t->ctl[i].base < t->ctl[i].size)
            return t->last_ctl = &t->ctl[i];
    }
    /* Regions join the bus after timing_new; meet them on first use. */
    for (int i = 0; i < t->bus->nregions; i++) {
        struct region *r = t->bus->regions[i];
        if (pa - r->base < r->size)
            return t->last_ctl = ctl_add(t, r);
    }
    return NULL;
}

/* One access reaching the controller: its latency, from the row buffer. */
static uint32_t ctl_latency(struct memctl *m, uint64_t pa, uint32_t miss_cycles)
{
    if (!m->row_buffer)
        return miss_cycles;
    uint64_t row = (pa - m->base) / m->row_bytes;
    if (row == m->open_row) {
        m->row_hits++;
        return m->row_hit_cycles;
    }
    m->row_misses++;
    m->open_row = row;
    return miss_cycles;
}

static uint32_t mem_read(struct timing *t, uint64_t pa, unsigned bytes)
{
    struct memctl *m = ctl_for(t, pa);
    if (!m)
        return 0;
    m->r->stats.reads++;
    m->r->stats.read_bytes += bytes;
    return ctl_latency(m, pa, m->read_cycles);
}

/* A write reaching the controller: from here on it survives a power cut. */
static uint32_t mem_write(struct timing *t, uint64_t pa, unsigned bytes)
{
    struct memctl *m = ctl_for(t, pa);
    if (!m)
        return 0;
    m->r->stats.writes++;
    m->r->stats.write_bytes += bytes;
    region_writeback(m->r, pa, bytes);
    return ctl_latency(m, pa, m->write_cycles);
}

/* ---- the hierarchy ---- */

static inline uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* A dirty line leaving an L1: into the L2 (n2 ways; 0: none), or to memory
 * without one. */
CACHE_INLINE uint32_t l1_victim(struct timing *t, uint64_t line, uint32_t n2)
{
    if (!n2)
        return mem_write(t, line, t->line_bytes);
    uint64_t victim = cache_put_dirty_n(t->l2, line, n2);
    return victim != CACHE_EMPTY ? mem_write(t, victim, t->line_bytes) : 0;
}

/* The fill of an L1 miss (lookup: the L1's hit cycles): the L2 (n2 ways;
 * 0: none), then memory. */
CACHE_INLINE uint32_t fill_below_l1(struct timing *t, uint64_t line, uint32_t lookup,
                                     uint32_t n2)
{
    uint32_t extra = 0;
    if (n2) {
        struct cache_result r = cache_access_n(t->l2, line, false, n2);
        lookup += t->l2->hit_cycles;
        if (r.victim != CACHE_EMPTY)
            extra = mem_write(t, r.victim, t->line_bytes);
        if (r.hit)
            return lookup + extra;
    }
    return max_u32(lookup, mem_read(t, line, t->line_bytes)) + extra;
}

static uint32_t l2_ways(const struct timing *t)
{
    return t->l2 ? t->l2->nways : 0;
}

/* An access when the L2 is the first cache level (no L1 of that kind). */
static uint32_t l2_first(struct timing *t, uint64_t pa, uint64_t line, bool write)
{
    struct cache_result r = cache_access(t->l2, pa, write);
    if (r.hit)
        return t->l2->hit_cycles;
    uint32_t c = max_u32(t->l2->hit_cycles, mem_read(t, line, t->line_bytes));
    if (r.victim != CACHE_EMPTY)
        c += mem_write(t, r.victim, t->line_bytes);
    return c;
}

/*
 * An L1D miss on pa's line, whose set is at tags, with n1 the L1D's ways
 * and n2 the L2's (0: no L2): fill the L1D, then the L2 (or memory), then
 * write the L1D's dirty victim into the L2 -- that order is the model.
 * The common geometry calls it with constants (l1d_miss_8_16), which turns
 * the set searches and rank updates into straight-line vector code.
 */
CACHE_INLINE uint32_t l1d_miss(struct timing *t, uint32_t *tags, uint64_t pa, bool write,
                               uint32_t n1, uint32_t n2)
{
    uint64_t line = pa & t->memo.line_mask;
    struct cache_result r = cache_fill_set_n(t->l1d, tags, pa, write, n1);
    memo_note(t, line, r.dirty);
    uint32_t c = fill_below_l1(t, line, t->l1d->hit_cycles, n2);
    if (r.victim != CACHE_EMPTY)
        c += l1_victim(t, r.victim, n2);
    return c;
}

static __attribute__((noinline)) uint32_t l1d_miss_8_16(struct timing *t, uint32_t *tags,
                                                        uint64_t pa, bool write)
{
    return l1d_miss(t, tags, pa, write, 8, 16);
}

static __attribute__((noinline)) uint32_t l1d_miss_any(struct timing *t, uint32_t *tags,
                                                       uint64_t pa, bool write)
{
    return l1d_miss(t, tags, pa, write, t->l1d->nways, l2_ways(t));
}

/* A data access within one line when an L1D is modelled: the hit here, a
 * miss out of line (the hit path stays small). */
static inline uint32_t l1d_line(struct timing *t, uint64_t pa, bool write)
{
    struct cache *c1 = t->l1d;
    uint32_t *tags = cache_set(c1, pa);
    uint8_t *dirty = CACHE_BY_WAYS(c1, cache_hit_set_n, c1, tags, pa, write);
    if (dirty) {
        memo_note(t, pa & t->memo.line_mask, dirty);
        return c1->hit_cycles;
    }
    return t->l1d8_l2_16 ? l1d_miss_8_16(t, tags, pa, write) : l1d_miss_any(t, tags, pa, write);
}

/* A data access within one line. */
static uint32_t data_line(struct timing *t, uint64_t pa, unsigned bytes, bool write)
{
    uint64_t line = pa & t->memo.line_mask;
    if (t->l1d)
        return l1d_line(t, pa, write);
    if (t->l2)
        return l2_first(t, pa, line, write);
    /* No data cache: every access goes to memory, stores straight through. */
    return write ? mem_write(t, pa, bytes) : mem_read(t, pa, bytes);
}

static uint32_t data_access(struct timing *t, uint64_t pa, unsigned size, bool write)
{
    if (size == 0)
        size = 1;
    uint64_t last = pa + size - 1;
    if (((pa ^ last) & t->memo.line_mask) == 0)
        return data_line(t, pa, size, write);
    /* Straddles two lines: both are accessed, one after the other. */
    uint64_t second = last & t->memo.line_mask;
    uint32_t c = data_line(t, pa, (unsigned)(second - pa), write);
    return c + data_line(t, second, (unsigned)(last - second + 1), write);
}

/* A load or store outside the memo.  The common case -- one line, an L1D --
 * goes straight to l1d_line. */
static inline uint32_t data_slow(struct timing *t, uint64_t pa, unsigned size, bool write)
{
    if (!t->l1d || ((pa ^ (pa + size - 1)) & t->memo.line_mask))
        return data_access(t, pa, size, write);
    return l1d_line(t, pa, write);
}

uint32_t timing_load_slow(struct timing *t, uint64_t pa, unsigned size)
{
    return data_slow(t, pa, size, false);
}

uint32_t timing_store_slow(struct timing *t, uint64_t pa, unsigned size)
{
    return data_slow(t, pa, size, true);
}

static uint32_t fetch_line(struct timing *t, uint64_t pa)
{
    uint64_t line = pa & t->memo.line_mask;
    if (t->l1i) {
        memo_fetched(t, line);
        if (cache_hit(t->l1i, pa, false))
            return t->l1i->hit_cycles;
        cache_fill(t->l1i, pa, false);
        return fill_below_l1(t, line, t->l1i->hit_cycles, l2_ways(t));
    }
    if (t->l2)
        return l2_first(t, pa, line, false);
    return mem_read(t, line, t->line_bytes);
}

/* One fetch of pa's line: the memo, else the caches; *memo says which. */
static inline uint32_t fetch_one(struct timing *t, uint64_t pa, bool *memo)
{
    struct timing_memo *m = &t->memo;
    if (((pa ^ m->i_line[(pa >> m->line_shift) & m->i_slot_mask]) & m->line_mask) == 0) {
        m->i_hits++;
        return m->i_hit_cycles;
    }
    *memo = false;
    return fetch_line(t, pa);
}

uint32_t timing_fetch(struct timing *t, uint64_t pa)
{
    bool memo = true;
    return fetch_one(t, pa, &memo);
}

/* The fetch of a block's lines when its stamp does not cover them: each
 * line through the memo, and a new stamp when all of them were memo lines. */
uint32_t timing_fetch_lines_slow(struct timing *t, const uint64_t *line_pa, unsigned n,
                                 struct timing_stamp *stamp)
{
    uint32_t c = 0;
    bool all_memo = true;
    for (unsigned i = 0; i < n; i++)
        c += fetch_one(t, line_pa[i], &all_memo);
    if (all_memo) {
        stamp->gen = t->memo.i_gen;
        stamp->lines = n;
    }
    return c;
}

/* ---- Zicbom ---- */

uint32_t timing_cbo(struct timing *t, uint64_t pa, enum cbo_op op)
{
    uint64_t line = pa & t->memo.line_mask;
    uint32_t c = (t->l1d ? t->l1d->hit_cycles : 0) + (t->l2 ? t->l2->hit_cycles : 0);
    /* The memo points into the sets we are about to change. */
    memo_forget(t);
    if (op == CBO_CLEAN || op == CBO_FLUSH) {
        bool dirty = false;
        if (t->l1d && cache_clean(t->l1d, line))
            dirty = true;
        if (t->l2 && cache_clean(t->l2, line))
            dirty = true;
        if (dirty)
            c += mem_write(t, line, t->line_bytes);
    }
    if (op == CBO_FLUSH || op == CBO_INVAL) {
        if (t->l1d)
            cache_invalidate(t->l1d, line, NULL);
        if (t->l1i)
            cache_invalidate(t->l1i, line, NULL);
        if (t->l2)
            cache_invalidate(t->l2, line, NULL);
    }
    if (op == CBO_INVAL) {
        struct memctl *m = ctl_for(t, line);
        /* The CPU view may now hold older bytes; decoded code could be stale. */
        if (m && region_discard(m->r, line, t->line_bytes))
            t->bus->code_gen++;
    }
    switch (op) {
    case CBO_CLEAN: t->cbo_clean++; break;
    case CBO_FLUSH: t->cbo_flush++; break;
    case CBO_INVAL: t->cbo_inval++; break;
    }
    return c;
}

/* ---- power ---- */

static void writeback_l1_line(void *opaque, uint64_t line)
{
    struct timing *t = opaque;
    /* One write to memory per line, even when the L2 holds it dirty too. */
    if (t->l2)
        cache_clean(t->l2, line);
    mem_write(t, line, t->line_bytes);
    t->lines_flushed_at_cut++;
}

static void writeback_l2_line(void *opaque, uint64_t line)
{
    struct timing *t = opaque;
    mem_write(t, line, t->line_bytes);
    t->lines_flushed_at_cut++;
}

uint64_t timing_writeback_all(struct timing *t)
{
    uint64_t before = t->lines_flushed_at_cut;
    if (t->l1d)
        cache_clean_all(t->l1d, writeback_l1_line, t);
    if (t->l2)
        cache_clean_all(t->l2, writeback_l2_line, t);
    return t->lines_flushed_at_cut - before;
}

/* A line of the L1D at a power cut: lost, unless the L2 holds it dirty too
 * (then it counts once, with the L2's). */
static void count_lost_l1_line(void *opaque, uint64_t line, bool dirty)
{
    struct timing *t = opaque;
    bool l2_dirty = false;
    if (!dirty)
        return;
    if (t->l2)
        cache_probe(t->l2, line, &l2_dirty);
    if (!l2_dirty)
        t->lines_lost++;
}

uint64_t timing_invalidate_all(struct timing *t)
{
    uint64_t before = t->lines_lost;
    t->cuts++;
    /* Count a line dirty in both levels once (with the L2's). */
    if (t->l1d) {
        cache_visit(t->l1d, count_lost_l1_line, t);
        cache_invalidate_all(t->l1d);
    }
    if (t->l2) {
        t->lines_lost += cache_count(t->l2, true);
        cache_invalidate_all(t->l2);
    }
    if (t->l1i)
        cache_invalidate_all(t->l1i);
    for (int i = 0; i < t->nctl; i++)
        t->ctl[i].open_row = UINT64_MAX;
    memo_forget(t);
    return t->lines_lost - before;
}

/* ---- inspection and stats ---- */

bool timing_line_dirty(const struct timing *t, uint64_t pa)
{
    bool d = false;
    if (t->l1d && cache_probe(t->l1d, pa, &d) && d)
        return true;
    if (t->l2 && cache_probe(t->l2, pa, &d) && d)
        return true;
    return false;
}

bool timing_cache_stats(const struct timing *t, const char *name, struct cache_stats *out)
{
    const struct cache *c = !strcmp(name, "l1i") ? t->l1i : !strcmp(name, "l1d") ? t->l1d
                          : !strcmp(name, "l2") ? t->l2 : NULL;
    if (!c)
        return false;
    *out = c->stats;
    if (c == t->l1d)
        out->hits += t->memo.d_hits;
    if (c == t->l1i)
        out->hits += t->memo.i_hits;
    return true;
}

static void cache_json(const struct timing *t, const char *name, struct json *j)
{
    struct cache_stats s;
    if (!timing_cache_stats(t, name, &s))
        return;
    const struct cache *c = !strcmp(name, "l1i") ? t->l1i : !strcmp(name, "l1d") ? t->l1d : t->l2;
    json_object_begin(j, name);
    json_u64(j, "size_bytes", (uint64_t)c->nsets * c->nways * c->line_bytes);
    json_u64(j, "ways", c->nways);
    json_u64(j, "line_bytes", c->line_bytes);
    json_u64(j, "hit_cycles", c->hit_cycles);
    json_u64(j, "accesses", s.hits + s.misses);
    json_u64(j, "hits", s.hits);
    json_u64(j, "misses", s.misses);
    json_double(j, "hit_rate", s.hits + s.misses ? (double)s.hits / (double)(s.hits + s.misses) : 0.0);
    json_u64(j, "writebacks", s.writebacks);
    json_u64(j, "evictions", s.evictions);
    json_u64(j, "invalidations", s.invalidations);
    json_u64(j, "dirty_lines_now", cache_count(c, true));
    json_object_end(j);
}

void timing_stats_json(const struct timing *t, struct json *j)
{
    json_object_begin(j, "caches");
    cache_json(t, "l1i", j);
    cache_json(t, "l1d", j);
    cache_json(t, "l2", j);
    json_object_end(j);
    json_object_begin(j, "memory_controllers");
    for (int i = 0; i < t->nctl; i++) {
        const struct memctl *m = &t->ctl[i];
        json_object_begin(j, m->r->name);
        json_u64(j, "read_cycles", m->read_cycles);
        json_u64(j, "write_cycles", m->write_cycles);
        json_bool(j, "row_buffer", m->row_buffer);
        if (m->row_buffer) {
            json_u64(j, "row_hit_cycles", m->row_hit_cycles);
            json_u64(j, "row_hits", m->row_hits);
            json_u64(j, "row_misses", m->row_misses);
        }
        json_object_end(j);
    }
    json_object_end(j);
    json_object_begin(j, "cbo");
    json_u64(j, "clean", t->cbo_clean);
    json_u64(j, "flush", t->cbo_flush);
    json_u64(j, "inval", t->cbo_inval);
    json_object_end(j);
    json_object_begin(j, "power_cuts");
    json_u64(j, "count", t->cuts);
    json_u64(j, "dirty_lines_lost", t->lines_lost);
    json_u64(j, "dirty_lines_flushed_at_cut", t->lines_flushed_at_cut);
    json_object_end(j);
}
