/*
 * memtest.h -- what the tests/mem guest programs share: the memory layout of
 * tests/mem/mem.ini, console output, mcycle, and the Zicbom instructions.
 *
 *   0x8000_0000  dram  64 MiB  the program (linked here), then DRAM_BUF
 *   0xC000_0000  scm   64 MiB  SCM_BUF, then the persistence slots
 *
 * The program lives in DRAM on purpose: simscm does not load ELF segments
 * into an SCM region restored from an image (the stored system is already
 * there), so a program that must be loaded afresh on every run -- the second
 * run of a two-run persistence test -- has to sit outside SCM.
 */
#ifndef MEMTEST_H
#define MEMTEST_H

#include <stdint.h>
#include "platform.h"

#define DRAM_BUF    0x82000000ul        /* 16 MiB */
#define DRAM_SLOT   0x83f00000ul
#define SCM_BASE    0xc0000000ul
#define SCM_BUF     SCM_BASE            /* 16 MiB */
#define SCM_SLOTS   (SCM_BASE + 0x3000000ul)
#define LINE        64                  /* cache line = Zicbom block size in mem.ini */

/* Console output: putch, puts_, putu, putx. */
#include "../common/bmcons.h"

static inline uint64_t rdmcycle(void)
{
    uint64_t c;
    __asm__ volatile("csrr %0, mcycle" : "=r"(c));
    return c;
}

static inline void cbo_clean(volatile void *p) { __asm__ volatile("cbo.clean (%0)" :: "r"(p) : "memory"); }
static inline void cbo_flush(volatile void *p) { __asm__ volatile("cbo.flush (%0)" :: "r"(p) : "memory"); }
static inline void cbo_inval(volatile void *p) { __asm__ volatile("cbo.inval (%0)" :: "r"(p) : "memory"); }
/* Orders the cbo.* before later stores and loads (they count as W). */
static inline void fence_w(void) { __asm__ volatile("fence w, rw" ::: "memory"); }

#endif
