/*
 * resume.c -- instant off and instant on: the resume record.
 *
 * When the power controller warns that power is failing (power.c), the
 * scheduler, once the running process has given up the hart, saves the
 * machine (power_save); when power comes back, start() finds the record
 * and main() resumes instead of booting (resume).  Everything a persistent
 * process needs is already in SCM (persist.c says what lives where), so a
 * save writes nothing but cache lines and one small record.
 *
 * The record.  Two slots, A and B, each a few pages of the kernel image's
 * .resume section, which is in SCM and is never zeroed nor loaded:
 *
 *   magic    "RESUMREC"
 *   seq      one more than the previous record's
 *   khash    hash of the kernel text: a record from another kernel is void
 *   saved_us clock_us() at the save: the clock goes on from there
 *   nrestart how many entries follow
 *   restart  [nrestart] non-persistent processes to start again:
 *            pid, argument count, program and arguments
 *   sum      hash of everything above (the used entries only)
 *
 * A slot is valid when its magic, khash, nrestart and sum are all right; the
 * valid slot with the higher seq is the record.  A new record goes into the
 * slot that does not hold the last one (Challis' two roots), so a save torn
 * by the cut leaves the other slot as it was.
 *
 * Saving (power_save), with interrupts off and nothing running:
 *   1. proc_power_off: non-persistent processes leave allproc, their slots
 *      and the kernel's window (they go into the record's restart list, or
 *      stay as zombies for a persistent parent to reap), so the saved state
 *      never points into DRAM; every persistent process's pages are written
 *      back (cbo.clean): record, kernel stack, trap frame, tables, user pages.
 *   2. The kernel's own SCM state is written back: its data (.data, .bss:
 *      allproc, slot map, nextpid, the SCM pool, ticks, the clock base), the
 *      kernel page table's pages, and the links of the SCM pool's free list.
 *      Then a fence.
 *   3. COMMIT POINT: the record is filled in, with its sum, written back and
 *      fenced.  From here on the next power-on resumes.
 *   4. The guest tells the power controller (milestone "saved", ACK), says
 *      so on the console, and waits for the cut with interrupts off.
 *
 * Recovery (start() in M-mode, then resume() in S-mode):
 *   1. resume_check picks the record and *consumes* it at once: its magic
 *      is cleared and written back before anything else changes.  A resume
 *      changes SCM in place, so a record may be used once: a cut during or
 *      after the resume finds no record and boots cold, never into a state
 *      half-way between the save and now.
 *   2. start() zeroes only VOLATILE_STATE (.vbss), not .bss: the kernel's
 *      data is the saved state.
 *   3. resume(): device tree, DRAM pool afresh (the SCM pool as saved), the
 *      saved kernel page table, trap vector, PLIC, drivers, locks; the clock
 *      goes on from saved_us; the run queue is rebuilt from the proc records
 *      (every sleeper is woken once and sleeps again if it must); the
 *      restart list is started again from the program store, with the same
 *      pids, as children of init; then the scheduler.
 *   4. Milestones "resumed" and "restarted" go to the power controller.
 *
 * What a blocked system call sees after a resume (every sleep in this
 * kernel re-checks its condition in a loop):
 *   sleep(n)      sleeps out what is left of n ticks (ticks survive; the
 *                 time off does not count)
 *   read(0)       goes on waiting; typed-ahead input was lost with the UART
 *   reqrecv       goes on waiting, on the new device's queue
 *   waitpid       goes on; a non-persistent child that was lost is there to
 *                 reap as a zombie with status EXIT_POWERLOST
 * A request taken before the cut and answered after it is delivered late:
 * the request channel keeps taken requests across its reset.
 *
 * What is lost: everything of the non-persistent processes (they start
 * again from their programs), console input not yet read, requests still
 * queued in the device.  With no warning (sudden loss) there is no save and
 * no record: the next power-on boots cold.
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

#define RESUME_MAGIC 0x434552554d534552UL     /* "RESUMREC" */
#define NSLOTS       2

struct resume_rec {
    uint64 magic;
    uint64 seq;
    uint64 khash;
    uint64 saved_us;
    uint64 nrestart;
    struct restart restart[NPROC];
    uint64 sum;
};

/* The two slots: in SCM with the kernel, neither loaded nor zeroed. */
static struct resume_rec slots[NSLOTS] __attribute__((section(".resume"), aligned(4096)));

/* Set by start() when it found a record: 1 + its slot. */
int resume_slot VOLATILE_STATE;
static uint64 kernel_hash VOLATILE_STATE;
static uint64 line_bytes VOLATILE_STATE;

extern char data_start[], bss_end[], etext[];

static uint64 text_hash(void)
{
    uint64 h = 0xcbf29ce484222325UL;
    for (const uint64 *w = (const uint64 *)KERNBASE; w < (const uint64 *)etext; w++)
        h = hash_mix(h, *w);
    return h;
}

static uint64 record_sum(const struct resume_rec *r)
{
    uint64 h = 0x9e3779b97f4a7c15UL;
    h = hash_mix(h, r->magic);
    h = hash_mix(h, r->seq);
    h = hash_mix(h, r->khash);
    h = hash_mix(h, r->saved_us);
    h = hash_mix(h, r->nrestart);
    const uint64 *w = (const uint64 *)r->restart;
    const uint64 *e = (const uint64 *)&r->restart[r->nrestart];
    for (; w < e; w++)
        h = hash_mix(h, *w);
    return h;
}

static int valid(const struct resume_rec *r, uint64 khash)
{
    return r->magic == RESUME_MAGIC && r->khash == khash && r->nrestart <= NPROC &&
           r->sum == record_sum(r);
}

/* ---- writing back ------------------------------------------------------ */

/* cbo.clean every line of [va, va+len).  Before the device tree is read the
 * line size is unknown; 8 bytes is the smallest a cache may have. */
void clean_range(uint64 va, uint64 len)
{
    uint64 step = line_bytes ? line_bytes : 8;
    for (uint64 a = va & ~(step - 1); a < va + len; a += step)
        cbo_clean((const void *)a);
}

void clean_page(uint64 va)
{
    clean_range(va, PGSIZE);
}

/* ---- recovery: start() in M-mode, physical addresses -------------------- */

/*
 * Is there a record to resume from?  Consumes it (see the top) and returns
 * 1 + its slot, or 0 for a cold boot.  Runs before start() zeroes anything,
 * so it may use nothing but its own stack.
 */
int resume_check(void)
{
    int best = -1;

    /* Most boots have no record: do not hash the text for nothing (this
     * runs before the UART is set up, so a slow check here would cost a
     * scripted session its first keys). */
    if (slots[0].magic != RESUME_MAGIC && slots[1].magic != RESUME_MAGIC)
        return 0;
    uint64 kh = text_hash();
    for (int i = 0; i < NSLOTS; i++)
        if (valid(&slots[i], kh) && (best < 0 || slots[i].seq > slots[best].seq))
            best = i;
    if (best < 0)
        return 0;
    slots[best].magic = 0;
    for (uint64 a = (uint64)&slots[best]; a < (uint64)(&slots[best] + 1); a += 8)
        cbo_clean((const void *)a);
    fence_w();
    return best + 1;
}

uint64 resume_kernel_hash(void)
{
    return kernel_hash;
}

static void setup_lines(void)
{
    line_bytes = bootinfo.cbom_block >= 8 ? bootinfo.cbom_block : 64;
    kernel_hash = text_hash();
}

/* A cold boot: what the save and the fixpoints need. */
void resume_cold_init(void)
{
    setup_lines();
}

/* A cold boot that did not roll back either: the event log and the console. */
void resume_cold_boot(void)
{
    if (!power_present())
        return;
    int why = power_boot_reason();
    if (why != BOOT_COLD)
        printf("power: no resume record: cold boot\n");
    power_mark(MARK_COLD_BOOTED, why);
}

/* ---- instant off -------------------------------------------------------- */

void power_save(void)
{
    uint64 t0 = power_now_ns();

    intr_off();
    acquire(&proc_lock);
    health_stop();
    if (reboot_pending || bootinfo.cold_reboot || bootinfo.checkpoint) {
        printf("power: %s: nothing is saved\n", reboot_pending ? "a full reboot" :
               bootinfo.checkpoint ? "failing (persistence = checkpoint: the last "
                                     "checkpoint on the disk is what survives)" :
               "failing (persistence = reboot, the cold-reboot baseline)");
        power_ack();
        power_off_if_asked();
        for (;;)
            wfi();
    }
    if (!pool_present(POOL_SCM)) {
        printf("power: failing; this machine has no SCM, nothing is saved\n");
        power_ack();
        for (;;)
            wfi();
    }
    /* The slot that does not hold the newest record (Challis). */
    const struct resume_rec *a = &slots[0], *b = &slots[1];
    uint64 seq = (a->seq > b->seq ? a->seq : b->seq) + 1;
    struct resume_rec *r = &slots[seq % NSLOTS];
    r->magic = 0;
    r->nrestart = proc_power_off(r->restart, NPROC);
    r->seq = seq;
    r->khash = kernel_hash;
    r->saved_us = clock_us();

    kvm_clean();
    pool_clean_scm();
    clean_range((uint64)data_start, (uint64)bss_end - (uint64)data_start);
    fence_w();

    r->magic = RESUME_MAGIC;
    r->sum = record_sum(r);
    clean_range((uint64)r, (uint64)&r->restart[r->nrestart] - (uint64)r);
    clean_range((uint64)&r->sum, sizeof r->sum);
    fence_w();                                      /* COMMIT POINT */

    uint64 t1 = power_now_ns();
    power_mark(MARK_SAVED, t1 - t0);
    power_ack();
    printf("\npower: failing at %lu ms; state saved in %lu us; %lu non-persistent "
           "process(es) to restart\n", power_time_ns(PWR_WARN_NS) / 1000000,
           (t1 - t0) / 1000, r->nrestart);
    power_off_if_asked();
    for (;;)
        wfi();
}

/* ---- instant on ----------------------------------------------------------- */

void resume(void)
{
    const struct resume_rec *r = &slots[resume_slot - 1];

    setup_lines();
    fixpoint_reserve(&bootinfo);
    pool_init(&bootinfo, 0);
    kvm_inithart();
    trap_init();
    clock_set_us(r->saved_us);
    plic_init();
    reqchan_init(bootinfo.has_reqchan);
    power_init(bootinfo.has_power);
    disk_init();
    proc_init();
    sysstat_init();
    bugdrv_init();
    health_init();
    int n = proc_resume(r->restart, (int)r->nrestart);
    fixpoint_resumed();

    uint64 restored = power_time_ns(PWR_RESTORE_NS), cut = power_time_ns(PWR_CUT_NS);
    uint64 now = power_now_ns();
    power_mark(MARK_RESUMED, now - restored);
    power_mark(MARK_RESTARTED, n);
    printf("power: restored at %lu ms after %lu ms off; resumed in %lu us; restarted "
           "%d non-persistent process(es); SCM pool: %lu pages in use\n", restored / 1000000,
           (restored - cut) / 1000000, (now - restored) / 1000, n,
           pool_total(POOL_SCM) - pool_free(POOL_SCM));
    scheduler();
}
