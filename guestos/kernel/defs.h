/*
 * defs.h -- every function one kernel file calls in another, grouped by the
 * file that defines it.
 */
#ifndef GUEST_DEFS_H
#define GUEST_DEFS_H

#include "types.h"

struct bootinfo;
struct context;
struct cpu;
struct proc;
struct spinlock;
struct procinfo;
struct poolinfo;
struct kvreq;
struct trapframe;

/* Marks kernel data that is volatile by design: rebuilt from scratch at every
 * boot (and by a future resume), never trusted across a power cut.  It is
 * still in the kernel image (SCM); the section only makes the split visible. */
#define VOLATILE_STATE __attribute__((section(".vbss")))

/* bugdrv.c */
void    bugdrv_init(void);
int     bugdrv(int what);
uint64  bugdrv_longest_wait(void);

/* ckpt.c */
int     ckpt_init(void);
uint64  ckpt_user_sectors(void);
int     ckpt_before_write(uint64 sector, uint64 nsect);
int     ckpt_due(void);
void    ckpt_take(void);
int     ckpt_restore(void);

/* console.c */
void    console_init(int held);
void    console_intr(int c);
int     console_read(uint64 udst, int n);
int     console_write(uint64 usrc, int n);
void    console_putc(int c);

/* disk.c */
void    disk_init(void);
int     disk_irq(void);
int     disk_busy(void);
void    disk_intr(void);
uint64  disk_sectors(void);
int     disk_rw(uint64 sector, void *buf, uint32 nbytes, int write);
int     disk_rw_user(pagetable_t pt, uint64 sector, uint64 uaddr, uint32 nbytes, int write);
int     disk_flush(void);

/* exec.c */
int     exec_load(struct proc *p, const char *name, char **argv);

/* fdt.c */
int     fdt_parse(uint64 blob, struct bootinfo *bi);

/* hash.c */
uint64  hash_mix(uint64 h, uint64 v);
uint64  hash_words(uint64 h, const void *p, uint64 bytes);

/* health.c */
extern int reboot_pending;
void    health_init(void);
void    health_stop(void);
void    health_tick(void);
void    health_kick(void);
void    health_irq(int irq);
void    health_scribble(void);
int     health_bug_strikes(int id);
void    health_fault(int kind, const char *what);

/* kalloc.c */
void    pool_init(const struct bootinfo *bi, int cold);
void    pool_clean_scm(void);
void   *kalloc(int pool);
void    kfree(void *pa);
int     pool_of(uint64 pa);
int     pool_present(int pool);
uint64  pool_free(int pool);
uint64  pool_total(int pool);
int     kernel_pool(void);
int     pool_error(int pool);
void    pool_report(void);

/* main.c */
extern struct bootinfo bootinfo;

/* persist.c */
int     persist_set(struct proc *p, int on);
void    persist_migrate(struct proc *p);
void    persist_clean(struct proc *p);
void    proc_pages(struct proc *p, uint64 pages[]);

/* plic.c */
void    plic_init(void);
void    plic_enable(int irq);
int     plic_claim(void);
void    plic_complete(int irq);

/* power.c */
extern int power_failing;
void    power_init(int in_tree);
int     power_present(void);
void    power_intr(void);
void    power_ack(void);
void    power_mark(int milestone, uint64 arg);
int     power_boot_reason(void);
uint64  power_now_ns(void);
uint64  power_time_ns(int reg);
void    power_button(void);
void    power_off_if_asked(void);
void    power_status_table(uint64 pa);

/* printf.c */
void    printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void    panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void    halt(int code) __attribute__((noreturn));

/* proc.c */
extern struct spinlock proc_lock;
void    proc_init(void);
struct cpu  *mycpu(void);
struct proc *myproc(void);
struct proc *proc_find(int pid);
int     proc_is_init(struct proc *p);
int     proc_pool(struct proc *p);
void    proc_cold_init(void);
int     proc_spawn(const char *name, char **argv, int persistent, struct proc *parent);
int     proc_spawn_pid(const char *name, char **argv, int persistent, struct proc *parent,
                       int pid);
struct restart;
int     proc_power_off(struct restart *restart, int max);
int     proc_resume(const struct restart *restart, int n);
void    proc_start_init(void);
int     fork(void);
void    exit(int status) __attribute__((noreturn));
int     waitpid(int pid, uint64 ustatus, int flags);
int     kill(int pid);
int     killed(struct proc *p);
void    yield(void);
void    sleep(void *chan, struct spinlock *lk);
void    wakeup(void *chan);
void    scheduler(void) __attribute__((noreturn));
int     procinfo(uint64 ubuf, int max);
struct proc *proc_list(void);
uint64  proc_dram_owned(void);

/* progstore.c */
int     progstore_find(const char *name, const uint8 **data, uint64 *size);
const char *progstore_name(int i);

/* reqchan.c */
void    reqchan_init(int present);
void    reqchan_intr(void);
int     reqchan_recv(struct kvreq *r, int nowait);
int     reqchan_reply(uint32 seq, uint32 status, uint64 val);

/* resume.c */
int     resume_check(void);
extern int resume_slot;
void    resume(void) __attribute__((noreturn));
void    power_save(void) __attribute__((noreturn));
void    clean_range(uint64 va, uint64 len);
void    clean_page(uint64 va);
void    resume_cold_init(void);
void    resume_cold_boot(void);
uint64  resume_kernel_hash(void);

/* fixpoint.c */
void    fixpoint_reserve(struct bootinfo *bi);
int     fixpoint_due(void);
void    fixpoint_resumed(void);
void    fixpoint_take(void);
int     fixpoint_restore(void);
void    fixpoint_forget(void);

/* spinlock.c */
void    initlock(struct spinlock *lk, const char *name);
void    acquire(struct spinlock *lk);
void    release(struct spinlock *lk);
int     holding(struct spinlock *lk);
void    push_off(void);
void    pop_off(void);

/* string.c */
void   *memset(void *dst, int c, uint64 n);
void   *memmove(void *dst, const void *src, uint64 n);
void   *memcpy(void *dst, const void *src, uint64 n);
int     memcmp(const void *a, const void *b, uint64 n);
uint64  strlen(const char *s);
int     strncmp(const char *a, const char *b, uint64 n);
char   *safestrcpy(char *dst, const char *src, int n);

/* swtch.S */
void    swtch(struct context *old, struct context *new);

/* sysstat.c */
void    sysstat_init(void);
void    sysstat_publish(void);

/* syscall.c */
void    syscall(void);
int     argint(int n);
uint64  argaddr(int n);
int     argstr(int n, char *buf, int max);

/* trap.c */
extern struct spinlock ticks_lock;
extern uint64 ticks;
void    trap_init(void);
void    clock_set_us(uint64 us);
void    usertrapret(void) __attribute__((noreturn));
uint64  clock_us(void);

/* uart.c */
int     uart_init(void);
void    uart_putc_sync(int c);
void    uart_intr(void);

/* vm.c */
extern pagetable_t kernel_pagetable;
void    kvm_init(void);
void    kvm_inithart(void);
pte_t  *walk(pagetable_t pt, uint64 va, int alloc, int pool);
void    kwin_map(uint64 va, uint64 pa);
uint64  kwin_unmap(uint64 va);
uint64  kwin_pa(uint64 va);
pagetable_t uvm_create(struct trapframe *tf, int pool);
int     uvm_alloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int perm, int pool);
uint64  uvm_dealloc(pagetable_t pt, uint64 oldsz, uint64 newsz);
void    uvm_free(pagetable_t pt);
int     uvm_copy(pagetable_t from, pagetable_t to, int pool);
void    uvm_count(pagetable_t pt, uint64 pages[]);
void    uvm_clean(pagetable_t pt);
int     uvm_each_page(pagetable_t pt, int (*fn)(void *arg, uint64 va, pte_t pte), void *arg);
int     uvm_map_page(pagetable_t pt, uint64 va, uint64 pa, int perm, int pool);
void    kvm_clean(void);
int     copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len);
int     copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len);
int     copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max);

#endif
