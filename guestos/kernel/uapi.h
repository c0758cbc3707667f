/*
 * uapi.h -- what user programs and the kernel agree on besides syscall
 * numbers: error codes, and the records ps, free, init and kvstore read.
 * Both sides include this file; it holds no code.
 *
 * Syscalls fail by returning a negative E_* code, so the shell can say which
 * of the things that go wrong went wrong (ulib's errstr() names them).
 */
#ifndef GUEST_UAPI_H
#define GUEST_UAPI_H

#include "types.h"

#define E_FAIL     (-1)    /* generic failure */
#define E_NOPROC   (-2)    /* no process with that pid */
#define E_DEAD     (-3)    /* the process has exited (zombie, not yet waited for) */
#define E_NOENT    (-4)    /* no such program in the program store */
#define E_BADPROG  (-5)    /* the program is not a valid RISC-V ELF executable */
#define E_NOSCM    (-6)    /* the SCM pool is out of pages */
#define E_NODRAM   (-7)    /* the DRAM pool is out of pages */
#define E_NOPOOL   (-8)    /* this machine has no SCM at all */
#define E_INVAL    (-9)    /* bad argument */
#define E_FAULT    (-10)   /* bad user address */
#define E_NOCHILD  (-11)   /* nothing to wait for */
#define E_PERM     (-12)   /* not allowed (e.g. killing init) */
#define E_NODEV    (-13)   /* the device is absent (no request channel) */
#define E_NOSLOT   (-14)   /* the process table is full */
#define E_KILLED   (-15)   /* interrupted because the caller was killed */
#define E_AGAIN    (-16)   /* nothing there yet (a call that was asked not to wait) */

/* The exit status a persistent parent's waitpid() reports for a
 * non-persistent child that was lost in a power cycle (docs/guestos.md). */
#define EXIT_POWERLOST  (-128)

/* What a buggy driver call (bugdrv) does: the buggy-process catalogue
 * (docs/guestos.md).  Also the arg of a fault_detected milestone. */
#define BUGDRV_SPIN      1      /* spin with interrupts off: only the watchdog helps */
#define BUGDRV_LEAK      2      /* take a DRAM page that belongs to no process */
#define BUGDRV_CORRUPT   3      /* overwrite kernel state held in DRAM */
#define BUGDRV_LOCK_AB   4      /* take kernel lock A, then B */
#define BUGDRV_LOCK_BA   5      /* take kernel lock B, then A */
#define FAULT_DEADLOCK   4      /* fault_detected arg for a deadlock on the kernel locks */

/* Memory pools. */
#define POOL_SCM   0
#define POOL_DRAM  1
#define NPOOL      2

/* Process states, as ps shows them. */
enum procstate { P_NEW, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

/* waitpid() and reqrecv() flags */
#define WNOHANG    1
#define REQ_NOWAIT 1            /* reqrecv: E_AGAIN at once when nothing waits */

/* persist() and spawn() persistence arguments */
#define PERSIST_OFF      0
#define PERSIST_ON       1
#define PERSIST_DEFAULT  (-1)   /* spawn: whatever the boot configuration says */

struct procinfo {
    int pid;
    int ppid;
    int state;                  /* enum procstate */
    int persistent;
    uint64 pages[NPOOL];        /* every page the process owns, by pool */
    char name[16];
};

struct poolinfo {
    uint64 total[NPOOL];        /* pages the pool manages */
    uint64 free[NPOOL];
};

struct bootconf {
    char init[256];             /* /chosen simscm,init: "kvstore:p logger:n" */
    int default_persist;        /* /chosen simscm,default-persist */
    int has_scm, has_dram;      /* the pools are not empty */
    int has_reqchan;            /* the request channel is in the device tree */
    int cold_reboot;            /* [guest] persistence = reboot: nothing survives a power cycle */
    int has_disk;               /* a virtio block device */
};

/* One request from the request channel (see docs/guestos.md). */
#define KV_GET     1
#define KV_PUT     2
#define KV_DELETE  3
#define KV_OK      0            /* answer status: done / found */
#define KV_NOTFOUND 1
#define KV_BADREQ  2            /* answer status: not a request the store knows */

struct kvreq {
    uint32 seq;
    uint32 op;
    uint64 key;
    uint64 val;
};

#endif
