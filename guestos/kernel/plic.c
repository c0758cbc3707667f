/*
 * plic.c -- the platform-level interrupt controller at PLAT_PLIC_BASE.
 *
 * The kernel takes device interrupts in S-mode, which is PLIC context 1 of
 * hart 0 (context 0 is M-mode).  Every source gets priority 1 and the
 * threshold is 0, so any enabled source interrupts.  Register offsets are
 * those of the RISC-V PLIC specification.
 *
 * Volatile: device state, redone by plic_init() at every boot.
 */
#include "types.h"
#include "platform.h"
#include "defs.h"

#define PLIC_CONTEXT      1                                 /* hart 0, S-mode */
#define PLIC_PRIORITY(s)  (PLAT_PLIC_BASE + 4 * (s))
#define PLIC_ENABLE(c)    (PLAT_PLIC_BASE + 0x2000 + 0x80 * (c))
#define PLIC_THRESHOLD(c) (PLAT_PLIC_BASE + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)     (PLIC_THRESHOLD(c) + 4)

static inline volatile uint32 *reg(uint64 a) { return (volatile uint32 *)a; }

void plic_init(void)
{
    *reg(PLIC_THRESHOLD(PLIC_CONTEXT)) = 0;
    plic_enable(PLAT_UART0_IRQ);
}

void plic_enable(int irq)
{
    *reg(PLIC_PRIORITY(irq)) = 1;
    *reg(PLIC_ENABLE(PLIC_CONTEXT) + 4 * (irq / 32)) |= 1U << (irq % 32);
}

/* The highest-priority pending source, now claimed; 0 if none. */
int plic_claim(void)
{
    return *reg(PLIC_CLAIM(PLIC_CONTEXT));
}

void plic_complete(int irq)
{
    *reg(PLIC_CLAIM(PLIC_CONTEXT)) = irq;
}
