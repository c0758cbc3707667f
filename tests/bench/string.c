/*
 * string.c -- bench: string and block-copy work, the way C libraries and
 * kernels do it: memcpy and memset (libbench.c) at every alignment and
 * length, strlen, memcmp and a byte search over text built in a 16 KiB
 * buffer, SCALE times.
 */
#include "bench.h"

/* Size of the run (tests/pin builds a small one). */
#ifndef SCALE
#define SCALE 200
#endif

static char text[16384];
static char copy[16384 + 64];

static size_t my_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

static int my_memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

int main(void)
{
    uint64_t s = 0x6a09e667f3bcc908ull, sum = 0;
    for (int k = 0; k < SCALE; k++) {
        /* words of random letters separated by spaces */
        size_t len = 8192 + (xorshift(&s) & 4095);
        for (size_t i = 0; i < len; i++) {
            uint64_t r = xorshift(&s);
            text[i] = (r & 7) == 0 ? ' ' : (char)('a' + (r >> 8) % 26);
        }
        text[len] = 0;
        sum += my_strlen(text) + count_char(text, ' ') * 7;
        for (int j = 0; j < 16; j++) {
            size_t so = xorshift(&s) & 63, dof = xorshift(&s) & 63;
            size_t n = 1024 + (xorshift(&s) & 4095);
            memcpy(copy + dof, text + so, n);
            sum += (uint64_t)my_memcmp(copy + dof, text + so, n) + copy[dof + n / 2];
            memset(copy + dof, 'x', n / 2);
            sum = sum * 3 + (uint64_t)my_memcmp(copy + dof, text + so, n);
        }
        memcpy(copy, text, len + 1);
        sum += my_strlen(copy);
    }
    return result("string", sum);
}
