/*
 * priv_vm.S -- Sv39 virtual memory, from the privileged spec's "Sv39" and
 * "Virtual Address Translation Process" sections: a three-level walk with
 * 4 KiB, 2 MiB and 1 GiB leaves (a superpage leaf whose low PPN fields are
 * not zero faults); R/W/X/U permissions (W without R is reserved and
 * faults; S may touch U pages only with SUM and never execute them; U may
 * not touch S pages; MXR lets loads read execute-only pages); a fault
 * raises an instruction (12), load (13) or store (15) page fault with tval
 * = the virtual address; addresses whose bits 63:39 are not copies of bit
 * 38 fault, and so do a pointer PTE at level 0 and a PTE with reserved
 * bits (63:54) set; A and D are set by the hardware on access and on write (as
 * QEMU does; the spec also allows faulting instead); MPRV makes M-mode
 * loads and stores translate as MPP; sfence.vma makes PTE changes visible;
 * medeleg sends page faults to S with stval.
 *
 * The program is mapped at virtual == physical (the trap handlers need
 * that); the tests use aliases at 0x4000_0000 and up.  Checks run in M
 * after each lower-mode piece hands its results back in registers.
 */
#include "test.h"

#define VA_RW     0x40000000        /* data page 0, RW */
#define VA_RO     0x40001000        /* data page 0, R */
#define VA_XO     0x40002000        /* data page 0, X */
#define VA_URW    0x40003000        /* data page 0, U RW */
#define VA_INV    0x40004000        /* V = 0 */
#define VA_WO     0x40005000        /* W without R: reserved */
#define VA_AD     0x40006000        /* data page 1, RW, A = D = 0 */
#define VA_CODE_X 0x40007000        /* code page, X */
#define VA_CODE_R 0x40008000        /* code page, RW (no X) */
#define VA_A_ONLY 0x40009000        /* data page 1, RW, A = 1, D = 0 */
#define VA_2M     0x40200000        /* 2 MiB leaf -> 0x80000000 */
#define VA_2M_BAD 0x40400000        /* 2 MiB leaf with ppn[0] != 0 */
#define VA_1G     0xc0000000        /* 1 GiB leaf -> 0x80000000 */
#define VA_1G_BAD 0x100000000       /* 1 GiB leaf with ppn[1] != 0 */
#define VA_NONCANON 0x0000008000000000
#define VA_PTR0   0x4000a000        /* level-0 PTE with V only: a pointer */
#define VA_RSVD   0x4000b000        /* PTE with reserved bit 60 set */

#define RWXAD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* map va -> pa with flags at level; keep the PTE address in the dword at
 * sym (when sym is not 0) */
.macro MAP va, pa, flags, level, sym=0
    li a0, \va
    la a1, \pa
    li a2, \flags
    li a3, \level
    call fw_vm_map
    .ifnc \sym,0
    la t0, \sym
    sd a0, 0(t0)
    .endif
.endm

    .text
    .globl test_main
test_main:
    /* data page 0: dword i = 0x1000 + i; page 1: 0x2000 + i; page 2: 0x3000 + i */
    la t0, vmdata
    li t1, 0x1000
    li t2, 3 * 512
1:  sd t1, 0(t0)
    addi t0, t0, 8
    addi t1, t1, 1
    li t3, 0x1200
    bne t1, t3, 2f
    li t1, 0x2000
2:  li t3, 0x2200
    bne t1, t3, 3f
    li t1, 0x3000
3:  addi t2, t2, -1
    bnez t2, 1b

    call fw_vm_reset
    la t0, satp_val
    sd a0, 0(t0)
    call fw_vm_map_image
    MAP VA_RW, vmdata, RWXAD & ~PTE_X, 0, pte_rw
    MAP VA_RO, vmdata, PTE_V | PTE_R | PTE_A, 0
    MAP VA_XO, vmdata, PTE_V | PTE_X | PTE_A, 0
    MAP VA_URW, vmdata, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D, 0
    MAP VA_WO, vmdata, PTE_V | PTE_W | PTE_A | PTE_D, 0
    MAP VA_AD, vmdata + 4096, PTE_V | PTE_R | PTE_W, 0, pte_ad
    MAP VA_CODE_X, vmcode, PTE_V | PTE_X | PTE_A, 0
    MAP VA_CODE_R, vmcode, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D, 0
    MAP VA_A_ONLY, vmdata + 4096, PTE_V | PTE_R | PTE_W | PTE_A, 0, pte_aonly
    MAP VA_PTR0, vmdata, PTE_V, 0
    MAP VA_RSVD, vmdata, (RWXAD & ~PTE_X), 0, pte_rsvd
    la t0, pte_rsvd
    ld t0, 0(t0)
    ld t1, 0(t0)
    li t2, 1 << 60
    or t1, t1, t2
    sd t1, 0(t0)
    MAP VA_2M, _image_start, RWXAD & ~PTE_X, 1
    MAP VA_2M_BAD, _image_start + 0x1000, RWXAD & ~PTE_X, 1
    MAP VA_1G, _image_start, RWXAD & ~PTE_X, 2
    MAP VA_1G_BAD, _image_start + 0x200000, RWXAD & ~PTE_X, 2
    la t0, satp_val
    ld t0, 0(t0)
    csrw satp, t0
    sfence.vma

    GROUP("sv39-4k")
    RUN_IN(MODE_S, s_basic)
    CHECK(s0, 0x1000)
    CHECK(s1, 0x1005)
    la t0, vmdata
    ld t1, 8(t0)                    /* S's store reached the physical page */
    CHECK(t1, 0x5555)
    li t1, 0x1001
    sd t1, 8(t0)
    GROUP_END

    GROUP("sv39-2m")
    RUN_IN(MODE_S, s_2m)
    CHECK(s0, 0x1000)
    CHECK(s1, 0x11ff)
    GROUP_END

    GROUP("sv39-1g")
    RUN_IN(MODE_S, s_1g)
    CHECK(s0, 0x1000)
    CHECK(s1, 0x2000)
    GROUP_END

    GROUP("bad-superpage")
    RUN_IN(MODE_S, s_badsuper)
    li t0, VA_2M_BAD
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_badsuper_2m, t0, MODE_M, MODE_S)
    li t0, VA_1G_BAD + 8
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_badsuper_1g, t0, MODE_M, MODE_S)
    CHECK(s0, -1)
    GROUP_END

    GROUP("permissions")
    RUN_IN(MODE_S, s_perm)
    CHECK(s0, 0x1000)               /* read-only page reads */
    li t0, VA_RO + 8
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_ro, t0, MODE_M, MODE_S)
    li t0, VA_XO
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_xo, t0, MODE_M, MODE_S)
    li t0, VA_INV + 16
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_inv, t0, MODE_M, MODE_S)
    li t0, VA_INV + 24
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_inv, t0, MODE_M, MODE_S)
    li t0, VA_WO
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_wo, t0, MODE_M, MODE_S)
    li t0, VA_WO
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_wo, t0, MODE_M, MODE_S)
    CHECK(s1, -1)                   /* faulting loads wrote nothing */
    CHECK(s2, -1)
    CHECK(s3, -1)
    la t0, vmdata
    ld t1, 8(t0)                    /* faulting stores neither */
    CHECK(t1, 0x1001)
    GROUP_END

    GROUP("bad-pte")
    /* a pointer where a leaf must be, and reserved PTE bits: page faults */
    RUN_IN(MODE_S, s_badpte)
    li t0, VA_PTR0
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_badpte_ptr, t0, MODE_M, MODE_S)
    li t0, VA_RSVD
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_badpte_rsvd, t0, MODE_M, MODE_S)
    CHECK(s0, -1)
    CHECK(s1, -1)
    GROUP_END

    GROUP("mxr")
    li t0, MSTATUS_MXR
    csrs mstatus, t0
    RUN_IN(MODE_S, s_mxr)
    CHECK(s0, 0x1000)               /* execute-only page readable */
    li t0, MSTATUS_MXR
    csrc mstatus, t0
    GROUP_END

    GROUP("sum")
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    RUN_IN(MODE_S, s_sum)
    li t0, VA_URW
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_sum_ld0, t0, MODE_M, MODE_S)
    CHECK(s0, -1)
    CHECK(s1, 0x1000)               /* with SUM: fine */
    la t0, u_ret7
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, u_ret7, t0, MODE_M, MODE_S)
    CHECK(s2, -1)                   /* the U code did not run */
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    GROUP_END

    GROUP("user")
    RUN_IN(MODE_U, u_access)
    CHECK(s0, 0x1000)               /* its own page */
    li t0, VA_RW
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, u_ld_s, t0, MODE_M, MODE_U)
    li t0, VA_RW
    CHECK_TRAP_R(CAUSE_STORE_PAGE, u_st_s, t0, MODE_M, MODE_U)
    la t0, s_ret5
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, s_ret5, t0, MODE_M, MODE_U)
    CHECK(s1, -1)
    CHECK(s2, -1)
    GROUP_END

    GROUP("fetch")
    RUN_IN(MODE_S, s_fetch)
    li t0, VA_CODE_X
    CHECK_R(s0, t0)                 /* ran at the alias: auipc saw it */
    CHECK(s1, 0x600)
    li t0, VA_CODE_R
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, VA_CODE_R, t0, MODE_M, MODE_S)
    CHECK(s2, -1)
    li t0, VA_INV
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, VA_INV, t0, MODE_M, MODE_S)
    GROUP_END

    GROUP("non-canonical")
    RUN_IN(MODE_S, s_noncanon)
    li t0, VA_NONCANON
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_noncanon_ld, t0, MODE_M, MODE_S)
    li t0, 0xffffff7fc0000000       /* bit 38 = 0 but 63:39 ones */
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_noncanon_st, t0, MODE_M, MODE_S)
    CHECK(s0, -1)
    GROUP_END

    GROUP("a/d-bits")
    la t0, pte_ad
    ld s3, 0(t0)
    RUN_IN(MODE_S, s_ad_load)
    CHECK(s0, 0x2000)
    ld t1, 0(s3)
    andi t1, t1, PTE_A | PTE_D
    CHECK(t1, PTE_A)                /* read: A set, D not */
    RUN_IN(MODE_S, s_ad_store)
    ld t1, 0(s3)
    andi t1, t1, PTE_A | PTE_D
    CHECK(t1, PTE_A | PTE_D)        /* written: D set too */
    la t0, pte_aonly
    ld s3, 0(t0)
    RUN_IN(MODE_S, s_aonly_store)
    ld t1, 0(s3)
    andi t1, t1, PTE_A | PTE_D
    CHECK(t1, PTE_A | PTE_D)
    la t0, vmdata + 4096
    ld t1, 16(t0)
    CHECK(t1, 0xd1d1)
    ld t1, 24(t0)
    CHECK(t1, 0xd2d2)
    GROUP_END

    GROUP("mprv")
    /* M-mode data accesses translate as MPP while MPRV is set.  Each trap
     * and mret changes MPP, so set MPP before every access and turn MPRV
     * off before any check. */
    li s0, -1
    li s1, -1
    li s2, -1
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S | MSTATUS_MPRV
    csrs mstatus, t0
    li t1, VA_RW
    ld s0, 0(t1)
    li t1, VA_RO
mprv_st:
    sd zero, 0(t1)
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, t0                /* MPP = U now */
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    li t1, VA_URW
    ld s1, 8(t1)
    li t1, VA_RW
mprv_ld_u:
    ld s2, 0(t1)
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, t0
    CHECK(s0, 0x1000)
    CHECK(s1, 0x1001)
    CHECK(s2, -1)
    li t0, VA_RO
    CHECK_TRAP_R(CAUSE_STORE_PAGE, mprv_st, t0, MODE_M, MODE_M)
    li t0, VA_RW
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, mprv_ld_u, t0, MODE_M, MODE_M)
    GROUP_END

    GROUP("sfence.vma")
    /* point VA_RW at data page 2; after sfence.vma S must see it */
    la t0, pte_rw
    ld t0, 0(t0)
    ld t1, 0(t0)
    la t2, vmdata + 8192
    srli t2, t2, 12
    slli t2, t2, 10
    li t3, 0x3ff
    and t1, t1, t3
    or t1, t1, t2
    sd t1, 0(t0)
    RUN_IN(MODE_S, s_sfence)
    CHECK(s0, 0x3000)
    CHECK(s1, 0x3001)
    GROUP_END

    GROUP("patch-alias")
    /* S rewrites an instruction of the code page through its read/write
     * alias, runs fence.i, and the execute alias runs the new one */
    RUN_IN(MODE_S, s_patch)
    CHECK(s1, 0x600)
    CHECK(s2, 0x4d2)
    li t0, VA_CODE_X
    CHECK_R(s0, t0)
    GROUP_END

    GROUP("cross-page")
    /* a misaligned store whose second half lands on a read-only page, and
     * a 4-byte instruction whose second half is on a page without X: the
     * fault is the second page's, tval = that page's first byte */
    RUN_IN(MODE_S, s_cross)
    li t0, VA_RO
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_cross_st, t0, MODE_M, MODE_S)
    li t0, VA_CODE_R
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, VA_CODE_X + 0xffe, t0, MODE_M, MODE_S)
    CHECK(s2, -1)                   /* the straddling addi did not run */
    CHECK(s1, 13)                   /* the two before it did */
    GROUP_END

    GROUP("delegated-faults")
    li t0, (1 << CAUSE_FETCH_PAGE) | (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE)
    csrw medeleg, t0
    RUN_IN(MODE_S, s_perm)
    li t0, VA_RO + 8
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_ro, t0, MODE_S, MODE_S)
    li t0, VA_XO
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_xo, t0, MODE_S, MODE_S)
    li t0, VA_INV + 16
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_inv, t0, MODE_S, MODE_S)
    li t0, VA_INV + 24
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_inv, t0, MODE_S, MODE_S)
    li t0, VA_WO
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, s_perm_ld_wo, t0, MODE_S, MODE_S)
    li t0, VA_WO
    CHECK_TRAP_R(CAUSE_STORE_PAGE, s_perm_st_wo, t0, MODE_S, MODE_S)
    RUN_IN(MODE_U, u_access)
    li t0, VA_RW
    CHECK_TRAP_R(CAUSE_LOAD_PAGE, u_ld_s, t0, MODE_S, MODE_U)
    li t0, VA_RW
    CHECK_TRAP_R(CAUSE_STORE_PAGE, u_st_s, t0, MODE_S, MODE_U)
    la t0, s_ret5
    CHECK_TRAP_R(CAUSE_FETCH_PAGE, s_ret5, t0, MODE_S, MODE_U)
    csrw medeleg, zero
    GROUP_END

    GROUP("satp")
    la t0, satp_val
    ld t1, 0(t0)
    csrr t2, satp
    CHECK_R(t2, t1)
    RUN_IN(MODE_S, s_satp)
    CHECK_R(s0, t1)                 /* S reads it too */
    csrw satp, zero
    sfence.vma
    csrr t2, satp
    CHECK(t2, 0)
    GROUP_END

    TEST_END

/* ---- S-mode pieces ---- */
s_basic:
    li t0, VA_RW
    ld s0, 0(t0)
    ld s1, 40(t0)
    li t1, 0x5555
    sd t1, 8(t0)
    BACK_TO_M

s_2m:
    la t0, vmdata
    li t1, 0x80000000
    sub t0, t0, t1                  /* offset of vmdata in the 2 MiB page */
    li t1, VA_2M
    add t0, t0, t1
    ld s0, 0(t0)
    li t1, 4088
    add t0, t0, t1
    ld s1, 0(t0)
    BACK_TO_M

s_1g:
    la t0, vmdata
    li t1, 0x80000000
    sub t0, t0, t1
    li t1, VA_1G
    add t0, t0, t1
    ld s0, 0(t0)
    li t1, 4096
    add t0, t0, t1
    ld s1, 0(t0)
    BACK_TO_M

s_badsuper:
    li s0, -1
    li t0, VA_2M_BAD
s_badsuper_2m:
    ld s0, 0(t0)
    li t0, VA_1G_BAD
s_badsuper_1g:
    sd zero, 8(t0)
    BACK_TO_M

s_perm:
    li s0, -1
    li s1, -1
    li s2, -1
    li s3, -1
    li t0, VA_RO
    ld s0, 0(t0)
s_perm_st_ro:
    sd zero, 8(t0)
    li t0, VA_XO
s_perm_ld_xo:
    ld s1, 0(t0)
    li t0, VA_INV
s_perm_ld_inv:
    ld s2, 16(t0)
s_perm_st_inv:
    sd zero, 24(t0)
    li t0, VA_WO
s_perm_ld_wo:
    ld s3, 0(t0)
s_perm_st_wo:
    sd zero, 0(t0)
    BACK_TO_M

s_badpte:
    li s0, -1
    li s1, -1
    li t0, VA_PTR0
s_badpte_ptr:
    ld s0, 0(t0)
    li t0, VA_RSVD
s_badpte_rsvd:
    ld s1, 0(t0)
    BACK_TO_M

s_mxr:
    li s0, -1
    li t0, VA_XO
    ld s0, 0(t0)
    BACK_TO_M

s_sum:
    li s0, -1
    li s1, -1
    li s2, -1
    li t0, VA_URW
s_sum_ld0:
    ld s0, 0(t0)
    li t1, MSTATUS_SUM
    csrs sstatus, t1
    ld s1, 0(t0)
    la t0, u_ret7
    jalr ra, 0(t0)                  /* S may not execute a U page */
    li t1, MSTATUS_SUM
    csrc sstatus, t1
    BACK_TO_M

s_ret5:
    li s1, 5
    ret

s_fetch:
    li s0, -1
    li s1, -1
    li s2, -1
    li t0, VA_CODE_X
    jalr ra, 0(t0)
    li t0, VA_CODE_R
    jalr ra, 0(t0)                  /* no X: fetch fault, back at ra */
    li t0, VA_INV
    jalr ra, 0(t0)
    BACK_TO_M

s_noncanon:
    li s0, -1
    li t0, VA_NONCANON
s_noncanon_ld:
    ld s0, 0(t0)
    li t0, 0xffffff7fc0000000
s_noncanon_st:
    sd zero, 0(t0)
    BACK_TO_M

s_ad_load:
    li t0, VA_AD
    ld s0, 0(t0)
    BACK_TO_M

s_ad_store:
    li t0, VA_AD
    li t1, 0xd1d1
    sd t1, 16(t0)
    BACK_TO_M

s_aonly_store:
    li t0, VA_A_ONLY
    li t1, 0xd2d2
    sd t1, 24(t0)
    BACK_TO_M

s_sfence:
    sfence.vma
    li t0, VA_RW
    ld s0, 0(t0)
    sfence.vma t0, zero
    ld s1, 8(t0)
    BACK_TO_M

s_satp:
    csrr s0, satp
    BACK_TO_M

s_patch:
    li t0, VA_CODE_X
    jalr ra, 0(t0)
    mv s3, s1
    la t1, vmcode_li                /* offset of the addi in the page */
    la t2, vmcode
    sub t1, t1, t2
    li t2, VA_CODE_R
    add t1, t1, t2
    li t2, (0x4d2 << 20) | (9 << 7) | 0x13    /* addi s1, zero, 0x4d2 */
    sw t2, 0(t1)
    fence.i
    li t0, VA_CODE_X
    jalr ra, 0(t0)
    mv s2, s1
    mv s1, s3
    /* put the old instruction back for the groups that follow */
    la t1, vmcode_li
    la t2, vmcode
    sub t1, t1, t2
    li t2, VA_CODE_R
    add t1, t1, t2
    li t2, (0x600 << 20) | (9 << 7) | 0x13
    sw t2, 0(t1)
    fence.i
    BACK_TO_M

s_cross:
    li s1, -1
    li s2, -1
    li t0, VA_RW + 0xffc
s_cross_st:
    sd zero, 0(t0)
    li t0, VA_CODE_X + 0xffa
    jalr ra, 0(t0)                  /* runs 2 bytes, then faults at 0xffe */
    BACK_TO_M

/* ---- the code page, reached through its aliases ---- */
    .section .text.vmcode, "ax"
    .balign 4096
vmcode:
    .option push
    .option norvc
    auipc s0, 0                     /* where did we run? */
vmcode_li:
    addi s1, zero, 0x600            /* rewritten by s_patch */
    ret
    .option pop
    .org vmcode + 0xffa
    c.li s1, 12                     /* entry at 0xffa: two 2-byte */
    c.addi s1, 1                    /* instructions, s1 = 13, then */
    .option push
    .option norvc
    addi s2, zero, 0x77             /* at 0xffe: straddles into the next page */
    .option pop
    .balign 4096

/* ---- U-mode pieces ---- */
    .section .user, "ax"
u_ret7:
    li s2, 7
    ret

u_access:
    li s0, -1
    li s1, -1
    li s2, -1
    li t0, VA_URW
    ld s0, 0(t0)
    li t0, VA_RW
u_ld_s:
    ld s1, 0(t0)
u_st_s:
    sd zero, 0(t0)
    la t0, s_ret5
    jalr ra, 0(t0)                  /* U may not execute an S page */
    BACK_TO_M

    .data
    .balign 8
satp_val:  .dword 0
pte_rw:    .dword 0
pte_ad:    .dword 0
pte_aonly: .dword 0
pte_rsvd:  .dword 0

    .bss
    .balign 4096
vmdata:
    .space 3 * 4096
