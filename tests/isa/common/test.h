/*
 * test.h -- the small framework every tests/isa program is written with.
 *
 * A program is flat assembly that runs in M-mode from test_main.  Its work is
 * split into check groups; each group prints one line, "NAME: ok" or
 * "NAME: FAIL", and before that one line per failed check giving the source
 * line and the value computed against the value expected.  The program ends
 * with TEST_END, which prints a summary and writes the failure count (capped
 * at 255 so a shell never sees it wrap to 0) to the test finisher.  The same
 * ELF runs on QEMU and on simscm and the two consoles must match byte for
 * byte, so nothing printed may depend on timing.
 *
 * Traps: every trap, taken in M (mtvec) or S (stvec, when delegated), goes
 * into a trap log (cause, epc, tval, handling mode, previous mode) and then
 * resumes after the faulting instruction -- or at ra for instruction-fetch
 * faults, so a test provokes those with `jalr ra, ...`.  An interrupt is
 * logged and its enable bit cleared (mie or sie) so it cannot fire again.
 * A test reads the log in order with TRAP_NEXT; at GROUP_END every trap
 * it did not read is reported as unexpected and counts as a failure.  So a
 * test that expects no trap need not say so.  Code that can trap must run
 * where virtual == physical (the handlers read the instruction at epc to
 * learn its length).
 *
 * Privilege: RUN_IN(mode, label) enters `label` in mode (0 U, 1 S) through
 * mret; that code ends with BACK_TO_M (an ecall with a magic a7), which the
 * handlers turn into a return to the instruction after RUN_IN, in M-mode,
 * with the lower mode's registers left in place (except ra, sp, gp, tp,
 * the framework registers, and a7, which reads 0).  So lower-mode code hands its results back
 * in registers and the checks run in M-mode.  When medeleg sends that ecall
 * to S, the S handler passes it on (by ecall from U, by ebreak from S, as
 * an ecall from S may itself be delegated), so a test must not delegate
 * breakpoints and S's ecalls at the same time.
 *
 * Registers the framework owns (test code must leave them alone):
 *   s4 (x20) value to check / RUN_IN target   s5 (x21) expected / RUN_IN mode
 *   s6 (x22) framework link register          s7 (x23) current group's name
 *   s8 (x24) source line of the check         s9 (x25) failures in this group
 *   s10 (x26) failures in all                 s11 (x27) reserved
 * and sp, which must point at a usable stack whenever a check runs.
 */
#ifndef TESTS_ISA_TEST_H
#define TESTS_ISA_TEST_H

#include "platform.h"

#define BACK_MAGIC   0x6261636b     /* a7 of the ecall that ends RUN_IN code */
#define FATAL_MAGIC  0x64656164     /* a7 of the S handler's "give up" ecall */
#define TRAP_LOG_MAX 256            /* more traps than this: a trap storm, stop */

/* mstatus / sstatus fields */
#define MSTATUS_SIE   0x2
#define MSTATUS_MIE   0x8
#define MSTATUS_SPIE  0x20
#define MSTATUS_UBE   0x40
#define MSTATUS_MPIE  0x80
#define MSTATUS_SPP   0x100
#define MSTATUS_MPP   0x1800
#define MSTATUS_MPP_S 0x0800
#define MSTATUS_MPRV  0x20000
#define MSTATUS_SUM   0x40000
#define MSTATUS_MXR   0x80000
#define MSTATUS_TVM   0x100000
#define MSTATUS_TW    0x200000
#define MSTATUS_TSR   0x400000

/* Interrupt numbers (bit in mip/mie; mcause = (1<<63) | number) */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define INTR    0x8000000000000000

/* Exception causes */
#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_LOAD_MISALIGNED  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

/* Sv39 page-table entry bits */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define SATP_SV39 0x8000000000000000

/* Privilege levels as RUN_IN and the trap log give them */
#define MODE_U 0
#define MODE_S 1
#define MODE_M 3

#ifdef __ASSEMBLER__

/* Start a check group; name is a string literal ("add", "lr/sc"). */
#define GROUP(name)         GROUP_BEGIN name
/* Print the group's line; report and count traps it did not read. */
#define GROUP_END           jal s6, fw_group_end
/* got (register) must equal exp (a constant li accepts). */
#define CHECK(got, exp)     CHECK_IMM got, exp, __LINE__
/* got must equal the register expreg. */
#define CHECK_R(got, expreg) CHECK_REG got, expreg, __LINE__
/* got must equal the address of sym. */
#define CHECK_LA(got, sym)  CHECK_ADDR got, sym, __LINE__
/* Next unread trap: a0 cause, a1 epc, a2 tval, a3 mode that handled it
 * (3 or 1), a4 mode it came from; all -1 when there is none. */
#define TRAP_NEXT           jal s6, fw_trap_next
/* Read the next trap and check cause, epc (a label), tval (a constant),
 * handling mode and previous mode. */
#define CHECK_TRAP(cause, epcsym, tval, hmode, pmode) \
    TRAP_NEXT; CHECK(a0, cause); CHECK_LA(a1, epcsym); CHECK(a2, tval); \
    CHECK(a3, hmode); CHECK(a4, pmode)
/* As CHECK_TRAP with tval a register (read before TRAP_NEXT clobbers a0-a4:
 * pass one of t0-t6, s0-s3). */
#define CHECK_TRAP_R(cause, epcsym, tvalreg, hmode, pmode) \
    TRAP_NEXT; CHECK(a0, cause); CHECK_LA(a1, epcsym); CHECK_R(a2, tvalreg); \
    CHECK(a3, hmode); CHECK(a4, pmode)
/* Enter label in mode (MODE_U or MODE_S); it returns with BACK_TO_M. */
#define RUN_IN(mode, label) la s4, label; li s5, mode; jal s6, fw_run_in
#define BACK_TO_M           li a7, BACK_MAGIC; ecall
/* End the program: summary line, then the finisher. */
#define TEST_END            j fw_finish

/* reg = the 32-bit instruction at label, read as two halves (with the C
 * extension a 4-byte instruction may sit on a 2-byte boundary); for
 * checking mtval of an illegal instruction.  Uses s5 as scratch. */
.macro INSN_BITS reg, label
    la \reg, \label
    lhu s5, 2(\reg)
    lhu \reg, 0(\reg)
    slli s5, s5, 16
    or \reg, \reg, s5
.endm

.macro GROUP_BEGIN name
    .pushsection .rodata.fw_names, "a"
99: .asciz "\name"
    .popsection
    la s7, 99b
    jal s6, fw_group_begin
.endm

.macro CHECK_IMM got, exp, line
    mv s4, \got
    li s5, \exp
    li s8, \line
    jal s6, fw_check
.endm

.macro CHECK_REG got, expreg, line
    mv s4, \got
    mv s5, \expreg
    li s8, \line
    jal s6, fw_check
.endm

.macro CHECK_ADDR got, sym, line
    mv s4, \got
    la s5, \sym
    li s8, \line
    jal s6, fw_check
.endm

#endif /* __ASSEMBLER__ */
#endif
