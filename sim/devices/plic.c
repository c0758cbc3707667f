/*
 * plic.c -- the platform-level interrupt controller, laid out as on QEMU's
 * virt machine with one hart:
 *
 *   0x000000 + 4*src           priority of source src (1..63), 3 bits
 *   0x001000                   pending bits, sources 0..31, 32..63 (read-only)
 *   0x002000 + 0x80*ctx        enable bits of context ctx
 *   0x200000 + 0x1000*ctx      priority threshold of context ctx
 *   0x200004 + 0x1000*ctx      claim (read) / complete (write)
 *
 * Context 0 is hart 0 in M-mode (drives MIP.MEIP), context 1 hart 0 in
 * S-mode (MIP.SEIP).  All registers are 32 bits wide.
 *
 * Sources are level-triggered.  While a source is not claimed, a high line
 * sets its pending bit, and the bit stays set until a claim takes it, even
 * if the line drops first (as in the PLIC specification and QEMU 7.2: a
 * guest that drained the UART by polling may then claim a source with
 * nothing to do, and must cope).  A claim blocks the source's gateway until
 * the matching complete; a source whose line is still high then is pending
 * again.  A context's output is high while some enabled pending source has a
 * priority above the context's threshold; a claim returns the highest such
 * source (lowest number on a tie), or 0.
 *
 * Priorities and thresholds keep 3 bits (write-any, read-legal, as QEMU
 * does); a value that needed more bits is also reported as a guest error.
 */
#include "dev.h"
#include "machine.h"
#include "platform.h"
#include <stdlib.h>

#define PLIC_PRIORITY        0x000000
#define PLIC_PENDING         0x001000
#define PLIC_ENABLE          0x002000
#define PLIC_ENABLE_STRIDE   0x80
#define PLIC_CONTEXT         0x200000
#define PLIC_CONTEXT_STRIDE  0x1000
#define PLIC_THRESHOLD       0x0
#define PLIC_CLAIM           0x4

#define PLIC_NSRC      PLAT_PLIC_NSOURCES
#define PLIC_WORDS     ((PLIC_NSRC + 31) / 32)
#define PLIC_NCTX      2
#define PLIC_MAX_PRIO  7
_Static_assert(PLIC_WORDS == 2, "plic_dump prints two words per bitmap");

struct plic {
    struct irq_line out[PLIC_NCTX];
    uint32_t priority[PLIC_NSRC];
    uint32_t level[PLIC_WORDS];         /* the sources' lines */
    uint32_t pending[PLIC_WORDS];
    uint32_t claimed[PLIC_WORDS];
    uint32_t enable[PLIC_NCTX][PLIC_WORDS];
    uint32_t threshold[PLIC_NCTX];
    int out_level[PLIC_NCTX];
};

static bool bit(const uint32_t *w, int src)
{
    return (w[src / 32] >> (src % 32)) & 1;
}

static void set_bit(uint32_t *w, int src, bool v)
{
    if (v)
        w[src / 32] |= 1u << (src % 32);
    else
        w[src / 32] &= ~(1u << (src % 32));
}

/* The highest-priority source ctx would take now, or 0. */
static int best_source(const struct plic *p, int ctx)
{
    int best = 0;
    uint32_t best_prio = p->threshold[ctx];
    for (int w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & p->enable[ctx][w];
        while (cand) {
            int src = w * 32 + __builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[src] > best_prio) {
                best_prio = p->priority[src];
                best = src;
            }
        }
    }
    return best;
}

static void update(struct plic *p)
{
    for (int ctx = 0; ctx < PLIC_NCTX; ctx++) {
        int lvl = best_source(p, ctx) != 0;
        p->out_level[ctx] = lvl;
        irq_set(&p->out[ctx], lvl);
    }
}

static void plic_irq_cb(void *opaque, int src, int level)
{
    struct plic *p = opaque;
    if (src <= 0 || src >= PLIC_NSRC)
        abort();        /* a device wired to a source that does not exist */
    set_bit(p->level, src, level != 0);
    if (level && !bit(p->claimed, src)) {
        set_bit(p->pending, src, true);
        update(p);
    }
}

static uint32_t claim(struct plic *p, int ctx)
{
    int src = best_source(p, ctx);
    if (src) {
        set_bit(p->pending, src, false);
        set_bit(p->claimed, src, true);
        update(p);
    }
    return (uint32_t)src;
}

static void complete(struct plic *p, int ctx, uint32_t src)
{
    char reg[16];
    snprintf(reg, sizeof reg, "claim%d", ctx);
    if (src == 0 || src >= PLIC_NSRC) {
        dev_guest_error("plic", reg, src, "completion of source %u, which does not "
                        "exist (sources are 1..%d); ignored", src, PLIC_NSRC - 1);
        return;
    }
    if (!bit(p->enable[ctx], (int)src)) {
        dev_guest_error("plic", reg, src, "completion of source %u, which is not "
                        "enabled for context %d; ignored", src, ctx);
        return;
    }
    set_bit(p->claimed, (int)src, false);
    set_bit(p->pending, (int)src, bit(p->level, (int)src));
    update(p);
}

/* Register name for messages, e.g. "priority10", "enable1", "threshold0". */
static const char *reg_name(uint64_t off, char *buf, size_t len)
{
    if (off < PLIC_PENDING)
        snprintf(buf, len, "priority%u", (unsigned)(off / 4));
    else if (off < PLIC_ENABLE)
        snprintf(buf, len, "pending");
    else if (off < PLIC_CONTEXT)
        snprintf(buf, len, "enable%u", (unsigned)((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE));
    else if (((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE) == PLIC_CLAIM)
        snprintf(buf, len, "claim%u", (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE));
    else
        snprintf(buf, len, "threshold%u", (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE));
    return buf;
}

static void reserved(uint64_t off, uint64_t val, const char *what)
{
    char reg[24];
    dev_guest_error("plic", reg_name(off, reg, sizeof reg), val,
                    "%s at offset 0x%llx: no register there (%d sources, %d contexts)",
                    what, (unsigned long long)off, PLIC_NSRC, PLIC_NCTX);
}

/* Decode an enable or context offset: ctx and word, or -1. */
static int enable_word(uint64_t off, int *ctx)
{
    uint64_t rel = off - PLIC_ENABLE;
    *ctx = (int)(rel / PLIC_ENABLE_STRIDE);
    uint64_t w = (rel % PLIC_ENABLE_STRIDE) / 4;
    if (*ctx >= PLIC_NCTX || w >= PLIC_WORDS)
        return -1;
    return (int)w;
}

static uint64_t plic_read(void *dev, uint64_t off, unsigned size)
{
    struct plic *p = dev;
    char reg[24];
    if (size != 4) {
        dev_guest_error("plic", reg_name(off, reg, sizeof reg), 0,
                        "%u-byte read; PLIC registers are 32 bits wide", size);
        return 0;
    }
    if (off < PLIC_PENDING) {
        unsigned src = (unsigned)(off / 4);
        if (src < PLIC_NSRC)
            return p->priority[src];
    } else if (off < PLIC_ENABLE) {
        uint64_t w = (off - PLIC_PENDING) / 4;
        if (w < PLIC_WORDS)
            return p->pending[w];
    } else if (off < PLIC_CONTEXT) {
        int ctx, w = enable_word(off, &ctx);
        if (w >= 0)
            return p->enable[ctx][w];
    } else {
        int ctx = (int)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
        uint64_t r = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < PLIC_NCTX && r == PLIC_THRESHOLD)
            return p->threshold[ctx];
        if (ctx < PLIC_NCTX && r == PLIC_CLAIM)
            return claim(p, ctx);
    }
    reserved(off, 0, "read");
    return 0;
}

static void plic_write(void *dev, uint64_t off, uint64_t val64, unsigned size)
{
    struct plic *p = dev;
    char reg[24];
    uint32_t val = (uint32_t)val64;
    if (size != 4) {
        dev_guest_error("plic", reg_name(off, reg, sizeof reg), val64,
                        "%u-byte write; PLIC registers are 32 bits wide", size);
        return;
    }
    if (off < PLIC_PENDING) {
        unsigned src = (unsigned)(off / 4);
        if (src == 0) {
            dev_guest_error("plic", "priority0", val, "source 0 does not exist");
            return;
        }
        if (src < PLIC_NSRC) {
            if (val > PLIC_MAX_PRIO)
                dev_guest_error("plic", reg_name(off, reg, sizeof reg), val,
                                "priorities have 3 bits; keeping %u", val & PLIC_MAX_PRIO);
            p->priority[src] = val & PLIC_MAX_PRIO;
            update(p);
            return;
        }
    } else if (off < PLIC_ENABLE) {
        if ((off - PLIC_PENDING) / 4 < PLIC_WORDS) {
            dev_guest_error("plic", "pending", val, "the pending bits are read-only");
            return;
        }
    } else if (off < PLIC_CONTEXT) {
        int ctx, w = enable_word(off, &ctx);
        if (w >= 0) {
            p->enable[ctx][w] = val;    /* source 0's bit too, as QEMU keeps it */
            update(p);
            return;
        }
    } else {
        int ctx = (int)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
        uint64_t r = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < PLIC_NCTX && r == PLIC_THRESHOLD) {
            if (val > PLIC_MAX_PRIO)
                dev_guest_error("plic", reg_name(off, reg, sizeof reg), val,
                                "thresholds have 3 bits; keeping %u", val & PLIC_MAX_PRIO);
            p->threshold[ctx] = val & PLIC_MAX_PRIO;
            update(p);
            return;
        }
        if (ctx < PLIC_NCTX && r == PLIC_CLAIM) {
            complete(p, ctx, val);
            return;
        }
    }
    reserved(off, val, "write");
}

static void plic_reset(void *dev)
{
    struct plic *p = dev;
    struct irq_line out[PLIC_NCTX];
    for (int i = 0; i < PLIC_NCTX; i++)
        out[i] = p->out[i];
    *p = (struct plic){ 0 };
    for (int i = 0; i < PLIC_NCTX; i++)
        p->out[i] = out[i];
    update(p);
}

static void *plic_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct plic *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->out[0] = m->meip;
    p->out[1] = m->seip;
    plic_reset(p);
    return p;
}

static void plic_dump(void *dev, FILE *f)
{
    struct plic *p = dev;
    fprintf(f, "plic: pending=%08x%08x claimed=%08x%08x level=%08x%08x\n",
            p->pending[1], p->pending[0], p->claimed[1], p->claimed[0],
            p->level[1], p->level[0]);
    for (int ctx = 0; ctx < PLIC_NCTX; ctx++)
        fprintf(f, "plic: context %d enable=%08x%08x threshold=%u out=%d\n", ctx,
                p->enable[ctx][1], p->enable[ctx][0], p->threshold[ctx],
                p->out_level[ctx]);
    for (int src = 1; src < PLIC_NSRC; src++)
        if (p->priority[src])
            fprintf(f, "plic: source %d priority %u\n", src, p->priority[src]);
}

static void plic_free(void *dev)
{
    free(dev);
}

static struct irq_line plic_irq_source(void *dev, int src)
{
    return (struct irq_line){ plic_irq_cb, dev, src };
}

const struct dev_ops plic_ops = {
    .name = "plic",
    .init = plic_init,
    .read = plic_read,
    .write = plic_write,
    .reset = plic_reset,
    .irq_source = plic_irq_source,
    .dump = plic_dump,
    .free = plic_free,
};
