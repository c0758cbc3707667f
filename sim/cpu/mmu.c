/*
 * mmu.c -- address translation (Sv39), physical memory protection, and the
 * slow path of every load and store.
 *
 * The fast path lives in the execute loop: a direct-mapped software TLB per
 * access kind (fetch, load, store) maps a virtual page to a host pointer.
 * An entry is filled here only when the whole 4 KiB page is plain RAM with
 * one PMP verdict, so a hit needs no further check.  The store TLB is filled
 * only once the PTE's D bit is set; for a page that holds decoded code the
 * entry is tagged TLB_CODE, which is how self-modifying code is caught (the
 * fast path misses, and the store checks whether its line holds code).
 *
 * TLB tags carry the effective privilege in bits 63:62, so S- and U-mode
 * entries coexist and a trap does not flush anything.  satp writes,
 * sfence.vma, and changes to mstatus.SUM/MXR/MPRV or the PMP flush them all.
 *
 * Page-table walks follow the privileged specification: levels 2..0, a
 * leaf is a PTE with R or X, superpages must be aligned, A and D are set by
 * the walker (hardware update, as QEMU does).
 */
#include "cpu.h"
#include "mem/timing.h"
#include <string.h>

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define PA_BITS 56

static const uint64_t page_fault_cause[3] = { EXC_LOAD_PAGE, EXC_STORE_PAGE, EXC_INSN_PAGE };
static const uint64_t access_fault_cause[3] = { EXC_LOAD_ACCESS, EXC_STORE_ACCESS, EXC_INSN_ACCESS };

static inline enum priv data_priv(const struct hart *h)
{
    if (h->mstatus & MSTATUS_MPRV)
        return (enum priv)((h->mstatus >> 11) & 3);
    return h->priv;
}

static inline enum priv eff_priv(const struct hart *h, enum access acc)
{
    return acc == ACC_FETCH ? h->priv : data_priv(h);
}

void mmu_update_tags(struct hart *h)
{
    h->epoch++;
    h->tag_fetch = (uint64_t)h->priv << 62;
    h->tag_load = h->tag_store = (uint64_t)data_priv(h) << 62;
}

/* ---- PMP -------------------------------------------------------------- */

static inline unsigned pmp_cfg(const struct hart *h, int i)
{
    return (h->pmpcfg[i / 8] >> (8 * (i % 8))) & 0xff;
}

/* [lo, hi) of entry i, or false when it is off. */
static bool pmp_range(const struct hart *h, int i, uint64_t *lo, uint64_t *hi)
{
    unsigned a = (pmp_cfg(h, i) >> 3) & 3;
    uint64_t addr = h->pmpaddr[i];
    switch (a) {
    case 1:                                         /* TOR */
        *lo = i ? h->pmpaddr[i - 1] << 2 : 0;
        *hi = addr << 2;
        return true;
    case 2:                                         /* NA4 */
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case 3: {                                       /* NAPOT */
        int t = __builtin_ctzll(~addr);
        uint64_t size = t >= 61 ? ~0ull : 1ull << (t + 3);
        *lo = (addr << 2) & ~(size - 1);
        *hi = *lo + size;
        if (*hi < *lo)
            *hi = ~0ull;
        return true;
    }
    default:
        return false;
    }
}

void pmp_update(struct hart *h)
{
    h->pmp_n = 0;
    h->pmp_any_locked = false;
    for (int i = 0; i < 16; i++) {
        uint64_t lo, hi;
        if (!pmp_range(h, i, &lo, &hi))
            continue;
        h->pmp_lo[h->pmp_n] = lo;
        h->pmp_hi[h->pmp_n] = hi;
        h->pmp_cfg8[h->pmp_n] = pmp_cfg(h, i);
        if (pmp_cfg(h, i) & 0x80)
            h->pmp_any_locked = true;
        h->pmp_n++;
    }
}

static bool pmp_allows(unsigned cfg, enum access acc)
{
    static const unsigned bit[3] = { 1u << 0, 1u << 1, 1u << 2 };  /* R, W, X */
    return cfg & bit[acc];
}

bool pmp_check(struct hart *h, uint64_t pa, unsigned size, enum access acc, enum priv p)
{
    if (p == PRIV_M && !h->pmp_any_locked)
        return true;
    for (unsigned i = 0; i < h->pmp_n; i++) {
        uint64_t lo = h->pmp_lo[i], hi = h->pmp_hi[i];
        if (pa + size <= lo || pa >= hi)
            continue;
        if (pa < lo || pa + size > hi)
            return false;                           /* straddles an entry */
        unsigned cfg = h->pmp_cfg8[i];
        if (p == PRIV_M && !(cfg & 0x80))
            return true;
        return pmp_allows(cfg, acc);
    }
    return p == PRIV_M;
}

/* Does every byte of the 4 KiB page get the verdict of its first byte? */
static bool pmp_page_uniform(const struct hart *h, uint64_t page)
{
    for (unsigned i = 0; i < h->pmp_n; i++) {
        uint64_t lo = h->pmp_lo[i], hi = h->pmp_hi[i];
        if (page + 4096 <= lo || page >= hi)
            continue;
        return page >= lo && page + 4096 <= hi;
    }
    return true;
}

/* ---- Sv39 ------------------------------------------------------------- */

static uint64_t *pte_ptr(struct hart *h, uint64_t pte_pa)
{
    if (!pmp_check(h, pte_pa, 8, ACC_LOAD, PRIV_S))
        return NULL;
    return (uint64_t *)bus_host_ptr(h->bus, pte_pa, 8);
}

static bool fault(struct hart *h, const uint64_t *causes, enum access acc, uint64_t va)
{
    h->exc_cause = causes[acc];
    h->exc_tval = va;
    return false;
}

static bool sv39_walk(struct hart *h, uint64_t va, enum access acc, enum priv p,
                      uint64_t *pa)
{
    /* Bits 63:39 must all equal bit 38. */
    if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
        return fault(h, page_fault_cause, acc, va);

    uint64_t table = (h->satp & ((1ull << 44) - 1)) << 12;
    for (int level = 2; level >= 0; level--) {
        uint64_t vpn = (va >> (12 + 9 * level)) & 0x1ff;
        uint64_t *ptep = pte_ptr(h, table + vpn * 8);
        if (!ptep)
            return fault(h, access_fault_cause, acc, va);
        uint64_t pte = *ptep;
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            return fault(h, page_fault_cause, acc, va);
        if (pte >> 54)                              /* reserved, PBMT, N */
            return fault(h, page_fault_cause, acc, va);
        uint64_t ppn = (pte >> 10) & ((1ull << 44) - 1);
        if (!(pte & (PTE_R | PTE_X))) {
            if (pte & (PTE_A | PTE_D | PTE_U))       /* non-leaf must have them clear */
                return fault(h, page_fault_cause, acc, va);
            table = ppn << 12;
            continue;
        }
        /* A leaf: permissions. */
        bool ok;
        switch (acc) {
        case ACC_FETCH: ok = pte & PTE_X; break;
        case ACC_LOAD:  ok = (pte & PTE_R) || ((h->mstatus & MSTATUS_MXR) && (pte & PTE_X)); break;
        default:        ok = pte & PTE_W; break;
        }
        if (p == PRIV_U && !(pte & PTE_U))
            ok = false;
        if (p == PRIV_S && (pte & PTE_U) &&
            (acc == ACC_FETCH || !(h->mstatus & MSTATUS_SUM)))
            ok = false;
        if (!ok)
            return fault(h, page_fault_cause, acc, va);
        /* A superpage's low PPN fields must be zero. */
        uint64_t low_mask = (1ull << (9 * level)) - 1;
        if (ppn & low_mask)
            return fault(h, page_fault_cause, acc, va);
        uint64_t want = PTE_A | (acc == ACC_STORE ? PTE_D : 0);
        if ((pte & want) != want) {
            if (!pmp_check(h, table + vpn * 8, 8, ACC_STORE, PRIV_S))
                return fault(h, access_fault_cause, acc, va);
            *ptep = pte | want;
            dcache_note_store(h, table + vpn * 8);
        }
        uint64_t page_off = va & ((1ull << (12 + 9 * level)) - 1);
        *pa = (ppn << 12) + page_off;
        return true;
    }
    return fault(h, page_fault_cause, acc, va);
}

bool mmu_translate(struct hart *h, uint64_t va, enum access acc, uint64_t *pa,
                   bool fill_tlb)
{
    enum priv p = eff_priv(h, acc);
    uint64_t phys;
    if (p == PRIV_M || (h->satp >> 60) == 0) {
        if (va >> PA_BITS)
            return fault(h, access_fault_cause, acc, va);
        phys = va;
    } else if (!sv39_walk(h, va, acc, p, &phys)) {
        return false;
    }
    if (!pmp_check(h, phys, 1, acc, p))
        return fault(h, access_fault_cause, acc, va);
    *pa = phys;
    if (!fill_tlb)
        return true;

    uint64_t page = phys & ~0xfffull;
    uint8_t *host = bus_host_ptr(h->bus, page, 4096);
    if (!host || !pmp_page_uniform(h, page))
        return true;
    /* A page a load/store trigger watches stays on the slow path. */
    if (h->dbg_mem && acc != ACC_FETCH && trig_page_watched(h, va, acc))
        return true;
    struct tlb_entry *tlb = acc == ACC_FETCH ? h->itlb : acc == ACC_LOAD ? h->rtlb : h->wtlb;
    uint64_t tag = acc == ACC_FETCH ? h->tag_fetch : acc == ACC_LOAD ? h->tag_load : h->tag_store;
    if (acc == ACC_STORE && dcache_page_has_code(h, page))
        tag |= TLB_CODE;
    uint64_t vpage = va & ~0xfffull;
    struct tlb_entry *e = &tlb[(va >> 12) % TLB_SIZE];
    if (h->tlb_nlog < TLB_LOG_SIZE)
        h->tlb_log[h->tlb_nlog] = e;
    h->tlb_nlog++;
    e->vpn = (va >> 12) | tag;
    e->addend = (uintptr_t)host - vpage;
    e->ppn_off = page - vpage;
    h->stats.tlb_misses++;
    return true;
}

/* ---- Slow-path loads and stores --------------------------------------- */

static bool phys_read(struct hart *h, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = bus_host_ptr(h->bus, pa, size);
    if (p) {
        uint64_t v = 0;
        memcpy(&v, p, size);
        *val = v;
        if (h->timing)
            h->stall += timing_load(h->timing, pa, size);
        return true;
    }
    return bus_read(h->bus, pa, size, val) == BUS_OK;
}

static bool phys_write(struct hart *h, uint64_t pa, unsigned size, uint64_t val)
{
    uint8_t *p = bus_host_ptr(h->bus, pa, size);
    if (p) {
        memcpy(p, &val, size);
        if (h->timing)
            h->stall += timing_store(h->timing, pa, size);
        dcache_note_store(h, pa);
        return true;
    }
    /* A device may raise an interrupt or stop the machine: end the block. */
    h->end_block = true;
    return bus_write(h->bus, pa, size, val) == BUS_OK;
}

bool mmu_load(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint64_t pa;
    if (__builtin_expect(h->dbg_mem, 0) && trig_mem_check(h, va, size, ACC_LOAD))
        return false;
    if (!(va & (size - 1))) {
        if (!mmu_translate(h, va, ACC_LOAD, &pa, true))
            return false;
        if (!phys_read(h, pa, size, val))
            return fault(h, access_fault_cause, ACC_LOAD, va);
        return true;
    }
    /* Misaligned: byte by byte, RAM only (a misaligned MMIO access faults). */
    uint64_t v = 0, pa0 = 0;
    for (unsigned i = 0; i < size; i++) {
        if (!mmu_translate(h, va + i, ACC_LOAD, &pa, false))
            return false;
        if (i == 0)
            pa0 = pa;
        uint8_t *p = bus_host_ptr(h->bus, pa, 1);
        if (!p) {
            h->exc_cause = EXC_LOAD_MISALIGNED;
            h->exc_tval = va;
            return false;
        }
        v |= (uint64_t)*p << (8 * i);
    }
    if (h->timing)
        h->stall += timing_load(h->timing, pa0, size);     /* as the store: from byte 0 */
    *val = v;
    return true;
}

bool mmu_store(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint64_t pa;
    if (__builtin_expect(h->dbg_mem, 0) && trig_mem_check(h, va, size, ACC_STORE))
        return false;
    if (!(va & (size - 1))) {
        if (!mmu_translate(h, va, ACC_STORE, &pa, true))
            return false;
        if (!phys_write(h, pa, size, val))
            return fault(h, access_fault_cause, ACC_STORE, va);
        return true;
    }
    /* Misaligned: translate every byte first, so a fault leaves memory as it was. */
    uint8_t *bytes[8];
    uint64_t pas[8];
    for (unsigned i = 0; i < size; i++) {
        if (!mmu_translate(h, va + i, ACC_STORE, &pas[i], false))
            return false;
        bytes[i] = bus_host_ptr(h->bus, pas[i], 1);
        if (!bytes[i]) {
            h->exc_cause = EXC_STORE_MISALIGNED;
            h->exc_tval = va;
            return false;
        }
    }
    for (unsigned i = 0; i < size; i++) {
        *bytes[i] = (uint8_t)(val >> (8 * i));
        dcache_note_store(h, pas[i]);
    }
    if (h->timing)
        h->stall += timing_store(h->timing, pas[0], size);
    return true;
}

/* ---- The debugger's view ---------------------------------------------- */

/* Translate as a load at the current effective privilege would, but touch
 * nothing: no A/D bits, no TLB, no exception, and no permission checks
 * (gdb may look at kernel memory while the hart is in U-mode).  QEMU's
 * gdbstub does the same. */
bool hart_dbg_translate(struct hart *h, uint64_t va, uint64_t *pa)
{
    if (data_priv(h) == PRIV_M || (h->satp >> 60) == 0) {
        *pa = va;
        return !(va >> PA_BITS);
    }
    if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
        return false;
    uint64_t table = (h->satp & ((1ull << 44) - 1)) << 12;
    for (int level = 2; level >= 0; level--) {
        uint64_t vpn = (va >> (12 + 9 * level)) & 0x1ff;
        uint64_t *ptep = (uint64_t *)bus_host_ptr(h->bus, table + vpn * 8, 8);
        if (!ptep || !(*ptep & PTE_V))
            return false;
        uint64_t ppn = (*ptep >> 10) & ((1ull << 44) - 1);
        if (*ptep & (PTE_R | PTE_X)) {
            uint64_t off_mask = (1ull << (12 + 9 * level)) - 1;
            *pa = ((ppn << 12) & ~off_mask) | (va & off_mask);
            return true;
        }
        table = ppn << 12;
    }
    return false;
}
