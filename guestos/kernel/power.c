/*
 * power.c -- the driver of simscm's power controller (sim/devices/power.c,
 * docs/power.md): the power-fail warning, the acknowledge, the boot reason,
 * the platform's clock, and the milestones the kernel reports for the
 * event log.
 *
 * The warning interrupt only sets power_failing and masks the device; the
 * work is done by the scheduler (resume.c: power_save), once the running
 * process has given up the hart.  Interrupt handlers and processes never
 * save anything themselves.
 *
 * Volatile: a device; every boot and every resume runs power_init() again.
 * On a machine without the device (QEMU's virt), present stays 0 and every
 * call here does nothing.
 */
#include "types.h"
#include "platform.h"
#include "defs.h"

static int present VOLATILE_STATE;
int power_failing VOLATILE_STATE;

static inline volatile uint32 *r32(int off)
{
    return (volatile uint32 *)(PLAT_POWER_BASE + off);
}

static inline volatile uint64 *r64(int off)
{
    return (volatile uint64 *)(PLAT_POWER_BASE + off);
}

void power_init(int in_tree)
{
    present = 0;
    power_failing = 0;
    if (!in_tree)
        return;
    if (*r32(PWR_MAGIC) != PWR_MAGIC_VALUE) {
        printf("power: device tree lists it but no device answers; not used\n");
        return;
    }
    present = 1;
    *r32(PWR_CTRL) = PWR_CTRL_IE;
    plic_enable(PLAT_POWER_IRQ);
}

int power_present(void)
{
    return present;
}

/* The warning: note it and mask the line (it stays up until the ACK). */
void power_intr(void)
{
    *r32(PWR_CTRL) = 0;
    if (*r32(PWR_STATUS) & PWR_STATUS_FAILING)
        power_failing = 1;
}

void power_ack(void)
{
    if (present)
        *r32(PWR_ACK) = PWR_ACK_VALUE;
}

void power_mark(int milestone, uint64 arg)
{
    if (!present)
        return;
    *r64(PWR_MARK_ARG) = arg;
    *r32(PWR_MARK) = milestone;
}

int power_boot_reason(void)
{
    return present ? (int)*r32(PWR_BOOT_REASON) : BOOT_COLD;
}

/* Simulated ns since the run started (the platform's clock, which goes on
 * across power cycles); 0 without the device. */
uint64 power_now_ns(void)
{
    return present ? *r64(PWR_NOW_NS) : 0;
}

/* One of the timestamp registers (PWR_WARN_NS, PWR_RESTORE_NS, ...). */
uint64 power_time_ns(int reg)
{
    return present ? *r64(reg) : 0;
}

/* Tell the simulator where the status table is (sysstat.c). */
void power_status_table(uint64 pa)
{
    if (present)
        *r64(PWR_STATUS_TABLE) = pa;
}

/* Press the power button: a warned power cycle (the fault detector's way
 * out).  The save then ends with power_off_now, not with the wait for the
 * end of the supply's window: the kernel asked for this cycle. */
static int self_cycle VOLATILE_STATE;

void power_button(void)
{
    if (present) {
        self_cycle = 1;
        *r32(PWR_BUTTON) = PWR_BUTTON_PRESS;
    }
}

/* After a save the kernel asked for: cut now (the button held down). */
void power_off_if_asked(void)
{
    if (present && self_cycle)
        *r32(PWR_BUTTON) = PWR_BUTTON_OFF_NOW;
}
