/*
 * bug.c -- the bug trigger as a buggy workload uses it.  Once every
 * microsecond of simulated time, until NOW_NS reaches 10 ms, it asks whether
 * bug 3 strikes (SELECT 3, read STRIKE) and whether bug 5 strikes (never
 * armed by run.sh, so never).  It prints, at the end of every boot that gets
 * there, "bug: reads=R strikes=S first_ns=T first_instret=I other=O"
 * (first_*: NOW_NS and minstret at the first strike of bug 3, 0 if none).
 */
#include "power.h"

#define END_NS    10000000
#define EVERY_NS  1000
#define ARMED     3
#define UNARMED   5

int main(void)
{
    uint64_t reads = 0, strikes = 0, other = 0, first_ns = 0, first_instret = 0;

    expect("magic", rd32(BUG(BUG_MAGIC)), BUG_MAGIC_VALUE);
    expect("version", rd32(BUG(BUG_VERSION)), 1);
    wr32(BUG(BUG_SELECT), UNARMED);
    expect("select reads back", rd32(BUG(BUG_SELECT)), UNARMED);
    if (failures)
        return 1;
    for (uint64_t t = now_ns(), next = t; t < END_NS; t = now_ns()) {
        if (t < next)
            continue;
        next = t + EVERY_NS;
        wr32(BUG(BUG_SELECT), ARMED);
        uint32_t s = rd32(BUG(BUG_STRIKE));
        reads++;
        if (s) {
            if (!strikes++) {
                first_ns = now_ns();
                first_instret = rdinstret();
            }
        }
        wr32(BUG(BUG_SELECT), UNARMED);
        other += rd32(BUG(BUG_STRIKE));
    }
    puts_("bug:");
    kv("reads", reads);
    kv("strikes", strikes);
    kv("first_ns", first_ns);
    kv("first_instret", first_instret);
    kv("other", other);
    kv("boots", boot_count());
    putch('\n');
    return 0;
}
