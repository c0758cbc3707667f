/*
 * cpu.h -- what the files of sim/cpu/ share and nobody else sees: the
 * instruction ids generated from insn.def, the decoded-instruction record,
 * decoded blocks, and the helpers between decode, execute, CSRs and MMU.
 */
#ifndef SIMSCM_CPU_H
#define SIMSCM_CPU_H

#include "hart.h"
#include "mem/bus.h"
#include "mem/timing.h"
#include "simclock.h"

enum insn_id {
#define INSN(name, fmt, mask, match, cls, exec) ID_##name,
#include "insn.def"
#undef INSN
    ID_illegal,                 /* raises an illegal-instruction exception */
    ID_COUNT
};

enum insn_fmt {
    F_R, F_I, F_ISH, F_ISHW, F_L, F_S, F_B, F_U, F_J, F_JR, F_CSR, F_CSRI,
    F_FENCE, F_NONE, F_SFENCE, F_AMO, F_LR, F_CBO,
    F_CIW, F_CL_W, F_CL_D, F_CS_W, F_CS_D, F_CNONE, F_CI, F_CI_LI, F_CI_16SP,
    F_CI_LUI, F_CB_SH, F_CB_ANDI, F_CA, F_CJ, F_CB_BR, F_CI_SH, F_CI_LWSP,
    F_CI_LDSP, F_CR_JR, F_CR_MV, F_CR_JALR, F_CR_ADD, F_CSS_W, F_CSS_D,
};

enum insn_class {
    C_ALU, C_MUL, C_DIV, C_BRANCH, C_JUMP, C_LOAD, C_STORE, C_CSR, C_FENCE,
    C_AMO, C_SYSTEM,
};

struct insn_desc {
    const char *name;           /* mnemonic, with '.' */
    enum insn_fmt fmt;
    uint32_t mask, match;
    enum insn_class cls;
    enum insn_id exec;          /* the semantic body that runs it */
};
extern const struct insn_desc insn_table[ID_COUNT];

/* One decoded instruction.  rd is 32 when the instruction writes x0, so the
 * write lands in a scratch slot and no body tests for x0. */
struct dinsn {
    const void *impl;           /* dispatch target, filled by hart_run */
    int32_t imm;                /* every RV64 immediate fits in 32 bits */
    uint16_t exec;              /* enum insn_id of the body */
    uint16_t id;                /* enum insn_id of the row (for disassembly) */
    int16_t off;                /* its address minus the block's start address */
    uint16_t cost_before;       /* cycles of the instructions before it in the block */
    uint8_t rd, rs1, rs2, len;
    uint8_t inline_jump;        /* a jal whose target follows it in the block */
    uint8_t idx;                /* its index in the block (ip - b->insn, one load) */
    uint8_t lines_before;       /* timing: block lines the instructions before it span */
    uint32_t raw;
};

#define BLOCK_MAX_INSNS 64
#define BLOCK_MAX_LINES 8
#define BLOCK_SUCCS 4
_Static_assert(sizeof(struct dinsn) == 32, "one decoded instruction per half cache line");

/* A run of instructions inside one page, ending at an indirect jump, a
 * system instruction, the page end or BLOCK_MAX_INSNS; a taken conditional
 * branch leaves it early, and a jal to the same page is followed (the block
 * goes on at the target), so an instruction's address is the block start
 * plus its off, not a running sum.  insn[n] is a sentinel whose off is where
 * execution continues after the block and whose cost_before is the block's
 * cost; its dispatch target is the block exit. */
struct block {
    uint64_t pa;
    struct block *hnext;
    /* Chaining: the blocks that followed this one, valid while h->epoch ==
     * chain_epoch (no TLB, privilege or decode change since).  A block
     * runs past its conditional branches, so it may have several exits. */
    uint64_t chain_epoch;
    uint64_t succ_pc[BLOCK_SUCCS];
    struct block *succ[BLOCK_SUCCS];
    uint32_t succ_next;         /* the slot a new successor replaces when all are full */
    uint32_t n;
    uint32_t cost;
    /* Timing mode: the instruction-cache lines the block fetches, in the
     * order it moves into them (a block never needs more); the first
     * insn[k].lines_before of them are fetched when insn[0..k) run. */
    uint8_t nlines;
    uint8_t dbg_check;          /* its first instruction may match a trigger or breakpoint */
    uint64_t line_pa[BLOCK_MAX_LINES];
    struct timing_stamp fetch_stamp; /* its first lines all in the fetch memo, when */
    struct dinsn insn[];
};

/* Decode the instruction word w into d (d->off and cost fields untouched).
 * Unknown or reserved encodings become ID_illegal. */
void decode_insn(uint32_t w, struct dinsn *d);
/* Length of the instruction whose low half is w. */
static inline int insn_len(uint32_t w) { return (w & 3) == 3 ? 4 : 2; }
/* Ends a block: jump, system, CSR, fence.i, illegal (not a conditional branch). */
bool insn_ends_block(enum insn_id exec);

/* ---- MMU (mmu.c) ------------------------------------------------------ */
enum access { ACC_LOAD = 0, ACC_STORE = 1, ACC_FETCH = 2 };

/* Translate va for access at the effective privilege; on success fill the
 * matching TLB entry when the page is plain RAM and return true with *pa.
 * On failure set h->exc_cause / h->exc_tval and return false. */
bool mmu_translate(struct hart *h, uint64_t va, enum access acc, uint64_t *pa,
                   bool fill_tlb);
/* Slow-path data accesses (any alignment, MMIO, page crossing). */
bool mmu_load(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
bool mmu_store(struct hart *h, uint64_t va, unsigned size, uint64_t val);
void mmu_update_tags(struct hart *h);
bool pmp_check(struct hart *h, uint64_t pa, unsigned size, enum access acc,
               enum priv p);
/* Decode pmpcfg/pmpaddr into h->pmp_* after a write. */
void pmp_update(struct hart *h);

/* ---- CSRs and traps (csr.c) ------------------------------------------- */
/* Returns false (illegal instruction) when the access is not allowed. */
bool csr_access(struct hart *h, unsigned csr, uint64_t *old, uint64_t wval,
                bool do_read, bool do_write);
void trap_take(struct hart *h, uint64_t cause, uint64_t tval, uint64_t epc);
/* Highest-priority enabled pending interrupt cause, or -1. */
int  irq_pending(struct hart *h);
/* Sstc after a hart reset: stimecmp 0, the STIP line low, its event ready. */
void csr_sstc_reset(struct hart *h);
static inline uint64_t csr_mip(const struct hart *h) { return h->mip | h->irq_lines; }

/* ---- Debug triggers (trigger.c) ------------------------------------- */
bool trig_csr(struct hart *h, unsigned csr, uint64_t *old, uint64_t wval,
              bool do_read, bool do_write);
void trig_reset(struct hart *h);
/* May the instruction at physical address pa match an execute trigger or
 * breakpoint?  (Compares the page offset, which va and pa share.) */
bool trig_exec_maybe(const struct hart *h, uint64_t pa);
/* At h->pc, before it runs: 0 nothing, 1 breakpoint exception taken,
 * 2 the debugger must stop (HART_DEBUG). */
int  trig_exec_check(struct hart *h);
/* Before a load/store of size bytes at va: true when a trigger fires, with
 * h->exc_cause set (EXC_BREAKPOINT or EXC_DEBUG). */
bool trig_mem_check(struct hart *h, uint64_t va, unsigned size, enum access acc);
/* Must the data TLB stay empty for va's page (a load/store trigger covers it)? */
bool trig_page_watched(const struct hart *h, uint64_t va, enum access acc);

/* ---- Decoded-block cache (hart.c) ------------------------------------- */
void dcache_note_store(struct hart *h, uint64_t pa);
bool dcache_page_has_code(struct hart *h, uint64_t pa);

#define MSTATUS_SIE   (1ull << 1)
#define MSTATUS_MIE   (1ull << 3)
#define MSTATUS_SPIE  (1ull << 5)
#define MSTATUS_MPIE  (1ull << 7)
#define MSTATUS_SPP   (1ull << 8)
#define MSTATUS_MPP   (3ull << 11)
#define MSTATUS_MPRV  (1ull << 17)
#define MSTATUS_SUM   (1ull << 18)
#define MSTATUS_MXR   (1ull << 19)
#define MSTATUS_TVM   (1ull << 20)
#define MSTATUS_TW    (1ull << 21)
#define MSTATUS_TSR   (1ull << 22)
#define MSTATUS_UXL   (3ull << 32)
#define MSTATUS_SXL   (3ull << 34)

#define MENVCFG_CBIE  (3ull << 4)
#define MENVCFG_CBCFE (1ull << 6)
#define MENVCFG_STCE  (1ull << 63)

#endif
