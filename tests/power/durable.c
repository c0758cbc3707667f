/*
 * durable.c -- what survives a power cut inside one run (timing mode, where
 * the caches hold dirty lines).  Run with a cut the program does not see
 * coming (e.g. --fault cut:at=1ms,mode=sudden).
 *
 *   slot  boot 1 does                          after the cut
 *   A     store, cbo.clean, fence              A
 *   B     store                                0, or B with flush_on_fail
 *   C     store C1, cbo.clean, fence, store C2 C1, or C2 with flush_on_fail
 *
 * Each slot has a line of its own.  Boot 1 prints "durable: stored" with the
 * instruction count after the last store (so an insn= cut can be placed
 * after it) and waits for the cut; boot 2 prints what the slots hold.
 * run.sh decides what is right for the flush_on_fail setting it used.
 */
#include "power.h"

#define SLOT(i)  ((volatile uint64_t *)(SLOTS + (i) * LINE))

#define VAL_A  0xa1a1a1a1a1a1a1a1ul
#define VAL_B  0xb2b2b2b2b2b2b2b2ul
#define VAL_C1 0xc1c1c1c1c1c1c1c1ul
#define VAL_C2 0xc2c2c2c2c2c2c2c2ul

int main(void)
{
    if (boot_count() == 1) {
        expect("slot A before", *SLOT(0), 0);
        expect("slot B before", *SLOT(1), 0);
        expect("slot C before", *SLOT(2), 0);
        *SLOT(0) = VAL_A;
        cbo_clean(SLOT(0));
        fence_w();
        *SLOT(1) = VAL_B;
        *SLOT(2) = VAL_C1;
        cbo_clean(SLOT(2));
        fence_w();
        *SLOT(2) = VAL_C2;
        uint64_t n = rdinstret();
        /* The CPU sees every store before the cut. */
        expect("slot B stored", *SLOT(1), VAL_B);
        expect("slot C stored", *SLOT(2), VAL_C2);
        if (failures)
            return 1;
        puts_("durable: stored");
        kv("instret", n);
        putch('\n');
        wait_for_cut(50000000);
    }
    puts_("durable:");
    kv("reason", boot_reason());
    kv("count", boot_count());
    kx("A", *SLOT(0));
    kx("B", *SLOT(1));
    kx("C", *SLOT(2));
    putch('\n');
    return 0;
}
