/*
 * sdtrig_spec.S -- the parts of Sdtrig (RISC-V Debug Specification 1.0)
 * where simscm goes beyond QEMU 7.2 or where the specification leaves a
 * choice, so this program is compared with sdtrig_spec.expected instead of
 * with QEMU (QEMU 7.2 has two triggers, ignores a tdata1 write of type 0,
 * supports only match = equal and writes tval = 0).  simscm: four
 * triggers; tinfo = version 1, types 2, 6 and 15; tdata1 written with type
 * 0 or an unsupported type reads back type 15 (disabled) and does not fire;
 * WARL fields (dmode from M-mode, action, match, select, size) keep only
 * legal values; tval = the pc or the data address; an action-0 trigger does
 * not fire in M-mode while mstatus.MIE is 0; hit is set when it fires;
 * match >= (2) and < (3); size gives the bytes a load/store match covers;
 * AMOs and LR/SC are loads and stores to triggers.
 */
#include "test.h"

#define TYPE2  0x2000000000000000
#define TYPE6  0x6000000000000000
#define TYPE15 0xf000000000000000
#define DMODE  0x0800000000000000
#define T_LOAD  0x1
#define T_STORE 0x2
#define T_EXEC  0x4
#define T_U     0x8
#define T_S     0x10
#define T_M     0x40
#define MATCH_GE (2 << 7)
#define MATCH_LT (3 << 7)
#define MC_HIT   (1 << 20)
#define MC_SIZE8 ((1 << 21) | (1 << 16))       /* sizehi:sizelo = 5: 8 bytes */
#define MC6_SIZE1 (1 << 16)

    .text
    .globl test_main
test_main:
    GROUP("count")
    li t0, 3
    csrw tselect, t0
    li t0, 4
    csrw tselect, t0                /* beyond the last: ignored */
    csrr t1, tselect
    CHECK(t1, 3)
    csrw tselect, zero
    li t0, 64
    csrw tselect, t0
    csrr t1, tselect
    CHECK(t1, 0)
    GROUP_END

    GROUP("tinfo")
    csrr t0, tinfo
    CHECK(t0, 0x01008044)
    csrr t0, tdata1                 /* reset value: exists, disabled */
    CHECK(t0, TYPE15)
    csrr t0, tdata3
    CHECK(t0, 0)
    GROUP_END

    GROUP("disable")
    csrsi mstatus, MSTATUS_MIE
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_LOAD
    csrw tdata1, t0
    csrw tdata1, zero
    csrr t1, tdata1
    CHECK(t1, TYPE15)
    la t2, watched
    ld t1, 0(t2)                    /* does not fire */
    li t0, 0x3000000000000000 | T_M | T_LOAD   /* icount: not supported */
    csrw tdata1, t0
    csrr t1, tdata1
    CHECK(t1, TYPE15)
    ld t1, 0(t2)
    csrci mstatus, MSTATUS_MIE
    GROUP_END

    GROUP("warl")
    li t0, TYPE2 | DMODE | (5 << 12) | (1 << 7) | (1 << 19) | T_M | T_LOAD
    csrw tdata1, t0
    csrr t1, tdata1
    CHECK(t1, TYPE2 | T_M | T_LOAD)
    li t0, TYPE6 | (4 << 16) | (1 << 21) | T_S | T_STORE
    csrw tdata1, t0
    csrr t1, tdata1
    CHECK(t1, TYPE6 | T_S | T_STORE)
    li t0, TYPE6 | (5 << 16) | (1 << 12) | MATCH_LT | T_U | T_EXEC
    csrw tdata1, t0
    csrr t1, tdata1
    CHECK_R(t1, t0)
    csrw tdata1, zero
    GROUP_END

    GROUP("tval-hit")
    csrsi mstatus, MSTATUS_MIE
    la t0, exec_at
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_EXEC
    csrw tdata1, t0
    li t1, 0
    call exec_fn
    la s0, exec_at
    CHECK_TRAP_R(CAUSE_BREAKPOINT, exec_at, s0, MODE_M, MODE_M)
    csrr t0, tdata1
    li t1, MC_HIT
    and t0, t0, t1
    CHECK(t0, MC_HIT)
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_LOAD
    csrw tdata1, t0
    la t2, watched
load_at:
    lw t1, 0(t2)
    la s0, watched
    CHECK_TRAP_R(CAUSE_BREAKPOINT, load_at, s0, MODE_M, MODE_M)
    li t0, TYPE6 | T_M | T_STORE
    csrw tdata1, t0
store_at:
    sb t1, 0(t2)
    la s0, watched
    CHECK_TRAP_R(CAUSE_BREAKPOINT, store_at, s0, MODE_M, MODE_M)
    csrw tdata1, zero
    csrci mstatus, MSTATUS_MIE
    GROUP_END

    GROUP("m-mode-mie")
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_LOAD
    csrw tdata1, t0
    la t2, watched
    ld t1, 0(t2)                    /* MIE = 0: quiet */
    csrsi mstatus, MSTATUS_MIE
ld_mie_at:
    ld t1, 0(t2)
    csrci mstatus, MSTATUS_MIE
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, ld_mie_at)
    csrw tdata1, zero
    GROUP_END

    GROUP("match")
    /* In S-mode, where only this code loads (>= and < would also catch
     * the framework's own loads in M). */
    la t2, watched
    addi t0, t2, 8
    csrw tdata2, t0
    li t0, TYPE2 | MATCH_GE | T_S | T_LOAD
    csrw tdata1, t0
    RUN_IN(MODE_S, s_loads)
    TRAP_NEXT                       /* the load at +8 only */
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, s_load8_at)
    la t0, watched + 8
    CHECK_R(a2, t0)
    li t0, TYPE2 | MATCH_LT | T_S | T_LOAD
    csrw tdata1, t0
    RUN_IN(MODE_S, s_loads)
    TRAP_NEXT                       /* the load at +0 only */
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, s_load0_at)
    csrw tdata1, zero
    GROUP_END

    GROUP("size")
    csrsi mstatus, MSTATUS_MIE
    la t2, watched
    csrw tdata2, t2
    li t0, TYPE2 | MC_SIZE8 | T_M | T_STORE
    csrw tdata1, t0
size8_at:
    sw t1, 4(t2)                    /* inside the 8 bytes */
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, size8_at)
    sw t1, 8(t2)                    /* past them: quiet */
    li t0, TYPE6 | MC6_SIZE1 | T_M | T_STORE
    csrw tdata1, t0
    sw t1, 4(t2)                    /* one byte only: quiet */
    csrw tdata1, zero
    csrci mstatus, MSTATUS_MIE
    GROUP_END

    GROUP("amo")
    csrsi mstatus, MSTATUS_MIE
    la t2, watched
    csrw tdata2, t2
    li t0, TYPE2 | T_M | T_STORE
    csrw tdata1, t0
    li t1, 1
amo_at:
    amoadd.d t3, t1, (t2)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, amo_at)
    li t0, TYPE2 | T_M | T_LOAD
    csrw tdata1, t0
lr_at:
    lr.d t3, (t2)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, lr_at)
    csrw tdata1, zero
    csrci mstatus, MSTATUS_MIE
    GROUP_END

    TEST_END

exec_fn:
exec_at:
    addi t1, t1, 1
    ret

    .section .user, "ax"
s_loads:
    la t2, watched
s_load0_at:
    ld t1, 0(t2)
s_load8_at:
    ld t1, 8(t2)
    BACK_TO_M

    .data
    .balign 8
watched: .dword 0, 0, 0
