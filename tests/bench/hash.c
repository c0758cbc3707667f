/*
 * hash.c -- bench: hash functions full of shifts, rotates (RV64IMAC has no
 * rotate instruction, so each is two shifts and an or) and live registers:
 * SipHash-2-4 and a 64-bit FNV/xorshift-multiply mix over a 4 KiB buffer,
 * SCALE times, each pass keyed by the last result.
 */
#include "bench.h"

/* Size of the run (tests/pin builds a small one). */
#ifndef SCALE
#define SCALE 3000
#endif

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND                                                             \
    do {                                                                     \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);            \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                               \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                               \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);            \
    } while (0)

static uint64_t siphash(const uint64_t *m, size_t words, uint64_t k0, uint64_t k1)
{
    uint64_t v0 = 0x736f6d6570736575ull ^ k0, v1 = 0x646f72616e646f6dull ^ k1;
    uint64_t v2 = 0x6c7967656e657261ull ^ k0, v3 = 0x7465646279746573ull ^ k1;
    for (size_t i = 0; i < words; i++) {
        v3 ^= m[i];
        SIPROUND;
        SIPROUND;
        v0 ^= m[i];
    }
    uint64_t b = (uint64_t)(words * 8) << 56;
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t mix64(const uint8_t *p, size_t n, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
        h ^= h >> 29;
        h = ROTL(h, 7);
    }
    return h;
}

static uint64_t buf[512];

int main(void)
{
    uint64_t s = 0x2545f4914f6cdd1dull;
    for (int i = 0; i < 512; i++)
        buf[i] = xorshift(&s);
    uint64_t k0 = 1, k1 = 2, sum = 0;
    for (int r = 0; r < SCALE; r++) {
        for (int m = 0; m < 512; m += 8) {
            uint64_t h = siphash(buf + m, 8, k0, k1);
            k0 ^= h;
            k1 = ROTL(k1, 5) + h;
            sum += h;
        }
        sum ^= mix64((const uint8_t *)buf, 1024, sum);
        buf[r & 511] ^= sum;
    }
    return result("hash", sum);
}
