/*
 * bugspin.c -- buggy workload 1: a driver call that spins with interrupts
 * off.  Nothing else runs again, the kernel cannot even kill it; only the
 * watchdog helps (it power-cycles, and the next power-on rolls back to the
 * last fixpoint).  Bug trigger id 1.
 */
#include "buggy.h"

static void strike(void)
{
    bugdrv(BUGDRV_SPIN);
}

int main(void)
{
    buggy_main("bugspin", 1, strike);
    return 0;
}
