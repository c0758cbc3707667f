/*
 * interp.c -- bench: an interpreter of a small register bytecode, a switch
 * in a loop (one hard-to-predict indirect jump per bytecode: the shape of
 * every scripting-language core).  The bytecode counts the Collatz steps of
 * 1..LIMIT and sieves the primes below LIMIT; main runs it SCALE times with
 * slightly different limits.
 */
#include "bench.h"

/* Size of the run (tests/pin builds a small one). */
#ifndef SCALE
#define SCALE 35
#endif

enum op { LI, ADD, ADDI, AND, SRLI, MULI, BEQZ, BLT, JMP, LDB, STB, HALT };

struct insn {
    uint8_t op, rd, ra, rb;
    int32_t imm;
};

/* r1 n or i, r2 x, r3 steps, r4 limit, r5 scratch, r7 primes, r8 multiple,
 * r9 the constant 1; r0 stays 0.  Branch targets are bytecode indices. */
static struct insn prog[] = {
    { LI, 9, 0, 0, 1 },             /*  0 */
    { LI, 4, 0, 0, 0 },             /*  1 limit, set by main */
    { LI, 1, 0, 0, 1 },             /*  2 */
    { LI, 3, 0, 0, 0 },             /*  3 */
    { ADDI, 2, 1, 0, 0 },           /*  4 next n: x = n */
    { ADDI, 5, 2, 0, -1 },          /*  5 step: */
    { BEQZ, 0, 5, 0, 15 },          /*  6   x == 1: done with n */
    { AND, 5, 2, 9, 0 },            /*  7 */
    { BEQZ, 0, 5, 0, 12 },          /*  8   even */
    { MULI, 2, 2, 0, 3 },           /*  9   x = 3x + 1 */
    { ADDI, 2, 2, 0, 1 },           /* 10 */
    { JMP, 0, 0, 0, 13 },           /* 11 */
    { SRLI, 2, 2, 0, 1 },           /* 12   x = x / 2 */
    { ADDI, 3, 3, 0, 1 },           /* 13   steps++ */
    { JMP, 0, 0, 0, 5 },            /* 14 */
    { ADDI, 1, 1, 0, 1 },           /* 15 n++ */
    { BLT, 0, 1, 4, 4 },            /* 16 n < limit: next n */
    { LI, 1, 0, 0, 0 },             /* 17 sieve: all candidates */
    { STB, 0, 1, 9, 0 },            /* 18 */
    { ADDI, 1, 1, 0, 1 },           /* 19 */
    { BLT, 0, 1, 4, 18 },           /* 20 */
    { LI, 1, 0, 0, 2 },             /* 21 */
    { LI, 7, 0, 0, 0 },             /* 22 */
    { LDB, 5, 1, 0, 0 },            /* 23 next i */
    { BEQZ, 0, 5, 0, 32 },          /* 24 not prime */
    { ADDI, 7, 7, 0, 1 },           /* 25 primes++ */
    { ADD, 8, 1, 1, 0 },            /* 26 m = 2i */
    { BLT, 0, 8, 4, 29 },           /* 27 m < limit: strike */
    { JMP, 0, 0, 0, 32 },           /* 28 */
    { STB, 0, 8, 0, 0 },            /* 29 sieve[m] = 0 */
    { ADD, 8, 8, 1, 0 },            /* 30 m += i */
    { JMP, 0, 0, 0, 27 },           /* 31 */
    { ADDI, 1, 1, 0, 1 },           /* 32 i++ */
    { BLT, 0, 1, 4, 23 },           /* 33 */
    { HALT, 0, 0, 0, 0 },           /* 34 */
};

static uint8_t mem[1024];

static uint64_t run(const struct insn *code, uint64_t *r)
{
    const struct insn *pc = code;
    uint64_t count = 0;
    for (;;) {
        const struct insn *i = pc++;
        count++;
        switch (i->op) {
        case LI:   r[i->rd] = (uint64_t)(int64_t)i->imm; break;
        case ADD:  r[i->rd] = r[i->ra] + r[i->rb]; break;
        case ADDI: r[i->rd] = r[i->ra] + (uint64_t)(int64_t)i->imm; break;
        case AND:  r[i->rd] = r[i->ra] & r[i->rb]; break;
        case SRLI: r[i->rd] = r[i->ra] >> i->imm; break;
        case MULI: r[i->rd] = r[i->ra] * (uint64_t)(int64_t)i->imm; break;
        case BEQZ: if (r[i->ra] == 0) pc = code + i->imm; break;
        case BLT:  if (r[i->ra] < r[i->rb]) pc = code + i->imm; break;
        case JMP:  pc = code + i->imm; break;
        case LDB:  r[i->rd] = mem[r[i->ra] + (uint64_t)(int64_t)i->imm]; break;
        case STB:  mem[r[i->ra] + (uint64_t)(int64_t)i->imm] = (uint8_t)r[i->rb]; break;
        default:   return count;
        }
    }
}

int main(void)
{
    uint64_t sum = 0;
    for (int k = 0; k < SCALE; k++) {
        uint64_t r[16] = { 0 };
        prog[1].imm = 300 + (k & 7) * 64;
        uint64_t n = run(prog, r);
        sum = sum * 31 + n + (r[3] << 20) + r[7];
    }
    return result("interp", sum);
}
