/*
 * hammer.c -- the SIGKILL check.  PHASE=1 writes forever: round n fills every
 * word of slot n % SLOTS with n, then cbo.clean + fence, so SCM sees a steady
 * stream of line write-backs; the test kills simscm at an arbitrary moment.
 * Every 16384 rounds it prints "round N": rounds up to N were cleaned before
 * that line was printed, so the image must hold at least round N.
 * PHASE=2 (a second run on the same image) checks that what survived is a
 * state SCM could really hold after a cut: every word of slot k is 0 (never
 * written) or some n with n % SLOTS == k, and the words of one slot are at
 * most one round apart (real SCM keeps 8-byte writes whole, not 64-byte
 * lines).  It prints the highest round found and exits 1 on a torn state.
 */
#include "memtest.h"

#define SLOTS 1024
#define SLOT(k) ((volatile uint64_t *)(SCM_SLOTS + (uint64_t)(k) * LINE))

int main(void)
{
#if PHASE == 1
    puts_("hammering\n");
    for (uint64_t n = 1;; n++) {
        volatile uint64_t *p = SLOT(n % SLOTS);
        for (int w = 0; w < 8; w++)
            p[w] = n;
        cbo_clean(p);
        fence_w();
        if (n % 16384 == 0) {
            puts_("round ");
            putu(n);
            puts_("\n");
        }
    }
#else
    uint64_t top = 0;
    int bad = 0;
    for (uint64_t k = 0; k < SLOTS; k++) {
        volatile uint64_t *p = SLOT(k);
        uint64_t hi = 0;
        for (int w = 0; w < 8; w++)
            if (p[w] > hi)
                hi = p[w];
        uint64_t prev = hi >= SLOTS ? hi - SLOTS : 0;
        for (int w = 0; w < 8; w++) {
            uint64_t v = p[w];
            if ((v && v % SLOTS != k) || (v != hi && v != prev)) {
                puts_("torn slot ");
                putu(k);
                puts_("\n");
                bad = 1;
                break;
            }
        }
        if (hi > top)
            top = hi;
    }
    puts_("rounds=");
    putu(top);
    puts_("\n");
    return bad;
#endif
}
