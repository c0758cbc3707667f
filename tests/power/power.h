/*
 * power.h -- what the tests/power guest programs share: the memory layout of
 * tests/power/power.ini, console output, the power controller, watchdog and
 * bug trigger registers, the PLIC, and the persistent state.
 *
 *   0x8000_0000  scm   64 MiB  the program (linked here, < 1 MiB)
 *   0x8010_0000                PSTATE: what a program keeps across power cycles
 *   0x8020_0000                SLOTS: the lines of the durability check
 *   (top pages)                the device tree, rewritten at every power-on
 *   0xC000_0000  dram  64 MiB  DRAM_BUF
 *
 * The program lives in SCM because a power cycle does not load the ELF again:
 * after power-on the hart starts at _start with whatever SCM holds.  The ELF
 * is copied into SCM once, at the start of the run, so .data would keep what
 * the last boot left in it: the programs have no initialised variables, and
 * crt0.S zeroes .bss at every boot.  What a program must keep from one boot
 * to the next lives at PSTATE and is written back with persist() (cbo.clean
 * of every line, then a fence); SCM starts all zeros, so boot 1 finds
 * PSTATE zeroed.
 *
 * Every program runs at [cpu] freq_mhz = 1000 (the default), so in the
 * functional mode (--timing off) one instruction is one nanosecond.
 */
#ifndef POWER_H
#define POWER_H

#include <stddef.h>
#include <stdint.h>
#include "platform.h"

#define SCM_BASE    0x80000000ul
#define PSTATE      0x80100000ul
#define SLOTS       0x80200000ul
#define DRAM_BASE   0xc0000000ul
#define DRAM_BUF    DRAM_BASE
#define LINE        64                  /* cache line = Zicbom block size */

/* Console output: putch, puts_, putu, putx. */
#include "../common/bmcons.h"

/* ---- the test finisher --------------------------------------------------- */

static inline __attribute__((noreturn)) void finish(int code)
{
    volatile uint32_t *f = (volatile uint32_t *)PLAT_FINISHER_BASE;
    *f = code ? ((uint32_t)code << 16) | FINISHER_FAIL : FINISHER_PASS;
    for (;;)
        ;
}

/* A check inside a program: prints what failed and counts it. */
/* ---- device registers ----------------------------------------------------- */

static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t rd64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void wr64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

#define PWR(off)  (PLAT_POWER_BASE + (off))
#define WDT(off)  (PLAT_WATCHDOG_BASE + (off))
#define BUG(off)  (PLAT_BUGTRIG_BASE + (off))

static inline uint64_t now_ns(void) { return rd64(PWR(PWR_NOW_NS)); }
static inline uint32_t boot_count(void) { return rd32(PWR(PWR_BOOT_COUNT)); }
static inline uint32_t boot_reason(void) { return rd32(PWR(PWR_BOOT_REASON)); }

static inline void press_button(void) { wr32(PWR(PWR_BUTTON), PWR_BUTTON_PRESS); }

/* Spin until the power goes (the hart simply stops), or fail at limit_ns:
 * a cut that never comes is a failed check, not a hang. */
static inline __attribute__((noreturn)) void wait_for_cut(uint64_t limit_ns)
{
    while (now_ns() < limit_ns)
        ;
    puts_("FAIL no power cut by ");
    putu(limit_ns);
    puts_(" ns\n");
    finish(90);
}

static inline uint64_t rdinstret(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}

/* ---- PLIC (QEMU virt layout), hart 0 M-mode context ----------------------- */

#define PLIC_PRIO(src)  (PLAT_PLIC_BASE + 4ul * (src))
#define PLIC_ENABLE     (PLAT_PLIC_BASE + 0x2000ul)
#define PLIC_THRESHOLD  (PLAT_PLIC_BASE + 0x200000ul)
#define PLIC_CLAIM      (PLAT_PLIC_BASE + 0x200004ul)

#define MIE_MEIE        (1ul << 11)
#define MSTATUS_MIE     (1ul << 3)
#define MCAUSE_MEI      ((1ul << 63) | 11)

/* Route PLIC source src to M-mode external interrupts and enable them. */
static inline void irq_enable(int src)
{
    wr32(PLIC_PRIO(src), 1);
    wr32(PLIC_ENABLE, 1u << src);
    wr32(PLIC_THRESHOLD, 0);
    __asm__ volatile("csrs mie, %0" :: "r"(MIE_MEIE));
    __asm__ volatile("csrs mstatus, %0" :: "r"(MSTATUS_MIE));
}

/* ---- SCM persistence -------------------------------------------------------- */

static inline void cbo_clean(volatile void *p) { __asm__ volatile("cbo.clean (%0)" :: "r"(p) : "memory"); }
/* Orders the cbo.* before later stores and loads (they count as W). */
static inline void fence_w(void) { __asm__ volatile("fence w, rw" ::: "memory"); }

/* Write [p, p+n) back to SCM: once this returns, a cut cannot lose it. */
static inline void persist(volatile void *p, size_t n)
{
    uint64_t a = (uint64_t)p & ~(uint64_t)(LINE - 1);
    for (; a < (uint64_t)p + n; a += LINE)
        cbo_clean((volatile void *)a);
    fence_w();
}

/* ---- traps -------------------------------------------------------------------- */

/* crt0.S calls trap() for every trap.  A program that expects interrupts
 * defines it; crt0.S's weak default ends the run with exit code 91. */
void trap(uint64_t mcause, uint64_t mepc);

#endif
