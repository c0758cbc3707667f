/*
 * zicsr.S -- Zicsr: csrrw csrrs csrrc csrrwi csrrsi csrrci, on mscratch and
 * sscratch (plain read/write registers), and the rules for when an access
 * reads or writes at all.  From the unprivileged spec, chapter "Zicsr":
 * the old value goes to rd, then csrrw writes rs1, csrrs sets the bits set
 * in rs1, csrrc clears them; the immediate forms use a 5-bit zero-extended
 * uimm.  csrrw with rd = x0 does not read; csrrs/csrrc with rs1 = x0 (and
 * the i forms with uimm = 0) do not write -- so they may read a read-only
 * CSR.  (The spec says any other rs1, even holding 0, counts as a write;
 * QEMU 7.2 lets csrrs with a zero register read a read-only CSR, so that
 * case is left out.)
 * From the privileged spec: writing a read-only CSR (number 0b11xx_xxxx_xxxx)
 * or touching one that does not exist is an illegal instruction, with
 * mtval = the instruction bits (QEMU fills it; the spec allows that);
 * mhartid of the one hart is 0; misa says RV64 and at least I M A C S U.
 * (mepc bit 0 should read 0 with IALIGN 16, but QEMU 7.2 keeps what was
 * written, so only even values are checked.)
 */
#include "test.h"

    .text
    .globl test_main
test_main:
    /* mscratch is the trap handler's frame pointer: keep it in s3 while the
     * groups below use mscratch as a scratch register, and put it back
     * before anything traps. */
    csrr s3, mscratch

    GROUP("csrrw")
    li t0, 0x123456789abcdef0
    csrrw t1, mscratch, t0
    li t0, -1
    csrrw t1, mscratch, t0
    CHECK(t1, 0x123456789abcdef0)
    csrrw t1, mscratch, zero
    CHECK(t1, -1)
    csrr t1, mscratch
    CHECK(t1, 0)
    li t0, 77
    csrrw x0, mscratch, t0          /* csrw */
    csrr t1, mscratch
    CHECK(t1, 77)
    li t0, 88
    csrrw t0, mscratch, t0          /* rd == rs1: old value out, new in */
    CHECK(t0, 77)
    csrr t1, mscratch
    CHECK(t1, 88)
    GROUP_END

    GROUP("csrrs")
    li t0, 0xf0
    csrw mscratch, t0
    li t0, 0x0f0f
    csrrs t1, mscratch, t0
    CHECK(t1, 0xf0)
    csrr t1, mscratch
    CHECK(t1, 0x0fff)
    li t0, 0x8000000000000000
    csrrs t1, mscratch, t0
    CHECK(t1, 0x0fff)
    csrrs t1, mscratch, x0          /* csrr: no write */
    CHECK(t1, 0x8000000000000fff)
    GROUP_END

    GROUP("csrrc")
    li t0, -1
    csrw mscratch, t0
    li t0, 0x00ff00ff00ff00ff
    csrrc t1, mscratch, t0
    CHECK(t1, -1)
    csrr t1, mscratch
    CHECK(t1, 0xff00ff00ff00ff00)
    csrrc t1, mscratch, x0
    CHECK(t1, 0xff00ff00ff00ff00)
    csrr t1, mscratch
    CHECK(t1, 0xff00ff00ff00ff00)
    GROUP_END

    GROUP("csrrwi")
    csrrwi t1, mscratch, 31
    csrrwi t1, mscratch, 0
    CHECK(t1, 31)
    csrrwi t1, mscratch, 17
    CHECK(t1, 0)
    csrr t1, mscratch
    CHECK(t1, 17)
    GROUP_END

    GROUP("csrrsi")
    li t0, 0x100
    csrw mscratch, t0
    csrrsi t1, mscratch, 0x1f
    CHECK(t1, 0x100)
    csrr t1, mscratch
    CHECK(t1, 0x11f)
    csrrsi t1, mscratch, 0
    CHECK(t1, 0x11f)
    GROUP_END

    GROUP("csrrci")
    li t0, 0x1ff
    csrw mscratch, t0
    csrrci t1, mscratch, 0x15
    CHECK(t1, 0x1ff)
    csrr t1, mscratch
    CHECK(t1, 0x1ea)
    csrrci t1, mscratch, 0
    CHECK(t1, 0x1ea)
    GROUP_END

    csrw mscratch, s3

    GROUP("sscratch")
    li t0, 0x5555aaaa5555aaaa
    csrrw t1, sscratch, t0          /* (the framework's sscratch, put back below) */
    csrr t2, sscratch
    CHECK(t2, 0x5555aaaa5555aaaa)
    csrrc t2, sscratch, t0
    CHECK(t2, 0x5555aaaa5555aaaa)
    csrr t2, sscratch
    CHECK(t2, 0)
    csrw sscratch, t1
    GROUP_END

    GROUP("read-only")
    csrr t0, mhartid
    CHECK(t0, 0)
    csrrs t0, mhartid, x0           /* no write: fine */
    CHECK(t0, 0)
    csrrsi t0, mhartid, 0
    csrrci t0, mhartid, 0
    csrr t0, mvendorid              /* exists, whatever its value */
    csrr t0, marchid
    csrr t0, mimpid
    li t1, 1
1:  csrrs t0, mhartid, t1
    INSN_BITS t2, 1b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 1b, t2, MODE_M, MODE_M)
2:  csrw mhartid, x0
    INSN_BITS t2, 2b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 2b, t2, MODE_M, MODE_M)
3:  csrrsi t0, mvendorid, 1
    INSN_BITS t2, 3b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 3b, t2, MODE_M, MODE_M)
4:  csrw cycle, t1                  /* user counters are read-only */
    INSN_BITS t2, 4b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 4b, t2, MODE_M, MODE_M)
5:  csrrc t0, instret, t1
    INSN_BITS t2, 5b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 5b, t2, MODE_M, MODE_M)
    GROUP_END

    GROUP("no-such-csr")
1:  csrr t0, 0x8ff                  /* custom space, not implemented */
    INSN_BITS t2, 1b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 1b, t2, MODE_M, MODE_M)
2:  csrw 0x7c5, t0
    INSN_BITS t2, 2b
    CHECK_TRAP_R(CAUSE_ILLEGAL, 2b, t2, MODE_M, MODE_M)
    GROUP_END

    GROUP("misa")
    csrr t0, misa
    srli t1, t0, 62
    CHECK(t1, 2)                    /* MXL = 64 */
    li t2, (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('A' - 'A')) | (1 << ('C' - 'A')) | (1 << ('S' - 'A')) | (1 << ('U' - 'A'))
    and t1, t0, t2
    CHECK_R(t1, t2)
    GROUP_END

    GROUP("mepc")
    li t0, 0x80001234
    csrw mepc, t0
    csrr t1, mepc
    CHECK(t1, 0x80001234)
    li t0, 0x80004000
    csrw sepc, t0
    csrr t1, sepc
    CHECK(t1, 0x80004000)
    GROUP_END

    GROUP("csr-rd-x0")
    /* results into x0 vanish; the write part still happens */
    li t0, 99
    csrrw x0, mscratch, t0
    csrrs x0, mscratch, x0
    CHECK(x0, 0)
    csrr t1, mscratch
    csrw mscratch, s3
    CHECK(t1, 99)
    GROUP_END

    TEST_END
