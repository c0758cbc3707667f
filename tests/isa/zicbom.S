/*
 * zicbom.S -- Zicbom: cbo.clean, cbo.flush, cbo.inval.  From the CMO
 * chapter of the unprivileged spec and the envcfg CSRs of the privileged
 * spec: the instructions act on the cache block holding rs1 (any address
 * inside it); clean and flush keep memory contents, inval may drop unwritten
 * data (so this test cleans a block before it invalidates it, and then the
 * values must survive whatever the cache model does).  M-mode may always
 * use them.  Below M, cbo.clean/flush need menvcfg.CBCFE (and, in U-mode,
 * senvcfg.CBCFE) and cbo.inval needs menvcfg.CBIE != 00 (and in U-mode
 * senvcfg.CBIE != 00), else they raise an illegal-instruction exception.
 * With translation on, a CBO is allowed when a load or a store would be
 * (a read-only page is enough) and otherwise raises a store page fault with
 * tval = the address.
 *
 * QEMU 7.2 has no Zicbom, so this program is checked against the expected
 * console in zicbom.expected instead of against QEMU.
 */
#include "test.h"

#define ENVCFG_CBIE_FLUSH 0x10         /* CBIE = 01: cbo.inval flushes */
#define ENVCFG_CBIE_INVAL 0x30         /* CBIE = 11: cbo.inval invalidates */
#define ENVCFG_CBCFE      0x40

    .text
    .globl test_main
test_main:
    GROUP("cbo-m")
    call fill
    la s0, blk
    cbo.clean (s0)
    addi t0, s0, 24                 /* any address in the block */
    cbo.flush (t0)
    cbo.clean (s0)
    cbo.inval (s0)                  /* nothing dirty left to drop */
    call sum_blk
    CHECK(a0, 0x2424242424242424)
    ld t1, 0(s0)
    CHECK(t1, 0x0101010101010101)
    ld t1, 56(s0)
    CHECK(t1, 0x0808080808080808)
    /* stores after a flush land as usual */
    li t1, 0x1234
    sd t1, 8(s0)
    cbo.flush (s0)
    ld t1, 8(s0)
    CHECK(t1, 0x1234)
    /* other address registers */
    mv a5, s0
    cbo.clean (a5)
    mv t6, s0
    cbo.flush (t6)
    GROUP_END

    GROUP("cbo-s-allowed")
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_FLUSH
    csrw menvcfg, t0
    call fill
    RUN_IN(MODE_S, s_cbo_all)
    call sum_blk
    CHECK(a0, 0x2424242424242424)
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    RUN_IN(MODE_S, s_cbo_all)
    call sum_blk
    CHECK(a0, 0x2424242424242424)
    GROUP_END

    GROUP("cbo-s-disabled")
    csrw menvcfg, zero
    RUN_IN(MODE_S, s_cbo_each)
    INSN_BITS t0, s_clean
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_clean, t0, MODE_M, MODE_S)
    INSN_BITS t0, s_flush
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_flush, t0, MODE_M, MODE_S)
    INSN_BITS t0, s_inval
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_inval, t0, MODE_M, MODE_S)
    /* CBCFE alone: inval still illegal */
    li t0, ENVCFG_CBCFE
    csrw menvcfg, t0
    RUN_IN(MODE_S, s_cbo_each)
    INSN_BITS t0, s_inval
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_inval, t0, MODE_M, MODE_S)
    /* CBIE alone: clean and flush still illegal */
    li t0, ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    RUN_IN(MODE_S, s_cbo_each)
    INSN_BITS t0, s_clean
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_clean, t0, MODE_M, MODE_S)
    INSN_BITS t0, s_flush
    CHECK_TRAP_R(CAUSE_ILLEGAL, s_flush, t0, MODE_M, MODE_S)
    csrw menvcfg, zero
    GROUP_END

    GROUP("cbo-u")
    /* menvcfg allows, senvcfg does not: illegal in U */
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    csrw senvcfg, zero
    RUN_IN(MODE_U, u_cbo_each)
    INSN_BITS t0, u_clean
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_clean, t0, MODE_M, MODE_U)
    INSN_BITS t0, u_flush
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_flush, t0, MODE_M, MODE_U)
    INSN_BITS t0, u_inval
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_inval, t0, MODE_M, MODE_U)
    /* both allow: no traps, data kept */
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_FLUSH
    csrw senvcfg, t0
    call fill
    RUN_IN(MODE_U, u_cbo_each)
    call sum_blk
    CHECK(a0, 0x2424242424242424)
    /* senvcfg allows, menvcfg does not: illegal in U */
    csrw menvcfg, zero
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_INVAL
    csrw senvcfg, t0
    RUN_IN(MODE_U, u_cbo_each)
    INSN_BITS t0, u_clean
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_clean, t0, MODE_M, MODE_U)
    INSN_BITS t0, u_flush
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_flush, t0, MODE_M, MODE_U)
    INSN_BITS t0, u_inval
    CHECK_TRAP_R(CAUSE_ILLEGAL, u_inval, t0, MODE_M, MODE_U)
    csrw senvcfg, zero
    GROUP_END

    GROUP("cbo-envcfg-fields")
    /* the fields hold what was written */
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    csrr t1, menvcfg
    andi t1, t1, 0x70
    CHECK(t1, 0x70)
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_FLUSH
    csrw senvcfg, t0
    csrr t1, senvcfg
    andi t1, t1, 0x70
    CHECK(t1, 0x50)
    csrw menvcfg, zero
    csrw senvcfg, zero
    GROUP_END

    GROUP("cbo-vm")
    li t0, ENVCFG_CBCFE | ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    call fw_vm_reset
    mv s1, a0
    call fw_vm_map_image
    /* VA 0x40000000: the block's page, read-only; 0x40001000: unmapped */
    li a0, 0x40000000
    la a1, blk
    li a2, PTE_V | PTE_R | PTE_A
    li a3, 0
    call fw_vm_map
    csrw satp, s1
    sfence.vma
    call fill
    la t0, blk
    li t1, 0xfff
    and t1, t0, t1
    li t2, 0x40000000
    or s0, t2, t1                   /* blk's virtual alias */
    li s2, 0x40001000
    RUN_IN(MODE_S, s_cbo_vm)
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_vm_clean, s2, MODE_M, MODE_S)
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_vm_flush, s2, MODE_M, MODE_S)
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_vm_inval, s2, MODE_M, MODE_S)
    csrw satp, zero
    sfence.vma
    call sum_blk
    CHECK(a0, 0x2424242424242424)
    csrw menvcfg, zero
    GROUP_END

    TEST_END

/* S-mode: all three on blk, no trap expected */
s_cbo_all:
    la t0, blk
    cbo.clean (t0)
    cbo.flush (t0)
    cbo.clean (t0)
    cbo.inval (t0)
    BACK_TO_M

/* S-mode: each one once on blk */
s_cbo_each:
    la t0, blk
s_clean:
    cbo.clean (t0)
s_flush:
    cbo.flush (t0)
s_inval:
    cbo.inval (t0)
    BACK_TO_M

/* S-mode with translation: s0 = read-only alias of blk, s2 = unmapped */
s_cbo_vm:
    cbo.clean (s0)
    cbo.flush (s0)
    cbo.clean (s0)
    cbo.inval (s0)
s_vm_clean:
    cbo.clean (s2)
s_vm_flush:
    cbo.flush (s2)
s_vm_inval:
    cbo.inval (s2)
    BACK_TO_M

/* fill: blk's 8 dwords = 0x0101..01, 0x0202..02, ..., 0x0808..08 */
fill:
    la t0, blk
    li t1, 0x0101010101010101
    mv t2, t1
    li t3, 8
1:  sd t2, 0(t0)
    add t2, t2, t1
    addi t0, t0, 8
    addi t3, t3, -1
    bnez t3, 1b
    ret

/* sum_blk -> a0 = sum of blk's 8 dwords (0x2424..24 when intact) */
sum_blk:
    la t0, blk
    li a0, 0
    li t3, 8
1:  ld t2, 0(t0)
    add a0, a0, t2
    addi t0, t0, 8
    addi t3, t3, -1
    bnez t3, 1b
    ret

    .section .user, "ax"
/* U-mode: each one once on blk */
u_cbo_each:
    la t0, blk
u_clean:
    cbo.clean (t0)
u_flush:
    cbo.flush (t0)
u_inval:
    cbo.inval (t0)
    BACK_TO_M

    .data
    .balign 64
blk:
    .space 64
    .space 64
