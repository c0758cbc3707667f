/*
 * logger.c -- a typical non-persistent helper: every INTERVAL_MS it notes
 * the pool usage in an in-memory ring of recent entries and prints the
 * newest one.
 *
 *   logger [INTERVAL_MS]         default 1000
 *
 * Nothing in it is worth keeping across a power cut: after a restart it
 * simply begins a new log, which is why it is the example of a process to
 * run with :n.
 */
#include "user/user.h"

#define RING 64

struct entry {
    uint64 at_ms;
    uint64 scm_free, dram_free;
    int nprocs;
};

int main(int argc, char **argv)
{
    long interval = 1000;

    if (argc > 2 || (argc == 2 && (parse_int(argv[1], &interval) < 0 || interval <= 0))) {
        printf("usage: logger [INTERVAL_MS]\n");
        return 2;
    }
    struct entry *ring = calloc(RING, sizeof *ring);
    static struct procinfo procs[64];
    if (!ring) {
        printf("logger: out of memory\n");
        return 1;
    }
    for (uint64 n = 0;; n++) {
        struct poolinfo pi;
        struct entry *e = &ring[n % RING];
        poolinfo(&pi);
        e->at_ms = clock_ms();
        e->scm_free = pi.free[POOL_SCM];
        e->dram_free = pi.free[POOL_DRAM];
        e->nprocs = procinfo(procs, 64);
        printf("logger: #%lu at %lu ms: %d processes, free pages SCM %lu DRAM %lu\n", n,
               e->at_ms, e->nprocs, e->scm_free, e->dram_free);
        sleep(interval);
    }
}
