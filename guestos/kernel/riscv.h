/*
 * riscv.h -- the RISC-V privileged architecture as the kernel uses it: CSR
 * access, status and interrupt bits, and the Sv39 page-table format.
 *
 * CSRs are named in the macros, not wrapped one function each: csr_read(satp)
 * reads as the instruction it becomes.
 */
#ifndef GUEST_RISCV_H
#define GUEST_RISCV_H

/* Constants that assembly files share: no UL suffix there. */
#ifdef __ASSEMBLER__
#define U64(x) x
#else
#define U64(x) x##UL
#include "types.h"

#define csr_read(csr) ({ uint64 v_; asm volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, val) asm volatile("csrw " #csr ", %0" : : "r"((uint64)(val)) : "memory")
#define csr_set(csr, bits) asm volatile("csrs " #csr ", %0" : : "r"((uint64)(bits)) : "memory")
#define csr_clear(csr, bits) asm volatile("csrc " #csr ", %0" : : "r"((uint64)(bits)) : "memory")

static inline uint64 read_tp(void)
{
    uint64 x;
    asm volatile("mv %0, tp" : "=r"(x));
    return x;
}

static inline void sfence_vma(void)
{
    /* Flush every TLB entry: the kernel changes few mappings, and rarely. */
    asm volatile("sfence.vma zero, zero" ::: "memory");
}

/* Supervisor interrupt enable, the one bit the kernel flips all the time. */
static inline void intr_on(void)  { csr_set(sstatus, 1UL << 1); }
static inline void intr_off(void) { csr_clear(sstatus, 1UL << 1); }
static inline int  intr_get(void) { return (csr_read(sstatus) >> 1) & 1; }

static inline void wfi(void) { asm volatile("wfi"); }

/* Zicbom: write the cache line holding a back to memory (it stays cached). */
static inline void cbo_clean(const void *a) { asm volatile("cbo.clean (%0)" : : "r"(a) : "memory"); }
/* Order earlier stores and cbo.clean before later stores. */
static inline void fence_w(void) { asm volatile("fence rw, rw" ::: "memory"); }
#endif

/* mstatus / sstatus */
#define MSTATUS_MIE      (1UL << 3)
#define MSTATUS_MPP_MASK (3UL << 11)
#define MSTATUS_MPP_S    (1UL << 11)
#define SSTATUS_SIE      (1UL << 1)
#define SSTATUS_SPIE     (1UL << 5)
#define SSTATUS_SPP      (1UL << 8)

/* Interrupt numbers, as bits of mie/mip/sie/sip and as scause codes. */
#define IRQ_S_SOFT   1
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define SCAUSE_INTR  (1UL << 63)

/* scause exception codes the kernel tells apart. */
#define EXC_ECALL_U      8
#define EXC_INSN_PAGE    12
#define EXC_LOAD_PAGE    13
#define EXC_STORE_PAGE   15

/* menvcfg: let S and U use cbo.clean/cbo.flush (CBCFE) and cbo.inval (CBIE = flush). */
#define MENVCFG_CBIE_FLUSH (1UL << 4)
#define MENVCFG_CBCFE      (1UL << 6)

/* PMP: one TOR entry over all of physical memory, read/write/execute. */
#define PMPCFG_R   0x01
#define PMPCFG_W   0x02
#define PMPCFG_X   0x04
#define PMPCFG_TOR 0x08

/* Sv39 */
#define PGSIZE   U64(4096)
#define PGSHIFT  12
#define MEGAPAGE (1UL << 21)
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)

#define PA2PTE(pa)   ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte)  (((pte) >> 10) << 12)
#define PTE_FLAGS(p) ((p) & 0x3FF)

/* va bits [38:30], [29:21], [20:12] index levels 2, 1 and 0. */
#define VPN(va, level) ((((uint64)(va)) >> (12 + 9 * (level))) & 0x1FF)

#define SATP_SV39     (8UL << 60)
#define MAKE_SATP(pt) (SATP_SV39 | (((uint64)(pt)) >> 12))

/* One below the top of the lower half of Sv39, so no address needs sign extension. */
#define MAXVA (U64(1) << 38)

#endif
