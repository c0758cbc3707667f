/*
 * hart.c -- the execute loop and the decoded-block cache.
 *
 * Decode once, execute many times: the first time the hart reaches a
 * physical address it decodes a block (see cpu.h) into an arena and files it
 * in a hash table keyed by that address.  Each instruction carries the
 * address of its semantic body (GCC's labels-as-values), so dispatch is one
 * indirect jump.  Loads and stores hit a software TLB that yields a host
 * pointer; everything else goes to mmu.c.
 *
 * Time: a block's cost in cycles is summed at decode time from the timing
 * class of each instruction (1 per instruction in the functional mode), plus
 * a static load-use penalty; what only execution knows (cache misses, branch
 * mispredictions) accumulates in h->stall.  Both are added to the simulated
 * clock when the block retires, so the hot path adds nothing per
 * instruction.  In the functional mode a block is cut short at the next
 * event, so timer interrupts arrive at the exact cycle; in the timing mode
 * they arrive at the next block boundary.
 *
 * Interrupts are checked between blocks.  Every instruction that can change
 * whether one is pending (CSR writes, mret/sret, wfi, stores to devices) ends
 * its block.
 *
 * Self-modifying code: each page keeps a bit per 64-byte line that holds
 * decoded code.  Store-TLB entries of such pages carry TLB_CODE, so their
 * stores miss the fast path and check the line they write: data next to
 * code costs a few instructions per store, and only a store into a code
 * line throws the decoded blocks away (and, in the functional mode, ends
 * the current block).  See "Code-page bookkeeping" for the timing mode's
 * rule, which keeps the cycle counts the model has always given.
 */
#include "cpu.h"
#include "mem/timing.h"
#include "config.h"
#include "json.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define DC_ARENA_BYTES (32u << 20)
#define DC_HASH_SIZE   (1u << 15)
#define DC_MAX_MARKED  4096

/*
 * Which bytes hold decoded code, per page: a bit for each 64-byte line a
 * decoded instruction touches (lines), so a store flushes decoded code only
 * when it writes a line that holds some, not when it writes data that
 * merely shares a page with code.  Pages with code stay in the store TLB,
 * tagged TLB_CODE so the fast path misses and the store takes
 * store_code_page(), which checks the line.
 *
 * seen[] keeps, for the timing mode only, the rule the cycle counts were
 * built on: a store to a page from which a block was entered since the last
 * store to such a page (or flush) ends the block, and the next block's
 * instruction fetch is charged again.  It is cleared without throwing any
 * decoded code away.
 */
struct code_map {
    struct region *region;
    uint64_t *lines;            /* per page: bit i = line i holds decoded code */
    uint8_t *seen;              /* per page: entered since the last clear (timing) */
};

struct dcache {
    uint8_t *arena;
    size_t used;
    struct block *hash[DC_HASH_SIZE];
    struct code_map maps[BUS_MAX_REGIONS];
    /* Pages with lines or seen set, so a flush clears only those. */
    uint64_t marked[DC_MAX_MARKED];
    unsigned nmarked;
    bool marked_overflow;
    uint64_t last_seen;         /* page mark_seen marked last (~0: none since a clear) */
    /* A 4-byte instruction that straddles two pages gets a block of its own
     * that is never cached: the two pages may map anywhere. */
    struct block *scratch;
};

static inline unsigned dc_hash(uint64_t pa)
{
    return (unsigned)((pa >> 1) ^ (pa >> 16)) & (DC_HASH_SIZE - 1);
}

/* ---- Code-page bookkeeping -------------------------------------------- */

static struct code_map *code_map_for(struct hart *h, uint64_t pa)
{
    struct bus *b = h->bus;
    for (int i = 0; i < b->nregions; i++) {
        struct region *r = b->regions[i];
        if (pa - r->base < r->size) {
            struct code_map *m = &h->dc->maps[i];
            if (m->region != r) {
                free(m->lines);
                free(m->seen);
                m->region = r;
                m->lines = calloc(r->size / 4096 + 1, sizeof *m->lines);
                m->seen = calloc(r->size / 4096 + 1, 1);
                if (!m->lines || !m->seen)
                    abort();
            }
            return m;
        }
    }
    return NULL;
}

static inline size_t page_index(const struct code_map *m, uint64_t pa)
{
    return (pa - m->region->base) >> 12;
}

bool dcache_page_has_code(struct hart *h, uint64_t pa)
{
    struct code_map *m = code_map_for(h, pa);
    return m && (m->lines[page_index(m, pa)] || m->seen[page_index(m, pa)]);
}

/* A page just got its first mark: remember it for the flush, and send its
 * stores through store_code_page from now on. */
static void note_marked_page(struct hart *h, uint64_t page)
{
    struct dcache *dc = h->dc;
    if (dc->nmarked < DC_MAX_MARKED)
        dc->marked[dc->nmarked++] = page;
    else
        dc->marked_overflow = true;
    for (int i = 0; i < TLB_SIZE; i++) {
        struct tlb_entry *e = &h->wtlb[i];
        /* vpn << 12 drops the tag bits and gives the virtual page back. */
        if (e->vpn != ~0ull && (e->vpn << 12) + e->ppn_off == page)
            e->vpn |= TLB_CODE;
    }
}

/* The lines of the block's instructions hold code. */
static void mark_code_lines(struct hart *h, const struct block *b)
{
    struct code_map *m = code_map_for(h, b->pa);
    if (!m)
        return;
    size_t p = page_index(m, b->pa);
    uint64_t page = b->pa & ~0xfffull, bits = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        uint64_t first = b->pa + b->insn[i].off, last = first + b->insn[i].len - 1;
        bits |= 1ull << ((first >> 6) & 63);
        bits |= 1ull << ((last >> 6) & 63);
    }
    if (!m->lines[p] && !m->seen[p])
        note_marked_page(h, page);
    m->lines[p] |= bits;
}

/* Timing mode: a block of this page is being entered. */
static void mark_seen(struct hart *h, uint64_t pa)
{
    if ((pa & ~0xfffull) == h->dc->last_seen)
        return;
    h->dc->last_seen = pa & ~0xfffull;
    struct code_map *m = code_map_for(h, pa);
    if (!m)
        return;
    size_t p = page_index(m, pa);
    if (m->seen[p])
        return;
    if (!m->lines[p])
        note_marked_page(h, pa & ~0xfffull);
    m->seen[p] = 1;
}

/* Forget seen[] on every page (the timing rule's "flush"). */
static void clear_seen(struct hart *h)
{
    struct dcache *dc = h->dc;
    dc->last_seen = ~0ull;
    if (dc->marked_overflow) {
        for (int i = 0; i < BUS_MAX_REGIONS; i++)
            if (dc->maps[i].region)
                memset(dc->maps[i].seen, 0, dc->maps[i].region->size / 4096 + 1);
        return;
    }
    unsigned keep = 0;
    for (unsigned i = 0; i < dc->nmarked; i++) {
        struct code_map *m = code_map_for(h, dc->marked[i]);
        if (!m)
            continue;
        size_t p = page_index(m, dc->marked[i]);
        m->seen[p] = 0;
        if (m->lines[p])
            dc->marked[keep++] = dc->marked[i];
    }
    dc->nmarked = keep;
}

/* A store of at most 8 bytes, within one line, at pa. */
void dcache_note_store(struct hart *h, uint64_t pa)
{
    struct code_map *m = code_map_for(h, pa);
    if (!m)
        return;
    size_t p = page_index(m, pa);
    bool seen = m->seen[p];
    if (m->lines[p] & (1ull << ((pa >> 6) & 63))) {
        /* Decoded code changed: throw it away.  The functional mode ends the
         * block too, so even an instruction later in this block runs as
         * written (the timing mode keeps its rule below). */
        hart_flush_decode(h);
        if (!h->timing)
            h->end_block = true;
    }
    if (h->timing && seen) {
        clear_seen(h);
        h->epoch++;             /* blocks are entered through get_block again */
        h->end_block = true;
    }
}

void hart_flush_decode(struct hart *h)
{
    struct dcache *dc = h->dc;
    memset(dc->hash, 0, sizeof dc->hash);
    dc->used = 0;
    if (dc->marked_overflow) {
        for (int i = 0; i < BUS_MAX_REGIONS; i++) {
            struct code_map *m = &dc->maps[i];
            if (m->region) {
                memset(m->lines, 0, (m->region->size / 4096 + 1) * sizeof *m->lines);
                memset(m->seen, 0, m->region->size / 4096 + 1);
            }
        }
    } else {
        for (unsigned i = 0; i < dc->nmarked; i++) {
            struct code_map *m = code_map_for(h, dc->marked[i]);
            if (m) {
                m->lines[page_index(m, dc->marked[i])] = 0;
                m->seen[page_index(m, dc->marked[i])] = 0;
            }
        }
    }
    dc->nmarked = 0;
    dc->marked_overflow = false;
    dc->last_seen = ~0ull;
    h->epoch++;
    h->stats.decode_flushes++;
}

void hart_flush_tlb(struct hart *h)
{
    h->epoch++;
    if (h->tlb_nlog <= TLB_LOG_SIZE) {
        for (unsigned i = 0; i < h->tlb_nlog; i++)
            h->tlb_log[i]->vpn = ~0ull;
    } else {
        for (int i = 0; i < TLB_SIZE; i++) {
            h->itlb[i].vpn = ~0ull;
            h->rtlb[i].vpn = ~0ull;
            h->wtlb[i].vpn = ~0ull;
        }
    }
    h->tlb_nlog = 0;
}

/* ---- Block building --------------------------------------------------- */

static uint32_t class_cost(const struct hart *h, enum insn_class c)
{
    if (!h->timing)
        return 1;
    switch (c) {
    case C_MUL:    return h->cost_mul;
    case C_DIV:    return h->cost_div;
    case C_BRANCH: case C_JUMP: return h->cost_branch;
    case C_CSR:    return h->cost_csr;
    case C_FENCE:  return h->cost_fence;
    case C_AMO:    return h->cost_amo;
    case C_SYSTEM: return h->cost_system;
    default:       return h->cost_alu;
    }
}

static bool reads_reg(const struct dinsn *d, uint8_t r)
{
    return d->rs1 == r || d->rs2 == r;
}

/* Fetch the 16 or 32 bits at pa; false when not memory or ROM. */
static bool fetch_bits(struct hart *h, uint64_t pa, unsigned size, uint32_t *w)
{
    const uint8_t *p = bus_code_ptr(h->bus, pa, size);
    if (!p)
        return false;
    uint32_t v = 0;
    memcpy(&v, p, size);
    *w = v;
    return true;
}

static struct block *alloc_block(struct hart *h)
{
    struct dcache *dc = h->dc;
    size_t need = sizeof(struct block) + (BLOCK_MAX_INSNS + 1) * sizeof(struct dinsn);
    if (dc->used + need > DC_ARENA_BYTES)
        hart_flush_decode(h);
    return (struct block *)(dc->arena + dc->used);
}

/* Decode from (pc, pa).  NULL with h->exc_* set when the first instruction
 * cannot be fetched. */
static struct block *build_block(struct hart *h, uint64_t pc, uint64_t pa)
{
    struct dcache *dc = h->dc;
    uint64_t page_end = (pa | 0xfff) + 1;
    uint32_t w;

    if (!fetch_bits(h, pa, 2, &w)) {
        h->exc_cause = EXC_INSN_ACCESS;
        h->exc_tval = pc;
        return NULL;
    }
    if (insn_len(w) == 4 && pa + 4 > page_end) {
        /* Straddles a page: fetch the upper half through its own mapping. */
        uint64_t pa2;
        uint32_t hi;
        if (!mmu_translate(h, pc + 2, ACC_FETCH, &pa2, false))
            return NULL;
        if (!fetch_bits(h, pa2, 2, &hi)) {
            h->exc_cause = EXC_INSN_ACCESS;
            h->exc_tval = pc + 2;
            return NULL;
        }
        struct block *b = dc->scratch;
        b->pa = pa;
        b->hnext = NULL;
        b->nlines = 1;
        b->line_pa[0] = pa & ~(uint64_t)(h->iline_bytes - 1);
        b->fetch_stamp = (struct timing_stamp){ 0 };
        b->chain_epoch = 0;
        b->dbg_check = h->dbg_exec && trig_exec_maybe(h, pa);
        decode_insn(w | (hi << 16), &b->insn[0]);
        b->insn[0].off = 0;
        b->insn[0].cost_before = 0;
        b->insn[0].idx = 0;
        b->insn[0].lines_before = 0;
        b->n = 1;
        b->cost = class_cost(h, insn_table[b->insn[0].exec].cls);
        b->insn[1].off = 4;
        b->insn[1].idx = 1;
        b->insn[1].lines_before = 1;
        b->insn[1].cost_before = b->cost;
        return b;
    }

    struct block *b = alloc_block(h);
    b->pa = pa;
    b->dbg_check = h->dbg_exec && trig_exec_maybe(h, pa);
    b->chain_epoch = 0;         /* no successors yet: h->epoch starts at 1 */
    uint64_t page = pa & ~0xfffull;
    uint64_t line_mask = ~(uint64_t)(h->iline_bytes - 1);
    int32_t off = 0;                /* address of the next instruction - pa */
    uint32_t n = 0, cost = 0;
    b->nlines = 0;
    uint8_t lines_used = 0;     /* lines the instructions decoded so far span */
    while (n < BLOCK_MAX_INSNS && pa + off + 2 <= page_end) {
        uint64_t line = (pa + off) & line_mask;
        if (b->nlines == 0 || b->line_pa[b->nlines - 1] != line) {
            if (b->nlines == BLOCK_MAX_LINES)
                break;
            b->line_pa[b->nlines++] = line;
        }
        /* An instruction a trigger or breakpoint may match starts a block
         * of its own, checked on entry (trigger.c). */
        if (h->dbg_exec && n > 0 && trig_exec_maybe(h, pa + off))
            break;
        if (!fetch_bits(h, pa + off, 2, &w))
            break;
        if (insn_len(w) == 4) {
            if (pa + off + 4 > page_end || !fetch_bits(h, pa + off, 4, &w))
                break;
        }
        struct dinsn *d = &b->insn[n];
        decode_insn(w, d);
        d->off = (int16_t)off;
        d->cost_before = cost;
        d->inline_jump = 0;
        d->idx = (uint8_t)n;
        d->lines_before = lines_used;
        lines_used = b->nlines;
        cost += class_cost(h, insn_table[d->exec].cls);
        if (h->timing && n > 0) {
            const struct dinsn *prev = &b->insn[n - 1];
            if (insn_table[prev->exec].cls == C_LOAD && prev->rd != 32 && reads_reg(d, prev->rd))
                cost += h->cost_load_use;
        }
        n++;
        if (d->exec == ID_jal && ((pa + off + d->imm) & ~0xfffull) == page && !h->trace) {
            /* Follow a direct jump within the page. */
            d->inline_jump = 1;
            off += (int32_t)d->imm;
            continue;
        }
        off += d->len;
        if (insn_ends_block(d->exec))
            break;
    }
    b->n = n;
    b->cost = cost;
    b->insn[n].off = (int16_t)off;
    b->insn[n].idx = (uint8_t)n;
    b->insn[n].cost_before = cost;
    b->insn[n].lines_before = lines_used;
    b->fetch_stamp = (struct timing_stamp){ 0 };
    dc->used += sizeof(struct block) + (n + 1) * sizeof(struct dinsn);
    dc->used = (dc->used + 15) & ~(size_t)15;

    unsigned hsh = dc_hash(pa);
    b->hnext = dc->hash[hsh];
    dc->hash[hsh] = b;
    mark_code_lines(h, b);
    h->stats.blocks_decoded++;
    return b;
}

/* The block at h->pc, with dispatch addresses filled in. */
/*
 * Pick the body that runs d: its row's, or a specialised one -- an inlined
 * jal, a branch against x0 (one register load fewer).  A conditional branch
 * or jal gets its target as an offset from the block's start (imm + off),
 * which saves an add at the taken exit; disassembly and traces decode the
 * raw word again, so nothing else reads that imm.
 */
static void set_impl(struct dinsn *d, const void *const *labels, bool self_ok)
{
    enum insn_id e = d->exec;
    if (insn_table[e].cls == C_BRANCH || e == ID_jal)
        d->imm += d->off;
    _Static_assert(ID_bgeu == ID_beq + 5, "insn.def: beq..bgeu in a row");
    if (self_ok && insn_table[e].cls == C_BRANCH && d->imm == 0) {
        /* A loop back to the block's own start (see SELF_EXIT). */
        unsigned k = e - ID_beq;
        if (d->rs2 == 0 && k < 2)
            k += 6;                             /* beqz, bnez */
        d->impl = labels[2 * ID_COUNT + 6 + k];
    } else if (d->inline_jump)
        d->impl = labels[ID_COUNT];
    else if (e == ID_beq && d->rs2 == 0)
        d->impl = labels[ID_COUNT + 2];
    else if (e == ID_bne && d->rs2 == 0)
        d->impl = labels[ID_COUNT + 3];
    else if (e == ID_addi && d->rs1 == 0)
        d->impl = labels[ID_lui];               /* li: rd = imm, as lui */
    else if (e == ID_addi && d->imm == 0)
        d->impl = labels[ID_COUNT + 4];         /* mv rd, rs1 */
    else if (e == ID_add && d->rs1 == 0)
        d->impl = labels[ID_COUNT + 5];         /* c.mv: rd = rs2 */
    else if (d->rd == d->rs1 && labels[ID_COUNT + 6 + e])
        d->impl = labels[ID_COUNT + 6 + e];     /* rd op= ...: one load fewer */
    else
        d->impl = labels[d->id];
}

static struct block *get_block(struct hart *h, const void *const *labels)
{
    uint64_t pc = h->pc, pa;
    struct tlb_entry *e = &h->itlb[(pc >> 12) % TLB_SIZE];
    if (e->vpn == ((pc >> 12) | h->tag_fetch))
        pa = pc + e->ppn_off;
    else if (!mmu_translate(h, pc, ACC_FETCH, &pa, true))
        return NULL;

    for (struct block *b = h->dc->hash[dc_hash(pa)]; b; b = b->hnext)
        if (b->pa == pa) {
            if (h->timing)
                mark_seen(h, pa);
            return b;
        }
    struct block *b = build_block(h, pc, pa);
    /* The timing rule of dcache_note_store: entered since the last clear
     * (a straddling instruction's scratch block never counted). */
    if (b && h->timing && b != h->dc->scratch)
        mark_seen(h, pa);
    /* Dispatch targets, once per build (a block found in the hash table
     * keeps its own). */
    if (b) {
        /* (Blocks never chained to never loop to themselves either.) */
        bool self_ok = b != h->dc->scratch && !b->dbg_check;
        for (uint32_t i = 0; i < b->n; i++)
            set_impl(&b->insn[i], labels, self_ok);
        b->insn[b->n].impl = labels[ID_COUNT + 1];
    }
    return b;
}

/* ---- Chaining ---------------------------------------------------------- */

/* The block that followed b last time at pc, if the chain is still valid. */
static inline struct block *chained(const struct block *b, uint64_t epoch, uint64_t pc)
{
    _Static_assert(BLOCK_SUCCS == 4, "chained() compares four slots");
    if (b->chain_epoch != epoch)
        return NULL;
    /* Unrolled: two host instructions a slot instead of five. */
    if (b->succ_pc[0] == pc)
        return b->succ[0];
    if (b->succ_pc[1] == pc)
        return b->succ[1];
    if (b->succ_pc[2] == pc)
        return b->succ[2];
    if (b->succ_pc[3] == pc)
        return b->succ[3];
    return NULL;
}

/* Remember that next followed prev at pc (in a free slot, else in turn). */
static void chain_add(struct block *prev, uint64_t epoch, uint64_t pc, struct block *next)
{
    if (prev->chain_epoch != epoch) {
        prev->chain_epoch = epoch;
        for (int i = 0; i < BLOCK_SUCCS; i++)
            prev->succ_pc[i] = ~0ull;
        prev->succ_next = 0;
    }
    int slot = 0;
    while (slot < BLOCK_SUCCS && prev->succ_pc[slot] != ~0ull)
        slot++;
    if (slot == BLOCK_SUCCS)
        slot = prev->succ_next++ % BLOCK_SUCCS;
    prev->succ_pc[slot] = pc;
    prev->succ[slot] = next;
}

/* ---- Timing helpers --------------------------------------------------- */

static inline void predict_branch(struct hart *h, uint64_t pc, bool taken)
{
    uint8_t *c = &h->bpred[(pc >> 1) & h->bpred_mask];
    h->stats.branches++;
    if ((*c >= 2) != taken) {
        h->stall += h->cost_mispredict;
        h->stats.mispredicts++;
    }
    if (taken) {
        if (*c < 3)
            (*c)++;
    } else if (*c > 0) {
        (*c)--;
    }
}

/* Indirect jumps: predicted by the last target seen at that pc. */
static inline void predict_indirect(struct hart *h, uint64_t pc, uint64_t target)
{
    uint64_t *slot = &h->btb[(pc >> 1) & h->bpred_mask];
    h->stats.branches++;
    if (*slot != target) {
        h->stall += h->cost_mispredict;
        h->stats.mispredicts++;
        *slot = target;
    }
}

/* Instruction fetch: one cache access for each line the executed
 * instructions insn[0..k) moved into (lines listed at decode time). */
static inline void fetch_timing(struct hart *h, struct block *b, size_t k)
{
    h->stall += timing_fetch_lines(h->timing, b->line_pa, b->insn[k].lines_before,
                                   &b->fetch_stamp);
}

/* ---- Privileged instructions ------------------------------------------ */

static void do_mret(struct hart *h)
{
    uint64_t s = h->mstatus;
    enum priv to = (enum priv)((s >> 11) & 3);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;
    if (to != PRIV_M)
        s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    h->priv = to;
    h->pc = h->mepc;
    mmu_update_tags(h);
}

static void do_sret(struct hart *h)
{
    uint64_t s = h->mstatus;
    enum priv to = (s & MSTATUS_SPP) ? PRIV_S : PRIV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    h->priv = to;
    h->pc = h->sepc;
    mmu_update_tags(h);
}

/* May this privilege run a cbo.* of the given kind?  For cbo.inval the
 * answer can also be "run it as a flush" (CBIE = 01). */
static bool cbo_allowed(const struct hart *h, bool inval, bool *as_flush)
{
    *as_flush = false;
    if (h->priv == PRIV_M)
        return true;
    if (!inval) {
        if (!(h->menvcfg & MENVCFG_CBCFE))
            return false;
        return h->priv == PRIV_S || (h->senvcfg & MENVCFG_CBCFE);
    }
    unsigned m = (h->menvcfg >> 4) & 3, s = (h->senvcfg >> 4) & 3;
    if (m == 0 || m == 2)
        return false;
    if (h->priv == PRIV_U && (s == 0 || s == 2))
        return false;
    *as_flush = m == 1 || (h->priv == PRIV_U && s == 1);
    return true;
}

/* Host pointer for an AMO or SC at va (write permission), or NULL with the
 * exception set. */
static uint8_t *amo_ptr(struct hart *h, uint64_t va, unsigned size, uint64_t *pa_out)
{
    if (va & (size - 1)) {
        h->exc_cause = EXC_STORE_MISALIGNED;
        h->exc_tval = va;
        return NULL;
    }
    uint64_t pa;
    struct tlb_entry *e = &h->wtlb[(va >> 12) % TLB_SIZE];
    if (e->vpn == ((va >> 12) | h->tag_store)) {
        *pa_out = va + e->ppn_off;
        return (uint8_t *)(uintptr_t)(va + e->addend);
    }
    if (h->dbg_mem && (trig_mem_check(h, va, size, ACC_LOAD) ||
                       trig_mem_check(h, va, size, ACC_STORE)))
        return NULL;
    if (!mmu_translate(h, va, ACC_STORE, &pa, true))
        return NULL;
    uint8_t *p = bus_host_ptr(h->bus, pa, size);
    if (!p) {
        h->exc_cause = EXC_STORE_ACCESS;
        h->exc_tval = va;
        return NULL;
    }
    dcache_note_store(h, pa);
    *pa_out = pa;
    return p;
}

/* The --trace-pc and --trace-priv filters (sim/trace.h). */
static bool trace_wanted(const struct hart *h, enum priv p, uint64_t pc)
{
    if (h->trace_priv_mask && !((h->trace_priv_mask >> p) & 1))
        return false;
    return !h->trace_pc_hi || (pc >= h->trace_pc_lo && pc < h->trace_pc_hi);
}

static void trace_line(struct hart *h, enum priv p, uint64_t pc, const struct dinsn *d,
                       const char *note)
{
    static const char pl[4] = { 'U', 'S', '?', 'M' };
    char buf[96];
    if (!trace_wanted(h, p, pc))
        return;
    disasm(d->raw, pc, buf, sizeof buf);
    if (d->len == 2)
        fprintf(h->trace, "%c 0x%016llx (0x%04x) %s%s\n", pl[p],
                (unsigned long long)pc, d->raw & 0xffff, buf, note);
    else
        fprintf(h->trace, "%c 0x%016llx (0x%08x) %s%s\n", pl[p],
                (unsigned long long)pc, d->raw, buf, note);
}

/* Count a trap; true when HART_TRAP_LOOP_LIMIT came in a row with no
 * instruction retired between them. */
static bool trap_loop(struct hart *h)
{
    if (h->instret != h->trap_streak_instret) {
        h->trap_streak = 0;
        h->trap_streak_instret = h->instret;
    }
    return ++h->trap_streak >= HART_TRAP_LOOP_LIMIT;
}

/* ---- The execute loop ------------------------------------------------- */

/* no-crossjumping: GCC would otherwise merge the tails of similar bodies
 * (srli into srl, every NEXT after a not-taken branch), which costs a jump
 * each and shares the dispatch jump the host predicts per body. */
__attribute__((optimize("no-crossjumping")))
enum hart_stop hart_run(struct hart *h)
{
    /* Dispatch targets by row, then the extras of set_impl: an inlined
     * jal, the block exit (the sentinel's target), branches against x0,
     * register moves, then the rd == rs1 forms of common ALU bodies. */
    static const void *const labels[2 * ID_COUNT + 14] = {
#define INSN(name, fmt, mask, match, cls, exec) [ID_##name] = &&op_##exec,
#include "insn.def"
#undef INSN
        [ID_illegal] = &&op_illegal,
        [ID_COUNT] = &&op_jal_inline,
        [ID_COUNT + 1] = &&fallthrough,
        [ID_COUNT + 2] = &&op_beqz,
        [ID_COUNT + 3] = &&op_bnez,
        [ID_COUNT + 4] = &&op_mv,
        [ID_COUNT + 5] = &&op_mv2,
        /* By body: its form with rd == rs1 (C extension ALU ops always are). */
#define RR(name) [ID_COUNT + 6 + ID_##name] = &&op_##name##_rr
        RR(addi), RR(andi), RR(ori), RR(xori), RR(slli), RR(srli), RR(srai),
        RR(add), RR(sub), RR(xor), RR(or), RR(and), RR(addiw), RR(addw),
#undef RR
        /* Branches back to their block's start: beq..bgeu, beqz, bnez. */
        [2 * ID_COUNT + 6] = &&op_beq_self, &&op_bne_self, &&op_blt_self,
        &&op_bge_self, &&op_bltu_self, &&op_bgeu_self, &&op_beqz_self,
        &&op_bnez_self,
    };
    struct simclock *clk = h->clk;
    uint64_t *const x = h->x;
    struct timing *const t = h->timing;
    struct block *b, *prev = NULL;
    struct dinsn *ip, *end;
    const void *end_impl = NULL;
    uint64_t pc, epoch = 0, budget;
    uint64_t chain_key;
    enum priv tpriv;

    for (;;) {
    next_block:
        if (clk->cycle >= clk->deadline)
            return HART_DEADLINE;
        if (h->instret >= h->insn_limit)
            return HART_INSN_LIMIT;
        /* (A debugger's single step holds interrupts off, as QEMU's does,
         * unless the hart waits for one in WFI.) */
        if ((csr_mip(h) & h->mie) && (!h->dbg_step || h->wfi)) {
            h->wfi = false;
            int irq = irq_pending(h);
            if (irq >= 0) {
                if (h->trace && trace_wanted(h, h->priv, h->pc))
                    fprintf(h->trace, "interrupt %d at 0x%016llx\n", irq,
                            (unsigned long long)h->pc);
                trap_take(h, (1ull << 63) | (uint64_t)irq, 0, h->pc);
                continue;
            }
        }
        if (h->bus->code_gen != h->seen_code_gen) {
            h->seen_code_gen = h->bus->code_gen;
            hart_flush_decode(h);
            prev = NULL;
        }
        if (h->wfi) {
            if (clk->deadline == UINT64_MAX)
                return HART_IDLE_FOREVER;
            clk->cycle = clk->deadline;
            return HART_DEADLINE;
        }
        /* Follow the chain from the previous block when nothing that could
         * change the translation or the decoded code happened since. */
        b = prev ? chained(prev, h->epoch, h->pc) : NULL;
        if (!b) {
            b = get_block(h, labels);
            if (b && prev && epoch == h->epoch && b != h->dc->scratch && prev != h->dc->scratch &&
                !b->dbg_check)
                chain_add(prev, h->epoch, h->pc, b);
        }
        prev = NULL;
        if (!b) {
            if (h->trace && trace_wanted(h, h->priv, h->pc))
                fprintf(h->trace, "trap: cause %llu tval 0x%llx at fetch of 0x%016llx\n",
                        (unsigned long long)h->exc_cause,
                        (unsigned long long)h->exc_tval, (unsigned long long)h->pc);
            trap_take(h, h->exc_cause, h->exc_tval, h->pc);
            clk->cycle += t ? h->cost_system : 1;
            if (trap_loop(h))
                return HART_TRAP_LOOP;
            continue;
        }
        /* A block that may start at a trigger or breakpoint (never chained to). */
        if (__builtin_expect(b->dbg_check, 0)) {
            int hit = trig_exec_check(h);
            if (hit == 2)
                return HART_DEBUG;
            if (hit == 1) {
                clk->cycle += t ? h->cost_system : 1;
                if (trap_loop(h))
                    return HART_TRAP_LOOP;
                continue;
            }
        }
        /* How many instructions may run before the limit or, in the
         * functional mode (one cycle each), the next event. */
        budget = h->insn_limit - h->instret;
        if (!t && clk->deadline - clk->cycle < budget)
            budget = clk->deadline - clk->cycle;
        if (h->trace)
            budget = 1;
        /* May this block's exits chain on directly?  Not when it is cut
         * short, traced, or an interrupt is pending and enabled (that cannot
         * change inside a chain: everything that could change it -- CSR
         * writes, xRET, WFI, device stores, events -- ends its block through
         * `retire`).  The exit sites test one value, chain_key: the epoch
         * when they may chain, else ~0, which h->epoch never reaches. */
        epoch = h->epoch;
        chain_key = budget >= b->n && !h->trace && !(csr_mip(h) & h->mie) ?
                    epoch : ~0ull;
        ip = b->insn;
        end = NULL;
        if (__builtin_expect(budget < b->n, 0)) {
            /* Cut the block short: the first instruction not to run exits
             * (restored at retire or exception; a chain never starts from
             * a cut block, so end stays NULL along a chain). */
            end = ip + budget;
            end_impl = end->impl;
            end->impl = &&fallthrough;
        }
        pc = h->pc;
        tpriv = h->priv;
        goto *ip->impl;

#define RD   x[ip->rd]
#define RS1  x[ip->rs1]
#define RS2  x[ip->rs2]
#define IMM  ip->imm
#define PC   (pc + ip->off)
#define NEXT do { ip++; goto *ip->impl; } while (0)
/* End the block with h->pc already set. */
#define LEAVE do { ip++; goto retire; } while (0)
#define JUMP_TO(target) do { h->pc = (target); LEAVE; } while (0)
/*
 * Leave the block for h->pc and, in the common case, enter the chained
 * successor right here: this repeats the dispatch at every exit site, which
 * the host's branch predictor handles far better than one shared jump.  The
 * common case is: the whole block ran (not cut short), no trace, nothing
 * invalidated, no event due, no interrupt pending, and the next block is
 * chained and fits in the budget.  Anything else takes the
 * full path at `retire`.  The checks use what block entry left in locals:
 * budget (instructions left before the limit and, functional, the next
 * event: one instruction is one cycle there) and chain_key (the epoch
 * when not cut short, traced or an interrupt pending; nothing invalidated
 * since while h->epoch still equals it).
 */
/*
 * The bookkeeping of a chained exit (FAST_EXIT, SELF_EXIT): retire the
 * instructions before ip, add their cycles (and in the timing mode the
 * fetch cost and stalls), and leave by the full path when the next block,
 * nb, would not fit in the budget or an event is due.
 */
#define CHAIN_ACCOUNT(nb) do {                                                \
        uint64_t k_ = ip->idx;                                                \
        h->instret += k_;                                                     \
        clk->cycle += ip->cost_before;                                        \
        budget -= k_;                                                         \
        if (t) {                                                              \
            fetch_timing(h, b, k_);                                           \
            clk->cycle += h->stall;                                           \
            h->stall = 0;                                                     \
        }                                                                     \
        if ((nb)->n > budget || (t && clk->cycle + 1 > clk->deadline)) {      \
            prev = b;                                                         \
            goto next_block;    /* not `continue`: we are in a do-while */    \
        }                                                                     \
    } while (0)
#define FAST_EXIT() do {                                                      \
        uint64_t npc_ = h->pc;  /* just stored: no reload after clk->cycle */\
        ip++;                                                                 \
        if (__builtin_expect(h->epoch != chain_key, 0))                       \
            goto retire;                                                      \
        struct block *nb_ = chained(b, chain_key, npc_);                      \
        if (!nb_)                                                             \
            goto retire;                                                      \
        CHAIN_ACCOUNT(nb_);                                                   \
        b = nb_;                                                              \
        ip = b->insn;                                                         \
        pc = npc_;                                                            \
        goto *ip->impl;                                                       \
    } while (0)
/*
 * A taken branch back to its block's own start (set_impl): the successor is
 * the block itself, valid while the epoch holds, so the chain lookup and
 * the new block's setup are skipped; the rest is FAST_EXIT's.
 */
#define SELF_EXIT() do {                                                      \
        h->pc = pc;                                                           \
        ip++;                                                                 \
        if (__builtin_expect(h->epoch != chain_key, 0))                       \
            goto retire;                                                      \
        CHAIN_ACCOUNT(b);                                                     \
        ip = b->insn;                                                         \
        goto *ip->impl;                                                       \
    } while (0)
#define RAISE(cause, tval) do { h->exc_cause = (cause); h->exc_tval = (tval); goto exception; } while (0)
#define ILLEGAL() RAISE(EXC_ILLEGAL, ip->raw)
/* After a slow-path access that may have invalidated code or touched a device. */
#define CHECK_END() do { if (h->end_block) { ip++; h->pc = pc + ip->off; goto retire; } } while (0)

#define LOAD(type, size) do {                                                 \
        uint64_t va = RS1 + IMM;                                              \
        struct tlb_entry *e = &h->rtlb[(va >> 12) % TLB_SIZE];                \
        if (__builtin_expect(e->vpn == ((va >> 12) | h->tag_load) &&          \
                             !(va & ((size) - 1)), 1)) {                      \
            if (t)                                                            \
                h->stall += timing_load(t, va + e->ppn_off, size);            \
            RD = (uint64_t)(int64_t)*(type *)(uintptr_t)(va + e->addend);     \
        } else {                                                              \
            uint64_t v;                                                       \
            if (!mmu_load(h, va, size, &v))                                   \
                goto exception;                                               \
            RD = (uint64_t)(int64_t)(type)v;                                  \
            CHECK_END();                                                      \
        }                                                                     \
        NEXT;                                                                 \
    } while (0)

#define STORE(type, size) do {                                                \
        uint64_t va = RS1 + IMM;                                              \
        struct tlb_entry *e = &h->wtlb[(va >> 12) % TLB_SIZE];                \
        if (__builtin_expect(e->vpn == ((va >> 12) | h->tag_store) &&         \
                             !(va & ((size) - 1)), 1)) {                      \
            *(type *)(uintptr_t)(va + e->addend) = (type)RS2;                 \
            if (t)                                                            \
                h->stall += timing_store(t, va + e->ppn_off, size);           \
        } else if (e->vpn == ((va >> 12) | h->tag_store | TLB_CODE) &&        \
                   !(va & ((size) - 1))) {                                    \
            /* A page holding code: is this line code? */                     \
            *(type *)(uintptr_t)(va + e->addend) = (type)RS2;                 \
            if (t)                                                            \
                h->stall += timing_store(t, va + e->ppn_off, size);           \
            dcache_note_store(h, va + e->ppn_off);                            \
            CHECK_END();                                                      \
        } else {                                                              \
            if (!mmu_store(h, va, size, RS2))                                 \
                goto exception;                                               \
            CHECK_END();                                                      \
        }                                                                     \
        NEXT;                                                                 \
    } while (0)

#define BRANCH(cond) do {                                                     \
        bool taken_ = (cond);                                                 \
        if (t)                                                                \
            predict_branch(h, PC, taken_);                                    \
        if (taken_) {                                                         \
            h->pc = pc + IMM;   /* IMM includes off: set_impl */              \
            FAST_EXIT();                                                      \
        }                                                                     \
        NEXT;                                                                 \
    } while (0)

#define BRANCH_SELF(cond) do {                                                \
        bool taken_ = (cond);                                                 \
        if (t)                                                                \
            predict_branch(h, PC, taken_);                                    \
        if (taken_)                                                           \
            SELF_EXIT();                                                      \
        NEXT;                                                                 \
    } while (0)

#define AMO(type, size, expr) do {                                            \
        uint64_t pa_;                                                         \
        uint8_t *p_ = amo_ptr(h, RS1, size, &pa_);                            \
        if (!p_)                                                              \
            goto exception;                                                   \
        type a = *(type *)p_, b_ = (type)RS2;                                 \
        (void)b_;                                                             \
        *(type *)p_ = (expr);                                                 \
        if (t)                                                                \
            h->stall += timing_store(t, pa_, size);                           \
        RD = (uint64_t)(int64_t)a;                                            \
        CHECK_END();                                                          \
        NEXT;                                                                 \
    } while (0)

    op_lui:   RD = IMM; NEXT;
    op_auipc: RD = PC + IMM; NEXT;
    op_jal: {
        uint64_t link = PC + ip->len;
        uint64_t target = pc + IMM;     /* IMM includes off: set_impl */
        RD = link;
        h->pc = target;
        FAST_EXIT();
    }
    op_jal_inline:
        RD = PC + ip->len;
        NEXT;
    op_jalr: {
        uint64_t link = PC + ip->len;
        uint64_t target = (RS1 + IMM) & ~1ull;
        if (t)
            predict_indirect(h, PC, target);
        RD = link;
        h->pc = target;
        FAST_EXIT();
    }
    op_beq:  BRANCH(RS1 == RS2);
    op_bne:  BRANCH(RS1 != RS2);
    op_beqz: BRANCH(RS1 == 0);
    op_bnez: BRANCH(RS1 != 0);
    op_beq_self:  BRANCH_SELF(RS1 == RS2);
    op_bne_self:  BRANCH_SELF(RS1 != RS2);
    op_blt_self:  BRANCH_SELF((int64_t)RS1 < (int64_t)RS2);
    op_bge_self:  BRANCH_SELF((int64_t)RS1 >= (int64_t)RS2);
    op_bltu_self: BRANCH_SELF(RS1 < RS2);
    op_bgeu_self: BRANCH_SELF(RS1 >= RS2);
    op_beqz_self: BRANCH_SELF(RS1 == 0);
    op_bnez_self: BRANCH_SELF(RS1 != 0);
    op_blt:  BRANCH((int64_t)RS1 < (int64_t)RS2);
    op_bge:  BRANCH((int64_t)RS1 >= (int64_t)RS2);
    op_bltu: BRANCH(RS1 < RS2);
    op_bgeu: BRANCH(RS1 >= RS2);
    op_lb:  LOAD(int8_t, 1);
    op_lh:  LOAD(int16_t, 2);
    op_lw:  LOAD(int32_t, 4);
    op_ld:  LOAD(int64_t, 8);
    op_lbu: LOAD(uint8_t, 1);
    op_lhu: LOAD(uint16_t, 2);
    op_lwu: LOAD(uint32_t, 4);
    op_sb:  STORE(uint8_t, 1);
    op_sh:  STORE(uint16_t, 2);
    op_sw:  STORE(uint32_t, 4);
    op_sd:  STORE(uint64_t, 8);
    op_addi:  RD = RS1 + IMM; NEXT;
    op_slti:  RD = (int64_t)RS1 < IMM; NEXT;
    op_sltiu: RD = RS1 < (uint64_t)IMM; NEXT;
    op_xori:  RD = RS1 ^ IMM; NEXT;
    op_ori:   RD = RS1 | IMM; NEXT;
    op_andi:  RD = RS1 & IMM; NEXT;
    op_slli:  RD = RS1 << IMM; NEXT;
    op_srli:  RD = RS1 >> IMM; NEXT;
    op_srai:  RD = (uint64_t)((int64_t)RS1 >> IMM); NEXT;
    op_add:   RD = RS1 + RS2; NEXT;
    op_sub:   RD = RS1 - RS2; NEXT;
    op_sll:   RD = RS1 << (RS2 & 63); NEXT;
    op_slt:   RD = (int64_t)RS1 < (int64_t)RS2; NEXT;
    op_sltu:  RD = RS1 < RS2; NEXT;
    op_xor:   RD = RS1 ^ RS2; NEXT;
    op_srl:   RD = RS1 >> (RS2 & 63); NEXT;
    op_sra:   RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); NEXT;
    op_or:    RD = RS1 | RS2; NEXT;
    op_and:   RD = RS1 & RS2; NEXT;
    op_addiw: RD = (uint64_t)(int64_t)(int32_t)(RS1 + IMM); NEXT;
    /* Specialised forms (set_impl): moves, and rd == rs1. */
    op_mv:       RD = RS1; NEXT;
    op_mv2:      RD = RS2; NEXT;
    op_addi_rr:  RD += IMM; NEXT;
    op_andi_rr:  RD &= IMM; NEXT;
    op_ori_rr:   RD |= IMM; NEXT;
    op_xori_rr:  RD ^= IMM; NEXT;
    op_slli_rr:  RD <<= IMM; NEXT;
    op_srli_rr:  RD >>= IMM; NEXT;
    op_srai_rr:  RD = (uint64_t)((int64_t)RD >> IMM); NEXT;
    op_add_rr:   RD += RS2; NEXT;
    op_sub_rr:   RD -= RS2; NEXT;
    op_xor_rr:   RD ^= RS2; NEXT;
    op_or_rr:    RD |= RS2; NEXT;
    op_and_rr:   RD &= RS2; NEXT;
    op_addiw_rr: RD = (uint64_t)(int64_t)(int32_t)(RD + IMM); NEXT;
    op_addw_rr:  RD = (uint64_t)(int64_t)(int32_t)(RD + RS2); NEXT;
    op_slliw: RD = (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 << IMM); NEXT;
    op_srliw: RD = (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 >> IMM); NEXT;
    op_sraiw: RD = (uint64_t)(int64_t)((int32_t)RS1 >> IMM); NEXT;
    op_addw:  RD = (uint64_t)(int64_t)(int32_t)(RS1 + RS2); NEXT;
    op_subw:  RD = (uint64_t)(int64_t)(int32_t)(RS1 - RS2); NEXT;
    op_sllw:  RD = (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 << (RS2 & 31)); NEXT;
    op_srlw:  RD = (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 >> (RS2 & 31)); NEXT;
    op_sraw:  RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); NEXT;

    op_mul:    RD = RS1 * RS2; NEXT;
    op_mulh:   RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); NEXT;
    op_mulhsu: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64); NEXT;
    op_mulhu:  RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); NEXT;
    op_div: {
        int64_t a = (int64_t)RS1, d = (int64_t)RS2;
        RD = d == 0 ? ~0ull : (a == INT64_MIN && d == -1) ? (uint64_t)a : (uint64_t)(a / d);
        NEXT;
    }
    op_divu: RD = RS2 == 0 ? ~0ull : RS1 / RS2; NEXT;
    op_rem: {
        int64_t a = (int64_t)RS1, d = (int64_t)RS2;
        RD = d == 0 ? (uint64_t)a : (a == INT64_MIN && d == -1) ? 0 : (uint64_t)(a % d);
        NEXT;
    }
    op_remu: RD = RS2 == 0 ? RS1 : RS1 % RS2; NEXT;
    op_mulw: RD = (uint64_t)(int64_t)(int32_t)((uint32_t)RS1 * (uint32_t)RS2); NEXT;
    op_divw: {
        int32_t a = (int32_t)RS1, d = (int32_t)RS2;
        RD = (uint64_t)(int64_t)(d == 0 ? -1 : (a == INT32_MIN && d == -1) ? a : a / d);
        NEXT;
    }
    op_divuw: {
        uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
        RD = (uint64_t)(int64_t)(int32_t)(d == 0 ? ~0u : a / d);
        NEXT;
    }
    op_remw: {
        int32_t a = (int32_t)RS1, d = (int32_t)RS2;
        RD = (uint64_t)(int64_t)(d == 0 ? a : (a == INT32_MIN && d == -1) ? 0 : a % d);
        NEXT;
    }
    op_remuw: {
        uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
        RD = (uint64_t)(int64_t)(int32_t)(d == 0 ? a : a % d);
        NEXT;
    }

    op_lr_w: case_lr: {
        unsigned size = ip->exec == ID_lr_w ? 4 : 8;
        uint64_t va = RS1, v;
        if (va & (size - 1))
            RAISE(EXC_LOAD_MISALIGNED, va);
        if (!mmu_load(h, va, size, &v))
            goto exception;
        RD = size == 4 ? (uint64_t)(int64_t)(int32_t)v : v;
        h->reservation = va;
        h->reservation_valid = true;
        NEXT;
    }
    op_lr_d: goto case_lr;
    op_sc_w: case_sc: {
        unsigned size = ip->exec == ID_sc_w ? 4 : 8;
        uint64_t va = RS1;
        if (!h->reservation_valid || h->reservation != va) {
            h->reservation_valid = false;
            RD = 1;
            NEXT;
        }
        h->reservation_valid = false;
        uint64_t pa_;
        uint8_t *p_ = amo_ptr(h, va, size, &pa_);
        if (!p_)
            goto exception;
        memcpy(p_, &RS2, size);
        if (t)
            h->stall += timing_store(t, pa_, size);
        RD = 0;
        CHECK_END();
        NEXT;
    }
    op_sc_d: goto case_sc;
    op_amoswap_w: AMO(int32_t, 4, b_);
    op_amoadd_w:  AMO(int32_t, 4, (int32_t)((uint32_t)a + (uint32_t)b_));
    op_amoxor_w:  AMO(int32_t, 4, a ^ b_);
    op_amoand_w:  AMO(int32_t, 4, a & b_);
    op_amoor_w:   AMO(int32_t, 4, a | b_);
    op_amomin_w:  AMO(int32_t, 4, a < b_ ? a : b_);
    op_amomax_w:  AMO(int32_t, 4, a > b_ ? a : b_);
    op_amominu_w: AMO(int32_t, 4, (uint32_t)a < (uint32_t)b_ ? a : b_);
    op_amomaxu_w: AMO(int32_t, 4, (uint32_t)a > (uint32_t)b_ ? a : b_);
    op_amoswap_d: AMO(int64_t, 8, b_);
    op_amoadd_d:  AMO(int64_t, 8, (int64_t)((uint64_t)a + (uint64_t)b_));
    op_amoxor_d:  AMO(int64_t, 8, a ^ b_);
    op_amoand_d:  AMO(int64_t, 8, a & b_);
    op_amoor_d:   AMO(int64_t, 8, a | b_);
    op_amomin_d:  AMO(int64_t, 8, a < b_ ? a : b_);
    op_amomax_d:  AMO(int64_t, 8, a > b_ ? a : b_);
    op_amominu_d: AMO(int64_t, 8, (uint64_t)a < (uint64_t)b_ ? a : b_);
    op_amomaxu_d: AMO(int64_t, 8, (uint64_t)a > (uint64_t)b_ ? a : b_);

    op_fence: NEXT;
    op_fence_i:
        hart_flush_decode(h);
        JUMP_TO(PC + ip->len);

    op_cbo_clean: op_cbo_flush: op_cbo_inval: {
        bool inval = ip->exec == ID_cbo_inval, as_flush;
        if (!cbo_allowed(h, inval, &as_flush))
            ILLEGAL();
        uint64_t va = RS1, pa;
        /* Zicbom: a CBO needs read or write permission and faults as a store. */
        if (!mmu_translate(h, va, ACC_LOAD, &pa, false)) {
            if (h->exc_cause == EXC_LOAD_PAGE)
                h->exc_cause = EXC_STORE_PAGE;
            else if (h->exc_cause == EXC_LOAD_ACCESS)
                h->exc_cause = EXC_STORE_ACCESS;
            goto exception;
        }
        if (t) {
            enum cbo_op op = ip->exec == ID_cbo_clean ? CBO_CLEAN :
                             (ip->exec == ID_cbo_flush || as_flush) ? CBO_FLUSH : CBO_INVAL;
            h->stall += timing_cbo(t, pa, op);
            if (op == CBO_INVAL)
                dcache_note_store(h, pa);
        }
        CHECK_END();
        NEXT;
    }

    op_ecall:
        RAISE(EXC_ECALL_U + h->priv, 0);
    op_ebreak:
        RAISE(EXC_BREAKPOINT, 0);       /* tval 0, as QEMU writes (the spec allows it) */
    op_mret:
        if (h->priv != PRIV_M)
            ILLEGAL();
        do_mret(h);
        LEAVE;
    op_sret:
        if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TSR)))
            ILLEGAL();
        do_sret(h);
        LEAVE;
    op_wfi:
        if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TW)))
            ILLEGAL();
        if (!(csr_mip(h) & h->mie))
            h->wfi = true;
        JUMP_TO(PC + ip->len);
    op_sfence_vma:
        if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM)))
            ILLEGAL();
        hart_flush_tlb(h);
        JUMP_TO(PC + ip->len);

    op_csrrw: op_csrrs: op_csrrc: op_csrrwi: op_csrrsi: op_csrrci: {
        unsigned csr = (unsigned)IMM;
        enum insn_id id = ip->exec;
        bool imm_form = id == ID_csrrwi || id == ID_csrrsi || id == ID_csrrci;
        uint64_t src = imm_form ? ip->rs1 : RS1;
        bool is_rw = id == ID_csrrw || id == ID_csrrwi;
        bool write = is_rw || ip->rs1 != 0;
        uint64_t old;
        h->inflight_insns = ip - b->insn;
        h->inflight_cycles = ip->cost_before;
        if (write && (csr >> 10) == 3)
            ILLEGAL();
        if (!csr_access(h, csr, &old, 0, true, false))
            ILLEGAL();
        if (write) {
            /* In a set/clear of mip only the software-writable SEIP bit takes
             * part, not the PLIC's line (privileged spec, "mip"): else the
             * line's level would be latched into the software bit. */
            uint64_t base = csr == 0x344 ? (old & ~(uint64_t)MIP_SEIP) | (h->mip & MIP_SEIP) : old;
            uint64_t nv = is_rw ? src :
                          (id == ID_csrrs || id == ID_csrrsi) ? base | src : base & ~src;
            if (!csr_access(h, csr, NULL, nv, false, true))
                ILLEGAL();
        }
        h->inflight_insns = h->inflight_cycles = 0;
        RD = old;
        JUMP_TO(PC + ip->len);
    }

    op_illegal:
        ILLEGAL();

    exception:
        if (end)
            end->impl = end_impl;
        if (t)
            fetch_timing(h, b, (size_t)(ip - b->insn) + 1);
        h->inflight_insns = h->inflight_cycles = 0;
        h->instret += ip - b->insn;
        clk->cycle += ip->cost_before + h->stall;
        h->stall = 0;
        h->end_block = false;
        if (h->trace) {
            char note[96];
            snprintf(note, sizeof note, "   # trap: cause %llu tval 0x%llx",
                     (unsigned long long)h->exc_cause, (unsigned long long)h->exc_tval);
            trace_line(h, tpriv, PC, ip, note);
        }
        if (h->exc_cause == EXC_DEBUG) {     /* a debugger watchpoint: stop before it */
            h->pc = PC;
            return HART_DEBUG;
        }
        trap_take(h, h->exc_cause, h->exc_tval, PC);
        /* Trap entry costs time, so events still come during a trap storm. */
        clk->cycle += t ? h->cost_system : 1;
        if (trap_loop(h))
            return HART_TRAP_LOOP;
        continue;

    fallthrough:
        h->pc = pc + ip->off;
        ip--;
        FAST_EXIT();
    retire:
        if (end)
            end->impl = end_impl;
        if (t)
            fetch_timing(h, b, (size_t)(ip - b->insn));
        h->instret += ip - b->insn;
        clk->cycle += ip->cost_before + h->stall;
        h->stall = 0;
        h->end_block = false;
        if (h->trace && ip != b->insn)
            trace_line(h, tpriv, pc, b->insn, "");
        /* Only a block that nothing invalidated may be chained from. */
        if (h->epoch == epoch)
            prev = b;
        continue;
    }
}

/* ---- Life cycle ------------------------------------------------------- */

struct hart *hart_new(struct bus *bus, struct simclock *clk, uint64_t hartid)
{
    struct hart *h = calloc(1, sizeof *h);
    struct dcache *dc = calloc(1, sizeof *dc);
    if (!h || !dc)
        abort();
    dc->arena = mmap(NULL, DC_ARENA_BYTES, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    dc->scratch = malloc(sizeof(struct block) + 2 * sizeof(struct dinsn));
    if (dc->arena == MAP_FAILED || !dc->scratch)
        abort();
    h->dc = dc;
    h->bus = bus;
    h->clk = clk;
    h->mhartid = hartid;
    h->insn_limit = UINT64_MAX;
    h->iline_bytes = 64;
    hart_reset(h, 0);
    return h;
}

void hart_free(struct hart *h)
{
    if (!h)
        return;
    for (int i = 0; i < BUS_MAX_REGIONS; i++) {
        free(h->dc->maps[i].lines);
        free(h->dc->maps[i].seen);
    }
    munmap(h->dc->arena, DC_ARENA_BYTES);
    free(h->dc->scratch);
    free(h->dc);
    free(h->bpred);
    free(h->btb);
    free(h);
}

void hart_reset(struct hart *h, uint64_t pc)
{
    memset(h->x, 0, sizeof h->x);
    h->pc = pc;
    h->priv = PRIV_M;
    h->mstatus = (2ull << 32) | (2ull << 34);           /* UXL = SXL = 64 */
    h->misa = (2ull << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) |
              (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('S' - 'A')) |
              (1u << ('U' - 'A'));
    h->medeleg = h->mideleg = h->mie = h->mip = 0;
    h->mtvec = h->mscratch = h->mepc = h->mcause = h->mtval = 0;
    h->mcounteren = h->menvcfg = h->mcountinhibit = 0;
    h->stvec = h->sscratch = h->sepc = h->scause = h->stval = h->satp = 0;
    h->scounteren = h->senvcfg = 0;
    csr_sstc_reset(h);
    memset(h->pmpcfg, 0, sizeof h->pmpcfg);
    memset(h->pmpaddr, 0, sizeof h->pmpaddr);
    pmp_update(h);
    trig_reset(h);
    h->tlb_nlog = TLB_LOG_SIZE + 1;         /* the next flush clears everything */
    h->reservation_valid = false;
    h->wfi = false;
    h->end_block = false;
    h->stall = 0;
    h->trap_streak = 0;
    h->inflight_insns = h->inflight_cycles = 0;
    h->mcycle_offset = -h->clk->cycle;
    h->minstret_offset = -h->instret;
    if (h->bpred)
        memset(h->bpred, 0, h->bpred_mask + 1);
    if (h->btb)
        memset(h->btb, 0, (h->bpred_mask + 1) * sizeof *h->btb);
    hart_flush_tlb(h);
    hart_flush_decode(h);
    mmu_update_tags(h);
}

void hart_set_timing(struct hart *h, struct timing *t, const struct config *cfg)
{
    h->timing = t;
    if (t && cfg) {
        const struct cpu_config *c = &cfg->cpu;
        h->cost_alu = c->alu_cycles;
        h->cost_mul = c->mul_cycles;
        h->cost_div = c->div_cycles;
        h->cost_branch = c->branch_cycles;
        h->cost_mispredict = c->mispredict_penalty_cycles;
        h->cost_load_use = c->load_use_cycles;
        h->cost_csr = c->csr_cycles;
        h->cost_fence = c->fence_cycles;
        h->cost_amo = c->amo_cycles;
        h->cost_system = c->system_cycles;
        uint32_t n = c->predictor_entries ? c->predictor_entries : 1;
        free(h->bpred);
        free(h->btb);
        h->bpred = calloc(n, 1);
        h->btb = calloc(n, sizeof *h->btb);
        if (!h->bpred || !h->btb)
            abort();
        h->bpred_mask = n - 1;
        h->iline_bytes = cfg->l1i.line_bytes ? cfg->l1i.line_bytes : 64;
    }
    hart_flush_decode(h);
}

void hart_set_irq(struct hart *h, uint32_t mip_bit, int level)
{
    if (level)
        h->irq_lines |= mip_bit;
    else
        h->irq_lines &= ~mip_bit;
}

void hart_irq_cb(void *opaque, int num, int level)
{
    hart_set_irq(opaque, (uint32_t)num, level);
}

void hart_stats_json(const struct hart *h, struct json *j)
{
    json_object_begin(j, "hart");
    json_u64(j, "traps", h->stats.traps);
    json_u64(j, "interrupts", h->stats.interrupts);
    json_u64(j, "tlb_misses", h->stats.tlb_misses);
    json_u64(j, "blocks_decoded", h->stats.blocks_decoded);
    json_u64(j, "decode_flushes", h->stats.decode_flushes);
    json_u64(j, "branches", h->stats.branches);
    json_u64(j, "mispredicts", h->stats.mispredicts);
    json_object_end(j);
}
