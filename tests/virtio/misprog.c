/*
 * misprog.c -- a driver that gets the virtio block device wrong, on simscm
 * only.  simscm must report each mistake on stderr as
 * "simscm: virtio-blk: register REG: value 0x...: why" (run.sh checks the
 * lines), keep running, and recover when the driver resets the device.
 *
 *   1  wrong access sizes: an 8-byte read of MagicValue, a 2-byte write of
 *      Status; a write to DeviceID; a write into the config space
 *   2  FEATURES_OK without VIRTIO_F_VERSION_1: the bit must not stick
 *   3  queue programming after DRIVER_OK (QueueNum, QueueDescLow): ignored,
 *      the queue still works
 *   4  a notify for queue 1
 *   5  a write past the end of the disk: IOERR
 *   6  fatal ring errors, each followed by a reset and a new setup: a head
 *      index outside the queue, a descriptor loop, the available index moved
 *      by 100 (ring overrun), a chain without a status byte, a descriptor
 *      outside RAM.  Each sets DEVICE_NEEDS_RESET and InterruptStatus bit 1.
 *   7  a notify before the queue is ready
 *   8  after all that, a write and a read that work.
 */
#include "vblk.h"

static uint8_t buf[4096] __attribute__((aligned(4096)));
static uint8_t buf2[4096] __attribute__((aligned(4096)));
static void post_head(uint16_t head)
{
    avail.ring[avail.idx % QN] = head;
    fence();
    avail.idx++;
    vnotify();
}

/* After a fatal error: DEVICE_NEEDS_RESET, a config interrupt; then reset
 * and set the device up again. */
static void expect_needs_reset(const char *what)
{
    uint32_t st = rd32(VREG(VIRTIO_STATUS));
    uint32_t isr = rd32(VREG(VIRTIO_INTERRUPT_STATUS));
    puts_(what);
    kv("needs_reset", !!(st & VIRTIO_ST_NEEDS_RESET));
    kv("isr_config", !!(isr & VIRTIO_INT_CONFIG));
    putch('\n');
    expect(what, !!(st & VIRTIO_ST_NEEDS_RESET) && (isr & VIRTIO_INT_CONFIG), 1);
    wr32(VREG(VIRTIO_INTERRUPT_ACK), isr);
    uint32_t c = rd32(PLIC_CLAIM);
    if (c)
        wr32(PLIC_CLAIM, c);
    vblk_setup(F_FLUSH | F_BLK_SIZE, F_VERSION_1_HI);
    expect("status after a new setup", rd32(VREG(VIRTIO_STATUS)), 0xf);
}

int main(void)
{
    if (vblk_open() < 0) {
        puts_("FAIL no disk\n");
        return 1;
    }
    /* 1 */
    (void)*(volatile uint64_t *)VREG(VIRTIO_MAGIC);
    *(volatile uint16_t *)VREG(VIRTIO_STATUS) = 0;
    wr32(VREG(VIRTIO_DEVICE_ID), 7);
    wr32(VREG(VIRTIO_CONFIG), 1);
    expect("device id after a write", rd32(VREG(VIRTIO_DEVICE_ID)), 2);
    expect("status after a 2-byte write", rd32(VREG(VIRTIO_STATUS)), 0xf);

    /* 2 */
    wr32(VREG(VIRTIO_STATUS), 0);
    wr32(VREG(VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER);
    wr32(VREG(VIRTIO_DRIVER_FEATURES_SEL), 0);
    wr32(VREG(VIRTIO_DRIVER_FEATURES), F_FLUSH);
    wr32(VREG(VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER | VIRTIO_ST_FEATURES_OK);
    expect("FEATURES_OK without VERSION_1",
           rd32(VREG(VIRTIO_STATUS)) & VIRTIO_ST_FEATURES_OK, 0);
    expect("status after setup", vblk_setup(F_FLUSH, F_VERSION_1_HI), 0xb);

    /* 3 */
    wr32(VREG(VIRTIO_QUEUE_NUM), 8);
    wr32(VREG(VIRTIO_QUEUE_DESC_LOW), 0x1234);
    expect("queue ready after bad programming", rd32(VREG(VIRTIO_QUEUE_READY)), 1);
    pattern(buf, 4096, 1);
    expect("a write after bad programming", blk_req(T_OUT, 3, buf, 4096, 0), 0);

    /* 4 */
    wr32(VREG(VIRTIO_QUEUE_NOTIFY), 1);

    /* 5 */
    uint64_t cap = rd32(VREG(VIRTIO_CONFIG)) | (uint64_t)rd32(VREG(VIRTIO_CONFIG + 4)) << 32;
    expect("write past the end", blk_req(T_OUT, cap, buf, 512, 0), 1);

    /* 6 */
    post_head(99);
    expect_needs_reset("head 99");

    desc[0] = (struct vdesc){ (uintptr_t)&hdr[0], 16, D_NEXT, 1 };
    desc[1] = (struct vdesc){ (uintptr_t)buf, 512, D_NEXT, 0 };
    hdr[0] = (struct blk_hdr){ T_OUT, 0, 0 };
    post_head(0);
    expect_needs_reset("loop");

    avail.idx += 100;
    vnotify();
    expect_needs_reset("overrun");

    desc[0] = (struct vdesc){ (uintptr_t)&hdr[0], 16, 0, 0 };
    post_head(0);
    expect_needs_reset("no status byte");

    desc[0] = (struct vdesc){ (uintptr_t)&hdr[0], 16, D_NEXT, 1 };
    desc[1] = (struct vdesc){ 0x1000, 512, D_NEXT, 2 };
    desc[2] = (struct vdesc){ (uintptr_t)&status_byte[0], 1, D_WRITE, 0 };
    post_head(0);
    expect_needs_reset("outside RAM");

    /* 7 */
    wr32(VREG(VIRTIO_STATUS), 0);
    wr32(VREG(VIRTIO_QUEUE_NOTIFY), 0);
    vblk_setup(F_FLUSH | F_BLK_SIZE, F_VERSION_1_HI);

    /* 8 */
    pattern(buf, 4096, 9);
    expect("final write", blk_req(T_OUT, 16, buf, 4096, 0), 0);
    expect("final read", blk_req(T_IN, 16, buf2, 4096, 0), 0);
    expect("final data", same(buf, buf2, 4096), 1);
    puts_(failures ? "misprog: FAIL\n" : "misprog: ok\n");
    return failures ? 1 : 0;
}
