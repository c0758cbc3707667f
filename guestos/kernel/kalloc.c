/*
 * kalloc.c -- the two physical page pools, SCM and DRAM.
 *
 * Each pool is a list of free ranges (its regions from the device tree minus
 * the kernel image, the device tree blob and /memreserve/ entries), handed
 * out in two ways:
 *   - pages that were never used come from a bump pointer running through
 *     the ranges, so boot costs nothing however large memory is;
 *   - pages that were used and freed go on a free list threaded through the
 *     pages themselves, and are reused first.
 * The counts are what `free` shows.  A pool may be empty: QEMU's virt
 * machine has no pmem-region, so there the SCM pool has no pages and every
 * request for a persistent page fails with E_NOPOOL.
 *
 * The SCM pool's state is ordinary kernel data, so it lives in SCM with the
 * kernel; the DRAM pool's is VOLATILE_STATE (DRAM is garbage after a power
 * cut, so a resume starts the DRAM pool afresh from the device tree).
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "bootinfo.h"
#include "uapi.h"
#include "defs.h"

extern char end[];

struct run {
    struct run *next;
};

struct pool {
    const char *name;
    struct memrange range[MAXRANGES];
    int nrange;
    int bump_range;         /* range the bump pointer is in */
    uint64 bump;            /* next never-used page in it */
    struct run *freelist;   /* pages used once and freed */
    uint64 total, nfree;
};

static struct pool scm_pool;
static struct pool dram_pool VOLATILE_STATE;
static struct pool *const pools[NPOOL] = { [POOL_SCM] = &scm_pool, [POOL_DRAM] = &dram_pool };
static struct spinlock pool_lock VOLATILE_STATE;

static const char *const pool_names[NPOOL] = { [POOL_SCM] = "SCM", [POOL_DRAM] = "DRAM" };

/* Remove [cut, cut_end) from every range in r[0..*n). */
static void subtract(struct memrange *r, int *n, uint64 cut, uint64 cut_end)
{
    struct memrange out[MAXRANGES];
    int m = 0;

    for (int i = 0; i < *n; i++) {
        uint64 b = r[i].base, e = r[i].base + r[i].size;
        if (cut_end <= b || cut >= e) {
            out[m++] = r[i];
            continue;
        }
        if (b < cut && m < MAXRANGES)
            out[m++] = (struct memrange){ b, cut - b };
        if (cut_end < e && m < MAXRANGES)
            out[m++] = (struct memrange){ cut_end, e - cut_end };
    }
    for (int i = 0; i < m; i++)
        r[i] = out[i];
    *n = m;
}

static void pool_setup(int id, const struct memrange *regions, int nregions,
                       const struct bootinfo *bi)
{
    struct pool *p = pools[id];

    p->name = pool_names[id];
    p->nrange = 0;
    for (int i = 0; i < nregions && p->nrange < MAXRANGES; i++) {
        uint64 b = regions[i].base, e = regions[i].base + regions[i].size;
        if (e > PHYS_LIMIT) {
            printf("pool %s: region [%p, %p) is above %p, not used\n", p->name,
                   (void *)b, (void *)e, (void *)PHYS_LIMIT);
            continue;
        }
        p->range[p->nrange++] = regions[i];
    }
    subtract(p->range, &p->nrange, KERNBASE, (uint64)end);
    for (int i = 0; i < bi->nreserved; i++)
        subtract(p->range, &p->nrange, bi->reserved[i].base,
                 bi->reserved[i].base + bi->reserved[i].size);
    /* A DRAM region that is also listed as SCM is SCM. */
    if (id == POOL_DRAM)
        for (int i = 0; i < scm_pool.nrange; i++)
            subtract(p->range, &p->nrange, scm_pool.range[i].base,
                     scm_pool.range[i].base + scm_pool.range[i].size);

    p->total = 0;
    for (int i = 0; i < p->nrange; i++) {
        uint64 b = PGROUNDUP(p->range[i].base);
        uint64 e = PGROUNDDOWN(p->range[i].base + p->range[i].size);
        p->range[i].base = b;
        p->range[i].size = e > b ? e - b : 0;
        p->total += p->range[i].size / PGSIZE;
    }
    p->bump_range = 0;
    p->bump = p->nrange ? p->range[0].base : 0;
    p->freelist = 0;
    p->nfree = p->total;
}

/* Cold boot: both pools from the device tree.  Resume (cold == 0): the SCM
 * pool is as it was saved; only the DRAM pool starts afresh. */
void pool_init(const struct bootinfo *bi, int cold)
{
    initlock(&pool_lock, "pool");
    if (cold)
        pool_setup(POOL_SCM, bi->scm, bi->nscm, bi);
    pool_setup(POOL_DRAM, bi->dram, bi->ndram, bi);
    if (pool_total(POOL_SCM) + pool_total(POOL_DRAM) == 0)
        panic("no memory for the page pools");
}

/* An instant off: the SCM pool's free list is threaded through its free
 * pages, so their links go to SCM too (the pool's own state is kernel data,
 * written back with the rest of it). */
void pool_clean_scm(void)
{
    for (struct run *r = scm_pool.freelist; r; r = r->next)
        clean_range((uint64)r, sizeof *r);
}

void pool_report(void)
{
    for (int id = 0; id < NPOOL; id++) {
        struct pool *p = pools[id];
        printf("pool %s: %lu pages (%lu KiB)", p->name, p->total, p->total * 4);
        for (int i = 0; i < p->nrange; i++)
            if (p->range[i].size)
                printf(" [%p-%p)", (void *)p->range[i].base,
                       (void *)(p->range[i].base + p->range[i].size));
        if (p->total == 0)
            printf(id == POOL_SCM ? " -- no pmem-region: nothing can be persistent" :
                                    " -- no DRAM: every process lives in SCM");
        printf("\n");
    }
}

static void *take_page(struct pool *p)
{
    if (p->freelist) {
        struct run *r = p->freelist;
        p->freelist = r->next;
        return r;
    }
    while (p->bump_range < p->nrange) {
        struct memrange *r = &p->range[p->bump_range];
        if (p->bump < r->base + r->size) {
            void *pa = (void *)p->bump;
            p->bump += PGSIZE;
            return pa;
        }
        if (++p->bump_range < p->nrange)
            p->bump = p->range[p->bump_range].base;
    }
    return 0;
}

/* One zeroed page from the pool, or 0 when it is exhausted. */
void *kalloc(int pool)
{
    struct pool *p = pools[pool];

    acquire(&pool_lock);
    void *pa = take_page(p);
    if (pa)
        p->nfree--;
    release(&pool_lock);
    if (pa)
        memset(pa, 0, PGSIZE);
    return pa;
}

void kfree(void *pa)
{
    int id = pool_of((uint64)pa);

    if (id < 0 || ((uint64)pa & (PGSIZE - 1)))
        panic("kfree: %p is not a pool page", pa);
    memset(pa, KFREE_JUNK, PGSIZE);
    struct pool *p = pools[id];
    acquire(&pool_lock);
    struct run *r = pa;
    r->next = p->freelist;
    p->freelist = r;
    p->nfree++;
    release(&pool_lock);
}

int pool_of(uint64 pa)
{
    for (int id = 0; id < NPOOL; id++) {
        struct pool *p = pools[id];
        for (int i = 0; i < p->nrange; i++)
            if (pa >= p->range[i].base && pa < p->range[i].base + p->range[i].size)
                return id;
    }
    return -1;
}

int pool_present(int pool) { return pools[pool]->total > 0; }
uint64 pool_free(int pool) { return pools[pool]->nfree; }
uint64 pool_total(int pool) { return pools[pool]->total; }

/* Where the kernel's own pages come from: SCM, like the kernel itself,
 * unless the machine has none. */
int kernel_pool(void)
{
    return pool_present(POOL_SCM) ? POOL_SCM : POOL_DRAM;
}

/* The error a failed kalloc(pool) turns into. */
int pool_error(int pool)
{
    if (pool == POOL_SCM)
        return pool_present(POOL_SCM) ? E_NOSCM : E_NOPOOL;
    return E_NODRAM;
}
