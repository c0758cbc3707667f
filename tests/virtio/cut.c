/*
 * cut.c -- what a power cut does to the disk's writes (run from SCM, with
 * tests/virtio/scm.ini, so the program survives the cut).
 *
 * Boot 1 writes 4 KiB of pattern A to sector 10 and waits for its
 * completion, then makes a 4 KiB write of pattern B to sector 20 available,
 * notifies, and waits for the cut (run.sh sets write_us so that B is still
 * queued when the --fault cut arrives).  Boot 2 reads both back through the
 * device and prints what it finds: A must be there (completed writes are
 * durable); B is "landed" or "old" (zeros) as the seeded generator decided,
 * never anything else.
 */
#include "vblk.h"

static uint8_t a[4096] __attribute__((aligned(4096)));
static uint8_t b[4096] __attribute__((aligned(4096)));
static uint8_t r[4096] __attribute__((aligned(4096)));

int main(void)
{
    uint32_t boot = rd32(PLAT_POWER_BASE + PWR_BOOT_COUNT);
    if (vblk_open() < 0) {
        puts_("FAIL no disk\n");
        return 1;
    }
    pattern(a, 4096, 7);
    pattern(b, 4096, 8);
    if (boot == 1) {
        unsigned st = blk_req(T_OUT, 10, a, 4096, 0);
        puts_("boot 1: write A completed");
        kv("status", st);
        putch('\n');
        chain_start();
        chain_add(next_hdr(T_OUT, 20), 16, 0);
        chain_add(b, 4096, 0);
        chain_add(&status_byte[chain_head], 1, 1);
        chain_post();
        vnotify();
        puts_("boot 1: write B queued\n");
        for (;;)
            __asm__ volatile("wfi");
    }
    zero(r, 4096);
    unsigned st = blk_req(T_IN, 10, r, 4096, 0);
    puts_("boot 2: A");
    kv("status", st);
    kv("ok", same(a, r, 4096));
    zero(r, 4096);
    st = blk_req(T_IN, 20, r, 4096, 0);
    int zeros = 1;
    for (unsigned i = 0; i < 4096; i++)
        zeros &= r[i] == 0;
    puts_(" B=");
    puts_(same(b, r, 4096) ? "landed" : zeros ? "old" : "torn");
    putch('\n');
    return 0;
}
