/*
 * watchdog.c -- a watchdog timer: the guest programs a timeout and kicks it;
 * if a countdown runs out, the machine is power-cycled at once with boot
 * reason "watchdog" (docs/power.md; register map in include/platform.h).
 *
 *   0x00 MAGIC         RO  "WDOG"
 *   0x04 VERSION       RO  1
 *   0x08 CTRL          RW  bit 0: enabled; setting it starts the countdown
 *   0x0c TIMEOUT_US    RW  1 .. 60,000,000 us (default 1,000,000)
 *   0x10 KICK          WO  0x4b43494b ("KICK"): start the countdown again
 *   0x14 REMAINING_US  RO  what is left, rounded up (0 while disabled)
 *
 * The countdown is one event on the simulated clock.  Expiry cuts without a
 * warning: a machine whose software stopped kicking cannot be trusted to save
 * anything.  Power-on leaves the watchdog disabled with the default timeout.
 */
#include "dev.h"
#include "machine.h"
#include "json.h"
#include "platform.h"
#include <stdlib.h>

#define WDT_DEFAULT_TIMEOUT_US 1000000u

struct watchdog {
    struct machine *m;
    uint32_t ctrl, timeout_us;
    struct event expire_ev;
    uint64_t kicks, expiries;
};

static const char *reg_name(uint64_t off)
{
    static const char *const names[WDT_END / 4] = {
        "MAGIC", "VERSION", "CTRL", "TIMEOUT_US", "KICK", "REMAINING_US",
    };
    return off < WDT_END ? names[off / 4] : "reserved";
}

static void restart(struct watchdog *w)
{
    struct simclock *c = &w->m->clk;
    event_schedule(c, &w->expire_ev,
                   c->cycle + clock_ns_to_cycles(c, (uint64_t)w->timeout_us * 1000));
}

static void expire(void *opaque, uint64_t now)
{
    struct watchdog *w = opaque;
    struct machine *m = w->m;
    w->expiries++;
    w->ctrl = 0;
    evlog_begin(&m->evlog, psu_now_ns(&m->psu), "watchdog_expiry");
    evlog_bool(&m->evlog, "injected", false);
    evlog_end(&m->evlog);
    psu_fail(&m->psu, CAUSE_WATCHDOG, true);
}

static uint64_t watchdog_read(void *dev, uint64_t off, unsigned size)
{
    struct watchdog *w = dev;
    if (size != 4) {
        dev_guest_error("watchdog", reg_name(off), size, "%u-byte read; registers take "
                        "4-byte accesses", size);
        return 0;
    }
    switch (off) {
    case WDT_MAGIC:      return WDT_MAGIC_VALUE;
    case WDT_VERSION:    return 1;
    case WDT_CTRL:       return w->ctrl;
    case WDT_TIMEOUT_US: return w->timeout_us;
    case WDT_KICK:       return 0;
    case WDT_REMAINING_US: {
        const struct simclock *c = &w->m->clk;
        if (!(w->ctrl & WDT_CTRL_EN) || !w->expire_ev.queued)
            return 0;
        uint64_t ns = clock_cycles_to_ns(c, w->expire_ev.when - c->cycle);
        return (ns + 999) / 1000;
    }
    default:
        dev_guest_error("watchdog", reg_name(off), off, "read of a reserved offset");
        return 0;
    }
}

static void watchdog_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct watchdog *w = dev;
    if (size != 4) {
        dev_guest_error("watchdog", reg_name(off), val, "%u-byte write; registers take "
                        "4-byte accesses", size);
        return;
    }
    switch (off) {
    case WDT_CTRL:
        if (val & ~(uint64_t)WDT_CTRL_EN)
            dev_guest_error("watchdog", "CTRL", val, "only bit 0 (enable) exists");
        if ((val & WDT_CTRL_EN) && !(w->ctrl & WDT_CTRL_EN))
            restart(w);
        else if (!(val & WDT_CTRL_EN))
            event_cancel(&w->m->clk, &w->expire_ev);
        w->ctrl = (uint32_t)val & WDT_CTRL_EN;
        break;
    case WDT_TIMEOUT_US:
        if (val == 0 || val > WDT_TIMEOUT_MAX_US) {
            dev_guest_error("watchdog", "TIMEOUT_US", val, "the timeout must be 1 to %u us",
                            WDT_TIMEOUT_MAX_US);
            break;
        }
        w->timeout_us = (uint32_t)val;
        if (w->ctrl & WDT_CTRL_EN)
            restart(w);
        break;
    case WDT_KICK:
        if (val != WDT_KICK_VALUE) {
            dev_guest_error("watchdog", "KICK", val, "the kick value is 0x%x", WDT_KICK_VALUE);
            break;
        }
        if (!(w->ctrl & WDT_CTRL_EN)) {
            dev_guest_error("watchdog", "KICK", val, "kick while the watchdog is disabled");
            break;
        }
        w->kicks++;
        restart(w);
        break;
    default:
        dev_guest_error("watchdog", reg_name(off), val, "write to a read-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        break;
    }
}

static void watchdog_reset(void *dev)
{
    struct watchdog *w = dev;
    event_cancel(&w->m->clk, &w->expire_ev);
    w->ctrl = 0;
    w->timeout_us = WDT_DEFAULT_TIMEOUT_US;
}

static void *watchdog_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct watchdog *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    w->m = m;
    w->expire_ev = (struct event){ .fn = expire, .opaque = w, .name = "watchdog" };
    watchdog_reset(w);
    return w;
}

static void watchdog_stats_json(void *dev, struct json *j)
{
    struct watchdog *w = dev;
    json_object_begin(j, "watchdog");
    json_u64(j, "kicks", w->kicks);
    json_u64(j, "expiries", w->expiries);
    json_object_end(j);
}

static void watchdog_dump(void *dev, FILE *f)
{
    struct watchdog *w = dev;
    fprintf(f, "watchdog: ctrl=%u timeout_us=%u kicks=%llu expiries=%llu\n", w->ctrl,
            w->timeout_us, (unsigned long long)w->kicks, (unsigned long long)w->expiries);
}

static void watchdog_free(void *dev)
{
    struct watchdog *w = dev;
    event_cancel(&w->m->clk, &w->expire_ev);
    free(w);
}

const struct dev_ops watchdog_ops = {
    .name = "watchdog",
    .init = watchdog_init,
    .read = watchdog_read,
    .write = watchdog_write,
    .reset = watchdog_reset,
    .stats_json = watchdog_stats_json,
    .dump = watchdog_dump,
    .free = watchdog_free,
};
