/*
 * start.c -- M-mode set-up, then a one-way mret into S-mode main().
 *
 * M-mode keeps exactly one job after boot, the timer (mvec.S).  Everything
 * else is handed down: all exceptions and S-mode interrupts are delegated,
 * PMP opens physical memory to S-mode (the machine enforces PMP, so without
 * an entry S-mode could touch nothing), S-mode may read the time CSR, and
 * S/U may issue the Zicbom cache operations the persistence code needs.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "platform.h"
#include "defs.h"

void main(void);
void mtimervec(void);

/* The M-mode timer handler's private area (layout fixed by mvec.S). */
struct mtimer_scratch {
    uint64 save[3];
    uint64 mtimecmp;        /* address */
    uint64 interval;        /* mtime units per tick */
};

static struct mtimer_scratch mscratch0 VOLATILE_STATE;

/* Where the machine put the device tree (a1 at entry); main() parses it. */
uint64 boot_fdt VOLATILE_STATE;

extern char bss_start[], bss_end[], vbss_start[], vbss_end[];

static void zero(char *a, char *b)
{
    /* Not memset: keep M-mode independent of the S-mode library. */
    while (a < b)
        *a++ = 0;
}

static void timer_init(void)
{
    volatile uint64 *mtime = (uint64 *)(PLAT_CLINT_BASE + CLINT_MTIME);
    volatile uint64 *cmp = (uint64 *)(PLAT_CLINT_BASE + CLINT_MTIMECMP);   /* hart 0 */
    uint64 interval = PLAT_MTIME_HZ / 1000000 * TICK_US;

    mscratch0.mtimecmp = (uint64)cmp;
    mscratch0.interval = interval;
    *cmp = *mtime + interval;

    csr_write(mscratch, (uint64)&mscratch0);
    csr_write(mtvec, (uint64)mtimervec);
    csr_set(mie, 1UL << IRQ_M_TIMER);
    csr_set(mstatus, MSTATUS_MIE);
}

void start(uint64 hartid, uint64 fdt)
{
    /* A resume record means the kernel's data is the saved state: only
     * VOLATILE_STATE starts from zero.  A cold boot zeroes .bss as well:
     * the image may have been loaded over an old SCM image, so nothing in
     * it can be assumed zero. */
    int slot = resume_check();
    if (!slot)
        zero(bss_start, bss_end);
    zero(vbss_start, vbss_end);
    resume_slot = slot;
    boot_fdt = fdt;

    uint64 ms = csr_read(mstatus);
    ms = (ms & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S;
    csr_write(mstatus, ms);
    csr_write(mepc, (uint64)main);
    csr_write(satp, 0);

    csr_write(medeleg, 0xffff);
    csr_write(mideleg, (1UL << IRQ_S_SOFT) | (1UL << IRQ_S_TIMER) | (1UL << IRQ_S_EXT));
    csr_write(sie, (1UL << IRQ_S_SOFT) | (1UL << IRQ_S_TIMER) | (1UL << IRQ_S_EXT));

    /* One TOR entry from 0 to the top of the 56-bit physical space. */
    csr_write(pmpaddr0, 0x3fffffffffffffUL);
    csr_write(pmpcfg0, PMPCFG_TOR | PMPCFG_R | PMPCFG_W | PMPCFG_X);

    csr_write(mcounteren, 7);       /* cycle, time, instret readable below M */
    csr_write(menvcfg, MENVCFG_CBCFE | MENVCFG_CBIE_FLUSH);

    timer_init();

    asm volatile("mv tp, %0" : : "r"(hartid));
    asm volatile("mret");
}
