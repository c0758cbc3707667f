/*
 * crt0.S -- start-up for the tests/power guest programs.  The hart comes
 * here at every power-on (the ELF entry is the reset vector), not just at
 * the start of the run: so every boot gets a fresh stack, a zeroed .bss
 * (both live in SCM and hold whatever the last boot left), and mtvec.
 * main's return value becomes simscm's exit code (0: pass).
 *
 * trap_entry saves the caller-saved registers, calls trap(mcause, mepc)
 * (power.h) and returns with mret: enough for interrupt handlers in C.  A
 * program without a trap() gets the weak one below: any trap is a failure,
 * exit code 91.
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
2:  la t0, trap_entry
    csrw mtvec, t0
    call main
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

    .balign 4
trap_entry:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    csrr a0, mcause
    csrr a1, mepc
    call trap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 128
    mret

    .weak trap
trap:
    li t0, PLAT_FINISHER_BASE
    li t1, (91 << 16) | FINISHER_FAIL
    sw t1, 0(t0)
    j .

    .bss
    .balign 16
    .space 4096
stack_top:
