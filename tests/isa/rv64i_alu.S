/*
 * rv64i_alu.S -- RV64I integer computational instructions: register-register
 * (add sub sll slt sltu xor srl sra or and and their W forms), register-
 * immediate (addi slti sltiu xori ori andi slli srli srai and W forms), lui
 * and auipc.  Values come from the unprivileged spec, chapter "RV32I/RV64I
 * Base Integer Instruction Set": W forms operate on the low 32 bits and
 * sign-extend the 32-bit result; shifts use the low 6 (W: 5) bits of rs2;
 * immediates are 12-bit sign-extended, so sltiu -1 compares with 2^64-1.
 * Written with .option norvc so every instruction is its 32-bit encoding.
 */
#include "test.h"

/* rd = op(rs1, rs2); also with rd == rs1 and rd == rs2 */
#define RR(op, a, b, exp)  RR_ op, a, b, exp, __LINE__
/* rd = op(rs1, imm) */
#define RI(op, a, imm, exp) RI_ op, a, imm, exp, __LINE__

.macro RR_ op, a, b, exp, line
    li t0, \a
    li t1, \b
    \op t2, t0, t1
    CHECK_IMM t2, \exp, \line
    \op t0, t0, t1          /* rd == rs1 */
    CHECK_IMM t0, \exp, \line
    li t0, \a
    \op t1, t0, t1          /* rd == rs2 */
    CHECK_IMM t1, \exp, \line
.endm

.macro RI_ op, a, imm, exp, line
    li t0, \a
    \op t2, t0, \imm
    CHECK_IMM t2, \exp, \line
    \op t0, t0, \imm        /* rd == rs1 */
    CHECK_IMM t0, \exp, \line
.endm

    .option norvc
    .text
    .globl test_main
test_main:
    GROUP("add")
    RR(add, 0, 0, 0)
    RR(add, 1, 1, 2)
    RR(add, 3, 7, 10)
    RR(add, -1, 1, 0)
    RR(add, 0x7fffffffffffffff, 1, 0x8000000000000000)
    RR(add, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe)
    RR(add, 0x00000000ffffffff, 1, 0x0000000100000000)
    RR(add, 0x123456789abcdef0, 0x0fedcba987654321, 0x2222222222222211)
    GROUP_END

    GROUP("sub")
    RR(sub, 0, 0, 0)
    RR(sub, 10, 3, 7)
    RR(sub, 3, 10, -7)
    RR(sub, 0, 1, 0xffffffffffffffff)
    RR(sub, 0x8000000000000000, 1, 0x7fffffffffffffff)
    RR(sub, 0x0000000100000000, 1, 0x00000000ffffffff)
    GROUP_END

    GROUP("sll")
    RR(sll, 1, 0, 1)
    RR(sll, 1, 1, 2)
    RR(sll, 1, 31, 0x80000000)
    RR(sll, 1, 32, 0x100000000)
    RR(sll, 1, 63, 0x8000000000000000)
    RR(sll, 0x21, 64, 0x21)                 /* only rs2[5:0] counts */
    RR(sll, 0x21, 65, 0x42)
    RR(sll, 0xffffffffffffffff, 4, 0xfffffffffffffff0)
    RR(sll, 0x0123456789abcdef, 36, 0x9abcdef000000000)
    GROUP_END

    GROUP("slt")
    RR(slt, 0, 0, 0)
    RR(slt, 0, 1, 1)
    RR(slt, 1, 0, 0)
    RR(slt, -1, 0, 1)
    RR(slt, 0, -1, 0)
    RR(slt, 0x8000000000000000, 0x7fffffffffffffff, 1)
    RR(slt, 0x7fffffffffffffff, 0x8000000000000000, 0)
    RR(slt, -5, -3, 1)
    GROUP_END

    GROUP("sltu")
    RR(sltu, 0, 0, 0)
    RR(sltu, 0, 1, 1)
    RR(sltu, -1, 0, 0)
    RR(sltu, 0, -1, 1)
    RR(sltu, 0x8000000000000000, 0x7fffffffffffffff, 0)
    RR(sltu, 0x7fffffffffffffff, 0x8000000000000000, 1)
    GROUP_END

    GROUP("xor")
    RR(xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
    RR(xor, -1, 0x123456789abcdef0, 0xedcba9876543210f)
    RR(xor, 5, 5, 0)
    GROUP_END

    GROUP("srl")
    RR(srl, 0x8000000000000000, 0, 0x8000000000000000)
    RR(srl, 0x8000000000000000, 1, 0x4000000000000000)
    RR(srl, 0x8000000000000000, 63, 1)
    RR(srl, 0xffffffffffffffff, 32, 0xffffffff)
    RR(srl, 0xffffffffffffffff, 68, 0x0fffffffffffffff)
    RR(srl, 0x0123456789abcdef, 4, 0x00123456789abcde)
    GROUP_END

    GROUP("sra")
    RR(sra, 0x8000000000000000, 0, 0x8000000000000000)
    RR(sra, 0x8000000000000000, 1, 0xc000000000000000)
    RR(sra, 0x8000000000000000, 63, 0xffffffffffffffff)
    RR(sra, 0x7fffffffffffffff, 62, 1)
    RR(sra, 0xf0f0000000000000, 68, 0xff0f000000000000)
    RR(sra, -16, 2, -4)
    GROUP_END

    GROUP("or")
    RR(or, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
    RR(or, 0, 0, 0)
    RR(or, 0x8000000000000000, 1, 0x8000000000000001)
    GROUP_END

    GROUP("and")
    RR(and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
    RR(and, -1, 0x123456789abcdef0, 0x123456789abcdef0)
    RR(and, 0x5555, 0xaaaa, 0)
    GROUP_END

    GROUP("addi")
    RI(addi, 0, 0, 0)
    RI(addi, 1, 1, 2)
    RI(addi, 1, -1, 0)
    RI(addi, 0, 2047, 2047)
    RI(addi, 0, -2048, -2048)
    RI(addi, 0x7fffffffffffffff, 1, 0x8000000000000000)
    RI(addi, 0x00000000ffffffff, 1, 0x0000000100000000)
    RI(addi, -1, -2048, -2049)
    GROUP_END

    GROUP("slti")
    RI(slti, 0, 0, 0)
    RI(slti, 0, 1, 1)
    RI(slti, -1, 0, 1)
    RI(slti, 0, -1, 0)
    RI(slti, -2049, -2048, 1)
    RI(slti, 0x8000000000000000, -2048, 1)
    RI(slti, 2047, 2047, 0)
    GROUP_END

    GROUP("sltiu")
    RI(sltiu, 0, 0, 0)
    RI(sltiu, 0, 1, 1)
    RI(sltiu, 5, -1, 1)                     /* -1 sign-extends to 2^64-1 */
    RI(sltiu, -1, -1, 0)
    RI(sltiu, -2, -1, 1)
    RI(sltiu, 0x8000000000000000, 2047, 0)
    RI(sltiu, 0, -2048, 1)
    GROUP_END

    GROUP("xori")
    RI(xori, 0x00ff00ff00ff00ff, 0x0f0, 0x00ff00ff00ff000f)
    RI(xori, 0x00ff00ff00ff00ff, -1, 0xff00ff00ff00ff00)  /* xori rd, rs, -1 is not */
    RI(xori, 0, -2048, 0xfffffffffffff800)
    GROUP_END

    GROUP("ori")
    RI(ori, 0x00ff00ff00ff00ff, 0x70f, 0x00ff00ff00ff07ff)
    RI(ori, 0, -2048, 0xfffffffffffff800)
    RI(ori, 0x8000000000000000, 1, 0x8000000000000001)
    GROUP_END

    GROUP("andi")
    RI(andi, 0xff00ff00ff00ff00, 0x70f, 0x0000000000000700)
    RI(andi, 0xff00ff00ff00ff00, -256, 0xff00ff00ff00ff00)
    RI(andi, 0x123456789abcdef0, -2048, 0x123456789abcd800)
    GROUP_END

    GROUP("slli")
    RI(slli, 1, 0, 1)
    RI(slli, 1, 1, 2)
    RI(slli, 1, 31, 0x80000000)
    RI(slli, 1, 32, 0x100000000)
    RI(slli, 1, 63, 0x8000000000000000)
    RI(slli, 0x0123456789abcdef, 36, 0x9abcdef000000000)
    GROUP_END

    GROUP("srli")
    RI(srli, 0x8000000000000000, 0, 0x8000000000000000)
    RI(srli, 0x8000000000000000, 1, 0x4000000000000000)
    RI(srli, 0x8000000000000000, 63, 1)
    RI(srli, 0xffffffffffffffff, 32, 0xffffffff)
    RI(srli, 0xffffffff80000000, 31, 0x1ffffffff)
    GROUP_END

    GROUP("srai")
    RI(srai, 0x8000000000000000, 0, 0x8000000000000000)
    RI(srai, 0x8000000000000000, 1, 0xc000000000000000)
    RI(srai, 0x8000000000000000, 63, 0xffffffffffffffff)
    RI(srai, 0x7fffffffffffffff, 62, 1)
    RI(srai, 0x00000000ffffffff, 16, 0xffff)
    RI(srai, -16, 2, -4)
    GROUP_END

    GROUP("lui")
    lui t0, 0
    CHECK(t0, 0)
    lui t0, 1
    CHECK(t0, 0x1000)
    lui t0, 0x7ffff
    CHECK(t0, 0x7ffff000)
    lui t0, 0x80000                         /* bit 31 sign-extends */
    CHECK(t0, 0xffffffff80000000)
    lui t0, 0xfffff
    CHECK(t0, 0xfffffffffffff000)
    lui x0, 0x12345                         /* x0 stays zero */
    CHECK(x0, 0)
    GROUP_END

    GROUP("auipc")
1:  auipc t0, 0
    la t1, 1b
    CHECK_R(t0, t1)
2:  auipc t0, 1
    la t1, 2b
    li t2, 0x1000
    add t1, t1, t2
    CHECK_R(t0, t1)
3:  auipc t0, 0xfffff                       /* pc - 4096 */
    la t1, 3b
    li t2, -0x1000
    add t1, t1, t2
    CHECK_R(t0, t1)
4:  auipc t0, 0x80000                       /* pc - 2^31, sign-extended */
    la t1, 4b
    li t2, 0xffffffff80000000
    add t1, t1, t2
    CHECK_R(t0, t1)
    GROUP_END

    GROUP("addw")
    RR(addw, 0, 0, 0)
    RR(addw, 0x7fffffff, 1, 0xffffffff80000000)
    RR(addw, 0xffffffff, 1, 0)
    RR(addw, 0x1234567800000005, 0x8765432100000003, 8)   /* upper halves ignored */
    RR(addw, 0x80000000, 0x80000000, 0)
    RR(addw, 0x40000000, 0x40000000, 0xffffffff80000000)
    GROUP_END

    GROUP("subw")
    RR(subw, 0, 1, 0xffffffffffffffff)
    RR(subw, 0x80000000, 1, 0x7fffffff)
    RR(subw, 0xffffffff00000000, 0x0000000100000000, 0)
    RR(subw, 0x00000000, 0x80000000, 0xffffffff80000000)
    GROUP_END

    GROUP("sllw")
    RR(sllw, 1, 31, 0xffffffff80000000)
    RR(sllw, 1, 32, 1)                      /* only rs2[4:0] counts */
    RR(sllw, 0xffffffff12345678, 4, 0x0000000023456780)
    RR(sllw, 3, 0, 3)
    RR(sllw, 0x0000000180000001, 1, 2)
    GROUP_END

    GROUP("srlw")
    RR(srlw, 0x80000000, 0, 0xffffffff80000000)   /* shift 0 still sign-extends */
    RR(srlw, 0x80000000, 1, 0x40000000)
    RR(srlw, 0xffffffff80000000, 31, 1)
    RR(srlw, 0x12345678ffffffff, 36, 0x0fffffff)
    RR(srlw, 0xffffffffffffffff, 0, 0xffffffffffffffff)
    GROUP_END

    GROUP("sraw")
    RR(sraw, 0x80000000, 0, 0xffffffff80000000)
    RR(sraw, 0x80000000, 1, 0xffffffffc0000000)
    RR(sraw, 0x80000000, 31, 0xffffffffffffffff)
    RR(sraw, 0x7fffffff, 30, 1)
    RR(sraw, 0xffffffff7fffffff, 33, 0x3fffffff)
    RR(sraw, 0x00000000f0000000, 4, 0xffffffffff000000)
    GROUP_END

    GROUP("addiw")
    RI(addiw, 0, 0, 0)
    RI(addiw, 0x7fffffff, 1, 0xffffffff80000000)
    RI(addiw, 0xffffffff, 1, 0)
    RI(addiw, 0x1234567800000000, -1, 0xffffffffffffffff)
    RI(addiw, 0x123456787fffffff, 0, 0x7fffffff)      /* sext.w */
    RI(addiw, 0x0000000080000000, 0, 0xffffffff80000000)
    RI(addiw, 0, -2048, -2048)
    GROUP_END

    GROUP("slliw")
    RI(slliw, 1, 31, 0xffffffff80000000)
    RI(slliw, 0xffffffff12345678, 4, 0x0000000023456780)
    RI(slliw, 3, 0, 3)
    RI(slliw, 0x0000000180000001, 1, 2)
    GROUP_END

    GROUP("srliw")
    RI(srliw, 0x80000000, 0, 0xffffffff80000000)
    RI(srliw, 0x80000000, 1, 0x40000000)
    RI(srliw, 0xffffffff80000000, 31, 1)
    RI(srliw, 0x12345678ffffffff, 4, 0x0fffffff)
    GROUP_END

    GROUP("sraiw")
    RI(sraiw, 0x80000000, 0, 0xffffffff80000000)
    RI(sraiw, 0x80000000, 1, 0xffffffffc0000000)
    RI(sraiw, 0x80000000, 31, 0xffffffffffffffff)
    RI(sraiw, 0x7fffffff, 30, 1)
    RI(sraiw, 0xffffffff7fffffff, 1, 0x3fffffff)
    GROUP_END

    GROUP("x0")
    /* x0 reads as zero and writes to it vanish, whatever the instruction. */
    li t0, 123
    add x0, t0, t0
    CHECK(x0, 0)
    addi x0, x0, 5
    CHECK(x0, 0)
    add t1, x0, t0
    CHECK(t1, 123)
    sub t1, x0, t0
    CHECK(t1, -123)
    lui x0, 1
    auipc x0, 1
    CHECK(x0, 0)
    mv t2, x0
    CHECK(t2, 0)
    GROUP_END

    GROUP("nop")
    /* nop (addi x0, x0, 0) and hint-space encodings change nothing */
    li t0, 7
    nop
    addi x0, t0, 1
    slli x0, t0, 3
    CHECK(t0, 7)
    GROUP_END

    TEST_END
