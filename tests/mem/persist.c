/*
 * persist.c -- what survives a power cut, checked in two runs of simscm on
 * the same SCM image.  Built twice: PHASE=1 stores and powers off (the test
 * finisher: quitting simscm is a power-off), PHASE=2 powers the same machine
 * on and prints what it finds.  tests/mem/run.sh knows what each slot must
 * hold with and without power.flush_on_fail.
 *
 *   slot  phase 1 does                                  survives the cut
 *   A     store                                         only with flush-on-fail
 *   B     store, cbo.clean, fence                       yes
 *   C     store, cbo.flush, fence                       yes
 *   D     store 1, cbo.clean, fence, store 2            1, or 2 with flush-on-fail
 *   E     store, cbo.clean, fence -- in DRAM            never (garbage)
 *
 * Each slot has a line of its own, so no eviction or clean of one slot
 * touches another.
 */
#include "memtest.h"

#define SLOT(i)  ((volatile uint64_t *)(SCM_SLOTS + (i) * LINE))
#define DSLOT    ((volatile uint64_t *)DRAM_SLOT)

#define VAL_A  0xa1a1a1a1a1a1a1a1ul
#define VAL_B  0xb2b2b2b2b2b2b2b2ul
#define VAL_C  0xc3c3c3c3c3c3c3c3ul
#define VAL_D1 0xd1d1d1d1d1d1d1d1ul
#define VAL_D2 0xd2d2d2d2d2d2d2d2ul
#define VAL_E  0xe5e5e5e5e5e5e5e5ul

#if PHASE == 2
static void show(const char *name, uint64_t v)
{
    puts_(name);
    puts_("=");
    putx(v);
    puts_("\n");
}
#endif

int main(void)
{
#if PHASE == 1
    *SLOT(0) = VAL_A;
    *SLOT(1) = VAL_B;
    cbo_clean(SLOT(1));
    fence_w();
    *SLOT(2) = VAL_C;
    cbo_flush(SLOT(2));
    fence_w();
    *SLOT(3) = VAL_D1;
    cbo_clean(SLOT(3));
    fence_w();
    *SLOT(3) = VAL_D2;
    *DSLOT = VAL_E;
    cbo_clean(DSLOT);
    fence_w();
    /* Still the CPU's view before the cut: every store is visible. */
    if (*SLOT(0) != VAL_A || *SLOT(3) != VAL_D2 || *DSLOT != VAL_E)
        return 1;
    puts_("stored\n");
#else
    show("A", *SLOT(0));
    show("B", *SLOT(1));
    show("C", *SLOT(2));
    show("D", *SLOT(3));
    show("E", *DSLOT);
#endif
    return 0;
}
