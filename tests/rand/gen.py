#!/usr/bin/env python3
"""gen.py -- seeded random-instruction programs for simscm (docs/testing.md).

    gen.py [--set qemu|full] [--units N] HARNESS.bin HARNESS.syms OUTDIR SEED...

For each SEED, writes OUTDIR/rand-SEED.elf: the harness (harness.S and
report.c, linked at 0x80000000 and flattened with objcopy -O binary) with
three parts filled in from random.Random(SEED):

  init_regs    the registers' starting values;
  scratch      the 8 KiB every load, store and atomic touches;
  rand_stream  N "units" of random instructions, then a jump to rand_end.

A unit is one instruction, or a short fixed sequence that must run whole: a
memory access is "addi rB, gp, R" followed by the access through rB (or an
access through gp itself), so every address stays inside the scratch area
(gp points at its middle and is never written).  Branches and jumps only go
forward, to the start of a later unit, so every program ends, and never into
the middle of a sequence.  About one unit in twenty is an instruction the
machine must refuse (reserved or unimplemented encodings); the harness's
trap handler skips it and counts it.

--set qemu (the default) keeps to what QEMU 7.2's `-cpu rv64` with F, D and
the Zb* extensions turned off shares with simscm, so the same ELF must print
the same lines on both.  --set full adds what only simscm has: Zicbom's
cbo.clean, cbo.flush and cbo.inval.

Left out on purpose, with the reason:
  - CSR instructions other than the six on sscratch, reads of mhartid
    and (illegal) writes to it: the harness owns mtvec,
    mscratch, mepc, mcause; counters and timers differ between any two
    machines; and QEMU implements CSRs simscm does not (they trap on one
    and not the other).
  - wfi (QEMU may sleep), mret/sret (they jump through mepc/sepc),
    backward branches and jalr to a computed address (loops, wild jumps).
  - misaligned AMOs and LR/SC: QEMU 7.2 reports cause 4 where the spec
    (and simscm) says 6 (docs/testing.md, tests/isa rv64a).  Atomics are
    always naturally aligned here; plain loads and stores may be
    misaligned (both machines complete them).
  - random 32-bit words: most decode to something valid (a CSR write, an
    mret, a backward jump) that would take the program out of its sandbox;
    the invalid words are drawn from encodings that are reserved or belong
    to extensions neither machine has.
"""
import random
import struct
import sys
import os

GP = 3
SCRATCH_HALF = 4096         # scratch is [gp - 4096, gp + 4096)


def bits(v, hi, lo):
    return (v >> lo) & ((1 << (hi - lo + 1)) - 1)


# ---- 32-bit encodings ----

def r_type(op, f3, f7, rd, rs1, rs2):
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op


def i_type(op, f3, rd, rs1, imm):
    return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op


def s_type(op, f3, rs1, rs2, imm):
    imm &= 0xfff
    return bits(imm, 11, 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | bits(imm, 4, 0) << 7 | op


def b_type(f3, rs1, rs2, off):
    off &= 0x1fff
    return (bits(off, 12, 12) << 31 | bits(off, 10, 5) << 25 | rs2 << 20 | rs1 << 15 |
            f3 << 12 | bits(off, 4, 1) << 8 | bits(off, 11, 11) << 7 | 0x63)


def u_type(op, rd, imm20):
    return (imm20 & 0xfffff) << 12 | rd << 7 | op


def j_type(rd, off):
    off &= 0x1fffff
    return (bits(off, 20, 20) << 31 | bits(off, 10, 1) << 21 | bits(off, 11, 11) << 20 |
            bits(off, 19, 12) << 12 | rd << 7 | 0x6f)


def addi(rd, rs1, imm):
    return i_type(0x13, 0, rd, rs1, imm)


# ---- 16-bit encodings (RV64C, no floating point) ----

def c_ci(f3, rd, imm6, op):
    return f3 << 13 | bits(imm6, 5, 5) << 12 | rd << 7 | bits(imm6, 4, 0) << 2 | op


def c_cb_branch(f3, rs1p, off):
    off &= 0x1ff
    return (f3 << 13 | bits(off, 8, 8) << 12 | bits(off, 4, 3) << 10 | rs1p << 7 |
            bits(off, 7, 6) << 5 | bits(off, 2, 1) << 3 | bits(off, 5, 5) << 2 | 1)


def c_j(off):
    off &= 0xfff
    return (0b101 << 13 | bits(off, 11, 11) << 12 | bits(off, 4, 4) << 11 |
            bits(off, 9, 8) << 9 | bits(off, 10, 10) << 8 | bits(off, 6, 6) << 7 |
            bits(off, 7, 7) << 6 | bits(off, 3, 1) << 3 | bits(off, 5, 5) << 2 | 1)


class Insn:
    """One instruction of a unit: raw bits, or a branch to fill in once the
    layout is known (encode(offset) -> bits)."""
    def __init__(self, size, word=None, encode=None, target=None):
        self.size, self.word, self.encode, self.target = size, word, encode, target


def w32(word):
    return Insn(4, word=word)


def w16(half):
    return Insn(2, word=half)


class Gen:
    def __init__(self, rnd, full):
        self.r = rnd
        self.full = full

    # registers: anything but x0 and gp as a destination
    def rd(self):
        while True:
            x = self.r.randrange(1, 32)
            if x != GP:
                return x

    def rs(self):
        return self.r.randrange(32)

    def rdc(self):              # x8..x15, never gp
        return self.r.randrange(8)

    def imm12(self):
        return self.r.choice([0, 1, -1, 2047, -2048, self.r.randrange(-2048, 2048),
                              self.r.randrange(-16, 16)])

    # ---- valid instructions ----

    def alu(self):
        r = self.r
        k = r.randrange(10)
        if k < 3:               # OP / OP-32, base and M
            if r.random() < 0.5:
                f3 = r.randrange(8)
                f7 = r.choice([0, 1] + ([0x20] if f3 in (0, 5) else []))
                return w32(r_type(0x33, f3, f7, self.rd(), self.rs(), self.rs()))
            f3 = r.choice([0, 1, 5, 0, 4, 5, 6, 7])
            if f3 in (0, 5):
                f7 = r.choice([0, 1, 0x20])
            elif f3 == 1:
                f7 = r.choice([0])
            else:
                f7 = 1
            return w32(r_type(0x3b, f3, f7, self.rd(), self.rs(), self.rs()))
        if k < 6:               # OP-IMM / OP-IMM-32
            if r.random() < 0.6:
                f3 = r.randrange(8)
                if f3 == 1:
                    imm = r.randrange(64)
                elif f3 == 5:
                    imm = r.randrange(64) | r.choice([0, 0x400])
                else:
                    imm = self.imm12()
                return w32(i_type(0x13, f3, self.rd(), self.rs(), imm))
            f3 = r.choice([0, 1, 5])
            if f3 == 0:
                imm = self.imm12()
            elif f3 == 1:
                imm = r.randrange(32)
            else:
                imm = r.randrange(32) | r.choice([0, 0x400])
            return w32(i_type(0x1b, f3, self.rd(), self.rs(), imm))
        if k == 6:
            return w32(u_type(r.choice([0x37, 0x17]), self.rd(), r.randrange(1 << 20)))
        return self.alu_c()

    def alu_c(self):
        r = self.r
        k = r.randrange(12)
        rd = self.rd()
        imm6 = r.randrange(64)
        if k == 0:
            return w16(c_ci(0b000, rd, imm6, 1))                    # c.addi
        if k == 1:
            return w16(c_ci(0b001, rd, imm6, 1))                    # c.addiw
        if k == 2:
            return w16(c_ci(0b010, rd, imm6, 1))                    # c.li
        if k == 3:
            while rd == 2:
                rd = self.rd()
            return w16(c_ci(0b011, rd, imm6 or 1, 1))               # c.lui
        if k == 4:                                                  # c.addi16sp
            nz = r.randrange(1, 64)
            imm = (nz << 4) - (1024 if nz & 32 else 0)
            return w16(0b011 << 13 | bits(imm, 9, 9) << 12 | 2 << 7 | bits(imm, 4, 4) << 6 |
                       bits(imm, 6, 6) << 5 | bits(imm, 8, 7) << 3 | bits(imm, 5, 5) << 2 | 1)
        if k == 5:                                                  # c.srli/srai/andi
            f2 = r.randrange(3)
            return w16(0b100 << 13 | bits(imm6, 5, 5) << 12 | f2 << 10 | self.rdc() << 7 |
                       bits(imm6, 4, 0) << 2 | 1)
        if k == 6:                                                  # c.sub/xor/or/and/subw/addw
            hi = r.randrange(2)
            f2 = r.randrange(4 if hi == 0 else 2)
            return w16(0b100 << 13 | hi << 12 | 3 << 10 | self.rdc() << 7 | f2 << 5 |
                       self.rdc() << 2 | 1)
        if k == 7:
            return w16(c_ci(0b000, rd, imm6, 2))                    # c.slli
        if k == 8:
            return w16(0b100 << 13 | rd << 7 | r.randrange(1, 32) << 2 | 2)   # c.mv
        if k == 9:
            return w16(0b1001 << 12 | rd << 7 | r.randrange(1, 32) << 2 | 2)  # c.add
        if k == 10:                                                 # c.addi4spn
            nz = r.randrange(1, 256)
            return w16(bits(nz, 3, 2) << 11 | bits(nz, 7, 4) << 7 | bits(nz, 0, 0) << 6 |
                       bits(nz, 1, 1) << 5 | self.rdc() << 2)
        return w16(0x0001)                                          # c.nop

    def base_setup(self, rb, lo, hi, align=1):
        off = self.r.randrange(lo, hi) // align * align
        return w32(addi(rb, GP, off))

    def mem(self):
        r = self.r
        k = r.randrange(8)
        if k < 3:               # loads and stores through a base set from gp
            rb = self.rd()
            off = r.randrange(-1024, 1024)
            setup = self.base_setup(rb, -2048, 2048 - 8)
            if r.random() < 0.5:
                f3 = r.choice([0, 1, 2, 3, 4, 5, 6])
                body = w32(i_type(0x03, f3, self.rd(), rb, off))
            else:
                body = w32(s_type(0x23, r.randrange(4), rb, self.rs(), off))
            # The base itself may be small: addi then access stays within
            # gp +- (2048 + 1024).
            return [setup, body]
        if k == 3:              # through gp directly
            off = r.randrange(-2048, 2048 - 8)
            if r.random() < 0.5:
                return [w32(i_type(0x03, r.choice([0, 1, 2, 3, 4, 5, 6]), self.rd(), GP, off))]
            return [w32(s_type(0x23, r.randrange(4), GP, self.rs(), off))]
        if k == 4:              # c.lw/c.ld/c.sw/c.sd through x8..x15
            rbp = self.rdc()
            f3 = r.choice([0b010, 0b011, 0b110, 0b111])
            if f3 in (0b010, 0b110):
                u = r.randrange(32) * 4
                imm = bits(u, 5, 3) << 10 | bits(u, 2, 2) << 6 | bits(u, 6, 6) << 5
            else:
                u = r.randrange(32) * 8
                imm = bits(u, 5, 3) << 10 | bits(u, 7, 6) << 5
            return [self.base_setup(8 + rbp, -2048, 2048 - 256),
                    w16(f3 << 13 | imm | rbp << 7 | self.rdc() << 2)]
        if k == 5:              # c.lwsp/c.ldsp/c.swsp/c.sdsp through sp
            f3 = r.choice([0b010, 0b011, 0b110, 0b111])
            if f3 == 0b010:
                u = r.randrange(64) * 4
                enc = bits(u, 5, 5) << 12 | self.rd() << 7 | bits(u, 4, 2) << 4 | bits(u, 7, 6) << 2
            elif f3 == 0b011:
                u = r.randrange(64) * 8
                enc = bits(u, 5, 5) << 12 | self.rd() << 7 | bits(u, 4, 3) << 5 | bits(u, 8, 6) << 2
            elif f3 == 0b110:
                u = r.randrange(64) * 4
                enc = bits(u, 5, 2) << 9 | bits(u, 7, 6) << 7 | self.rs() << 2
            else:
                u = r.randrange(64) * 8
                enc = bits(u, 5, 3) << 10 | bits(u, 8, 6) << 7 | self.rs() << 2
            return [self.base_setup(2, -2048, 2048 - 512), w16(f3 << 13 | enc | 2)]
        if k == 6:              # AMOs, naturally aligned
            d = r.random() < 0.5
            rb = self.rd()
            f5 = r.choice([0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c])
            aqrl = r.randrange(4)
            word = r_type(0x2f, 3 if d else 2, f5 << 2 | aqrl, self.rd(), rb, self.rs())
            return [self.base_setup(rb, -2048, 2048 - 8, 8 if d else 4), w32(word)]
        # LR then SC on the same address; rd of the LR is not the base
        d = r.random() < 0.5
        rb = self.rd()
        rd1 = self.rd()
        while rd1 == rb:
            rd1 = self.rd()
        f3 = 3 if d else 2
        lr = r_type(0x2f, f3, 0x02 << 2 | r.randrange(4), rd1, rb, 0)
        sc = r_type(0x2f, f3, 0x03 << 2 | r.randrange(4), self.rd(), rb, self.rs())
        seq = [self.base_setup(rb, -2048, 2048 - 8, 8 if d else 4), w32(lr)]
        for _ in range(r.randrange(3)):
            seq.append(self.alu())
        if r.random() < 0.85:
            seq.append(w32(sc))
        return seq

    def system(self):
        r = self.r
        k = r.randrange(8)
        if k >= 6:              # every CSR op on sscratch, which nothing else uses
            f3 = r.choice([1, 2, 3, 5, 6, 7])
            rs1 = r.choice([0, self.rs(), self.rs()])
            return w32(i_type(0x73, f3, r.choice([0, self.rd()]), rs1, 0x140))
        if k == 0:
            return w32(0x00000073)                                  # ecall
        if k == 1:
            return r.choice([w32(0x00100073), w16(0x9002)])         # ebreak, c.ebreak
        if k == 2:                                                  # fence
            return w32(r.randrange(16) << 24 | r.randrange(16) << 20 | 0x0f)
        if k == 3:
            return w32(0x0000100f)                                  # fence.i
        if k == 4:
            return w32(0x12000073 | self.rs() << 20 | self.rs() << 15)  # sfence.vma
        return w32(i_type(0x73, 2, self.rd(), 0, 0xf14))            # csrr rd, mhartid

    def cbo(self):
        rb = self.rd()
        op = self.r.choice([0, 1, 2])      # inval, clean, flush
        return [self.base_setup(rb, -2048, 2048), w32(op << 20 | rb << 15 | 2 << 12 | 0x0f)]

    # ---- control flow: forward only, to the start of a later unit ----

    def branch(self, i, n):
        r = self.r
        t = min(n, i + r.randrange(1, 9))
        k = r.randrange(5)
        if k < 2:
            f3 = r.choice([0, 1, 4, 5, 6, 7])
            rs1, rs2 = self.rs(), self.rs()
            return [Insn(4, encode=lambda off: b_type(f3, rs1, rs2, off), target=t)]
        if k == 2:
            rd = r.choice([0, self.rd()])
            return [Insn(4, encode=lambda off: j_type(rd, off), target=t)]
        if k == 3:
            f3 = r.choice([0b110, 0b111])
            rs = self.rdc()
            return [Insn(2, encode=lambda off: c_cb_branch(f3, rs, off), target=t)]
        return [Insn(2, encode=c_j, target=t)]

    # ---- instructions the machine must refuse ----

    def invalid(self):
        r = self.r
        k = r.randrange(9)
        hi = r.randrange(1 << 25) << 7
        if k == 0:      # custom-0..3, OP-V, reserved major opcodes, 48/64-bit lengths
            return w32(hi | r.choice([0x0b, 0x2b, 0x5b, 0x7b, 0x57, 0x6b, 0x77, 0x1f, 0x3f]))
        if k == 1:      # F and D (turned off on QEMU; simscm has neither)
            return w32(hi | r.choice([0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53]))
        if k == 2:      # OP / OP-32 with a funct7 of Zba/Zbb/Zbs/Zbc or none at all
            f7 = r.choice([0x04, 0x05, 0x10, 0x14, 0x24, 0x30, 0x34, 0x7f, r.randrange(2, 0x20)])
            return w32(r_type(r.choice([0x33, 0x3b]), r.randrange(8), f7,
                              self.rd(), self.rs(), self.rs()))
        if k == 3:      # shifts with bits above the shamt (Zbb clz/ctz/rev8, Zbs, junk)
            f6 = r.choice([0x18, 0x1a, 0x12, 0x0a, 0x01, 0x3f])
            return w32(i_type(r.choice([0x13, 0x1b]), r.choice([1, 5]), self.rd(), self.rs(),
                              f6 << 6 | r.randrange(64)))
        if k == 4:      # loads and stores with no such width
            if r.random() < 0.5:
                return w32(i_type(0x03, 7, self.rd(), GP, r.randrange(-64, 64)))
            return w32(s_type(0x23, r.choice([4, 5, 6, 7]), GP, self.rs(), r.randrange(-64, 64)))
        if k == 5:      # AMO funct5 and widths that do not exist
            f5 = r.choice([0x05, 0x06, 0x07, 0x09, 0x0d, 0x11, 0x1f])
            return w32(r_type(0x2f, r.choice([2, 3]), f5 << 2, self.rd(), GP, self.rs()))
        if k == 6:      # compressed: all zero, FP, reserved forms
            return w16(r.choice([
                0x0000,
                0x2000 | r.randrange(1 << 13) & ~3,         # c.fld
                0xa000 | r.randrange(1 << 13) & ~3,         # c.fsd
                0x2002 | r.randrange(1 << 13) & ~3,         # c.fldsp
                0xa002 | r.randrange(1 << 13) & ~3,         # c.fsdsp
                0x0000 | r.randrange(8) << 2,               # c.addi4spn, imm 0
                0x6101,                                     # c.addi16sp, imm 0
                0x6081,                                     # c.lui x1, 0
                0x2001,                                     # c.addiw x0
                0x4002, 0x6002,                             # c.lwsp/c.ldsp x0
                0x8002,                                     # c.jr x0
                0x9c41 | r.randrange(8) << 7 | r.randrange(8) << 2,  # RV64C reserved
            ]))
        if k == 7:      # SYSTEM: uret (gone), f3 = 4 (no such CSR op), writing mhartid
            return w32(r.choice([0x00200073,
                                 i_type(0x73, 4, self.rd(), self.rs(), r.randrange(4096)),
                                 i_type(0x73, r.choice([1, 5]), self.rd(), self.rs(), 0xf14)]))
        # MISC-MEM with f3 beyond fence/fence.i/cbo
        return w32(i_type(0x0f, r.choice([3, 4, 5, 6, 7]), self.rd(), self.rs(), self.imm12()))

    def units(self, n):
        out = []
        for i in range(n):
            x = self.r.random()
            if x < 0.45:
                u = [self.alu()]
            elif x < 0.67:
                u = self.mem()
            elif x < 0.80:
                u = self.branch(i, n)
            elif x < 0.87:
                u = [self.system()]
            elif x < 0.92 and self.full:
                u = self.cbo()
            elif x < 0.95:
                u = [self.invalid()]
            else:
                u = [self.alu()]
            out.append(u)
        return out


def init_values(r):
    vals = []
    for i in range(32):
        vals.append(r.choice([0, 1, (1 << 64) - 1, 1 << 63, (1 << 63) - 1, 0x80000000,
                              0xffffffff, r.randrange(1 << 64), r.randrange(1 << 64),
                              r.randrange(-4096, 4096) & ((1 << 64) - 1)]))
    return vals


def layout(units, base, end_addr):
    """Place the units from base, fill in the branches, and end with a jump
    to end_addr.  Returns bytes."""
    starts = []
    pc = base
    for u in units:
        starts.append(pc)
        pc += sum(insn.size for insn in u)
    starts.append(pc)           # unit n: the final jump
    out = bytearray()
    pc = base
    for u in units:
        for insn in u:
            word = insn.word
            if insn.encode:
                word = insn.encode(starts[insn.target] - pc)
            out += struct.pack('<I' if insn.size == 4 else '<H', word)
            pc += insn.size
    out += struct.pack('<I', j_type(0, end_addr - pc))
    return bytes(out)


def write_elf(path, image, base):
    """One PT_LOAD segment holding image at base; no section headers."""
    ehdr = struct.pack('<16sHHIQQQIHHHHHH',
                       b'\x7fELF\x02\x01\x01' + bytes(9), 2, 243, 1, base, 64, 0,
                       0x1, 64, 56, 1, 64, 0, 0)
    phdr = struct.pack('<IIQQQQQQ', 1, 7, 0x1000, base, base, len(image), len(image), 0x1000)
    with open(path, 'wb') as f:
        f.write(ehdr + phdr + bytes(0x1000 - len(ehdr) - len(phdr)) + image)


def main(argv):
    full = False
    nunits = 1500
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == '--set':
            if argv[i + 1] not in ('qemu', 'full'):
                sys.exit('gen.py: --set takes qemu or full')
            full = argv[i + 1] == 'full'
            i += 2
        elif argv[i] == '--units':
            nunits = int(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) < 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    binpath, syms, outdir = args[:3]
    sym = {}
    with open(syms) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                sym[p[2]] = int(p[0], 16)
    harness = open(binpath, 'rb').read()
    base = sym['_start']
    os.makedirs(outdir, exist_ok=True)
    for s in args[3:]:
        seed = int(s)
        r = random.Random(seed)
        img = bytearray(harness)
        regs = init_values(r)
        off = sym['init_regs'] - base
        img[off:off + 256] = struct.pack('<32Q', *regs)
        off = sym['scratch'] - base
        img[off:off + 2 * SCRATCH_HALF] = bytes(r.randrange(256) for _ in range(2 * SCRATCH_HALF))
        code = layout(Gen(r, full).units(nunits), sym['rand_stream'], sym['rand_end'])
        room = sym['rand_stream_end'] - sym['rand_stream']
        if len(code) > room:
            sys.exit('gen.py: seed %d: %d bytes of code, the harness has room for %d'
                     % (seed, len(code), room))
        off = sym['rand_stream'] - base
        img[off:off + len(code)] = code
        write_elf(os.path.join(outdir, 'rand-%d.elf' % seed), bytes(img), base)


if __name__ == '__main__':
    main(sys.argv[1:])
