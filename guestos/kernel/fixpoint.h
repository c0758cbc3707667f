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

#define FX_INDEX_PAGES 32           /* the index at the start of an area */

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

/* One user page: va | PTE flags, and where its copy is (the store's
 * business: the area's data page of the same index for a fixpoint in SCM,
 * a disk block for a checkpoint). */
struct fx_page {
    uint64 va_perm;
    uint64 where;
};

struct fx_index {
    uint64 nprocs, npages, nrestart;
    uint64 nextpid, clock_us, ticks;
    uint64 taken_ns;                /* the platform's time when it was taken */
    uint64 store_next;              /* the store's own bookkeeping (disk: next block pair) */
    struct fx_proc proc[NPROC];
    struct restart restart[NPROC];  /* non-persistent processes to start again */
    struct fx_page page[];
};

#define FX_MAX_PAGES ((FX_INDEX_PAGES * PGSIZE - sizeof(struct fx_index)) / sizeof(struct fx_page))

/* Where the copies of the pages go and come from. */
struct fx_store {
    /* Keep a copy of the user page at pa as entry k of ix (set
     * ix->page[k].where); 0, or -1 when there is no room. */
    int  (*put)(void *arg, struct fx_index *ix, uint64 k, uint64 pid, uint64 pa);
    /* Copy entry k's page into pa. */
    void (*get)(void *arg, const struct fx_index *ix, uint64 k, uint64 pa);
    void *arg;
};

/* proc.c: fill ix and store the pages of the live processes (proc_lock
 * held); 0, or -1 when the store has no room. */
int  proc_fx_collect(struct fx_index *ix, const struct fx_store *st);
/* proc.c: make the processes of ix (cold boot, after proc_init); returns
 * how many non-persistent ones were restarted. */
int  proc_fx_restore(const struct fx_index *ix, const struct fx_store *st);

#endif
