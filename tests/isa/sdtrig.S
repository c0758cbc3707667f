/*
 * sdtrig.S -- Sdtrig debug triggers, from the RISC-V Debug Specification
 * (chapter "Sdtrig"), the part QEMU 7.2 implements the same way: tselect
 * selects among at least two triggers and a write beyond the last one
 * does not read back; tinfo lists types 2 (mcontrol) and 6 (mcontrol6);
 * an mcontrol/mcontrol6 trigger with action 0 on execute, load or store
 * raises a breakpoint exception (cause 3) before the instruction runs, with
 * epc = that instruction (tval may be 0 or the address: QEMU 7.2 writes 0,
 * simscm the address, which sdtrig_spec.S checks); the
 * m/s/u bits pick the modes it fires in; with none of execute/load/store
 * (or none of m/s/u) set it does not fire.  M-mode triggers are tried
 * with mstatus.MIE set, since a hart may (simscm does) keep action-0
 * triggers quiet in M-mode while MIE is 0 (tests/isa/sdtrig_spec.S).
 * The trap handler steps over the trapped instruction, so a register it
 * would have written keeps its old value: that shows it did not run.
 */
#include "test.h"

#define TYPE2  0x2000000000000000
#define TYPE6  0x6000000000000000
#define T_LOAD  0x1
#define T_STORE 0x2
#define T_EXEC  0x4
#define T_U     0x8
#define T_S     0x10
#define T_M     0x40

    .text
    .globl test_main
test_main:
    GROUP("probe")
    li t2, 0                        /* t2: triggers found */
1:  csrw tselect, t2
    csrr t0, tselect
    bne t0, t2, 2f
    addi t2, t2, 1
    li t1, 64
    blt t2, t1, 1b
2:  sltiu t0, t2, 2
    CHECK(t0, 0)                    /* at least two */
    csrr t0, tinfo
    andi t0, t0, (1 << 2) | (1 << 6)
    CHECK(t0, (1 << 2) | (1 << 6))
    csrw tselect, zero
    li t0, TYPE2 | T_M | T_EXEC
    csrw tdata1, t0
    csrr t1, tdata1
    li t3, 0xf000000000000000 | 0x7f
    and t1, t1, t3
    CHECK_R(t1, t0)
    li t0, TYPE6 | T_M | T_S | T_LOAD
    csrw tdata1, t0
    csrr t1, tdata1
    and t1, t1, t3
    CHECK_R(t1, t0)
    li t0, 0x12345678
    csrw tdata2, t0
    csrr t1, tdata2
    CHECK_R(t1, t0)
    li t0, TYPE2
    csrw tdata1, t0                 /* off: no mode, no access kind */
    GROUP_END

    csrsi mstatus, MSTATUS_MIE      /* mie is 0: no interrupt comes */

    GROUP("exec")
    csrw tselect, zero
    la t0, exec_at
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_EXEC
    csrw tdata1, t0
    li t1, 0
    call exec_fn
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, exec_at)
    CHECK(a3, MODE_M)
    CHECK(a4, MODE_M)
    CHECK(t1, 0)                    /* the addi did not run */
    /* an access kind but no mode: off */
    li t0, TYPE2 | T_EXEC
    csrw tdata1, t0
    call exec_fn
    CHECK(t1, 1)
    /* a mode but no access kind: off */
    li t0, TYPE2 | T_M
    csrw tdata1, t0
    li t1, 0
    call exec_fn
    CHECK(t1, 1)
    /* U only: quiet in M, fires in U */
    li t0, TYPE2 | T_U | T_EXEC
    la t1, u_exec_at
    csrw tdata2, t1
    csrw tdata1, t0
    li t1, 0
    call exec_fn
    CHECK(t1, 1)
    li s0, 0
    RUN_IN(MODE_U, u_exec)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, u_exec_at)
    CHECK(a3, MODE_M)
    CHECK(a4, MODE_U)
    CHECK(s0, 0)
    li t0, TYPE2
    csrw tdata1, t0
    GROUP_END

    GROUP("load")
    csrw tselect, zero
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_LOAD
    csrw tdata1, t0
    la t2, watched
    li t1, 0x55
load_at:
    ld t1, 0(t2)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, load_at)
    CHECK(t1, 0x55)                 /* the load did not happen */
    li t0, 0x77
    sd t0, 0(t2)                    /* a store does not fire a load trigger */
    ld t1, 8(t2)                    /* nor does another address */
    li t0, TYPE2
    csrw tdata1, t0
    ld t1, 0(t2)
    CHECK(t1, 0x77)
    GROUP_END

    GROUP("store")
    csrw tselect, zero
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE2 | T_M | T_STORE
    csrw tdata1, t0
    la t2, watched
    li t1, 0x99
store_at:
    sd t1, 0(t2)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, store_at)
    ld t1, 0(t2)                    /* loads do not fire it */
    CHECK(t1, 0x77)                 /* the store did not happen */
    li t0, TYPE2
    csrw tdata1, t0
    GROUP_END

    GROUP("mcontrol6")
    li t0, 1
    csrw tselect, t0                /* the second trigger this time */
    la t0, watched
    csrw tdata2, t0
    li t0, TYPE6 | T_S | T_U | T_STORE
    csrw tdata1, t0
    la t2, watched
    li t1, 0x42
    sd t1, 0(t2)                    /* M is not enabled: no trap */
    RUN_IN(MODE_S, s_store)
    TRAP_NEXT
    CHECK(a0, CAUSE_BREAKPOINT)
    CHECK_LA(a1, s_store_at)
    CHECK(a4, MODE_S)
    ld t1, 0(t2)
    CHECK(t1, 0x42)
    li t0, TYPE6
    csrw tdata1, t0
    RUN_IN(MODE_S, s_store)         /* off now */
    ld t1, 0(t2)
    CHECK(t1, 0x5a)
    GROUP_END

    csrci mstatus, MSTATUS_MIE
    TEST_END

exec_fn:
exec_at:
    addi t1, t1, 1
    ret

    .section .user, "ax"
u_exec:
u_exec_at:
    li s0, 1
    BACK_TO_M

s_store:
    la t2, watched
    li t1, 0x5a
s_store_at:
    sd t1, 0(t2)
    BACK_TO_M

    .data
    .balign 8
watched: .dword 0, 0
