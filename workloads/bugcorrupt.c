/*
 * bugcorrupt.c -- buggy workload 3: a driver path that writes over kernel
 * state held in DRAM; the kernel's canaries and checksum notice.  Bug
 * trigger id 3.
 */
#include "buggy.h"

static void strike(void)
{
    bugdrv(BUGDRV_CORRUPT);
}

int main(void)
{
    buggy_main("bugcorrupt", 3, strike);
    return 0;
}
