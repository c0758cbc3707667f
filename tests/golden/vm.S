/*
 * vm.S -- golden trace: Sv39 with 1 GiB pages.  The root table maps
 * 0x8000_0000 onto itself (RWX) and 0x4000_0000 onto it as a read/write
 * alias; entry 0 is invalid.  S-mode writes through the alias, reads the
 * value back through the identity mapping, then loads from an unmapped
 * address: a load page fault with tval = that address, which M reports
 * before passing.
 */
#include "platform.h"

#define MSTATUS_MPP   0x1800
#define MSTATUS_MPP_S 0x0800
#define PTE_GIGA_RWX  0x200000cf        /* ppn 0x80000, D A X W R V */
#define PTE_GIGA_RW   0x200000c7        /* ppn 0x80000, D A W R V */

    .text
    .globl _start
_start:
    la t0, m_trap
    csrw mtvec, t0
    li t0, -1
    srli t0, t0, 10
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    la t0, root
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    la t0, s_main
    csrw mepc, t0
    mret

s_main:
    la t0, cell                     /* physical == virtual here */
    li t1, 0x80000000
    sub t1, t0, t1
    li t2, 0x40000000
    add t1, t1, t2                  /* the alias of cell */
    li t2, 0x5a5a
    sd t2, 0(t1)
    ld a0, 0(t0)
    li t3, 0x1000
    ld a1, 0(t3)                    /* unmapped: load page fault */
    j s_main                        /* not reached */

m_trap:
    csrr t0, mcause
    csrr t1, mtval
    li t2, 13
    bne t0, t2, fail
    li t2, 0x1000
    bne t1, t2, fail
    li t2, 0x5a5a
    bne a0, t2, fail
    li t0, PLAT_UART0_BASE
    li t1, 'p'
    sb t1, 0(t0)
    li t1, 'f'
    sb t1, 0(t0)
    li t1, '\n'
    sb t1, 0(t0)
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
1:  j 1b
fail:
    li t0, PLAT_FINISHER_BASE
    li t1, (1 << 16) | FINISHER_FAIL
    sw t1, 0(t0)
    j 1b

    .data
    .balign 4096
root:
    .dword 0
    .dword PTE_GIGA_RW
    .dword PTE_GIGA_RWX
    .fill 509, 8, 0
    .balign 8
cell:
    .dword 0
