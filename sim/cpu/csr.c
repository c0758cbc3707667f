/*
 * csr.c -- control and status registers, traps and interrupts.
 *
 * Access rules (privileged spec, "CSR address mapping conventions"): bits
 * 9:8 of the number give the lowest privilege that may access it, bits 11:10
 * == 3 mark it read-only; anything else illegal raises an illegal-instruction
 * exception, as does a counter hidden by mcounteren/scounteren, satp under
 * mstatus.TVM, or a CSR this hart does not have.
 *
 * WARL fields keep only legal values: mtvec/stvec modes 0 and 1, satp modes
 * Bare and Sv39 (a write of another mode is ignored as a whole), MPP never 2.
 *
 * Counters: mcycle is simulated cycles, minstret retired instructions, time
 * is mtime (10 MHz of simulated time).  Writes to mcycle/minstret set an
 * offset.  mhpmcounter3..31 exist and read zero.
 *
 * The debug trigger CSRs (tselect, tdata1-3, tinfo) live in trigger.c.
 *
 * Sstc (supervisor timer compare): stimecmp (0x14d) is reachable from S-mode
 * only while menvcfg.STCE (bit 63) and mcounteren.TM are set, from M-mode
 * always.  While STCE is set, mip.STIP is no software bit but a line, high
 * while time >= stimecmp: writing stimecmp (or setting STCE) settles the
 * line and schedules one clock event at the first cycle where time reaches
 * stimecmp, which raises it -- the CLINT's mtimecmp works the same way, so
 * the hot loop sees it through csr_mip() like any device line.  With STCE
 * clear, STIP is the M-mode-writable bit it is without Sstc.  A guest write
 * to the CLINT's mtime moves time under a scheduled event: the line is
 * settled again when the event fires and whenever mip or sip is read.
 */
#include "cpu.h"
#include <string.h>

#define MEDELEG_MASK 0xb3ffull          /* every cause but ecall-from-M and 10, 14 */
#define MIDELEG_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIE_MASK     (MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP)
#define MIP_WRITABLE (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MSTATUS_WMASK (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                       MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | \
                       MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | \
                      MSTATUS_MXR | MSTATUS_UXL)
#define ENVCFG_MASK  (1ull | MENVCFG_CBIE | MENVCFG_CBCFE)
#define MENVCFG_MASK (ENVCFG_MASK | MENVCFG_STCE)

enum {
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341,
    CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14, CSR_MCONFIGPTR = 0xf15,
};

static uint64_t now_cycles(const struct hart *h)
{
    return h->clk->cycle + h->inflight_cycles + h->stall;
}

/* May privilege p read counter n (0 cycle, 1 time, 2 instret, 3.. hpm)? */
static bool counter_visible(const struct hart *h, unsigned n)
{
    if (h->priv < PRIV_M && !((h->mcounteren >> n) & 1))
        return false;
    if (h->priv < PRIV_S && !((h->scounteren >> n) & 1))
        return false;
    return true;
}

/* ---- Sstc ---- */

static uint64_t time_now(const struct hart *h)
{
    return clock_mtime(h->clk, now_cycles(h)) + h->clk->mtime_offset;
}

/* Settle the STIP line from time and stimecmp; schedule the event that
 * raises it later. */
static void sstc_update(struct hart *h)
{
    event_cancel(h->clk, &h->stimecmp_ev);
    if (!(h->menvcfg & MENVCFG_STCE)) {
        h->irq_lines &= ~MIP_STIP;
        return;
    }
    if (time_now(h) >= h->stimecmp) {
        h->irq_lines |= MIP_STIP;
        return;
    }
    h->irq_lines &= ~MIP_STIP;
    /* The clock's own mtime must reach stimecmp - offset; never for a
     * target beyond what 2^64 cycles reach. */
    uint64_t raw = h->stimecmp - h->clk->mtime_offset;
    if (raw <= clock_mtime(h->clk, UINT64_MAX))
        event_schedule(h->clk, &h->stimecmp_ev, clock_mtime_to_cycle(h->clk, raw));
}

static void sstc_fire(void *opaque, uint64_t now)
{
    (void)now;
    sstc_update(opaque);
}

void csr_sstc_reset(struct hart *h)
{
    h->stimecmp_ev.fn = sstc_fire;
    h->stimecmp_ev.opaque = h;
    h->stimecmp_ev.name = "stimecmp";
    h->stimecmp = 0;
    sstc_update(h);             /* STCE is clear after reset: the line drops */
}

static void pmpcfg_write(struct hart *h, int reg, uint64_t val)
{
    uint64_t old = h->pmpcfg[reg];
    uint64_t out = 0;
    for (int b = 0; b < 8; b++) {
        uint64_t o = (old >> (8 * b)) & 0xff, n = (val >> (8 * b)) & 0xff;
        if (o & 0x80)
            n = o;                      /* locked until reset */
        else
            n &= 0x9f;                  /* bits 6:5 are reserved */
        out |= n << (8 * b);
    }
    h->pmpcfg[reg] = out;
}

static bool pmpaddr_locked(const struct hart *h, int i)
{
    unsigned cfg = (h->pmpcfg[i / 8] >> (8 * (i % 8))) & 0xff;
    if (cfg & 0x80)
        return true;
    if (i + 1 < 16) {
        unsigned next = (h->pmpcfg[(i + 1) / 8] >> (8 * ((i + 1) % 8))) & 0xff;
        if ((next & 0x80) && ((next >> 3) & 3) == 1)   /* locked TOR above */
            return true;
    }
    return false;
}

bool csr_access(struct hart *h, unsigned csr, uint64_t *old, uint64_t wval,
                bool do_read, bool do_write)
{
    if (h->priv < ((csr >> 8) & 3))
        return false;
    if (do_write && (csr >> 10) == 3)
        return false;
    if (csr >= 0x7a0 && csr <= 0x7a4)               /* Sdtrig: trigger.c */
        return trig_csr(h, csr, old, wval, do_read, do_write);

    uint64_t v = 0;
    /* Read. */
    switch (csr) {
    case CSR_SSTATUS:  v = h->mstatus & SSTATUS_MASK; break;
    case CSR_SIE:      v = h->mie & h->mideleg; break;
    case CSR_STVEC:    v = h->stvec; break;
    case CSR_SCOUNTEREN: v = h->scounteren; break;
    case CSR_SENVCFG:  v = h->senvcfg; break;
    case CSR_SSCRATCH: v = h->sscratch; break;
    case CSR_SEPC:     v = h->sepc; break;
    case CSR_SCAUSE:   v = h->scause; break;
    case CSR_STVAL:    v = h->stval; break;
    case CSR_SIP:
        sstc_update(h);
        v = csr_mip(h) & h->mideleg;
        break;
    case CSR_STIMECMP:
        if (h->priv < PRIV_M && (!(h->menvcfg & MENVCFG_STCE) || !(h->mcounteren & 2)))
            return false;
        v = h->stimecmp;
        break;
    case CSR_SATP:
        if (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM))
            return false;
        v = h->satp;
        break;
    case CSR_MSTATUS:  v = h->mstatus; break;
    case CSR_MISA:     v = h->misa; break;
    case CSR_MEDELEG:  v = h->medeleg; break;
    case CSR_MIDELEG:  v = h->mideleg; break;
    case CSR_MIE:      v = h->mie; break;
    case CSR_MTVEC:    v = h->mtvec; break;
    case CSR_MCOUNTEREN: v = h->mcounteren; break;
    case CSR_MENVCFG:  v = h->menvcfg; break;
    case CSR_MCOUNTINHIBIT: v = h->mcountinhibit; break;
    case CSR_MSCRATCH: v = h->mscratch; break;
    case CSR_MEPC:     v = h->mepc; break;
    case CSR_MCAUSE:   v = h->mcause; break;
    case CSR_MTVAL:    v = h->mtval; break;
    case CSR_MIP:
        sstc_update(h);
        v = csr_mip(h);
        break;
    case CSR_MCYCLE:   v = now_cycles(h) + h->mcycle_offset; break;
    case CSR_MINSTRET: v = h->instret + h->inflight_insns + h->minstret_offset; break;
    case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET:
        if (!counter_visible(h, csr - CSR_CYCLE))
            return false;
        if (csr == CSR_CYCLE)
            v = now_cycles(h) + h->mcycle_offset;
        else if (csr == CSR_TIME)
            v = clock_mtime(h->clk, now_cycles(h)) + h->clk->mtime_offset;
        else
            v = h->instret + h->inflight_insns + h->minstret_offset;
        break;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR:
        v = 0;
        break;
    case CSR_MHARTID:  v = h->mhartid; break;
    default:
        if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16) {
            if (csr & 1)
                return false;                        /* RV64: odd pmpcfg do not exist */
            unsigned reg = (csr - CSR_PMPCFG0) / 2;
            v = reg < 2 ? h->pmpcfg[reg] : 0;
        } else if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64) {
            unsigned i = csr - CSR_PMPADDR0;
            v = i < 16 ? h->pmpaddr[i] : 0;
        } else if ((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0x323 && csr <= 0x33f)) {
            v = 0;                                  /* mhpmcounter/mhpmevent */
        } else if (csr >= 0xc03 && csr <= 0xc1f) {
            if (!counter_visible(h, csr - CSR_CYCLE))
                return false;
            v = 0;
        } else {
            return false;
        }
    }
    if (old)
        *old = v;
    if (!do_write)
        return true;

    /* Write. */
    switch (csr) {
    case CSR_SSTATUS:
        wval = (h->mstatus & ~SSTATUS_MASK) | (wval & SSTATUS_MASK & ~MSTATUS_UXL) |
               (h->mstatus & MSTATUS_UXL);
        __attribute__((fallthrough));
    case CSR_MSTATUS: {
        uint64_t nv = (h->mstatus & ~MSTATUS_WMASK) | (wval & MSTATUS_WMASK);
        if (((nv >> 11) & 3) == 2)                   /* MPP = 2 is reserved: keep the old */
            nv = (nv & ~MSTATUS_MPP) | (h->mstatus & MSTATUS_MPP);
        uint64_t changed = nv ^ h->mstatus;
        h->mstatus = nv;
        if (changed & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR))
            hart_flush_tlb(h);
        mmu_update_tags(h);
        break;
    }
    case CSR_SIE:
        h->mie = (h->mie & ~h->mideleg) | (wval & h->mideleg & MIE_MASK);
        break;
    case CSR_STVEC:
        h->stvec = (wval & 3) >= 2 ? h->stvec : wval;
        break;
    case CSR_SCOUNTEREN: h->scounteren = wval & 0xffffffff; break;
    case CSR_SENVCFG:  h->senvcfg = wval & ENVCFG_MASK; break;
    case CSR_SSCRATCH: h->sscratch = wval; break;
    case CSR_SEPC:     h->sepc = wval & ~1ull; break;
    case CSR_SCAUSE:   h->scause = wval; break;
    case CSR_STVAL:    h->stval = wval; break;
    case CSR_STIMECMP:
        h->stimecmp = wval;
        sstc_update(h);
        break;
    case CSR_SIP:
        if (h->mideleg & MIP_SSIP)
            h->mip = (h->mip & ~MIP_SSIP) | (wval & MIP_SSIP);
        break;
    case CSR_SATP: {
        uint64_t mode = wval >> 60;
        if (mode != 0 && mode != 8)
            break;                                   /* unsupported mode: no effect */
        h->satp = wval & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
        hart_flush_tlb(h);
        break;
    }
    case CSR_MISA: break;                            /* fixed */
    case CSR_MEDELEG:  h->medeleg = wval & MEDELEG_MASK; break;
    case CSR_MIDELEG:  h->mideleg = wval & MIDELEG_MASK; break;
    case CSR_MIE:      h->mie = wval & MIE_MASK; break;
    case CSR_MTVEC:
        h->mtvec = (wval & 3) >= 2 ? h->mtvec : wval;
        break;
    case CSR_MCOUNTEREN: h->mcounteren = wval & 0xffffffff; break;
    case CSR_MENVCFG:
        h->menvcfg = wval & MENVCFG_MASK;
        if (h->menvcfg & MENVCFG_STCE)
            h->mip &= ~MIP_STIP;        /* STIP is the comparator's line now */
        sstc_update(h);
        break;
    case CSR_MCOUNTINHIBIT: h->mcountinhibit = wval & 0xfffffffd; break;
    case CSR_MSCRATCH: h->mscratch = wval; break;
    case CSR_MEPC:     h->mepc = wval & ~1ull; break;
    case CSR_MCAUSE:   h->mcause = wval; break;
    case CSR_MTVAL:    h->mtval = wval; break;
    case CSR_MIP: {
        uint64_t wr = MIP_WRITABLE & ~((h->menvcfg & MENVCFG_STCE) ? MIP_STIP : 0);
        h->mip = (h->mip & ~wr) | (wval & wr);
        break;
    }
    /* The instruction that writes a counter retires after the write, so
     * aim one below: the next read sees the written value plus what came since. */
    case CSR_MCYCLE:   h->mcycle_offset = wval - now_cycles(h); break;
    case CSR_MINSTRET: h->minstret_offset = wval - (h->instret + h->inflight_insns) - 1; break;
    default:
        if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16) {
            unsigned reg = (csr - CSR_PMPCFG0) / 2;
            if (reg < 2)
                pmpcfg_write(h, reg, wval);
            pmp_update(h);
            hart_flush_tlb(h);
        } else if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64) {
            unsigned i = csr - CSR_PMPADDR0;
            if (i < 16 && !pmpaddr_locked(h, i))
                h->pmpaddr[i] = wval & ((1ull << 54) - 1);
            pmp_update(h);
            hart_flush_tlb(h);
        }
        /* hpm counters and events: read-only zero, writes ignored */
        break;
    }
    return true;
}

void trap_take(struct hart *h, uint64_t cause, uint64_t tval, uint64_t epc)
{
    bool irq = cause >> 63;
    unsigned code = cause & 63;
    uint64_t deleg = irq ? h->mideleg : h->medeleg;
    enum priv from = h->priv;

    if (irq)
        h->stats.interrupts++;
    else
        h->stats.traps++;
    h->reservation_valid = false;
    h->wfi = false;

    if (h->priv <= PRIV_S && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = epc;
        h->stval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s &= ~MSTATUS_SIE;
        s = (s & ~MSTATUS_SPP) | (h->priv == PRIV_S ? MSTATUS_SPP : 0);
        h->mstatus = s;
        h->priv = PRIV_S;
        h->pc = (h->stvec & ~3ull) + ((irq && (h->stvec & 1)) ? 4ull * code : 0);
    } else {
        h->mcause = cause;
        h->mepc = epc;
        h->mtval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s &= ~MSTATUS_MIE;
        s = (s & ~MSTATUS_MPP) | ((uint64_t)h->priv << 11);
        h->mstatus = s;
        h->priv = PRIV_M;
        h->pc = (h->mtvec & ~3ull) + ((irq && (h->mtvec & 1)) ? 4ull * code : 0);
    }
    mmu_update_tags(h);
    if (h->trap_hook)
        h->trap_hook(h->trap_hook_opaque, cause, tval, epc, from, h->priv);
}

int irq_pending(struct hart *h)
{
    uint64_t pending = csr_mip(h) & h->mie;
    if (!pending)
        return -1;
    bool m_on = h->priv < PRIV_M || (h->mstatus & MSTATUS_MIE);
    bool s_on = h->priv < PRIV_S || (h->priv == PRIV_S && (h->mstatus & MSTATUS_SIE));
    uint64_t cand = m_on ? pending & ~h->mideleg : 0;
    if (!cand && s_on)
        cand = pending & h->mideleg;
    if (!cand)
        return -1;
    static const int order[] = { 11, 3, 7, 9, 1, 5 };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if ((cand >> order[i]) & 1)
            return order[i];
    return -1;
}

bool hart_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    enum priv p = h->priv;
    h->priv = PRIV_M;
    bool ok = csr_access(h, csr, val, 0, true, false);
    h->priv = p;
    return ok;
}

bool hart_csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    enum priv p = h->priv;
    h->priv = PRIV_M;
    bool ok = csr_access(h, csr, NULL, val, false, true);
    h->priv = p;
    mmu_update_tags(h);
    return ok;
}
