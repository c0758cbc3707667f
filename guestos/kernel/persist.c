/*
 * persist.c -- selective persistence: where a process's pages live, and how
 * a running process moves between the SCM and DRAM pools.
 *
 * What lives where.  The machine has two kinds of memory; the kernel keeps a
 * page pool for each (kalloc.c).
 *
 *   SCM (durable)                         DRAM (lost at power-off)
 *   ------------------------------------  ------------------------------------
 *   kernel text and data, the kernel      the DRAM pool's own state
 *     page table, the SCM pool's state,   every page of every non-persistent
 *     allproc, the slot map, the boot       process
 *     (scheduler) stack
 *   every page of every persistent
 *     process: proc record, kernel stack,
 *     trap frame, page-table pages,
 *     user pages
 *
 * VOLATILE_STATE (defs.h) marks the kernel data that is rebuilt at every
 * boot even though the image holding it is in SCM: the run queue, the cpu
 * struct, drivers (console, UART, PLIC, request channel), the DRAM pool,
 * ticks.  A process's persistence is a property of the process (p->persistent)
 * and the pool follows from it (proc_pool()); nothing in a program changes.
 *
 * How a process migrates (persist_migrate).  Every object is moved the same
 * way: take a page from the target pool, copy, point the one reference at
 * the copy, free the original (kfree junk-fills it, so a stale reference
 * shows).  The references are:
 *   user pages, table pages   the PTE in the parent table (a new root is
 *                             stored in p->pagetable)
 *   trap frame                its PTE at TRAPFRAME and p->trapframe
 *   kernel stack, proc record their PTE in the kernel's proc window; the
 *                             virtual address stays, so saved stack pointers,
 *                             parent links and sleep channels stay valid
 * The proc record goes last, and nothing writes to it between its copy and
 * its remap.  A process never moves itself while it runs on its own kernel
 * stack: persist_set() marks it and the scheduler moves it once it has
 * switched away (proc.c).  Enough free pages in the target pool are checked
 * first, so a move either happens whole or is refused with E_NOSCM/E_NODRAM
 * and changes nothing.  All of it runs under proc_lock: interrupt handlers
 * write to proc records (wakeup), and must not write to the old copy.
 *
 * Power failure and resume are in resume.c, which relies on the split
 * above: everything a persistent process needs is in SCM, and everything
 * VOLATILE_STATE can be rebuilt from the device tree and the proc records.
 * persist_clean below writes one process's SCM pages back for it.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

static void count(uint64 pa, uint64 pages[])
{
    int id = pool_of(pa);

    if (id >= 0)
        pages[id]++;
}

/* Every page the process owns, by pool. */
void proc_pages(struct proc *p, uint64 pages[])
{
    for (int i = 0; i < NPOOL; i++)
        pages[i] = 0;
    count(kwin_pa(PROCREC(p->slot)), pages);
    for (int i = 0; i < KSTACK_PAGES; i++)
        count(kwin_pa(KSTACK(p->slot) + i * PGSIZE), pages);
    if (p->trapframe)
        count((uint64)p->trapframe, pages);
    uvm_count(p->pagetable, pages);
}

/* Pages moved by the migration under way (reported to the simulator's
 * event log at its end).  proc_lock guards it, as it guards every move. */
static uint64 moved;

/* The page at pa, now in pool `to`: a copy, or pa itself if it is already
 * there or (which persist_set's check rules out) the pool is empty. */
static uint64 move_page(uint64 pa, int to)
{
    if (pool_of(pa) == to)
        return pa;
    void *n = kalloc(to);
    if (!n) {
        printf("persist: pool %d ran out during a move; page %p stays\n", to, (void *)pa);
        return pa;
    }
    memmove(n, (void *)pa, PGSIZE);
    kfree((void *)pa);
    moved++;
    return (uint64)n;
}

/* Move a table page and, below it, every table page and user page. */
static pagetable_t move_table(pagetable_t pt, int level, int to)
{
    pagetable_t npt = (pagetable_t)move_page((uint64)pt, to);

    for (int i = 0; i < 512; i++) {
        pte_t pte = npt[i];
        if (!(pte & PTE_V))
            continue;
        if (pte & PTE_LEAF) {
            /* Not the trampoline or the trap frame (no PTE_U): not ours to move here. */
            if (pte & PTE_U)
                npt[i] = PA2PTE(move_page(PTE2PA(pte), to)) | PTE_FLAGS(pte);
        } else if (level > 0) {
            pagetable_t child = move_table((pagetable_t)PTE2PA(pte), level - 1, to);
            npt[i] = PA2PTE(child) | PTE_FLAGS(pte);
        }
    }
    return npt;
}

/* Move a page of the proc window: copy, remap, and only then free. */
static void move_window_page(uint64 va, int to)
{
    uint64 old = kwin_pa(va);

    if (pool_of(old) == to)
        return;
    void *n = kalloc(to);
    if (!n) {
        printf("persist: pool %d ran out during a move; page %p stays\n", to, (void *)old);
        return;
    }
    memmove(n, (void *)va, PGSIZE);
    kwin_map(va, (uint64)n);
    kfree((void *)old);
    moved++;
}

/* Move every page of p to the pool its persistence says.  proc_lock held,
 * p not running. */
void persist_migrate(struct proc *p)
{
    int to = proc_pool(p);

    moved = 0;
    p->migrate_pending = 0;
    p->pagetable = move_table(p->pagetable, 2, to);

    uint64 tf = move_page((uint64)p->trapframe, to);
    if (tf != (uint64)p->trapframe) {
        pte_t *pte = walk(p->pagetable, TRAPFRAME, 0, 0);
        *pte = PA2PTE(tf) | PTE_FLAGS(*pte);
        p->trapframe = (struct trapframe *)tf;
    }
    for (int i = 0; i < KSTACK_PAGES; i++)
        move_window_page(KSTACK(p->slot) + i * PGSIZE, to);
    move_window_page(PROCREC(p->slot), to);
    /* One register write tells the simulator's event log (--events,
     * --trace-events) what moved. */
    power_mark(MARK_MIGRATED, MIGRATE_ARG(p->pid, to == POOL_SCM, moved));
}

/*
 * Make p persistent (on) or not.  proc_lock held.  Returns 0 when done,
 * 1 when p is the caller and must yield so that the scheduler can move it,
 * or E_DEAD, E_NOPOOL, E_NOSCM, E_NODRAM, in which case nothing changed.
 */
int persist_set(struct proc *p, int on)
{
    uint64 pages[NPOOL];

    if (p->state == P_ZOMBIE)
        return E_DEAD;
    int was = p->persistent;
    p->persistent = on;
    int to = proc_pool(p);
    proc_pages(p, pages);
    uint64 need = 0;
    for (int i = 0; i < NPOOL; i++)
        if (i != to)
            need += pages[i];
    if (need > pool_free(to)) {
        p->persistent = was;
        return pool_error(to);
    }
    if (need == 0)
        return 0;
    if (p == myproc()) {
        p->migrate_pending = 1;
        return 1;
    }
    persist_migrate(p);
    return 0;
}

/* Write every page of p back to SCM (an instant off): record, kernel stack,
 * trap frame, page table and user pages.  The kernel knows this set, so
 * nothing else of SCM needs sweeping. */
void persist_clean(struct proc *p)
{
    clean_page(PROCREC(p->slot));
    for (int i = 0; i < KSTACK_PAGES; i++)
        if (kwin_pa(KSTACK(p->slot) + i * PGSIZE))
            clean_page(KSTACK(p->slot) + i * PGSIZE);
    if (p->trapframe)
        clean_page((uint64)p->trapframe);
    uvm_clean(p->pagetable);
}
