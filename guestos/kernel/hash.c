/*
 * hash.c -- the one 64-bit hash the kernel uses to tell a whole record from
 * a torn or foreign one (resume records, fixpoint and checkpoint roots and
 * indexes, pages a checkpoint compares).  Not cryptographic: it only has to
 * make an accidental match of garbage vanishingly unlikely.
 */
#include "types.h"
#include "defs.h"

uint64 hash_mix(uint64 h, uint64 v)
{
    h ^= v;
    h *= 0x100000001b3UL;
    return h ^ (h >> 29);
}

/* Hash the 64-bit words of [p, p + bytes) into h. */
uint64 hash_words(uint64 h, const void *p, uint64 bytes)
{
    for (const uint64 *w = p, *e = (const uint64 *)((const char *)p + bytes); w < e; w++)
        h = hash_mix(h, *w);
    return h;
}
