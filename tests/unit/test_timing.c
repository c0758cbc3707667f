/*
 * test_timing.c -- the memory hierarchy as the hart sees it: what each access
 * costs, when a store becomes durable, what Zicbom and a power cut do.
 *
 * The machine here runs at 1000 MHz, so one cycle is one ns and latencies read
 * directly.  Caches are tiny so that evictions are easy to provoke:
 *   L1I, L1D  1 KiB, 2 ways, 64-byte lines (8 sets), hit 2 cycles
 *   L2        4 KiB, 4 ways (16 sets), hit 10 cycles
 *   dram      at 0x80000000, read 80 ns, write 100 ns
 *   scm       at 0x90000000, read 120 ns, write 300 ns
 * The hart's part (copying data, base instruction cost) is played by the
 * test: it writes the CPU view itself and then asks timing_store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "config.h"
#include "json.h"
#include "mem/bus.h"
#include "mem/cache.h"
#include "mem/region.h"
#include "mem/timing.h"

#define DRAM 0x80000000ull
#define SCM  0x90000000ull
#define MiB  (1ull << 20)
#define LINE 64u

struct rig {
    struct config cfg;
    struct bus bus;
    struct region dram, scm;
    struct timing *t;
};

static void cache_cfg(struct cache_config *c, uint32_t size, uint32_t ways, uint32_t hit)
{
    c->enabled = true;
    c->size = size;
    c->ways = ways;
    c->line_bytes = LINE;
    c->hit_cycles = hit;
}

static void region_cfg(struct region_config *rc, const char *name, enum region_kind kind,
                       uint64_t base, uint32_t read_ns, uint32_t write_ns)
{
    memset(rc, 0, sizeof *rc);
    snprintf(rc->name, sizeof rc->name, "%s", name);
    rc->kind = kind;
    rc->base = base;
    rc->size = 4 * MiB;
    rc->read_ns = read_ns;
    rc->write_ns = write_ns;
}

static void base_cfg(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->cpu.freq_mhz = 1000;
    cfg->cpu.timing = true;
    cache_cfg(&cfg->l1i, 1024, 2, 2);
    cache_cfg(&cfg->l1d, 1024, 2, 2);
    cache_cfg(&cfg->l2, 4096, 4, 10);
    region_cfg(&cfg->regions[0], "dram", REGION_DRAM, DRAM, 80, 100);
    region_cfg(&cfg->regions[1], "scm", REGION_SCM, SCM, 120, 300);
    cfg->nregions = 2;
}

static void rig_start(struct rig *g)
{
    const char *why;
    bus_init(&g->bus);
    assert_int_equal(region_create(&g->dram, &g->cfg.regions[0], true), 0);
    assert_int_equal(region_create(&g->scm, &g->cfg.regions[1], true), 0);
    assert_int_equal(bus_add_region(&g->bus, &g->dram, &why), 0);
    assert_int_equal(bus_add_region(&g->bus, &g->scm, &why), 0);
    region_power_on(&g->dram, 1);
    region_power_on(&g->scm, 1);
    g->t = timing_new(&g->cfg, &g->bus);
    assert_non_null(g->t);
}

static int setup(void **state)
{
    struct rig *g = calloc(1, sizeof *g);
    base_cfg(&g->cfg);
    rig_start(g);
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    region_destroy(&g->dram);
    region_destroy(&g->scm);
    free(g);
    return 0;
}

/* The k-th line mapping to L1D set 0 and L2 set 0 (L2 sets are 16, L1's 8). */
static uint64_t same_set(uint64_t base, unsigned k) { return base + (uint64_t)k * 16 * LINE; }

/* A store as the hart does it: the data first, then the timing. */
static uint32_t store64(struct rig *g, uint64_t pa, uint64_t v)
{
    struct region *r = pa >= SCM ? &g->scm : &g->dram;
    memcpy(r->mem + (pa - r->base), &v, 8);
    return timing_store(g->t, pa, 8);
}

static uint64_t durable64(const struct region *r, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, r->durable + (pa - r->base), 8);
    return v;
}

static uint64_t cpu64(const struct region *r, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, r->mem + (pa - r->base), 8);
    return v;
}

static struct cache_stats stats_of(struct rig *g, const char *name)
{
    struct cache_stats s;
    assert_true(timing_cache_stats(g->t, name, &s));
    return s;
}

/* ---- costs ---- */

static void test_timing_off_means_no_model(void **state)
{
    struct config cfg;
    base_cfg(&cfg);
    cfg.cpu.timing = false;
    struct bus bus;
    bus_init(&bus);
    assert_null(timing_new(&cfg, &bus));
}

static void test_timing_load_costs_by_level(void **state)
{
    struct rig *g = *state;
    /* Full miss: read_ns is the whole latency, not L1 + L2 + read. */
    assert_int_equal(timing_load(g->t, DRAM + 0x100, 8), 80);
    assert_int_equal(timing_load(g->t, DRAM + 0x108, 8), 2);     /* L1 hit (memo) */
    assert_int_equal(timing_load(g->t, SCM + 0x100, 8), 120);
    assert_int_equal(timing_load(g->t, DRAM + 0x100, 4), 2);     /* L1 hit (set scan) */
    /* Push DRAM+0x100's line out of the 2-way L1 set, but not out of L2. */
    uint64_t a = same_set(DRAM, 0);
    timing_load(g->t, a, 8);
    timing_load(g->t, same_set(DRAM, 1), 8);
    timing_load(g->t, same_set(DRAM, 2), 8);
    assert_int_equal(timing_load(g->t, a, 8), 2 + 10);            /* L2 hit */
    struct cache_stats s = stats_of(g, "l1d");
    assert_int_equal(s.hits, 2);
    assert_int_equal(s.misses, 6);
    assert_int_equal(g->dram.stats.reads, 4);
    assert_int_equal(g->dram.stats.read_bytes, 4 * LINE);
    assert_int_equal(g->scm.stats.reads, 1);
    assert_int_equal(g->dram.stats.writes, 0);
}

static void test_timing_ns_become_cycles_at_the_clock(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    g->cfg.cpu.freq_mhz = 1500;                 /* 80 ns = 120 cycles, 120 ns = 180 */
    g->cfg.regions[0].read_ns = 75;             /* 112.5 cycles: rounds to 113 */
    g->t = timing_new(&g->cfg, &g->bus);
    assert_int_equal(timing_load(g->t, DRAM, 8), 113);
    assert_int_equal(timing_load(g->t, SCM, 8), 180);
}

static void test_timing_fetch_shares_the_l2(void **state)
{
    struct rig *g = *state;
    assert_int_equal(timing_fetch(g->t, DRAM + 0x40), 80);
    assert_int_equal(timing_fetch(g->t, DRAM + 0x7c), 2);         /* same line */
    assert_int_equal(timing_fetch(g->t, DRAM + 0x80), 80);
    assert_int_equal(timing_fetch(g->t, DRAM + 0x40), 2);
    /* The data side finds the code's line in the L2. */
    assert_int_equal(timing_load(g->t, DRAM + 0x40, 4), 2 + 10);
    struct cache_stats s = stats_of(g, "l1i");
    assert_int_equal(s.hits, 2);
    assert_int_equal(s.misses, 2);
    assert_int_equal(s.writebacks, 0);
}

static void test_timing_straddling_access_touches_two_lines(void **state)
{
    struct rig *g = *state;
    assert_int_equal(timing_load(g->t, DRAM + 60, 8), 80 + 80);
    assert_int_equal(timing_load(g->t, DRAM + 60, 8), 2 + 2);
    assert_int_equal(g->dram.stats.reads, 2);
}

static void test_timing_row_buffer(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    g->cfg.regions[0].row_buffer = true;
    g->cfg.regions[0].row_bytes = 2048;
    g->cfg.regions[0].row_hit_ns = 40;
    g->t = timing_new(&g->cfg, &g->bus);
    assert_int_equal(timing_load(g->t, DRAM + 0x000, 8), 80);     /* opens row 0 */
    assert_int_equal(timing_load(g->t, DRAM + 0x040, 8), 40);     /* same row */
    assert_int_equal(timing_load(g->t, DRAM + 0x800, 8), 80);     /* row 1 */
    assert_int_equal(timing_load(g->t, DRAM + 0x0c0, 8), 80);     /* row 0 again: closed */
    /* The L1 + L2 lookups bound the latency from below. */
    g->cfg.regions[0].row_hit_ns = 1;
    timing_free(g->t);
    g->t = timing_new(&g->cfg, &g->bus);
    timing_load(g->t, DRAM, 8);
    assert_int_equal(timing_load(g->t, DRAM + 0x40, 8), 12);
}

/* ---- durability ---- */

static void test_timing_store_is_durable_only_after_clean(void **state)
{
    struct rig *g = *state;
    uint64_t pa = SCM + 0x1000;
    assert_int_equal(store64(g, pa, 0xc0ffee), 120);              /* write-allocate */
    assert_true(timing_line_dirty(g->t, pa));
    assert_int_equal(durable64(&g->scm, pa), 0);
    assert_int_equal(g->scm.stats.writes, 0);
    /* cbo.clean: lookups plus the write to the controller. */
    assert_int_equal(timing_cbo(g->t, pa + 8, CBO_CLEAN), 2 + 10 + 300);
    assert_int_equal(durable64(&g->scm, pa), 0xc0ffee);
    assert_false(timing_line_dirty(g->t, pa));
    assert_int_equal(g->scm.stats.writes, 1);
    assert_int_equal(g->scm.stats.write_bytes, LINE);
    assert_int_equal(g->scm.page_writes[1], 1);
    /* The line stays cached; a clean of a clean line writes nothing. */
    assert_int_equal(timing_load(g->t, pa, 8), 2);
    assert_int_equal(timing_cbo(g->t, pa, CBO_CLEAN), 2 + 10);
    assert_int_equal(g->scm.stats.writes, 1);
    /* A store after the clean is volatile again. */
    store64(g, pa, 0xbad);
    assert_true(timing_line_dirty(g->t, pa));
    timing_invalidate_all(g->t);
    region_power_on(&g->scm, 2);
    assert_int_equal(cpu64(&g->scm, pa), 0xc0ffee);
}

static void test_timing_memo_store_marks_dirty(void **state)
{
    struct rig *g = *state;
    uint64_t pa = SCM + 0x2000;
    timing_load(g->t, pa, 8);                   /* line is now the memo line, clean */
    assert_false(timing_line_dirty(g->t, pa));
    assert_int_equal(store64(g, pa + 16, 5), 2);  /* fast path */
    assert_true(timing_line_dirty(g->t, pa));
    timing_cbo(g->t, pa, CBO_CLEAN);
    assert_int_equal(durable64(&g->scm, pa + 16), 5);
}

static void test_timing_eviction_writes_back(void **state)
{
    struct rig *g = *state;
    /* Five dirty lines in one L2 set of 4 ways: the first must go to SCM. */
    for (unsigned k = 0; k < 5; k++)
        store64(g, same_set(SCM, k), 100 + k);
    assert_int_equal(durable64(&g->scm, same_set(SCM, 0)), 100);
    assert_int_equal(g->scm.stats.writes, 1);
    for (unsigned k = 1; k < 5; k++)
        assert_int_equal(durable64(&g->scm, same_set(SCM, k)), 0);
    struct cache_stats l1 = stats_of(g, "l1d"), l2 = stats_of(g, "l2");
    assert_int_equal(l1.writebacks, 3);          /* lines 0, 1, 2 left the 2-way L1 */
    assert_int_equal(l2.writebacks, 1);
    /* Victims entering the L2 are not demand accesses. */
    assert_int_equal(l2.hits + l2.misses, 5);
}

static void test_timing_eviction_cost_includes_the_write(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    g->cfg.l2.enabled = false;
    g->t = timing_new(&g->cfg, &g->bus);
    /* L1 only: 8 sets, so lines 512 bytes apart share a set. */
    store64(g, SCM, 1);
    store64(g, SCM + 512, 2);
    /* This fill evicts the dirty SCM line: read 80 (DRAM) + write 300 (SCM). */
    assert_int_equal(timing_load(g->t, DRAM + 1024, 8), 80 + 300);
    assert_int_equal(durable64(&g->scm, SCM), 1);
    assert_int_equal(g->scm.stats.writes, 1);
}

static void test_timing_flush_writes_back_and_invalidates(void **state)
{
    struct rig *g = *state;
    uint64_t pa = SCM + 0x3000;
    store64(g, pa, 77);
    assert_int_equal(timing_cbo(g->t, pa, CBO_FLUSH), 2 + 10 + 300);
    assert_int_equal(durable64(&g->scm, pa), 77);
    assert_false(timing_line_dirty(g->t, pa));
    assert_int_equal(timing_load(g->t, pa, 8), 120);              /* gone from every level */
    assert_int_equal(stats_of(g, "l1d").invalidations, 1);
    assert_int_equal(stats_of(g, "l2").invalidations, 1);
}

static void test_timing_inval_discards_dirty_scm_data(void **state)
{
    struct rig *g = *state;
    uint64_t pa = SCM + 0x4000;
    store64(g, pa, 1);
    timing_cbo(g->t, pa, CBO_CLEAN);
    store64(g, pa, 2);
    store64(g, pa + 8, 3);
    uint64_t gen = g->bus.code_gen;
    assert_int_equal(timing_cbo(g->t, pa, CBO_INVAL), 2 + 10);
    /* The CPU sees what reached SCM; nothing more was written. */
    assert_int_equal(cpu64(&g->scm, pa), 1);
    assert_int_equal(cpu64(&g->scm, pa + 8), 0);
    assert_int_equal(g->scm.stats.writes, 1);
    assert_int_equal(g->bus.code_gen, gen + 1);
    assert_false(timing_line_dirty(g->t, pa));
    assert_int_equal(timing_load(g->t, pa, 8), 120);
}

static void test_timing_inval_on_dram_keeps_memory(void **state)
{
    struct rig *g = *state;
    uint64_t pa = DRAM + 0x5000;
    store64(g, pa, 42);
    timing_cbo(g->t, pa, CBO_INVAL);
    assert_int_equal(cpu64(&g->dram, pa), 42);
    assert_int_equal(g->dram.stats.writes, 0);
    assert_false(timing_line_dirty(g->t, pa));
}

static void test_timing_power_cut_loses_dirty_lines(void **state)
{
    struct rig *g = *state;
    store64(g, SCM + 0x100, 11);                 /* dirty in L1 (and not in L2) */
    for (unsigned k = 0; k < 3; k++)             /* same_set(SCM,0) ends dirty in L2 */
        store64(g, same_set(SCM, k), 20 + k);
    timing_invalidate_all(g->t);
    region_power_on(&g->scm, 5);
    assert_int_equal(cpu64(&g->scm, SCM + 0x100), 0);
    assert_int_equal(cpu64(&g->scm, same_set(SCM, 0)), 0);
    assert_int_equal(g->scm.stats.writes, 0);
    /* Every level is empty: the next access misses. */
    assert_int_equal(timing_load(g->t, SCM + 0x100, 8), 120);
    assert_int_equal(timing_fetch(g->t, SCM + 0x100), 2 + 10);   /* L1I empty, L2 refilled */

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct json j;
    json_init(&j, f);
    json_object_begin(&j, NULL);
    timing_stats_json(g->t, &j);
    json_object_end(&j);
    json_finish(&j);
    fclose(f);
    /* Four dirty lines were lost: SCM+0x100 and same_set(SCM, 0..2). */
    assert_non_null(strstr(buf, "\"dirty_lines_lost\": 4"));
    assert_non_null(strstr(buf, "\"count\": 1"));
    free(buf);
}

static void test_timing_flush_on_fail_saves_dirty_lines(void **state)
{
    struct rig *g = *state;
    store64(g, SCM + 0x100, 11);
    for (unsigned k = 0; k < 3; k++)
        store64(g, same_set(SCM, k), 20 + k);
    store64(g, DRAM + 0x40, 9);
    /* same_set(SCM, 0) is dirty in the L2 only; lines 1 and 2 in the L1. */
    timing_writeback_all(g->t);
    timing_invalidate_all(g->t);
    region_power_on(&g->scm, 5);
    region_power_on(&g->dram, 5);
    assert_int_equal(cpu64(&g->scm, SCM + 0x100), 11);
    for (unsigned k = 0; k < 3; k++)
        assert_int_equal(cpu64(&g->scm, same_set(SCM, k)), 20 + k);
    /* One write per line even when two levels held it. */
    assert_int_equal(g->scm.stats.writes, 4);
    assert_int_equal(g->dram.stats.writes, 1);
    assert_int_not_equal(cpu64(&g->dram, DRAM + 0x40), 9);      /* DRAM never survives */
}

static void test_timing_without_caches_stores_write_through(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    g->cfg.l1i.enabled = g->cfg.l1d.enabled = g->cfg.l2.enabled = false;
    g->t = timing_new(&g->cfg, &g->bus);
    assert_int_equal(store64(g, SCM + 8, 6), 300);
    assert_int_equal(durable64(&g->scm, SCM + 8), 6);
    assert_int_equal(g->scm.stats.write_bytes, 8);
    assert_int_equal(timing_load(g->t, SCM + 8, 8), 120);
    assert_int_equal(timing_load(g->t, SCM + 8, 8), 120);
    assert_int_equal(timing_fetch(g->t, DRAM), 80);
    assert_false(timing_cache_stats(g->t, "l1d", &(struct cache_stats){0}));
}

/* ---- the figures the pointer-chase check relies on ---- */

static uint64_t chase(struct timing *t, uint64_t base, uint64_t bytes, unsigned n)
{
    uint64_t cycles = 0, x = 12345;
    for (unsigned i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        cycles += timing_load(t, base + ((x >> 20) % (bytes / LINE)) * LINE, 8);
    }
    return cycles;
}

static void test_timing_miss_latency_matches_config(void **state)
{
    struct rig *g = *state;
    /* 4 MiB of lines against 4 KiB of L2: nearly every access misses. */
    double dram = (double)chase(g->t, DRAM, 4 * MiB, 20000) / 20000;
    double scm = (double)chase(g->t, SCM, 4 * MiB, 20000) / 20000;
    assert_true(dram > 80 * 0.99 && dram <= 80);
    assert_true(scm > 120 * 0.99 && scm <= 120);
}

static void test_timing_is_deterministic(void **state)
{
    struct rig *g = *state;
    uint64_t a = chase(g->t, SCM, 64 * 1024, 5000);
    for (unsigned k = 0; k < 50; k++)
        store64(g, SCM + k * 200, k);
    uint64_t a2 = chase(g->t, DRAM, 64 * 1024, 5000);
    struct cache_stats s1 = stats_of(g, "l2");
    uint64_t w1 = g->scm.stats.writes;
    timing_free(g->t);
    g->scm.stats = g->dram.stats = (struct region_stats){0};
    g->t = timing_new(&g->cfg, &g->bus);
    uint64_t b = chase(g->t, SCM, 64 * 1024, 5000);
    for (unsigned k = 0; k < 50; k++)
        store64(g, SCM + k * 200, k);
    uint64_t b2 = chase(g->t, DRAM, 64 * 1024, 5000);
    struct cache_stats s2 = stats_of(g, "l2");
    assert_int_equal(a, b);
    assert_int_equal(a2, b2);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_int_equal(w1, g->scm.stats.writes);
}


/*
 * The fast paths (the two-line memo, the set scan) against a plain LRU model
 * written from the definition: per set, lines in order of use.  L1D only, so
 * every miss costs the region's read and every dirty victim its write.
 */
struct ref_set { uint64_t line[2]; bool dirty[2]; int n; };

static uint32_t ref_access(struct ref_set *sets, uint64_t pa, bool write)
{
    uint64_t line = pa & ~(uint64_t)(LINE - 1);
    struct ref_set *s = &sets[(pa / LINE) % 8];
    uint32_t cost;
    int i;
    for (i = 0; i < s->n && s->line[i] != line; i++)
        ;
    bool dirty;
    if (i < s->n) {
        cost = 2;
        dirty = s->dirty[i];
    } else {
        cost = line >= SCM ? 120 : 80;
        dirty = false;
        if (s->n == 2) {
            if (s->dirty[1])
                cost += s->line[1] >= SCM ? 300 : 100;
            i = 1;
        } else {
            i = s->n++;
        }
    }
    for (; i > 0; i--) {
        s->line[i] = s->line[i - 1];
        s->dirty[i] = s->dirty[i - 1];
    }
    s->line[0] = line;
    s->dirty[0] = dirty || write;
    return cost;
}

static void test_timing_matches_reference_lru(void **state)
{
    struct rig *g = *state;
    timing_free(g->t);
    g->cfg.l2.enabled = false;
    g->t = timing_new(&g->cfg, &g->bus);
    struct ref_set sets[8];
    memset(sets, 0, sizeof sets);
    uint64_t x = 88172645463325252ull, scm_writes = 0;
    for (int n = 0; n < 200000; n++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        /* 40 lines over 8 sets, DRAM and SCM, with some locality. */
        unsigned k = (x >> 8) % 40;
        if ((x >> 20) % 4 == 0)
            k %= 3;
        uint64_t line = (k < 20 ? DRAM : SCM) + (uint64_t)(k % 20) * LINE * 3;
        unsigned size = 1u << ((x >> 30) % 4);
        uint64_t pa = line + ((x >> 40) % (LINE / size)) * size;
        bool write = (x >> 50) % 3 == 0;
        uint32_t want = ref_access(sets, pa, write);
        uint32_t got = write ? timing_store(g->t, pa, size) : timing_load(g->t, pa, size);
        if (got != want)
            fail_msg("access %d: %s 0x%llx: cost %u, LRU model says %u", n,
                     write ? "store" : "load", (unsigned long long)pa, got, want);
        if (want > 2 && want - (pa >= SCM ? 120 : 80) == 300)
            scm_writes++;
    }
    /* Same dirty lines in the end, and every dirty SCM victim reached SCM. */
    for (int s = 0; s < 8; s++)
        for (int i = 0; i < sets[s].n; i++)
            assert_int_equal(timing_line_dirty(g->t, sets[s].line[i]), sets[s].dirty[i]);
    assert_int_equal(g->scm.stats.writes, scm_writes);
    assert_true(scm_writes > 1000);
}

/*
 * A block's fetches through timing_fetch_lines (the stamp that skips the
 * memo checks) cost and count exactly what fetching each line on its own
 * does: two identical rigs, random blocks of a few lines from a small code
 * area (so lines stay in the memo for a while), with data loads, cbo.flush
 * on code lines (which must end a stamp's validity) and power cuts between.
 */
static void test_timing_block_fetch_matches_line_fetches(void **state)
{
    struct rig *g = *state;
    struct rig *h = calloc(1, sizeof *h);
    base_cfg(&h->cfg);
    rig_start(h);
    enum { NBLOCKS = 24 };
    uint64_t lines[NBLOCKS][4];
    unsigned nlines[NBLOCKS];
    struct timing_stamp stamp[NBLOCKS];
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (int b = 0; b < NBLOCKS; b++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        nlines[b] = 1 + x % 4;
        uint64_t first = DRAM + ((x >> 8) % 40) * LINE;
        for (unsigned i = 0; i < nlines[b]; i++)
            lines[b][i] = first + i * LINE;
        stamp[b] = (struct timing_stamp){ 0 };
    }
    uint64_t skipped = 0;
    for (int n = 0; n < 100000; n++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        /* Mostly a few hot blocks, now and then any. */
        int b = (x >> 4) % 16 ? (int)((x >> 12) % 3) : (int)((x >> 12) % NBLOCKS);
        unsigned k = 1 + (x >> 20) % nlines[b];
        uint32_t want = 0;
        for (unsigned i = 0; i < k; i++)
            want += timing_fetch(g->t, lines[b][i]);
        struct timing_stamp before = stamp[b];
        uint32_t got = timing_fetch_lines(h->t, lines[b], k, &stamp[b]);
        if (got != want)
            fail_msg("step %d: block %d, %u lines: %u cycles, one line at a time %u",
                     n, b, k, got, want);
        if (before.gen == stamp[b].gen && before.lines == stamp[b].lines && k <= before.lines)
            skipped++;
        switch ((x >> 30) % 64) {
        case 0: case 1: case 2: case 3: {
            uint64_t pa = DRAM + ((x >> 40) % 4096) * LINE;
            assert_int_equal(timing_load(g->t, pa, 8), timing_load(h->t, pa, 8));
            break;
        }
        case 4: {
            uint64_t pa = lines[(x >> 40) % NBLOCKS][0];
            assert_int_equal(timing_cbo(g->t, pa, CBO_FLUSH), timing_cbo(h->t, pa, CBO_FLUSH));
            break;
        }
        case 5:
            if ((x >> 40) % 16 == 0)
                assert_int_equal(timing_invalidate_all(g->t), timing_invalidate_all(h->t));
            break;
        }
    }
    const char *names[] = { "l1i", "l1d", "l2" };
    for (int i = 0; i < 3; i++) {
        struct cache_stats a = stats_of(g, names[i]), b = stats_of(h, names[i]);
        assert_memory_equal(&a, &b, sizeof a);
    }
    /* The stamps did their job: most block fetches skipped the memo checks. */
    assert_true(skipped > 50000);
    timing_free(h->t);
    region_destroy(&h->dram);
    region_destroy(&h->scm);
    free(h);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timing_off_means_no_model),
        T(test_timing_load_costs_by_level),
        T(test_timing_ns_become_cycles_at_the_clock),
        T(test_timing_fetch_shares_the_l2),
        T(test_timing_straddling_access_touches_two_lines),
        T(test_timing_row_buffer),
        T(test_timing_store_is_durable_only_after_clean),
        T(test_timing_memo_store_marks_dirty),
        T(test_timing_eviction_writes_back),
        T(test_timing_eviction_cost_includes_the_write),
        T(test_timing_flush_writes_back_and_invalidates),
        T(test_timing_inval_discards_dirty_scm_data),
        T(test_timing_inval_on_dram_keeps_memory),
        T(test_timing_power_cut_loses_dirty_lines),
        T(test_timing_flush_on_fail_saves_dirty_lines),
        T(test_timing_without_caches_stores_write_through),
        T(test_timing_miss_latency_matches_config),
        T(test_timing_is_deterministic),
        T(test_timing_matches_reference_lru),
        T(test_timing_block_fetch_matches_line_fetches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
