/*
 * persist.S -- the bare-metal program of tests/monitor: it sets registers
 * the monitor script reads back, makes one SCM cache line dirty, cleans it
 * with cbo.clean, dirties it again and spins, so the monitor can show a
 * line going from dirty to durable and a power cut losing a dirty line.
 * The labels stop1..stop3 mark where the script stops (the test finds
 * their instruction counts in a trace); straight-line code up to stop3, so
 * the count of a label is the number of instructions before it.
 * At every power-on it starts again: s2 holds the power-on count.
 */
#include "platform.h"

    .text
    .globl _start
_start:
    li a0, 0x1234abcd
    li s1, 42
    li t0, PLAT_POWER_BASE
    lw s2, PWR_BOOT_COUNT(t0)       /* 1, 2, ... */
    la t0, cell
    li t1, 0x5a5a
    sd t1, 0(t0)                    /* the line is dirty in the cache */
    .globl stop1
stop1:
    cbo.clean (t0)                  /* written back: durable */
    .globl stop2
stop2:
    li t1, 0x77
    sd t1, 8(t0)                    /* dirty again */
    .globl stop3
stop3:
    addi s3, s3, 1
    j stop3

    .balign 64
    .globl cell
cell:
    .dword 0, 0, 0, 0, 0, 0, 0, 0
