/*
 * test_powercycle.c -- power cycles on a whole machine (docs/power.md).
 *
 * Each test builds a real machine with machine_build and machine_boot from
 * a config (1 GHz, functional mode, so one cycle is one ns; SCM at
 * 0x8000_0000 holding a one-instruction program `j .`, DRAM at 4 GiB;
 * residual_us = 100, off_ms = 1) and a tiny ELF the test writes byte by
 * byte.  The guest's side is driven through the bus, as the CPU would
 * (bus_read/bus_write at the platform addresses), time through the clock's
 * event queue, event by event, as the run loop does in the functional mode;
 * two tests run the real loop (machine_run) and read the event log.
 */
#include "dev_fixture.h"
#include "config.h"
#include "exitcodes.h"
#include "fault.h"
#include "platform.h"
#include "power.h"
#include "cpu/hart.h"
#include "mem/region.h"
#include <elf.h>

#define SCM_BASE   0x80000000ull
#define DRAM_BASE  0x100000000ull
#define RESIDUAL   100000ull             /* residual_us = 100, in cycles (1 GHz) */
#define OFF        1000000ull            /* off_ms = 1, in cycles */

#define PWR(off)   (PLAT_POWER_BASE + (off))
#define WDT(off)   (PLAT_WATCHDOG_BASE + (off))
#define BUG(off)   (PLAT_BUGTRIG_BASE + (off))
#define PLIC_PENDING0   (PLAT_PLIC_BASE + 0x1000)
#define PLIC_PRIO(src)  (PLAT_PLIC_BASE + 4 * (src))
#define PLIC_ENABLE0    (PLAT_PLIC_BASE + 0x2000)
#define PLIC_CLAIM0     (PLAT_PLIC_BASE + 0x200004)

struct pfx {
    struct config c;
    struct machine m;
    bool built;
    char elf[64];
    char events[64];
    FILE *out;
    struct capture cap;
};

static void set(struct pfx *f, const char *assignment)
{
    if (config_set(&f->c, assignment) != 0)
        fail_msg("config_set %s", assignment);
}

static int setup(void **state)
{
    struct pfx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    config_defaults(&f->c);
    set(f, "sim.seed=7");
    set(f, "cpu.freq_mhz=1000");
    set(f, "cpu.timing=off");
    set(f, "region.scm.kind=scm");
    set(f, "region.scm.base=0x80000000");
    set(f, "region.scm.size_mib=1");
    set(f, "region.dram.kind=dram");
    set(f, "region.dram.base=0x100000000");
    set(f, "region.dram.size_mib=1");
    set(f, "power.residual_us=100");
    set(f, "power.off_ms=1");
    set(f, "reqchan.rate_per_ms=0");
    strcpy(f->elf, "/tmp/simscm-pc-elf-XXXXXX");
    int fd = mkstemp(f->elf);
    assert_true(fd >= 0);
    close(fd);
    dfx_write_spin_elf(f->elf, SCM_BASE);
    strcpy(f->events, "/tmp/simscm-pc-ev-XXXXXX");
    fd = mkstemp(f->events);
    assert_true(fd >= 0);
    close(fd);
    f->out = tmpfile();
    assert_non_null(f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct pfx *f = *state;
    if (f->built)
        machine_free(&f->m);
    fclose(f->out);
    unlink(f->elf);
    unlink(f->events);
    free(f);
    return 0;
}

/* Build and boot the machine with these --fault specs (NULL-terminated). */
static void boot_with(struct pfx *f, const char *const *faults)
{
    int n = 0;
    while (faults && faults[n])
        n++;
    assert_int_equal(config_validate(&f->c), 0);
    struct machine_opts o = {
        .elf_path = f->elf, .input_path = "/dev/null", .out = f->out,
        .events_path = f->events, .faults = faults, .nfaults = n,
    };
    assert_int_equal(machine_build(&f->m, &f->c, &o), 0);
    f->built = true;
    assert_int_equal(machine_boot(&f->m), 0);
    clock_rearm(&f->m.clk);
}

static void boot(struct pfx *f)
{
    boot_with(f, NULL);
}

/* Move time to `cycle`, firing every event at its own cycle on the way (the
 * functional mode's run loop stops the hart exactly at each deadline). */
static void advance_to(struct pfx *f, uint64_t cycle)
{
    struct simclock *c = &f->m.clk;
    assert_true(cycle >= c->cycle);
    while (c->queue && c->queue->when <= cycle) {
        if (c->queue->when > c->cycle)
            c->cycle = c->queue->when;
        clock_run_due(c);
    }
    c->cycle = cycle;
    clock_run_due(c);
    clock_rearm(c);
}

static uint64_t rd(struct pfx *f, uint64_t pa, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(bus_read(&f->m.bus, pa, size, &v), BUS_OK);
    return v;
}

static uint32_t rd32(struct pfx *f, uint64_t pa)
{
    return (uint32_t)rd(f, pa, 4);
}

static void wr(struct pfx *f, uint64_t pa, uint64_t val, unsigned size)
{
    assert_int_equal(bus_write(&f->m.bus, pa, size, val), BUS_OK);
}

static void wr32(struct pfx *f, uint64_t pa, uint32_t val)
{
    wr(f, pa, val, 4);
}

/* A 64-bit power-controller register as the guest reads it: low, then high. */
static uint64_t rd64_halves(struct pfx *f, uint64_t off)
{
    uint64_t lo = rd32(f, PWR(off));
    uint64_t hi = rd32(f, PWR(off + 4));
    return lo | hi << 32;
}

static bool plic_pending(struct pfx *f, int src)
{
    return (rd32(f, PLIC_PENDING0) >> src) & 1;
}

/* The event log so far. */
static const char *events(struct pfx *f)
{
    static char buf[32768];
    if (f->m.evlog.f)
        fflush(f->m.evlog.f);
    FILE *fp = fopen(f->events, "r");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* ---- warning, cut, power-on ----------------------------------------------- */

static void test_power_first_boot_is_cold(void **state)
{
    struct pfx *f = *state;
    boot(f);
    assert_int_equal(rd32(f, PWR(PWR_MAGIC)), PWR_MAGIC_VALUE);
    assert_int_equal(rd32(f, PWR(PWR_VERSION)), 1);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_COLD);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 1);
    assert_int_equal(rd32(f, PWR(PWR_RESIDUAL_US)), 100);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), 0);
    assert_int_equal(rd32(f, PWR(PWR_CTRL)), 0);
    for (uint64_t off = PWR_WARN_NS; off <= PWR_RESTORE_NS; off += 8)
        assert_int_equal(rd(f, PWR(off), 8), 0);
    assert_int_equal(rd32(f, WDT(WDT_MAGIC)), WDT_MAGIC_VALUE);
    assert_int_equal(rd32(f, BUG(BUG_MAGIC)), BUG_MAGIC_VALUE);
    assert_string_equal(events(f), "{\"t_ns\":0,\"event\":\"power_on\",\"reason\":\"cold\","
                        "\"boot\":1,\"off_ns\":0}\n");
}

static void test_power_warned_failure_interrupts_then_cuts_after_residual(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, PWR(PWR_CTRL), PWR_CTRL_IE);
    wr32(f, PLIC_PRIO(PLAT_POWER_IRQ), 1);
    wr32(f, PLIC_ENABLE0, 1u << PLAT_POWER_IRQ);
    advance_to(f, 1000);
    assert_false(plic_pending(f, PLAT_POWER_IRQ));
    assert_false(f->m.hart->irq_lines & MIP_MEIP);

    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    assert_true(plic_pending(f, PLAT_POWER_IRQ));
    assert_true(f->m.hart->irq_lines & MIP_MEIP);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), PWR_STATUS_FAILING);
    assert_int_equal(rd(f, PWR(PWR_WARN_NS), 8), 1000);

    /* Still on one cycle before the end of the window, off at its end. */
    advance_to(f, 1000 + RESIDUAL - 1);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), PWR_STATUS_FAILING);
    advance_to(f, 1000 + RESIDUAL);
    assert_false(f->m.psu.on);
    assert_int_equal(f->m.psu.cut_ns, 1000 + RESIDUAL);

    /* Off for exactly off_ms. */
    advance_to(f, 1000 + RESIDUAL + OFF - 1);
    assert_false(f->m.psu.on);
    advance_to(f, 1000 + RESIDUAL + OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 2);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_RESTORED);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), 0);
    assert_int_equal(rd32(f, PWR(PWR_CTRL)), 0);
    assert_int_equal(rd(f, PWR(PWR_WARN_NS), 8), 1000);
    assert_int_equal(rd(f, PWR(PWR_ACK_NS), 8), 0);
    assert_int_equal(rd(f, PWR(PWR_CUT_NS), 8), 1000 + RESIDUAL);
    assert_int_equal(rd(f, PWR(PWR_RESTORE_NS), 8), 1000 + RESIDUAL + OFF);
    /* The PLIC was reset with everything else: nothing pending, enabled. */
    assert_false(plic_pending(f, PLAT_POWER_IRQ));
    assert_int_equal(rd32(f, PLIC_ENABLE0), 0);
    assert_false(f->m.hart->irq_lines & MIP_MEIP);
    assert_int_equal(f->m.hart->pc, SCM_BASE);

    assert_string_equal(events(f),
        "{\"t_ns\":0,\"event\":\"power_on\",\"reason\":\"cold\",\"boot\":1,\"off_ns\":0}\n"
        "{\"t_ns\":1000,\"event\":\"power_warning\",\"cause\":\"fault\",\"cut_at_ns\":101000}\n"
        "{\"t_ns\":101000,\"event\":\"power_cut\",\"cause\":\"fault\",\"warned\":true,"
        "\"acked\":false,\"dirty_lines_lost\":0,\"dirty_lines_flushed\":0}\n"
        "{\"t_ns\":1101000,\"event\":\"power_on\",\"reason\":\"restored\",\"boot\":2,"
        "\"off_ns\":1000000}\n");
}

/* The line follows CTRL.IE and the acknowledge; the pending bit is the
 * PLIC's, so the test claims and completes to see the line's level. */
static void test_power_ack_lowers_the_line_but_the_cut_still_comes(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, PLIC_PRIO(PLAT_POWER_IRQ), 1);
    wr32(f, PLIC_ENABLE0, 1u << PLAT_POWER_IRQ);
    advance_to(f, 2000);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    assert_false(plic_pending(f, PLAT_POWER_IRQ));          /* CTRL.IE is clear */
    wr32(f, PWR(PWR_CTRL), PWR_CTRL_IE);
    assert_true(plic_pending(f, PLAT_POWER_IRQ));           /* enabling raises it */
    assert_int_equal(rd32(f, PLIC_CLAIM0), PLAT_POWER_IRQ);
    wr32(f, PLIC_CLAIM0, PLAT_POWER_IRQ);
    assert_true(plic_pending(f, PLAT_POWER_IRQ));           /* line still high */

    advance_to(f, 2500);
    wr32(f, PWR(PWR_ACK), PWR_ACK_VALUE);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), PWR_STATUS_FAILING | PWR_STATUS_ACKED);
    assert_int_equal(rd(f, PWR(PWR_ACK_NS), 8), 2500);
    assert_int_equal(rd32(f, PLIC_CLAIM0), PLAT_POWER_IRQ);
    wr32(f, PLIC_CLAIM0, PLAT_POWER_IRQ);
    assert_false(plic_pending(f, PLAT_POWER_IRQ));          /* line low after the ACK */

    /* The acknowledge does not bring the cut forward. */
    advance_to(f, 2000 + RESIDUAL - 1);
    assert_true(f->m.psu.on);
    advance_to(f, 2000 + RESIDUAL);
    assert_false(f->m.psu.on);
    advance_to(f, 2000 + RESIDUAL + OFF);
    assert_int_equal(rd(f, PWR(PWR_ACK_NS), 8) - rd(f, PWR(PWR_WARN_NS), 8), 500);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":2500,\"event\":\"power_ack\",\"after_warning_ns\":500,\"scm_writebacks\":0}\n");
    assert_contains(log, "{\"t_ns\":102000,\"event\":\"power_cut\",\"cause\":\"fault\","
                    "\"warned\":true,\"acked\":true,");
}

static void test_power_sudden_cut_has_no_warning(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, PWR(PWR_CTRL), PWR_CTRL_IE);
    advance_to(f, 3000);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    assert_false(plic_pending(f, PLAT_POWER_IRQ));
    advance_to(f, 3000);                       /* the next instruction boundary */
    assert_false(f->m.psu.on);
    advance_to(f, 3000 + OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_RESTORED);
    assert_int_equal(rd(f, PWR(PWR_WARN_NS), 8), 0);
    assert_int_equal(rd(f, PWR(PWR_CUT_NS), 8), 3000);
    const char *log = events(f);
    assert_null(strstr(log, "power_warning"));
    assert_contains(log, "{\"t_ns\":3000,\"event\":\"power_cut\",\"cause\":\"fault\","
                    "\"warned\":false,\"acked\":false,");
}

/* A second warned failure inside the window changes nothing; a sudden one
 * cuts at once. */
static void test_power_failure_during_the_window(void **state)
{
    struct pfx *f = *state;
    boot(f);
    advance_to(f, 1000);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    advance_to(f, 5000);
    assert_true(psu_fail(&f->m.psu, CAUSE_BUTTON, false));
    assert_int_equal(rd(f, PWR(PWR_WARN_NS), 8), 1000);
    advance_to(f, 1000 + RESIDUAL - 1);
    assert_true(f->m.psu.on);
    advance_to(f, 1000 + RESIDUAL);
    assert_false(f->m.psu.on);
    advance_to(f, 1000 + RESIDUAL + OFF);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_RESTORED);   /* the first cause */
    assert_int_equal(f->m.psu.warnings, 1);

    uint64_t t = f->m.clk.cycle + 1000;
    advance_to(f, t);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    advance_to(f, t + 10);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    advance_to(f, t + 10);
    assert_false(f->m.psu.on);
    assert_int_equal(f->m.psu.cut_ns, t + 10);
}

static void test_power_button_register_cycles_with_reason_button(void **state)
{
    struct pfx *f = *state;
    boot(f);
    advance_to(f, 4000);
    wr32(f, PWR(PWR_BUTTON), PWR_BUTTON_PRESS);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), PWR_STATUS_FAILING);
    advance_to(f, 4000 + RESIDUAL - 1);
    assert_true(f->m.psu.on);
    advance_to(f, 4000 + RESIDUAL + OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_BUTTON);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 2);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":4000,\"event\":\"power_warning\",\"cause\":\"button\","
                    "\"cut_at_ns\":104000}\n");
    assert_contains(log, "\"event\":\"power_on\",\"reason\":\"button\",\"boot\":2,");
}

/* BUTTON 2 holds the button down: no window, the cut at the next boundary. */
static void test_power_button_held_cuts_at_once(void **state)
{
    struct pfx *f = *state;
    boot(f);
    advance_to(f, 4000);
    wr32(f, PWR(PWR_BUTTON), PWR_BUTTON_OFF_NOW);
    advance_to(f, 4000);
    assert_false(f->m.psu.on);
    advance_to(f, 4000 + OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_BUTTON);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":4000,\"event\":\"power_cut\",\"cause\":\"button\","
                    "\"warned\":false,");
}

static void test_power_boot_count_counts_every_power_on(void **state)
{
    struct pfx *f = *state;
    boot(f);
    for (uint32_t i = 2; i <= 5; i++) {
        assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
        advance_to(f, f->m.clk.cycle + OFF);
        assert_true(f->m.psu.on);
        assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), i);
    }
    /* Off: nothing can fail again. */
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    advance_to(f, f->m.clk.cycle);
    assert_false(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    assert_false(psu_ack(&f->m.psu));
}

/* Volatile device state is gone after the power-on. */
static void test_power_cut_resets_the_devices(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, PWR(PWR_CTRL), PWR_CTRL_IE);
    wr(f, PWR(PWR_MARK_ARG), 0x1122334455667788ull, 8);
    wr32(f, WDT(WDT_TIMEOUT_US), 500);
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);
    wr32(f, BUG(BUG_SELECT), 9);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 500);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    advance_to(f, OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_CTRL)), 0);
    assert_int_equal(rd(f, PWR(PWR_MARK_ARG), 8), 0);
    assert_int_equal(rd32(f, WDT(WDT_CTRL)), 0);
    assert_int_equal(rd32(f, WDT(WDT_TIMEOUT_US)), 1000000);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 0);
    assert_int_equal(rd32(f, BUG(BUG_SELECT)), 0);
    /* The watchdog's countdown died with the power: no expiry later. */
    advance_to(f, OFF + 2 * 500000);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 2);
}

/* residual_us = 0 models sudden loss: no warning even for a warned failure. */
static void test_power_residual_zero_is_sudden(void **state)
{
    struct pfx *f = *state;
    set(f, "power.residual_us=0");
    boot(f);
    wr32(f, PWR(PWR_CTRL), PWR_CTRL_IE);
    advance_to(f, 700);
    wr32(f, PWR(PWR_BUTTON), PWR_BUTTON_PRESS);
    assert_false(plic_pending(f, PLAT_POWER_IRQ));
    advance_to(f, 700);
    assert_false(f->m.psu.on);
    advance_to(f, 700 + OFF);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_BUTTON);
    assert_int_equal(rd32(f, PWR(PWR_RESIDUAL_US)), 0);
    assert_int_equal(rd(f, PWR(PWR_WARN_NS), 8), 0);
    assert_int_equal(evlog_count(&f->m.evlog, "power_warning"), 0);
}

/* DRAM comes back as garbage, SCM as it was; the hart is at the entry. */
static void test_power_on_dram_garbage_scm_kept(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr(f, DRAM_BASE + 0x100, 0x0123456789abcdefull, 8);
    wr(f, SCM_BASE + 0x100, 0x0123456789abcdefull, 8);
    f->m.hart->pc = SCM_BASE + 4;
    f->m.hart->x[5] = 55;
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    advance_to(f, OFF);
    assert_true(f->m.psu.on);
    assert_int_not_equal(rd(f, DRAM_BASE + 0x100, 8), 0x0123456789abcdefull);
    assert_int_equal(rd(f, SCM_BASE + 0x100, 8), 0x0123456789abcdefull);
    assert_int_equal(rd32(f, SCM_BASE), 0x0000006f);      /* the program survived */
    assert_int_equal(f->m.hart->pc, SCM_BASE);
    assert_int_equal(f->m.hart->x[5], 0);
    assert_int_equal(f->m.hart->x[11], f->m.fdt_addr);   /* a1: the device tree */
}

/* "mtime starts again from 0, as on a real board" (docs/power.md). */
static void test_power_on_restarts_mtime(void **state)
{
    struct pfx *f = *state;
    boot(f);
    advance_to(f, 3000);
    assert_int_equal(rd(f, PLAT_CLINT_BASE + CLINT_MTIME, 8), 30);   /* 10 MHz */
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, true));
    advance_to(f, 3000 + OFF);
    assert_true(f->m.psu.on);
    /* mtime counts from the last power-on, not from the start of the run. */
    assert_int_equal(rd(f, PLAT_CLINT_BASE + CLINT_MTIME, 8), 0);
    advance_to(f, 3000 + OFF + 1000);
    assert_int_equal(rd(f, PLAT_CLINT_BASE + CLINT_MTIME, 8), 10);
}

/* ---- the watchdog ---------------------------------------------------------- */

static void test_watchdog_expires_timeout_after_the_last_kick(void **state)
{
    struct pfx *f = *state;
    boot(f);
    advance_to(f, 1000);
    wr32(f, WDT(WDT_TIMEOUT_US), 50);
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 50);
    advance_to(f, 21000);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 30);
    wr32(f, WDT(WDT_KICK), WDT_KICK_VALUE);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 50);
    advance_to(f, 21000 + 50000 - 1);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 1);     /* 1 ns left, rounded up */
    advance_to(f, 21000 + 50000);
    assert_false(f->m.psu.on);                                /* no warning window */
    assert_int_equal(f->m.psu.cut_ns, 71000);
    advance_to(f, 71000 + OFF);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_WATCHDOG);
    assert_int_equal(rd32(f, WDT(WDT_CTRL)), 0);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 0);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":71000,\"event\":\"watchdog_expiry\",\"injected\":false}\n"
                    "{\"t_ns\":71000,\"event\":\"power_cut\",\"cause\":\"watchdog\","
                    "\"warned\":false,");
    assert_contains(log, "\"event\":\"power_on\",\"reason\":\"watchdog\",\"boot\":2,");
}

static void test_watchdog_new_timeout_restarts_and_disable_stops(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, WDT(WDT_TIMEOUT_US), 10);
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);
    advance_to(f, 8000);
    wr32(f, WDT(WDT_TIMEOUT_US), 20);          /* restarts with 20 us from now */
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 20);
    advance_to(f, 27999);
    assert_true(f->m.psu.on);
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);        /* already enabled: no restart */
    advance_to(f, 28000);
    assert_false(f->m.psu.on);
    advance_to(f, 28000 + OFF);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_WATCHDOG);

    /* Disabled, it never fires. */
    uint64_t t = f->m.clk.cycle;
    wr32(f, WDT(WDT_TIMEOUT_US), 10);
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);
    advance_to(f, t + 5000);
    wr32(f, WDT(WDT_CTRL), 0);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 0);
    advance_to(f, t + 100000);
    assert_true(f->m.psu.on);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 2);
}

/* ---- injected faults ------------------------------------------------------- */

static void test_fault_at_warns_at_its_time(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "cut:at=10us", NULL };
    boot_with(f, faults);
    advance_to(f, 9999);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), 0);
    advance_to(f, 10000);
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), PWR_STATUS_FAILING);
    advance_to(f, 10000 + RESIDUAL);
    assert_false(f->m.psu.on);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":10000,\"event\":\"fault\",\"kind\":\"cut\","
                    "\"spec\":\"cut:at=10us\",\"powered\":true,\"mode\":\"warned\"}\n"
                    "{\"t_ns\":10000,\"event\":\"power_warning\"");
    assert_int_equal(f->m.faults.injected[FK_CUT], 1);
}

/* Both lists are used, the config's and the command line's. */
static void test_fault_config_and_command_line_lists_both_count(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "button:at=20us", NULL };
    snprintf(f->c.faults_inject, sizeof f->c.faults_inject, "watchdog:at=5us");
    boot_with(f, faults);
    assert_int_equal(f->m.faults.n, 2);
    advance_to(f, 5000);
    assert_false(f->m.psu.on);              /* injected watchdog: at once */
    advance_to(f, 5000 + OFF);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_REASON)), BOOT_WATCHDOG);
    assert_contains(events(f), "{\"t_ns\":5000,\"event\":\"watchdog_expiry\",\"injected\":true}\n");
    /* The button came due at 20 us, while the machine was off. */
    assert_int_equal(f->m.faults.skipped, 1);
    assert_contains(events(f), "{\"t_ns\":20000,\"event\":\"fault\",\"kind\":\"button\","
                    "\"spec\":\"button:at=20us\",\"powered\":false}\n");
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), 0);
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), 2);
}

static void test_fault_insn_triggers(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "cut:insn=100,mode=sudden", "bug:id=2,insn=50", NULL };
    boot_with(f, faults);
    struct faults *fs = &f->m.faults;
    assert_int_equal(fault_next_insn(fs), 50);
    assert_int_equal(f->m.hart->insn_limit, 50);
    assert_int_equal(fault_insn_due(fs, 49), 0);
    assert_false(fault_bug_strike(fs, 2));
    assert_int_equal(fault_insn_due(fs, 50), 1);
    assert_int_equal(fault_next_insn(fs), 100);
    assert_int_equal(fault_insn_due(fs, 50), 0);       /* once */
    assert_true(fault_bug_strike(fs, 2));
    assert_false(fault_bug_strike(fs, 2));
    assert_int_equal(fault_insn_due(fs, 100), 1);
    assert_int_equal(fault_next_insn(fs), UINT64_MAX);
    advance_to(f, f->m.clk.cycle);
    assert_false(f->m.psu.on);
    assert_contains(events(f), "\"spec\":\"bug:id=2,insn=50\",\"powered\":true,"
                    "\"instret\":50,\"id\":2}\n");
}

/* A power-cycling mtbf fault counts its interval from each power-on: it is
 * not pending while the machine is off, and the mean uptime is mtbf. */
static void test_fault_mtbf_cut_counts_uptime_from_power_on(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "cut:mtbf=50us,mode=sudden", NULL };
    boot_with(f, faults);
    const struct event *ev = &f->m.faults.f[0].ev;
    uint64_t up_total = 0, on_at = 0;
    const int cycles = 400;
    for (int i = 0; i < cycles; i++) {
        assert_true(ev->queued);
        assert_true(ev->when > on_at);
        up_total += ev->when - on_at;
        advance_to(f, ev->when);
        assert_false(f->m.psu.on);
        assert_false(ev->queued);
        on_at = f->m.clk.cycle + OFF;
        advance_to(f, on_at);
        assert_true(f->m.psu.on);
    }
    assert_int_equal(rd32(f, PWR(PWR_BOOT_COUNT)), cycles + 1);
    assert_int_equal(f->m.psu.cuts_sudden, cycles);
    /* Mean of 400 exponential draws: 50 us +- 10 us is 4 standard deviations. */
    assert_in_range(up_total / cycles, 40000, 60000);
}

/* Bits flip where the log says, in what the CPU sees. */
static void test_fault_bitflip_flips_the_logged_bits(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "bitflip:at=1us,bits=3", NULL };
    boot_with(f, faults);
    struct region *dram = &f->m.regions[1];
    assert_string_equal(dram->name, "dram");
    uint8_t *before = malloc(dram->size);
    assert_non_null(before);
    memcpy(before, dram->mem, dram->size);
    advance_to(f, 1000);
    int flipped = 0;
    for (uint64_t i = 0; i < dram->size; i++)
        flipped += __builtin_popcount(before[i] ^ dram->mem[i]);
    assert_int_equal(flipped, 3);
    const char *p = events(f);
    int lines = 0;
    while ((p = strstr(p, "\"kind\":\"bitflip\""))) {
        unsigned long long addr;
        unsigned bit;
        const char *a = strstr(p, "\"region\":\"dram\",\"addr\":\"");
        assert_non_null(a);
        assert_int_equal(sscanf(a, "\"region\":\"dram\",\"addr\":\"0x%llx\",\"bit\":%u", &addr,
                                &bit), 2);
        assert_true(addr >= DRAM_BASE && addr < DRAM_BASE + dram->size && bit < 8);
        assert_int_equal((before[addr - DRAM_BASE] ^ dram->mem[addr - DRAM_BASE]) >> bit & 1, 1);
        lines++;
        p++;
    }
    assert_int_equal(lines, 3);
    free(before);
}

/* ---- the bug trigger -------------------------------------------------------- */

static int strikes(struct pfx *f, unsigned id, int n, uint8_t *seq)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool s = fault_bug_strike(&f->m.faults, id);
        if (seq)
            seq[i] = s;
        k += s;
    }
    return k;
}

static void test_bug_p_zero_never_p_one_always(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "bug:id=1,p=0", "bug:id=2,p=1", NULL };
    boot_with(f, faults);
    assert_int_equal(strikes(f, 1, 10000, NULL), 0);
    assert_int_equal(strikes(f, 2, 10000, NULL), 10000);
    assert_int_equal(strikes(f, 3, 10000, NULL), 0);   /* no spec: never */
    assert_int_equal(f->m.faults.bug_strikes, 10000);
    assert_int_equal(evlog_count(&f->m.evlog, "bug_strike"), 10000);
    /* Through the device, as a guest asks. */
    wr32(f, BUG(BUG_SELECT), 2);
    assert_int_equal(rd32(f, BUG(BUG_SELECT)), 2);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 1);
    wr32(f, BUG(BUG_SELECT), 1);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 0);
}

#define DRAWS 10000

/* p = 0.5: near half (4 standard deviations: 5000 +- 200), the same
 * sequence for the same seed, another for another seed, and a second spec
 * does not move the first one's stream. */
static void test_bug_p_half_is_fair_and_reproducible(void **state)
{
    struct pfx *f = *state;
    static uint8_t a[DRAWS], b[DRAWS], c[DRAWS], d[DRAWS];
    static const char *const one[] = { "bug:id=4,p=0.5", NULL };
    static const char *const two[] = { "bug:id=5,p=0.5", "bug:id=4,p=0.5", NULL };

    boot_with(f, one);
    int k = strikes(f, 4, DRAWS, a);
    assert_in_range(k, 4800, 5200);
    machine_free(&f->m);
    f->built = false;

    boot_with(f, one);
    strikes(f, 4, DRAWS, b);
    assert_memory_equal(a, b, DRAWS);
    machine_free(&f->m);
    f->built = false;

    boot_with(f, two);
    for (int i = 0; i < DRAWS; i++) {
        c[i] = fault_bug_strike(&f->m.faults, 4);
        fault_bug_strike(&f->m.faults, 5);      /* interleaved questions about another bug */
    }
    assert_memory_equal(a, c, DRAWS);
    machine_free(&f->m);
    f->built = false;

    f->c.seed = 8;
    boot_with(f, one);
    strikes(f, 4, DRAWS, d);
    assert_memory_not_equal(a, d, DRAWS);
}

static void test_bug_at_strikes_once_at_or_after_its_time(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "bug:id=6,at=10us", NULL };
    boot_with(f, faults);
    wr32(f, BUG(BUG_SELECT), 6);
    advance_to(f, 9999);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 0);
    advance_to(f, 10000);
    wr32(f, BUG(BUG_SELECT), 7);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 0);     /* another bug */
    advance_to(f, 50000);
    wr32(f, BUG(BUG_SELECT), 6);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 1);
    assert_int_equal(rd32(f, BUG(BUG_STRIKE)), 0);     /* once */
    assert_contains(events(f), "{\"t_ns\":50000,\"event\":\"bug_strike\",\"id\":6}\n");
}

/* ---- 64-bit registers -------------------------------------------------------- */

static void test_power_64bit_registers_read_as_two_halves(void **state)
{
    struct pfx *f = *state;
    boot(f);
    /* NOW_NS crosses 2^32 between the two halves: the high half belongs to
     * the value the low half was read from. */
    advance_to(f, 0x1ffffffffull);
    assert_int_equal(rd32(f, PWR(PWR_NOW_NS)), 0xffffffffu);
    advance_to(f, 0x200000000ull);
    assert_int_equal(rd32(f, PWR(PWR_NOW_NS + 4)), 1);
    assert_int_equal(rd(f, PWR(PWR_NOW_NS), 8), 0x200000000ull);
    assert_int_equal(rd64_halves(f, PWR_NOW_NS), 0x200000000ull);

    /* Timestamps above 2^32 ns read the same both ways. */
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    advance_to(f, 0x200000000ull + 777);
    wr32(f, PWR(PWR_ACK), PWR_ACK_VALUE);
    advance_to(f, 0x200000000ull + RESIDUAL + OFF);
    static const uint64_t regs[] = { PWR_WARN_NS, PWR_ACK_NS, PWR_CUT_NS, PWR_RESTORE_NS };
    static const uint64_t want[] = { 0x200000000ull, 0x200000000ull + 777,
                                     0x200000000ull + RESIDUAL,
                                     0x200000000ull + RESIDUAL + OFF };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(rd(f, PWR(regs[i]), 8), want[i]);
        assert_int_equal(rd64_halves(f, regs[i]), want[i]);
    }

    /* MARK_ARG: written as halves or whole, read as halves or whole. */
    wr32(f, PWR(PWR_MARK_ARG), 0x89abcdef);
    wr32(f, PWR(PWR_MARK_ARG + 4), 0x01234567);
    assert_int_equal(rd(f, PWR(PWR_MARK_ARG), 8), 0x0123456789abcdefull);
    wr(f, PWR(PWR_MARK_ARG), 0xfedcba9876543210ull, 8);
    assert_int_equal(rd64_halves(f, PWR_MARK_ARG), 0xfedcba9876543210ull);
    wr32(f, PWR(PWR_MARK_ARG + 4), 0);
    assert_int_equal(rd(f, PWR(PWR_MARK_ARG), 8), 0x76543210ull);
}

static void test_power_mark_logs_milestones(void **state)
{
    struct pfx *f = *state;
    boot(f);
    static const char *const names[] = { NULL, "saved", "resumed", "cold_booted", "restarted",
                                         "first_request", "fault_detected", "user",
                                         "rolled_back", "checkpointed" };
    for (uint32_t i = 1; i <= 9; i++) {
        advance_to(f, 1000 * i);
        wr(f, PWR(PWR_MARK_ARG), 100 + i, 8);
        wr32(f, PWR(PWR_MARK), i);
        char want[128];
        snprintf(want, sizeof want, "{\"t_ns\":%u,\"event\":\"guest\",\"milestone\":\"%s\","
                 "\"arg\":%u}\n", 1000 * i, names[i], 100 + i);
        assert_contains(events(f), want);
    }
    assert_int_equal(evlog_count(&f->m.evlog, "guest"), 9);
}

/* ---- guest errors --------------------------------------------------------- */

struct guest_error_case {
    const char *what;
    uint64_t pa;
    uint64_t val;
    unsigned size;
    bool read;
};

static void test_power_devices_report_guest_errors(void **state)
{
    struct pfx *f = *state;
    boot(f);
    wr32(f, WDT(WDT_TIMEOUT_US), 300);
    static const struct guest_error_case cases[] = {
        { "ACK with no warning",         PWR(PWR_ACK), PWR_ACK_VALUE, 4, false },
        { "ACK with a wrong value",      PWR(PWR_ACK), 0x41434b20, 4, false },
        { "BUTTON other than 1 or 2",    PWR(PWR_BUTTON), 3, 4, false },
        { "MARK 0",                      PWR(PWR_MARK), 0, 4, false },
        { "MARK past the last",          PWR(PWR_MARK), MARK_COUNT, 4, false },
        { "CTRL bit 1",                  PWR(PWR_CTRL), 2, 4, false },
        { "write to MAGIC",              PWR(PWR_MAGIC), 1, 4, false },
        { "write to NOW_NS",             PWR(PWR_NOW_NS), 1, 4, false },
        { "2-byte read",                 PWR(PWR_STATUS), 0, 2, true },
        { "8-byte read of a 32-bit reg", PWR(PWR_CTRL), 0, 8, true },
        { "8-byte write to CTRL",        PWR(PWR_CTRL), 1, 8, false },
        { "watchdog TIMEOUT_US 0",       WDT(WDT_TIMEOUT_US), 0, 4, false },
        { "watchdog TIMEOUT_US too big", WDT(WDT_TIMEOUT_US), WDT_TIMEOUT_MAX_US + 1, 4, false },
        { "watchdog KICK while disabled", WDT(WDT_KICK), WDT_KICK_VALUE, 4, false },
        { "watchdog CTRL bit 1",         WDT(WDT_CTRL), 2, 4, false },
        { "watchdog write REMAINING_US", WDT(WDT_REMAINING_US), 5, 4, false },
        { "bug SELECT 99",               BUG(BUG_SELECT), 99, 4, false },
        { "bug SELECT 16",               BUG(BUG_SELECT), 16, 4, false },
        { "bug write STRIKE",            BUG(BUG_STRIKE), 1, 4, false },
    };
    capture_begin(&f->cap);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct guest_error_case *g = &cases[i];
        uint64_t before = dev_guest_error_count(), v;
        if (g->read)
            bus_read(&f->m.bus, g->pa, g->size, &v);
        else
            bus_write(&f->m.bus, g->pa, g->size, g->val);
        if (dev_guest_error_count() != before + 1) {
            capture_end(&f->cap);
            fail_msg("%s: %llu guest errors, want 1", g->what,
                     (unsigned long long)(dev_guest_error_count() - before));
        }
    }
    /* The watchdog's own KICK check needs it enabled. */
    wr32(f, WDT(WDT_CTRL), WDT_CTRL_EN);
    uint64_t before = dev_guest_error_count();
    wr32(f, WDT(WDT_KICK), 0x4b43494a);
    assert_int_equal(dev_guest_error_count(), before + 1);
    capture_end(&f->cap);
    assert_contains(f->cap.text, "simscm: power: register BUTTON: value 0x3:");
    assert_contains(f->cap.text, "simscm: watchdog: register TIMEOUT_US: value 0x0:");
    assert_contains(f->cap.text, "simscm: bugtrig: register SELECT: value 0x63:");

    /* And none of them changed anything. */
    assert_int_equal(rd32(f, PWR(PWR_STATUS)), 0);
    assert_int_equal(rd32(f, PWR(PWR_CTRL)), 0);
    assert_int_equal(evlog_count(&f->m.evlog, "guest"), 0);
    assert_int_equal(evlog_count(&f->m.evlog, "power_warning"), 0);
    assert_int_equal(rd32(f, WDT(WDT_TIMEOUT_US)), 300);
    assert_int_equal(rd32(f, WDT(WDT_REMAINING_US)), 300);   /* the bad kick restarted nothing */
    assert_int_equal(rd32(f, BUG(BUG_SELECT)), 0);

    /* The good values next to the bad ones are not errors. */
    before = dev_guest_error_count();
    wr32(f, WDT(WDT_TIMEOUT_US), WDT_TIMEOUT_MAX_US);
    wr32(f, WDT(WDT_KICK), WDT_KICK_VALUE);
    wr32(f, BUG(BUG_SELECT), 15);
    wr32(f, PWR(PWR_MARK), 7);
    wr32(f, PWR(PWR_CTRL), 1);
    assert_true(psu_fail(&f->m.psu, CAUSE_FAULT, false));
    wr32(f, PWR(PWR_ACK), PWR_ACK_VALUE);
    assert_int_equal(dev_guest_error_count(), before);
    /* A second ACK of the same warning is an error. */
    wr32(f, PWR(PWR_ACK), PWR_ACK_VALUE);
    assert_int_equal(dev_guest_error_count(), before + 1);
}

/* ---- the real run loop ------------------------------------------------------ */

/* A warned cut in the functional mode: warning at the fault's time, cut
 * exactly residual_us later, power-on off_ms after that; the program in SCM
 * runs again and the run ends at the instruction limit. */
static void test_powercycle_run_loop_warned_cut(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "cut:at=5us", NULL };
    f->c.max_insns = 200000;
    boot_with(f, faults);
    capture_begin(&f->cap);
    int rc = machine_run(&f->m);
    capture_end(&f->cap);
    assert_int_equal(rc, EXIT_INSN_LIMIT);
    assert_int_equal(f->m.hart->instret, 200000);
    /* 5 us + 100 us on, 1 ms off, then the remaining instructions. */
    assert_int_equal(f->m.clk.cycle, 200000 + OFF);
    assert_int_equal(machine_power_off(&f->m), 0);
    assert_string_equal(events(f),
        "{\"t_ns\":0,\"event\":\"power_on\",\"reason\":\"cold\",\"boot\":1,\"off_ns\":0}\n"
        "{\"t_ns\":5000,\"event\":\"fault\",\"kind\":\"cut\",\"spec\":\"cut:at=5us\","
        "\"powered\":true,\"mode\":\"warned\"}\n"
        "{\"t_ns\":5000,\"event\":\"power_warning\",\"cause\":\"fault\",\"cut_at_ns\":105000}\n"
        "{\"t_ns\":105000,\"event\":\"power_cut\",\"cause\":\"fault\",\"warned\":true,"
        "\"acked\":false,\"dirty_lines_lost\":0,\"dirty_lines_flushed\":0}\n"
        "{\"t_ns\":1105000,\"event\":\"power_on\",\"reason\":\"restored\",\"boot\":2,"
        "\"off_ns\":1000000}\n"
        "{\"t_ns\":1200000,\"event\":\"run_end\",\"reason\":\"max-insns\",\"code\":124,"
        "\"instret\":200000}\n");
}

/* An instruction trigger acts exactly after that instruction. */
static void test_powercycle_run_loop_insn_trigger_is_exact(void **state)
{
    struct pfx *f = *state;
    static const char *const faults[] = { "cut:insn=1000,mode=sudden", NULL };
    f->c.max_insns = 5000;
    boot_with(f, faults);
    capture_begin(&f->cap);
    int rc = machine_run(&f->m);
    capture_end(&f->cap);
    assert_int_equal(rc, EXIT_INSN_LIMIT);
    const char *log = events(f);
    assert_contains(log, "{\"t_ns\":1000,\"event\":\"fault\",\"kind\":\"cut\","
                    "\"spec\":\"cut:insn=1000,mode=sudden\",\"powered\":true,"
                    "\"instret\":1000,\"mode\":\"sudden\"}\n");
    /* The cut comes before instruction 1001 retires. */
    assert_contains(log, "{\"t_ns\":1000,\"event\":\"power_cut\",\"cause\":\"fault\","
                    "\"warned\":false,");
    assert_contains(log, "{\"t_ns\":1001000,\"event\":\"power_on\",\"reason\":\"restored\","
                    "\"boot\":2,\"off_ns\":1000000}\n");
    assert_int_equal(f->m.hart->instret, 5000);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_power_first_boot_is_cold),
        T(test_power_warned_failure_interrupts_then_cuts_after_residual),
        T(test_power_ack_lowers_the_line_but_the_cut_still_comes),
        T(test_power_sudden_cut_has_no_warning),
        T(test_power_failure_during_the_window),
        T(test_power_button_register_cycles_with_reason_button),
        T(test_power_button_held_cuts_at_once),
        T(test_power_boot_count_counts_every_power_on),
        T(test_power_cut_resets_the_devices),
        T(test_power_residual_zero_is_sudden),
        T(test_power_on_dram_garbage_scm_kept),
        T(test_power_on_restarts_mtime),
        T(test_watchdog_expires_timeout_after_the_last_kick),
        T(test_watchdog_new_timeout_restarts_and_disable_stops),
        T(test_fault_at_warns_at_its_time),
        T(test_fault_config_and_command_line_lists_both_count),
        T(test_fault_insn_triggers),
        T(test_fault_mtbf_cut_counts_uptime_from_power_on),
        T(test_fault_bitflip_flips_the_logged_bits),
        T(test_bug_p_zero_never_p_one_always),
        T(test_bug_p_half_is_fair_and_reproducible),
        T(test_bug_at_strikes_once_at_or_after_its_time),
        T(test_power_64bit_registers_read_as_two_halves),
        T(test_power_mark_logs_milestones),
        T(test_power_devices_report_guest_errors),
        T(test_powercycle_run_loop_warned_cut),
        T(test_powercycle_run_loop_insn_trigger_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
