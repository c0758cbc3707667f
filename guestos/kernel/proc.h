/*
 * proc.h -- processes.
 *
 * A process is a set of pages, every one of them from one pool: SCM when the
 * process is persistent, DRAM when it is not (persist.c moves them):
 *
 *   proc record      struct proc, one page, used only at PROCREC(slot)
 *   kernel stack     KSTACK_PAGES pages at KSTACK(slot)
 *   trap frame       one page, mapped at TRAPFRAME in the user table
 *   page table       the Sv39 tables of the user address space
 *   user pages       text, data, stack, heap
 *
 * Records are not an array: each is a page of its own, linked on allproc, so
 * one process's record can sit in SCM while its neighbour's sits in DRAM.
 * Every field below lives in that page, so for a persistent process all of
 * it is in SCM; nothing a resume would need is kept elsewhere except the
 * allproc head and the slot map, which are kernel data (in SCM too).  The run
 * queue and the cpu struct are volatile (proc.c).
 *
 * Locking: one hart, so "holding a lock" means interrupts are off; proc_lock
 * guards every field below that other processes read (state, chan, killed,
 * parent, the allproc links) and the run queue.  The memory fields are only
 * changed by the process itself or by persist.c, both under proc_lock.
 */
#ifndef GUEST_PROC_H
#define GUEST_PROC_H

#include "types.h"
#include "param.h"
#include "uapi.h"

/* Callee-saved registers: what swtch() keeps of a kernel thread. */
struct context {
    uint64 ra;
    uint64 sp;
    uint64 s[12];
};

/*
 * The user registers saved by trampoline.S on a trap from user mode.  x[i]
 * is register xi (x[0] is unused), so a0 is x[10]; the kernel fields after
 * it are what uservec needs to get into the kernel.  The offsets are used by
 * trampoline.S: TF_* below must match.
 */
struct trapframe {
    uint64 x[32];
    uint64 epc;             /* 256: user pc */
    uint64 kernel_satp;     /* 264 */
    uint64 kernel_sp;       /* 272: top of this process's kernel stack */
    uint64 kernel_trap;     /* 280: usertrap() */
};
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10

struct proc {
    /* Identity and family (proc_lock). */
    struct proc *next;          /* allproc list */
    int slot;                   /* index of this process's proc-window slot */
    int pid;
    struct proc *parent;
    char name[PROCNAME];

    /* Scheduling (proc_lock). */
    enum procstate state;
    void *chan;                 /* sleeping on this, when P_SLEEPING */
    int killed;
    int xstatus;                /* exit status, for the parent's waitpid */
    int in_syscall;             /* in a system call: a fixpoint restarts it (fixpoint.c) */

    /* Persistence (proc_lock): which pool every page comes from. */
    int persistent;
    int migrate_pending;        /* asked to move itself: the scheduler does it */
    /* How to start this process again (exec and spawn set it, fork clears
     * it): program name and arguments, each NUL-terminated, cmdargc strings
     * after the name.  A non-persistent process is restarted from it after
     * a resume (resume.c).  cmdargc < 0: it cannot be. */
    char cmd[CMDLINE];
    int cmdargc;

    /* Memory (the process itself, or persist.c under proc_lock). */
    uint64 sz;                  /* top of user memory (heap break) */
    pagetable_t pagetable;      /* physical address of the root table */
    struct trapframe *trapframe;/* physical address; mapped at TRAPFRAME */
    struct context context;     /* swtch() saves the kernel thread here */
};

/* A non-persistent process to start again after a resume: its pid, and its
 * program and arguments as in struct proc's cmd.  The resume record holds
 * these (resume.c). */
struct restart {
    int pid;
    int argc;
    char cmd[CMDLINE];
};

/* Per-hart state.  Volatile: rebuilt at every boot. */
struct cpu {
    struct proc *proc;          /* running process, or 0 in the scheduler */
    struct context context;     /* the scheduler's, swtch() here to enter it */
    int noff;                   /* depth of push_off() */
    int intena;                 /* were interrupts on before the first push_off()? */
};

#endif
