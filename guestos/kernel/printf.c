/*
 * printf.c -- the kernel's formatted output, straight to the UART, and the
 * two ways out: halt() through the test finisher, panic() for kernel bugs.
 *
 * Conversions: %d %u %x with an optional l, %p, %s, %c, %%; a field width
 * (with 0 for zero padding, - for left alignment) so tables line up.  Output
 * is synchronous: a message printed just before a crash is on the console.
 * Interrupts are off while one message is printed, so two never interleave.
 */
#include <stdarg.h>
#include "types.h"
#include "platform.h"
#include "riscv.h"
#include "defs.h"

static const char digits[] = "0123456789abcdef";

static void put_num(uint64 v, int base, int neg, int width, int zero, int left)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    int pad = width - n;
    if (!left)
        for (; pad > 0; pad--)
            console_putc(zero ? '0' : ' ');
    while (n > 0)
        console_putc(buf[--n]);
    if (left)
        for (; pad > 0; pad--)
            console_putc(' ');
}

static void put_str(const char *s, int width, int left)
{
    int n = strlen(s);
    if (!left)
        for (; n < width; n++)
            console_putc(' ');
    while (*s)
        console_putc(*s++);
    if (left)
        for (; n < width; n++)
            console_putc(' ');
}

static void vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            console_putc(*fmt);
            continue;
        }
        fmt++;
        int left = 0, zero = 0, width = 0, lng = 0;
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0') {
            zero = 1;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l') {
            lng = 1;
            fmt++;
        }
        switch (*fmt) {
        case 'd': {
            int64 v = lng ? va_arg(ap, int64) : va_arg(ap, int);
            put_num(v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, width, zero, left);
            break;
        }
        case 'u':
            put_num(lng ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, width, zero, left);
            break;
        case 'x':
            put_num(lng ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, width, zero, left);
            break;
        case 'p':
            console_putc('0');
            console_putc('x');
            put_num((uint64)va_arg(ap, void *), 16, 0, 0, 0, 0);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_str(s ? s : "(null)", width, left);
            break;
        }
        case 'c':
            console_putc(va_arg(ap, int));
            break;
        case '%':
            console_putc('%');
            break;
        case 0:
            return;
        default:
            console_putc('%');
            console_putc(*fmt);
            break;
        }
    }
}

void printf(const char *fmt, ...)
{
    va_list ap;

    push_off();
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    pop_off();
}

/* Leave the machine: code 0 powers off cleanly, anything else reports failure. */
void halt(int code)
{
    volatile uint32 *fin = (uint32 *)PLAT_FINISHER_BASE;

    if (code == 0)
        *fin = FINISHER_PASS;
    else
        *fin = ((uint32)code << 16) | FINISHER_FAIL;
    for (;;)
        asm volatile("wfi");
}

/* Exit code of a kernel panic as seen by simscm/QEMU: tells a bug from a test failure. */
#define PANIC_EXIT 99

void panic(const char *fmt, ...)
{
    va_list ap;

    intr_off();
    console_putc('\n');
    put_str("panic: ", 0, 0);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    console_putc('\n');
    halt(PANIC_EXIT);
}
