/*
 * hello.S -- golden trace: the plainest program.  Prints a line through the
 * UART (polling LSR.THRE), sums 1..10 in a loop of mixed compressed and
 * full-size instructions, prints the sum in decimal and passes through the
 * test finisher.  Its trace shows every retired instruction in M-mode.
 */
#include "platform.h"

    .text
    .globl _start
_start:
    la sp, stack_top
    la a0, msg
    call puts
    li t0, 10
    li t1, 0
1:  add t1, t1, t0
    addi t0, t0, -1
    bnez t0, 1b
    li t2, 10                       /* t1 = 55: two decimal digits */
    divu a0, t1, t2
    addi a0, a0, '0'
    call putc
    remu a0, t1, t2
    addi a0, a0, '0'
    call putc
    li a0, '\n'
    call putc
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
2:  j 2b

/* putc(a0); puts(a0 = string) */
putc:
    li t3, PLAT_UART0_BASE
1:  lbu t4, 5(t3)
    andi t4, t4, 0x20
    beqz t4, 1b
    sb a0, 0(t3)
    ret
puts:
    addi sp, sp, -16
    sd ra, 8(sp)
    sd s0, 0(sp)
    mv s0, a0
1:  lbu a0, 0(s0)
    beqz a0, 2f
    call putc
    addi s0, s0, 1
    j 1b
2:  ld s0, 0(sp)
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

    .section .rodata
msg: .asciz "hello, sum 1..10 = "

    .bss
    .balign 16
    .space 256
stack_top:
