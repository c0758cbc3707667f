/*
 * crt0.S -- start-up for the bare-metal test programs written in C
 * (tests/mem, tests/bench): a stack, a zeroed .bss (DRAM holds garbage at
 * power-on), main(), and main's return value to the test finisher, which
 * makes it simscm's exit code (0: pass).
 *
 * The stack is CRT0_STACK_BYTES (default 16 KiB) in .bss; with
 * CRT0_STACK_IN_DATA it is the section .data.stack instead, which the bench
 * programs' linker script puts first in .data, so in their same-page layout
 * the stores of every call frame land on the last page of the code.
 */
#include "platform.h"

#ifndef CRT0_STACK_BYTES
#define CRT0_STACK_BYTES 16384
#endif

    .section .text.start, "ax"
    .globl _start
_start:
    la sp, stack_top
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call main
    li t0, PLAT_FINISHER_BASE
    bnez a0, 3f
    li t1, FINISHER_PASS
    sw t1, 0(t0)
    j .
3:  slli a0, a0, 16
    li t1, FINISHER_FAIL
    or a0, a0, t1
    sw a0, 0(t0)
    j .

#ifdef CRT0_STACK_IN_DATA
    .section .data.stack, "aw"
#else
    .bss
#endif
    .balign 16
    .space CRT0_STACK_BYTES
stack_top:
