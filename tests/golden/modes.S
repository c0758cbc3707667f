/*
 * modes.S -- golden trace: privilege changes and traps.  M enters S with
 * mret, S enters U with sret; U makes an ecall that medeleg sends to S,
 * then touches an M CSR (illegal, to M, not delegated), then ecalls again;
 * S passes that one up to M with its own ecall.  M finally raises a
 * software interrupt on itself through the CLINT and ends in its handler.
 * The trace shows the privilege letter change at each step and a
 * "# trap" note on each trapping instruction.
 */
#include "platform.h"

#define MSTATUS_MPP   0x1800
#define MSTATUS_MPP_S 0x0800
#define MSTATUS_SPP   0x100
#define MSTATUS_MIE   0x8

    .text
    .globl _start
_start:
    la t0, m_trap
    csrw mtvec, t0
    la t0, s_trap
    csrw stvec, t0
    li t0, -1                       /* S and U may use all memory */
    srli t0, t0, 10
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    li t0, 1 << 8                   /* ecall from U -> S */
    csrw medeleg, t0
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    la t0, s_main
    csrw mepc, t0
    mret

s_main:
    li t0, MSTATUS_SPP              /* sret to U */
    csrc sstatus, t0
    la t0, u_main
    csrw sepc, t0
    sret

u_main:
    li a0, 1
    ecall                           /* to S */
    csrr t0, mstatus                /* illegal in U: to M */
    li a0, 2
    ecall                           /* to S, which ends the lower-mode part */

s_trap:
    csrr t0, sepc
    addi t0, t0, 4
    csrw sepc, t0
    li t1, 2
    beq a0, t1, 1f
    sret
1:  ecall                           /* from S: to M */

m_trap:
    csrr t0, mcause
    bltz t0, m_irq
    li t1, 2
    beq t0, t1, m_skip              /* illegal instruction: step over */
    /* ecall from S: now a software interrupt in M */
    li t1, PLAT_CLINT_BASE + CLINT_MSIP
    li t0, 1
    sw t0, 0(t1)
    li t0, 1 << 3
    csrw mie, t0
    li t0, MSTATUS_MPP              /* stay in M from here */
    csrs mstatus, t0
    la t0, m_wait
    csrw mepc, t0
    li t0, 0x80                     /* MPIE: MIE on after mret */
    csrs mstatus, t0
    mret
m_wait:
    j m_wait
m_skip:
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret
m_irq:
    li t1, PLAT_CLINT_BASE + CLINT_MSIP
    sw zero, 0(t1)
    li t0, PLAT_UART0_BASE
    li t1, 'o'
    sb t1, 0(t0)
    li t1, 'k'
    sb t1, 0(t0)
    li t1, '\n'
    sb t1, 0(t0)
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
1:  j 1b
