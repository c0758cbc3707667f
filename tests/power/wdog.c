/*
 * wdog.c -- the watchdog expires when nobody kicks it.  Boot 1 sets
 * TIMEOUT_US to 3000, enables it between two NOW_NS reads (t0, t1), checks
 * REMAINING_US right away (3000) and 1 ms later (2000, rounded up), and then
 * waits without kicking.  The watchdog power-cycles the machine; boot 2
 * checks BOOT_REASON = watchdog, that the watchdog came back disabled
 * (CTRL 0, REMAINING_US 0, TIMEOUT_US back at its default), and prints
 * "wdog: ..." with t0, t1 and CUT_NS so run.sh can check that the cut came
 * 3 ms after the enable.
 */
#include "power.h"

#define TIMEOUT_US 3000

struct pstate {
    uint64_t t0, t1;            /* NOW_NS just before and after the enable */
    uint64_t rem_start;         /* REMAINING_US right after the enable */
    uint64_t rem_1ms;           /* REMAINING_US 1 ms later */
};
#define PS ((volatile struct pstate *)PSTATE)

int main(void)
{
    if (boot_count() == 1) {
        expect("magic", rd32(WDT(WDT_MAGIC)), WDT_MAGIC_VALUE);
        expect("version", rd32(WDT(WDT_VERSION)), 1);
        expect("default timeout", rd32(WDT(WDT_TIMEOUT_US)), 1000000);
        expect("remaining while disabled", rd32(WDT(WDT_REMAINING_US)), 0);
        wr32(WDT(WDT_TIMEOUT_US), TIMEOUT_US);
        uint64_t t0 = now_ns();
        wr32(WDT(WDT_CTRL), WDT_CTRL_EN);
        uint64_t t1 = now_ns();
        PS->t0 = t0;
        PS->t1 = t1;
        PS->rem_start = rd32(WDT(WDT_REMAINING_US));
        while (now_ns() < t0 + 1000000)
            ;
        PS->rem_1ms = rd32(WDT(WDT_REMAINING_US));
        persist(PS, sizeof *PS);
        if (failures)
            return 1;
        wait_for_cut(t0 + 20000000);
    }
    uint64_t cut = rd64(PWR(PWR_CUT_NS));
    puts_("wdog:");
    kv("reason", boot_reason());
    kv("count", boot_count());
    kv("t0", PS->t0);
    kv("t1", PS->t1);
    kv("cut_ns", cut);
    kv("restore_ns", rd64(PWR(PWR_RESTORE_NS)));
    kv("warn_ns", rd64(PWR(PWR_WARN_NS)));
    kv("rem_start", PS->rem_start);
    kv("rem_1ms", PS->rem_1ms);
    putch('\n');
    expect("boot 2 reason", boot_reason(), BOOT_WATCHDOG);
    expect("boot count", boot_count(), 2);
    expect("remaining right after the enable", PS->rem_start, TIMEOUT_US);
    expect("remaining 1 ms later", PS->rem_1ms, TIMEOUT_US - 1000);
    expect("ctrl after power-on", rd32(WDT(WDT_CTRL)), 0);
    expect("remaining after power-on", rd32(WDT(WDT_REMAINING_US)), 0);
    expect("timeout after power-on", rd32(WDT(WDT_TIMEOUT_US)), 1000000);
    expect("no warning before a watchdog cut", rd64(PWR(PWR_WARN_NS)), 0);
    return failures;
}
