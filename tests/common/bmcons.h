/*
 * bmcons.h -- console output for the bare-metal test programs (tests/mem,
 * tests/power): polled writes to the 16550A UART, and unsigned numbers in
 * decimal and hex.  No library: these programs run alone on the machine.
 */
#ifndef TESTS_BMCONS_H
#define TESTS_BMCONS_H

#include <stdint.h>
#include "platform.h"

#define UART_LSR_THRE 0x20

static inline void putch(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)PLAT_UART0_BASE;
    while (!(u[5] & UART_LSR_THRE))
        ;
    u[0] = (uint8_t)c;
}

static inline void puts_(const char *s)
{
    while (*s)
        putch(*s++);
}

static inline void putu(uint64_t v)
{
    char b[21];
    int i = 20;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(b + i);
}

static inline void putx(uint64_t v)
{
    puts_("0x");
    for (int s = 60; s >= 0; s -= 4)
        putch("0123456789abcdef"[(v >> s) & 15]);
}

/* " key=value" in decimal or hex, the form the test scripts pick apart. */
static inline void kv(const char *key, uint64_t v)
{
    putch(' ');
    puts_(key);
    putch('=');
    putu(v);
}

static inline void kx(const char *key, uint64_t v)
{
    putch(' ');
    puts_(key);
    putch('=');
    putx(v);
}

/* A check: prints "FAIL what: got G want W" and counts it in failures. */
static int failures;

static inline void expect(const char *what, uint64_t got, uint64_t want)
{
    if (got == want)
        return;
    puts_("FAIL ");
    puts_(what);
    puts_(": got ");
    putu(got);
    puts_(" want ");
    putu(want);
    putch('\n');
    failures++;
}

#endif
