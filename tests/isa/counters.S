/*
 * counters.S -- cycle, time, instret and their machine forms mcycle and
 * minstret, from the unprivileged spec ("Zicntr") and the privileged spec
 * (mcounteren, scounteren).  Only relations are checked, never amounts, so
 * that QEMU (whose counters follow the host) and simscm (simulated time)
 * agree: each counter never goes backwards; cycle and instret advance over
 * a stretch of code; time advances and equals the CLINT's mtime (read
 * between two reads of time, mtime lies between them); a written mcycle or
 * minstret carries on from the value written.  Below M, reading a counter
 * needs its bit in mcounteren (and for U also in scounteren), else it is
 * an illegal instruction.
 */
#include "test.h"

#define CLINT_MTIME_ADDR (PLAT_CLINT_BASE + CLINT_MTIME)

/* t0 = 1 when a <= b (unsigned) */
.macro LEQ a, b
    sltu t0, \b, \a
    xori t0, t0, 1
.endm

/* 64 dependent adds: a stretch of work between two counter reads */
.macro WORK
    li t3, 0
    .rept 64
    addi t3, t3, 1
    .endr
.endm

    .text
    .globl test_main
test_main:
    GROUP("cycle")
    rdcycle s0
    WORK
    rdcycle s1
    sltu t0, s0, s1                 /* strictly later */
    CHECK(t0, 1)
    csrr s2, mcycle
    LEQ s1, s2
    CHECK(t0, 1)
    GROUP_END

    GROUP("instret")
    rdinstret s0
    WORK
    rdinstret s1
    sltu t0, s0, s1
    CHECK(t0, 1)
    csrr s2, minstret
    LEQ s1, s2
    CHECK(t0, 1)
    GROUP_END

    GROUP("time")
    rdtime s0
    li t1, CLINT_MTIME_ADDR
    ld s1, 0(t1)
    rdtime s2
    LEQ s0, s1
    CHECK(t0, 1)
    LEQ s1, s2
    CHECK(t0, 1)
    /* time moves: wait (bounded) for it to change */
    rdtime s0
    li t2, 10000000
1:  rdtime s1
    bne s1, s0, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  sltu t0, s0, s1
    CHECK(t0, 1)
    GROUP_END

    GROUP("monotonic")
    /* 200 reads in a row never step back */
    li t2, 200
    li s3, 0                        /* backward steps seen */
    rdcycle s0
    rdinstret s1
    rdtime s2
1:  rdcycle t3
    sltu t4, t3, s0
    add s3, s3, t4
    mv s0, t3
    rdinstret t3
    sltu t4, t3, s1
    add s3, s3, t4
    mv s1, t3
    rdtime t3
    sltu t4, t3, s2
    add s3, s3, t4
    mv s2, t3
    addi t2, t2, -1
    bnez t2, 1b
    CHECK(s3, 0)
    GROUP_END

    GROUP("mcycle-write")
    li s0, 0x10000000000
    csrw mcycle, s0
    csrr s1, mcycle
    LEQ s0, s1
    CHECK(t0, 1)
    li t1, 0x100000000
    add t1, s0, t1
    sltu t0, s1, t1                 /* and not far beyond */
    CHECK(t0, 1)
    rdcycle s2                      /* cycle is the same counter */
    LEQ s1, s2
    CHECK(t0, 1)
    GROUP_END

    GROUP("minstret-write")
    li s0, 0x20000000000
    csrw minstret, s0
    csrr s1, minstret
    LEQ s0, s1
    CHECK(t0, 1)
    li t1, 0x100000000
    add t1, s0, t1
    sltu t0, s1, t1
    CHECK(t0, 1)
    rdinstret s2
    LEQ s1, s2
    CHECK(t0, 1)
    GROUP_END

    GROUP("counteren")
    /* nothing enabled: S and U may read none of them */
    csrw mcounteren, zero
    csrw scounteren, zero
    RUN_IN(MODE_S, s_read)
    INSN_BITS t1, s_rd_cycle
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_rd_cycle, t1, MODE_M, MODE_S)
    INSN_BITS t1, s_rd_time
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_rd_time, t1, MODE_M, MODE_S)
    INSN_BITS t1, s_rd_instret
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_rd_instret, t1, MODE_M, MODE_S)
    /* mcounteren: S may; U still needs scounteren */
    li t0, 7
    csrw mcounteren, t0
    csrr t1, mcounteren
    andi t1, t1, 7
    CHECK(t1, 7)
    RUN_IN(MODE_S, s_read)
    CHECK(s3, 3)                    /* three reads, all non-zero */
    RUN_IN(MODE_U, u_read)
    INSN_BITS t1, u_rd_cycle
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_cycle, t1, MODE_M, MODE_U)
    INSN_BITS t1, u_rd_time
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_time, t1, MODE_M, MODE_U)
    INSN_BITS t1, u_rd_instret
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_instret, t1, MODE_M, MODE_U)
    /* one bit each: only cycle (CY, bit 0) for U */
    li t0, 1
    csrw scounteren, t0
    RUN_IN(MODE_U, u_read)
    INSN_BITS t1, u_rd_time
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_time, t1, MODE_M, MODE_U)
    INSN_BITS t1, u_rd_instret
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_instret, t1, MODE_M, MODE_U)
    CHECK(s3, 1)
    li t0, 7
    csrw scounteren, t0
    RUN_IN(MODE_U, u_read)
    CHECK(s3, 3)
    /* scounteren alone is not enough */
    csrw mcounteren, zero
    RUN_IN(MODE_U, u_read)
    INSN_BITS t1, u_rd_cycle
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_cycle, t1, MODE_M, MODE_U)
    INSN_BITS t1, u_rd_time
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_time, t1, MODE_M, MODE_U)
    INSN_BITS t1, u_rd_instret
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_rd_instret, t1, MODE_M, MODE_U)
    csrw scounteren, zero
    GROUP_END

    TEST_END

/* s3 = how many of the three reads gave a non-zero value (a trapped read
 * leaves its register zero) */
s_read:
    li s0, 0
    li s1, 0
    li s2, 0
s_rd_cycle:
    rdcycle s0
s_rd_time:
    rdtime s1
s_rd_instret:
    rdinstret s2
    snez s0, s0
    snez s1, s1
    snez s2, s2
    add s3, s0, s1
    add s3, s3, s2
    BACK_TO_M

    .section .user, "ax"
u_read:
    li s0, 0
    li s1, 0
    li s2, 0
u_rd_cycle:
    rdcycle s0
u_rd_time:
    rdtime s1
u_rd_instret:
    rdinstret s2
    snez s0, s0
    snez s1, s1
    snez s2, s2
    add s3, s0, s1
    add s3, s3, s2
    BACK_TO_M
