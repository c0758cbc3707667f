/*
 * proc.c -- processes: creation, the scheduler, sleep and wakeup, exit and
 * wait, kill.
 *
 * Records are pages linked on allproc (see proc.h for why not an array);
 * the scheduler is round-robin over a FIFO run queue, a process going to
 * its tail whenever it becomes runnable.  The invariant is simple: a process
 * is in the run queue exactly when its state is P_RUNNABLE.
 *
 * What survives and what does not: allproc, the slot map, nextpid and
 * initproc are kernel data in SCM; the run queue, the cpu struct and
 * proc_lock are VOLATILE_STATE, which a resume rebuilds from the records.
 * proc_power_off and proc_resume below are the process side of an instant
 * off and on (resume.c explains the whole).
 *
 * The kernel is not preemptive: a process in the kernel keeps the hart until
 * it sleeps, yields or returns to user mode, so proc_lock only has to keep
 * interrupt handlers (which call wakeup) out of the fields they touch.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "fixpoint.h"
#include "defs.h"

struct spinlock proc_lock VOLATILE_STATE;
static struct proc *allproc;        /* every process, in pid order */
static uint8 slot_used[NPROC];      /* proc-window slots in use */
static int nextpid = 1;
static struct proc *initproc;

static struct cpu cpu0 VOLATILE_STATE;
static struct {
    struct proc *q[NPROC];
    int head, n;
} runq VOLATILE_STATE;

void forkret(void);
static void sched(void);
static void wakeup_locked(void *chan);

void proc_init(void)
{
    initlock(&proc_lock, "proc");
}

/* A cold boot: no process yet (.bss is zeroed), pids from 1.  A resume
 * keeps all of this. */
void proc_cold_init(void)
{
    nextpid = 1;
}

/* One hart, so one cpu; the guest never starts the others. */
struct cpu *mycpu(void)
{
    return &cpu0;
}

struct proc *myproc(void)
{
    push_off();
    struct proc *p = cpu0.proc;
    pop_off();
    return p;
}

static void runq_push(struct proc *p)
{
    if (runq.n == NPROC)
        panic("runq_push: run queue overflow");
    runq.q[(runq.head + runq.n) % NPROC] = p;
    runq.n++;
}

static struct proc *runq_pop(void)
{
    if (runq.n == 0)
        return 0;
    struct proc *p = runq.q[runq.head];
    runq.head = (runq.head + 1) % NPROC;
    runq.n--;
    return p;
}

/* The pool a process with this persistence takes its pages from.  A machine
 * without DRAM has only SCM, so there even non-persistent processes live in
 * SCM (they stay non-persistent: a resume would not keep them). */
static int pool_for(int persistent)
{
    /* The checkpoint baseline keeps persistent processes in DRAM and
     * checkpoints them to the disk (ckpt.c). */
    if (bootinfo.checkpoint && pool_present(POOL_DRAM))
        return POOL_DRAM;
    if (persistent || !pool_present(POOL_DRAM))
        return POOL_SCM;
    return POOL_DRAM;
}

int proc_pool(struct proc *p)
{
    return pool_for(p->persistent);
}

struct proc *proc_find(int pid)
{
    for (struct proc *p = allproc; p; p = p->next)
        if (p->pid == pid)
            return p;
    return 0;
}

/* Give back every page of p and unmap its window; p is gone afterwards. */
static void freeproc_pages(struct proc *p)
{
    int slot = p->slot;
    uvm_free(p->pagetable);
    if (p->trapframe)
        kfree(p->trapframe);
    for (int i = 0; i < KSTACK_PAGES; i++) {
        uint64 va = KSTACK(slot) + i * PGSIZE;
        if (kwin_pa(va))
            kfree((void *)kwin_unmap(va));
    }
    kfree((void *)kwin_unmap(PROCREC(slot)));
}

/* Give back every page of a process, whatever was set up so far, and its
 * slot.  proc_lock held; p must not be running.  p is gone afterwards. */
static void freeproc(struct proc *p)
{
    struct proc **pp = &allproc;
    while (*pp && *pp != p)
        pp = &(*pp)->next;
    if (*pp)
        *pp = p->next;

    int slot = p->slot;
    freeproc_pages(p);
    slot_used[slot] = 0;
}

/*
 * A new process in state P_NEW with a record, kernel stack, trap frame and
 * an empty user table, all from the pool its persistence says.  0 and *out,
 * or a negative E_* code.  Its pid comes when it is made runnable, so a
 * spawn or fork that fails uses up no pid.
 */
static int allocproc(int persistent, struct proc **out)
{
    int pool = pool_for(persistent);
    int slot;

    acquire(&proc_lock);
    for (slot = 0; slot < NPROC && slot_used[slot]; slot++)
        ;
    if (slot == NPROC) {
        release(&proc_lock);
        return E_NOSLOT;
    }
    void *rec = kalloc(pool);
    if (!rec) {
        release(&proc_lock);
        return pool_error(pool);
    }
    slot_used[slot] = 1;
    kwin_map(PROCREC(slot), (uint64)rec);
    struct proc *p = (struct proc *)PROCREC(slot);
    p->slot = slot;
    p->persistent = persistent;
    p->state = P_NEW;

    struct proc **pp = &allproc;
    while (*pp)
        pp = &(*pp)->next;
    *pp = p;

    for (int i = 0; i < KSTACK_PAGES; i++) {
        void *pg = kalloc(pool);
        if (!pg)
            goto fail;
        kwin_map(KSTACK(slot) + i * PGSIZE, (uint64)pg);
    }
    if (!(p->trapframe = kalloc(pool)))
        goto fail;
    if (!(p->pagetable = uvm_create(p->trapframe, pool)))
        goto fail;

    p->context.ra = (uint64)forkret;
    p->context.sp = KSTACK_TOP(slot);
    release(&proc_lock);
    *out = p;
    return 0;

fail:
    freeproc(p);
    release(&proc_lock);
    return pool_error(pool);
}

static void make_runnable(struct proc *p)
{
    p->state = P_RUNNABLE;
    runq_push(p);
}

/* A new process running program name with arguments argv (kernel strings),
 * child of parent.  Returns its pid or a negative E_* code. */
int proc_spawn(const char *name, char **argv, int persistent, struct proc *parent)
{
    return proc_spawn_pid(name, argv, persistent, parent, 0);
}

/* proc_spawn, with a given pid (a process restarted after a resume keeps
 * its pid) or a new one (pid 0). */
int proc_spawn_pid(const char *name, char **argv, int persistent, struct proc *parent, int pid)
{
    struct proc *np;

    if (persistent == PERSIST_DEFAULT)
        persistent = bootinfo.default_persist;
    int r = allocproc(persistent != 0, &np);
    if (r < 0)
        return r;
    r = exec_load(np, name, argv);
    acquire(&proc_lock);
    if (r < 0) {
        freeproc(np);
        release(&proc_lock);
        return r;
    }
    np->parent = parent;
    np->pid = pid ? pid : nextpid++;
    pid = np->pid;
    make_runnable(np);
    release(&proc_lock);
    return pid;
}

/* The first process: the program "init", persistent whenever the machine
 * has SCM, because it is the parent that persistent processes return to. */
void proc_start_init(void)
{
    char *argv[] = { "init", 0 };

    int pid = proc_spawn("init", argv, pool_present(POOL_SCM) || bootinfo.checkpoint, 0);
    if (pid < 0)
        panic("cannot start init (error %d): the program store is broken", pid);
    initproc = proc_find(pid);
}

int fork(void)
{
    struct proc *p = myproc(), *np;

    int r = allocproc(p->persistent, &np);
    if (r < 0)
        return r;
    r = uvm_copy(p->pagetable, np->pagetable, proc_pool(np));
    acquire(&proc_lock);
    if (r < 0) {
        freeproc(np);
        release(&proc_lock);
        return r;
    }
    np->sz = p->sz;
    memmove(np->trapframe->x, p->trapframe->x, sizeof p->trapframe->x);
    np->trapframe->epc = p->trapframe->epc;
    np->trapframe->x[REG_A0] = 0;           /* fork returns 0 in the child */
    safestrcpy(np->name, p->name, sizeof np->name);
    np->cmdargc = -1;                       /* no program of its own to restart */
    np->parent = p;
    int pid = np->pid = nextpid++;
    make_runnable(np);
    release(&proc_lock);
    return pid;
}

/* The current process ends.  Its pages stay until the parent's waitpid. */
void exit(int status)
{
    struct proc *p = myproc();

    if (p == initproc)
        panic("init exited with status %d", status);
    acquire(&proc_lock);
    for (struct proc *q = allproc; q; q = q->next) {
        if (q->parent == p) {
            q->parent = initproc;
            if (q->state == P_ZOMBIE)
                wakeup_locked(initproc);
        }
    }
    if (p->parent)
        wakeup_locked(p->parent);
    p->xstatus = status;
    p->state = P_ZOMBIE;
    sched();
    panic("exit: zombie %d ran again", p->pid);
}

/* Wait for child pid (-1: any) to exit; reap it and return its pid, storing
 * its status at user address ustatus unless that is 0.  With WNOHANG,
 * return 0 at once if no such child has exited yet. */
int waitpid(int pid, uint64 ustatus, int flags)
{
    struct proc *p = myproc();

    acquire(&proc_lock);
    for (;;) {
        int have = 0;
        for (struct proc *q = allproc; q; q = q->next) {
            if (q->parent != p || (pid > 0 && q->pid != pid))
                continue;
            have = 1;
            if (q->state != P_ZOMBIE)
                continue;
            int qpid = q->pid;
            if (ustatus && copyout(p->pagetable, ustatus, &q->xstatus, sizeof q->xstatus) < 0) {
                release(&proc_lock);
                return E_FAULT;
            }
            freeproc(q);
            release(&proc_lock);
            return qpid;
        }
        if (!have) {
            release(&proc_lock);
            return pid > 0 && !proc_find(pid) ? E_NOPROC : E_NOCHILD;
        }
        if (flags & WNOHANG) {
            release(&proc_lock);
            return 0;
        }
        if (p->killed) {
            release(&proc_lock);
            return E_KILLED;
        }
        sleep(p, &proc_lock);
    }
}

int proc_is_init(struct proc *p)
{
    return p == initproc;
}

int kill(int pid)
{
    acquire(&proc_lock);
    struct proc *p = proc_find(pid);
    int r = 0;
    if (!p)
        r = E_NOPROC;
    else if (p == initproc)
        r = E_PERM;
    else if (p->state == P_ZOMBIE)
        r = E_DEAD;
    else {
        p->killed = 1;
        if (p->state == P_SLEEPING) {
            p->chan = 0;
            make_runnable(p);
        }
    }
    release(&proc_lock);
    return r;
}

int killed(struct proc *p)
{
    acquire(&proc_lock);
    int k = p->killed;
    release(&proc_lock);
    return k;
}

/* Switch to the scheduler.  proc_lock must be the only lock held and the
 * caller must have changed its state from P_RUNNING. */
static void sched(void)
{
    struct proc *p = myproc();
    struct cpu *c = mycpu();

    if (!holding(&proc_lock) || c->noff != 1)
        panic("sched: must hold proc_lock and nothing else");
    if (p->state == P_RUNNING)
        panic("sched: %d still running", p->pid);
    if (intr_get())
        panic("sched: interrupts on");
    int intena = c->intena;
    swtch(&p->context, &c->context);
    mycpu()->intena = intena;
}

void yield(void)
{
    acquire(&proc_lock);
    make_runnable(myproc());
    sched();
    release(&proc_lock);
}

/* A new process's first switch lands here, still holding proc_lock from
 * the scheduler. */
void forkret(void)
{
    release(&proc_lock);
    usertrapret();
}

/* Sleep on chan, giving up lk while asleep and holding it again after. */
void sleep(void *chan, struct spinlock *lk)
{
    struct proc *p = myproc();

    if (lk != &proc_lock) {
        acquire(&proc_lock);
        release(lk);
    }
    p->chan = chan;
    p->state = P_SLEEPING;
    sched();
    p->chan = 0;
    if (lk != &proc_lock) {
        release(&proc_lock);
        acquire(lk);
    }
}

static void wakeup_locked(void *chan)
{
    for (struct proc *p = allproc; p; p = p->next) {
        if (p->state == P_SLEEPING && p->chan == chan) {
            p->chan = 0;
            make_runnable(p);
        }
    }
}

void wakeup(void *chan)
{
    acquire(&proc_lock);
    wakeup_locked(chan);
    release(&proc_lock);
}

/*
 * The boot thread ends here, on the boot stack (kernel data, in SCM): pick
 * the head of the run queue, run it until it gives the hart back, repeat.
 * With nothing to run, wait for an interrupt with interrupts still off
 * (wfi wakes on a pending interrupt either way), so a wakeup that arrives
 * between the check and the wfi is not slept through.
 */
void scheduler(void)
{
    struct cpu *c = mycpu();

    c->proc = 0;
    for (;;) {
        intr_on();
        if (power_failing)
            power_save();               /* never returns: the cut comes */
        health_tick();
        acquire(&proc_lock);
        if (fixpoint_due())
            fixpoint_take();
        if (ckpt_due())
            ckpt_take();
        struct proc *p = runq_pop();
        if (!p) {
            sysstat_publish();
            wfi();
            release(&proc_lock);
            continue;
        }
        if (p->state != P_RUNNABLE)
            panic("scheduler: pid %d in run queue but not runnable", p->pid);
        p->state = P_RUNNING;
        sysstat_publish();
        c->proc = p;
        swtch(&c->context, &p->context);
        c->proc = 0;
        /* A process that asked to move itself is off its stack now. */
        if (p->migrate_pending && p->state != P_ZOMBIE)
            persist_migrate(p);
        release(&proc_lock);
    }
}

/* The head of allproc, for sysstat.c's walk (proc_lock held). */
struct proc *proc_list(void)
{
    return allproc;
}

/* Fill the user array ubuf with up to max records for ps.  Returns how many. */
int procinfo(uint64 ubuf, int max)
{
    struct procinfo pi;
    int n = 0;

    acquire(&proc_lock);
    for (struct proc *p = allproc; p && n < max; p = p->next, n++) {
        memset(&pi, 0, sizeof pi);
        pi.pid = p->pid;
        pi.ppid = p->parent ? p->parent->pid : 0;
        pi.state = p->state;
        pi.persistent = p->persistent;
        proc_pages(p, pi.pages);
        safestrcpy(pi.name, p->name, sizeof pi.name);
        if (copyout(myproc()->pagetable, ubuf + n * sizeof pi, &pi, sizeof pi) < 0) {
            release(&proc_lock);
            return E_FAULT;
        }
    }
    release(&proc_lock);
    return n;
}

/* DRAM pages the processes own, all of them (health.c's leak check). */
uint64 proc_dram_owned(void)
{
    uint64 pages[NPOOL], n = 0;
    acquire(&proc_lock);
    for (struct proc *p = allproc; p; p = p->next) {
        proc_pages(p, pages);
        n += pages[POOL_DRAM];
    }
    release(&proc_lock);
    return n;
}

/* ---- instant off and on (resume.c) ---- */

/* Stop p's window from pointing at its pages (a non-persistent process
 * leaves; its DRAM pages are garbage after the cut). */
static void window_clear(int slot)
{
    for (int i = 0; i < KSTACK_PAGES; i++)
        if (kwin_pa(KSTACK(slot) + i * PGSIZE))
            kwin_unmap(KSTACK(slot) + i * PGSIZE);
    if (kwin_pa(PROCREC(slot)))
        kwin_unmap(PROCREC(slot));
}

/* A non-persistent process whose persistent parent should learn that it is
 * gone becomes a zombie record in SCM, with status xstatus, in its slot
 * (whose window is empty by now).  0 when the SCM pool has no page for it. */
static struct proc *make_ghost(int slot, int pid, struct proc *parent, const char *name,
                               int xstatus, struct proc *next)
{
    void *pg = kalloc(POOL_SCM);
    if (!pg)
        return 0;
    kwin_map(PROCREC(slot), (uint64)pg);
    struct proc *g = (struct proc *)PROCREC(slot);
    g->next = next;
    g->slot = slot;
    g->pid = pid;
    g->parent = parent;
    safestrcpy(g->name, name, sizeof g->name);
    g->state = P_ZOMBIE;
    g->xstatus = xstatus;
    g->persistent = 1;
    g->cmdargc = -1;
    return g;
}

/* What an instant off or a fixpoint does with each process (by slot). */
enum { FATE_KEEP, FATE_RESTART, FATE_GHOST, FATE_VANISH };

/*
 * A process is kept when it is persistent and all of it is in SCM (or, for
 * the checkpoint baseline, wherever it is: the disk keeps it).  Of the
 * others, one that came from a program (cmdargc >= 0), is not a zombie and
 * whose parent is init or goes too is restarted from its program; else, if
 * its parent stays, the parent finds it as a zombie (a ghost); else it just
 * goes.  parent_stays[slot]: the parent is kept.  Decided for every process
 * before anything changes (proc_power_off frees records as it goes).
 */
static void fates(uint8 fate[NPROC], uint8 parent_stays[NPROC])
{
    uint8 keep[NPROC];
    uint64 pages[NPOOL];

    for (struct proc *p = allproc; p; p = p->next) {
        proc_pages(p, pages);
        keep[p->slot] = p->persistent && (bootinfo.checkpoint || pages[POOL_DRAM] == 0);
    }
    for (struct proc *p = allproc; p; p = p->next) {
        int ps = p->parent && keep[p->parent->slot];
        parent_stays[p->slot] = ps;
        if (keep[p->slot])
            fate[p->slot] = FATE_KEEP;
        else if (p->cmdargc >= 0 && p->state != P_ZOMBIE && (!ps || p->parent == initproc))
            fate[p->slot] = FATE_RESTART;
        else
            fate[p->slot] = ps ? FATE_GHOST : FATE_VANISH;
    }
}

static void add_restart(struct restart *r, const struct proc *p)
{
    r->pid = p->pid;
    r->argc = p->cmdargc;
    memmove(r->cmd, p->cmd, CMDLINE);
}

/*
 * The process side of an instant off (power_save, proc_lock held, nothing
 * running).  Afterwards allproc holds only what a resume keeps, so the
 * saved state never points into DRAM:
 *   - persistent processes (every page in SCM) stay; one whose parent goes
 *     is handed to init, as an orphan would be;
 *   - a non-persistent process leaves allproc and its slot.  If it came from
 *     a program (cmdargc >= 0), is not a zombie and its parent is init or
 *     leaves too, it goes into restart[] to be started again with its pid;
 *     otherwise, if its parent stays, that parent finds it as a zombie with
 *     status EXIT_POWERLOST (or the status it exited with).
 * Returns how many went into restart[] (at most max).
 */
int proc_power_off(struct restart *restart, int max)
{
    uint8 fate[NPROC], parent_stays[NPROC];
    int n = 0;

    fates(fate, parent_stays);
    for (struct proc *p = allproc; p; p = p->next)
        if (fate[p->slot] == FATE_KEEP && p->parent && !parent_stays[p->slot])
            p->parent = initproc;

    struct proc **pp = &allproc;
    while (*pp) {
        struct proc *p = *pp;
        if (fate[p->slot] == FATE_KEEP) {
            pp = &p->next;
            continue;
        }
        int ghost = fate[p->slot] == FATE_GHOST;
        if (fate[p->slot] == FATE_RESTART) {
            if (n < max)
                add_restart(&restart[n++], p);
            else
                ghost = parent_stays[p->slot];
        }
        /* What is needed of p once its pages are gone. */
        int slot = p->slot, pid = p->pid;
        int st = p->state == P_ZOMBIE ? p->xstatus : EXIT_POWERLOST;
        struct proc *parent = p->parent, *next = p->next;
        char name[PROCNAME];
        safestrcpy(name, p->name, sizeof name);
        if (pool_present(POOL_DRAM))
            window_clear(slot);         /* DRAM pages: garbage after the cut anyway */
        else
            freeproc_pages(p);          /* no DRAM: they are SCM pages, give them back */
        struct proc *g = ghost ? make_ghost(slot, pid, parent, name, st, next) : 0;
        if (g) {
            *pp = g;
            pp = &g->next;
        } else {
            *pp = next;
            slot_used[slot] = 0;
        }
    }
    for (struct proc *p = allproc; p; p = p->next)
        persist_clean(p);
    return n;
}

/*
 * The process side of an instant on: the run queue again, from the records.
 * Every process that was runnable goes back on it, and so does every one
 * that slept: each sleep() in this kernel is in a loop that checks its
 * condition again, so a sleeper that finds nothing has changed sleeps again
 * (a sleep(n) sleeps out what is left, a read from the console or the
 * request channel waits for the new device).  Then the non-persistent
 * processes of restart[] start again from their programs, with their pids,
 * as children of init.  Returns how many did.
 */
int proc_resume(const struct restart *restart, int n)
{
    int started = 0;

    acquire(&proc_lock);
    for (struct proc *p = allproc; p; p = p->next) {
        if (p->state == P_RUNNABLE || p->state == P_SLEEPING || p->state == P_RUNNING) {
            p->chan = 0;
            make_runnable(p);
        }
    }
    release(&proc_lock);
    for (int i = 0; i < n; i++) {
        char cmd[CMDLINE], *argv[MAXARG + 1];
        int argc = restart[i].argc < MAXARG ? restart[i].argc : MAXARG - 1;
        char *s = cmd;

        memmove(cmd, restart[i].cmd, CMDLINE);
        cmd[CMDLINE - 1] = 0;
        argv[0] = s;
        for (int k = 1; k <= argc; k++) {
            s += strlen(s) + 1;
            argv[k] = s;
        }
        argv[argc + 1] = 0;
        int r = proc_spawn_pid(cmd, argv, PERSIST_OFF, initproc, restart[i].pid);
        if (r < 0)
            printf("resume: cannot restart %s (pid %d): error %d\n", cmd, restart[i].pid, r);
        else
            started++;
    }
    return started;
}

/* ---- fixpoints (fixpoint.c) ---- */

struct fx_copy {
    struct fx_index *ix;
    const struct fx_store *st;
    uint64 pid;
};

static int fx_copy_page(void *arg, uint64 va, pte_t pte)
{
    struct fx_copy *c = arg;
    uint64 i = c->ix->npages;
    if (i >= FX_MAX_PAGES)
        return -1;
    c->ix->page[i].va_perm = va | PTE_FLAGS(pte);
    if (c->st->put(c->st->arg, c->ix, i, c->pid, PTE2PA(pte)) < 0)
        return -1;
    c->ix->npages++;
    return 0;
}

/*
 * What a fixpoint keeps, taken with nothing running (proc_lock held): for
 * every persistent process its user registers, where it goes on, and a copy
 * of every user page; for every non-persistent one what proc_power_off
 * would do (a restart entry, or a zombie for a persistent parent).  A
 * process asleep or preempted in a system call goes on at its ecall, so
 * the call is made again after a roll-back.
 */
int proc_fx_collect(struct fx_index *ix, const struct fx_store *st)
{
    uint8 fate[NPROC], parent_stays[NPROC];
    struct fx_copy c = { ix, st, 0 };

    ix->nprocs = ix->npages = ix->nrestart = 0;
    fates(fate, parent_stays);
    for (struct proc *p = allproc; p; p = p->next) {
        int keep = fate[p->slot] == FATE_KEEP;
        if (fate[p->slot] == FATE_RESTART) {
            add_restart(&ix->restart[ix->nrestart++], p);
            continue;
        }
        if (fate[p->slot] == FATE_VANISH)
            continue;
        struct fx_proc *f = &ix->proc[ix->nprocs++];
        memset(f, 0, sizeof *f);
        f->pid = p->pid;
        f->ppid = parent_stays[p->slot] ? p->parent->pid : 1;
        safestrcpy(f->name, p->name, sizeof f->name);
        if (!keep || p->state == P_ZOMBIE) {
            f->state = P_ZOMBIE;
            f->xstatus = keep || p->state == P_ZOMBIE ? p->xstatus : EXIT_POWERLOST;
            f->cmdargc = -1;
            continue;
        }
        f->state = P_RUNNABLE;
        f->cmdargc = p->cmdargc;
        memmove(f->cmd, p->cmd, CMDLINE);
        f->sz = p->sz;
        memmove(f->regs, p->trapframe->x, sizeof f->regs);
        f->epc = p->trapframe->epc - (p->in_syscall ? 4 : 0);
        f->first = ix->npages;
        c.pid = p->pid;
        if (uvm_each_page(p->pagetable, fx_copy_page, &c) < 0)
            return -1;
        f->npages = ix->npages - f->first;
    }
    ix->nextpid = nextpid;
    return 0;
}

/*
 * A roll-back to a fixpoint, on the cold-boot path: every process of the
 * index is made afresh in SCM with its pid, its pages copied from the area,
 * its registers in its trap frame; then families, init, nextpid, and the
 * restart list.  Returns how many non-persistent processes started again.
 */
int proc_fx_restore(const struct fx_index *ix, const struct fx_store *st)
{
    for (uint64 i = 0; i < ix->nprocs; i++) {
        const struct fx_proc *f = &ix->proc[i];
        struct proc *p;
        if (allocproc(1, &p) < 0)
            panic("fixpoint: no memory for pid %d", f->pid);
        for (uint32 k = f->first; k < f->first + f->npages; k++) {
            uint64 va = ix->page[k].va_perm & ~0x3FFUL;
            int perm = ix->page[k].va_perm & 0x3FF & ~PTE_V;
            void *pa = kalloc(proc_pool(p));
            if (!pa || uvm_map_page(p->pagetable, va, (uint64)pa, perm, proc_pool(p)) < 0)
                panic("fixpoint: no memory for pid %d's pages", f->pid);
            st->get(st->arg, ix, k, (uint64)pa);
        }
        acquire(&proc_lock);
        p->pid = f->pid;
        safestrcpy(p->name, f->name, sizeof p->name);
        p->cmdargc = f->cmdargc;
        memmove(p->cmd, f->cmd, CMDLINE);
        p->sz = f->sz;
        memmove(p->trapframe->x, f->regs, sizeof f->regs);
        p->trapframe->epc = f->epc;
        p->xstatus = f->xstatus;
        p->state = f->state == P_ZOMBIE ? P_ZOMBIE : P_RUNNABLE;   /* queued by proc_resume */
        release(&proc_lock);
    }
    acquire(&proc_lock);
    initproc = proc_find(1);
    if (!initproc)
        panic("fixpoint: no init in the fixpoint");
    for (uint64 i = 0; i < ix->nprocs; i++) {
        struct proc *p = proc_find(ix->proc[i].pid);
        p->parent = p == initproc ? 0 : proc_find(ix->proc[i].ppid);
        if (!p->parent && p != initproc)
            p->parent = initproc;
    }
    nextpid = ix->nextpid;
    release(&proc_lock);
    return proc_resume(ix->restart, (int)ix->nrestart);
}
