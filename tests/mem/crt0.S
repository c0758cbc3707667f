/*
 * crt0.S -- start-up for the tests/mem guest programs: a stack, a zeroed
 * .bss (DRAM holds garbage at power-on), main(), and the test finisher.
 * main's return value becomes simscm's exit code (0: pass).
 */
#include "platform.h"

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

    .bss
    .balign 16
    .space 16384
stack_top:
