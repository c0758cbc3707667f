/*
 * torncheck.c -- a torn-state detector: a persistent workload whose state
 * spans registers, its stack, its heap and its kernel objects, with a
 * consistency check of its own.
 *
 *   torncheck [SLOTS [REPORT_EVERY]]      default 4096 slots, report every 1<<20 steps
 *
 * The state: a heap array of SLOTS words, a heap record (step count and a
 * running sum), and the same two on the stack and in registers.  Each step
 * overwrites one slot with a hash of the step and moves the running sum by
 * the difference, so the sum of the array always equals the running sum.
 * Every 4096 steps the whole array is summed and compared with the heap
 * record and the stack copy.  A resume that mixed the pages of two moments
 * (a heap page from before the cut and the stack from after it, a page
 * half written back, registers from another time) breaks the equation; then
 * torncheck prints TORN and reports it to the event log (milestone
 * fault_detected, arg 0x544f524e "TORN"), where a test counts it.
 */
#include "user/user.h"

#define TORN 0x544f524eUL

static uint64 mixh(uint64 x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185UL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dUL;
    return x ^ (x >> 33);
}

struct record {
    uint64 step;
    uint64 sum;
};

int main(int argc, char **argv)
{
    long slots = 4096, every = 1 << 20;

    if (argc > 3 || (argc > 1 && (parse_int(argv[1], &slots) < 0 || slots < 1)) ||
        (argc > 2 && (parse_int(argv[2], &every) < 0 || every < 1))) {
        printf("usage: torncheck [SLOTS [REPORT_EVERY]]\n");
        return 2;
    }
    uint64 *a = malloc(slots * sizeof *a);
    struct record *rec = malloc(sizeof *rec);
    if (!a || !rec) {
        printf("torncheck: out of memory\n");
        return 1;
    }
    for (long i = 0; i < slots; i++)
        a[i] = 0;
    rec->step = rec->sum = 0;
    uint64 step = 0, sum = 0;           /* the stack (and register) copies */
    uint64 torn = 0;
    printf("torncheck: pid %d checking %ld slots\n", getpid(), slots);
    for (;;) {
        uint64 k = step % slots, v = mixh(step + 1);
        sum += v - a[k];
        a[k] = v;
        step++;
        rec->sum = sum;
        rec->step = step;
        if (step % 4096 == 0) {
            uint64 total = 0;
            for (long i = 0; i < slots; i++)
                total += a[i];
            if (total != sum || rec->sum != sum || rec->step != step) {
                torn++;
                printf("torncheck: TORN at step %lu: array %lu, stack %lu, heap %lu/%lu\n",
                       step, total, sum, rec->sum, rec->step);
                mark(MARK_FAULT, TORN);
                /* Start a consistent state again, to count later tears apart. */
                sum = total;
                rec->sum = total;
                rec->step = step;
            }
        }
        if (step % every == 0)
            printf("torncheck: pid %d step %lu ok, %lu torn\n", getpid(), step, torn);
    }
}
