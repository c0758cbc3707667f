/*
 * memory.S -- bench: memory-heavy work over a 32 MiB buffer.
 *
 *   1. Link 512 Ki nodes of 64 bytes (one cache line each) into one cycle
 *      in a scattered order: node i points to node (a*i + c) mod 2^19, a
 *      full-period linear congruential step (a = 1 mod 4, c odd), so the
 *      walk visits every node once per lap and lands on a far-away line
 *      each step.
 *   2. Chase the pointers WALK_STEPS times: each load's address comes from
 *      the previous load, so no two can overlap -- the latency of the
 *      memory model is all there is.
 *   3. Copy the first 16 MiB over the second 16 MiB twice, dword by dword
 *      (streaming reads and writes, write-backs of dirty lines).
 * A checksum of the walk and the copy is printed, so a wrong simulation
 * prints a different line than QEMU.  About 28 million instructions, sized
 * for a second or two of functional simscm (the walk misses every TLB).
 */
#include "platform.h"

#define NODES      (1 << 19)
#define NODE_SHIFT 6
#define LCG_A      1103515245
#define LCG_C      12345
#ifndef WALK_STEPS
#define WALK_STEPS 2000000
#endif
#define HALF       (16 << 20)

    .text
    .globl _start
_start:
    la sp, stack_top
    li t0, 0x81000000
    mv s0, t0                       /* buffer base (16 MiB into DRAM) */

    /* 1. link the nodes */
    li t0, 0                        /* i */
    li t1, NODES
    li t2, LCG_A
    li t3, NODES - 1
    li t6, LCG_C
1:  mul t4, t0, t2
    add t4, t4, t6
    and t4, t4, t3
    slli t4, t4, NODE_SHIFT
    add t4, s0, t4                  /* &node[next] */
    slli t5, t0, NODE_SHIFT
    add t5, s0, t5                  /* &node[i] */
    sd t4, 0(t5)
    addi t0, t0, 1
    bltu t0, t1, 1b

    /* 2. the walk */
    mv a0, s0
    li a1, WALK_STEPS
    li s1, 0                        /* checksum */
2:  ld a0, 0(a0)
    xor s1, s1, a0
    addi a1, a1, -1
    bnez a1, 2b

    /* 3. copy the first half over the second, twice */
    li s2, 2
3:  mv a2, s0
    li t0, HALF
    add a3, s0, t0
    add a4, a2, t0
4:  ld t1, 0(a2)
    ld t2, 8(a2)
    sd t1, 0(a3)
    sd t2, 8(a3)
    addi a2, a2, 16
    addi a3, a3, 16
    bltu a2, a4, 4b
    addi s2, s2, -1
    bnez s2, 3b
    /* fold a sample of the copy into the checksum */
    li t0, HALF
    add a3, s0, t0
    li t3, 4096
5:  ld t1, 0(a3)
    add s1, s1, t1
    li t2, 4096
    add a3, a3, t2
    addi t3, t3, -1
    bnez t3, 5b

    mv a0, s1
    la a1, msg
    call print_result
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
6:  j 6b

#include "print.inc"

    .section .rodata
msg: .asciz "memory checksum "

    .bss
    .balign 16
    .space 512
stack_top:
