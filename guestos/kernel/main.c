/*
 * main.c -- S-mode boot: from the device tree to the first process, or,
 * when start() found a resume record, to resume() (resume.c).
 *
 * The order is the order of dependence: the console first so that every
 * later step can complain; the device tree before the pools (it says where
 * memory is); the pools before the kernel page table (its pages come from
 * them); the trap vector before interrupts are enabled; the first process
 * last.  Then this boot thread becomes the scheduler and never returns.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "defs.h"
#include "bootinfo.h"

extern uint64 boot_fdt;

/* Rebuilt from the device tree at every boot. */
struct bootinfo bootinfo VOLATILE_STATE;

void main(void)
{
    int held = uart_init();
    console_init(held);
    if (fdt_parse(boot_fdt, &bootinfo) < 0)
        panic("no usable device tree at %p", (void *)boot_fdt);
    if (resume_slot)
        resume();

    printf("\nsimscm guest os booting\n");
    fixpoint_reserve(&bootinfo);
    pool_init(&bootinfo, 1);
    pool_report();

    kvm_init();
    kvm_inithart();
    trap_init();
    plic_init();
    reqchan_init(bootinfo.has_reqchan);
    power_init(bootinfo.has_power);
    disk_init();
    proc_init();
    proc_cold_init();
    sysstat_init();
    bugdrv_init();
    health_init();
    resume_cold_init();
    ckpt_init();
    if (!ckpt_restore() && !fixpoint_restore()) {
        resume_cold_boot();
        proc_start_init();
    }
    scheduler();
}
