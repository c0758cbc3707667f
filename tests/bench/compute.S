/*
 * compute.S -- bench: integer compute with almost no memory traffic.
 *
 * ROUNDS rounds, each of three kernels that live in registers or in a
 * 256-byte table (always in L1):
 *   - a multiply-xorshift hash chain (mul, shifts, xor, add),
 *   - a bitwise CRC-32 (reflected, polynomial 0xedb88320) over the hash
 *     values: branches that go both ways, shifts, xor,
 *   - a sieve of Eratosthenes over 2048 odd numbers kept as bits in a
 *     256-byte table: loads and stores, but all to the same lines.
 * The last hash, the CRC and the prime count are folded into one checksum
 * printed at the end, so a wrong simulation shows up as a different line
 * than QEMU prints.  About 260 million instructions (sized for about a
 * second and a half of functional simscm).
 */
#include "platform.h"

#ifndef ROUNDS
#define ROUNDS 1500
#endif

    .text
    .globl _start
_start:
    la sp, stack_top
    li s0, ROUNDS
    li s1, 0x243f6a8885a308d3       /* hash state */
    li s2, 0xffffffff               /* crc state */
    li s3, 0                        /* prime counts, summed */
    li s4, 0x9e3779b97f4a7c15       /* multiplier */
    li s5, 0xedb88320               /* CRC polynomial */
round:
    /* hash chain and CRC: 2048 steps, one CRC byte per step */
    li t0, 2048
1:  mul s1, s1, s4
    srli t1, s1, 29
    xor s1, s1, t1
    addi s1, s1, 0x35
    xor s2, s2, s1
    andi s2, s2, -1
    li t2, 8
2:  andi t3, s2, 1
    srli s2, s2, 1
    beqz t3, 3f
    xor s2, s2, s5
3:  addi t2, t2, -1
    bnez t2, 2b
    slli s2, s2, 32                 /* keep the CRC to 32 bits */
    srli s2, s2, 32
    addi t0, t0, -1
    bnez t0, 1b

    /* sieve: bit i of the table stands for the odd number 2i + 3 */
    la a0, table
    li t0, 32
    li t1, -1
4:  sd t1, 0(a0)                    /* all candidates */
    addi a0, a0, 8
    addi t0, t0, -1
    bnez t0, 4b
    la a0, table
    li a1, 0                        /* i */
    li a2, 2048
5:  srli t0, a1, 3
    add t0, a0, t0
    lbu t1, 0(t0)
    andi t2, a1, 7
    srl t1, t1, t2
    andi t1, t1, 1
    beqz t1, 7f
    addi s3, s3, 1                  /* 2i + 3 is prime */
    slli t3, a1, 1
    addi t3, t3, 3                  /* p */
    add t4, a1, t3                  /* first multiple: index i + p */
6:  bgeu t4, a2, 7f
    srli t0, t4, 3
    add t0, a0, t0
    lbu t1, 0(t0)
    andi t2, t4, 7
    li t5, 1
    sll t5, t5, t2
    not t5, t5
    and t1, t1, t5
    sb t1, 0(t0)
    add t4, t4, t3
    j 6b
7:  addi a1, a1, 1
    bltu a1, a2, 5b

    addi s0, s0, -1
    bnez s0, round

    /* checksum = hash ^ (crc << 32) ^ primes */
    slli t0, s2, 32
    xor a0, s1, t0
    xor a0, a0, s3
    la a1, msg
    call print_result
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
8:  j 8b

#include "print.inc"

    .section .rodata
msg: .asciz "compute checksum "

    .bss
    .balign 64
table: .space 256
    .balign 16
    .space 512
stack_top:
