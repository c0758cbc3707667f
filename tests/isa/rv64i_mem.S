/*
 * rv64i_mem.S -- RV64I loads and stores: lb lh lw ld lbu lhu lwu sb sh sw sd.
 * From the unprivileged spec: the effective address is rs1 + sign-extended
 * 12-bit offset; lb/lh/lw sign-extend, lbu/lhu/lwu zero-extend; stores
 * write the low 1/2/4/8 bytes of rs2 and nothing else; memory is
 * little-endian.  All accesses here are naturally aligned (misaligned.S
 * covers the rest).
 */
#include "test.h"

/* load op at offset off from base symbol sym; check the value */
#define LD(op, sym, off, exp)  LD_ op, sym, off, exp, __LINE__

.macro LD_ op, sym, off, exp, line
    la t0, \sym
    \op t1, \off(t0)
    CHECK_IMM t1, \exp, \line
.endm

    .option norvc
    .text
    .globl test_main
test_main:
    GROUP("lb")
    LD(lb, pattern, 0, 0xffffffffffffff88)
    LD(lb, pattern, 1, 0x77)
    LD(lb, pattern, 7, 0x11)
    LD(lb, pattern, 8, 0xfffffffffffffff0)
    LD(lb, pattern + 16, -1, 0xffffffffffffff80)
    LD(lb, pattern + 16, -4, 0x7f)
    GROUP_END

    GROUP("lbu")
    LD(lbu, pattern, 0, 0x88)
    LD(lbu, pattern, 1, 0x77)
    LD(lbu, pattern, 8, 0xf0)
    LD(lbu, pattern + 16, -1, 0x80)
    GROUP_END

    GROUP("lh")
    LD(lh, pattern, 0, 0x7788)
    LD(lh, pattern, 2, 0x5566)
    LD(lh, pattern, 8, 0xffffffffffffdef0)
    LD(lh, pattern, 14, 0xffffffffffff8000)
    LD(lh, pattern + 16, -6, 0xffffffffffff9abc)
    GROUP_END

    GROUP("lhu")
    LD(lhu, pattern, 0, 0x7788)
    LD(lhu, pattern, 8, 0xdef0)
    LD(lhu, pattern, 14, 0x8000)
    GROUP_END

    GROUP("lw")
    LD(lw, pattern, 0, 0x55667788)
    LD(lw, pattern, 4, 0x11223344)
    LD(lw, pattern, 8, 0xffffffff9abcdef0)
    LD(lw, pattern, 12, 0xffffffff8000007f)
    LD(lw, pattern + 2048, -2048, 0x55667788)
    GROUP_END

    GROUP("lwu")
    LD(lwu, pattern, 0, 0x55667788)
    LD(lwu, pattern, 8, 0x9abcdef0)
    LD(lwu, pattern, 12, 0x8000007f)
    GROUP_END

    GROUP("ld")
    LD(ld, pattern, 0, 0x1122334455667788)
    LD(ld, pattern, 8, 0x8000007f9abcdef0)
    LD(ld, pattern + 16, -16, 0x1122334455667788)
    LD(ld, pattern - 2040, 2040, 0x1122334455667788)
    GROUP_END

    GROUP("sb")
    call fill
    la t0, buf
    li t1, 0x123456789abcdeab
    sb t1, 0(t0)
    sb t1, 5(t0)
    li t1, 0x01
    sb t1, 15(t0)
    ld t2, 0(t0)
    CHECK(t2, 0xa5a5abccccccccab)
    ld t2, 8(t0)
    CHECK(t2, 0x01cccccccccccccc)
    addi t3, t0, 16
    li t1, 0x7e
    sb t1, -16(t3)
    lbu t2, 0(t0)
    CHECK(t2, 0x7e)
    GROUP_END

    GROUP("sh")
    call fill
    la t0, buf
    li t1, 0x123456789abcbeef
    sh t1, 0(t0)
    sh t1, 6(t0)
    sh t1, 10(t0)
    ld t2, 0(t0)
    CHECK(t2, 0xbeefccccccccbeef)
    ld t2, 8(t0)
    CHECK(t2, 0xccccccccbeefcccc)
    GROUP_END

    GROUP("sw")
    call fill
    la t0, buf
    li t1, 0x12345678deadbeef
    sw t1, 4(t0)
    sw x0, 8(t0)
    ld t2, 0(t0)
    CHECK(t2, 0xdeadbeefcccccccc)
    ld t2, 8(t0)
    CHECK(t2, 0xcccccccc00000000)
    addi t3, t0, 2047
    addi t3, t3, 1
    sw t1, -2048(t3)
    lw t2, 0(t0)
    CHECK(t2, 0xffffffffdeadbeef)
    GROUP_END

    GROUP("sd")
    call fill
    la t0, buf
    li t1, 0x0123456789abcdef
    sd t1, 8(t0)
    ld t2, 0(t0)
    CHECK(t2, 0xa5a5cccccccccccc)
    ld t2, 8(t0)
    CHECK(t2, 0x0123456789abcdef)
    ld t2, 16(t0)
    CHECK(t2, 0xcccccccccccccccc)
    lbu t2, 8(t0)                   /* little-endian */
    CHECK(t2, 0xef)
    lbu t2, 15(t0)
    CHECK(t2, 0x01)
    GROUP_END

    GROUP("load-to-base")
    /* rd == rs1: the address is used before the result lands */
    la t0, pointer
    ld t0, 0(t0)
    la t1, pattern
    CHECK_R(t0, t1)
    ld t0, 0(t0)
    CHECK(t0, 0x1122334455667788)
    GROUP_END

    GROUP("store-load")
    /* a store then loads of every width from the same bytes */
    la t0, buf
    li t1, 0xfedcba9876543210
    sd t1, 0(t0)
    lb t2, 7(t0)
    CHECK(t2, 0xfffffffffffffffe)
    lhu t2, 6(t0)
    CHECK(t2, 0xfedc)
    lw t2, 4(t0)
    CHECK(t2, 0xfffffffffedcba98)
    lwu t2, 0(t0)
    CHECK(t2, 0x76543210)
    sh x0, 2(t0)
    ld t2, 0(t0)
    CHECK(t2, 0xfedcba9800003210)
    GROUP_END

    GROUP("x0-load")
    la t0, pattern
    ld x0, 0(t0)                    /* the load happens, the result is dropped */
    CHECK(x0, 0)
    GROUP_END

    TEST_END

/* fill: the first 32 bytes of buf = 0xcc, but bytes 6 and 7 = 0xa5 */
fill:
    la t0, buf
    li t1, 0xa5a5cccccccccccc
    sd t1, 0(t0)
    li t1, 0xcccccccccccccccc
    sd t1, 8(t0)
    sd t1, 16(t0)
    sd t1, 24(t0)
    ret

    .data
    .balign 16
pattern:
    .dword 0x1122334455667788
    .dword 0x8000007f9abcdef0
pointer:
    .dword pattern
    .balign 16
buf:
    .space 64
