/*
 * test_cache.c -- the tag array on its own: geometry checks, LRU order,
 * write-back of dirty victims, clean/invalidate, and the bulk operations a
 * power cut uses.  Addresses are chosen by set: with 64-byte lines and S sets,
 * lines k * 64 * S all fall into set 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mem/cache.h"

#define LINE 64u

/* 4 sets x 2 ways x 64 bytes = 512 bytes. */
static struct cache *small(void)
{
    const char *why = NULL;
    struct cache *c = cache_new("t", 512, 2, LINE, 3, &why);
    assert_non_null(c);
    return c;
}

/* The k-th line that maps to set s. */
static uint64_t in_set(const struct cache *c, unsigned s, unsigned k)
{
    return 0x80000000ull + ((uint64_t)k * c->nsets + s) * LINE;
}

static void test_cache_geometry(void **state)
{
    const char *why = NULL;
    struct cache *c = cache_new("t", 32768, 8, 64, 1, &why);
    assert_non_null(c);
    assert_int_equal(c->nsets, 64);
    assert_int_equal(c->line_shift, 6);
    assert_int_equal(cache_count(c, false), 0);
    cache_free(c);

    why = NULL;
    assert_null(cache_new("t", 3 * 64 * 2, 2, 64, 1, &why));     /* 3 sets */
    assert_non_null(why);
    assert_non_null(strstr(why, "power of two"));
    why = NULL;
    assert_null(cache_new("t", 1024, 2, 48, 1, &why));          /* line not 2^n */
    assert_non_null(why);
    why = NULL;
    assert_null(cache_new("t", 1000, 2, 64, 1, &why));          /* not a multiple */
    assert_non_null(why);
    why = NULL;
    assert_null(cache_new("t", 1024, 0, 64, 1, &why));
    assert_non_null(why);
}

static void test_cache_hit_after_miss(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 1, 0);
    struct cache_result r = cache_access(c, a + 8, false);
    assert_false(r.hit);
    assert_int_equal(r.victim, CACHE_EMPTY);
    r = cache_access(c, a + 63, false);          /* same line, other byte */
    assert_true(r.hit);
    r = cache_access(c, a + 64, false);          /* next line: other set */
    assert_false(r.hit);
    assert_int_equal(c->stats.hits, 1);
    assert_int_equal(c->stats.misses, 2);
    assert_int_equal(cache_count(c, false), 2);
    cache_free(c);
}

static void test_cache_lru_evicts_least_recent(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 2, 0), b = in_set(c, 2, 1), d = in_set(c, 2, 2);
    cache_access(c, a, false);
    cache_access(c, b, false);
    cache_access(c, a, false);                   /* a is now the most recent */
    struct cache_result r = cache_access(c, d, false);   /* evicts b */
    assert_false(r.hit);
    assert_true(cache_probe(c, a, NULL));
    assert_false(cache_probe(c, b, NULL));
    assert_true(cache_probe(c, d, NULL));
    assert_int_equal(c->stats.evictions, 1);
    /* Other sets are untouched by set 2's traffic. */
    assert_false(cache_probe(c, in_set(c, 1, 0), NULL));
    cache_free(c);
}

static void test_cache_dirty_victim_is_written_back(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 0, 0), b = in_set(c, 0, 1), d = in_set(c, 0, 2), e = in_set(c, 0, 3);
    cache_access(c, a + 4, true);                /* store: write-allocate, dirty */
    bool dirty = false;
    assert_true(cache_probe(c, a, &dirty));
    assert_true(dirty);
    cache_access(c, b, false);
    struct cache_result r = cache_access(c, d, false);   /* a is LRU and dirty */
    assert_int_equal(r.victim, a);
    assert_int_equal(c->stats.writebacks, 1);
    r = cache_access(c, e, false);               /* b is clean: no write-back */
    assert_int_equal(r.victim, CACHE_EMPTY);
    assert_int_equal(c->stats.writebacks, 1);
    assert_int_equal(c->stats.evictions, 2);
    cache_free(c);
}

static void test_cache_store_hit_marks_dirty(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 3, 0);
    cache_access(c, a, false);
    bool dirty = true;
    cache_probe(c, a, &dirty);
    assert_false(dirty);
    struct cache_result r = cache_access(c, a + 16, true);
    assert_true(r.hit);
    assert_true(*r.dirty);
    cache_probe(c, a, &dirty);
    assert_true(dirty);
    assert_int_equal(cache_count(c, true), 1);
    cache_free(c);
}

static void test_cache_clean_keeps_line(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 1, 5);
    assert_false(cache_clean(c, a));             /* absent */
    cache_access(c, a, true);
    assert_true(cache_clean(c, a + 40));
    assert_false(cache_clean(c, a));             /* already clean */
    bool dirty = true;
    assert_true(cache_probe(c, a, &dirty));
    assert_false(dirty);
    assert_int_equal(c->stats.writebacks, 1);
    cache_free(c);
}

static void test_cache_invalidate_frees_the_way(void **state)
{
    struct cache *c = small();
    uint64_t a = in_set(c, 0, 0), b = in_set(c, 0, 1), d = in_set(c, 0, 2);
    cache_access(c, a, true);
    cache_access(c, b, false);
    bool was_dirty = false;
    assert_true(cache_invalidate(c, a, &was_dirty));
    assert_true(was_dirty);
    assert_false(cache_invalidate(c, a, &was_dirty));
    assert_false(was_dirty);
    /* The freed way takes the next fill: b must stay. */
    struct cache_result r = cache_access(c, d, false);
    assert_int_equal(r.victim, CACHE_EMPTY);
    assert_int_equal(c->stats.evictions, 0);
    assert_true(cache_probe(c, b, NULL));
    assert_true(cache_probe(c, d, NULL));
    cache_free(c);
}

static uint64_t seen[16];
static uint64_t *seen_into = seen;
static int nseen;
static void collect(void *opaque, uint64_t line)
{
    (void)opaque;
    seen_into[nseen++] = line;
}

static void test_cache_clean_all_and_invalidate_all(void **state)
{
    struct cache *c = small();
    cache_access(c, in_set(c, 0, 0), true);
    cache_access(c, in_set(c, 1, 0), false);
    cache_access(c, in_set(c, 3, 1), true);
    nseen = 0;
    cache_clean_all(c, collect, NULL);
    assert_int_equal(nseen, 2);
    assert_true((seen[0] == in_set(c, 0, 0) && seen[1] == in_set(c, 3, 1)) ||
                (seen[1] == in_set(c, 0, 0) && seen[0] == in_set(c, 3, 1)));
    assert_int_equal(cache_count(c, true), 0);
    assert_int_equal(cache_count(c, false), 3);
    nseen = 0;
    cache_clean_all(c, collect, NULL);
    assert_int_equal(nseen, 0);
    cache_access(c, in_set(c, 2, 0), true);
    cache_invalidate_all(c);
    assert_int_equal(cache_count(c, false), 0);
    assert_false(cache_probe(c, in_set(c, 2, 0), NULL));
    cache_free(c);
}

/* Write-backs of a whole cache go set by set, each set's lines most recent
 * first (the order memory -- and its row buffers -- sees at a power cut). */
static void test_cache_clean_all_goes_most_recent_first(void **state)
{
    const char *why = NULL;
    struct cache *c = cache_new("t", 4 * 4 * LINE, 4, LINE, 1, &why); /* 4 sets x 4 ways */
    uint64_t a = in_set(c, 2, 0), b = in_set(c, 2, 1), d = in_set(c, 2, 2), e = in_set(c, 2, 3);
    cache_access(c, a, true);
    cache_access(c, b, true);
    cache_access(c, d, true);
    cache_access(c, e, false);
    cache_access(c, b, false);                  /* b, e, d, a from most recent */
    cache_access(c, in_set(c, 0, 7), true);     /* set 0 comes first */
    nseen = 0;
    cache_clean_all(c, collect, NULL);
    assert_int_equal(nseen, 4);
    assert_int_equal(seen[0], in_set(c, 0, 7));
    assert_int_equal(seen[1], b);
    assert_int_equal(seen[2], d);
    assert_int_equal(seen[3], a);
    cache_free(c);
}

/* Line addresses come back whole from tag and set: a dirty victim far up in
 * the address space is the line that went in. */
static void test_cache_victim_address_round_trips(void **state)
{
    const char *why = NULL;
    struct cache *c = cache_new("t", 1 << 20, 16, LINE, 1, &why);   /* 1024 sets */
    uint64_t far = 0x3f12345000ull + 0x40 * 5, span = (uint64_t)c->nsets * LINE;
    cache_access(c, far + 8, true);
    for (unsigned k = 1; k < 16; k++)
        cache_access(c, far + k * span, false);
    struct cache_result r = cache_access(c, far + 16 * span, false);
    assert_int_equal(r.victim, far);
    cache_free(c);
}

/*
 * Against a model written from the definition -- each set a list of lines,
 * most recent first -- for every associativity the code has a path for
 * (vectors at 8 and 16 ways, a loop otherwise): random accesses, cleans and
 * invalidations, the same hit, victim and dirty state at every step, and
 * the same write-back order at the end.
 */
struct ref_line { uint64_t line; bool dirty; };

/* Put l at the front of set, in place of set[i]. */
static void ref_use(struct ref_line *set, int i, struct ref_line l)
{
    for (; i > 0; i--)
        set[i] = set[i - 1];
    set[0] = l;
}

static void test_cache_matches_reference_model(void **state)
{
    static const uint32_t ways[] = { 1, 2, 4, 8, 16, 32 };
    for (size_t g = 0; g < sizeof ways / sizeof ways[0]; g++) {
        uint32_t nw = ways[g], nsets = 4;
        const char *why = NULL;
        struct cache *c = cache_new("t", nsets * nw * LINE, nw, LINE, 1, &why);
        assert_non_null(c);
        struct ref_line ref[4][32];
        int n[4] = { 0 };
        uint64_t x = 0x9e3779b97f4a7c15ull + g;
        for (int step = 0; step < 40000; step++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            uint32_t s = (uint32_t)(x % nsets);
            uint64_t line = in_set(c, s, (unsigned)((x >> 8) % (nw + nw / 2 + 2)));
            struct ref_line *set = ref[s];
            int i = 0;
            while (i < n[s] && set[i].line != line)
                i++;
            bool present = i < n[s];
            unsigned op = (unsigned)(x >> 40) % 16;
            if (op == 0) {                          /* clean */
                bool was = present && set[i].dirty;
                assert_int_equal(cache_clean(c, line + 3), was);
                if (present)
                    set[i].dirty = false;
            } else if (op == 1) {                   /* invalidate */
                bool was_dirty = true;
                assert_int_equal(cache_invalidate(c, line, &was_dirty), present);
                assert_int_equal(was_dirty, present && set[i].dirty);
                if (present) {
                    for (; i + 1 < n[s]; i++)
                        set[i] = set[i + 1];
                    n[s]--;
                }
            } else {                                /* load or store */
                bool write = op < 7;
                struct cache_result r = cache_access(c, line + (x >> 50) % LINE, write);
                assert_int_equal(r.hit, present);
                uint64_t victim = CACHE_EMPTY;
                if (present) {
                    ref_use(set, i, (struct ref_line){ line, set[i].dirty || write });
                } else {
                    if (n[s] == (int)nw) {
                        if (set[nw - 1].dirty)
                            victim = set[nw - 1].line;
                        i = (int)nw - 1;
                    } else {
                        i = n[s]++;
                    }
                    ref_use(set, i, (struct ref_line){ line, write });
                }
                assert_int_equal(r.victim, victim);
                assert_int_equal(*r.dirty, set[0].dirty);
            }
        }
        uint64_t want[4 * 32];
        int nwant = 0;
        for (uint32_t s = 0; s < nsets; s++)
            for (int i = 0; i < n[s]; i++)
                if (ref[s][i].dirty)
                    want[nwant++] = ref[s][i].line;
        uint64_t got[4 * 32];
        nseen = 0;
        seen_into = got;
        cache_clean_all(c, collect, NULL);
        seen_into = seen;
        assert_int_equal(nseen, nwant);
        assert_memory_equal(got, want, (size_t)nwant * sizeof *got);
        cache_free(c);
    }
}

/* A direct-mapped cache is the 1-way corner of the same code. */
static void test_cache_direct_mapped(void **state)
{
    const char *why = NULL;
    struct cache *c = cache_new("dm", 256, 1, 64, 1, &why);
    assert_non_null(c);
    uint64_t a = 0x1000, b = 0x1000 + 256;
    cache_access(c, a, true);
    struct cache_result r = cache_access(c, b, false);
    assert_false(r.hit);
    assert_int_equal(r.victim, a);
    assert_false(cache_probe(c, a, NULL));
    cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_geometry),
        cmocka_unit_test(test_cache_hit_after_miss),
        cmocka_unit_test(test_cache_lru_evicts_least_recent),
        cmocka_unit_test(test_cache_dirty_victim_is_written_back),
        cmocka_unit_test(test_cache_store_hit_marks_dirty),
        cmocka_unit_test(test_cache_clean_keeps_line),
        cmocka_unit_test(test_cache_invalidate_frees_the_way),
        cmocka_unit_test(test_cache_clean_all_and_invalidate_all),
        cmocka_unit_test(test_cache_clean_all_goes_most_recent_first),
        cmocka_unit_test(test_cache_victim_address_round_trips),
        cmocka_unit_test(test_cache_matches_reference_model),
        cmocka_unit_test(test_cache_direct_mapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
