/*
 * cycles.c -- many power cycles in one run.  Built with -DCYCLES=N.  Every
 * boot adds one to a boot counter kept in SCM (cbo.clean), checks it against
 * BOOT_COUNT and BOOT_REASON (cold at boot 1, button after), and presses the
 * power button; boot N prints "cycles: boots=N ..." and ends through the
 * test finisher.  Any mismatch ends the run with a failure at once.
 */
#include "power.h"

#ifndef CYCLES
#error "build with -DCYCLES=N"
#endif

struct pstate {
    uint64_t boots;
    uint64_t seen_button;       /* boots with reason button */
};
#define PS ((volatile struct pstate *)PSTATE)

int main(void)
{
    uint32_t count = boot_count();
    PS->boots++;
    if (boot_reason() == BOOT_BUTTON)
        PS->seen_button++;
    persist(PS, sizeof *PS);
    expect("boots counted in SCM vs BOOT_COUNT", PS->boots, count);
    expect("boot reason", boot_reason(), count == 1 ? BOOT_COLD : BOOT_BUTTON);
    if (failures)
        return 1;
    if (count < CYCLES) {
        press_button();
        wait_for_cut(now_ns() + 50000000);
    }
    puts_("cycles:");
    kv("boots", PS->boots);
    kv("button_boots", PS->seen_button);
    kv("now_ns", now_ns());
    putch('\n');
    return 0;
}
