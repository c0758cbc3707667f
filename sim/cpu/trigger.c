/*
 * trigger.c -- Sdtrig debug triggers (RISC-V Debug Specification 1.0,
 * chapter "Sdtrig") and the debugger's software breakpoints.
 *
 * The hart has HART_NTRIG triggers, chosen with tselect (0x7a0) and
 * programmed through tdata1 (0x7a1, type and control), tdata2 (0x7a2, the
 * address) and tdata3 (0x7a3, textra: reads 0, writes ignored); tinfo
 * (0x7a4) lists the supported types.  Two match types are implemented:
 * mcontrol (type 2) and mcontrol6 (type 6), both address matches on
 * execute, load and/or store, with match = equal (0), >= (2) or < (3), the
 * M/S/U enable bits and the access size (any, 1, 2, 4, 8 bytes).  Action 0
 * raises a breakpoint exception (cause 3, tval = the address, epc = the
 * instruction, which does not run); action 1 ("enter debug mode") stops the
 * hart for the gdb stub.  Timing is always "before", select always
 * "address", chain always 0.
 *
 * Probing, as the specification asks: a tselect write beyond the last
 * trigger is ignored (it reads back the old value, so software sees the
 * difference); tdata1 written with type 0 or with a type that is not 2 or 6
 * becomes type 15 ("exists, disabled"), which is also the reset value.
 * dmode is writable only by the debugger: a trigger with dmode = 1 belongs
 * to gdb, the guest can read but not change it, and it survives resets.
 *
 * Native M-mode triggers must not re-fire inside their own handler: as the
 * specification's second option says, a trigger with action 0 does not
 * match in M-mode while mstatus.MIE is 0 (there is no tcontrol).
 *
 * How this stays off the fast path: when an execute trigger or breakpoint
 * is live, blocks are built so that an instruction whose page offset equals
 * a watched address always starts a block, and such a block is checked on
 * entry and never chained to (hart.c).  When a load/store trigger is live,
 * the pages it covers are kept out of the data TLBs, so those accesses take
 * the slow path in mmu.c, which checks.  Every change flushes decoded
 * blocks and TLBs.
 */
#include "cpu.h"

enum {
    CSR_TSELECT = 0x7a0, CSR_TDATA1 = 0x7a1, CSR_TDATA2 = 0x7a2,
    CSR_TDATA3 = 0x7a3, CSR_TINFO = 0x7a4,
};

#define T_TYPE(v)     ((unsigned)((v) >> 60))
#define T_DMODE       (1ull << 59)
#define T_LOAD        (1ull << 0)
#define T_STORE       (1ull << 1)
#define T_EXEC        (1ull << 2)
#define T_U           (1ull << 3)
#define T_S           (1ull << 4)
#define T_M           (1ull << 6)
#define T_MATCH(v)    ((unsigned)((v) >> 7) & 15)
#define T_ACTION(v)   ((unsigned)((v) >> 12) & 15)
#define MC_HIT        (1ull << 20)          /* mcontrol */
#define MC6_HIT0      (1ull << 22)          /* mcontrol6 */
#define TYPE_DISABLED (15ull << 60)
/* tinfo: version 1 (Sdtrig 1.0) in 31:24, supported types as bits. */
#define TINFO_VALUE   ((1ull << 24) | (1u << 2) | (1u << 6) | (1u << 15))

/* The size field: mcontrol splits it (sizehi 22:21, sizelo 17:16),
 * mcontrol6 has it whole in 19:16. */
static unsigned t_size(uint64_t v)
{
    if (T_TYPE(v) == 2)
        return (unsigned)(((v >> 21) & 3) << 2 | ((v >> 16) & 3));
    return (unsigned)(v >> 16) & 15;
}

static uint64_t size_bits(unsigned type, unsigned size)
{
    if (type == 2)
        return ((uint64_t)(size >> 2) << 21) | ((uint64_t)(size & 3) << 16);
    return (uint64_t)size << 16;
}

/* Bytes covered by a size encoding (0 = any: the address itself). */
static uint64_t size_len(unsigned size)
{
    static const uint8_t len[6] = { 1, 1, 2, 4, 6, 8 };
    return size < 6 ? len[size] : 1;
}

static bool live(uint64_t v)
{
    unsigned type = T_TYPE(v);
    return (type == 2 || type == 6) && (v & (T_M | T_S | T_U)) &&
           (v & (T_EXEC | T_LOAD | T_STORE));
}

/* The legal value of a tdata1 write (WARL): unsupported types disable,
 * unsupported field values become 0. */
static uint64_t legalize(uint64_t v, bool debugger)
{
    unsigned type = T_TYPE(v);
    if (type != 2 && type != 6)
        return TYPE_DISABLED | (debugger ? v & T_DMODE : 0);
    unsigned action = T_ACTION(v), match = T_MATCH(v), size = t_size(v);
    if (action > 1)
        action = 0;
    if (match != 0 && match != 2 && match != 3)
        match = 0;
    if (size == 4 || size > 5)
        size = 0;
    uint64_t out = (uint64_t)type << 60;
    if (debugger)
        out |= v & T_DMODE;
    out |= v & (T_M | T_S | T_U | T_EXEC | T_STORE | T_LOAD);
    out |= v & (type == 2 ? MC_HIT : MC6_HIT0);
    out |= (uint64_t)action << 12 | (uint64_t)match << 7 | size_bits(type, size);
    return out;
}

/* Recompute the summary flags. */
static void trig_flags(struct hart *h)
{
    h->dbg_exec = h->nbp > 0;
    h->dbg_mem = false;
    for (int i = 0; i < HART_NTRIG; i++) {
        uint64_t v = h->trig[i].tdata1;
        if (!live(v))
            continue;
        if (v & T_EXEC)
            h->dbg_exec = true;
        if (v & (T_LOAD | T_STORE))
            h->dbg_mem = true;
    }
}

/* After a change: the flags, and throw away what was built without the
 * checks (decoded blocks and TLB entries). */
static void trig_changed(struct hart *h)
{
    trig_flags(h);
    hart_flush_decode(h);
    hart_flush_tlb(h);
}

static void trig_write1(struct hart *h, unsigned i, uint64_t v, bool debugger)
{
    struct hart_trigger *t = &h->trig[i];
    t->tdata1 = legalize(v, debugger);
    t->len = size_len(t_size(t->tdata1));
    trig_changed(h);
}

void trig_reset(struct hart *h)
{
    h->tselect = 0;
    for (int i = 0; i < HART_NTRIG; i++) {
        struct hart_trigger *t = &h->trig[i];
        if (t->tdata1 & T_DMODE)
            continue;               /* the debugger's: kept across resets */
        t->tdata1 = TYPE_DISABLED;
        t->tdata2 = 0;
        t->len = 1;
    }
    trig_flags(h);              /* hart_reset flushes everything after this */
}

bool trig_csr(struct hart *h, unsigned csr, uint64_t *old, uint64_t wval,
              bool do_read, bool do_write)
{
    struct hart_trigger *t = &h->trig[h->tselect];
    uint64_t v;
    switch (csr) {
    case CSR_TSELECT: v = h->tselect; break;
    case CSR_TDATA1:  v = t->tdata1; break;
    case CSR_TDATA2:  v = t->tdata2; break;
    case CSR_TDATA3:  v = 0; break;
    case CSR_TINFO:   v = TINFO_VALUE; break;
    default:          return false;
    }
    if (do_read && old)
        *old = v;
    if (!do_write)
        return true;
    if (csr == CSR_TSELECT) {
        if (wval < HART_NTRIG)
            h->tselect = (unsigned)wval;
        return true;
    }
    if (t->tdata1 & T_DMODE)
        return true;                /* only the debugger may change it */
    if (csr == CSR_TDATA1) {
        trig_write1(h, h->tselect, wval, false);
    } else if (csr == CSR_TDATA2) {
        t->tdata2 = wval;
        trig_changed(h);
    }
    return true;                    /* tinfo and tdata3: writes ignored */
}

/* ---- Matching ------------------------------------------------------------ */

static bool priv_ok(const struct hart *h, uint64_t v)
{
    static const uint64_t bit[4] = { T_U, T_S, 0, T_M };
    if (!(v & bit[h->priv]))
        return false;
    /* No re-firing inside an M-mode handler (see the top of the file). */
    if (h->priv == PRIV_M && T_ACTION(v) == 0 && !(h->mstatus & MSTATUS_MIE))
        return false;
    return true;
}

/* Does [addr, addr + size) match trigger t? */
static bool addr_match(const struct hart_trigger *t, uint64_t addr, uint64_t size)
{
    switch (T_MATCH(t->tdata1)) {
    case 2:  return addr + size - 1 >= t->tdata2;
    case 3:  return addr < t->tdata2;
    default: return addr < t->tdata2 + t->len && t->tdata2 < addr + size;
    }
}

/* The trigger fired: note it in hit, then act.  Returns 1 for an exception
 * (h->exc_* set), 2 for a debugger stop (h->dbg_hit set). */
static int fire(struct hart *h, int i, enum hart_dbg_kind kind, uint64_t addr)
{
    struct hart_trigger *t = &h->trig[i];
    t->tdata1 |= T_TYPE(t->tdata1) == 2 ? MC_HIT : MC6_HIT0;
    if (T_ACTION(t->tdata1) == 1) {
        h->dbg_hit = kind;
        h->dbg_hit_trig = i;
        h->dbg_hit_addr = addr;
        h->exc_cause = EXC_DEBUG;
        return 2;
    }
    h->exc_cause = EXC_BREAKPOINT;
    h->exc_tval = addr;
    return 1;
}

bool trig_exec_maybe(const struct hart *h, uint64_t pa)
{
    for (unsigned i = 0; i < h->nbp; i++)
        if (((h->bp[i] ^ pa) & 0xfff) == 0)
            return true;
    for (int i = 0; i < HART_NTRIG; i++) {
        const struct hart_trigger *t = &h->trig[i];
        if (!live(t->tdata1) || !(t->tdata1 & T_EXEC))
            continue;
        if (T_MATCH(t->tdata1) != 0 || ((t->tdata2 ^ pa) & 0xfff) == 0)
            return true;
    }
    return false;
}

int trig_exec_check(struct hart *h)
{
    uint64_t pc = h->pc;
    for (unsigned i = 0; i < h->nbp; i++) {
        if (h->bp[i] == pc) {
            h->dbg_hit = DBG_HIT_BP;
            h->dbg_hit_trig = -1;
            h->dbg_hit_addr = pc;
            return 2;
        }
    }
    for (int i = 0; i < HART_NTRIG; i++) {
        const struct hart_trigger *t = &h->trig[i];
        if (!live(t->tdata1) || !(t->tdata1 & T_EXEC) || !priv_ok(h, t->tdata1))
            continue;
        if (!addr_match(t, pc, 1))
            continue;
        int r = fire(h, i, DBG_HIT_EXEC, pc);
        if (r == 1)
            trap_take(h, EXC_BREAKPOINT, pc, pc);
        return r;
    }
    return 0;
}

bool trig_mem_check(struct hart *h, uint64_t va, unsigned size, enum access acc)
{
    uint64_t want = acc == ACC_STORE ? T_STORE : T_LOAD;
    for (int i = 0; i < HART_NTRIG; i++) {
        const struct hart_trigger *t = &h->trig[i];
        if (!live(t->tdata1) || !(t->tdata1 & want) || !priv_ok(h, t->tdata1))
            continue;
        if (addr_match(t, va, size)) {
            uint64_t hit = va > t->tdata2 || T_MATCH(t->tdata1) ? va : t->tdata2;
            fire(h, i, acc == ACC_STORE ? DBG_HIT_STORE : DBG_HIT_LOAD, hit);
            return true;
        }
    }
    return false;
}

bool trig_page_watched(const struct hart *h, uint64_t va, enum access acc)
{
    (void)acc;      /* an AMO loads through the store TLB: keep both out */
    uint64_t page = va >> 12;
    for (int i = 0; i < HART_NTRIG; i++) {
        const struct hart_trigger *t = &h->trig[i];
        if (!live(t->tdata1) || !(t->tdata1 & (T_LOAD | T_STORE)))
            continue;
        if (T_MATCH(t->tdata1) != 0)
            return true;
        if (page >= t->tdata2 >> 12 && page <= (t->tdata2 + t->len - 1) >> 12)
            return true;
    }
    return false;
}

/* ---- The debugger's side --------------------------------------------------- */

int hart_dbg_trigger_set(struct hart *h, char kind, uint64_t addr, uint64_t len)
{
    for (int i = 0; i < HART_NTRIG; i++) {
        if (live(h->trig[i].tdata1))
            continue;
        uint64_t bits = kind == 'x' ? T_EXEC : kind == 'r' ? T_LOAD :
                        kind == 'w' ? T_STORE : T_LOAD | T_STORE;
        unsigned size = len == 1 ? 1 : len == 2 ? 2 : len == 4 ? 3 : len == 8 ? 5 : 0;
        uint64_t v = (6ull << 60) | T_DMODE | (1ull << 12) | T_M | T_S | T_U | bits;
        h->trig[i].tdata2 = addr;
        trig_write1(h, (unsigned)i, v | size_bits(6, size), true);
        h->trig[i].len = len ? len : 1;     /* any length gdb asks for */
        return i;
    }
    return -1;
}

bool hart_dbg_trigger_clear(struct hart *h, char kind, uint64_t addr, uint64_t len)
{
    uint64_t bits = kind == 'x' ? T_EXEC : kind == 'r' ? T_LOAD :
                    kind == 'w' ? T_STORE : T_LOAD | T_STORE;
    for (int i = 0; i < HART_NTRIG; i++) {
        struct hart_trigger *t = &h->trig[i];
        if (!(t->tdata1 & T_DMODE) || !live(t->tdata1) || t->tdata2 != addr ||
            (t->tdata1 & (T_EXEC | T_LOAD | T_STORE)) != bits ||
            (kind != 'x' && t->len != (len ? len : 1)))
            continue;
        hart_dbg_trigger_drop(h, i);
        return true;
    }
    return false;
}

void hart_dbg_trigger_drop(struct hart *h, int i)
{
    struct hart_trigger *t = &h->trig[i];
    if (!(t->tdata1 & T_DMODE))
        return;
    t->tdata1 = TYPE_DISABLED;
    t->tdata2 = 0;
    t->len = 1;
    trig_changed(h);
}

bool hart_dbg_set_priv(struct hart *h, uint64_t p)
{
    if (p != PRIV_U && p != PRIV_S && p != PRIV_M)
        return false;
    h->priv = (enum priv)p;
    mmu_update_tags(h);
    return true;
}

bool hart_dbg_bp_add(struct hart *h, uint64_t pc)
{
    for (unsigned i = 0; i < h->nbp; i++)
        if (h->bp[i] == pc)
            return true;
    if (h->nbp == HART_MAX_BP)
        return false;
    h->bp[h->nbp++] = pc;
    trig_changed(h);
    return true;
}

bool hart_dbg_bp_remove(struct hart *h, uint64_t pc)
{
    for (unsigned i = 0; i < h->nbp; i++) {
        if (h->bp[i] == pc) {
            h->bp[i] = h->bp[--h->nbp];
            trig_changed(h);
            return true;
        }
    }
    return false;
}
