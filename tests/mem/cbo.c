/*
 * cbo.c -- Zicbom as a program sees it within one run (timing mode, where
 * caches are modelled).  Prints one line per check and exits with the number
 * of failures.
 *
 *   inval-scm    store 1, clean, store 2, inval: loads see 1 again -- the
 *                dirty data is gone and the CPU view shows what reached SCM
 *   inval-clean  inval of a clean SCM line changes nothing
 *   flush-scm    store, flush: the value stays visible (it was written back)
 *   inval-dram   store, inval on DRAM: memory keeps what the CPU wrote
 *                (simscm documents this; DRAM has no second copy)
 *   block        one cbo acts on the whole 64-byte block, not just one word
 */
#include "memtest.h"


static void check(const char *name, uint64_t got, uint64_t want)
{
    puts_(name);
    if (got == want) {
        puts_(": ok\n");
        return;
    }
    puts_(": FAIL got ");
    putx(got);
    puts_(" want ");
    putx(want);
    puts_("\n");
    failures++;
}

int main(void)
{
    volatile uint64_t *s = (volatile uint64_t *)(SCM_SLOTS + 0x10000);
    volatile uint64_t *d = (volatile uint64_t *)(DRAM_SLOT + 0x10000);

    s[0] = 1;
    cbo_clean(s);
    fence_w();
    s[0] = 2;
    s[7] = 9;                   /* same 64-byte block, never cleaned */
    cbo_inval(s);
    fence_w();
    check("inval-scm", s[0], 1);
    check("block", s[7], 0);

    s[8] = 5;                   /* next block */
    cbo_clean(s + 8);
    fence_w();
    cbo_inval(s + 8);
    fence_w();
    check("inval-clean", s[8], 5);

    s[16] = 6;
    cbo_flush(s + 16);
    fence_w();
    check("flush-scm", s[16], 6);

    d[0] = 7;
    cbo_inval(d);
    fence_w();
    check("inval-dram", d[0], 7);

    return failures;
}
