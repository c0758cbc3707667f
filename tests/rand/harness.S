/*
 * harness.S -- the fixed part of every random-instruction program
 * (tests/rand/gen.py fills in the rest; docs/testing.md).
 *
 * _start points mtvec at `trap`, loads every register but gp from
 * init_regs (random values the generator writes), points gp at the middle
 * of the scratch area and jumps into rand_stream, the space the generator
 * fills with random instructions ending in a jump to rand_end.  Everything
 * runs in M-mode with interrupts off.
 *
 * gp is the one register the random code never writes: every load, store
 * and atomic goes through gp, or through a register the generator set from
 * gp just before, so memory accesses stay inside the scratch area (8 KiB,
 * its contents random, written by the generator: nothing reads DRAM the
 * program did not initialise).
 *
 * `trap` skips the faulting instruction (2 or 4 bytes, from the low bits of
 * the instruction at mepc), counts the trap and folds mcause into a hash,
 * touching no register: it swaps sp with mscratch (which points at tframe)
 * and saves the two temporaries it needs there.
 *
 * rand_end stores x1..x31 into regs_out and calls report() (report.c),
 * which prints them, the trap count and the cause hash on the UART and
 * ends the run through the test finisher.
 */
#define STREAM_BYTES 32768

    .section .text.start, "ax"
    .option norvc
    .globl _start
_start:
    la t0, trap
    csrw mtvec, t0
    la t0, tframe
    csrw mscratch, t0
    la x31, init_regs
    .irp n, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
    ld x\n, (\n*8)(x31)
    .endr
    ld x31, (31*8)(x31)
    .option push
    .option norelax
    la gp, scratch_mid
    .option pop
    j rand_stream

    .balign 4
trap:
    csrrw sp, mscratch, sp
    sd t0, 0(sp)
    sd t1, 8(sp)
    csrr t0, mepc
    lhu t1, 0(t0)
    andi t1, t1, 3
    addi t0, t0, 2
    xori t1, t1, 3
    bnez t1, 1f
    addi t0, t0, 2
1:  csrw mepc, t0
    ld t0, 16(sp)                   /* traps taken */
    addi t0, t0, 1
    sd t0, 16(sp)
    ld t1, 24(sp)                   /* hash = rotl(hash, 5) ^ mcause */
    slli t0, t1, 5
    srli t1, t1, 59
    or t1, t1, t0
    csrr t0, mcause
    xor t1, t1, t0
    sd t1, 24(sp)
    ld t0, 0(sp)
    ld t1, 8(sp)
    csrrw sp, mscratch, sp
    mret

    .balign 4
    .globl rand_stream
rand_stream:
    .space STREAM_BYTES, 0
    .globl rand_stream_end
rand_stream_end:

    .globl rand_end
rand_end:
    csrw mscratch, x1
    la x1, regs_out
    .irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, (\n*8)(x1)
    .endr
    csrr x2, mscratch
    sd x2, 8(x1)
    la sp, stack_top
    la a0, regs_out
    la a1, tframe
    call report
1:  j 1b

    .data
    .balign 8
    .globl init_regs
init_regs:  .space 256, 0
tframe:     .space 32, 0            /* t0, t1, trap count, cause hash */
regs_out:   .space 256, 0
    .balign 16
stack:      .space 4096, 0
stack_top:
    .balign 4096
    .globl scratch
scratch:    .space 4096, 0
scratch_mid:
            .space 4096, 0
