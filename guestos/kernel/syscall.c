/*
 * syscall.c -- system call dispatch.  The number is in a7, arguments in
 * a0..a5, the result goes back in a0 (negative: an E_* code from uapi.h).
 * The table is indexed by the SYS_* numbers of syscall.h.
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "proc.h"
#include "syscall.h"
#include "defs.h"

uint64 sys_fork(void);
uint64 sys_exit(void);
uint64 sys_waitpid(void);
uint64 sys_kill(void);
uint64 sys_getpid(void);
uint64 sys_sbrk(void);
uint64 sys_sleep(void);
uint64 sys_uptime(void);
uint64 sys_read(void);
uint64 sys_write(void);
uint64 sys_exec(void);
uint64 sys_spawn(void);
uint64 sys_persist(void);
uint64 sys_procinfo(void);
uint64 sys_poolinfo(void);
uint64 sys_bootconf(void);
uint64 sys_progname(void);
uint64 sys_reqrecv(void);
uint64 sys_reqreply(void);
uint64 sys_clock(void);
uint64 sys_shutdown(void);
uint64 sys_mark(void);
uint64 sys_bugdrv(void);
uint64 sys_bugstrikes(void);
uint64 sys_diskread(void);
uint64 sys_diskwrite(void);
uint64 sys_diskflush(void);
uint64 sys_disksize(void);
uint64 sys_reqtry(void);

static uint64 (*const syscalls[])(void) = {
    [SYS_fork]     = sys_fork,
    [SYS_exit]     = sys_exit,
    [SYS_waitpid]  = sys_waitpid,
    [SYS_kill]     = sys_kill,
    [SYS_getpid]   = sys_getpid,
    [SYS_sbrk]     = sys_sbrk,
    [SYS_sleep]    = sys_sleep,
    [SYS_uptime]   = sys_uptime,
    [SYS_read]     = sys_read,
    [SYS_write]    = sys_write,
    [SYS_exec]     = sys_exec,
    [SYS_spawn]    = sys_spawn,
    [SYS_persist]  = sys_persist,
    [SYS_procinfo] = sys_procinfo,
    [SYS_poolinfo] = sys_poolinfo,
    [SYS_bootconf] = sys_bootconf,
    [SYS_progname] = sys_progname,
    [SYS_reqrecv]  = sys_reqrecv,
    [SYS_reqreply] = sys_reqreply,
    [SYS_clock]    = sys_clock,
    [SYS_shutdown] = sys_shutdown,
    [SYS_mark]     = sys_mark,
    [SYS_bugdrv]   = sys_bugdrv,
    [SYS_bugstrikes] = sys_bugstrikes,
    [SYS_diskread]  = sys_diskread,
    [SYS_diskwrite] = sys_diskwrite,
    [SYS_diskflush] = sys_diskflush,
    [SYS_disksize]  = sys_disksize,
    [SYS_reqtry]    = sys_reqtry,
};

#define NSYSCALL (sizeof syscalls / sizeof syscalls[0])

uint64 argaddr(int n)
{
    return myproc()->trapframe->x[REG_A0 + n];
}

int argint(int n)
{
    return (int)argaddr(n);
}

/* Argument n as a string into buf.  0, or E_FAULT/E_INVAL. */
int argstr(int n, char *buf, int max)
{
    return copyinstr(myproc()->pagetable, buf, argaddr(n), max);
}

void syscall(void)
{
    struct proc *p = myproc();
    uint64 num = p->trapframe->x[17];

    if (num < NSYSCALL && syscalls[num]) {
        uint64 r = syscalls[num]();
        /* Re-read p->trapframe: the call may have moved it to the other pool. */
        p->trapframe->x[REG_A0] = r;
    } else {
        printf("pid %d (%s): unknown system call %lu\n", p->pid, p->name, num);
        p->trapframe->x[REG_A0] = E_INVAL;
    }
}
