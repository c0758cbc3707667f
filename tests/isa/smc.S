/*
 * smc.S -- self-modifying code and data that shares lines and pages with
 * code (simulators that cache decoded code must notice the first and must
 * not pay for the second).  From the unprivileged spec (Zifencei): a store
 * to instruction memory is seen by this hart's fetches after a fence.i;
 * before one, a fetch may see the old or the new instruction.  So:
 *   - data stores into the 64-byte line of running code, and onto its page,
 *     never change what that code does;
 *   - without fence.i, patched code runs either as it was or as written
 *     (both are accepted here; what is checked is that it is one of them);
 *   - with fence.i it runs as written: a whole instruction, one byte of one,
 *     the upper half of an instruction that straddles two 64-byte lines,
 *     and code on a page whose other lines keep running all along.
 */
#include "test.h"

/* addi a0, x0, imm as an instruction word */
#define ADDI_A0(imm) (((imm) << 20) | (10 << 7) | 0x13)

    .text
    .globl test_main
test_main:
    GROUP("data-in-code-line")
    /* 200 stores to a word in the line of the loop itself */
    li t0, 200
    li t1, 0
    la t2, line_data
1:  sd t1, 0(t2)
    ld t3, 0(t2)
    addi t1, t3, 3
    addi t0, t0, -1
    bnez t0, 1b
    CHECK(t1, 600)
    GROUP_END

    GROUP("data-on-code-page")
    /* a store to the page of the code it runs next to, then that code */
    li s0, 50
    li s1, 0
2:  la t0, page_data
    sd s0, 0(t0)
    call plus_one                   /* same page, another line */
    add s1, s1, a0
    addi s0, s0, -1
    bnez s0, 2b
    CHECK(s1, 50)
    GROUP_END

    GROUP("no-fence.i-call")
    call patch_me
    CHECK(a0, 1)
    la t0, patch_me
    li t1, ADDI_A0(2)
    sw t1, 0(t0)
    call patch_me                   /* old (1) or new (2), both allowed */
    addi t2, a0, -1
    sltiu t2, t2, 2                 /* a0 in {1, 2} */
    CHECK(t2, 1)
    fence.i
    call patch_me
    CHECK(a0, 2)
    GROUP_END

    GROUP("no-fence.i-inline")
    /* patch the instruction right after the store, in the same block */
    la t0, 3f
    li t1, ADDI_A0(8)
    sw t1, 0(t0)
    .balign 4
    .option push
    .option norvc
3:  addi a0, x0, 7                  /* old (7) or new (8) */
    .option pop
    addi t2, a0, -7
    sltiu t2, t2, 2
    CHECK(t2, 1)
    GROUP_END

    GROUP("fence.i-byte")
    /* one byte of an instruction: addi a0, x0, 1 -> addi a0, x0, 0x101 */
    la t0, patch_byte
    li t1, 0x10
    sb t1, 3(t0)
    fence.i
    call patch_byte
    CHECK(a0, 0x101)
    GROUP_END

    GROUP("fence.i-straddle")
    /* a 4-byte instruction across two 64-byte lines, alone in its line
     * after the boundary: `jalr x0, 0(ra)` becomes `jalr x0, 4(ra)` by a
     * store to its upper half, so the call returns past the `j` */
    .option push
    .option norvc
    li a0, 1
    call straddle
    j 5f
    li a0, 0x55
5:  CHECK(a0, 1)
    la t0, straddle_insn
    li t1, 0x0040                   /* imm[11:0] = 4, rs1 = ra (upper bits 0) */
    sh t1, 2(t0)
    fence.i
    li a0, 1
    call straddle
    j 6f
    li a0, 0x55
6:  CHECK(a0, 0x55)
    .option pop
    GROUP_END

    GROUP("fence.i-hot-page")
    /* patch a function again and again from a loop on the same page */
    li s0, 20
    li s1, 0
4:  la t0, patch_hot
    slli t1, s0, 20
    li t2, ADDI_A0(0)
    or t1, t1, t2
    sw t1, 0(t0)
    fence.i
    call patch_hot
    add s1, s1, a0
    addi s0, s0, -1
    bnez s0, 4b
    CHECK(s1, 210)                  /* 20 + 19 + ... + 1 */
    GROUP_END

    TEST_END

    /* Data and code interleaved in .text (M-mode, no paging: writable). */
    .balign 64
line_data:
    .dword 0
plus_one:
    li a0, 1
    ret
    .balign 8
page_data:
    .dword 0

    .balign 4
    .option push
    .option norvc
patch_me:
    addi a0, x0, 1
    ret
patch_byte:
    addi a0, x0, 1
    ret
patch_hot:
    addi a0, x0, 0
    ret
    .balign 64
    .space 60
straddle:
    .option rvc
    c.nop                           /* 2 bytes: straddle_insn starts at 62 */
    .option norvc
straddle_insn:
    jalr x0, 0(ra)
    .option pop
