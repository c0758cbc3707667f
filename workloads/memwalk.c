/*
 * memwalk.c -- memory-bound workload: chase pointers through a buffer
 * larger than the caches, in an order the hardware cannot predict.
 *
 *   memwalk [KIB [LAPS]]         default 4096 KiB (4x the L2 of hybrid.ini) and 4
 *
 * The buffer is cut into 64-byte nodes, each holding the index of the next;
 * the nodes form one cycle in a pseudo-random order (a seeded shuffle, the
 * same on every run).  Each lap follows the cycle once, so almost every
 * step is a cache miss that goes to the memory holding the process's pages:
 * SCM when it is persistent, DRAM when not.  The run checks that every lap
 * visits every node exactly once and ends where it began, then prints the
 * elapsed simulated time and the time per step.
 */
#include "user/user.h"

#define NODE 64

struct node {
    uint64 next;
    uint64 pad[NODE / 8 - 1];
};

static uint64 rng = 0x9e3779b97f4a7c15UL;

static uint64 rand64(void)
{
    /* xorshift64: deterministic, and enough to defeat a prefetcher. */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv)
{
    long kib = 4096, laps = 4;

    if (argc > 3 || (argc > 1 && (parse_int(argv[1], &kib) < 0 || kib < 4)) ||
        (argc > 2 && (parse_int(argv[2], &laps) < 0 || laps <= 0))) {
        printf("usage: memwalk [KIB [LAPS]]   (KIB at least 4)\n");
        return 2;
    }
    uint64 n = kib * 1024 / NODE;
    struct node *nodes = malloc(n * sizeof *nodes);
    uint64 *order = malloc(n * sizeof *order);
    if (!nodes || !order) {
        printf("memwalk: out of memory for %ld KiB\n", kib);
        return 1;
    }
    for (uint64 i = 0; i < n; i++)
        order[i] = i;
    for (uint64 i = n - 1; i > 0; i--) {
        uint64 j = rand64() % (i + 1);
        uint64 t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint64 i = 0; i < n; i++)
        nodes[order[i]].next = order[(i + 1) % n];
    free(order);

    uint64 t0 = clock(), steps = 0;
    for (long lap = 0; lap < laps; lap++) {
        uint64 at = 0, k = 0;
        do {
            at = nodes[at].next;
            k++;
        } while (at != 0 && k <= n);
        if (k != n) {
            printf("memwalk: WRONG lap %ld visited %lu of %lu nodes\n", lap, k, n);
            return 1;
        }
        steps += k;
    }
    uint64 elapsed = clock() - t0;
    printf("memwalk: %ld KiB laps=%ld ok steps=%lu elapsed_us=%lu ns_per_step=%lu\n", kib, laps,
           steps, elapsed, steps ? elapsed * 1000 / steps : 0);
    return 0;
}
