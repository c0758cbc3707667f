/*
 * buggy.h -- what the buggy workloads (bugspin, bugleak, bugcorrupt,
 * bugdeadlock) share.  Each is an honest worker -- it counts, like
 * counter -- that asks the simulator's bug trigger every 100 ms whether its
 * bug strikes now (--fault bug:id=ID,p=P or at=TIME), and when it does,
 * calls into the kernel's buggy driver (guestos/kernel/bugdrv.c).  The bug
 * is transient: run again after a power cycle, the program asks afresh and
 * usually behaves.  Run them non-persistent (docs/guestos.md).
 */
#ifndef WORKLOADS_BUGGY_H
#define WORKLOADS_BUGGY_H

#include "user/user.h"

static void buggy_main(const char *name, int id, void (*strike)(void))
{
    volatile uint64 count = 0;
    uint64 next = clock_ms() + 100;

    printf("%s: pid %d working (bug %d)\n", name, getpid(), id);
    for (;;) {
        count++;
        if ((count & 0xfff) == 0 && clock_ms() >= next) {
            next += 100;
            if (bugstrikes(id)) {
                printf("%s: pid %d: the bug strikes after %lu steps\n", name, getpid(),
                       (uint64)count);
                strike();
            }
        }
    }
}

#endif
