/*
 * vm.S -- Sv39 page-table building for the tests/isa programs.
 *
 * Tables come from a small static pool: page 0 is the root, the rest are
 * handed out in order as fw_vm_map needs intermediate tables.  A program
 * calls fw_vm_reset, maps what it needs, writes satp and runs sfence.vma.
 * fw_vm_map_image maps the program itself at virtual == physical (the trap
 * handlers rely on that), supervisor pages for everything but the .user
 * section, which gets the U bit.
 *
 * These follow the normal calling convention (they clobber t0-t6, a0-a7) and
 * run in M-mode with translation off.
 */
#include "test.h"

#define PT_POOL_PAGES 16

    .text
/* fw_vm_reset() -> a0 = satp value (Sv39, ASID 0, root of the pool). */
    .globl fw_vm_reset
fw_vm_reset:
    la t0, fw_pt_pool
    li t1, PT_POOL_PAGES * 4096
    add t1, t0, t1
1:  sd zero, 0(t0)
    addi t0, t0, 8
    bltu t0, t1, 1b
    la t0, fw_pt_next
    li t1, 1
    sd t1, 0(t0)
    la a0, fw_pt_pool
    srli a0, a0, 12
    li t0, SATP_SV39
    or a0, a0, t0
    ret

/* fw_vm_map(a0 va, a1 pa, a2 PTE flag bits, a3 level: 0 4 KiB, 1 2 MiB,
 * 2 1 GiB) -> a0 = address of the leaf PTE written. */
    .globl fw_vm_map
fw_vm_map:
    la t0, fw_pt_pool               /* table at the current level */
    li t1, 2                        /* current level */
1:  li t2, 9
    mul t2, t2, t1
    addi t2, t2, 12
    srl t3, a0, t2
    andi t3, t3, 511
    slli t3, t3, 3
    add t3, t0, t3                  /* address of this level's PTE */
    beq t1, a3, 3f
    ld t4, 0(t3)
    andi t5, t4, PTE_V
    bnez t5, 2f
    la t5, fw_pt_next
    ld t6, 0(t5)
    li a4, PT_POOL_PAGES
    bgeu t6, a4, .Lpool_full
    addi a4, t6, 1
    sd a4, 0(t5)
    slli t6, t6, 12
    la t5, fw_pt_pool
    add t6, t5, t6                  /* fresh table, zeroed by fw_vm_reset */
    srli t4, t6, 12
    slli t4, t4, 10
    ori t4, t4, PTE_V
    sd t4, 0(t3)
2:  srli t4, t4, 10
    slli t0, t4, 12
    addi t1, t1, -1
    j 1b
3:  srli t4, a1, 12
    slli t4, t4, 10
    or t4, t4, a2
    sd t4, 0(t3)
    mv a0, t3
    ret
.Lpool_full:
    la a0, fw_msg_pool
    call fw_puts
    addi s10, s10, 1
    j fw_finish

/* fw_vm_map_image(): map the whole image at virtual == physical with 4 KiB
 * pages, RWX A D; the .user pages also get U. */
    .globl fw_vm_map_image
fw_vm_map_image:
    addi sp, sp, -32
    sd ra, 0(sp)
    sd s0, 8(sp)
    sd s1, 16(sp)
    la s0, _image_start
    la s1, _image_end
1:  bgeu s0, s1, 3f
    mv a0, s0
    mv a1, s0
    li a2, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    la t0, _user_start
    bltu s0, t0, 2f
    la t0, _user_end
    bgeu s0, t0, 2f
    ori a2, a2, PTE_U
2:  li a3, 0
    call fw_vm_map
    li t0, 4096
    add s0, s0, t0
    j 1b
3:  ld ra, 0(sp)
    ld s0, 8(sp)
    ld s1, 16(sp)
    addi sp, sp, 32
    ret

    .section .rodata
fw_msg_pool: .asciz "fatal: page-table pool exhausted\n"

    .bss
    .balign 4096
    .globl fw_pt_pool
fw_pt_pool: .space PT_POOL_PAGES * 4096
fw_pt_next: .dword 0
