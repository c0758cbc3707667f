/*
 * spin.c -- a program that does nothing but let faults happen to it: at
 * every boot it spins until NOW_NS reaches 10 ms of simulated time (which
 * counts the time the machine was off), then prints "spin: boots=N reason=R"
 * and ends.  The fault-timing checks read the event log, not this output.
 */
#include "power.h"

#define END_NS 10000000

int main(void)
{
    while (now_ns() < END_NS)
        ;
    puts_("spin:");
    kv("boots", boot_count());
    kv("reason", boot_reason());
    putch('\n');
    return 0;
}
