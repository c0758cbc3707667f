/*
 * priv_modes.S -- privilege modes and traps, from the privileged spec
 * (machine and supervisor chapters): ecall from each mode gives cause 11, 9
 * or 8 with epc = the ecall and tval = 0; ebreak gives cause 3; mret/sret
 * return to xPP, set xIE = xPIE, xPIE = 1 and xPP = U (the least privileged
 * mode); medeleg sends the chosen
 * exceptions taken in S or U to the S handler (scause, sepc, stval, SPP),
 * but a trap taken in M always stays in M; sstatus, sie and sip are views of
 * mstatus, mie and mip (sie/sip bits of interrupts not in mideleg read as
 * zero); mstatus.SXL and UXL say 64-bit; a load, store or fetch where
 * nothing answers (physical address 0) is an access fault with tval = the
 * address.  (Priv 1.12 also has an mret to
 * a mode below M clear MPRV; QEMU 7.2 does not, so that is left out.)
 * Lower-mode code hands its results back in s0/s1 (TRAP_NEXT clobbers a0-a4).
 */
#include "test.h"

    .text
    .globl test_main
test_main:
    GROUP("ecall-m")
1:  ecall
    CHECK_TRAP(CAUSE_ECALL_M, 1b, 0, MODE_M, MODE_M)
    csrr t0, mcause
    CHECK(t0, CAUSE_ECALL_M)
    csrr t0, mepc                   /* the handler stepped past it */
    la t1, 1b + 4
    CHECK_R(t0, t1)
    GROUP_END

    GROUP("ecall-s")
    RUN_IN(MODE_S, s_ecall)
    CHECK_TRAP(CAUSE_ECALL_S, s_ecall_at, 0, MODE_M, MODE_S)
    CHECK(s0, 0x5e)                 /* S code carried on after the ecall */
    GROUP_END

    GROUP("ecall-u")
    RUN_IN(MODE_U, u_ecall)
    CHECK_TRAP(CAUSE_ECALL_U, u_ecall_at, 0, MODE_M, MODE_U)
    CHECK(s0, 0x0e)
    GROUP_END

    GROUP("ebreak")
1:  ebreak
    CHECK_TRAP(CAUSE_BREAKPOINT, 1b, 0, MODE_M, MODE_M)
    RUN_IN(MODE_U, u_ebreak)
    CHECK_TRAP(CAUSE_BREAKPOINT, u_ebreak_at, 0, MODE_M, MODE_U)
    GROUP_END

    GROUP("mret")
    /* mret to M: MIE <- MPIE, MPIE <- 1, MPP <- U */
    li t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
    csrc mstatus, t0
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
    li t1, 0xbad                    /* skipped */
1:  csrr t1, mstatus
    csrci mstatus, MSTATUS_MIE
    li t2, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
    and t1, t1, t2
    CHECK(t1, MSTATUS_MPIE | MSTATUS_MIE)
    /* MPIE = 0 gives MIE = 0 */
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrc mstatus, t0
    li t0, MSTATUS_MPP
    csrs mstatus, t0
    la t0, 2f
    csrw mepc, t0
    mret
2:  csrr t1, mstatus
    li t2, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
    and t1, t1, t2
    CHECK(t1, MSTATUS_MPIE)
    /* mret to S really is S: an M CSR is out of reach there */
    RUN_IN(MODE_S, s_touch_mstatus)
    INSN_BITS t0, s_touch_at
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_touch_at, t0, MODE_M, MODE_S)
    GROUP_END

    GROUP("sret")
    RUN_IN(MODE_S, s_sret_to_s)
    li t2, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    and t1, a0, t2
    CHECK(t1, MSTATUS_SPIE | MSTATUS_SIE)
    and t1, a1, t2                  /* SPIE = 0 case */
    CHECK(t1, MSTATUS_SPIE)
    RUN_IN(MODE_S, s_sret_to_u)
    CHECK(a1, 0x77)
    INSN_BITS t0, u_touch_at
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_touch_at, t0, MODE_M, MODE_U)
    GROUP_END

    GROUP("medeleg")
    csrw medeleg, zero
    li t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
    csrw medeleg, t0
    csrr t1, medeleg
    and t1, t1, t0
    CHECK_R(t1, t0)                 /* these bits are delegable */
    /* ecall from U goes to S */
    RUN_IN(MODE_U, u_ecall)
    CHECK_TRAP(CAUSE_ECALL_U, u_ecall_at, 0, MODE_S, MODE_U)
    CHECK(s0, 0x0e)
    /* illegal instruction in U: S gets it, stval = the instruction */
    RUN_IN(MODE_U, u_illegal)
    INSN_BITS t0, u_illegal_at
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_illegal_at, t0, MODE_S, MODE_U)
    /* illegal instruction in S: S handles its own */
    RUN_IN(MODE_S, s_illegal)
    INSN_BITS t0, s_illegal_at
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_illegal_at, t0, MODE_S, MODE_S)
    /* ebreak in S */
    RUN_IN(MODE_S, s_ebreak)
    CHECK_TRAP(CAUSE_BREAKPOINT, s_ebreak_at, 0, MODE_S, MODE_S)
    /* ecall from S is not delegated: M */
    RUN_IN(MODE_S, s_ecall)
    CHECK_TRAP(CAUSE_ECALL_S, s_ecall_at, 0, MODE_M, MODE_S)
    /* ... until it is (breakpoints no longer, see test.h) */
    li t0, (1 << CAUSE_ECALL_S)
    csrs medeleg, t0
    li t0, (1 << CAUSE_BREAKPOINT)
    csrc medeleg, t0
    RUN_IN(MODE_S, s_ecall)
    CHECK_TRAP(CAUSE_ECALL_S, s_ecall_at, 0, MODE_S, MODE_S)
    /* the delegated trap wrote the S CSRs */
    csrr t0, scause
    CHECK(t0, CAUSE_ECALL_S)
    csrr t0, stval
    CHECK(t0, 0)
    /* traps taken in M stay in M, whatever medeleg says */
    li t0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ECALL_M)
    csrs medeleg, t0
1:  ebreak
    CHECK_TRAP(CAUSE_BREAKPOINT, 1b, 0, MODE_M, MODE_M)
2:  ecall
    CHECK_TRAP(CAUSE_ECALL_M, 2b, 0, MODE_M, MODE_M)
3:  .word 0x0000000b                /* custom-0: illegal here */
    CHECK_TRAP(CAUSE_ILLEGAL, 3b, 0x0000000b, MODE_M, MODE_M)
    csrw medeleg, zero
    GROUP_END

    GROUP("delegated-csrs")
    /* S sees the delegated trap in scause and stval (sepc was moved on by
     * the handler, so the log's epc is what tells where it happened) */
    li t0, (1 << CAUSE_ILLEGAL)
    csrw medeleg, t0
    RUN_IN(MODE_S, s_deleg_csrs)
    CHECK(s1, CAUSE_ILLEGAL)
    INSN_BITS t0, s_deleg_at
    CHECK_R(s3, t0)
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_deleg_at, t0, MODE_S, MODE_S)
    csrw medeleg, zero
    GROUP_END

    GROUP("access-faults")
    /* nothing answers at physical address 0: access faults, tval = 0 */
    li s0, -1
    li t0, 0
1:  ld s0, 0(t0)
    CHECK_TRAP(CAUSE_LOAD_ACCESS, 1b, 0, MODE_M, MODE_M)
2:  sw zero, 0(t0)
    CHECK_TRAP(CAUSE_STORE_ACCESS, 2b, 0, MODE_M, MODE_M)
    jalr ra, 0(t0)
    CHECK_TRAP(CAUSE_FETCH_ACCESS, 0, 0, MODE_M, MODE_M)
    CHECK(s0, -1)
    RUN_IN(MODE_U, u_access0)
    CHECK_TRAP(CAUSE_LOAD_ACCESS, u_access0_at, 0, MODE_M, MODE_U)
    GROUP_END

    GROUP("sstatus-view")
    /* S fields written through sstatus show in mstatus and back */
    li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, t0
    csrs sstatus, t0
    csrr t1, mstatus
    and t1, t1, t0
    CHECK_R(t1, t0)
    csrc mstatus, t0
    csrr t1, sstatus
    and t1, t1, t0
    CHECK(t1, 0)
    /* M-only fields are not reachable through sstatus */
    csrr s0, mstatus
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    csrs sstatus, t0
    csrr t1, mstatus
    and t1, t1, t0
    and t2, s0, t0
    CHECK_R(t1, t2)
    csrr t1, sstatus
    and t1, t1, t0
    CHECK(t1, 0)
    /* XLEN fields: UXL = SXL = 2 (64-bit) */
    csrr t1, mstatus
    srli t1, t1, 32
    andi t1, t1, 0xf
    CHECK(t1, 0xa)
    csrr t1, sstatus
    srli t1, t1, 32
    andi t1, t1, 0x3
    CHECK(t1, 0x2)
    GROUP_END

    GROUP("sie-sip-view")
    csrw mie, zero
    csrw mideleg, zero
    /* nothing delegated: sie reads 0 and ignores writes */
    li t0, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
    csrw mie, t0
    csrr t1, sie
    CHECK(t1, 0)
    csrw mie, zero
    csrw sie, t0
    csrr t1, mie
    CHECK(t1, 0)
    /* delegated: sie is mie's S bits */
    csrw mideleg, t0
    csrr t1, mideleg
    and t1, t1, t0
    CHECK_R(t1, t0)
    csrw sie, t0
    csrr t1, mie
    CHECK_R(t1, t0)
    li t2, (1 << IRQ_SSI)
    csrc sie, t2
    csrr t1, mie
    CHECK(t1, (1 << IRQ_STI) | (1 << IRQ_SEI))
    /* M bits never show in sie */
    li t2, (1 << IRQ_MSI) | (1 << IRQ_MTI)
    csrs mie, t2
    csrr t1, sie
    CHECK(t1, (1 << IRQ_STI) | (1 << IRQ_SEI))
    csrw mie, zero
    /* sip.SSIP is writable (when delegated) and is mip.SSIP */
    li t2, (1 << IRQ_SSI)
    csrs sip, t2
    csrr t1, mip
    andi t1, t1, (1 << IRQ_SSI)
    CHECK(t1, (1 << IRQ_SSI))
    csrr t1, sip
    andi t1, t1, (1 << IRQ_SSI)
    CHECK(t1, (1 << IRQ_SSI))
    csrc mip, t2
    csrr t1, sip
    andi t1, t1, (1 << IRQ_SSI)
    CHECK(t1, 0)
    /* not delegated: sip hides it */
    csrw mideleg, zero
    csrs mip, t2
    csrr t1, sip
    CHECK(t1, 0)
    csrc mip, t2
    GROUP_END

    TEST_END

/* ---- lower-mode pieces, entered with RUN_IN ---- */
s_ecall:
    li a7, 0
s_ecall_at:
    ecall
    li s0, 0x5e
    BACK_TO_M

s_touch_mstatus:
s_touch_at:
    csrr t0, mstatus
    BACK_TO_M

s_illegal:
s_illegal_at:
    csrr t0, mscratch
    BACK_TO_M

s_ebreak:
s_ebreak_at:
    ebreak
    BACK_TO_M

/* returns a0 = sstatus after sret to S with SPIE=1, a1 = with SPIE=0 */
s_sret_to_s:
    li t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    csrc sstatus, t0
    li t0, MSTATUS_SPP | MSTATUS_SPIE
    csrs sstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
1:  csrr a0, sstatus
    csrci sstatus, MSTATUS_SIE
    li t0, MSTATUS_SPP
    csrs sstatus, t0
    li t0, MSTATUS_SPIE
    csrc sstatus, t0
    la t0, 2f
    csrw sepc, t0
    sret
2:  csrr a1, sstatus
    BACK_TO_M

s_sret_to_u:
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, u_after_sret
    csrw sepc, t0
    sret

/* reads scause/sepc/stval after a delegated illegal instruction */
s_deleg_csrs:
s_deleg_at:
    csrr t0, mscratch
    csrr s1, scause
    csrr s3, stval
    BACK_TO_M

    .section .user, "ax"
u_ecall:
    li a7, 0
u_ecall_at:
    ecall
    li s0, 0x0e
    BACK_TO_M

u_ebreak:
u_ebreak_at:
    ebreak
    BACK_TO_M

u_illegal:
u_illegal_at:
    csrr t0, sstatus
    BACK_TO_M

u_access0:
    li t0, 0
u_access0_at:
    lw t1, 0(t0)
    BACK_TO_M

u_after_sret:
    li a1, 0x77
u_touch_at:
    csrr t0, sstatus
    BACK_TO_M
