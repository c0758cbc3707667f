/*
 * kick.c -- a watchdog that is kicked in time never fires.  Enables the
 * watchdog with a 1 ms timeout and kicks it every 250 us for 30 ms of
 * simulated time (30 timeouts), checking REMAINING_US before each kick;
 * then sets a 5 ms timeout, which must restart the countdown at 5000 us,
 * disables it and ends.  A second boot means the watchdog fired:
 * the program says so and fails.  Prints "kick: ...".
 */
#include "power.h"

#define TIMEOUT_US 1000
#define EVERY_NS   250000
#define RUN_NS     30000000

int main(void)
{
    if (boot_count() != 1) {
        puts_("FAIL kick: the machine was power-cycled, reason ");
        putu(boot_reason());
        putch('\n');
        return 1;
    }
    wr32(WDT(WDT_TIMEOUT_US), TIMEOUT_US);
    wr32(WDT(WDT_CTRL), WDT_CTRL_EN);
    uint64_t start = now_ns(), last = start, kicks = 0;
    uint32_t min_rem = TIMEOUT_US;
    for (uint64_t t = start; t < start + RUN_NS; t = now_ns()) {
        if (t - last < EVERY_NS)
            continue;
        uint32_t rem = rd32(WDT(WDT_REMAINING_US));
        if (rem < min_rem)
            min_rem = rem;
        wr32(WDT(WDT_KICK), WDT_KICK_VALUE);
        last = t;
        kicks++;
    }
    /* A new timeout while enabled restarts the countdown with it. */
    wr32(WDT(WDT_TIMEOUT_US), 5000);
    uint32_t rem_new = rd32(WDT(WDT_REMAINING_US));
    wr32(WDT(WDT_CTRL), 0);
    expect("remaining after a new timeout", rem_new, 5000);
    puts_("kick:");
    kv("kicks", kicks);
    kv("min_remaining_us", min_rem);
    kv("ran_ns", now_ns() - start);
    kv("count", boot_count());
    putch('\n');
    expect("remaining after disable", rd32(WDT(WDT_REMAINING_US)), 0);
    expect("kicks", kicks >= RUN_NS / EVERY_NS - 1, 1);
    expect("remaining never below 3/4 of the timeout minus a little",
           min_rem >= TIMEOUT_US * 3 / 4 - 10, 1);
    return failures;
}
