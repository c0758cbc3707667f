/*
 * rv64a.S -- the A extension: lr.w/sc.w, lr.d/sc.d and every AMO (swap add
 * xor and or min max minu maxu), .w and .d, with the aq/rl bits in each
 * combination.  From the unprivileged spec, chapter "A": an AMO returns the
 * old memory value in rd (sign-extended for .w) and stores op(old, rs2);
 * min/max compare signed, minu/maxu unsigned, at the operand width; a .w
 * AMO touches only its 4 bytes.  sc writes 0 to rd on success and nonzero
 * on failure; it fails without a reservation, at an address other than the
 * reserved one, and after any earlier sc (which ends the reservation).
 * aq/rl only order memory, which one hart cannot observe, so each variant
 * must give the same values.  Misaligned atomics must not complete: an AMO
 * or lr at a misaligned address raises an address-misaligned exception
 * with tval = the address (QEMU 7.2 reports AMOs as load-misaligned, 4, the
 * spec says store/AMO-misaligned, 6: either is accepted); a misaligned sc
 * either raises it or fails, and memory is not written.
 */
#include "test.h"

/* .w AMO on the low word of a dword initialised to init: check rd and the
 * whole dword (the upper word must not change) */
#define AMOW(insn, init, src, rd, mem) AMO_ insn, init, src, rd, mem, __LINE__
#define AMOD(insn, init, src, rd, mem) AMO_ insn, init, src, rd, mem, __LINE__

.macro AMO_ insn, init, src, rd, mem, line
    la t0, amo_buf
    li t1, \init
    sd t1, 0(t0)
    li t1, \src
    \insn t2, t1, (t0)
    CHECK_IMM t2, \rd, \line
    ld t3, 0(t0)
    CHECK_IMM t3, \mem, \line
    CHECK_IMM t1, \src, \line       /* rs2 unchanged */
.endm

/* a0 (a trap cause) is an address-misaligned one: t0 = 1 if 4 or 6 */
.macro IS_MISALIGNED_CAUSE
    addi t0, a0, -4
    andi t0, t0, -3                 /* 4 -> 0, 6 -> 0 */
    seqz t0, t0
.endm

    .option norvc
    .text
    .globl test_main
test_main:
    GROUP("amoswap.w")
    AMOW(amoswap.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x0000000000000003)
    AMOW(amoswap.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffffffffffff)
    AMOW(amoswap.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456776543210)
    AMOW(amoswap.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x00000000fffffffb)
    GROUP_END

    GROUP("amoswap.d")
    AMOD(amoswap.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000000000003)
    AMOD(amoswap.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x80000000ffffffff)
    AMOD(amoswap.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xfedcba9876543210)
    AMOD(amoswap.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0xfffffffffffffffb)
    GROUP_END

    GROUP("amoadd.w")
    AMOW(amoadd.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x0000000000000001)
    AMOW(amoadd.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffff7fffffff)
    AMOW(amoadd.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x01234567ffffffff)
    AMOW(amoadd.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000000)
    GROUP_END

    GROUP("amoadd.d")
    AMOD(amoadd.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000100000001)
    AMOD(amoadd.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x000000007fffffff)
    AMOD(amoadd.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xffffffffffffffff)
    AMOD(amoadd.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000000)
    GROUP_END

    GROUP("amoxor.w")
    AMOW(amoxor.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x00000000fffffffd)
    AMOW(amoxor.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffff7fffffff)
    AMOW(amoxor.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x01234567ffffffff)
    AMOW(amoxor.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x00000000fffffffe)
    GROUP_END

    GROUP("amoxor.d")
    AMOD(amoxor.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x00000000fffffffd)
    AMOD(amoxor.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0xffffffff7fffffff)
    AMOD(amoxor.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xffffffffffffffff)
    AMOD(amoxor.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0xfffffffffffffffe)
    GROUP_END

    GROUP("amoand.w")
    AMOW(amoand.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x0000000000000002)
    AMOW(amoand.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffff80000000)
    AMOW(amoand.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456700000000)
    AMOW(amoand.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000001)
    GROUP_END

    GROUP("amoand.d")
    AMOD(amoand.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000000000002)
    AMOD(amoand.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x0000000080000000)
    AMOD(amoand.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0x0000000000000000)
    AMOD(amoand.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000001)
    GROUP_END

    GROUP("amoor.w")
    AMOW(amoor.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x00000000ffffffff)
    AMOW(amoor.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffffffffffff)
    AMOW(amoor.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x01234567ffffffff)
    AMOW(amoor.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x00000000ffffffff)
    GROUP_END

    GROUP("amoor.d")
    AMOD(amoor.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x00000000ffffffff)
    AMOD(amoor.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0xffffffffffffffff)
    AMOD(amoor.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xffffffffffffffff)
    AMOD(amoor.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0xffffffffffffffff)
    GROUP_END

    GROUP("amomin.w")
    AMOW(amomin.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x00000000fffffffe)
    AMOW(amomin.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffff80000000)
    AMOW(amomin.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456789abcdef)
    AMOW(amomin.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x00000000fffffffb)
    GROUP_END

    GROUP("amomin.d")
    AMOD(amomin.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000000000003)
    AMOD(amomin.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x80000000ffffffff)
    AMOD(amomin.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xfedcba9876543210)
    AMOD(amomin.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0xfffffffffffffffb)
    GROUP_END

    GROUP("amomax.w")
    AMOW(amomax.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x0000000000000003)
    AMOW(amomax.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffffffffffff)
    AMOW(amomax.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456776543210)
    AMOW(amomax.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000005)
    GROUP_END

    GROUP("amomax.d")
    AMOD(amomax.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x00000000fffffffe)
    AMOD(amomax.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x7fffffff80000000)
    AMOD(amomax.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0x0123456789abcdef)
    AMOD(amomax.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000005)
    GROUP_END

    GROUP("amominu.w")
    AMOW(amominu.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x0000000000000003)
    AMOW(amominu.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffff80000000)
    AMOW(amominu.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456776543210)
    AMOW(amominu.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000005)
    GROUP_END

    GROUP("amominu.d")
    AMOD(amominu.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000000000003)
    AMOD(amominu.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x7fffffff80000000)
    AMOD(amominu.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0x0123456789abcdef)
    AMOD(amominu.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x0000000000000005)
    GROUP_END

    GROUP("amomaxu.w")
    AMOW(amomaxu.w, 0x00000000fffffffe, 0x0000000000000003, 0xfffffffffffffffe, 0x00000000fffffffe)
    AMOW(amomaxu.w.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0xffffffff80000000, 0x7fffffffffffffff)
    AMOW(amomaxu.w.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0123456789abcdef)
    AMOW(amomaxu.w.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0x00000000fffffffb)
    GROUP_END

    GROUP("amomaxu.d")
    AMOD(amomaxu.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x00000000fffffffe)
    AMOD(amomaxu.d.aq, 0x7fffffff80000000, 0x80000000ffffffff, 0x7fffffff80000000, 0x80000000ffffffff)
    AMOD(amomaxu.d.rl, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xfedcba9876543210)
    AMOD(amomaxu.d.aqrl, 0x0000000000000005, 0xfffffffffffffffb, 0x0000000000000005, 0xfffffffffffffffb)
    GROUP_END

    GROUP("amo.w-upper")
    /* a .w AMO on the upper word of a dword leaves the lower word alone */
    la t0, amo_buf
    li t1, 0x7ffffffff0000000
    sd t1, 0(t0)
    addi t2, t0, 4
    li t1, 1
    amoadd.w t3, t1, (t2)
    CHECK(t3, 0x7fffffff)
    ld t3, 0(t0)
    CHECK(t3, 0x80000000f0000000)
    li t1, 0xffffffff
    amoand.w t3, t1, (t2)
    CHECK(t3, 0xffffffff80000000)
    ld t3, 0(t0)
    CHECK(t3, 0x80000000f0000000)
    GROUP_END

    GROUP("amo-regs")
    /* rd == x0: the store still happens */
    la t0, amo_buf
    sd zero, 0(t0)
    li t1, 9
    amoadd.d x0, t1, (t0)
    ld t3, 0(t0)
    CHECK(t3, 9)
    CHECK(x0, 0)
    /* rd == rs2: rs2 is read before rd is written (a swap) */
    li t1, 0x55
    amoswap.d t1, t1, (t0)
    CHECK(t1, 9)
    ld t3, 0(t0)
    CHECK(t3, 0x55)
    li t1, 0x100
    amoor.w.aqrl t1, t1, (t0)
    CHECK(t1, 0x55)
    ld t3, 0(t0)
    CHECK(t3, 0x155)
    /* rs2 == x0 */
    amoswap.d t1, x0, (t0)
    CHECK(t1, 0x155)
    ld t3, 0(t0)
    CHECK(t3, 0)
    GROUP_END

    GROUP("lr/sc.w")
    la t0, amo_buf
    li t1, 0x1234567880000001
    sd t1, 0(t0)
    lr.w t2, (t0)
    CHECK(t2, 0xffffffff80000001)   /* sign-extended */
    li t1, 0x0badf00d
    sc.w t3, t1, (t0)
    CHECK(t3, 0)
    ld t4, 0(t0)
    CHECK(t4, 0x123456780badf00d)
    /* the reservation is gone after a successful sc */
    li t1, 0x11111111
    sc.w t3, t1, (t0)
    snez t3, t3
    CHECK(t3, 1)
    ld t4, 0(t0)
    CHECK(t4, 0x123456780badf00d)
    /* sc to another address than the lr's fails and writes nothing */
    lr.w t2, (t0)
    addi t5, t0, 8
    sw zero, 0(t5)
    sc.w t3, t1, (t5)
    snez t3, t3
    CHECK(t3, 1)
    lw t4, 0(t5)
    CHECK(t4, 0)
    /* ...and that failed sc ended the reservation too */
    sc.w t3, t1, (t0)
    snez t3, t3
    CHECK(t3, 1)
    ld t4, 0(t0)
    CHECK(t4, 0x123456780badf00d)
    /* aq/rl forms */
    lr.w.aq t2, (t0)
    CHECK(t2, 0x0badf00d)
    li t1, 0x22
    sc.w.rl t3, t1, (t0)
    CHECK(t3, 0)
    lr.w.aqrl t2, (t0)
    CHECK(t2, 0x22)
    li t1, 0x33
    sc.w.aqrl t3, t1, (t0)
    CHECK(t3, 0)
    lw t4, 0(t0)
    CHECK(t4, 0x33)
    /* rd == rs2 on sc: the old rs2 is what gets stored */
    lr.w t2, (t0)
    li t1, 0x44
    sc.w t1, t1, (t0)
    CHECK(t1, 0)
    lw t4, 0(t0)
    CHECK(t4, 0x44)
    /* a loop as code uses it: atomic increment */
    li t6, 5
1:  lr.w t2, (t0)
    addi t2, t2, 1
    sc.w t3, t2, (t0)
    bnez t3, 1b
    addi t6, t6, -1
    bnez t6, 1b
    lw t4, 0(t0)
    CHECK(t4, 0x49)
    GROUP_END

    GROUP("lr/sc.d")
    la t0, amo_buf
    li t1, 0x8000000000000001
    sd t1, 0(t0)
    lr.d t2, (t0)
    CHECK(t2, 0x8000000000000001)
    li t1, 0x0123456789abcdef
    sc.d t3, t1, (t0)
    CHECK(t3, 0)
    ld t4, 0(t0)
    CHECK(t4, 0x0123456789abcdef)
    sc.d t3, zero, (t0)
    snez t3, t3
    CHECK(t3, 1)
    ld t4, 0(t0)
    CHECK(t4, 0x0123456789abcdef)
    lr.d t2, (t0)
    addi t5, t0, 8
    sd zero, 0(t5)
    sc.d t3, t1, (t5)
    snez t3, t3
    CHECK(t3, 1)
    ld t4, 0(t5)
    CHECK(t4, 0)
    lr.d.aq t2, (t0)
    CHECK(t2, 0x0123456789abcdef)
    li t1, -2
    sc.d.rl t3, t1, (t0)
    CHECK(t3, 0)
    lr.d.aqrl t2, (t0)
    CHECK(t2, -2)
    li t1, 77
    sc.d.aqrl t3, t1, (t0)
    CHECK(t3, 0)
    ld t4, 0(t0)
    CHECK(t4, 77)
    GROUP_END

    GROUP("misaligned-amo")
    la t0, amo_buf
    li t1, 0x1111111111111111
    sd t1, 0(t0)
    sd t1, 8(t0)
    addi s0, t0, 2
1:  amoadd.w t2, t1, (s0)
    TRAP_NEXT
    IS_MISALIGNED_CAUSE
    CHECK(t0, 1)
    CHECK_LA(a1, 1b)
    CHECK_R(a2, s0)
    la t0, amo_buf
    addi s0, t0, 4
2:  amoswap.d t2, zero, (s0)
    TRAP_NEXT
    IS_MISALIGNED_CAUSE
    CHECK(t0, 1)
    CHECK_LA(a1, 2b)
    CHECK_R(a2, s0)
    la t0, amo_buf
    addi s0, t0, 1
3:  amomaxu.d.aqrl t2, zero, (s0)
    TRAP_NEXT
    IS_MISALIGNED_CAUSE
    CHECK(t0, 1)
    CHECK_LA(a1, 3b)
    la t0, amo_buf
    ld t4, 0(t0)                    /* nothing was written */
    CHECK(t4, 0x1111111111111111)
    ld t4, 8(t0)
    CHECK(t4, 0x1111111111111111)
    GROUP_END

    GROUP("misaligned-lr/sc")
    la t0, amo_buf
    addi s0, t0, 2
1:  lr.w t2, (s0)
    CHECK_TRAP_R(CAUSE_LOAD_MISALIGNED, 1b, s0, MODE_M, MODE_M)
    la t0, amo_buf
    addi s0, t0, 4
2:  lr.d t2, (s0)
    CHECK_TRAP_R(CAUSE_LOAD_MISALIGNED, 2b, s0, MODE_M, MODE_M)
    /* sc: a misaligned-address trap, or a failure; never a store */
    la t0, amo_buf
    addi s0, t0, 4
    li t2, 0
    li t3, -1
3:  sc.d t2, t3, (s0)
    TRAP_NEXT
    li t0, -1
    beq a0, t0, 4f                  /* no trap: sc must have failed */
    CHECK(a0, CAUSE_STORE_MISALIGNED)
    CHECK_LA(a1, 3b)
    CHECK_R(a2, s0)
    li t2, 1                        /* (rd was not written) */
4:  snez t2, t2
    CHECK(t2, 1)
    la t0, amo_buf
    ld t4, 0(t0)
    CHECK(t4, 0x1111111111111111)
    ld t4, 8(t0)
    CHECK(t4, 0x1111111111111111)
    GROUP_END

    TEST_END

    .data
    .balign 16
amo_buf:
    .dword 0, 0
