/*
 * fixpoint.c -- fixpoints: the last consistent state of the persistent
 * processes, for when power goes with no warning (or too little of one).
 *
 * An instant off (resume.c) needs the warning: it saves the live state in
 * place.  A sudden loss finds that state torn -- the caches held part of it
 * and the kernel was half-way through changing it -- so it must not be
 * trusted.  Every [guest] fixpoint_ms the scheduler therefore takes a
 * fixpoint, a copy of what the persistent processes are, into one of two
 * areas of SCM that nothing else uses (a/b copies, as in the L4 checkpoint
 * server's recoverable disk):
 *
 *   area = [index: FX_INDEX_PAGES pages][data pages]
 *   index   per persistent process: pid, parent, name, program, heap break,
 *           user registers and the pc it goes on from; per user page its
 *           address and flags; the restart list of the non-persistent
 *           processes; nextpid, the clock and the ticks
 *   data    a copy of every user page, in index order
 *
 * A fixpoint holds no kernel object (no stack, no record, no page table):
 * a process is taken at a point where its user state says everything.  One
 * that was in a system call goes on at its ecall and makes the call again,
 * as the L4 checkpointing work restarts interrupted IPC: sleep(n) sleeps n
 * again, read and reqrecv wait again, waitpid waits again.
 *
 * The root.  Two slots in the kernel image (.resume), one per area:
 *   magic "FIXPOINT", seq, khash (the kernel text's hash), the area's base
 *   and size, the index's hash, and a hash of the root itself.
 * A fixpoint goes to the area (and slot) seq % 2, never the one the newest
 * valid root names (Challis' two roots):
 *   1. copy and write back every data page; 2. write back the index;
 *   3. fence; 4. COMMIT POINT: the root, written back and fenced.
 * A cut at any moment leaves the previous fixpoint whole.
 *
 * Recovery: a power-on with no resume record boots cold, and then, if a
 * root is valid for this kernel and this machine's areas, rolls back: the
 * processes of that fixpoint are made afresh (proc_fx_restore) instead of
 * init's start-up list, and milestone "rolled_back" says how much work was
 * lost (the time from the fixpoint to the cut).  The areas are kept out of
 * both pools at every boot, so nothing else ever writes them.
 *
 * What is lost in a roll-back: everything the persistent processes did
 * after the fixpoint (at most fixpoint_ms of work), and, as in a resume,
 * the non-persistent processes (started again from their programs).
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "platform.h"
#include "fixpoint.h"
#include "defs.h"

#define FX_MAGIC 0x544e494f50584946UL     /* "FIXPOINT" */

struct fx_root {
    uint64 magic;
    uint64 seq;
    uint64 khash;
    uint64 area_base, area_pages;
    uint64 index_sum;
    uint64 sum;
};

static struct fx_root roots[2] __attribute__((section(".resume")));

/* Where the two areas are on this machine (set at every boot). */
static uint64 fx_base VOLATILE_STATE;
static uint64 fx_pages VOLATILE_STATE;         /* per area */
static uint64 fx_last_tick VOLATILE_STATE;
static int fx_warned VOLATILE_STATE;

static uint64 index_sum(const struct fx_index *ix)
{
    uint64 h = hash_words(0x9e3779b97f4a7c15UL, ix, sizeof *ix - sizeof ix->proc -
                          sizeof ix->restart);
    h = hash_words(h, ix->proc, ix->nprocs * sizeof ix->proc[0]);
    h = hash_words(h, ix->restart, ix->nrestart * sizeof ix->restart[0]);
    return hash_words(h, ix->page, ix->npages * sizeof ix->page[0]);
}

static uint64 root_sum(const struct fx_root *r)
{
    return hash_words(0xcbf29ce484222325UL, r, sizeof *r - sizeof r->sum);
}

static uint64 area(int a)
{
    return fx_base + (uint64)a * fx_pages * PGSIZE;
}

/*
 * Keep two areas at the top of the first SCM region out of the pools (cold
 * boot, before pool_init).  Each is the index and up to an eighth of the
 * region in data pages, at most what the index can describe.
 */
void fixpoint_reserve(struct bootinfo *bi)
{
    fx_base = fx_pages = 0;
    if (!bi->fixpoint_ms || bi->cold_reboot || bi->checkpoint || bi->nscm == 0 ||
        bi->nreserved == MAXRESERVE)
        return;
    uint64 top = PGROUNDDOWN(bi->scm[0].base + bi->scm[0].size);
    uint64 data = bi->scm[0].size / PGSIZE / 8;
    if (data > FX_MAX_PAGES)
        data = FX_MAX_PAGES;
    fx_pages = FX_INDEX_PAGES + data;
    fx_base = top - 2 * fx_pages * PGSIZE;
    bi->reserved[bi->nreserved++] = (struct memrange){ fx_base, 2 * fx_pages * PGSIZE };
}

/* A resume: the next fixpoint comes an interval from now, not at once (a
 * fixpoint copies every persistent page, which would delay the service). */
void fixpoint_resumed(void)
{
    fx_last_tick = ticks;
}

int fixpoint_due(void)
{
    if (!fx_base || !bootinfo.fixpoint_ms)
        return 0;
    uint64 every = (uint64)bootinfo.fixpoint_ms * 1000 / TICK_US;
    return ticks - fx_last_tick >= (every ? every : 1);
}

static const struct fx_root *newest(void)
{
    const struct fx_root *best = 0;
    for (int i = 0; i < 2; i++) {
        const struct fx_root *r = &roots[i];
        if (r->magic == FX_MAGIC && r->sum == root_sum(r) &&
            (!best || r->seq > best->seq))
            best = r;
    }
    return best;
}

/* The SCM areas as a store: entry k's copy is the area's data page k. */
static int scm_put(void *arg, struct fx_index *ix, uint64 k, uint64 pid, uint64 pa)
{
    uint64 data = (uint64)arg;
    (void)pid;
    if (k >= fx_pages - FX_INDEX_PAGES)
        return -1;
    uint64 dst = data + k * PGSIZE;
    memmove((void *)dst, (void *)pa, PGSIZE);
    clean_page(dst);
    ix->page[k].where = k;
    /* A long job of the kernel's own, as a checkpoint is: on slow SCM
     * (scm_factor 8) a 4 MiB fixpoint outlasts the watchdog's 100 ms. */
    health_kick();
    return 0;
}

static void scm_get(void *arg, const struct fx_index *ix, uint64 k, uint64 pa)
{
    memmove((void *)pa, (void *)((uint64)arg + ix->page[k].where * PGSIZE), PGSIZE);
    /* The roll-back copies as many pages as the fixpoint did: kick too. */
    health_kick();
}

/* Take a fixpoint (scheduler, proc_lock held, nothing running). */
void fixpoint_take(void)
{
    const struct fx_root *last = newest();
    uint64 seq = last ? last->seq + 1 : 1;
    int a = seq % 2;
    struct fx_index *ix = (struct fx_index *)area(a);
    uint64 data = area(a) + FX_INDEX_PAGES * PGSIZE;

    fx_last_tick = ticks;
    roots[a].magic = 0;                 /* this slot is being rewritten */
    clean_range((uint64)&roots[a], sizeof roots[a]);
    struct fx_store st = { scm_put, scm_get, (void *)data };
    if (proc_fx_collect(ix, &st) < 0) {
        if (!fx_warned++)
            printf("fixpoint: the persistent processes need more than %lu pages; "
                   "no fixpoint\n", fx_pages - FX_INDEX_PAGES);
        fence_w();
        return;
    }
    ix->clock_us = clock_us();
    ix->ticks = ticks;
    ix->taken_ns = power_now_ns();
    clean_range((uint64)ix, FX_INDEX_PAGES * PGSIZE);
    fence_w();

    struct fx_root *r = &roots[a];
    r->seq = seq;
    r->khash = resume_kernel_hash();
    r->area_base = area(a);
    r->area_pages = fx_pages;
    r->index_sum = index_sum(ix);
    r->magic = FX_MAGIC;
    r->sum = root_sum(r);
    clean_range((uint64)r, sizeof *r);
    fence_w();                          /* COMMIT POINT */
}

/*
 * On the cold-boot path, after the kernel is up: roll back to the newest
 * valid fixpoint if there is one.  1 when it did (init and the rest are
 * running again), 0 for a plain cold boot.
 */
int fixpoint_restore(void)
{
    const struct fx_root *r = newest();
    if (!fx_base || !r)
        return 0;
    int a = r == &roots[0] ? 0 : 1;
    const struct fx_index *ix = (const struct fx_index *)area(a);
    if (r->khash != resume_kernel_hash() || r->area_base != area(a) ||
        r->area_pages != fx_pages || ix->nprocs > NPROC || ix->nrestart > NPROC ||
        ix->npages > fx_pages - FX_INDEX_PAGES || r->index_sum != index_sum(ix)) {
        printf("fixpoint: the last fixpoint does not fit this kernel or machine; "
               "not used\n");
        return 0;
    }
    ticks = ix->ticks;
    clock_set_us(ix->clock_us);
    fx_last_tick = ticks;
    struct fx_store st = { scm_put, scm_get, (void *)(area(a) + FX_INDEX_PAGES * PGSIZE) };
    int n = proc_fx_restore(ix, &st);
    uint64 cut = power_time_ns(PWR_CUT_NS);
    uint64 lost = cut > ix->taken_ns ? cut - ix->taken_ns : 0;
    power_mark(MARK_ROLLED_BACK, lost);
    power_mark(MARK_RESTARTED, n);
    printf("power: no resume record; rolled back to the fixpoint of %lu ms (%lu ms of "
           "work lost); %lu persistent process(es), restarted %d non-persistent; SCM pool: "
           "%lu pages in use\n", ix->taken_ns / 1000000, lost / 1000000, ix->nprocs, n,
           pool_total(POOL_SCM) - pool_free(POOL_SCM));
    return 1;
}

/* A full reboot (recovery policy reboot): no fixpoint is valid any more. */
void fixpoint_forget(void)
{
    for (int i = 0; i < 2; i++) {
        roots[i].magic = 0;
        clean_range((uint64)&roots[i], sizeof roots[i]);
    }
    fence_w();
}
