/*
 * prog.S -- the one bare-metal program behind every test ELF of tests/cli.
 * What it does is chosen at build time (cli.mk):
 *   (default)      print "cli ok", pass through the test finisher
 *   EXIT_CODE=n    print "cli fail", fail with exit code n
 *   SPIN           loop forever (for --max-insns)
 *   IDLE           wfi with every interrupt off: nothing can wake it
 *   RESET          print "boot N"; warm-reset (0x7777) until N is 2, then pass
 *                  (N lives in .data, which a warm reset keeps)
 *   ECHO           copy console input to output until '.', then pass
 * Linked at 0x80000000 (or elsewhere, to test the loader's refusal).
 */
#include "platform.h"

#define UART_THR 0
#define UART_RBR 0
#define UART_LSR 5

    .section .text
    .globl _start
_start:
    li s0, PLAT_UART0_BASE
    li s1, PLAT_FINISHER_BASE
#if defined(SPIN)
1:  j 1b
#elif defined(TRAPLOOP)
    la t0, 1f
    csrw mtvec, t0
1:  .word 0xffffffff            /* illegal, and it is its own trap vector */
#elif defined(IDLE)
    csrw mie, zero
1:  wfi
    j 1b
#elif defined(RESET)
    la t0, boots
    ld t1, 0(t0)
    addi t1, t1, 1
    sd t1, 0(t0)
    la a0, boot_msg
    call puts
    addi a0, t1, '0'
    call putc
    li a0, '\n'
    call putc
    li t2, 2
    bge t1, t2, pass
    li t0, FINISHER_RESET
    sw t0, 0(s1)
1:  j 1b
#elif defined(ECHO)
1:  lbu t0, UART_LSR(s0)
    andi t0, t0, 1
    beqz t0, 1b
    lbu a0, UART_RBR(s0)
    call putc
    li t0, '.'
    bne a0, t0, 1b
    j pass
#elif defined(EXIT_CODE)
    la a0, fail_msg
    call puts
    li t0, (EXIT_CODE << 16) | FINISHER_FAIL
    sw t0, 0(s1)
1:  j 1b
#else
    la a0, ok_msg
    call puts
#endif
pass:
    li t0, FINISHER_PASS
    sw t0, 0(s1)
1:  j 1b

/* putc(a0): wait for THR empty, send. */
putc:
1:  lbu t3, UART_LSR(s0)
    andi t3, t3, 0x20
    beqz t3, 1b
    sb a0, UART_THR(s0)
    ret

/* puts(a0): a NUL-terminated string. */
puts:
    mv t4, ra
    mv t5, a0
1:  lbu a0, 0(t5)
    beqz a0, 2f
    call putc
    addi t5, t5, 1
    j 1b
2:  mv ra, t4
    ret

    .section .rodata
ok_msg:   .asciz "cli ok\n"
fail_msg: .asciz "cli fail\n"
boot_msg: .asciz "boot "

    .section .data
    .balign 8
boots: .dword 0
