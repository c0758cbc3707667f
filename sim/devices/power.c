/*
 * power.c -- the power controller: the guest's window on the platform's
 * power supply (sim/power.c holds the supply itself; docs/power.md is the
 * manual, include/platform.h the register map).
 *
 * What it does:
 *   - raises its interrupt (PLIC source 13) at a power-fail warning, while
 *     CTRL.IE is set and the warning is not acknowledged;
 *   - takes the guest's acknowledge (ACK) and power-button presses (BUTTON:
 *     1 presses it, a warned power cycle; 2 holds it down, the cut at once,
 *     for a guest that has saved and wants its power cycle now);
 *   - tells the boot reason, the power-on count and the simulated times of
 *     the last warning, acknowledge, cut and power-on;
 *   - passes guest milestones (MARK, with MARK_ARG) to the event log; a
 *     page migration (MARK_MIGRATED) becomes a "migration" event with the
 *     pid, the pool and the page count unpacked;
 *   - keeps the address of the guest's status table (STATUS_TABLE), which
 *     the SDL window reads (m->guest_status; platform.h has the format).
 *
 * The timestamps and the boot reason live in the supply, which runs from
 * the platform's standby power, so they survive the cut; CTRL and MARK_ARG
 * are volatile and reset at power-on; so is STATUS_TABLE (a guest
 * announces its table again at every boot and resume).  A 64-bit register read as two 32-bit
 * halves returns the halves of one value; the value is latched when the low
 * half is read, so a time cannot tear between the two reads.
 */
#include "dev.h"
#include "machine.h"
#include "json.h"
#include "platform.h"
#include <stdlib.h>

struct power {
    struct machine *m;
    struct irq_line irq;
    uint32_t ctrl;
    uint64_t mark_arg;
    uint64_t latch;             /* 64-bit value whose high half is read next */
    uint32_t status_lo;         /* STATUS_TABLE's low half, until the high half comes */
    int level;
    uint64_t marks[MARK_COUNT];
};

static const char *const mark_names[MARK_COUNT] = {
    [MARK_SAVED] = "saved", [MARK_RESUMED] = "resumed",
    [MARK_COLD_BOOTED] = "cold_booted", [MARK_RESTARTED] = "restarted",
    [MARK_FIRST_REQUEST] = "first_request", [MARK_FAULT] = "fault_detected",
    [MARK_USER] = "user", [MARK_ROLLED_BACK] = "rolled_back",
    [MARK_CHECKPOINT] = "checkpointed", [MARK_MIGRATED] = "migrated",
};

static const char *reg_name(uint64_t off)
{
    static const char *const names[PWR_END / 4] = {
        "MAGIC", "VERSION", "CTRL", "STATUS", "ACK", "BUTTON", "BOOT_REASON",
        "BOOT_COUNT", "RESIDUAL_US", "reserved", "NOW_NS", "NOW_NS", "WARN_NS",
        "WARN_NS", "ACK_NS", "ACK_NS", "CUT_NS", "CUT_NS", "RESTORE_NS", "RESTORE_NS",
        "MARK_ARG", "MARK_ARG", "MARK", "reserved", "STATUS_TABLE", "STATUS_TABLE",
    };
    return off < PWR_END ? names[off / 4] : "reserved";
}

static void update_irq(struct power *p)
{
    const struct psu *s = &p->m->psu;
    int level = (p->ctrl & PWR_CTRL_IE) && s->failing && !s->acked;
    if (level != p->level) {
        p->level = level;
        irq_set(&p->irq, level);
    }
}

/* The 64-bit register at off (8-aligned), or false if off is not one. */
static bool value64(struct power *p, uint64_t off, uint64_t *v)
{
    const struct psu *s = &p->m->psu;
    switch (off) {
    case PWR_NOW_NS:     *v = psu_now_ns(s); return true;
    case PWR_WARN_NS:    *v = s->warn_ns; return true;
    case PWR_ACK_NS:     *v = s->ack_ns; return true;
    case PWR_CUT_NS:     *v = s->cut_ns; return true;
    case PWR_RESTORE_NS: *v = s->restore_ns; return true;
    case PWR_MARK_ARG:   *v = p->mark_arg; return true;
    case PWR_STATUS_TABLE: *v = p->m->guest_status; return true;
    default:             return false;
    }
}

static uint64_t power_read(void *dev, uint64_t off, unsigned size)
{
    struct power *p = dev;
    const struct psu *s = &p->m->psu;
    uint64_t v;
    if (size == 8) {
        if (!(off & 7) && value64(p, off, &v))
            return v;
        dev_guest_error("power", reg_name(off), off, "8-byte read of a 32-bit or "
                        "reserved register");
        return 0;
    }
    if (size != 4) {
        dev_guest_error("power", reg_name(off), size, "%u-byte read; registers take "
                        "4-byte (or 8-byte for the 64-bit ones) accesses", size);
        return 0;
    }
    if (value64(p, off & ~7ull, &v)) {
        if (!(off & 4)) {
            p->latch = v;
            return (uint32_t)v;
        }
        return (uint32_t)(p->latch >> 32);
    }
    switch (off) {
    case PWR_MAGIC:       return PWR_MAGIC_VALUE;
    case PWR_VERSION:     return 1;
    case PWR_CTRL:        return p->ctrl;
    case PWR_STATUS:      return (s->failing ? PWR_STATUS_FAILING : 0) |
                                 (s->acked ? PWR_STATUS_ACKED : 0);
    case PWR_BOOT_REASON: return s->boot_reason;
    case PWR_BOOT_COUNT:  return s->boots;
    case PWR_RESIDUAL_US: return p->m->cfg->power.residual_us;
    case PWR_ACK:
    case PWR_BUTTON:
    case PWR_MARK:        return 0;     /* write-only registers read as 0 */
    default:
        dev_guest_error("power", reg_name(off), off, "read of a reserved offset");
        return 0;
    }
}

static void mark(struct power *p, uint64_t val)
{
    struct machine *m = p->m;
    if (val == 0 || val >= MARK_COUNT) {
        dev_guest_error("power", "MARK", val, "no such milestone (1 saved, 2 resumed, "
                        "3 cold booted, 4 restarted, 5 first request, 6 fault, 7 user, "
                        "8 rolled back, 9 checkpointed, 10 migrated)");
        return;
    }
    p->marks[val]++;
    if (val == MARK_MIGRATED) {
        /* A migration is its own kind of event, in plain fields. */
        evlog_begin(&m->evlog, psu_now_ns(&m->psu), "migration");
        evlog_u64(&m->evlog, "pid", p->mark_arg >> 32);
        evlog_str(&m->evlog, "to", (p->mark_arg >> 31) & 1 ? "scm" : "dram");
        evlog_u64(&m->evlog, "pages", p->mark_arg & 0x7fffffff);
        evlog_end(&m->evlog);
        return;
    }
    evlog_begin(&m->evlog, psu_now_ns(&m->psu), "guest");
    evlog_str(&m->evlog, "milestone", mark_names[val]);
    evlog_u64(&m->evlog, "arg", p->mark_arg);
    evlog_end(&m->evlog);
}

/* The guest's status table: a table the size of STAT_SIZE in memory, or 0. */
static void status_table(struct power *p, uint64_t pa)
{
    if (pa && !bus_region(&p->m->bus, pa, STAT_SIZE)) {
        dev_guest_error("power", "STATUS_TABLE", pa, "no memory region holds the %d bytes "
                        "of a status table there", STAT_SIZE);
        pa = 0;
    }
    p->m->guest_status = pa;
}

static void power_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct power *p = dev;
    struct psu *s = &p->m->psu;
    if (off == PWR_MARK_ARG && size == 8) {
        p->mark_arg = val;
        return;
    }
    if (off == PWR_STATUS_TABLE && size == 8) {
        status_table(p, val);
        return;
    }
    if (size != 4) {
        dev_guest_error("power", reg_name(off), val, "%u-byte write; registers take "
                        "4-byte accesses (MARK_ARG and STATUS_TABLE also 8-byte)", size);
        return;
    }
    switch (off) {
    case PWR_CTRL:
        if (val & ~(uint64_t)PWR_CTRL_IE)
            dev_guest_error("power", "CTRL", val, "only bit 0 (interrupt enable) exists");
        p->ctrl = (uint32_t)val & PWR_CTRL_IE;
        break;
    case PWR_ACK:
        if (val != PWR_ACK_VALUE)
            dev_guest_error("power", "ACK", val, "the acknowledge value is 0x%x",
                            PWR_ACK_VALUE);
        else if (!psu_ack(s))
            dev_guest_error("power", "ACK", val, "no power-fail warning is pending%s",
                            s->acked ? " (acknowledged already)" : "");
        break;
    case PWR_BUTTON:
        if (val != PWR_BUTTON_PRESS && val != PWR_BUTTON_OFF_NOW)
            dev_guest_error("power", "BUTTON", val, "write %d to press the button, %d to "
                            "hold it (off at once)", PWR_BUTTON_PRESS, PWR_BUTTON_OFF_NOW);
        else
            psu_fail(s, CAUSE_BUTTON, val == PWR_BUTTON_OFF_NOW);
        break;
    case PWR_MARK_ARG:
        p->mark_arg = (p->mark_arg & ~0xffffffffull) | (uint32_t)val;
        break;
    case PWR_MARK_ARG + 4:
        p->mark_arg = (p->mark_arg & 0xffffffffull) | (val << 32);
        break;
    case PWR_MARK:
        mark(p, val);
        break;
    case PWR_STATUS_TABLE:      /* two halves, low first: the table counts at the high */
        p->status_lo = (uint32_t)val;
        break;
    case PWR_STATUS_TABLE + 4:
        status_table(p, p->status_lo | (val << 32));
        break;
    default:
        dev_guest_error("power", reg_name(off), val, "write to a read-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        break;
    }
    update_irq(p);
}

static void power_reset(void *dev)
{
    struct power *p = dev;
    p->ctrl = 0;
    p->mark_arg = 0;
    p->latch = 0;
    p->status_lo = 0;
    p->m->guest_status = 0;
    p->level = 1;               /* force the line down */
    update_irq(p);
}

static void power_phase(void *dev, enum power_phase phase)
{
    update_irq(dev);
}

static void *power_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct power *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->m = m;
    p->irq = irq;
    power_reset(p);
    return p;
}

static void power_stats_json(void *dev, struct json *j)
{
    struct power *p = dev;
    json_object_begin(j, "power");
    json_object_begin(j, "milestones");
    for (int i = 1; i < MARK_COUNT; i++)
        json_u64(j, mark_names[i], p->marks[i]);
    json_object_end(j);
    json_object_end(j);
}

static void power_dump(void *dev, FILE *f)
{
    struct power *p = dev;
    const struct psu *s = &p->m->psu;
    fprintf(f, "power: ctrl=%u on=%d failing=%d acked=%d boot=%u reason=%s irq=%d\n",
            p->ctrl, s->on, s->failing, s->acked, s->boots,
            psu_boot_reason_name(s->boot_reason), p->level);
}

static void power_free(void *dev)
{
    free(dev);
}

const struct dev_ops power_ops = {
    .name = "power",
    .init = power_init,
    .read = power_read,
    .write = power_write,
    .reset = power_reset,
    .power = power_phase,
    .stats_json = power_stats_json,
    .dump = power_dump,
    .free = power_free,
};
