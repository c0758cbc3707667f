/*
 * report.c -- the end of every random-instruction program (harness.S):
 * print the registers the random code left, the number of traps and the
 * hash of their causes on the UART, one "name value" per line, and stop
 * through the test finisher (pass: the comparison is the test).
 */
#include <stdint.h>
#include "../common/bmcons.h"

void report(const uint64_t *regs, const uint64_t *tframe)
{
    for (int i = 1; i < 32; i++) {
        putch('x');
        putu((uint64_t)i);
        putch(' ');
        putx(regs[i]);
        putch('\n');
    }
    puts_("traps ");
    putu(tframe[2]);
    puts_("\ncausehash ");
    putx(tframe[3]);
    putch('\n');
    *(volatile uint32_t *)PLAT_FINISHER_BASE = FINISHER_PASS;
    for (;;)
        ;
}
