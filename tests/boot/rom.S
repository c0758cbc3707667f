/*
 * rom.S -- a firmware that reports what the reset ROM handed it, run as
 *   simscm --bios rom.elf --kernel kernel.bin --loader data.bin@0x80400000
 *   qemu-system-riscv64 -M virt -bios rom.elf -kernel kernel.bin \
 *       -device loader,file=data.bin,addr=0x80400000
 * and the two consoles must be equal.  It prints, one per line: a0 (the
 * hart id), whether a1 points at a device tree (its magic), a2 and the
 * fw_dynamic_info there (magic, version, next_addr, next_mode), the ROM's
 * first word before and after a store to it (ROM: unchanged), and the first
 * bytes of the raw kernel at 0x80200000 and of the loaded data, as text.
 * Then it passes through the test finisher.
 */
#include "platform.h"

    .text
    .globl _start
_start:
    mv s0, a0
    mv s1, a1
    mv s2, a2
    la sp, stack_top

    la a0, s_a0
    mv a1, s0
    call field
    la a0, s_fdt
    lwu a1, 0(s1)                   /* 0xd00dfeed, big-endian in memory */
    call field
    la a0, s_a2
    mv a1, s2
    call field
    la a0, s_magic
    ld a1, 0(s2)
    call field
    la a0, s_version
    ld a1, 8(s2)
    call field
    la a0, s_next
    ld a1, 16(s2)
    call field
    la a0, s_mode
    ld a1, 24(s2)
    call field

    li s3, PLAT_MROM_BASE
    la a0, s_rom
    lwu a1, 0(s3)
    call field
    li t0, 0x12345678
    sw t0, 0(s3)                    /* dropped: it is a ROM */
    la a0, s_rom_after
    lwu a1, 0(s3)
    call field

    la a0, s_kernel
    call puts
    li a0, 0x80200000
    call puts
    la a0, s_data
    call puts
    li a0, 0x80400000
    call puts

    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
1:  j 1b

/* puts(a0): the NUL-terminated string, up to 64 bytes. */
puts:
    li t2, 64
    li t0, PLAT_UART0_BASE
1:  lbu t1, 0(a0)
    beqz t1, 2f
    sb t1, 0(t0)
    addi a0, a0, 1
    addi t2, t2, -1
    bnez t2, 1b
2:  ret

/* field(a0 = label, a1 = value): "label0x%016x\n". */
field:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd a1, 8(sp)
    call puts
    ld a1, 8(sp)
    li t0, PLAT_UART0_BASE
    li t1, '0'
    sb t1, 0(t0)
    li t1, 'x'
    sb t1, 0(t0)
    li t2, 60
1:  srl t1, a1, t2
    andi t1, t1, 15
    addi t1, t1, '0'
    li t3, '9' + 1
    blt t1, t3, 2f
    addi t1, t1, 'a' - '9' - 1
2:  sb t1, 0(t0)
    addi t2, t2, -4
    bgez t2, 1b
    li t1, '\n'
    sb t1, 0(t0)
    ld ra, 0(sp)
    addi sp, sp, 16
    ret

    .section .rodata
s_a0:        .asciz "a0 (hart id)       "
s_fdt:       .asciz "fdt magic at a1    "
s_a2:        .asciz "a2 (fw_dynamic)    "
s_magic:     .asciz "  magic            "
s_version:   .asciz "  version          "
s_next:      .asciz "  next_addr        "
s_mode:      .asciz "  next_mode        "
s_rom:       .asciz "rom[0x1000]        "
s_rom_after: .asciz "after a store      "
s_kernel:    .asciz "kernel: "
s_data:      .asciz "loader: "

    .bss
    .balign 16
    .space 256
stack_top:
