/*
 * sysproc.c -- the system call handlers: arguments in, results out; the
 * work is done by proc.c, exec.c, persist.c and the drivers.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "platform.h"
#include "defs.h"

uint64 sys_fork(void)
{
    return fork();
}

uint64 sys_exit(void)
{
    exit(argint(0));
}

uint64 sys_waitpid(void)
{
    return waitpid(argint(0), argaddr(1), argint(2));
}

uint64 sys_kill(void)
{
    return kill(argint(0));
}

uint64 sys_getpid(void)
{
    return myproc()->pid;
}

/* Grow (or shrink) the heap by n bytes; returns the old break. */
uint64 sys_sbrk(void)
{
    struct proc *p = myproc();
    int64 n = (int64)argaddr(0);
    uint64 old = p->sz;

    if (n > 0) {
        if ((uint64)n > USER_TOP - old)
            return E_INVAL;
        int r = uvm_alloc(p->pagetable, old, old + n, PTE_R | PTE_W, proc_pool(p));
        if (r < 0)
            return r;
    } else if (n < 0) {
        if ((uint64)-n > old)
            return E_INVAL;
        uvm_dealloc(p->pagetable, old, old + n);
    }
    p->sz = old + n;
    return old;
}

/* Sleep n ticks (TICK_US each). */
uint64 sys_sleep(void)
{
    int n = argint(0);

    acquire(&ticks_lock);
    uint64 t0 = ticks;
    while (n > 0 && ticks - t0 < (uint64)n) {
        if (killed(myproc())) {
            release(&ticks_lock);
            return E_KILLED;
        }
        sleep(&ticks, &ticks_lock);
    }
    release(&ticks_lock);
    return 0;
}

uint64 sys_uptime(void)
{
    acquire(&ticks_lock);
    uint64 t = ticks;
    release(&ticks_lock);
    return t;
}

uint64 sys_clock(void)
{
    return clock_us();
}

/* fd 0 is console input, 1 and 2 console output: there are no files. */
uint64 sys_read(void)
{
    int n = argint(2);

    if (argint(0) != 0 || n < 0)
        return E_INVAL;
    return console_read(argaddr(1), n);
}

uint64 sys_write(void)
{
    int fd = argint(0), n = argint(2);

    if ((fd != 1 && fd != 2) || n < 0)
        return E_INVAL;
    return console_write(argaddr(1), n);
}

/* Copy the user argv array at uargv into kernel strings in page. */
static int fetch_args(uint64 uargv, char **argv, char *page)
{
    pagetable_t pt = myproc()->pagetable;

    for (int i = 0; i <= MAXARG; i++) {
        uint64 ua;
        if (copyin(pt, &ua, uargv + i * sizeof ua, sizeof ua) < 0)
            return E_FAULT;
        if (ua == 0) {
            argv[i] = 0;
            return 0;
        }
        if (i == MAXARG)
            break;
        char *s = page + i * MAXARGLEN;
        int r = copyinstr(pt, s, ua, MAXARGLEN);
        if (r < 0)
            return r;
        argv[i] = s;
    }
    return E_INVAL;
}

/* exec(name, argv) and spawn(name, argv, persist) share the argument copy. */
static int exec_or_spawn(int spawn)
{
    struct proc *p = myproc();
    char name[PROGNAME_MAX];
    char *argv[MAXARG + 1];

    int r = argstr(0, name, sizeof name);
    if (r < 0)
        return r == E_INVAL ? E_NOENT : r;
    char *page = kalloc(proc_pool(p));
    if (!page)
        return pool_error(proc_pool(p));
    if ((r = fetch_args(argaddr(1), argv, page)) == 0) {
        if (spawn) {
            int persist = argint(2);
            if (persist != PERSIST_ON && persist != PERSIST_OFF && persist != PERSIST_DEFAULT)
                r = E_INVAL;
            else
                r = proc_spawn(name, argv, persist, p);
        } else {
            r = exec_load(p, name, argv);
        }
    }
    kfree(page);
    return r;
}

uint64 sys_exec(void)
{
    return exec_or_spawn(0);
}

uint64 sys_spawn(void)
{
    return exec_or_spawn(1);
}

/* persist(pid, on): pid 0 is the caller.  init keeps the persistence it
 * booted with: it adopts orphans, persistent ones included, so a DRAM init
 * would leave SCM pointing into DRAM (docs/guestos.md).  E_PERM. */
uint64 sys_persist(void)
{
    int pid = argint(0), on = argint(1);

    if (on != PERSIST_ON && on != PERSIST_OFF)
        return E_INVAL;
    acquire(&proc_lock);
    struct proc *p = pid == 0 ? myproc() : proc_find(pid);
    int r = !p ? E_NOPROC
          : proc_is_init(p) && on != p->persistent ? E_PERM
          : persist_set(p, on);
    release(&proc_lock);
    if (r == 1) {
        /* Moving ourselves: the scheduler does it once we are off this stack. */
        yield();
        r = 0;
    }
    return r;
}

uint64 sys_procinfo(void)
{
    int max = argint(1);

    if (max < 0)
        return E_INVAL;
    return procinfo(argaddr(0), max);
}

uint64 sys_poolinfo(void)
{
    struct poolinfo pi;

    for (int i = 0; i < NPOOL; i++) {
        pi.total[i] = pool_total(i);
        pi.free[i] = pool_free(i);
    }
    return copyout(myproc()->pagetable, argaddr(0), &pi, sizeof pi);
}

uint64 sys_bootconf(void)
{
    struct bootconf bc;

    memset(&bc, 0, sizeof bc);
    safestrcpy(bc.init, bootinfo.init, sizeof bc.init);
    bc.default_persist = bootinfo.default_persist;
    bc.has_scm = pool_present(POOL_SCM);
    bc.has_dram = pool_present(POOL_DRAM);
    bc.has_reqchan = bootinfo.has_reqchan;
    bc.cold_reboot = bootinfo.cold_reboot;
    bc.has_disk = disk_sectors() != 0;
    return copyout(myproc()->pagetable, argaddr(0), &bc, sizeof bc);
}

/* progname(i, buf, n): the name of the i-th stored program. */
uint64 sys_progname(void)
{
    const char *name = progstore_name(argint(0));
    int n = argint(2);

    if (!name)
        return E_NOENT;
    int len = strlen(name);
    if (n <= len)
        return E_INVAL;
    int r = copyout(myproc()->pagetable, argaddr(1), name, len + 1);
    return r < 0 ? r : len;
}

static uint64 recv(int nowait)
{
    struct kvreq kr;

    int r = reqchan_recv(&kr, nowait);
    if (r < 0)
        return r;
    return copyout(myproc()->pagetable, argaddr(0), &kr, sizeof kr);
}

uint64 sys_reqrecv(void)
{
    return recv(0);
}

/* reqtry(&req): reqrecv that does not wait: E_AGAIN when nothing waits. */
uint64 sys_reqtry(void)
{
    return recv(1);
}

uint64 sys_reqreply(void)
{
    return reqchan_reply(argint(0), argint(1), argaddr(2));
}

uint64 sys_shutdown(void)
{
    int code = argint(0);

    printf("shutdown: powering off (status %d)\n", code);
    halt(code);
}

/* mark(what, arg): a program reports to the event log (through the power
 * controller), outside anything the guest prints: MARK_FAULT when it finds
 * itself inconsistent (torncheck), MARK_USER for anything else. */
uint64 sys_mark(void)
{
    int what = argint(0);

    if (what != MARK_FAULT && what != MARK_USER)
        return E_INVAL;
    power_mark(what, argaddr(1));
    return 0;
}

/* bugdrv(what): a call into the buggy driver (bugdrv.c), for the
 * buggy-process catalogue. */
uint64 sys_bugdrv(void)
{
    return bugdrv(argint(0));
}

/* bugstrikes(id): does bug id strike now?  The simulator's bug trigger
 * decides (--fault bug:id=N,...); 0 on a machine without one. */
uint64 sys_bugstrikes(void)
{
    return health_bug_strikes(argint(0));
}

/* The disk (disk.c): whole 512-byte sectors, at most 4096 bytes a call.
 * diskread(sector, buf, n), diskwrite(sector, buf, n): 0 or an E_* code;
 * diskflush(): what was written is durable; disksize(): sectors (0: none). */
/* Programs see the sectors below the checkpoint store (all of the disk
 * unless persistence = checkpoint). */
static int user_range(uint64 sector, int n)
{
    return n > 0 && sector < ckpt_user_sectors() &&
           (uint64)n / 512 <= ckpt_user_sectors() - sector;
}

uint64 sys_diskread(void)
{
    if (!user_range(argaddr(0), argint(2)))
        return disk_sectors() ? E_INVAL : E_NODEV;
    return disk_rw_user(myproc()->pagetable, argaddr(0), argaddr(1), argint(2), 0);
}

uint64 sys_diskwrite(void)
{
    uint64 sector = argaddr(0);
    int n = argint(2);
    if (!user_range(sector, n))
        return disk_sectors() ? E_INVAL : E_NODEV;
    /* The recoverable disk: the old contents go to the journal first. */
    if (ckpt_before_write(sector, (n + 511) / 512) < 0)
        return E_FAIL;
    return disk_rw_user(myproc()->pagetable, sector, argaddr(1), n, 1);
}

uint64 sys_diskflush(void)
{
    return disk_flush();
}

uint64 sys_disksize(void)
{
    return ckpt_user_sectors();
}
