/*
 * chase.c -- load latency by pointer chasing, the way lmbench and Intel MLC
 * measure it: each load's address comes from the previous load, so no two
 * misses overlap and cycles / loads is the latency one load sees.
 *
 * The chain visits every line of a 16 MiB buffer once per round, a fixed
 * stride of CHASE_STRIDE lines apart (odd, so coprime with the line count:
 * one cycle through all of them).  A cyclic walk over more lines than a set
 * has ways misses every time under LRU, and a 2.5 MiB stride never stays in
 * a DRAM row, so every measured load goes to memory.  After the chain is
 * built it is flushed out of the caches (cbo.flush), so no dirty line's
 * write-back is charged to the measured loads.
 *
 * Prints, per buffer: "chase NAME loads=N cycles=C".  Also an L1-resident
 * chase (4 KiB) as the baseline of the core's own cost per load.
 */
#include "memtest.h"

#define BUF_BYTES     (16ul << 20)
#define LINES         (BUF_BYTES / LINE)
#define CHASE_STRIDE  40503ul
#define MEASURED      65536

static void build(uint64_t base, uint64_t lines, uint64_t stride)
{
    for (uint64_t i = 0; i < lines; i++)
        *(volatile uint64_t *)(base + i * LINE) = base + ((i + stride) % lines) * LINE;
    for (uint64_t i = 0; i < lines; i++)
        cbo_flush((void *)(base + i * LINE));
    fence_w();
}

static uint64_t *volatile sink;

/* n loads, unrolled by 8 so the loop's own cost is small per load. */
static uint64_t chase(uint64_t *p, long n)
{
    uint64_t t0 = rdmcycle();
    for (long i = 0; i < n; i += 8) {
        p = (uint64_t *)*p; p = (uint64_t *)*p; p = (uint64_t *)*p; p = (uint64_t *)*p;
        p = (uint64_t *)*p; p = (uint64_t *)*p; p = (uint64_t *)*p; p = (uint64_t *)*p;
    }
    uint64_t t1 = rdmcycle();
    sink = p;
    return t1 - t0;
}

static void report(const char *name, uint64_t loads, uint64_t cycles)
{
    puts_("chase ");
    puts_(name);
    puts_(" loads=");
    putu(loads);
    puts_(" cycles=");
    putu(cycles);
    puts_("\n");
}

static void run(const char *name, uint64_t base, uint64_t lines, uint64_t stride, long n)
{
    build(base, lines, stride);
    chase((uint64_t *)base, 64);                /* warm the code path */
    uint64_t c = chase(sink, n);                /* ...and go on from there */
    report(name, (uint64_t)n, c);
}

int main(void)
{
    /* 64 lines, stride 1: all L1 hits after the first round. */
    build(DRAM_BUF, 64, 1);
    chase((uint64_t *)DRAM_BUF, 64 * 8);
    report("l1", MEASURED, chase(sink, MEASURED));
    run("dram", DRAM_BUF, LINES, CHASE_STRIDE, MEASURED);
    run("scm", SCM_BUF, LINES, CHASE_STRIDE, MEASURED);
    return 0;
}
