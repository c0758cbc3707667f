/*
 * vm.c -- Sv39 page tables: the kernel's, and one per process.
 *
 * The kernel's table maps physical memory and devices at their own
 * addresses (megapages where alignment allows, so a large SCM costs a few
 * table pages), the kernel text read-only, the trampoline at the top, and the
 * proc window (memlayout.h), whose table pages are made once at boot so that
 * mapping a kernel stack or a proc record can never fail for lack of a table.
 *
 * A process's table maps its user pages (PTE_U) from 0 up, its trap frame at
 * TRAPFRAME and the trampoline at TRAMPOLINE (neither has PTE_U, which is
 * how the walkers below tell "owned user page" from "kernel-provided").  All
 * of its table pages come from the process's pool; the caller says which.
 *
 * Every leaf is created with A and D set: the kernel never uses them, and a
 * machine that faults on a clear A/D bit instead of setting it then behaves
 * like one that sets it.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "bootinfo.h"
#include "proc.h"
#include "uapi.h"
#include "defs.h"

extern char etext[], end[], trampoline[];

/* The kernel's table: kernel data, in SCM with the kernel. */
pagetable_t kernel_pagetable;

/* The PTE for va at the given level (0 = 4 KiB leaf, 1 = 2 MiB), making
 * missing tables from pool when alloc is set.  0 if absent, if a table page
 * could not be had, or if a larger leaf is in the way. */
static pte_t *walk_level(pagetable_t pt, uint64 va, int level, int alloc, int pool)
{
    if (va >= MAXVA)
        return 0;
    for (int l = 2; l > level; l--) {
        pte_t *pte = &pt[VPN(va, l)];
        if (*pte & PTE_V) {
            if (*pte & PTE_LEAF)
                return 0;
            pt = (pagetable_t)PTE2PA(*pte);
        } else {
            if (!alloc)
                return 0;
            pagetable_t next = kalloc(pool);
            if (!next)
                return 0;
            *pte = PA2PTE(next) | PTE_V;
            pt = next;
        }
    }
    return &pt[VPN(va, level)];
}

pte_t *walk(pagetable_t pt, uint64 va, int alloc, int pool)
{
    return walk_level(pt, va, 0, alloc, pool);
}

/* Map [va, va+size) to pa with 4 KiB pages.  0, or the pool's error when a
 * table page is missing (what is already mapped stays: uvm_free cleans up). */
static int mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm, int pool)
{
    for (uint64 a = PGROUNDDOWN(va); a < va + size; a += PGSIZE, pa += PGSIZE) {
        pte_t *pte = walk(pt, a, 1, pool);
        if (!pte)
            return pool_error(pool);
        if (*pte & PTE_V)
            panic("mappages: %p already mapped", (void *)a);
        *pte = PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D;
    }
    return 0;
}

/* Kernel mapping at boot, megapages where possible.  Running out of pages
 * here means the machine is too small to boot, which is not the user's input. */
static void kmap(uint64 va, uint64 pa, uint64 size, int perm)
{
    uint64 last = PGROUNDUP(va + size);

    va = PGROUNDDOWN(va);
    pa = PGROUNDDOWN(pa);
    while (va < last) {
        int level = ((va | pa) & (MEGAPAGE - 1)) == 0 && last - va >= MEGAPAGE;
        pte_t *pte = walk_level(kernel_pagetable, va, level, 1, kernel_pool());
        if (!pte)
            panic("kmap: no page for the kernel page table");
        if (*pte & PTE_V)
            panic("kmap: %p mapped twice", (void *)va);
        *pte = PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D;
        va += level ? MEGAPAGE : PGSIZE;
        pa += level ? MEGAPAGE : PGSIZE;
    }
}

/* Map a memory region 1:1, leaving out the kernel image (mapped apart). */
static void kmap_region(const struct memrange *r)
{
    uint64 b = r->base, e = r->base + r->size;
    uint64 kb = KERNBASE, ke = (uint64)end;

    if (e > PHYS_LIMIT)
        return;
    if (ke <= b || kb >= e) {
        kmap(b, b, e - b, PTE_R | PTE_W);
        return;
    }
    if (b < kb)
        kmap(b, b, kb - b, PTE_R | PTE_W);
    if (ke < e)
        kmap(ke, ke, e - ke, PTE_R | PTE_W);
}

void kvm_init(void)
{
    kernel_pagetable = kalloc(kernel_pool());
    if (!kernel_pagetable)
        panic("kvm_init: no page for the kernel page table");

    kmap(PLAT_FINISHER_BASE, PLAT_FINISHER_BASE, PLAT_FINISHER_SIZE, PTE_R | PTE_W);
    kmap(PLAT_PLIC_BASE, PLAT_PLIC_BASE, PLAT_PLIC_SIZE, PTE_R | PTE_W);
    kmap(PLAT_UART0_BASE, PLAT_UART0_BASE, PGSIZE, PTE_R | PTE_W);
    if (bootinfo.has_reqchan)
        kmap(PLAT_REQCHAN_BASE, PLAT_REQCHAN_BASE, PLAT_REQCHAN_SIZE, PTE_R | PTE_W);
    if (bootinfo.has_power)
        kmap(PLAT_POWER_BASE, PLAT_POWER_BASE, PLAT_POWER_SIZE, PTE_R | PTE_W);
    if (bootinfo.has_watchdog)
        kmap(PLAT_WATCHDOG_BASE, PLAT_WATCHDOG_BASE, PLAT_WATCHDOG_SIZE, PTE_R | PTE_W);
    if (bootinfo.has_bugtrig)
        kmap(PLAT_BUGTRIG_BASE, PLAT_BUGTRIG_BASE, PLAT_BUGTRIG_SIZE, PTE_R | PTE_W);
    for (int i = 0; i < PLAT_VIRTIO_COUNT; i++)
        if (bootinfo.virtio_mask & (1u << i))
            kmap(PLAT_VIRTIO0_BASE + i * PLAT_VIRTIO_STRIDE, PLAT_VIRTIO0_BASE + i * PLAT_VIRTIO_STRIDE,
                 PLAT_VIRTIO_STRIDE, PTE_R | PTE_W);

    kmap(KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
    kmap((uint64)etext, (uint64)etext, (uint64)end - (uint64)etext, PTE_R | PTE_W);
    for (int i = 0; i < bootinfo.nscm; i++)
        kmap_region(&bootinfo.scm[i]);
    for (int i = 0; i < bootinfo.ndram; i++)
        kmap_region(&bootinfo.dram[i]);

    kmap(TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);

    /* The window's table pages, now, so kwin_map() cannot fail later. */
    for (uint64 va = PROCWIN_BASE; va < PROCWIN_END; va += PGSIZE)
        if (!walk(kernel_pagetable, va, 1, kernel_pool()))
            panic("kvm_init: no page for the proc window");
}

void kvm_inithart(void)
{
    sfence_vma();
    csr_write(satp, MAKE_SATP(kernel_pagetable));
    sfence_vma();
}

/* The proc window: map, unmap and look up one page. */
void kwin_map(uint64 va, uint64 pa)
{
    pte_t *pte = walk(kernel_pagetable, va, 0, 0);

    if (!pte)
        panic("kwin_map: %p outside the window", (void *)va);
    *pte = PA2PTE(pa) | PTE_R | PTE_W | PTE_V | PTE_A | PTE_D;
    sfence_vma();
}

uint64 kwin_unmap(uint64 va)
{
    pte_t *pte = walk(kernel_pagetable, va, 0, 0);

    if (!pte || !(*pte & PTE_V))
        panic("kwin_unmap: %p not mapped", (void *)va);
    uint64 pa = PTE2PA(*pte);
    *pte = 0;
    sfence_vma();
    return pa;
}

uint64 kwin_pa(uint64 va)
{
    pte_t *pte = walk(kernel_pagetable, va, 0, 0);

    if (!pte || !(*pte & PTE_V))
        return 0;
    return PTE2PA(*pte);
}

/* Physical address of user page va, if the user may access it (write: may
 * store to it); 0 otherwise. */
static uint64 user_pa(pagetable_t pt, uint64 va, int write)
{
    if (va >= USER_TOP)
        return 0;
    pte_t *pte = walk(pt, va, 0, 0);
    if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return 0;
    if (write && !(*pte & PTE_W))
        return 0;
    return PTE2PA(*pte);
}

/* A fresh user table with only the trampoline and the trap frame mapped. */
pagetable_t uvm_create(struct trapframe *tf, int pool)
{
    pagetable_t pt = kalloc(pool);

    if (!pt)
        return 0;
    if (mappages(pt, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X, pool) < 0 ||
        mappages(pt, TRAPFRAME, PGSIZE, (uint64)tf, PTE_R | PTE_W, pool) < 0) {
        uvm_free(pt);
        return 0;
    }
    return pt;
}

/* Give the user pages [oldsz, newsz) (rounded to pages).  0, or the pool's
 * error, in which case nothing new stays mapped. */
int uvm_alloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int perm, int pool)
{
    if (newsz > USER_TOP)
        return E_INVAL;
    for (uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
        void *mem = kalloc(pool);
        if (!mem || mappages(pt, a, PGSIZE, (uint64)mem, perm | PTE_U, pool) < 0) {
            if (mem)
                kfree(mem);
            uvm_dealloc(pt, a, oldsz);
            return pool_error(pool);
        }
    }
    return 0;
}

/* Free the user pages in [newsz, oldsz) (rounded to pages); holes are fine. */
uint64 uvm_dealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
    for (uint64 a = PGROUNDUP(newsz); a < PGROUNDUP(oldsz); a += PGSIZE) {
        pte_t *pte = walk(pt, a, 0, 0);
        if (pte && (*pte & PTE_V) && (*pte & PTE_U)) {
            kfree((void *)PTE2PA(*pte));
            *pte = 0;
        }
    }
    return newsz;
}

static void free_level(pagetable_t pt, int level)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if (!(pte & PTE_V))
            continue;
        if (pte & PTE_LEAF) {
            if (pte & PTE_U)
                kfree((void *)PTE2PA(pte));
        } else if (level > 0) {
            free_level((pagetable_t)PTE2PA(pte), level - 1);
        }
    }
    kfree(pt);
}

/* Free a user table, its user pages and its table pages; not the trap frame
 * or the trampoline, which the table only borrowed. */
void uvm_free(pagetable_t pt)
{
    if (pt)
        free_level(pt, 2);
}

static int copy_level(pagetable_t from, pagetable_t to, int level, uint64 va, int pool)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = from[i];
        uint64 a = va | ((uint64)i << (12 + 9 * level));
        if (!(pte & PTE_V))
            continue;
        if (!(pte & PTE_LEAF)) {
            int r = copy_level((pagetable_t)PTE2PA(pte), to, level - 1, a, pool);
            if (r < 0)
                return r;
        } else if (pte & PTE_U) {
            void *mem = kalloc(pool);
            if (!mem)
                return pool_error(pool);
            memmove(mem, (void *)PTE2PA(pte), PGSIZE);
            int r = mappages(to, a, PGSIZE, (uint64)mem, PTE_FLAGS(pte) & ~PTE_V, pool);
            if (r < 0) {
                kfree(mem);
                return r;
            }
        }
    }
    return 0;
}

/* Copy every user page of from into to (fork).  On error the caller frees
 * to with uvm_free. */
int uvm_copy(pagetable_t from, pagetable_t to, int pool)
{
    return copy_level(from, to, 2, 0, pool);
}

static void count_level(pagetable_t pt, int level, uint64 pages[])
{
    int id = pool_of((uint64)pt);

    if (id >= 0)
        pages[id]++;
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if (!(pte & PTE_V))
            continue;
        if (pte & PTE_LEAF) {
            if ((pte & PTE_U) && (id = pool_of(PTE2PA(pte))) >= 0)
                pages[id]++;
        } else if (level > 0) {
            count_level((pagetable_t)PTE2PA(pte), level - 1, pages);
        }
    }
}

/* Add the table's pages and its user pages to pages[pool]. */
void uvm_count(pagetable_t pt, uint64 pages[])
{
    if (pt)
        count_level(pt, 2, pages);
}

/* Write back every table page and (leaves too) every user page below pt. */
static void clean_level(pagetable_t pt, int level, int leaves)
{
    clean_page((uint64)pt);
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if (!(pte & PTE_V))
            continue;
        if (pte & PTE_LEAF) {
            if (leaves && (pte & PTE_U))
                clean_page(PTE2PA(pte));
        } else if (level > 0) {
            clean_level((pagetable_t)PTE2PA(pte), level - 1, leaves);
        }
    }
}

/* Call fn(arg, va, pte) for every user page (PTE_U leaf) below pt, in
 * address order; stop at the first non-zero return and return it. */
static int walk_user(pagetable_t pt, int level, uint64 va, int (*fn)(void *, uint64, pte_t),
                     void *arg)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        uint64 a = va | ((uint64)i << (12 + 9 * level));
        if (!(pte & PTE_V))
            continue;
        int r = 0;
        if (pte & PTE_LEAF) {
            if (pte & PTE_U)
                r = fn(arg, a, pte);
        } else if (level > 0) {
            r = walk_user((pagetable_t)PTE2PA(pte), level - 1, a, fn, arg);
        }
        if (r)
            return r;
    }
    return 0;
}

int uvm_each_page(pagetable_t pt, int (*fn)(void *arg, uint64 va, pte_t pte), void *arg)
{
    return pt ? walk_user(pt, 2, 0, fn, arg) : 0;
}

/* Map one user page at va (flags from a saved PTE).  0 or the pool's error. */
int uvm_map_page(pagetable_t pt, uint64 va, uint64 pa, int perm, int pool)
{
    return mappages(pt, va, PGSIZE, pa, perm, pool);
}

/* A process's table pages and user pages, to SCM (an instant off). */
void uvm_clean(pagetable_t pt)
{
    if (pt)
        clean_level(pt, 2, 1);
}

/* The kernel table's own pages (not what they map), to SCM. */
void kvm_clean(void)
{
    clean_level(kernel_pagetable, 2, 0);
}

int copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
    const char *s = src;

    while (len > 0) {
        uint64 va0 = PGROUNDDOWN(dstva);
        uint64 pa0 = user_pa(pt, va0, 1);
        if (!pa0)
            return E_FAULT;
        uint64 n = PGSIZE - (dstva - va0);
        if (n > len)
            n = len;
        memmove((void *)(pa0 + (dstva - va0)), s, n);
        len -= n;
        s += n;
        dstva += n;
    }
    return 0;
}

int copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
    char *d = dst;

    while (len > 0) {
        uint64 va0 = PGROUNDDOWN(srcva);
        uint64 pa0 = user_pa(pt, va0, 0);
        if (!pa0)
            return E_FAULT;
        uint64 n = PGSIZE - (srcva - va0);
        if (n > len)
            n = len;
        memmove(d, (void *)(pa0 + (srcva - va0)), n);
        len -= n;
        d += n;
        srcva += n;
    }
    return 0;
}

/* Copy a NUL-terminated string of at most max bytes (with the NUL). */
int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
    while (max > 0) {
        uint64 va0 = PGROUNDDOWN(srcva);
        uint64 pa0 = user_pa(pt, va0, 0);
        if (!pa0)
            return E_FAULT;
        const char *p = (const char *)(pa0 + (srcva - va0));
        for (uint64 n = PGSIZE - (srcva - va0); n > 0 && max > 0; n--, max--, srcva++) {
            *dst = *p++;
            if (*dst++ == 0)
                return 0;
        }
    }
    return E_INVAL;
}
