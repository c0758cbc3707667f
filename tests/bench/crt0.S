/*
 * crt0.S -- start-up for the bench programs written in C: a stack, a zeroed
 * .bss, main(), and main's return value to the test finisher (0: pass).
 * The stack is the first thing in .data (bench.ld), so in the same-page
 * layout the stores of every call frame land on the last page of the code.
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

    .section .data.stack, "aw"
    .balign 16
    .space 1024
stack_top:
