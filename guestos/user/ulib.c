/*
 * ulib.c -- the small C library every guest program links: strings and
 * memory, number parsing, line input, error names, time.
 */
#include "user/user.h"

int wait(int *status)
{
    return waitpid(-1, status, 0);
}

uint64 strlen(const char *s)
{
    uint64 n = 0;

    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8)*a - (uint8)*b;
}

int strncmp(const char *a, const char *b, uint64 n)
{
    for (; n && *a && *a == *b; n--)
        a++, b++;
    return n ? (uint8)*a - (uint8)*b : 0;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return (char *)s;
    return 0;
}

void *memset(void *dst, int c, uint64 n)
{
    uint8 *d = dst;

    while (n--)
        *d++ = (uint8)c;
    return dst;
}

void *memmove(void *dst, const void *src, uint64 n)
{
    uint8 *d = dst;
    const uint8 *s = src;

    if (s < d && s + n > d)
        while (n--)
            d[n] = s[n];
    else
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

int isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int atoi(const char *s)
{
    long v = 0;

    parse_int(s, &v);
    return (int)v;
}

/* Strict: an optional '-' and digits, nothing else.  0 on success. */
int parse_int(const char *s, long *out)
{
    int neg = 0;
    long v = 0;

    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (!isdigit(*s))
        return -1;
    for (; isdigit(*s); s++) {
        if (v > (0x7fffffffffffffffL - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (*s)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

/* The one rule for numbers on a command line: a whole decimal number from
 * min to max.  0, or -1 (and *out untouched). */
int parse_range(const char *s, long min, long max, long *out)
{
    long v;

    if (parse_int(s, &v) < 0 || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Read one line from the console into buf (without the newline).  Returns
 * its length, -1 at end of input, or READLINE_TOOLONG when the line does
 * not fit in max - 1 bytes: the whole line has then been read and dropped,
 * so no tail of it is taken for the next line. */
int readline(char *buf, int max)
{
    int n = 0, toolong = 0;

    for (;;) {
        char c;
        int r = read(0, &c, 1);
        if (r <= 0) {
            if (n == 0 && !toolong)
                return -1;
            break;
        }
        if (c == '\n')
            break;
        if (n < max - 1)
            buf[n++] = c;
        else
            toolong = 1;
    }
    buf[toolong ? 0 : n] = 0;
    return toolong ? READLINE_TOOLONG : n;
}

const char *errstr(int err)
{
    switch (err) {
    case E_FAIL:    return "failed";
    case E_NOPROC:  return "no such process";
    case E_DEAD:    return "process has exited";
    case E_NOENT:   return "no such program";
    case E_BADPROG: return "not a valid program";
    case E_NOSCM:   return "out of SCM memory";
    case E_NODRAM:  return "out of DRAM memory";
    case E_NOPOOL:  return "this machine has no SCM";
    case E_INVAL:   return "invalid argument";
    case E_FAULT:   return "bad address";
    case E_NOCHILD: return "no child to wait for";
    case E_PERM:    return "not permitted";
    case E_NODEV:   return "no such device";
    case E_NOSLOT:  return "process table full";
    case E_KILLED:  return "killed";
    case E_AGAIN:   return "nothing there yet";
    default:        return "unknown error";
    }
}

uint64 clock_ms(void)
{
    return clock() / 1000;
}
