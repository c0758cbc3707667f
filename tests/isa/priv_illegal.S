/*
 * priv_illegal.S -- what raises an illegal-instruction exception (cause 2,
 * tval = the instruction bits, as QEMU fills it), from the unprivileged
 * spec's opcode map and the privileged spec's CSR and trap-virtualization
 * rules: reserved opcodes and funct fields; a CSR above the current
 * privilege (bits 9:8 of its number give the lowest mode allowed); mret
 * below M and sret in U; wfi in U when it does not complete at once (no
 * interrupt is pending here, so it may not); and the mstatus traps for a
 * hypervisor-like S: TVM (satp and sfence.vma), TW (wfi), TSR (sret).
 * Each case is one instruction with a label; the handler steps over it.
 */
#include "test.h"

/* Check that the instruction at label raised an illegal instruction in
 * mode pmode, handled in M. */
#define ILLEGAL_AT(label, pmode) ILLEGAL_AT_ label, pmode, __LINE__
.macro ILLEGAL_AT_ label, pmode, line
    TRAP_NEXT
    CHECK_IMM a0, CAUSE_ILLEGAL, \line
    CHECK_ADDR a1, \label, \line
    mv t0, a2
    INSN_BITS t1, \label
    CHECK_REG t0, t1, \line
    CHECK_IMM a4, \pmode, \line
.endm

    .text
    .globl test_main
test_main:
    GROUP("reserved-opcodes")
1:  .word 0x0000000b                /* custom-0 */
    ILLEGAL_AT(1b, MODE_M)
2:  .word 0x04000033                /* OP, funct7 = 0000010 */
    ILLEGAL_AT(2b, MODE_M)
3:  .word 0x0200101b                /* slliw with shamt[5] set */
    ILLEGAL_AT(3b, MODE_M)
4:  .word 0x00007003                /* LOAD, funct3 = 7 */
    ILLEGAL_AT(4b, MODE_M)
5:  .word 0x00004023                /* STORE, funct3 = 4 */
    ILLEGAL_AT(5b, MODE_M)
6:  .word 0x00002063                /* BRANCH, funct3 = 2 */
    ILLEGAL_AT(6b, MODE_M)
7:  .word 0x00001067                /* JALR, funct3 = 1 */
    ILLEGAL_AT(7b, MODE_M)
8:  .word 0x0000102f                /* AMO, funct3 = 1 */
    ILLEGAL_AT(8b, MODE_M)
9:  .word 0x0200103b                /* OP-32, funct7 = 1, funct3 = 1 */
    ILLEGAL_AT(9b, MODE_M)
    GROUP_END

    GROUP("reserved-shifts")
1:  .word 0x08001013                /* slli, imm[11:6] = 000010 */
    ILLEGAL_AT(1b, MODE_M)
2:  .word 0x2000501b                /* srliw/sraiw with funct7 = 0010000 */
    ILLEGAL_AT(2b, MODE_M)
    GROUP_END

    GROUP("csr-privilege")
    RUN_IN(MODE_S, s_csrs)
    ILLEGAL_AT(s_csr1, MODE_S)
    ILLEGAL_AT(s_csr2, MODE_S)
    ILLEGAL_AT(s_csr3, MODE_S)
    ILLEGAL_AT(s_csr4, MODE_S)
    CHECK(s0, 0x5a)                 /* S-level CSRs are fine in S */
    RUN_IN(MODE_U, u_csrs)
    ILLEGAL_AT(u_csr1, MODE_U)
    ILLEGAL_AT(u_csr2, MODE_U)
    ILLEGAL_AT(u_csr3, MODE_U)
    ILLEGAL_AT(u_csr4, MODE_U)
    ILLEGAL_AT(u_csr5, MODE_U)
    GROUP_END

    GROUP("xret")
    RUN_IN(MODE_S, s_mret)
    ILLEGAL_AT(s_mret_at, MODE_S)
    RUN_IN(MODE_U, u_xret)
    ILLEGAL_AT(u_mret_at, MODE_U)
    ILLEGAL_AT(u_sret_at, MODE_U)
    GROUP_END

    GROUP("wfi-u")
    csrw mie, zero
    RUN_IN(MODE_U, u_wfi)
    ILLEGAL_AT(u_wfi_at, MODE_U)
    GROUP_END

    GROUP("tvm")
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    RUN_IN(MODE_S, s_tvm)
    ILLEGAL_AT(s_tvm1, MODE_S)
    ILLEGAL_AT(s_tvm2, MODE_S)
    ILLEGAL_AT(s_tvm3, MODE_S)
    ILLEGAL_AT(s_tvm4, MODE_S)
    csrr t1, satp                   /* M is not affected */
    sfence.vma
    li t0, MSTATUS_TVM
    csrc mstatus, t0
    RUN_IN(MODE_S, s_tvm)           /* TVM = 0: no traps at all */
    GROUP_END

    GROUP("tw")
    csrw mie, zero
    li t0, MSTATUS_TW
    csrs mstatus, t0
    RUN_IN(MODE_S, s_wfi)
    ILLEGAL_AT(s_wfi_at, MODE_S)
    li t0, MSTATUS_TW
    csrc mstatus, t0
    GROUP_END

    GROUP("tsr")
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    RUN_IN(MODE_S, s_sret)
    ILLEGAL_AT(s_sret_at, MODE_S)
    CHECK(s0, 0x51)                 /* carried on after the sret */
    li t0, MSTATUS_TSR
    csrc mstatus, t0
    RUN_IN(MODE_S, s_sret)          /* TSR = 0: sret works (to itself) */
    CHECK(s0, 0x51)
    GROUP_END

    TEST_END

s_csrs:
s_csr1:
    csrr t0, mstatus
s_csr2:
    csrw mscratch, t0
s_csr3:
    csrr t0, mhartid
s_csr4:
    csrw mtvec, zero
    csrr t0, sstatus
    csrr t0, sscratch
    csrr t0, satp
    li s0, 0x5a
    BACK_TO_M

s_mret:
s_mret_at:
    mret
    BACK_TO_M

s_tvm:
s_tvm1:
    csrr t0, satp
s_tvm2:
    csrw satp, zero
s_tvm3:
    sfence.vma
s_tvm4:
    sfence.vma zero, t0
    BACK_TO_M

s_wfi:
s_wfi_at:
    wfi
    BACK_TO_M

/* sret with TSR = 1 traps; with TSR = 0 it returns to the sepc set here */
s_sret:
    li s0, 0
    li t0, MSTATUS_SPP
    csrs sstatus, t0
    la t0, 1f
    csrw sepc, t0
s_sret_at:
    sret
1:  li s0, 0x51
    BACK_TO_M

    .section .user, "ax"
u_csrs:
u_csr1:
    csrr t0, sstatus
u_csr2:
    csrw sscratch, t0
u_csr3:
    csrr t0, satp
u_csr4:
    csrr t0, mhartid
u_csr5:
    csrr t0, mstatus
    BACK_TO_M

u_xret:
u_mret_at:
    mret
u_sret_at:
    sret
    BACK_TO_M

u_wfi:
u_wfi_at:
    wfi
    BACK_TO_M
