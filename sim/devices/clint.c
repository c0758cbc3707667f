/*
 * clint.c -- the core-local interruptor of QEMU's virt machine, for one hart.
 *
 *   +0x0000  msip      bit 0 drives the hart's machine software interrupt
 *   +0x4000  mtimecmp  64-bit; MTIP is pending while mtime >= mtimecmp
 *   +0xbff8  mtime     64-bit, ticks at 10 MHz of *simulated* time
 * The 64-bit registers also take 32-bit accesses to either half.
 *
 * mtime is not a counter that something increments: it is computed from the
 * clock, clock_mtime(clk->cycle), plus an offset that only a guest write to
 * mtime changes.  MTIP is therefore not polled either: writing mtimecmp
 * schedules one event at the first cycle where mtime reaches it
 * (clock_mtime_to_cycle) and lowers the line; the event raises it.  A timer
 * that nobody programs costs nothing.
 *
 * Reset (power-on or the finisher's warm reset) clears msip and mtimecmp.
 * With mtimecmp at 0, MTIP is pending from the first cycle, as on QEMU's
 * virt machine: a guest must program mtimecmp before it enables MIE.MTIE.
 * The offset (clk->mtime_offset, shared with the hart's time CSR, so rdtime
 * and mtime always agree) goes back to its power-on value: mtime counts from
 * the last power-on, so it reads 0 at every power-on (the clock's cycle count
 * does not restart within a run; the offset makes up for it).  Unlike QEMU,
 * a warm reset does not restart mtime at 0: the time CSR keeps counting from
 * power-on, and the two must agree.
 */
#include "dev.h"
#include "machine.h"
#include "platform.h"
#include <stdlib.h>

#define CLINT_MSIP_END      0x0004      /* one hart: one msip word */
#define CLINT_MTIMECMP_END  0x4008
#define CLINT_MTIME_END     0xc000

struct clint {
    struct simclock *clk;
    struct irq_line msip_line, mtip_line;
    uint32_t msip;
    uint64_t mtimecmp;
    int mtip;
    struct event timer_ev;
    uint64_t power_on_offset;   /* mtime_offset that makes mtime 0 at the last power-on */
};

static uint64_t mtime_now(const struct clint *c)
{
    return clock_mtime(c->clk, c->clk->cycle) + c->clk->mtime_offset;
}

static void set_mtip(struct clint *c, int level)
{
    c->mtip = level;
    irq_set(&c->mtip_line, level);
}

/* Re-evaluate MTIP after mtimecmp or mtime changed, or the timer fired. */
static void update_timer(struct clint *c)
{
    event_cancel(c->clk, &c->timer_ev);
    uint64_t now = mtime_now(c);
    if (now >= c->mtimecmp) {
        set_mtip(c, 1);
        return;
    }
    set_mtip(c, 0);
    /* The clock's own mtime must reach mtimecmp - offset.  Far-future
     * deadlines (beyond 2^64 cycles) never fire, so no event. */
    uint64_t raw_target = c->mtimecmp - c->clk->mtime_offset;
    if (raw_target <= clock_mtime(c->clk, UINT64_MAX))
        event_schedule(c->clk, &c->timer_ev, clock_mtime_to_cycle(c->clk, raw_target));
}

static void timer_fire(void *opaque, uint64_t now)
{
    update_timer(opaque);
}

/* Merge a 4- or 8-byte write at byte `off` within a 64-bit register. */
static uint64_t merge64(uint64_t old, unsigned off, unsigned size, uint64_t val)
{
    if (size == 8)
        return val;
    unsigned shift = 8 * off;
    uint64_t mask = 0xffffffffull << shift;
    return (old & ~mask) | ((val << shift) & mask);
}

static bool size_ok(uint64_t off, unsigned size, const char *reg, uint64_t val, bool write)
{
    if (off >= CLINT_MTIMECMP_END - 8 && off < CLINT_MTIMECMP_END) {
        if (size == 4 || (size == 8 && off == CLINT_MTIMECMP))
            return true;
    } else if (off >= CLINT_MTIME && off < CLINT_MTIME_END) {
        if (size == 4 || (size == 8 && off == CLINT_MTIME))
            return true;
    } else if (size == 4) {
        return true;
    }
    dev_guest_error("clint", reg, val, "%u-byte %s at offset 0x%llx", size,
                    write ? "write" : "read", (unsigned long long)off);
    return false;
}

static const char *reg_name(uint64_t off)
{
    if (off < CLINT_MSIP_END)
        return "msip";
    if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP_END)
        return "mtimecmp";
    if (off >= CLINT_MTIME && off < CLINT_MTIME_END)
        return "mtime";
    return "reserved";
}

static uint64_t clint_read(void *dev, uint64_t off, unsigned size)
{
    struct clint *c = dev;
    const char *reg = reg_name(off);
    if (!size_ok(off, size, reg, 0, false))
        return 0;
    if (off < CLINT_MSIP_END)
        return c->msip;
    if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP_END)
        return c->mtimecmp >> (8 * (off - CLINT_MTIMECMP));
    if (off >= CLINT_MTIME && off < CLINT_MTIME_END)
        return mtime_now(c) >> (8 * (off - CLINT_MTIME));
    dev_guest_error("clint", reg, off, "read at offset 0x%llx: no register there "
                    "(one hart: msip 0x0, mtimecmp 0x4000, mtime 0xbff8)",
                    (unsigned long long)off);
    return 0;
}

static void clint_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct clint *c = dev;
    const char *reg = reg_name(off);
    if (!size_ok(off, size, reg, val, true))
        return;
    if (off < CLINT_MSIP_END) {
        if (val & ~1ull)
            dev_guest_error("clint", "msip", val, "only bit 0 is implemented");
        c->msip = val & 1;
        irq_set(&c->msip_line, (int)c->msip);
    } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP_END) {
        c->mtimecmp = merge64(c->mtimecmp, (unsigned)(off - CLINT_MTIMECMP), size, val);
        update_timer(c);
    } else if (off >= CLINT_MTIME && off < CLINT_MTIME_END) {
        uint64_t t = merge64(mtime_now(c), (unsigned)(off - CLINT_MTIME), size, val);
        c->clk->mtime_offset = t - clock_mtime(c->clk, c->clk->cycle);
        update_timer(c);
    } else {
        dev_guest_error("clint", reg, val, "write at offset 0x%llx: no register "
                        "there (one hart: msip 0x0, mtimecmp 0x4000, mtime 0xbff8)",
                        (unsigned long long)off);
    }
}

static void clint_reset(void *dev)
{
    struct clint *c = dev;
    c->msip = 0;
    c->clk->mtime_offset = c->power_on_offset;
    c->mtimecmp = 0;
    irq_set(&c->msip_line, 0);
    update_timer(c);
}

/* The power comes back (the reset follows): mtime starts again at 0. */
static void clint_power(void *dev, enum power_phase phase)
{
    struct clint *c = dev;
    if (phase == POWER_ON)
        c->power_on_offset = -clock_mtime(c->clk, c->clk->cycle);
}

static void *clint_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct clint *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->clk = &m->clk;
    c->msip_line = m->msip;
    c->mtip_line = m->mtip;
    c->timer_ev.fn = timer_fire;
    c->timer_ev.opaque = c;
    c->timer_ev.name = "clint-mtimecmp";
    clint_reset(c);
    return c;
}

static void clint_dump(void *dev, FILE *f)
{
    struct clint *c = dev;
    fprintf(f, "clint: msip=%u mtime=%llu mtimecmp=%llu mtip=%d\n", c->msip,
            (unsigned long long)mtime_now(c), (unsigned long long)c->mtimecmp, c->mtip);
}

static void clint_free(void *dev)
{
    struct clint *c = dev;
    event_cancel(c->clk, &c->timer_ev);
    free(c);
}

const struct dev_ops clint_ops = {
    .name = "clint",
    .init = clint_init,
    .read = clint_read,
    .write = clint_write,
    .reset = clint_reset,
    .power = clint_power,
    .dump = clint_dump,
    .free = clint_free,
};
