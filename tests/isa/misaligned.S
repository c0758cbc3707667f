/*
 * misaligned.S -- loads and stores that are not naturally aligned, on
 * normal memory.  The unprivileged spec lets an implementation carry them
 * out or trap; QEMU carries them out, and so must simscm (a trap here shows
 * as an unexpected trap).  Each one must read or write exactly the bytes
 * [addr, addr + size) in little-endian order, also across a dword, a
 * 64-byte cache line and a 4 KiB page.  Misaligned atomics must trap
 * instead; rv64a.S checks those.
 */
#include "test.h"

/* load op at buf + off; buf holds bytes 0x00, 0x01, 0x02, ... */
#define MLD(op, off, exp) MLD_ op, off, exp, __LINE__
.macro MLD_ op, off, exp, line
    la t0, buf
    li t1, \off
    add t0, t0, t1
    \op t2, 0(t0)
    CHECK_IMM t2, \exp, \line
.endm

/* store op of val at buf + off over a fresh pattern, then check the two
 * dwords around it (at buf + (off & ~7) and + 8) */
#define MST(op, off, val, lo, hi) MST_ op, off, val, lo, hi, __LINE__
.macro MST_ op, off, val, lo, hi, line
    call fill
    la t0, buf
    li t1, \off
    add t0, t0, t1
    li t2, \val
    \op t2, 0(t0)
    la t0, buf
    li t1, (\off) & ~7
    add t0, t0, t1
    ld t3, 0(t0)
    CHECK_IMM t3, \lo, \line
    ld t3, 8(t0)
    CHECK_IMM t3, \hi, \line
.endm

    .text
    .globl test_main
test_main:
    call fill

    GROUP("lh")
    MLD(lh, 1, 0x0201)
    MLD(lh, 7, 0x0807)
    MLD(lh, 0x3f, 0x403f)           /* across a cache line */
    MLD(lh, 0xfff, 0x00ff)           /* across a page */
    MLD(lh, 0x7f, 0xffffffffffff807f)  /* sign-extended */
    GROUP_END

    GROUP("lhu")
    MLD(lhu, 3, 0x0403)
    MLD(lhu, 0xfff, 0x00ff)
    GROUP_END

    GROUP("lw")
    MLD(lw, 1, 0x04030201)
    MLD(lw, 2, 0x05040302)
    MLD(lw, 3, 0x06050403)
    MLD(lw, 5, 0x08070605)
    MLD(lw, 6, 0x09080706)
    MLD(lw, 7, 0x0a090807)
    MLD(lw, 0x3d, 0x403f3e3d)
    MLD(lw, 0x7e, 0xffffffff81807f7e)
    MLD(lw, 0xffe, 0x0100fffe)
    GROUP_END

    GROUP("lwu")
    MLD(lwu, 0x7e, 0x81807f7e)
    MLD(lwu, 0xffd, 0x00fffefd)
    GROUP_END

    GROUP("ld")
    MLD(ld, 1, 0x0807060504030201)
    MLD(ld, 2, 0x0908070605040302)
    MLD(ld, 3, 0x0a09080706050403)
    MLD(ld, 4, 0x0b0a090807060504)
    MLD(ld, 5, 0x0c0b0a0908070605)
    MLD(ld, 6, 0x0d0c0b0a09080706)
    MLD(ld, 7, 0x0e0d0c0b0a090807)
    MLD(ld, 0x3b, 0x4241403f3e3d3c3b)
    MLD(ld, 0xffc, 0x03020100fffefdfc)
    MLD(ld, 0xff9, 0x00fffefdfcfbfaf9)
    GROUP_END

    GROUP("sh")
    MST(sh, 0x1, 0xaabb, 0x0706050403aabb00, 0x0f0e0d0c0b0a0908)
    MST(sh, 0x3, 0xaabb, 0x070605aabb020100, 0x0f0e0d0c0b0a0908)
    MST(sh, 0x7, 0xaabb, 0xbb06050403020100, 0x0f0e0d0c0b0a09aa)
    MST(sh, 0x3f, 0xaabb, 0xbb3e3d3c3b3a3938, 0x47464544434241aa)
    MST(sh, 0xfff, 0xaabb, 0xbbfefdfcfbfaf9f8, 0x07060504030201aa)
    GROUP_END

    GROUP("sw")
    MST(sw, 0x1, 0x11223344, 0x0706051122334400, 0x0f0e0d0c0b0a0908)
    MST(sw, 0x2, 0x11223344, 0x0706112233440100, 0x0f0e0d0c0b0a0908)
    MST(sw, 0x3, 0x11223344, 0x0711223344020100, 0x0f0e0d0c0b0a0908)
    MST(sw, 0x5, 0x11223344, 0x2233440403020100, 0x0f0e0d0c0b0a0911)
    MST(sw, 0x6, 0x11223344, 0x3344050403020100, 0x0f0e0d0c0b0a1122)
    MST(sw, 0x7, 0x11223344, 0x4406050403020100, 0x0f0e0d0c0b112233)
    MST(sw, 0x3e, 0x11223344, 0x33443d3c3b3a3938, 0x4746454443421122)
    MST(sw, 0xffe, 0x11223344, 0x3344fdfcfbfaf9f8, 0x0706050403021122)
    GROUP_END

    GROUP("sd")
    MST(sd, 0x1, 0x1122334455667788, 0x2233445566778800, 0x0f0e0d0c0b0a0911)
    MST(sd, 0x2, 0x1122334455667788, 0x3344556677880100, 0x0f0e0d0c0b0a1122)
    MST(sd, 0x3, 0x1122334455667788, 0x4455667788020100, 0x0f0e0d0c0b112233)
    MST(sd, 0x4, 0x1122334455667788, 0x5566778803020100, 0x0f0e0d0c11223344)
    MST(sd, 0x5, 0x1122334455667788, 0x6677880403020100, 0x0f0e0d1122334455)
    MST(sd, 0x6, 0x1122334455667788, 0x7788050403020100, 0x0f0e112233445566)
    MST(sd, 0x7, 0x1122334455667788, 0x8806050403020100, 0x0f11223344556677)
    MST(sd, 0x3c, 0x1122334455667788, 0x556677883b3a3938, 0x4746454411223344)
    MST(sd, 0xffb, 0x1122334455667788, 0x4455667788faf9f8, 0x0706050403112233)
    GROUP_END

    TEST_END

/* fill: 8 KiB buffer, page-aligned, byte i = i & 0xff */
fill:
    la t0, buf
    li t1, 0
    li t2, 8192
1:  add t3, t0, t1
    sb t1, 0(t3)
    addi t1, t1, 1
    bltu t1, t2, 1b
    ret

    .bss
    .balign 4096
buf:
    .space 8192
