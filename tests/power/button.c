/*
 * button.c -- the power button from the guest: writing PWR_BUTTON is a
 * warned power cycle, and the machine comes back with boot reason "button".
 *
 * Boot 1 enables the warning interrupt, presses the button and waits; the
 * handler acknowledges.  Boot 2 checks BOOT_REASON = button, BOOT_COUNT = 2,
 * that the warning came (one interrupt), and prints "button: ..." with the
 * controller's timestamps.
 */
#include "power.h"

struct pstate {
    uint64_t irqs;
    uint64_t press_ns;          /* NOW_NS just before the press */
};
#define PS ((volatile struct pstate *)PSTATE)

void trap(uint64_t mcause, uint64_t mepc)
{
    (void)mepc;
    if (mcause != MCAUSE_MEI)
        finish(91);
    uint32_t id = rd32(PLIC_CLAIM);
    wr32(PWR(PWR_ACK), PWR_ACK_VALUE);
    wr32(PLIC_CLAIM, id);
    PS->irqs++;
    persist(PS, sizeof *PS);
}

int main(void)
{
    if (boot_count() == 1) {
        wr32(PWR(PWR_CTRL), PWR_CTRL_IE);
        irq_enable(PLAT_POWER_IRQ);
        PS->press_ns = now_ns();
        persist(PS, sizeof *PS);
        press_button();
        wait_for_cut(50000000);
    }
    puts_("button:");
    kv("reason", boot_reason());
    kv("count", boot_count());
    kv("irqs", PS->irqs);
    kv("press_ns", PS->press_ns);
    kv("warn_ns", rd64(PWR(PWR_WARN_NS)));
    kv("cut_ns", rd64(PWR(PWR_CUT_NS)));
    kv("restore_ns", rd64(PWR(PWR_RESTORE_NS)));
    putch('\n');
    expect("boot 2 reason", boot_reason(), BOOT_BUTTON);
    expect("boot count", boot_count(), 2);
    expect("warning interrupts", PS->irqs, 1);
    return failures;
}
