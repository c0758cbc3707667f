/*
 * interrupts.S -- interrupts, from the privileged spec ("Machine Interrupt
 * Registers", "Supervisor Interrupt Registers", WFI) and the platform's
 * CLINT/PLIC/16550 as QEMU's virt machine has them: msip raises MSIP,
 * mtime >= mtimecmp raises MTIP; an interrupt is taken when it is pending
 * and enabled in mie and either the hart runs below the interrupt's mode or
 * at that mode with xIE set; among several, MEI > MSI > MTI > SEI > SSI >
 * STI; mcause = (1 << 63) | number, mtval = 0, mepc = the interrupted
 * instruction; mideleg sends S-level interrupts to S, where M-mode never
 * takes them; WFI returns once an enabled interrupt is pending, even with
 * xIE clear; with mtvec in vectored mode an interrupt enters at BASE + 4 *
 * its number, an exception at BASE; mip's MSIP/MTIP/MEIP are read-only.
 * The PLIC delivers the UART's interrupt (source 10) as MEIP through
 * context 0 and as SEIP through context 1, unless the context's threshold
 * is not below the source's priority; claim returns 10 and complete ends
 * it.
 *
 * Nothing printed depends on timing: every test waits in a loop (bounded,
 * so a missing interrupt fails instead of hanging) and checks only that
 * the interrupt came, with which cause, in which mode, from somewhere
 * inside the wait loop.
 */
#include "test.h"

#define CLINT_MSIP_ADDR     (PLAT_CLINT_BASE + CLINT_MSIP)
#define CLINT_MTIMECMP_ADDR (PLAT_CLINT_BASE + CLINT_MTIMECMP)
#define CLINT_MTIME_ADDR    (PLAT_CLINT_BASE + CLINT_MTIME)
#define PLIC_PRIORITY(n)    (PLAT_PLIC_BASE + 4 * (n))
#define PLIC_PENDING        (PLAT_PLIC_BASE + 0x1000)
#define PLIC_ENABLE_M       (PLAT_PLIC_BASE + 0x2000)      /* context 0: hart 0 M */
#define PLIC_THRESHOLD_M    (PLAT_PLIC_BASE + 0x200000)
#define PLIC_CLAIM_M        (PLAT_PLIC_BASE + 0x200004)
#define PLIC_ENABLE_S       (PLAT_PLIC_BASE + 0x2080)      /* context 1: hart 0 S */
#define PLIC_THRESHOLD_S    (PLAT_PLIC_BASE + 0x201000)
#define PLIC_CLAIM_S        (PLAT_PLIC_BASE + 0x201004)
#define UART_IER            (PLAT_UART0_BASE + 1)
#define UART_IIR            (PLAT_UART0_BASE + 2)
#define UART_MCR            (PLAT_UART0_BASE + 4)
#define UART_LSR            (PLAT_UART0_BASE + 5)
#define WAIT_LOOPS          4000000

/* The next trap must be interrupt irq, handled in hmode, taken from pmode,
 * at a pc inside [lo, hi). */
#define CHECK_IRQ(irq, hmode, pmode, lo, hi) CHECK_IRQ_ irq, hmode, pmode, lo, hi, __LINE__
.macro CHECK_IRQ_ irq, hmode, pmode, lo, hi, line
    TRAP_NEXT
    CHECK_IMM a0, INTR | \irq, \line
    CHECK_IMM a2, 0, \line
    CHECK_IMM a3, \hmode, \line
    CHECK_IMM a4, \pmode, \line
    la t0, \lo
    la t1, \hi
    sltu t2, a1, t0
    sltu t3, a1, t1
    xori t3, t3, 1
    or t2, t2, t3                   /* 1: epc outside the loop */
    CHECK_IMM t2, 0, \line
.endm

/* Wait routines: a0 = how many more traps to wait for -> a0 = 1 if they
 * came, 0 on giving up.  wait_m sets mstatus.MIE for the wait.  Clobber
 * t0-t2. */
.macro WAIT_ROUTINE name, csr, bit
    .globl \name
\name:
    la t0, fw_trap_count
    ld t1, 8(t0)
    add a0, a0, t1
    li t2, WAIT_LOOPS
    .if \bit
    csrsi \csr, \bit
    .endif
\name\()_loop:
    ld t1, 0(t0)
    bgeu t1, a0, 1f
    addi t2, t2, -1
    bnez t2, \name\()_loop
1:
    .if \bit
    csrci \csr, \bit
    .endif
    sltu a0, t1, a0
    xori a0, a0, 1
    ret
\name\()_end:
.endm

    .text
    .globl test_main
test_main:
    csrw mie, zero
    csrw mideleg, zero
    li t0, -1
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)                    /* no timer interrupt until asked */

    GROUP("msip")
    li t0, (1 << IRQ_MSI)
    csrw mie, t0
    li t1, CLINT_MSIP_ADDR
    li t0, 1
    sw t0, 0(t1)
    lw t2, 0(t1)
    CHECK(t2, 1)
    csrr t2, mip
    andi t2, t2, (1 << IRQ_MSI)
    CHECK(t2, (1 << IRQ_MSI))
    li a0, 1
    call wait_m
    CHECK(a0, 1)
    CHECK_IRQ(IRQ_MSI, MODE_M, MODE_M, wait_m, wait_m_end)
    csrr t2, mie                    /* (the handler disabled it) */
    CHECK(t2, 0)
    li t1, CLINT_MSIP_ADDR
    sw zero, 0(t1)
    lw t2, 0(t1)
    CHECK(t2, 0)
    csrr t2, mip
    andi t2, t2, (1 << IRQ_MSI)
    CHECK(t2, 0)
    GROUP_END

    GROUP("mtimer")
    li t1, CLINT_MTIME_ADDR
    ld t0, 0(t1)
    li t2, 100000000                /* 10 s ahead: not pending yet */
    add t0, t0, t2
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    ld t2, 0(t1)
    CHECK_R(t2, t0)
    csrr t2, mip
    andi t2, t2, (1 << IRQ_MTI)
    CHECK(t2, 0)
    li t1, CLINT_MTIME_ADDR
    ld t0, 0(t1)
    addi t0, t0, 200                /* 20 us ahead */
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    li t0, (1 << IRQ_MTI)
    csrw mie, t0
    li a0, 1
    call wait_m
    CHECK(a0, 1)
    CHECK_IRQ(IRQ_MTI, MODE_M, MODE_M, wait_m, wait_m_end)
    csrr t2, mip                    /* still pending until mtimecmp moves */
    andi t2, t2, (1 << IRQ_MTI)
    CHECK(t2, (1 << IRQ_MTI))
    li t0, -1
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    csrr t2, mip
    andi t2, t2, (1 << IRQ_MTI)
    CHECK(t2, 0)
    GROUP_END

    GROUP("priority")
    /* MTI and MSI pending together, then enabled at once: MSI first */
    li t1, CLINT_MTIMECMP_ADDR
    sd zero, 0(t1)
    li t1, CLINT_MSIP_ADDR
    li t0, 1
    sw t0, 0(t1)
    li t0, (1 << IRQ_MSI) | (1 << IRQ_MTI)
    csrw mie, t0
    li a0, 2
    call wait_m
    CHECK(a0, 1)
    CHECK_IRQ(IRQ_MSI, MODE_M, MODE_M, wait_m, wait_m_end)
    CHECK_IRQ(IRQ_MTI, MODE_M, MODE_M, wait_m, wait_m_end)
    li t1, CLINT_MSIP_ADDR
    sw zero, 0(t1)
    li t0, -1
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    GROUP_END

    GROUP("mie-gates")
    /* pending but disabled: nothing is taken */
    li t1, CLINT_MSIP_ADDR
    li t0, 1
    sw t0, 0(t1)
    csrw mie, zero
    li a0, 1
    li t0, 1000
    call wait_m_short
    CHECK(a0, 0)
    /* enabled in mie but MIE clear, in M: nothing either */
    li t0, (1 << IRQ_MSI)
    csrw mie, t0
    li a0, 1
    call wait_plain_short
    CHECK(a0, 0)
    /* in U, M interrupts are taken whatever MIE says */
    RUN_IN(MODE_U, u_wait)
    CHECK(s0, 1)
    CHECK_IRQ(IRQ_MSI, MODE_M, MODE_U, u_wait, u_wait_end)
    li t1, CLINT_MSIP_ADDR
    sw zero, 0(t1)
    GROUP_END

    GROUP("wfi")
    /* MIE clear, MTIE set: wfi returns when MTIP comes, and no trap */
    csrw mie, zero
    li t0, (1 << IRQ_MTI)
    csrw mie, t0
    li t1, CLINT_MTIME_ADDR
    ld t0, 0(t1)
    addi t0, t0, 200
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    li t2, 100000
1:  wfi                             /* may also return early: loop */
    csrr t0, mip
    andi t0, t0, (1 << IRQ_MTI)
    bnez t0, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  CHECK(t0, (1 << IRQ_MTI))
    /* already pending: wfi goes straight through */
    wfi
    csrr t0, mip
    andi t0, t0, (1 << IRQ_MTI)
    CHECK(t0, (1 << IRQ_MTI))
    li t0, -1
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    csrw mie, zero
    GROUP_END

    GROUP("wfi-irq")
    /* With MIE set, an interrupt that arrives while the hart sleeps in wfi
     * is taken with mepc = the instruction after the wfi.  The timer is
     * set 1 ms ahead; on a loaded host QEMU may reach the wfi later than
     * that, and the interrupt comes just before it (mepc = the wfi).  A
     * handler of its own for this group then steps over the wfi (so it
     * cannot sleep forever) and the test tries again with ten times the
     * delay, so what is printed does not depend on the host. */
    la t0, wfi_handler
    csrw mtvec, t0
    li s2, 10000                    /* delay, mtime ticks */
    li s3, 5                        /* attempts left */
wfi_retry:
    la t0, wfi_seen
    sd zero, 0(t0)
    li t0, (1 << IRQ_MTI)
    csrw mie, t0
    li t1, CLINT_MTIME_ADDR
    ld t0, 0(t1)
    add t0, t0, s2
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    csrsi mstatus, MSTATUS_MIE
wfi_at:
    wfi
wfi_after:
    nop
    csrci mstatus, MSTATUS_MIE
    la t0, wfi_seen
    ld s0, 0(t0)                    /* mepc the handler saw */
    ld s1, 8(t0)                    /* mcause */
    la t0, wfi_at
    bne s0, t0, 1f
    li t0, 10
    mul s2, s2, t0
    addi s3, s3, -1
    bnez s3, wfi_retry
1:  la t0, fw_trap_m
    csrw mtvec, t0
    csrw mie, zero
    CHECK_LA(s0, wfi_after)
    CHECK(s1, INTR | IRQ_MTI)
    GROUP_END

    GROUP("stip-delegated")
    li t0, (1 << IRQ_STI) | (1 << IRQ_SSI)
    csrw mideleg, t0
    li t0, (1 << IRQ_STI)
    csrs mip, t0                    /* M may raise STIP by hand */
    csrw mie, t0
    /* in M: S interrupts never taken */
    li a0, 1
    csrsi mstatus, MSTATUS_SIE
    call wait_m_short
    csrci mstatus, MSTATUS_SIE
    CHECK(a0, 0)
    /* in S with SIE: taken by S */
    RUN_IN(MODE_S, s_wait_sie)
    CHECK(s0, 1)
    CHECK_IRQ(IRQ_STI, MODE_S, MODE_S, s_wait_sie, s_wait_sie_end)
    li t0, (1 << IRQ_STI)
    csrc mip, t0
    GROUP_END

    GROUP("ssip")
    li t0, (1 << IRQ_SSI)
    csrw mie, t0
    RUN_IN(MODE_S, s_ssip)
    CHECK(s0, 1)
    CHECK_IRQ(IRQ_SSI, MODE_S, MODE_S, s_ssip, s_ssip_end)
    csrr t0, mip
    andi t0, t0, (1 << IRQ_SSI)
    CHECK(t0, 0)                    /* S cleared it */
    GROUP_END

    GROUP("s-irq-in-u")
    /* delegated STI in U is taken by S even with SIE clear */
    li t0, MSTATUS_SIE
    csrc mstatus, t0
    li t0, (1 << IRQ_STI)
    csrs mip, t0
    csrw mie, t0
    RUN_IN(MODE_U, u_wait)
    CHECK(s0, 1)
    CHECK_IRQ(IRQ_STI, MODE_S, MODE_U, u_wait, u_wait_end)
    li t0, (1 << IRQ_STI)
    csrc mip, t0
    GROUP_END

    GROUP("sti-not-delegated")
    /* not in mideleg: STI goes to M, taken in S whatever MIE says */
    csrw mideleg, zero
    li t0, (1 << IRQ_STI)
    csrs mip, t0
    csrw mie, t0
    RUN_IN(MODE_S, s_wait_plain)
    CHECK(s0, 1)
    CHECK_IRQ(IRQ_STI, MODE_M, MODE_S, s_wait_plain, s_wait_plain_end)
    li t0, (1 << IRQ_STI)
    csrc mip, t0
    GROUP_END

    GROUP("m-before-s")
    /* in S with SIE set: a pending M interrupt (MSI) and a delegated S one
     * (STI); M-level goes first, to M, then S takes its own */
    li t0, (1 << IRQ_STI)
    csrw mideleg, t0
    csrs mip, t0
    li t1, CLINT_MSIP_ADDR
    li t2, 1
    sw t2, 0(t1)
    li t0, (1 << IRQ_STI) | (1 << IRQ_MSI)
    csrw mie, t0
    RUN_IN(MODE_S, s_wait_sie)
    CHECK_IRQ(IRQ_MSI, MODE_M, MODE_S, s_wait_sie, s_wait_sie_end)
    CHECK_IRQ(IRQ_STI, MODE_S, MODE_S, s_wait_sie, s_wait_sie_end)
    li t1, CLINT_MSIP_ADDR
    sw zero, 0(t1)
    li t0, (1 << IRQ_STI)
    csrc mip, t0
    csrw mideleg, zero
    csrw mie, zero
    GROUP_END

    GROUP("mip-read-only")
    /* MSIP, MTIP and MEIP follow the CLINT and PLIC: csr writes do nothing */
    li t0, (1 << IRQ_MSI) | (1 << IRQ_MTI) | (1 << IRQ_MEI)
    csrs mip, t0
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, 0)
    GROUP_END

    GROUP("mtvec-vectored")
    /* MODE = 1: exceptions go to BASE, interrupt n to BASE + 4n */
    la t0, vec_seen
    sd zero, 0(t0)
    la t0, vec_table
    ori t0, t0, 1
    csrw mtvec, t0
    csrr t1, mtvec
    CHECK_R(t1, t0)
1:  ecall
    la t0, vec_seen
    ld s0, 0(t0)
    li t1, CLINT_MSIP_ADDR
    li t2, 1
    sw t2, 0(t1)
    li t0, (1 << IRQ_MSI)
    csrw mie, t0
    li a0, 1
    call wait_m
    li t1, CLINT_MSIP_ADDR
    sw zero, 0(t1)
    la t0, vec_seen
    ld s1, 0(t0)
    la t0, fw_trap_m
    csrw mtvec, t0
    CHECK(s0, 0x100)                /* the ecall came through entry 0 */
    CHECK(s1, 0x103)                /* the software interrupt through 3 */
    CHECK_TRAP(CAUSE_ECALL_M, 1b, 0, MODE_M, MODE_M)
    CHECK_IRQ(IRQ_MSI, MODE_M, MODE_M, wait_m, wait_m_end)
    GROUP_END

    GROUP("plic-uart-thre")
    csrw mie, zero
    li t0, PLIC_PRIORITY(PLAT_UART0_IRQ)
    li t1, 1
    sw t1, 0(t0)
    li t0, PLIC_ENABLE_M
    li t1, 1 << PLAT_UART0_IRQ
    sw t1, 0(t0)
    li t0, PLIC_THRESHOLD_M
    sw zero, 0(t0)
    li t0, UART_IER                 /* THR empty: interrupt at once */
    li t1, 0x02
    sb t1, 0(t0)
    li t0, (1 << IRQ_MEI)
    csrw mie, t0
    li a0, 1
    call wait_m
    CHECK(a0, 1)
    CHECK_IRQ(IRQ_MEI, MODE_M, MODE_M, wait_m, wait_m_end)
    li t0, PLIC_CLAIM_M
    lw s0, 0(t0)                    /* claim */
    li t0, UART_IER
    sb zero, 0(t0)                  /* quiet the source */
    li t0, PLIC_CLAIM_M
    sw s0, 0(t0)                    /* complete */
    CHECK(s0, PLAT_UART0_IRQ)
    lw s1, 0(t0)                    /* nothing more to claim */
    CHECK(s1, 0)
    csrr t0, mip
    li t1, (1 << IRQ_MEI)
    and t0, t0, t1
    CHECK(t0, 0)
    GROUP_END

    GROUP("plic-s-context")
    /* the UART through PLIC context 1 raises SEIP; delegated, S takes it
     * and claims from its own context; a threshold at the source's
     * priority holds it back */
    li t0, PLIC_PRIORITY(PLAT_UART0_IRQ)
    li t1, 1
    sw t1, 0(t0)
    li t0, PLIC_ENABLE_M
    sw zero, 0(t0)
    li t0, PLIC_ENABLE_S
    li t1, 1 << PLAT_UART0_IRQ
    sw t1, 0(t0)
    li t0, PLIC_THRESHOLD_S
    li t1, 1
    sw t1, 0(t0)                    /* threshold 1, priority 1: masked */
    li t0, UART_IER
    li t1, 0x02
    sb t1, 0(t0)
    li t0, PLIC_PENDING
    lw t1, 0(t0)
    srli t1, t1, PLAT_UART0_IRQ
    andi t1, t1, 1
    CHECK(t1, 1)                    /* pending at the PLIC all the same */
    csrr t1, mip
    andi t1, t1, 1 << IRQ_SEI
    CHECK(t1, 0)
    li t0, PLIC_THRESHOLD_S
    sw zero, 0(t0)
    csrr t1, mip
    andi t1, t1, 1 << IRQ_SEI
    CHECK(t1, 1 << IRQ_SEI)
    li t0, (1 << IRQ_SEI)
    csrw mideleg, t0
    csrw mie, t0
    RUN_IN(MODE_S, s_wait_sei)
    CHECK(s0, 1)
    CHECK(s1, PLAT_UART0_IRQ)
    CHECK_IRQ(IRQ_SEI, MODE_S, MODE_S, s_wait_sei, s_wait_sei_end)
    csrr t1, mip
    andi t1, t1, 1 << IRQ_SEI
    CHECK(t1, 0)
    li t0, PLIC_ENABLE_S
    sw zero, 0(t0)
    csrw mideleg, zero
    csrw mie, zero
    GROUP_END

    GROUP("plic-uart-rx")
    /* loopback: a byte sent comes back as received data */
    li t0, PLIC_ENABLE_M
    li t1, 1 << PLAT_UART0_IRQ
    sw t1, 0(t0)
    li t0, UART_MCR
    li t1, 0x10
    sb t1, 0(t0)
    li t0, UART_IER
    li t1, 0x01                     /* receive data available */
    sb t1, 0(t0)
    li t0, PLAT_UART0_BASE
    li t1, 0x5a
    sb t1, 0(t0)
    li t0, (1 << IRQ_MEI)
    csrw mie, t0
    li a0, 1
    call wait_m
    mv s2, a0
    li t0, PLIC_CLAIM_M
    lw s0, 0(t0)
    li t0, PLAT_UART0_BASE
    lbu s1, 0(t0)                   /* read the byte: the source drops */
    li t0, UART_IER
    sb zero, 0(t0)
    li t0, UART_MCR
    sb zero, 0(t0)
    li t0, PLIC_CLAIM_M
    sw s0, 0(t0)
    CHECK(s2, 1)
    CHECK_IRQ(IRQ_MEI, MODE_M, MODE_M, wait_m, wait_m_end)
    CHECK(s0, PLAT_UART0_IRQ)
    CHECK(s1, 0x5a)
    li t0, PLIC_ENABLE_M
    sw zero, 0(t0)
    csrw mie, zero
    GROUP_END

    TEST_END

    WAIT_ROUTINE wait_m, mstatus, MSTATUS_MIE

/* The wfi-irq group's handler: note mepc and mcause in wfi_seen, quiet the
 * timer, and step over the wfi if the interrupt came before it. */
    .balign 4
wfi_handler:
    csrrw sp, mscratch, sp
    sd t0, -264(sp)
    sd t1, -272(sp)
    la t0, wfi_seen
    csrr t1, mepc
    sd t1, 0(t0)
    csrr t1, mcause
    sd t1, 8(t0)
    li t0, -1
    li t1, CLINT_MTIMECMP_ADDR
    sd t0, 0(t1)
    csrr t0, mepc
    la t1, wfi_at
    bne t0, t1, 1f
    la t0, wfi_after
    csrw mepc, t0
1:  ld t0, -264(sp)
    ld t1, -272(sp)
    csrrw sp, mscratch, sp
    mret

/* Vectored mtvec: 16 entries, each noting its number (+ 0x100) in vec_seen
 * and going on to the framework's handler.  Two registers are parked just
 * below the M trap frame while the stub works. */
    .balign 64
vec_table:
    .option push
    .option norvc
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j vec_\n
    .endr
    .option pop
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
vec_\n:
    csrrw sp, mscratch, sp
    sd t0, -264(sp)
    sd t1, -272(sp)
    la t0, vec_seen
    li t1, 0x100 + \n
    sd t1, 0(t0)
    ld t0, -264(sp)
    ld t1, -272(sp)
    csrrw sp, mscratch, sp
    j fw_trap_m
    .endr

/* short forms for "nothing comes": a0 traps, t0 loops (set by caller) */
wait_m_short:
    la t1, fw_trap_count
    ld t2, 8(t1)
    add a0, a0, t2
    li t0, 1000
    csrsi mstatus, MSTATUS_MIE
1:  ld t2, 0(t1)
    bgeu t2, a0, 2f
    addi t0, t0, -1
    bnez t0, 1b
2:  csrci mstatus, MSTATUS_MIE
    sltu a0, t2, a0
    xori a0, a0, 1
    ret
wait_plain_short:
    la t1, fw_trap_count
    ld t2, 8(t1)
    add a0, a0, t2
    li t0, 1000
1:  ld t2, 0(t1)
    bgeu t2, a0, 2f
    addi t0, t0, -1
    bnez t0, 1b
2:  sltu a0, t2, a0
    xori a0, a0, 1
    ret

/* Lower-mode waits, the loop inline so that the interrupt (often pending
 * from the first instruction) lands inside [piece, piece_end).  They
 * return s0 = 1 if the trap came. */
.macro WAIT_INLINE
    la t0, fw_trap_count
    ld a0, 8(t0)
    addi a0, a0, 1
    li t2, WAIT_LOOPS
1:  ld t1, 0(t0)
    bgeu t1, a0, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  sltu s0, t1, a0
    xori s0, s0, 1
.endm

s_wait_sie:
    li t0, (1 << IRQ_STI)
    csrw sie, t0
    csrsi sstatus, MSTATUS_SIE
    WAIT_INLINE
    csrci sstatus, MSTATUS_SIE
s_wait_sie_end:
    BACK_TO_M

/* S: wait for SEI, then claim it (s1), quiet the UART, complete */
s_wait_sei:
    li t0, (1 << IRQ_SEI)
    csrw sie, t0
    csrsi sstatus, MSTATUS_SIE
    WAIT_INLINE
    csrci sstatus, MSTATUS_SIE
s_wait_sei_end:
    li t0, PLIC_CLAIM_S
    lw s1, 0(t0)
    li t1, UART_IER
    sb zero, 0(t1)
    sw s1, 0(t0)
    BACK_TO_M

s_wait_plain:
    WAIT_INLINE
s_wait_plain_end:
    BACK_TO_M

s_ssip:
    li t0, (1 << IRQ_SSI)
    csrw sie, t0
    csrs sip, t0
    csrsi sstatus, MSTATUS_SIE
    WAIT_INLINE
    csrci sstatus, MSTATUS_SIE
    li t0, (1 << IRQ_SSI)
    csrc sip, t0
s_ssip_end:
    BACK_TO_M

    .data
    .balign 8
vec_seen: .dword 0
wfi_seen: .dword 0, 0

    .section .user, "ax"
u_wait:
    WAIT_INLINE
u_wait_end:
    BACK_TO_M
