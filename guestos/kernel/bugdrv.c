/*
 * bugdrv.c -- a deliberately buggy driver, for the buggy-process catalogue
 * (workloads/bug*.c, docs/guestos.md).  Each bug leaves the kernel in a
 * state that killing the process that caused it does not cure, which is
 * what makes a power cycle worth having:
 *
 *   BUGDRV_SPIN      spins with interrupts off: nothing else ever runs, and
 *                    only the watchdog (health.c) can end it
 *   BUGDRV_LEAK      takes a DRAM page into a list of the driver's that no
 *                    process owns: killing the caller frees none of them
 *   BUGDRV_CORRUPT   writes over the kernel's driver state in DRAM
 *                    (health.c keeps it, with canaries and a checksum)
 *   BUGDRV_LOCK_AB   takes the driver's lock A, waits a tick, takes B; with
 *   BUGDRV_LOCK_BA   B then A in another process the two wait forever, and
 *                    the waits cannot be interrupted (kill does not help)
 *
 * Volatile, like every driver: the locks and the leaked list are gone after
 * a power cycle, with the DRAM they pointed into.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "uapi.h"
#include "defs.h"

struct run_leak {
    struct run_leak *next;
};

static struct {
    struct spinlock lock;
    struct run_leak *leaked;        /* pages that belong to no process */
    uint64 nleaked;
    struct klock { int holder; uint64 wait_since; int waiters; } ab[2];
} drv VOLATILE_STATE;

void bugdrv_init(void)
{
    initlock(&drv.lock, "bugdrv");
}

/* The oldest wait on the driver's locks, in ticks (0: nobody waits). */
uint64 bugdrv_longest_wait(void)
{
    uint64 longest = 0;
    acquire(&drv.lock);
    for (int i = 0; i < 2; i++)
        if (drv.ab[i].waiters && ticks - drv.ab[i].wait_since > longest)
            longest = ticks - drv.ab[i].wait_since;
    release(&drv.lock);
    return longest;
}

/* Take lock i, waiting as long as it takes (not interruptible: the bug). */
static void klock_take(int i)
{
    int pid = myproc()->pid;
    acquire(&drv.lock);
    while (drv.ab[i].holder) {
        if (drv.ab[i].waiters++ == 0)
            drv.ab[i].wait_since = ticks;
        sleep(&drv.ab[i], &drv.lock);
        drv.ab[i].waiters--;
    }
    drv.ab[i].holder = pid;
    release(&drv.lock);
}

/* Let a tick pass, so that the other process takes its first lock. */
static void nap(void)
{
    acquire(&ticks_lock);
    uint64 t0 = ticks;
    while (ticks == t0)
        sleep(&ticks, &ticks_lock);
    release(&ticks_lock);
}

static void klock_give(int i)
{
    acquire(&drv.lock);
    drv.ab[i].holder = 0;
    wakeup(&drv.ab[i]);
    release(&drv.lock);
}

int bugdrv(int what)
{
    switch (what) {
    case BUGDRV_SPIN:
        push_off();
        for (;;)
            ;
    case BUGDRV_LEAK: {
        struct run_leak *r = kalloc(POOL_DRAM);
        if (!r)
            return E_NODRAM;
        acquire(&drv.lock);
        r->next = drv.leaked;
        drv.leaked = r;
        drv.nleaked++;
        release(&drv.lock);
        return 0;
    }
    case BUGDRV_CORRUPT:
        health_scribble();
        return 0;
    case BUGDRV_LOCK_AB:
    case BUGDRV_LOCK_BA: {
        int first = what == BUGDRV_LOCK_AB ? 0 : 1;
        klock_take(first);
        nap();
        klock_take(!first);
        klock_give(!first);
        klock_give(first);
        return 0;
    }
    default:
        return E_INVAL;
    }
}
