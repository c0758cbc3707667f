/*
 * muldiv.c -- bench: multiply and divide heavy code: modular exponentiation
 * (64-bit products and remainders by a variable modulus), Euclid's gcd,
 * 128-bit products (mulhu) and decimal conversion by a variable base,
 * SCALE times.
 */
#include "bench.h"

/* Size of the run (tests/pin builds a small one). */
#ifndef SCALE
#define SCALE 1500
#endif

/* The high half of the 128-bit product (mulhu), folded with the low half. */
static uint64_t mulfold(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64) ^ (a * b);
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
    uint64_t r = 1;
    b %= m;
    while (e) {
        if (e & 1)
            r = r * b % m;
        b = b * b % m;
        e >>= 1;
    }
    return r;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t digits(uint64_t v, uint64_t base)
{
    uint64_t n = 0, d = 0;
    do {
        d += v % base;
        v /= base;
        n++;
    } while (v);
    return n * 1000 + d;
}

int main(void)
{
    uint64_t s = 0xbb67ae8584caa73bull, sum = 0;
    volatile uint64_t base_v = 10;   /* a divisor the compiler cannot see */
    for (int k = 0; k < SCALE; k++) {
        for (int i = 0; i < 200; i++) {
            uint64_t m = (xorshift(&s) >> 33) | 1;      /* < 2^31: products fit */
            uint64_t a = xorshift(&s), b = xorshift(&s);
            sum += powmod(a, b >> 40, m);
            sum ^= gcd(a >> 1, b >> 1);
            sum += mulfold(a, b) % m;
            sum += digits(a, base_v + (uint64_t)(i & 7));
            int32_t x = (int32_t)a, y = (int32_t)(b >> 40) | 1;
            sum += (uint64_t)(int64_t)(x / y) + (uint64_t)(int64_t)(x % y);
        }
    }
    return result("muldiv", sum);
}
