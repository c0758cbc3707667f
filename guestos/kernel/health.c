/*
 * health.c -- the kernel watches its own health, and what it does when it
 * is sick: the other half of the buggy-process catalogue (bugdrv.c).
 *
 * What is watched, and how a fault is noticed:
 *   - the kernel stops running (a driver spins with interrupts off): the
 *     platform's watchdog, kicked by the scheduler on every pass, expires
 *     and power-cycles the machine without a warning; the next power-on
 *     rolls back to the last fixpoint (fixpoint.c);
 *   - DRAM pages that belong to no process: every HEALTH_MS the DRAM pool's
 *     use is compared with what the processes own; more than a sixteenth of
 *     the pool unaccounted for is a leak;
 *   - kernel state held in DRAM: the drivers' interrupt counts live in a
 *     DRAM page between two canaries, with a checksum; a check finds them
 *     overwritten;
 *   - a deadlock: a wait on a driver lock that lasts DEADLOCK_MS.
 * What happens then is the boot configuration's recovery policy:
 *   powercycle  press the power button: the persistent processes are saved
 *               and resume, the rest (the buggy program too) starts afresh
 *               from its program -- this project's idea;
 *   reboot      a full reboot: nothing saved, the fixpoints forgotten, a
 *               cold boot -- the baseline.
 * Either way the fault goes to the event log (milestone fault_detected,
 * its arg the BUGDRV_* kind) and the console.
 *
 * Also here: the bug trigger (does a workload's bug strike now?) and the
 * watchdog's kicks.  Volatile: health_init runs at every boot and resume.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "platform.h"
#include "defs.h"

#define HEALTH_MS     10        /* how often the checks run */
#define DEADLOCK_MS   200       /* a wait on a driver lock this long is a deadlock */
#define WDOG_MS       100       /* the watchdog's timeout */
#define CANARY        0x4b52444d4f4e4143UL    /* "CANOMDRK" */

/* The drivers' state that lives in DRAM (volatile by nature). */
struct kdram {
    uint64 canary0;
    uint64 irqs[64];            /* interrupts taken, per PLIC source */
    uint64 sum;                 /* sum of irqs[] */
    uint64 canary1;
};

static struct kdram *kd VOLATILE_STATE;
static int wdt VOLATILE_STATE, bugtrig VOLATILE_STATE;
static uint64 last_check VOLATILE_STATE, last_kick VOLATILE_STATE;
static int faulted VOLATILE_STATE;
int reboot_pending VOLATILE_STATE;

static inline volatile uint32 *wdt_reg(int off)
{
    return (volatile uint32 *)(PLAT_WATCHDOG_BASE + off);
}

static inline volatile uint32 *bug_reg(int off)
{
    return (volatile uint32 *)(PLAT_BUGTRIG_BASE + off);
}

void health_init(void)
{
    faulted = reboot_pending = 0;
    last_check = last_kick = ticks;
    wdt = bootinfo.has_watchdog && *wdt_reg(WDT_MAGIC) == WDT_MAGIC_VALUE;
    bugtrig = bootinfo.has_bugtrig && *bug_reg(BUG_MAGIC) == BUG_MAGIC_VALUE;
    if (wdt) {
        *wdt_reg(WDT_TIMEOUT_US) = WDOG_MS * 1000;
        *wdt_reg(WDT_CTRL) = WDT_CTRL_EN;
    }
    kd = pool_present(POOL_DRAM) ? kalloc(POOL_DRAM) : 0;
    if (kd) {
        kd->canary0 = kd->canary1 = CANARY;
        kd->sum = 0;
    }
}

/* The watchdog stops: a save and the wait for the cut must not be cut by it. */
void health_stop(void)
{
    if (wdt)
        *wdt_reg(WDT_CTRL) = 0;
}

void health_irq(int irq)
{
    if (kd && irq > 0 && irq < 64) {
        kd->irqs[irq]++;
        kd->sum++;
    }
}

/* The corrupting driver path (bugdrv.c): it writes over the page. */
void health_scribble(void)
{
    if (kd)
        memset(kd, 0x6b, sizeof *kd);
}

int health_bug_strikes(int id)
{
    if (!bugtrig || id < 0 || id >= BUG_IDS)
        return 0;
    *bug_reg(BUG_SELECT) = id;
    return *bug_reg(BUG_STRIKE);
}

/* A fault the kernel cannot cure by killing a process: apply the policy. */
void health_fault(int kind, const char *what)
{
    if (faulted++)
        return;
    printf("\nfault detected: %s; %s\n", what,
           bootinfo.recovery_reboot ? "full reboot (recovery policy reboot)" :
                                      "power cycle (recovery policy powercycle)");
    power_mark(MARK_FAULT, kind);
    if (bootinfo.recovery_reboot) {
        reboot_pending = 1;
        fixpoint_forget();
    }
    if (power_present())
        power_button();
    else
        halt(1);
}

static void check(void)
{
    uint64 sum = 0;
    if (kd) {
        for (int i = 0; i < 64; i++)
            sum += kd->irqs[i];
        if (kd->canary0 != CANARY || kd->canary1 != CANARY || kd->sum != sum) {
            health_fault(BUGDRV_CORRUPT, "kernel state in DRAM overwritten");
            return;
        }
    }
    /* DRAM in use that no process owns (the one page above is the kernel's). */
    uint64 used = pool_total(POOL_DRAM) - pool_free(POOL_DRAM);
    uint64 owned = proc_dram_owned() + (kd != 0);
    uint64 leaked = used > owned ? used - owned : 0;
    if (pool_present(POOL_DRAM) && leaked > pool_total(POOL_DRAM) / 16) {
        health_fault(BUGDRV_LEAK, "DRAM pages that belong to no process (a leak)");
        return;
    }
    if (bugdrv_longest_wait() * TICK_US >= DEADLOCK_MS * 1000)
        health_fault(FAULT_DEADLOCK, "processes waiting for each other's kernel locks "
                     "(a deadlock)");
}

/* A long job of the kernel's own (a checkpoint) keeps the watchdog quiet. */
void health_kick(void)
{
    if (wdt)
        *wdt_reg(WDT_KICK) = WDT_KICK_VALUE;
}

/* The scheduler's pass: kick the watchdog, and now and then check. */
void health_tick(void)
{
    if (faulted)
        return;
    if (wdt && ticks != last_kick) {
        last_kick = ticks;
        *wdt_reg(WDT_KICK) = WDT_KICK_VALUE;
    }
    if ((ticks - last_check) * TICK_US >= HEALTH_MS * 1000) {
        last_check = ticks;
        check();
    }
}
