/*
 * spinlock.c -- locks and interrupt nesting on one hart (see spinlock.h).
 *
 * push_off()/pop_off() nest: interrupts come back on only when the outermost
 * pop_off() runs, and only if they were on before the first push_off().
 */
#include "types.h"
#include "riscv.h"
#include "proc.h"
#include "spinlock.h"
#include "defs.h"

void initlock(struct spinlock *lk, const char *name)
{
    lk->locked = 0;
    lk->name = name;
}

void acquire(struct spinlock *lk)
{
    push_off();
    if (lk->locked)
        panic("acquire: %s already held", lk->name);
    lk->locked = 1;
}

void release(struct spinlock *lk)
{
    if (!lk->locked)
        panic("release: %s not held", lk->name);
    lk->locked = 0;
    pop_off();
}

int holding(struct spinlock *lk)
{
    return lk->locked;
}

void push_off(void)
{
    int old = intr_get();

    intr_off();
    struct cpu *c = mycpu();
    if (c->noff == 0)
        c->intena = old;
    c->noff++;
}

void pop_off(void)
{
    struct cpu *c = mycpu();

    if (intr_get())
        panic("pop_off: interrupts on");
    if (c->noff < 1)
        panic("pop_off: unbalanced");
    c->noff--;
    if (c->noff == 0 && c->intena)
        intr_on();
}
