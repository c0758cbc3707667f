/*
 * sstc.S -- the Sstc extension (privileged spec, "Sstc" and menvcfg):
 * stimecmp (0x14d) is an S-level CSR that M-mode may always access, and
 * S-mode only while menvcfg.STCE (bit 63) and mcounteren.TM are both set
 * (otherwise: illegal instruction).  While STCE is set, mip.STIP is
 * read-only and is pending exactly while time >= stimecmp, so S-mode gets
 * its timer interrupt without M-mode's help; while STCE is clear, STIP is
 * the bit M-mode writes by hand, as without Sstc.
 *
 * Nothing printed depends on timing: the timer test waits in a bounded loop
 * and checks only that the interrupt came, from inside the loop.
 */
#include "test.h"

#define CSR_STIMECMP 0x14d
#define MENVCFG_STCE (1 << 63)
#define TM           2              /* mcounteren/scounteren bit of time */
#define WAIT_LOOPS   4000000

    .text
    .globl test_main
test_main:
    csrw mie, zero
    csrw mideleg, zero
    li t0, TM
    csrw mcounteren, t0

    GROUP("stce-off")
    csrr t0, menvcfg
    li t1, MENVCFG_STCE
    and t0, t0, t1
    CHECK(t0, 0)                    /* clear after reset */
    li t0, -1                       /* M-mode reaches stimecmp regardless */
    csrw CSR_STIMECMP, t0
    csrr t1, CSR_STIMECMP
    CHECK(t1, -1)
    RUN_IN(MODE_S, s_read_stimecmp) /* S-mode does not */
    INSN_BITS t3, s_read_stimecmp
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_read_stimecmp, t3, MODE_M, MODE_S)
    li t0, (1 << IRQ_STI)           /* STIP is M-mode's bit */
    csrs mip, t0
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, (1 << IRQ_STI))
    csrc mip, t0
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, 0)
    GROUP_END

    GROUP("stce-on")
    li t0, MENVCFG_STCE
    csrs menvcfg, t0
    csrr t1, menvcfg
    and t1, t1, t0
    CHECK_R(t1, t0)
    li t0, -1
    csrw CSR_STIMECMP, t0
    li t0, (1 << IRQ_STI)           /* read-only now: a write changes nothing */
    csrs mip, t0
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, 0)
    csrw CSR_STIMECMP, zero         /* time >= 0: pending at once */
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, (1 << IRQ_STI))
    csrc mip, t0                    /* and a clear does not lower it */
    csrr t1, mip
    and t1, t1, t0
    CHECK(t1, (1 << IRQ_STI))
    li t0, -1
    csrw CSR_STIMECMP, t0           /* moving stimecmp away lowers it */
    csrr t1, mip
    andi t1, t1, (1 << IRQ_STI)
    CHECK(t1, 0)
    GROUP_END

    GROUP("s-timer")
    li t0, (1 << IRQ_STI)
    csrw mideleg, t0
    csrw mie, t0
    RUN_IN(MODE_S, s_timer)
    CHECK(s1, -1)                   /* S read back what it wrote before */
    CHECK(s0, 1)
    TRAP_NEXT
    CHECK(a0, INTR | IRQ_STI)
    CHECK(a3, MODE_S)
    CHECK(a4, MODE_S)
    la t0, s_timer_wait
    la t1, s_timer_end
    sltu t2, a1, t0
    sltu t3, a1, t1
    xori t3, t3, 1
    or t2, t2, t3
    CHECK(t2, 0)                    /* taken inside the wait loop */
    csrr t1, mip                    /* pending until stimecmp moves */
    andi t1, t1, (1 << IRQ_STI)
    CHECK(t1, (1 << IRQ_STI))
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrr t1, mip
    andi t1, t1, (1 << IRQ_STI)
    CHECK(t1, 0)
    csrw mie, zero
    csrw mideleg, zero
    GROUP_END

    GROUP("tm-gate")
    csrw mcounteren, zero           /* STCE set, TM clear: S is refused */
    li t4, 0
    RUN_IN(MODE_S, s_read_stimecmp)
    INSN_BITS t3, s_read_stimecmp
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_read_stimecmp, t3, MODE_M, MODE_S)
    li t0, TM
    csrw mcounteren, t0
    RUN_IN(MODE_S, s_read_stimecmp) /* both set: S reads it */
    CHECK(t4, -1)
    GROUP_END

    TEST_END

/* S: read stimecmp into t4 (traps when S may not; t4 then keeps what the
 * caller had in it). */
s_read_stimecmp:
    csrr t4, CSR_STIMECMP
    BACK_TO_M

/* S: stimecmp = -1 and read it back (s1); then stimecmp = time + 20 us,
 * enable STIE and SIE, wait (s0 = 1 if the interrupt came). */
s_timer:
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrr s1, CSR_STIMECMP
    rdtime t0
    addi t0, t0, 200
    csrw CSR_STIMECMP, t0
    li t0, (1 << IRQ_STI)
    csrw sie, t0
    csrsi sstatus, MSTATUS_SIE
s_timer_wait:
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
    csrci sstatus, MSTATUS_SIE
s_timer_end:
    BACK_TO_M
