/*
 * printf.c -- formatted output for user programs.  One call formats into a
 * buffer and writes it with as few write() calls as it fits in, so a line
 * from one process is not cut by another's (the kernel writes one call's
 * bytes without interleaving).
 *
 * Conversions: %d %u %x (l and ll modifiers), %p, %s, %c, %%; width with
 * 0 or - flags.
 */
#include <stdarg.h>
#include "user/user.h"

struct sink {
    char *buf;
    int cap, len;       /* len counts every byte produced, kept or not */
    int fd;             /* >= 0: flush buf to fd when full */
};

static void put(struct sink *s, char c)
{
    if (s->fd >= 0 && s->len == s->cap) {
        write(s->fd, s->buf, s->len);
        s->len = 0;
    }
    if (s->len < s->cap)
        s->buf[s->len] = c;
    s->len++;
}

static void put_num(struct sink *s, uint64 v, int base, int neg, int width, int zero, int left)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    int pad = width - n;
    if (!left)
        for (; pad > 0; pad--)
            put(s, zero ? '0' : ' ');
    while (n)
        put(s, tmp[--n]);
    for (; pad > 0; pad--)
        put(s, ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(s, *fmt);
            continue;
        }
        fmt++;
        int left = 0, zero = 0, width = 0, lng = 0;
        if (*fmt == '-')
            left = 1, fmt++;
        if (*fmt == '0')
            zero = 1, fmt++;
        while (isdigit(*fmt))
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')
            lng = 1, fmt++;
        switch (*fmt) {
        case 'd': {
            long v = lng ? va_arg(ap, long) : va_arg(ap, int);
            put_num(s, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, width, zero, left);
            break;
        }
        case 'u':
            put_num(s, lng ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, width, zero, left);
            break;
        case 'x':
            put_num(s, lng ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, width, zero, left);
            break;
        case 'p':
            put(s, '0');
            put(s, 'x');
            put_num(s, (uint64)va_arg(ap, void *), 16, 0, 0, 0, 0);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int n = strlen(str);
            if (!left)
                for (; n < width; n++)
                    put(s, ' ');
            while (*str)
                put(s, *str++);
            for (; n < width; n++)
                put(s, ' ');
            break;
        }
        case 'c':
            put(s, (char)va_arg(ap, int));
            break;
        case '%':
            put(s, '%');
            break;
        case 0:
            return;
        default:
            put(s, '%');
            put(s, *fmt);
        }
    }
}

static int vfdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[512];
    struct sink s = { buf, sizeof buf, 0, fd };

    format(&s, fmt, ap);
    if (s.len)
        write(fd, buf, s.len);
    return 0;
}

int printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vfdprintf(1, fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(int fd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int r = vfdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

/* Like C's: at most n-1 bytes and a NUL; returns the length it wanted. */
int snprintf(char *buf, int n, const char *fmt, ...)
{
    va_list ap;
    struct sink s = { buf, n > 0 ? n - 1 : 0, 0, -1 };

    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf[s.len < s.cap ? s.len : s.cap] = 0;
    return s.len;
}
