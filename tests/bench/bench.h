/*
 * bench.h -- what the C bench programs share: the console (bmcons.h), a
 * xorshift generator for their inputs, memcpy/memset (the compiler may call
 * them; string.c times them), and result(), which prints the checksum line
 * every run of a program must repeat exactly.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include "../common/bmcons.h"

static inline uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static inline int result(const char *name, uint64_t sum)
{
    puts_(name);
    puts_(" checksum ");
    putx(sum);
    putch('\n');
    return 0;
}

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
