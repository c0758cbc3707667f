/*
 * power.c -- the platform's power supply (see power.h, docs/power.md).
 *
 * The life of one power cycle, as the clock sees it:
 *
 *   psu_fail(warned)  warn_ns = now; every device gets POWER_WARN (the power
 *                     controller raises its interrupt); cut_ev at
 *                     now + residual_us
 *   psu_ack           ack_ns = now (the guest says its state is safe)
 *   cut_ev            machine_cut: dirty lines lost (or flushed with
 *                     flush_on_fail), devices POWER_CUT and reset, the hart
 *                     stops; on_ev at now + off_ms
 *   on_ev             machine_power_on: DRAM garbage, SCM reloaded, devices
 *                     POWER_ON and reset, hart at the reset vector
 *
 * A sudden failure schedules cut_ev at now, which fires at the next
 * instruction boundary.  Every step writes one line to the event log.
 */
#include "power.h"
#include "machine.h"
#include "evlog.h"
#include "fault.h"
#include "json.h"
#include "platform.h"
#include <string.h>

static const char *const cause_names[CAUSE_COUNT] = {
    [CAUSE_FAULT] = "fault", [CAUSE_BUTTON] = "button",
    [CAUSE_CONSOLE] = "console", [CAUSE_WATCHDOG] = "watchdog",
};

static const char *const reason_names[4] = {
    [BOOT_COLD] = "cold", [BOOT_RESTORED] = "restored",
    [BOOT_WATCHDOG] = "watchdog", [BOOT_BUTTON] = "button",
};

const char *psu_cause_name(enum power_cause c)
{
    return c < CAUSE_COUNT ? cause_names[c] : "?";
}

const char *psu_boot_reason_name(uint32_t reason)
{
    return reason < 4 ? reason_names[reason] : "?";
}

uint64_t psu_now_ns(const struct psu *p)
{
    return clock_cycles_to_ns(&p->m->clk, p->m->clk.cycle);
}

static void cut_fire(void *opaque, uint64_t now)
{
    struct psu *p = opaque;
    struct machine *m = p->m;
    uint64_t lost = 0, flushed = 0;
    if (!p->on)
        return;
    machine_cut(m, &lost, &flushed);
    fault_power_cut(&m->faults);
    p->on = false;
    p->on_cycles += now - p->last_change;
    p->last_change = now;
    p->cut_ns = psu_now_ns(p);
    if (p->warned)
        p->cuts_warned++;
    else
        p->cuts_sudden++;
    if (p->acked)
        p->cuts_acked++;
    p->cuts_by_cause[p->cause]++;
    p->dirty_lost += lost;
    p->dirty_flushed += flushed;
    evlog_begin(&m->evlog, p->cut_ns, "power_cut");
    evlog_str(&m->evlog, "cause", psu_cause_name(p->cause));
    evlog_bool(&m->evlog, "warned", p->warned);
    evlog_bool(&m->evlog, "acked", p->acked);
    evlog_u64(&m->evlog, "dirty_lines_lost", lost);
    evlog_u64(&m->evlog, "dirty_lines_flushed", flushed);
    evlog_end(&m->evlog);
    p->failing = p->acked = false;
    event_schedule(&m->clk, &p->on_ev, now + p->off_cycles);
    clock_kick(&m->clk);
}

static uint32_t reason_of(enum power_cause c)
{
    return c == CAUSE_WATCHDOG ? BOOT_WATCHDOG : c == CAUSE_BUTTON ? BOOT_BUTTON
                                                                    : BOOT_RESTORED;
}

static void power_on(struct psu *p, uint32_t reason, uint64_t off_cycles)
{
    struct machine *m = p->m;
    p->on = true;
    p->boots++;
    p->boot_reason = reason;
    p->ons_by_reason[reason]++;
    p->warned = false;
    p->last_change = m->clk.cycle;
    evlog_begin(&m->evlog, psu_now_ns(p), "power_on");
    evlog_str(&m->evlog, "reason", psu_boot_reason_name(reason));
    evlog_u64(&m->evlog, "boot", p->boots);
    evlog_u64(&m->evlog, "off_ns", clock_cycles_to_ns(&m->clk, off_cycles));
    evlog_end(&m->evlog);
    fault_power_on(&m->faults);
}

static void on_fire(void *opaque, uint64_t now)
{
    struct psu *p = opaque;
    struct machine *m = p->m;
    uint64_t off = now - p->last_change;
    p->off_total_cycles += off;
    p->restore_ns = psu_now_ns(p);
    machine_power_on(m, p->boots + 1);
    power_on(p, reason_of(p->cause), off);
    clock_kick(&m->clk);
}

void psu_init(struct psu *p, struct machine *m)
{
    memset(p, 0, sizeof *p);
    p->m = m;
    p->off_cycles = clock_ns_to_cycles(&m->clk, (uint64_t)m->cfg->power.off_ms * 1000000);
    p->residual_cycles = clock_ns_to_cycles(&m->clk, (uint64_t)m->cfg->power.residual_us * 1000);
    p->cut_ev = (struct event){ .fn = cut_fire, .opaque = p, .name = "power-cut" };
    p->on_ev = (struct event){ .fn = on_fire, .opaque = p, .name = "power-on" };
}

void psu_first_power_on(struct psu *p, uint32_t reason)
{
    power_on(p, reason, 0);
}

bool psu_fail(struct psu *p, enum power_cause cause, bool sudden)
{
    struct machine *m = p->m;
    uint64_t now = m->clk.cycle;
    if (!p->on)
        return false;
    if (sudden || p->residual_cycles == 0) {
        if (!p->failing)
            p->cause = cause;
        event_schedule(&m->clk, &p->cut_ev, now);
        clock_kick(&m->clk);
        return true;
    }
    if (p->failing)
        return true;
    p->failing = true;
    p->warned = true;
    p->acked = false;
    p->cause = cause;
    p->warnings++;
    p->warn_ns = psu_now_ns(p);
    p->ack_ns = 0;
    evlog_begin(&m->evlog, p->warn_ns, "power_warning");
    evlog_str(&m->evlog, "cause", psu_cause_name(cause));
    evlog_u64(&m->evlog, "cut_at_ns", clock_cycles_to_ns(&m->clk, now + p->residual_cycles));
    evlog_end(&m->evlog);
    event_schedule(&m->clk, &p->cut_ev, now + p->residual_cycles);
    fault_power_warn(&m->faults);
    machine_power_phase(m, POWER_WARN);
    return true;
}

bool psu_ack(struct psu *p)
{
    struct machine *m = p->m;
    if (!p->on || !p->failing || p->acked)
        return false;
    p->acked = true;
    p->acks++;
    p->ack_ns = psu_now_ns(p);
    uint64_t took = p->ack_ns - p->warn_ns;
    if (took > p->max_warn_to_ack_ns)
        p->max_warn_to_ack_ns = took;
    evlog_begin(&m->evlog, p->ack_ns, "power_ack");
    evlog_u64(&m->evlog, "after_warning_ns", took);
    evlog_u64(&m->evlog, "scm_writebacks", m->faults.wb_total - m->faults.wb_at_warn);
    evlog_end(&m->evlog);
    return true;
}

void psu_finish(struct psu *p)
{
    uint64_t now = p->m->clk.cycle;
    if (p->on)
        p->on_cycles += now - p->last_change;
    else
        p->off_total_cycles += now - p->last_change;
    p->last_change = now;
}

void psu_stats_json(const struct psu *p, struct json *j)
{
    const struct simclock *c = &p->m->clk;
    json_object_begin(j, "power");
    json_u64(j, "power_ons", p->boots);
    json_object_begin(j, "power_ons_by_reason");
    for (uint32_t r = 0; r < 4; r++)
        json_u64(j, reason_names[r], p->ons_by_reason[r]);
    json_object_end(j);
    json_u64(j, "warnings", p->warnings);
    json_u64(j, "acks", p->acks);
    json_u64(j, "cuts", p->cuts_warned + p->cuts_sudden);
    json_u64(j, "cuts_warned", p->cuts_warned);
    json_u64(j, "cuts_sudden", p->cuts_sudden);
    json_u64(j, "cuts_acked", p->cuts_acked);
    json_object_begin(j, "cuts_by_cause");
    for (int i = 0; i < CAUSE_COUNT; i++)
        json_u64(j, cause_names[i], p->cuts_by_cause[i]);
    json_object_end(j);
    json_u64(j, "dirty_lines_lost", p->dirty_lost);
    json_u64(j, "dirty_lines_flushed", p->dirty_flushed);
    json_u64(j, "max_warning_to_ack_ns", p->max_warn_to_ack_ns);
    json_u64(j, "on_ns", clock_cycles_to_ns(c, p->on_cycles));
    json_u64(j, "off_ns", clock_cycles_to_ns(c, p->off_total_cycles));
    json_object_end(j);
}
