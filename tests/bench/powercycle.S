/*
 * powercycle.S -- host cost of a power cycle (make bench).  Runs from SCM on
 * configs/hybrid.ini (SCM at 0x8000_0000, DRAM at 0x1_0000_0000) with
 * [power] residual_us = 0, so a press of the power button cuts at once.
 *
 * Each boot touches PAGES pages of DRAM and PAGES pages of SCM (one store
 * each), presses the button, and waits for the cut; boot CYCLES+1 prints the
 * boot count and passes.  The host time of a run divided by CYCLES is the
 * cost of one power cycle with that many pages touched.
 */
#include "platform.h"

#ifndef PAGES
#define PAGES 0
#endif
#define CYCLES 2000
#define DRAM_BASE 0x100000000
#define SCM_SCRATCH 0x90000000

    .section .text
    .globl _start
_start:
    li s0, PLAT_POWER_BASE
    lw s1, PWR_BOOT_COUNT(s0)
    li t0, CYCLES
    bgt s1, t0, done
    li t1, PAGES
    li t2, DRAM_BASE
    li t3, SCM_SCRATCH
    li t4, 4096
1:  beqz t1, 2f
    sd s1, 0(t2)
    sd s1, 0(t3)
    add t2, t2, t4
    add t3, t3, t4
    addi t1, t1, -1
    j 1b
2:  li t0, PWR_BUTTON_PRESS
    sw t0, PWR_BUTTON(s0)
3:  j 3b

done:
    mv a0, s1
    la a1, label
    call print_result
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
4:  j 4b

#include "print.inc"

    .section .rodata
label:
    .string "boots "
