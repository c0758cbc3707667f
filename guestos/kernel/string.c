/*
 * string.c -- the handful of C library memory and string routines the
 * kernel uses.  The compiler may also call memset/memcpy on its own (struct
 * copies), so these keep their standard names and meanings.
 */
#include "types.h"
#include "defs.h"

void *memset(void *dst, int c, uint64 n)
{
    uint8 *d = dst;

    /* Whole words when aligned: kalloc and kfree clear pages with this. */
    if (((uint64)d & 7) == 0 && (n & 7) == 0) {
        uint64 w = (uint8)c;
        w |= w << 8;
        w |= w << 16;
        w |= w << 32;
        for (uint64 *p = (uint64 *)d; n; n -= 8)
            *p++ = w;
        return dst;
    }
    while (n--)
        *d++ = (uint8)c;
    return dst;
}

void *memmove(void *dst, const void *src, uint64 n)
{
    uint8 *d = dst;
    const uint8 *s = src;

    if (s < d && s + n > d) {
        /* Overlap with the source below: copy from the end. */
        while (n--)
            d[n] = s[n];
        return dst;
    }
    if ((((uint64)d | (uint64)s | n) & 7) == 0) {
        /* Page copies in persist.c and exec.c take this path. */
        uint64 *dw = (uint64 *)d;
        const uint64 *sw = (const uint64 *)s;
        for (; n; n -= 8)
            *dw++ = *sw++;
        return dst;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memcpy(void *dst, const void *src, uint64 n)
{
    return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint64 n)
{
    const uint8 *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

uint64 strlen(const char *s)
{
    uint64 n = 0;

    while (s[n])
        n++;
    return n;
}

int strncmp(const char *a, const char *b, uint64 n)
{
    for (; n && *a && *a == *b; n--, a++, b++)
        ;
    if (n == 0)
        return 0;
    return (uint8)*a - (uint8)*b;
}

/* Like strncpy but always terminated, and n is the size of dst. */
char *safestrcpy(char *dst, const char *src, int n)
{
    char *d = dst;

    if (n <= 0)
        return dst;
    while (--n > 0 && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}
