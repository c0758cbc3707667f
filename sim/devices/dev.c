/*
 * dev.c -- reporting guest misprogramming of a device (see dev.h).
 *
 * A guest that pokes a device wrongly usually does it in a loop, so each
 * (device, register) pair is printed once and only counted afterwards: the
 * first message is the useful one and the rest would drown the console.
 * Hardware does not stop for a bad write, and neither does the simulator.
 */
#include "dev.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define DEV_SEEN_MAX 128

struct seen {
    char dev[32];
    char reg[32];
};

static struct seen seen[DEV_SEEN_MAX];
static int nseen;
static uint64_t nerrors;

/* True the first time (dev, reg) is seen; remembers it. */
static bool first_time(const char *dev, const char *reg)
{
    for (int i = 0; i < nseen; i++)
        if (!strncmp(seen[i].dev, dev, sizeof seen[i].dev - 1) &&
            !strncmp(seen[i].reg, reg, sizeof seen[i].reg - 1))
            return false;
    if (nseen < DEV_SEEN_MAX) {
        snprintf(seen[nseen].dev, sizeof seen[nseen].dev, "%s", dev);
        snprintf(seen[nseen].reg, sizeof seen[nseen].reg, "%s", reg);
        nseen++;
    }
    return true;
}

void dev_guest_error(const char *dev, const char *reg, uint64_t val,
                     const char *fmt, ...)
{
    nerrors++;
    if (!first_time(dev, reg))
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "simscm: %s: register %s: value 0x%llx: ", dev, reg,
            (unsigned long long)val);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

uint64_t dev_guest_error_count(void)
{
    return nerrors;
}
