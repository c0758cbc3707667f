/*
 * disasm.c -- the disassembler, driven by insn.def: decode the word, then
 * print the operands the format column says the instruction has.
 *
 * Output follows GNU objdump's `-M no-aliases` form (the real mnemonic of
 * every instruction, compressed ones with their c. prefix, ABI register
 * names, branch targets as absolute hex addresses), so the test suite can
 * compare the two.  CSR names are the ones objdump of binutils 2.40 knows
 * for privileged spec 1.12 (what simscm implements and the toolchain
 * records in its objects); other CSRs print as hex numbers, as there.
 */
#include "cpu.h"
#include <stdio.h>
#include <string.h>

static const char *const reg_names[33] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
    "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6", "zero",
};

struct csr_name { uint16_t num; const char *name; };

/* Single CSRs; numbered families (pmp*, *hpm*, *stateen*, RV32 high halves
 * of counters) are generated in csr_name() below. */
static const struct csr_name csr_names[] = {
    {0x001,"fflags"},{0x002,"frm"},{0x003,"fcsr"},{0x008,"vstart"},{0x009,"vxsat"},
    {0x00a,"vxrm"},{0x00f,"vcsr"},{0x015,"seed"},
    {0x100,"sstatus"},{0x104,"sie"},{0x105,"stvec"},{0x106,"scounteren"},
    {0x10a,"senvcfg"},{0x114,"sieh"},{0x140,"sscratch"},
    {0x141,"sepc"},{0x142,"scause"},{0x143,"stval"},{0x144,"sip"},{0x14d,"stimecmp"},
    {0x150,"siselect"},{0x151,"sireg"},{0x154,"siph"},{0x15c,"stopei"},
    {0x15d,"stimecmph"},{0x180,"satp"},{0x200,"vsstatus"},{0x204,"vsie"},
    {0x205,"vstvec"},{0x214,"vsieh"},{0x240,"vsscratch"},{0x241,"vsepc"},
    {0x242,"vscause"},{0x243,"vstval"},{0x244,"vsip"},{0x24d,"vstimecmp"},
    {0x250,"vsiselect"},{0x251,"vsireg"},{0x254,"vsiph"},{0x25c,"vstopei"},
    {0x25d,"vstimecmph"},{0x280,"vsatp"},{0x300,"mstatus"},{0x301,"misa"},
    {0x302,"medeleg"},{0x303,"mideleg"},{0x304,"mie"},{0x305,"mtvec"},
    {0x306,"mcounteren"},{0x308,"mvien"},{0x309,"mvip"},{0x30a,"menvcfg"},
    {0x310,"mstatush"},{0x313,"midelegh"},
    {0x314,"mieh"},{0x318,"mvienh"},{0x319,"mviph"},{0x31a,"menvcfgh"},
    {0x320,"mcountinhibit"},
    {0x340,"mscratch"},{0x341,"mepc"},{0x342,"mcause"},{0x343,"mtval"},{0x344,"mip"},
    {0x34a,"mtinst"},{0x34b,"mtval2"},
    {0x350,"miselect"},{0x351,"mireg"},{0x354,"miph"},{0x35c,"mtopei"},
    {0x5a8,"scontext"},{0x600,"hstatus"},{0x602,"hedeleg"},{0x603,"hideleg"},
    {0x604,"hie"},{0x605,"htimedelta"},{0x606,"hcounteren"},{0x607,"hgeie"},
    {0x608,"hvien"},{0x609,"hvictl"},{0x60a,"henvcfg"},{0x613,"hidelegh"},
    {0x615,"htimedeltah"},{0x618,"hvienh"},{0x61a,"henvcfgh"},{0x643,"htval"},
    {0x644,"hip"},{0x645,"hvip"},{0x646,"hviprio1"},{0x647,"hviprio2"},
    {0x64a,"htinst"},{0x655,"hviph"},{0x656,"hviprio1h"},{0x657,"hviprio2h"},
    {0x680,"hgatp"},{0x6a8,"hcontext"},{0x747,"mseccfg"},{0x757,"mseccfgh"},
    {0x7a0,"tselect"},{0x7a1,"tdata1"},
    {0x7a2,"tdata2"},{0x7a3,"tdata3"},{0x7a4,"tinfo"},{0x7a5,"tcontrol"},
    {0x7a8,"mcontext"},{0x7aa,"mscontext"},{0x7b0,"dcsr"},{0x7b1,"dpc"},
    {0x7b2,"dscratch0"},{0x7b3,"dscratch1"},{0xb00,"mcycle"},{0xb02,"minstret"},
    {0xb80,"mcycleh"},{0xb82,"minstreth"},{0xc00,"cycle"},{0xc01,"time"},
    {0xc02,"instret"},{0xc20,"vl"},{0xc21,"vtype"},{0xc22,"vlenb"},{0xc80,"cycleh"},
    {0xc81,"timeh"},{0xc82,"instreth"},{0xda0,"scountovf"},{0xdb0,"stopi"},
    {0xe12,"hgeip"},{0xeb0,"vstopi"},{0xf11,"mvendorid"},{0xf12,"marchid"},
    {0xf13,"mimpid"},{0xf14,"mhartid"},{0xf15,"mconfigptr"},{0xfb0,"mtopi"},
};

struct csr_family { uint16_t first, last; const char *fmt; int base; };

static const struct csr_family csr_families[] = {
    {0x10c, 0x10f, "sstateen%d", 0},  {0x30c, 0x30f, "mstateen%d", 0},
    {0x31c, 0x31f, "mstateen%dh", 0}, {0x60c, 0x60f, "hstateen%d", 0},
    {0x61c, 0x61f, "hstateen%dh", 0}, {0x3a0, 0x3af, "pmpcfg%d", 0},
    {0x3b0, 0x3ef, "pmpaddr%d", 0},   {0x323, 0x33f, "mhpmevent%d", 3},
    {0x723, 0x73f, "mhpmevent%dh", 3}, {0xb03, 0xb1f, "mhpmcounter%d", 3},
    {0xb83, 0xb9f, "mhpmcounter%dh", 3}, {0xc03, 0xc1f, "hpmcounter%d", 3},
    {0xc83, 0xc9f, "hpmcounter%dh", 3},
};

static void csr_name(unsigned csr, char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++)
        if (csr_names[i].num == csr) {
            snprintf(buf, len, "%s", csr_names[i].name);
            return;
        }
    for (size_t i = 0; i < sizeof csr_families / sizeof csr_families[0]; i++) {
        const struct csr_family *f = &csr_families[i];
        if (csr >= f->first && csr <= f->last) {
            snprintf(buf, len, f->fmt, (int)(csr - f->first) + f->base);
            return;
        }
    }
    snprintf(buf, len, "0x%x", csr);
}

static void fence_set(unsigned bits4, char *out)
{
    const char *letters = "iorw";
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (bits4 & (8 >> i))
            out[n++] = letters[i];
    out[n] = 0;
}

/* .aq / .rl / .aqrl from bits 26 and 25. */
static const char *amo_suffix(uint32_t raw)
{
    static const char *const s[4] = { "", ".rl", ".aq", ".aqrl" };
    return s[(raw >> 25) & 3];
}

int disasm(uint32_t raw, uint64_t pc, char *buf, size_t len)
{
    struct dinsn d;
    decode_insn(raw, &d);
    if (d.id == ID_illegal) {
        if (d.len == 2 && (raw & 0xffff) == 0)
            snprintf(buf, len, "c.unimp");      /* the defined-illegal all-zero parcel */
        else if (d.len == 2)
            snprintf(buf, len, ".2byte\t0x%x", raw & 0xffff);
        else
            snprintf(buf, len, ".word\t0x%08x", raw);
        return d.len;
    }
    const struct insn_desc *t = &insn_table[d.id];
    char name[24];
    snprintf(name, sizeof name, "%s", t->name);
    for (char *p = name; *p; p++)
        if (*p == '_')
            *p = '.';
    const char *rd = reg_names[d.rd], *rs1 = reg_names[d.rs1], *rs2 = reg_names[d.rs2];
    long long imm = (long long)d.imm;
    unsigned long long target = (unsigned long long)(pc + d.imm);
    char csr[24], p1[8], p2[8];

    switch (t->fmt) {
    case F_R: case F_CA:
        if (t->fmt == F_CA)
            snprintf(buf, len, "%s\t%s,%s", name, rd, rs2);
        else
            snprintf(buf, len, "%s\t%s,%s,%s", name, rd, rs1, rs2);
        break;
    case F_I:
        snprintf(buf, len, "%s\t%s,%s,%lld", name, rd, rs1, imm);
        break;
    case F_ISH: case F_ISHW:
        snprintf(buf, len, "%s\t%s,%s,0x%llx", name, rd, rs1, imm);
        break;
    case F_L: case F_JR: case F_CL_W: case F_CL_D: case F_CI_LWSP: case F_CI_LDSP:
        snprintf(buf, len, "%s\t%s,%lld(%s)", name, rd, imm, rs1);
        break;
    case F_S: case F_CS_W: case F_CS_D: case F_CSS_W: case F_CSS_D:
        snprintf(buf, len, "%s\t%s,%lld(%s)", name, rs2, imm, rs1);
        break;
    case F_B:
        snprintf(buf, len, "%s\t%s,%s,%llx", name, rs1, rs2, target);
        break;
    case F_U: case F_CI_LUI:
        snprintf(buf, len, "%s\t%s,0x%llx", name, rd, (unsigned long long)(imm >> 12) & 0xfffff);
        break;
    case F_J:
        snprintf(buf, len, "%s\t%s,%llx", name, rd, target);
        break;
    case F_CSR:
        csr_name((unsigned)imm, csr, sizeof csr);
        snprintf(buf, len, "%s\t%s,%s,%s", name, rd, csr, rs1);
        break;
    case F_CSRI:
        csr_name((unsigned)imm, csr, sizeof csr);
        snprintf(buf, len, "%s\t%s,%s,%u", name, rd, csr, d.rs1);
        break;
    case F_FENCE: {
        unsigned pred = (imm >> 4) & 15, succ = imm & 15;
        if ((raw >> 28) || !pred || !succ) {
            snprintf(buf, len, ".word\t0x%08x", raw);
            break;
        }
        fence_set(pred, p1);
        fence_set(succ, p2);
        snprintf(buf, len, "%s\t%s,%s", name, p1, p2);
        break;
    }
    case F_NONE: case F_CNONE:
        snprintf(buf, len, "%s", name);
        break;
    case F_SFENCE:
        snprintf(buf, len, "%s\t%s,%s", name, rs1, rs2);
        break;
    case F_AMO:
        snprintf(buf, len, "%s%s\t%s,%s,(%s)", name, amo_suffix(raw), rd, rs2, rs1);
        break;
    case F_LR:
        snprintf(buf, len, "%s%s\t%s,(%s)", name, amo_suffix(raw), rd, rs1);
        break;
    case F_CBO:
        snprintf(buf, len, "%s\t(%s)", name, rs1);
        break;
    case F_CIW:
        snprintf(buf, len, "%s\t%s,sp,%lld", name, rd, imm);
        break;
    case F_CI: case F_CI_LI: case F_CB_ANDI:
        snprintf(buf, len, "%s\t%s,%lld", name, rd, imm);
        break;
    case F_CI_16SP:
        snprintf(buf, len, "%s\tsp,%lld", name, imm);
        break;
    case F_CB_SH: case F_CI_SH:
        if (imm == 0)                           /* the 64-bit-shift hints */
            snprintf(buf, len, "%s64\t%s", name, rd);
        else
            snprintf(buf, len, "%s\t%s,0x%llx", name, rd, imm);
        break;
    case F_CJ:
        snprintf(buf, len, "%s\t%llx", name, target);
        break;
    case F_CB_BR:
        snprintf(buf, len, "%s\t%s,%llx", name, rs1, target);
        break;
    case F_CR_JR: case F_CR_JALR:
        snprintf(buf, len, "%s\t%s", name, rs1);
        break;
    case F_CR_MV: case F_CR_ADD:
        snprintf(buf, len, "%s\t%s,%s", name, rd, rs2);
        break;
    }
    return d.len;
}
