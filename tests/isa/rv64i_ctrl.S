/*
 * rv64i_ctrl.S -- RV64I control transfer: beq bne blt bge bltu bgeu, jal,
 * jalr.  From the unprivileged spec: branch targets are pc + sign-extended
 * offset, forward and backward; blt/bge compare signed, bltu/bgeu unsigned;
 * jal and jalr write pc+4 to rd; jalr's target is (rs1 + imm) with bit 0
 * cleared, computed from rs1 before rd is written (rd == rs1 allowed).
 */
#include "test.h"

/* Branch op on (a, b), forward and backward; taken is 1 or 0. */
#define BR(op, a, b, taken) BR_ op, a, b, taken, __LINE__

.macro BR_ op, a, b, taken, line
    li t0, \a
    li t1, \b
    li t2, 0
    \op t0, t1, 1f
    li t2, 1                        /* fall-through */
1:  CHECK_IMM t2, (1 - \taken), \line
    j 3f
2:  li t2, 7                        /* backward target */
    j 4f
3:  \op t0, t1, 2b
    li t2, 8
4:  CHECK_IMM t2, (8 - \taken), \line
.endm

    .option norvc
    .text
    .globl test_main
test_main:
    GROUP("beq")
    BR(beq, 0, 0, 1)
    BR(beq, 1, 1, 1)
    BR(beq, 0, 1, 0)
    BR(beq, -1, -1, 1)
    BR(beq, 0x100000000, 0, 0)      /* all 64 bits compare */
    GROUP_END

    GROUP("bne")
    BR(bne, 0, 0, 0)
    BR(bne, 0, 1, 1)
    BR(bne, -1, -1, 0)
    BR(bne, 0x100000000, 0, 1)
    GROUP_END

    GROUP("blt")
    BR(blt, 0, 1, 1)
    BR(blt, 1, 0, 0)
    BR(blt, 1, 1, 0)
    BR(blt, -1, 0, 1)
    BR(blt, 0, -1, 0)
    BR(blt, 0x8000000000000000, 0x7fffffffffffffff, 1)
    BR(blt, -2, -1, 1)
    GROUP_END

    GROUP("bge")
    BR(bge, 0, 1, 0)
    BR(bge, 1, 0, 1)
    BR(bge, 1, 1, 1)
    BR(bge, -1, 0, 0)
    BR(bge, 0, -1, 1)
    BR(bge, 0x7fffffffffffffff, 0x8000000000000000, 1)
    GROUP_END

    GROUP("bltu")
    BR(bltu, 0, 1, 1)
    BR(bltu, 1, 0, 0)
    BR(bltu, 1, 1, 0)
    BR(bltu, -1, 0, 0)
    BR(bltu, 0, -1, 1)
    BR(bltu, 0x7fffffffffffffff, 0x8000000000000000, 1)
    GROUP_END

    GROUP("bgeu")
    BR(bgeu, 0, 1, 0)
    BR(bgeu, 1, 0, 1)
    BR(bgeu, 1, 1, 1)
    BR(bgeu, -1, 0, 1)
    BR(bgeu, 0, -1, 0)
    BR(bgeu, 0x8000000000000000, 0x7fffffffffffffff, 1)
    GROUP_END

    GROUP("branch-x0")
    li t0, 0
    li t2, 0
    beq t0, x0, 1f
    li t2, 1
1:  CHECK(t2, 0)
    li t0, -5
    li t2, 0
    blt t0, x0, 1f
    li t2, 1
1:  CHECK(t2, 0)
    li t2, 0
    bgeu x0, t0, 1f                 /* 0 >= 2^64-5 unsigned: no */
    li t2, 1
1:  CHECK(t2, 1)
    GROUP_END

    GROUP("branch-far")
    /* offsets near the +-4 KiB limit of the B format */
    li t2, 0
    beq x0, x0, 2f
    li t2, 1
1:  li t2, 5
    j 3f
    .space 3900
2:  CHECK(t2, 0)
    bne t2, x0, 4f
    beq x0, x0, 1b
3:  CHECK(t2, 5)
4:
    GROUP_END

    GROUP("jal")
    li t0, 0
    jal t0, 1f
2:  li t1, 99                       /* skipped */
1:  la t1, 2b
    CHECK_R(t0, t1)                 /* link = address of the next insn */
    li t1, 0
    jal x0, 3f                      /* j: no link */
    li t1, 1
3:  CHECK(t1, 0)
    /* backward jal */
    li t1, 0
    j 5f
4:  addi t1, t1, 1
    j 6f
5:  jal ra, 4b
6:  CHECK(t1, 1)
    la t2, 6b
    CHECK_R(ra, t2)
    /* a long jump (about 1 MiB is the limit; this goes 20 KiB) */
    jal t0, far_target
far_back:
    la t1, far_back
    CHECK_R(a0, t1)                 /* far_target returned our link in a0 */
    GROUP_END

    GROUP("jalr")
    la t0, jr_target
    li a0, 0
    jalr t1, 0(t0)
7:  la t2, 7b
    CHECK_R(t1, t2)
    CHECK(a0, 0x4a)
    /* offset added to rs1 */
    la t0, jr_target + 16
    li a0, 0
    jalr t1, -16(t0)
    CHECK(a0, 0x4a)
    /* bit 0 of the sum is cleared */
    la t0, jr_target
    li a0, 0
    jalr t1, 1(t0)
    CHECK(a0, 0x4a)
    la t0, jr_target - 3
    li a0, 0
    jalr t1, 3(t0)                  /* odd sum: target-3+3 = target, fine */
    CHECK(a0, 0x4a)
    /* rd == rs1: the target uses the old value */
    la t0, jr_target_t0
    li a0, 0
    jalr t0, 0(t0)
8:  la t2, 8b
    CHECK_R(t0, t2)
    CHECK(a0, 0x4a)
    /* jalr x0 (jr, ret) */
    la t0, jr_target2
    li a0, 0
    la ra, 9f
    jalr x0, 0(t0)
    li a0, 1
9:  CHECK(a0, 0x4b)
    GROUP_END

    TEST_END

/* jr_target: a0 = 0x4a, return through the link in t1 (jr_target_t0: t0) */
jr_target:
    li a0, 0x4a
    jr t1
jr_target_t0:
    li a0, 0x4a
    jr t0
jr_target2:
    li a0, 0x4b
    ret

    .section .text.far, "ax"
    .space 20480
far_target:
    mv a0, t0
    jr t0
