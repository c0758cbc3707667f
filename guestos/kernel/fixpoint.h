/*
 * fixpoint.h -- the format of a fixpoint (fixpoint.c): what the kernel keeps
 * of its persistent processes every [guest] fixpoint_ms, so that a sudden
 * power loss rolls back to it instead of booting cold.
 */
#ifndef GUEST_FIXPOINT_H
#define GUEST_FIXPOINT_H

#include "types.h"
#include "param.h"
#include "proc.h"

#define FX_INDEX_PAGES 16           /* the index at the start of an area */

/* One persistent process: its user-visible state, nothing of the kernel's. */
struct fx_proc {
    int pid, ppid;
    int state;                      /* P_RUNNABLE, or P_ZOMBIE with xstatus */
    int xstatus;
    int cmdargc;
    uint32 first, npages;           /* its entries in fx_index.page[] */
    char name[PROCNAME];
    char cmd[CMDLINE];
    uint64 sz;
    uint64 regs[32];                /* trap frame x[0..31] */
    uint64 epc;                     /* where it goes on (an ecall, to restart a call) */
};

/* One user page: va | PTE flags; its copy is the area's data page of the
 * same index. */
struct fx_page {
    uint64 va_perm;
};

struct fx_index {
    uint64 nprocs, npages, nrestart;
    uint64 nextpid, clock_us, ticks;
    uint64 taken_ns;                /* the platform's time when it was taken */
    struct fx_proc proc[NPROC];
    struct restart restart[NPROC];  /* non-persistent processes to start again */
    struct fx_page page[];
};

#define FX_MAX_PAGES ((FX_INDEX_PAGES * PGSIZE - sizeof(struct fx_index)) / sizeof(struct fx_page))

/* proc.c: fill ix and the data pages from the live processes (proc_lock
 * held); 0, or -1 when they need more than maxpages pages. */
int  proc_fx_collect(struct fx_index *ix, uint64 data, uint64 maxpages);
/* proc.c: make the processes of ix (cold boot, after proc_init); returns
 * how many non-persistent ones were restarted. */
int  proc_fx_restore(const struct fx_index *ix, uint64 data);

#endif
