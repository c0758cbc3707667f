/*
 * zifencei.S -- fence.i and the RV64I fences.  From the unprivileged spec:
 * after a store to instruction memory, a fence.i makes the new instruction
 * the one that runs on this hart (without it the result is not defined, so
 * every case here has one); fence with any predecessor/successor sets,
 * fence.tso and the pause hint (fence w,0) have no effect a single hart can
 * see beyond ordering, so they must simply execute.  The patched code is
 * reached both through a call (another block) and by falling into it right
 * after the fence.i (the same block), which catches simulators that cache
 * decoded code.
 */
#include "test.h"

/* addi a0, x0, imm as an instruction word */
#define ADDI_A0(imm) (((imm) << 20) | (10 << 7) | 0x13)

    .text
    .globl test_main
test_main:
    GROUP("fence")
    li t0, 5
    fence
    fence rw, rw
    fence iorw, iorw
    fence r, w
    fence w, r
    fence i, o
    fence.tso
    .word 0x0100000f                /* pause (fence w, 0) */
    CHECK(t0, 5)
    GROUP_END

    GROUP("fence.i-call")
    call patch_me
    CHECK(a0, 1)
    la t0, patch_me
    li t1, ADDI_A0(2)
    sw t1, 0(t0)
    fence.i
    call patch_me
    CHECK(a0, 2)
    li t1, ADDI_A0(3)
    sw t1, 0(t0)
    fence.i
    call patch_me
    CHECK(a0, 3)
    GROUP_END

    GROUP("fence.i-inline")
    /* rewrite the instruction just after the fence.i, then run into it;
     * twice, so the first version was decoded before the second store */
    li s0, 0
1:  la t0, 2f
    li t1, ADDI_A0(7)
    beqz s0, 3f
    li t1, ADDI_A0(9)
3:  sw t1, 0(t0)
    fence.i
    .balign 4
    .option push
    .option norvc
2:  addi a0, x0, 1                  /* overwritten */
    .option pop
    addi s0, s0, 1
    li t2, 1
    bne s0, t2, 4f
    CHECK(a0, 7)
    j 1b
4:  CHECK(a0, 9)
    GROUP_END

    GROUP("fence.i-compressed")
    /* a 2-byte instruction replaced by another */
    call patch_c
    CHECK(a0, 4)
    la t0, patch_c
    li t1, 0x4515                   /* c.li a0, 5 */
    sh t1, 0(t0)
    fence.i
    call patch_c
    CHECK(a0, 5)
    GROUP_END

    TEST_END

    .data                           /* writable, and runnable (no paging) */
    .balign 4
patch_me:
    .option push
    .option norvc
    addi a0, x0, 1
    ret
    .option pop
patch_c:
    c.li a0, 4
    ret
