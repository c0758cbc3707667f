/*
 * decode.c -- instruction word -> struct dinsn, driven by insn.def.
 *
 * The table is searched in order (decode happens once per block, not per
 * execution, so a linear search costs nothing that matters).  Operand
 * extraction is per format; the bit maps of every immediate are written
 * above its extractor as imm[bits] = insn[bits], as in the specification.
 * Compressed instructions are expanded here into the operands of the base
 * instruction they stand for, so execute never sees RVC.
 */
#include "cpu.h"

const struct insn_desc insn_table[ID_COUNT] = {
#define INSN(name, fmt, mask, match, cls, exec) \
    [ID_##name] = { #name, F_##fmt, mask, match, C_##cls, ID_##exec },
#include "insn.def"
#undef INSN
    [ID_illegal] = { "illegal", F_NONE, 0, 0, C_SYSTEM, ID_illegal },
};

static inline uint32_t bits(uint32_t w, int hi, int lo)
{
    return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int64_t sext(uint64_t v, int width)
{
    return (int64_t)(v << (64 - width)) >> (64 - width);
}

/* imm[11:0] = insn[31:20] */
static int64_t imm_i(uint32_t w) { return (int32_t)w >> 20; }
/* imm[11:5|4:0] = insn[31:25|11:7] */
static int64_t imm_s(uint32_t w)
{
    return sext((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12);
}
/* imm[12|10:5|4:1|11] = insn[31|30:25|11:8|7] */
static int64_t imm_b(uint32_t w)
{
    return sext((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) |
                (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
}
/* imm[31:12] = insn[31:12] */
static int64_t imm_u(uint32_t w) { return (int32_t)(w & 0xfffff000u); }
/* imm[20|10:1|11|19:12] = insn[31|30:21|20|19:12] */
static int64_t imm_j(uint32_t w)
{
    return sext((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) |
                (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1), 21);
}

/* Compressed register fields rd'/rs1'/rs2' name x8..x15. */
static inline uint8_t creg(uint32_t w, int lo) { return 8 + bits(w, lo + 2, lo); }

/* nzimm[5] = insn[12], nzimm[4:0] = insn[6:2] (c.addi, c.li, c.andi, ...) */
static int64_t cimm6(uint32_t w)
{
    return sext((bits(w, 12, 12) << 5) | bits(w, 6, 2), 6);
}
/* shamt[5] = insn[12], shamt[4:0] = insn[6:2] */
static int64_t cshamt(uint32_t w) { return (bits(w, 12, 12) << 5) | bits(w, 6, 2); }

static bool decode_fields(uint32_t w, enum insn_fmt fmt, struct dinsn *d)
{
    d->rd = bits(w, 11, 7);
    d->rs1 = bits(w, 19, 15);
    d->rs2 = bits(w, 24, 20);
    d->imm = 0;
    switch (fmt) {
    case F_R: case F_AMO: case F_LR: case F_SFENCE: case F_NONE: case F_CBO:
        break;
    case F_I: case F_L: case F_JR:
        d->imm = imm_i(w);
        break;
    case F_ISH:
        d->imm = bits(w, 25, 20);
        break;
    case F_ISHW:
        d->imm = bits(w, 24, 20);
        break;
    case F_S:
        d->imm = imm_s(w);
        break;
    case F_B:
        d->imm = imm_b(w);
        break;
    case F_U:
        d->imm = imm_u(w);
        break;
    case F_J:
        d->imm = imm_j(w);
        break;
    case F_CSR: case F_CSRI:
        d->imm = bits(w, 31, 20);       /* the CSR number; CSRI's uimm stays in rs1 */
        break;
    case F_FENCE:
        d->imm = bits(w, 27, 20);       /* pred:succ */
        break;

    /* nzuimm[5:4|9:6|2|3] = insn[12:11|10:7|6|5] */
    case F_CIW:
        d->rd = creg(w, 2);
        d->rs1 = 2;
        d->imm = (bits(w, 12, 11) << 4) | (bits(w, 10, 7) << 6) |
                 (bits(w, 6, 6) << 2) | (bits(w, 5, 5) << 3);
        return d->imm != 0;
    /* uimm[5:3] = insn[12:10], uimm[2|6] = insn[6|5] */
    case F_CL_W: case F_CS_W:
        d->rs1 = creg(w, 7);
        d->rd = d->rs2 = creg(w, 2);
        d->imm = (bits(w, 12, 10) << 3) | (bits(w, 6, 6) << 2) | (bits(w, 5, 5) << 6);
        break;
    /* uimm[5:3] = insn[12:10], uimm[7:6] = insn[6:5] */
    case F_CL_D: case F_CS_D:
        d->rs1 = creg(w, 7);
        d->rd = d->rs2 = creg(w, 2);
        d->imm = (bits(w, 12, 10) << 3) | (bits(w, 6, 5) << 6);
        break;
    case F_CNONE:
        d->rd = 0;
        d->rs1 = 0;
        d->rs2 = 0;
        break;
    case F_CI:
        d->rs1 = d->rd;
        d->imm = cimm6(w);
        /* c.addiw with rd = x0 is reserved */
        return !(d->rd == 0 && bits(w, 15, 13) == 1);
    case F_CI_LI:
        d->rs1 = 0;
        d->imm = cimm6(w);
        break;
    /* nzimm[9] = insn[12], nzimm[4|6|8:7|5] = insn[6|5|4:3|2] */
    case F_CI_16SP:
        d->rd = d->rs1 = 2;
        d->imm = sext((bits(w, 12, 12) << 9) | (bits(w, 6, 6) << 4) |
                      (bits(w, 5, 5) << 6) | (bits(w, 4, 3) << 7) |
                      (bits(w, 2, 2) << 5), 10);
        return d->imm != 0;
    /* nzimm[17] = insn[12], nzimm[16:12] = insn[6:2] */
    case F_CI_LUI:
        d->imm = sext((bits(w, 12, 12) << 17) | (bits(w, 6, 2) << 12), 18);
        return d->imm != 0;
    case F_CB_SH:
        d->rd = d->rs1 = creg(w, 7);
        d->imm = cshamt(w);
        break;
    case F_CB_ANDI:
        d->rd = d->rs1 = creg(w, 7);
        d->imm = cimm6(w);
        break;
    case F_CA:
        d->rd = d->rs1 = creg(w, 7);
        d->rs2 = creg(w, 2);
        break;
    /* imm[11|4|9:8|10|6|7|3:1|5] = insn[12|11|10:9|8|7|6|5:3|2] */
    case F_CJ:
        d->rd = 0;
        d->imm = sext((bits(w, 12, 12) << 11) | (bits(w, 11, 11) << 4) |
                      (bits(w, 10, 9) << 8) | (bits(w, 8, 8) << 10) |
                      (bits(w, 7, 7) << 6) | (bits(w, 6, 6) << 7) |
                      (bits(w, 5, 3) << 1) | (bits(w, 2, 2) << 5), 12);
        break;
    /* imm[8|4:3] = insn[12|11:10], imm[7:6|2:1|5] = insn[6:5|4:3|2] */
    case F_CB_BR:
        d->rs1 = creg(w, 7);
        d->rs2 = 0;
        d->imm = sext((bits(w, 12, 12) << 8) | (bits(w, 11, 10) << 3) |
                      (bits(w, 6, 5) << 6) | (bits(w, 4, 3) << 1) |
                      (bits(w, 2, 2) << 5), 9);
        break;
    case F_CI_SH:
        d->rs1 = d->rd;
        d->imm = cshamt(w);
        break;
    /* uimm[5] = insn[12], uimm[4:2|7:6] = insn[6:4|3:2] */
    case F_CI_LWSP:
        d->rs1 = 2;
        d->imm = (bits(w, 12, 12) << 5) | (bits(w, 6, 4) << 2) | (bits(w, 3, 2) << 6);
        return d->rd != 0;
    /* uimm[5] = insn[12], uimm[4:3|8:6] = insn[6:5|4:2] */
    case F_CI_LDSP:
        d->rs1 = 2;
        d->imm = (bits(w, 12, 12) << 5) | (bits(w, 6, 5) << 3) | (bits(w, 4, 2) << 6);
        return d->rd != 0;
    case F_CR_JR:
        d->rs1 = d->rd;
        d->rd = 0;
        return d->rs1 != 0;
    case F_CR_MV:
        d->rs1 = 0;
        d->rs2 = bits(w, 6, 2);
        break;
    case F_CR_JALR:
        d->rs1 = d->rd;
        d->rd = 1;
        break;
    case F_CR_ADD:
        d->rs1 = d->rd;
        d->rs2 = bits(w, 6, 2);
        break;
    /* uimm[5:2|7:6] = insn[12:9|8:7] */
    case F_CSS_W:
        d->rs1 = 2;
        d->rs2 = bits(w, 6, 2);
        d->imm = (bits(w, 12, 9) << 2) | (bits(w, 8, 7) << 6);
        break;
    /* uimm[5:3|8:6] = insn[12:10|9:7] */
    case F_CSS_D:
        d->rs1 = 2;
        d->rs2 = bits(w, 6, 2);
        d->imm = (bits(w, 12, 10) << 3) | (bits(w, 9, 7) << 6);
        break;
    }
    return true;
}

void decode_insn(uint32_t w, struct dinsn *d)
{
    int len = insn_len(w);
    if (len == 2)
        w &= 0xffff;
    d->raw = w;
    d->len = len;
    d->inline_jump = 0;
    for (int i = 0; i < ID_illegal; i++) {
        const struct insn_desc *t = &insn_table[i];
        if ((w & t->mask) != t->match)
            continue;
        if (!decode_fields(w, t->fmt, d))
            break;
        d->id = i;
        d->exec = t->exec;
        if (d->rd == 0)
            d->rd = 32;
        return;
    }
    d->id = d->exec = ID_illegal;
    d->rd = 32;
    d->rs1 = d->rs2 = 0;
    d->imm = 0;
}

bool insn_ends_block(enum insn_id exec)
{
    /* A conditional branch does not: the block goes on along the not-taken
     * path and a taken branch leaves it early, so loops with an if inside
     * stay one block. */
    switch (insn_table[exec].cls) {
    case C_JUMP: case C_CSR: case C_SYSTEM:
        return true;
    default:
        return exec == ID_fence_i || exec == ID_illegal;
    }
}
