/*
 * bugleak.c -- buggy workload 2: a driver path that leaks kernel DRAM pages
 * (they belong to no process, so killing this one frees none of them), over
 * and over until the kernel's accounting notices.  Bug trigger id 2.
 */
#include "buggy.h"

static void strike(void)
{
    while (bugdrv(BUGDRV_LEAK) == 0)
        ;
}

int main(void)
{
    buggy_main("bugleak", 2, strike);
    return 0;
}
