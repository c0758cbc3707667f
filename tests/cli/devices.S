/*
 * devices.S -- what a guest reads back from the UART, CLINT and PLIC after
 * a fixed sequence of accesses, printed as one hex value per line at the
 * end.  The same ELF runs on qemu-system-riscv64 -machine virt, and the two
 * outputs must be identical (devices.expected was made by QEMU 7.2 and
 * checked against simscm).  Nothing depends on timing: mtime is not read.
 *
 * Values are collected in memory first and printed afterwards, because
 * printing goes through the UART whose registers are being probed.
 */
#include "platform.h"

#define REC(reg)  sd reg, 0(s4); addi s4, s4, 8

    .section .text
    .globl _start
_start:
    li s0, PLAT_UART0_BASE
    li s1, PLAT_FINISHER_BASE
    li s2, PLAT_CLINT_BASE
    li s3, PLAT_PLIC_BASE
    la s4, vals
    la s5, vals

    /* Reset state: mip (MTIP pending with mtimecmp 0), mtimecmp, UART. */
    csrr a0, mip;   REC(a0)
    li t1, CLINT_MTIMECMP
    add t1, s2, t1
    ld a0, 0(t1);   REC(a0)
    lbu a0, 2(s0);  REC(a0)            /* IIR: no interrupt */
    lbu a0, 5(s0);  REC(a0)            /* LSR: THRE | TEMT */
    lbu a0, 6(s0);  REC(a0)            /* MSR: DCD DSR CTS */
    lbu a0, 4(s0);  REC(a0)            /* MCR: OUT2 */
    lbu a0, 3(s0);  REC(a0)            /* LCR */

    /* THR-empty interrupt: raised by IER, cleared by reading IIR. */
    li t0, 2
    sb t0, 1(s0)
    lbu a0, 2(s0);  REC(a0)
    lbu a0, 2(s0);  REC(a0)
    sb zero, 1(s0)

    /* Divisor latch after reset. */
    li t0, 0x83
    sb t0, 3(s0)
    lbu a0, 0(s0);  REC(a0)
    lbu a0, 1(s0);  REC(a0)
    li t0, 0x03
    sb t0, 3(s0)

    /* FIFOs on; loopback: MSR mirrors MCR, THR comes back in RBR. */
    li t0, 0x07
    sb t0, 2(s0)
    lbu a0, 2(s0);  REC(a0)
    li t0, 0x1b
    sb t0, 4(s0)
    lbu a0, 6(s0);  REC(a0)
    li t0, 'Z'
    sb t0, 0(s0)
    lbu a0, 5(s0);  REC(a0)
    lbu a0, 0(s0);  REC(a0)
    li t0, 0x08
    sb t0, 4(s0)

    /* PLIC: 3-bit priorities and thresholds, enable words. */
    li t0, 9
    sw t0, 4*PLAT_UART0_IRQ(s3)
    lw a0, 4*PLAT_UART0_IRQ(s3);  REC(a0)
    li t1, 0x2000
    add t1, s3, t1
    li t0, -1
    sw t0, 0(t1)
    lw a0, 0(t1);   REC(a0)
    sw zero, 0(t1)
    li t2, 0x200000
    add t2, s3, t2
    li t0, 3
    sw t0, 0(t2)
    lw a0, 0(t2);   REC(a0)
    li t0, 9
    sw t0, 0(t2)
    lw a0, 0(t2);   REC(a0)

    /* UART -> PLIC -> MEIP: a THR-empty interrupt, claimed and completed.
     * The source latched pending while it was high above stays pending.
     * (QEMU 7.2 re-evaluates its outputs on a threshold write but not on an
     * enable write, so the threshold is written after the enable.) */
    li t0, 1 << PLAT_UART0_IRQ
    sw t0, 0(t1)
    sw zero, 0(t2)
    csrr a0, mip;   REC(a0)
    lw a0, 4(t2);   REC(a0)            /* claim */
    csrr a0, mip;   REC(a0)
    li t0, PLAT_UART0_IRQ
    sw t0, 4(t2)                       /* complete: line low, nothing new */
    lw a0, 4(t2);   REC(a0)
    li t0, 2
    sb t0, 1(s0)                       /* THRI on: the line goes high */
    csrr a0, mip;   REC(a0)
    lw a0, 4(t2);   REC(a0)
    lbu a0, 2(s0);  REC(a0)            /* IIR read drops the line */
    li t0, PLAT_UART0_IRQ
    sw t0, 4(t2)
    csrr a0, mip;   REC(a0)
    sb zero, 1(s0)
    sw zero, 0(t1)

    /* Software interrupt through msip. */
    li t0, 1
    sw t0, CLINT_MSIP(s2)
    csrr a0, mip;   REC(a0)
    sw zero, CLINT_MSIP(s2)
    csrr a0, mip;   REC(a0)

print:
    ld a0, 0(s5)
    call hex
    addi s5, s5, 8
    bltu s5, s4, print
    li t0, FINISHER_PASS
    sw t0, 0(s1)
1:  j 1b

/* hex(a0): 16 hex digits and a newline. */
hex:
    mv t5, ra
    mv t6, a0
    li t4, 60
2:  srl a0, t6, t4
    andi a0, a0, 15
    li t3, 10
    blt a0, t3, 3f
    addi a0, a0, 'a' - 10 - '0'
3:  addi a0, a0, '0'
    call putc
    addi t4, t4, -4
    bgez t4, 2b
    li a0, '\n'
    call putc
    mv ra, t5
    ret

putc:
1:  lbu t3, 5(s0)
    andi t3, t3, 0x20
    beqz t3, 1b
    sb a0, 0(s0)
    ret

    .section .bss
    .balign 8
vals: .space 512
