/*
 * sysstat.c -- the status table the simulator's window shows (simscm
 * --display sdl; docs/guestos.md, "What the window shows").
 *
 * The table (include/platform.h, STAT_*) holds the page pools' totals and
 * free counts and one entry per process: pid, state, persistence and name.
 * The kernel announces its physical address once per boot and resume
 * through the power controller's STATUS_TABLE register; from then on the
 * simulator reads it between two instructions and never writes it.
 *
 * Cheap on purpose: the scheduler calls sysstat_publish() each time round,
 * and the table is rewritten at most once per tick (TICK_US), which is far
 * finer than a window redrawn 30 times a second needs.  A rewrite is a few
 * stores per process.  SEQ is made odd before and even after it, so a reader
 * that stops the hart in the middle of one keeps the table it read before.
 *
 * Volatile: the table is VOLATILE_STATE, rebuilt after every boot and
 * resume; on a machine without the power controller (QEMU's virt) nothing
 * is announced and publishing does nothing.
 */
#include "types.h"
#include "param.h"
#include "platform.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

_Static_assert(P_NEW == STAT_P_NEW && P_RUNNABLE == STAT_P_RUNNABLE &&
               P_RUNNING == STAT_P_RUNNING && P_SLEEPING == STAT_P_SLEEPING &&
               P_ZOMBIE == STAT_P_ZOMBIE, "platform.h's STAT_P_* follow enum procstate");
_Static_assert(NPROC <= STAT_MAX_PROCS, "the status table holds NPROC processes");
_Static_assert(PROCNAME <= STAT_NAME_LEN, "a process name fits a status entry");

struct stat_entry {
    uint32 pid;
    uint8 state;
    uint8 persistent;
    uint8 reserved[10];
    char name[STAT_NAME_LEN];
};

struct stat_table {
    uint32 magic, version, seq, nproc;
    uint64 scm_total, scm_free, dram_total, dram_free;
    struct stat_entry proc[STAT_MAX_PROCS];
};

_Static_assert(sizeof(struct stat_entry) == STAT_ENTRY, "STAT_ENTRY");
_Static_assert(__builtin_offsetof(struct stat_table, proc) == STAT_PROCS, "STAT_PROCS");
_Static_assert(__builtin_offsetof(struct stat_table, dram_free) == STAT_DRAM_FREE, "STAT_DRAM_FREE");

static struct stat_table sysstat_table VOLATILE_STATE __attribute__((aligned(64)));
static int announced VOLATILE_STATE;
static uint64 last_tick VOLATILE_STATE;

#define barrier() asm volatile("" ::: "memory")

/* Fill the table and tell the simulator where it is (every boot and
 * resume, after power_init and proc_init). */
void sysstat_init(void)
{
    announced = 0;
    if (!power_present())
        return;
    sysstat_table.magic = STAT_MAGIC_VALUE;
    sysstat_table.version = 1;
    sysstat_table.nproc = 0;
    last_tick = ~0ull;          /* the scheduler's first call fills it */
    power_status_table((uint64)&sysstat_table);
    announced = 1;
}

/* Rewrite the table, at most once per tick.  proc_lock held. */
void sysstat_publish(void)
{
    if (!sysstat_table.magic || ticks == last_tick)
        return;
    last_tick = ticks;
    sysstat_table.seq++;
    barrier();
    sysstat_table.scm_total = pool_total(POOL_SCM);
    sysstat_table.scm_free = pool_free(POOL_SCM);
    sysstat_table.dram_total = pool_total(POOL_DRAM);
    sysstat_table.dram_free = pool_free(POOL_DRAM);
    uint32 n = 0;
    for (struct proc *p = proc_list(); p && n < STAT_MAX_PROCS; p = p->next, n++) {
        struct stat_entry *e = &sysstat_table.proc[n];
        e->pid = (uint32)p->pid;
        e->state = (uint8)p->state;
        e->persistent = (uint8)(p->persistent != 0);
        safestrcpy(e->name, p->name, STAT_NAME_LEN);
    }
    sysstat_table.nproc = n;
    barrier();
    sysstat_table.seq++;
}
