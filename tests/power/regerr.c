/*
 * regerr.c -- a guest that misprograms the power controller, the watchdog
 * and the bug trigger.  Every bad access must be reported by simscm on
 * stderr as "simscm: DEVICE: register REG: value 0x...: what" (run.sh checks
 * the lines) and otherwise ignored: the program checks that no bad write
 * changed anything, that no power cycle happened, and ends.
 *
 *   power     ACK 0x12345678 (wrong value, and no warning pending) twice,
 *             BUTTON 7 twice, MARK_COUNT (one past the last), CTRL 6, a write to MAGIC, a byte read
 *             of VERSION, a write outside the map (0x800)
 *   watchdog  TIMEOUT_US 0, then 60000001; KICK while disabled, then KICK
 *             0x1234 (wrong value) while enabled; CTRL 2
 *   bugtrig   SELECT 99 (no such bug), a write to STRIKE
 *
 * 16 bad accesses to 12 registers: simscm counts every one in the stats
 * but names each register on stderr once, with the first bad value.
 */
#include "power.h"

int main(void)
{
    /* power controller */
    wr32(PWR(PWR_ACK), 0x12345678);
    wr32(PWR(PWR_ACK), 0x12345678);
    wr32(PWR(PWR_BUTTON), 7);
    wr32(PWR(PWR_BUTTON), 7);
    wr32(PWR(PWR_MARK), MARK_COUNT);
    wr32(PWR(PWR_CTRL), 6);
    wr32(PWR(PWR_MAGIC), 0xdeadbeef);
    (void)*(volatile uint8_t *)PWR(PWR_VERSION);
    wr32(PWR(0x800), 0x55);
    expect("power ctrl after a bad write", rd32(PWR(PWR_CTRL)), 0);
    expect("power status", rd32(PWR(PWR_STATUS)), 0);
    expect("power magic after a write", rd32(PWR(PWR_MAGIC)), PWR_MAGIC_VALUE);
    expect("ack_ns after bad acks", rd64(PWR(PWR_ACK_NS)), 0);

    /* watchdog */
    wr32(WDT(WDT_TIMEOUT_US), 0);
    wr32(WDT(WDT_TIMEOUT_US), WDT_TIMEOUT_MAX_US + 1);
    expect("watchdog timeout after bad writes", rd32(WDT(WDT_TIMEOUT_US)), 1000000);
    wr32(WDT(WDT_KICK), WDT_KICK_VALUE);         /* disabled: an error */
    wr32(WDT(WDT_CTRL), 2);
    expect("watchdog ctrl after a bad write", rd32(WDT(WDT_CTRL)), 0);
    wr32(WDT(WDT_TIMEOUT_US), 5000);
    wr32(WDT(WDT_CTRL), WDT_CTRL_EN);
    wr32(WDT(WDT_KICK), 0x1234);
    wr32(WDT(WDT_CTRL), 0);

    /* bug trigger */
    wr32(BUG(BUG_SELECT), 99);
    wr32(BUG(BUG_STRIKE), 1);
    wr32(BUG(BUG_SELECT), 3);
    expect("bug strike unarmed", rd32(BUG(BUG_STRIKE)), 0);

    /* A valid mark still works after the bad one. */
    wr64(PWR(PWR_MARK_ARG), 42);
    wr32(PWR(PWR_MARK), MARK_USER);
    expect("mark_arg reads back", rd64(PWR(PWR_MARK_ARG)), 42);

    expect("boot count", boot_count(), 1);
    puts_("regerr: done\n");
    return failures;
}
