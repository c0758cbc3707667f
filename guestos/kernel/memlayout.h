/*
 * memlayout.h -- the kernel's virtual address space.  Physical addresses come
 * from include/platform.h and the device tree; this file only adds the
 * addresses the kernel invents.
 *
 *   0x0000_0000_0000  user memory (per process)      physical memory and
 *         ...                                        devices are mapped 1:1
 *   0x0000_8000_0000  kernel image (SCM)             in the kernel's table
 *         ...
 *   0x0020_0000_0000  proc window: one slot per process
 *                       [guard][kernel stack][proc record]
 *         ...
 *   0x003F_FFFF_E000  TRAPFRAME (user tables only)
 *   0x003F_FFFF_F000  TRAMPOLINE (every table)
 *
 * Why a window: a process's kernel stack and its proc record must be able to
 * move between the SCM and DRAM pools while pointers to them exist (saved
 * stack pointers, parent links, sleep channels).  They are only ever used
 * through their window address, so a migration copies the page and changes
 * one kernel PTE; no pointer changes.
 */
#ifndef GUEST_MEMLAYOUT_H
#define GUEST_MEMLAYOUT_H

#include "platform.h"
#include "param.h"
#include "riscv.h"

#define KERNBASE     PLAT_MAIN_MEM_BASE

#define TRAMPOLINE   (MAXVA - PGSIZE)
#define TRAPFRAME    (TRAMPOLINE - PGSIZE)

#define PROCWIN_BASE 0x2000000000UL
#define SLOT_PAGES   (1 + KSTACK_PAGES + 1)
#define SLOT_BASE(s) (PROCWIN_BASE + (uint64)(s) * SLOT_PAGES * PGSIZE)
#define KSTACK(s)    (SLOT_BASE(s) + PGSIZE)
#define KSTACK_TOP(s) (KSTACK(s) + KSTACK_PAGES * PGSIZE)
#define PROCREC(s)   KSTACK_TOP(s)
#define PROCWIN_END  SLOT_BASE(NPROC)

/* Physical memory must lie below the window to be mapped 1:1. */
#define PHYS_LIMIT   PROCWIN_BASE

/* User programs get [0, USER_TOP): the heap may grow up to there. */
#define USER_TOP     (1UL << 37)

#endif
