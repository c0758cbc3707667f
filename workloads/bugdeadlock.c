/*
 * bugdeadlock.c -- buggy workload 4: two processes take the driver's two
 * kernel locks in opposite orders and wait for each other for ever (the
 * waits cannot be interrupted); the kernel's progress check notices.  Bug
 * trigger id 4.
 */
#include "buggy.h"

static void strike(void)
{
    int pid = fork();
    if (pid == 0) {
        bugdrv(BUGDRV_LOCK_BA);
        exit(0);
    }
    bugdrv(BUGDRV_LOCK_AB);
    wait(0);
}

int main(void)
{
    buggy_main("bugdeadlock", 4, strike);
    return 0;
}
