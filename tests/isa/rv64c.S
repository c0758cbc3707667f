/*
 * rv64c.S -- the C extension on RV64: every compressed instruction but the
 * floating-point ones.  Quadrant 0: c.addi4spn c.lw c.ld c.sw c.sd;
 * quadrant 1: c.nop c.addi c.addiw c.li c.addi16sp c.lui c.srli c.srai
 * c.andi c.sub c.xor c.or c.and c.subw c.addw c.j c.beqz c.bnez; quadrant 2:
 * c.slli c.lwsp c.ldsp c.jr c.mv c.ebreak c.jalr c.add c.swsp c.sdsp.
 * From the unprivileged spec, chapter "C": each expands to the base
 * instruction the table gives (immediates scaled and sign- or zero-extended
 * as listed there), the 3-bit register fields name x8-x15, c.jalr links
 * pc+2, and the reserved encodings (all-zero word, c.addi4spn with imm 0,
 * c.addi16sp/c.lui with imm 0, c.jr x0, c.lwsp/c.ldsp x0, c.addiw x0) raise
 * an illegal-instruction exception.  HINT encodings (c.li x0, c.mv x0,
 * c.add x0, c.slli x0) do nothing.  Instructions are written with their c.
 * mnemonics so the assembler cannot choose the long forms.
 */
#include "test.h"

    .text
    .globl test_main
test_main:
    addi sp, sp, -512               /* scratch frame for the sp-based forms */

    GROUP("c.addi4spn")
    c.addi4spn s0, sp, 4
    addi t0, sp, 4
    CHECK_R(s0, t0)
    c.addi4spn a5, sp, 1020
    addi t0, sp, 1020
    CHECK_R(a5, t0)
    c.addi4spn a0, sp, 256
    addi t0, sp, 256
    CHECK_R(a0, t0)
    GROUP_END

    GROUP("c.lw/c.sw")
    la s1, cbuf
    li a0, 0x80000000f00dcafe
    c.sw a0, 0(s1)
    c.sw a0, 124(s1)
    lwu t0, 0(s1)
    CHECK(t0, 0xf00dcafe)
    lwu t0, 124(s1)
    CHECK(t0, 0xf00dcafe)
    lw t0, 4(s1)                    /* untouched neighbour */
    CHECK(t0, 0x44444444)
    c.lw a1, 0(s1)
    CHECK(a1, 0xfffffffff00dcafe)   /* sign-extended */
    c.lw a2, 8(s1)
    CHECK(a2, 0x44444444)
    c.lw s1, 124(s1)                /* rd == rs1 */
    CHECK(s1, 0xfffffffff00dcafe)
    GROUP_END

    GROUP("c.ld/c.sd")
    la a3, cbuf
    li a4, 0x0123456789abcdef
    c.sd a4, 16(a3)
    c.sd a4, 248(a3)
    ld t0, 16(a3)
    CHECK(t0, 0x0123456789abcdef)
    ld t0, 248(a3)
    CHECK(t0, 0x0123456789abcdef)
    c.ld a5, 16(a3)
    CHECK(a5, 0x0123456789abcdef)
    c.ld s0, 24(a3)
    CHECK(s0, 0x4444444444444444)
    GROUP_END

    GROUP("c.nop")
    li t0, 5
    c.nop
    CHECK(t0, 5)
    GROUP_END

    GROUP("c.addi")
    li t0, 10
    c.addi t0, 5
    CHECK(t0, 15)
    c.addi t0, -32
    CHECK(t0, -17)
    c.addi t0, 31
    CHECK(t0, 14)
    li t6, -1
    c.addi t6, 1
    CHECK(t6, 0)
    li ra, 0x7fffffffffffffff
    c.addi ra, 1
    CHECK(ra, 0x8000000000000000)
    GROUP_END

    GROUP("c.addiw")
    li t0, 0x7fffffff
    c.addiw t0, 1
    CHECK(t0, 0xffffffff80000000)
    li t0, 0x12345678ffffffff
    c.addiw t0, 1
    CHECK(t0, 0)
    li t0, 0x00000000fffffff0
    c.addiw t0, -16
    CHECK(t0, 0xffffffffffffffe0)
    li t0, 0x1234567880000000
    c.addiw t0, 0                   /* sext.w */
    CHECK(t0, 0xffffffff80000000)
    GROUP_END

    GROUP("c.li")
    c.li t0, 0
    CHECK(t0, 0)
    c.li t0, 31
    CHECK(t0, 31)
    c.li t0, -32
    CHECK(t0, -32)
    c.li a5, -1
    CHECK(a5, -1)
    GROUP_END

    GROUP("c.addi16sp")
    mv t0, sp
    c.addi16sp sp, -512
    addi t1, t0, -512
    CHECK_R(sp, t1)
    c.addi16sp sp, 496
    addi t1, t0, -16
    CHECK_R(sp, t1)
    c.addi16sp sp, 16
    CHECK_R(sp, t0)
    GROUP_END

    GROUP("c.lui")
    c.lui t0, 1
    CHECK(t0, 0x1000)
    c.lui t0, 31
    CHECK(t0, 0x1f000)
    c.lui t0, 0xfffff               /* nzimm = -1: sign-extended */
    CHECK(t0, 0xfffffffffffff000)
    c.lui a5, 0xfffe0               /* nzimm = -32 */
    CHECK(a5, 0xfffffffffffe0000)
    GROUP_END

    GROUP("c.srli")
    li s0, 0x8000000000000000
    c.srli s0, 1
    CHECK(s0, 0x4000000000000000)
    li s0, 0x8000000000000000
    c.srli s0, 63
    CHECK(s0, 1)
    li a0, 0xffffffff00000000
    c.srli a0, 32
    CHECK(a0, 0xffffffff)
    GROUP_END

    GROUP("c.srai")
    li s0, 0x8000000000000000
    c.srai s0, 1
    CHECK(s0, 0xc000000000000000)
    li s0, 0x8000000000000000
    c.srai s0, 63
    CHECK(s0, -1)
    li a1, 0x7fffffff00000000
    c.srai a1, 32
    CHECK(a1, 0x7fffffff)
    GROUP_END

    GROUP("c.andi")
    li a2, 0xffffffffffffffff
    c.andi a2, 31
    CHECK(a2, 31)
    li a2, 0x123456789abcdef7
    c.andi a2, -32
    CHECK(a2, 0x123456789abcdee0)
    li a2, 0x55
    c.andi a2, 0
    CHECK(a2, 0)
    GROUP_END

    GROUP("c.sub")
    li a0, 10
    li a1, 3
    c.sub a0, a1
    CHECK(a0, 7)
    li a0, 0
    li a1, 1
    c.sub a0, a1
    CHECK(a0, -1)
    li s1, 0x100000000
    li s0, 1
    c.sub s1, s0
    CHECK(s1, 0xffffffff)
    GROUP_END

    GROUP("c.xor")
    li a0, 0xff00ff00ff00ff00
    li a1, 0x0ff00ff00ff00ff0
    c.xor a0, a1
    CHECK(a0, 0xf0f0f0f0f0f0f0f0)
    GROUP_END

    GROUP("c.or")
    li a0, 0xff00ff00ff00ff00
    li a1, 0x0ff00ff00ff00ff0
    c.or a0, a1
    CHECK(a0, 0xfff0fff0fff0fff0)
    GROUP_END

    GROUP("c.and")
    li a0, 0xff00ff00ff00ff00
    li a1, 0x0ff00ff00ff00ff0
    c.and a0, a1
    CHECK(a0, 0x0f000f000f000f00)
    GROUP_END

    GROUP("c.subw")
    li a3, 0x80000000
    li a4, 1
    c.subw a3, a4
    CHECK(a3, 0x7fffffff)
    li a3, 0
    li a4, 0x80000000
    c.subw a3, a4
    CHECK(a3, 0xffffffff80000000)
    li a3, 0x1234567800000005
    li a4, 0x0000000100000007
    c.subw a3, a4
    CHECK(a3, -2)
    GROUP_END

    GROUP("c.addw")
    li a3, 0x7fffffff
    li a4, 1
    c.addw a3, a4
    CHECK(a3, 0xffffffff80000000)
    li a3, 0xffffffff00000003
    li a4, 0x00000001fffffffe
    c.addw a3, a4
    CHECK(a3, 1)
    GROUP_END

    GROUP("c.j")
    li t0, 0
    c.j 1f
    li t0, 1
1:  CHECK(t0, 0)
    c.j 3f
2:  li t0, 2                        /* backward target */
    c.j 4f
3:  c.j 2b
4:  CHECK(t0, 2)
    /* near the +-2 KiB limit */
    c.j 6f
5:  li t0, 3
    c.j 7f
    .space 2000
6:  c.j 5b
7:  CHECK(t0, 3)
    GROUP_END

    GROUP("c.beqz")
    li s0, 0
    li t0, 0
    c.beqz s0, 1f
    li t0, 1
1:  CHECK(t0, 0)
    li s0, 0x100000000              /* all 64 bits count */
    c.beqz s0, 2f
    li t0, 5
2:  CHECK(t0, 5)
    li a5, 0
    c.j 4f
3:  li t0, 6
    c.j 5f
4:  c.beqz a5, 3b
5:  CHECK(t0, 6)
    GROUP_END

    GROUP("c.bnez")
    li s1, -1
    li t0, 0
    c.bnez s1, 1f
    li t0, 1
1:  CHECK(t0, 0)
    li s1, 0
    c.bnez s1, 2f
    li t0, 5
2:  CHECK(t0, 5)
    li a4, 1
    c.j 4f
3:  li t0, 6
    c.j 5f
4:  c.bnez a4, 3b
5:  CHECK(t0, 6)
    GROUP_END

    GROUP("c.slli")
    li t0, 1
    c.slli t0, 1
    CHECK(t0, 2)
    li t0, 1
    c.slli t0, 63
    CHECK(t0, 0x8000000000000000)
    li t5, 0x0123456789abcdef
    c.slli t5, 32
    CHECK(t5, 0x89abcdef00000000)
    GROUP_END

    GROUP("c.swsp/c.lwsp")
    li t0, 0x11111111
    sw t0, 0(sp)
    sw t0, 4(sp)
    sw t0, 252(sp)
    li t1, 0xffffffff89abcdef
    c.swsp t1, 0(sp)
    c.swsp t1, 252(sp)
    lwu t2, 0(sp)
    CHECK(t2, 0x89abcdef)
    lwu t2, 4(sp)
    CHECK(t2, 0x11111111)
    lwu t2, 252(sp)
    CHECK(t2, 0x89abcdef)
    c.lwsp t3, 0(sp)
    CHECK(t3, 0xffffffff89abcdef)
    c.lwsp ra, 252(sp)
    CHECK(ra, 0xffffffff89abcdef)
    c.lwsp t4, 4(sp)
    CHECK(t4, 0x11111111)
    GROUP_END

    GROUP("c.sdsp/c.ldsp")
    li t0, 0x2222222222222222
    sd t0, 8(sp)
    sd t0, 504(sp)
    li t1, 0xfedcba9876543210
    c.sdsp t1, 16(sp)
    c.sdsp t1, 504(sp)
    ld t2, 16(sp)
    CHECK(t2, 0xfedcba9876543210)
    ld t2, 504(sp)
    CHECK(t2, 0xfedcba9876543210)
    c.ldsp t3, 8(sp)
    CHECK(t3, 0x2222222222222222)
    c.ldsp gp, 504(sp)
    CHECK(gp, 0xfedcba9876543210)
    GROUP_END

    GROUP("c.jr")
    la t0, 1f
    li t1, 0
    c.jr t0
    li t1, 1
1:  CHECK(t1, 0)
    GROUP_END

    GROUP("c.mv")
    li t0, 0x123456789abcdef0
    c.mv t1, t0
    CHECK(t1, 0x123456789abcdef0)
    c.mv a5, t1
    CHECK(a5, 0x123456789abcdef0)
    GROUP_END

    GROUP("c.add")
    li t0, 5
    li t1, -7
    c.add t0, t1
    CHECK(t0, -2)
    li t0, 0x7fffffffffffffff
    li t1, 1
    c.add t0, t1
    CHECK(t0, 0x8000000000000000)
    li t0, 3
    c.add t0, t0
    CHECK(t0, 6)
    GROUP_END

    GROUP("c.jalr")
    la t0, ret_42
    li a0, 0
    c.jalr t0
1:  CHECK(a0, 42)
    la t1, 1b                       /* links pc + 2 */
    CHECK_R(t2, t1)
    la ra, ret_43
    li a0, 0
    c.jalr ra                       /* rs1 == ra: target read before the link */
2:  CHECK(a0, 43)
    la t1, 2b
    CHECK_R(t2, t1)
    GROUP_END

    GROUP("c.ebreak")
1:  c.ebreak
    CHECK_TRAP(CAUSE_BREAKPOINT, 1b, 0, MODE_M, MODE_M)
    GROUP_END

    GROUP("hints")
    /* HINT encodings: no architectural effect, no trap */
    li t0, 7
    .half 0x4015                    /* c.li x0, 5 */
    .half 0x8016                    /* c.mv x0, t0 */
    .half 0x9016                    /* c.add x0, t0 */
    .half 0x0012                    /* c.slli x0, 4 */
    .half 0x0005                    /* c.nop 1 (c.addi x0, 1) */
    CHECK(t0, 7)
    CHECK(x0, 0)
    GROUP_END

    GROUP("reserved")
1:  .half 0x0000                    /* all zeros */
    CHECK_TRAP(CAUSE_ILLEGAL, 1b, 0, MODE_M, MODE_M)
2:  .half 0x0004                    /* c.addi4spn s1, sp, 0 */
    CHECK_TRAP(CAUSE_ILLEGAL, 2b, 0x0004, MODE_M, MODE_M)
3:  .half 0x6101                    /* c.addi16sp sp, 0 */
    CHECK_TRAP(CAUSE_ILLEGAL, 3b, 0x6101, MODE_M, MODE_M)
4:  .half 0x6501                    /* c.lui a0, 0 */
    CHECK_TRAP(CAUSE_ILLEGAL, 4b, 0x6501, MODE_M, MODE_M)
5:  .half 0x8002                    /* c.jr x0 */
    CHECK_TRAP(CAUSE_ILLEGAL, 5b, 0x8002, MODE_M, MODE_M)
6:  .half 0x4002                    /* c.lwsp x0, 0(sp) */
    CHECK_TRAP(CAUSE_ILLEGAL, 6b, 0x4002, MODE_M, MODE_M)
7:  .half 0x6002                    /* c.ldsp x0, 0(sp) */
    CHECK_TRAP(CAUSE_ILLEGAL, 7b, 0x6002, MODE_M, MODE_M)
8:  .half 0x2005                    /* c.addiw x0, 1 */
    CHECK_TRAP(CAUSE_ILLEGAL, 8b, 0x2005, MODE_M, MODE_M)
    GROUP_END

    GROUP("sizes")
    /* compressed instructions are 2 bytes: pc-relative code sees it */
1:  c.nop
2:  auipc t0, 0
    la t1, 1b
    sub t0, t0, t1
    CHECK(t0, 2)
    GROUP_END

    addi sp, sp, 512
    TEST_END

ret_42:
    li a0, 42
    mv t2, ra
    ret
ret_43:
    li a0, 43
    mv t2, ra
    ret

    .data
    .balign 16
cbuf:
    .fill 64, 4, 0x44444444
