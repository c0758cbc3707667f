/*
 * trap.c -- traps: system calls, interrupts and faults, from user mode
 * (through the trampoline) and from the kernel (kernelvec.S).
 *
 * A tick is a supervisor software interrupt raised by the M-mode timer
 * handler (mvec.S) every TICK_US of simulated time.  It preempts user code
 * only: the kernel never yields on a tick, so kernel code between two
 * explicit sleep()/yield() calls runs to completion.
 *
 * A fault in user code kills the process with a message and never brings
 * the kernel down; a fault in the kernel is a kernel bug and panics.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

extern char trampoline[], uservec[], userret[];
void kernelvec(void);

/* Ticks since the cold boot: kernel data in SCM, so a resume goes on
 * counting where the save stopped (the time the machine was off does not
 * count), and a sleep() that spans an instant off sleeps out what is left. */
struct spinlock ticks_lock VOLATILE_STATE;
uint64 ticks;
/* clock_us() = time since power-on + clock_base_us, so that the clock goes
 * on from its saved value after a resume (kernel data: survives). */
static uint64 clock_base_us;

void trap_init(void)
{
    initlock(&ticks_lock, "ticks");
    csr_write(stvec, (uint64)kernelvec);
}

/* Simulated microseconds since the cold boot, power-off time not counted
 * (the time CSR counts at PLAT_MTIME_HZ from each power-on). */
uint64 clock_us(void)
{
    return csr_read(time) / (PLAT_MTIME_HZ / 1000000) + clock_base_us;
}

/* Make clock_us() read us now (a resume; a cold boot starts from 0). */
void clock_set_us(uint64 us)
{
    clock_base_us = us - csr_read(time) / (PLAT_MTIME_HZ / 1000000);
}

/* A tick came: the running process gives up the hart at its next return
 * to user mode, even when the tick was taken in the kernel (a process that
 * spends its time in system calls must not keep the hart for ever). */
static int need_resched VOLATILE_STATE;

static void clock_tick(void)
{
    need_resched = 1;
    acquire(&ticks_lock);
    ticks++;
    wakeup(&ticks);
    release(&ticks_lock);
}

/* An interrupt: 2 for a tick, 1 for a device, 0 if scause is not one. */
static int devintr(uint64 cause)
{
    if (cause == (SCAUSE_INTR | IRQ_S_EXT)) {
        int irq = plic_claim();
        health_irq(irq);
        if (irq == PLAT_UART0_IRQ)
            uart_intr();
        else if (irq == PLAT_REQCHAN_IRQ)
            reqchan_intr();
        else if (irq == PLAT_POWER_IRQ)
            power_intr();
        else if (irq > 0 && irq == disk_irq())
            disk_intr();
        else if (irq)
            printf("trap: unexpected interrupt from PLIC source %d\n", irq);
        if (irq)
            plic_complete(irq);
        return 1;
    }
    if (cause == (SCAUSE_INTR | IRQ_S_SOFT)) {
        csr_clear(sip, 1UL << IRQ_S_SOFT);
        clock_tick();
        return 2;
    }
    return 0;
}

static const char *fault_name(uint64 cause)
{
    static const char *const names[] = {
        [0] = "misaligned instruction", [1] = "instruction access fault",
        [2] = "illegal instruction",    [3] = "breakpoint",
        [4] = "misaligned load",        [5] = "load access fault",
        [6] = "misaligned store",       [7] = "store access fault",
        [12] = "instruction page fault", [13] = "load page fault",
        [15] = "store page fault",
    };
    if (cause < sizeof names / sizeof names[0] && names[cause])
        return names[cause];
    return "unknown exception";
}

void usertrap(void)
{
    if (csr_read(sstatus) & SSTATUS_SPP)
        panic("usertrap: trap did not come from user mode");
    csr_write(stvec, (uint64)kernelvec);

    struct proc *p = myproc();
    uint64 cause = csr_read(scause);
    int which = 0;

    if (cause == EXC_ECALL_U) {
        if (killed(p))
            exit(-1);
        p->trapframe->epc += 4;
        p->in_syscall = 1;
        intr_on();
        syscall();
        p->in_syscall = 0;
    } else if ((which = devintr(cause)) == 0) {
        printf("pid %d (%s): %s at pc %p, address %p: killed\n", p->pid, p->name,
               fault_name(cause), (void *)csr_read(sepc), (void *)csr_read(stval));
        acquire(&proc_lock);
        p->killed = 1;
        release(&proc_lock);
    }
    if (killed(p))
        exit(-1);
    /* A tick, or a power-fail warning: give the hart to the scheduler,
     * which saves everything once nothing runs (resume.c). */
    if (which == 2 || need_resched || power_failing) {
        need_resched = 0;
        yield();
    }
    usertrapret();
}

/* Back to user mode through the trampoline, with this process's registers.
 * Reads everything afresh from the proc record: the process may have moved
 * to the other pool while it was in the kernel. */
void usertrapret(void)
{
    struct proc *p = myproc();

    intr_off();
    csr_write(stvec, TRAMPOLINE + (uservec - trampoline));

    struct trapframe *tf = p->trapframe;
    tf->kernel_satp = csr_read(satp);
    tf->kernel_sp = KSTACK_TOP(p->slot);
    tf->kernel_trap = (uint64)usertrap;

    uint64 s = csr_read(sstatus);
    s &= ~SSTATUS_SPP;
    s |= SSTATUS_SPIE;
    csr_write(sstatus, s);
    csr_write(sepc, tf->epc);

    uint64 satp = MAKE_SATP(p->pagetable);
    void (*ret)(uint64) = (void (*)(uint64))(TRAMPOLINE + (userret - trampoline));
    ret(satp);
    __builtin_unreachable();
}

void kerneltrap(void)
{
    uint64 sepc = csr_read(sepc);
    uint64 sstatus = csr_read(sstatus);
    uint64 cause = csr_read(scause);

    if (!(sstatus & SSTATUS_SPP))
        panic("kerneltrap: not from supervisor mode");
    if (intr_get())
        panic("kerneltrap: interrupts enabled");
    if (devintr(cause) == 0)
        panic("kernel trap: %s (scause %p) at pc %p, address %p", fault_name(cause),
              (void *)cause, (void *)sepc, (void *)csr_read(stval));
    /* A device handler may have trapped again and changed them. */
    csr_write(sepc, sepc);
    csr_write(sstatus, sstatus);
}
