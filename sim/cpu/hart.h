/*
 * hart.h -- one RV64IMAC hart with M, S and U modes, Sv39, Zicsr, Zifencei
 * and Zicbom.
 *
 * Execution model: instructions are decoded once into basic blocks (keyed by
 * physical address) and executed from there; a software TLB maps virtual
 * pages straight to host pointers for RAM, so the common load and store never
 * call the bus.  Interrupts are taken at block boundaries.  See
 * docs/architecture.md for the whole picture.
 *
 * The struct is public so unit tests, the trace and the debugger can look
 * inside; only hart.c and its siblings in sim/cpu/ change it.
 */
#ifndef SIMSCM_HART_H
#define SIMSCM_HART_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include "simclock.h"

struct bus;
struct simclock;
struct timing;
struct json;

enum priv { PRIV_U = 0, PRIV_S = 1, PRIV_M = 3 };

/* Interrupt bits in mip/mie. */
#define MIP_SSIP (1u << 1)
#define MIP_MSIP (1u << 3)
#define MIP_STIP (1u << 5)
#define MIP_MTIP (1u << 7)
#define MIP_SEIP (1u << 9)
#define MIP_MEIP (1u << 11)

/* Exception causes. */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2,
    EXC_BREAKPOINT = 3, EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6, EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8,
    EXC_ECALL_S = 9, EXC_ECALL_M = 11, EXC_INSN_PAGE = 12,
    EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};

#define TLB_SIZE 2048             /* entries per TLB: 8 MiB of 4 KiB pages */
#define TLB_LOG_SIZE 64          /* fills remembered so a flush can be cheap */
/* A guest that traps this often without retiring anything is stuck
 * (e.g. an illegal instruction at its own trap vector). */
#define HART_TRAP_LOOP_LIMIT 100000

/* Sdtrig debug triggers (trigger.c) and the debugger's breakpoints. */
#define HART_NTRIG 4             /* tselect 0..3 */
#define HART_MAX_BP 64           /* gdb software breakpoints (Z0) */
/* Not an RISC-V cause: an access or fetch hit a trigger whose action is
 * "enter debug mode", so the hart stops for the debugger (HART_DEBUG). */
#define EXC_DEBUG 0x100

/* What made the hart stop with HART_DEBUG. */
enum hart_dbg_kind {
    DBG_HIT_NONE, DBG_HIT_BP, DBG_HIT_EXEC, DBG_HIT_LOAD, DBG_HIT_STORE,
};

struct hart_trigger {
    uint64_t tdata1, tdata2;
    uint64_t len;               /* bytes a load/store match covers (1 for size any) */
};

/* In a store-TLB tag: the page holds decoded code, so the fast path misses
 * and the store goes through a check of the line it writes. */
#define TLB_CODE (1ull << 61)

struct tlb_entry {
    uint64_t vpn;               /* virtual page number, or ~0 when empty */
    uintptr_t addend;           /* host pointer = vaddr + addend */
    uint64_t ppn_off;           /* physical address = vaddr + ppn_off */
    uint64_t pad_;              /* 32 bytes: the index is one shift, not three adds */
};

struct dcache;                  /* decoded-block cache, private to sim/cpu */

struct hart_stats {
    uint64_t traps, interrupts, tlb_misses, blocks_decoded, decode_flushes;
    uint64_t branches, mispredicts;
};

struct hart {
    uint64_t x[33];             /* x[32] is where writes to x0 go */
    uint64_t pc;
    enum priv priv;
    uint64_t instret;

    /* Machine CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mip, mtvec, mscratch;
    uint64_t mepc, mcause, mtval, mcounteren, menvcfg, mcountinhibit;
    uint64_t mhartid;
    uint64_t pmpcfg[2];         /* pmpcfg0, pmpcfg2 on RV64: 16 entries */
    uint64_t pmpaddr[16];
    /* Supervisor CSRs */
    uint64_t stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
    /* Sstc: STIP follows time >= stimecmp while menvcfg.STCE is set; an
     * event on the clock raises it (csr.c). */
    uint64_t stimecmp;
    struct event stimecmp_ev;

    /* Lines driven by devices (CLINT: MSIP/MTIP, PLIC: MEIP/SEIP). */
    uint32_t irq_lines;

    /* LR/SC */
    uint64_t reservation;
    bool reservation_valid;

    bool wfi;                   /* stalled in WFI until an interrupt is pending */

    /* Set by the MMU and CSR code when an access faults: the exception the
     * executing instruction raises. */
    uint64_t exc_cause, exc_tval;
    /* TLB tags: vpn | context bits, recomputed when priv or mstatus change. */
    uint64_t tag_fetch, tag_load, tag_store;
    /* Set when the current block must end after this instruction (decoded
     * code was invalidated, or a device may have raised an interrupt). */
    bool end_block;
    uint64_t mcycle_offset, minstret_offset;
    uint64_t epoch;             /* bumped by TLB/decode flushes and privilege changes */
    uint64_t seen_code_gen;     /* bus->code_gen when decoded code was last valid */
    uint64_t trap_streak;       /* traps since an instruction last retired */
    uint64_t trap_streak_instret;
    uint64_t stall;             /* timing mode: extra cycles of the current block */
    /* Retired instructions and cycles of the current block not yet added to
     * instret/clk->cycle; set before a CSR access so counters read exactly. */
    uint64_t inflight_insns, inflight_cycles;

    /* Software TLBs: fetch, load, store.  A flush after few fills resets
     * only the entries in tlb_log; after more it clears everything. */
    struct tlb_entry itlb[TLB_SIZE], rtlb[TLB_SIZE], wtlb[TLB_SIZE];
    struct tlb_entry *tlb_log[TLB_LOG_SIZE];
    unsigned tlb_nlog;              /* fills since the last flush (may exceed the log) */

    /* PMP entries decoded at write time: [lo, hi), cfg byte; active ones only. */
    uint64_t pmp_lo[16], pmp_hi[16];
    uint8_t pmp_cfg8[16];
    uint8_t pmp_n;                  /* how many active entries, in priority order */
    bool pmp_any_locked;

    struct bus *bus;
    struct simclock *clk;
    struct timing *timing;      /* NULL in functional mode */
    struct dcache *dc;
    uint64_t insn_limit;        /* stop when instret reaches this (UINT64_MAX: none) */

    FILE *trace;                /* --trace: one line per retired instruction */
    /* Trace filters (sim/trace.h), checked per traced line only: pc in
     * [trace_pc_lo, trace_pc_hi) (hi 0: any pc), privilege bit set in
     * trace_priv_mask (0: any). */
    uint64_t trace_pc_lo, trace_pc_hi;
    unsigned trace_priv_mask;
    /* Called by trap_take for every trap and interrupt taken (NULL: none);
     * the event trace (--trace-events) uses it.  Not on the hot path. */
    void (*trap_hook)(void *opaque, uint64_t cause, uint64_t tval, uint64_t epc,
                      enum priv from, enum priv to);
    void *trap_hook_opaque;

    /* Timing-mode state */
    uint8_t *bpred;             /* 2-bit counters */
    uint64_t *btb;              /* last target of each indirect jump slot */
    uint32_t iline_bytes;       /* L1I line size: fetch cost is per line */
    uint32_t bpred_mask;
    uint32_t cost_alu, cost_mul, cost_div, cost_branch, cost_mispredict,
             cost_load_use, cost_csr, cost_fence, cost_amo, cost_system;

    struct hart_stats stats;

    /* Debug triggers and debugger breakpoints (trigger.c).  dbg_exec and
     * dbg_mem say whether any execute or load/store match is live: blocks
     * are then built with a check before each instruction that may match,
     * and watched pages kept out of the data TLBs, so with nothing set
     * the fast path pays nothing. */
    unsigned tselect;
    struct hart_trigger trig[HART_NTRIG];
    uint64_t bp[HART_MAX_BP];
    unsigned nbp;
    bool dbg_exec, dbg_mem;
    bool dbg_step;              /* single-stepping: interrupts held off */
    enum hart_dbg_kind dbg_hit;
    int dbg_hit_trig;           /* trigger index of a DBG_HIT_EXEC/LOAD/STORE */
    uint64_t dbg_hit_addr;      /* pc or data address that matched */
};

enum hart_stop {
    HART_DEADLINE,              /* clk->deadline reached (events are due) */
    HART_INSN_LIMIT,            /* instret reached insn_limit */
    HART_IDLE_FOREVER,          /* in WFI with no event that could ever wake it */
    HART_TRAP_LOOP,             /* HART_TRAP_LOOP_LIMIT traps in a row, nothing retired */
    HART_DEBUG,                 /* a debugger breakpoint or trigger hit (h->dbg_hit) */
};

struct hart *hart_new(struct bus *bus, struct simclock *clk, uint64_t hartid);
void hart_free(struct hart *h);
/* Power-on reset: M-mode at pc, everything volatile cleared. */
void hart_reset(struct hart *h, uint64_t pc);
/* Timing model and per-class costs (NULL t: functional mode). */
struct config;
void hart_set_timing(struct hart *h, struct timing *t, const struct config *cfg);

/* Run until the deadline or the instruction limit. */
enum hart_stop hart_run(struct hart *h);

/* Device interrupt line (one of the MIP_* masks), level-triggered. */
void hart_set_irq(struct hart *h, uint32_t mip_bit, int level);
/* irq_line-compatible callback: opaque is the hart, num one of the MIP_*
 * masks (MIP_MTIP, not 7). */
void hart_irq_cb(void *opaque, int num, int level);

/* Forget decoded code (after DMA or a loader wrote guest memory). */
void hart_flush_decode(struct hart *h);
void hart_flush_tlb(struct hart *h);

/* Debugger and test access. */
bool hart_csr_read(struct hart *h, unsigned csr, uint64_t *val);
bool hart_csr_write(struct hart *h, unsigned csr, uint64_t val);

/* The debugger's side of the triggers (trigger.c).  kind: 'x' execute,
 * 'r' load, 'w' store, 'a' load or store.  Returns the trigger index, or
 * -1 when every trigger is taken.  A debugger trigger has dmode set, so the
 * guest can read it but not change it; it survives power-on resets. */
int  hart_dbg_trigger_set(struct hart *h, char kind, uint64_t addr, uint64_t len);
bool hart_dbg_trigger_clear(struct hart *h, char kind, uint64_t addr, uint64_t len);
/* Disable trigger i if the debugger owns it (dmode). */
void hart_dbg_trigger_drop(struct hart *h, int i);
/* The debugger writes the privilege mode (0 U, 1 S, 3 M). */
bool hart_dbg_set_priv(struct hart *h, uint64_t p);
bool hart_dbg_bp_add(struct hart *h, uint64_t pc);
bool hart_dbg_bp_remove(struct hart *h, uint64_t pc);
/* Translate va as a data load at the current privilege, without side
 * effects (no A/D update, no TLB fill, no exception); false if unmapped. */
bool hart_dbg_translate(struct hart *h, uint64_t va, uint64_t *pa);

void hart_stats_json(const struct hart *h, struct json *j);

/* Disassemble one instruction (raw bits at pc) into buf, objdump -M
 * no-aliases style; returns its length in bytes (2 or 4). */
int disasm(uint32_t raw, uint64_t pc, char *buf, size_t len);

#endif
