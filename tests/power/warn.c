/*
 * warn.c -- the power-fail warning, seen from the guest.  Run with a warned
 * cut (--fault cut:at=2ms) and a residual window (power.residual_us).
 *
 * Boot 1 enables the controller's interrupt (PWR_CTRL_IE) and PLIC source 13
 * and waits.  The handler claims source 13, finds STATUS = failing, writes
 * ACK, finds STATUS = failing | acknowledged, completes the claim, and keeps
 * what it saw in SCM.  The program then waits for the cut, which comes at the
 * end of the window whatever the acknowledge did.
 *
 * Boot 1 also scribbles over the device tree's magic (it lives in the top
 * pages of this SCM region) and cleans it, so boot 2 can see that power-on
 * wrote the tree again.
 *
 * Boot 2 checks BOOT_REASON = restored, BOOT_COUNT = 2, what the handler saw,
 * the power-on state (a0 = hart 0, a1 = the device tree at the address of
 * boot 1, with its magic back; the controller's CTRL and STATUS and the PLIC
 * enables reset) and that the timestamps are in order with CUT_NS - WARN_NS
 * = RESIDUAL_US.  It prints them all on one line ("warn: ...", with mtime as
 * main found it, which must have started again from 0 at power-on) for
 * run.sh to compare with the command line and with the event log, and
 * reports MARK_RESUMED with MARK_ARG = 0x1122334455667788
 * written as two 32-bit halves.
 */
#include "power.h"

struct pstate {
    uint64_t irqs;              /* warning interrupts taken in boot 1 */
    uint64_t claim;             /* PLIC claim in the handler */
    uint64_t status_before;     /* STATUS before and after the ACK */
    uint64_t status_after;
    uint64_t irq_ns;            /* NOW_NS in the handler */
    uint64_t dtb;               /* a1 at boot 1 */
};

#define FDT_MAGIC 0xedfe0dd0u   /* 0xd00dfeed, big-endian, read little-endian */
#define PS ((volatile struct pstate *)PSTATE)

void trap(uint64_t mcause, uint64_t mepc)
{
    (void)mepc;
    if (mcause != MCAUSE_MEI) {
        puts_("FAIL trap mcause=");
        putx(mcause);
        putch('\n');
        finish(91);
    }
    uint32_t id = rd32(PLIC_CLAIM);
    PS->irqs++;
    PS->claim = id;
    PS->irq_ns = now_ns();
    PS->status_before = rd32(PWR(PWR_STATUS));
    wr32(PWR(PWR_ACK), PWR_ACK_VALUE);
    PS->status_after = rd32(PWR(PWR_STATUS));
    wr32(PLIC_CLAIM, id);
    persist(PS, sizeof *PS);
    puts_("warn: boot 1 interrupt");
    kv("claim", id);
    kv("status", PS->status_before);
    kv("status_after_ack", PS->status_after);
    kv("now_ns", PS->irq_ns);
    putch('\n');
}

int main(uint64_t hartid, uint64_t dtb)
{
    uint64_t mtime = rd64(PLAT_CLINT_BASE + CLINT_MTIME);

    expect("a0 (hart id)", hartid, 0);
    expect("device tree magic", rd32(dtb), FDT_MAGIC);
    if (boot_count() == 1) {
        PS->dtb = dtb;
        wr32(dtb, 0);
        persist((volatile void *)dtb, 4);
        expect("boot 1 reason", boot_reason(), BOOT_COLD);
        expect("magic", rd32(PWR(PWR_MAGIC)), PWR_MAGIC_VALUE);
        expect("version", rd32(PWR(PWR_VERSION)), 1);
        expect("status before the warning", rd32(PWR(PWR_STATUS)), 0);
        expect("warn_ns before the warning", rd64(PWR(PWR_WARN_NS)), 0);
        expect("cut_ns before the cut", rd64(PWR(PWR_CUT_NS)), 0);
        if (failures)
            return 1;
        wr32(PWR(PWR_CTRL), PWR_CTRL_IE);
        expect("ctrl", rd32(PWR(PWR_CTRL)), PWR_CTRL_IE);
        irq_enable(PLAT_POWER_IRQ);
        wait_for_cut(50000000);
    }

    uint64_t warn = rd64(PWR(PWR_WARN_NS)), ack = rd64(PWR(PWR_ACK_NS));
    uint64_t cut = rd64(PWR(PWR_CUT_NS)), restore = rd64(PWR(PWR_RESTORE_NS));
    uint64_t residual = rd32(PWR(PWR_RESIDUAL_US));
    puts_("warn:");
    kv("reason", boot_reason());
    kv("count", boot_count());
    kv("irqs", PS->irqs);
    kv("residual_us", residual);
    kv("warn_ns", warn);
    kv("ack_ns", ack);
    kv("cut_ns", cut);
    kv("restore_ns", restore);
    kv("irq_ns", PS->irq_ns);
    kv("mtime", mtime);
    putch('\n');

    expect("boot 2 reason", boot_reason(), BOOT_RESTORED);
    expect("boot count", boot_count(), 2);
    expect("interrupts taken", PS->irqs, 1);
    expect("claimed source", PS->claim, PLAT_POWER_IRQ);
    expect("status in the handler", PS->status_before, PWR_STATUS_FAILING);
    expect("status after ack", PS->status_after, PWR_STATUS_FAILING | PWR_STATUS_ACKED);
    expect("ctrl after power-on", rd32(PWR(PWR_CTRL)), 0);
    expect("status after power-on", rd32(PWR(PWR_STATUS)), 0);
    expect("PLIC enables after power-on", rd32(PLIC_ENABLE), 0);
    expect("a1 (device tree) as at boot 1", dtb, PS->dtb);
    expect("warn_ns <= irq_ns", warn <= PS->irq_ns, 1);
    expect("irq_ns <= ack_ns", PS->irq_ns <= ack, 1);
    expect("ack_ns < cut_ns", ack < cut, 1);
    expect("cut_ns - warn_ns >= residual", cut - warn >= residual * 1000, 1);
    expect("cut_ns < restore_ns", cut < restore, 1);
    expect("restore_ns <= now", restore <= now_ns(), 1);
    /* Both halves of a 64-bit register through 32-bit reads. */
    expect("cut_ns low half", rd32(PWR(PWR_CUT_NS)), (uint32_t)cut);
    expect("cut_ns high half", rd32(PWR(PWR_CUT_NS) + 4), (uint32_t)(cut >> 32));
    wr32(PWR(PWR_MARK_ARG), 0x55667788);
    wr32(PWR(PWR_MARK_ARG) + 4, 0x11223344);
    expect("mark_arg from two halves", rd64(PWR(PWR_MARK_ARG)), 0x1122334455667788ul);
    wr32(PWR(PWR_MARK), MARK_RESUMED);
    return failures;
}
