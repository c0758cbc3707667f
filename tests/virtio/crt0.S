/*
 * crt0.S -- start-up for the tests/virtio programs: a stack, a zeroed .bss,
 * main, and main's return value to the test finisher (0: pass, else fail
 * with that code).  The same ELF runs on simscm and on QEMU's virt machine
 * (-bios none): both start the hart at 0x80000000.  Interrupts are taken by
 * WFI with mstatus.MIE clear (vblk.h), so there is no trap handler: any trap
 * lands on trap_spin and ends the run with code 91.  This runs again at
 * every power-on, which is why the power test links the program into SCM.
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
2:  la t0, trap_spin
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
trap_spin:
    li t0, PLAT_FINISHER_BASE
    li t1, (91 << 16) | FINISHER_FAIL
    sw t1, 0(t0)
    j .

    .bss
    .balign 16
    .space 8192
stack_top:
