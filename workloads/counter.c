/*
 * counter.c -- count, and say how far it got, forever.
 *
 *   counter [INTERVAL_MS]        default 500
 *
 * The simplest thing whose progress is visible: a busy loop increments a
 * counter in memory and prints it every INTERVAL_MS of simulated time.  A
 * persistent counter's count lives in SCM; after a resume it goes on from
 * where it was rather than from 0.
 */
#include "user/user.h"

int main(int argc, char **argv)
{
    long interval = 500;

    if (argc > 2 || (argc == 2 && (parse_int(argv[1], &interval) < 0 || interval <= 0))) {
        printf("usage: counter [INTERVAL_MS]\n");
        return 2;
    }
    volatile uint64 count = 0;
    uint64 next = clock_ms() + interval;
    for (;;) {
        count++;
        if ((count & 0xfff) == 0 && clock_ms() >= next) {
            printf("counter: pid %d count %lu at %lu ms\n", getpid(), count, clock_ms());
            next += interval;
        }
    }
}
