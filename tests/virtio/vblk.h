/*
 * vblk.h -- what the tests/virtio programs share: MMIO and PLIC helpers and
 * a small polled-plus-interrupt driver for one virtio block device on the
 * virtio-mmio transport, version 2 (VIRTIO 1.x split virtqueue).
 *
 * The driver finds the device by scanning the eight virtio-mmio slots for
 * DeviceID 2 (simscm puts the disk in slot 0, QEMU's virt in slot 7: its
 * first -device takes the last transport), so the interrupt is PLIC source
 * 1 + slot.  Interrupts are routed to hart 0's M-mode context and taken by
 * WFI with mstatus.MIE clear: the hart wakes, claims, reads and acknowledges
 * InterruptStatus and completes the claim; no trap handler.  One queue of QN
 * descriptors, handed out round robin; a request's header and status byte
 * live in arrays indexed by its head descriptor.
 */
#ifndef VBLK_H
#define VBLK_H

#include <stddef.h>
#include <stdint.h>
#include "platform.h"
#include "../common/bmcons.h"

#define QN              16
#define SECTOR          512u

#define T_IN            0
#define T_OUT           1
#define T_FLUSH         4
#define T_GET_ID        8

#define D_NEXT          1
#define D_WRITE         2

#define F_BLK_SIZE      (1u << 6)
#define F_FLUSH         (1u << 9)
#define F_VERSION_1_HI  (1u << 0)       /* feature 32 */

#define PLIC_PRIO(src)  (PLAT_PLIC_BASE + 4ul * (src))
#define PLIC_ENABLE     (PLAT_PLIC_BASE + 0x2000ul)
#define PLIC_THRESHOLD  (PLAT_PLIC_BASE + 0x200000ul)
#define PLIC_CLAIM      (PLAT_PLIC_BASE + 0x200004ul)
#define MIE_MEIE        (1ul << 11)

static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void fence(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }

struct vdesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct vavail {
    uint16_t flags, idx, ring[QN], used_event;
};
struct vused {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QN];
    uint16_t avail_event;
};
struct blk_hdr {
    uint32_t type, reserved;
    uint64_t sector;
};

static struct vdesc desc[QN] __attribute__((aligned(4096)));
static struct vavail avail __attribute__((aligned(4096)));
static struct vused used __attribute__((aligned(4096)));
static struct blk_hdr hdr[QN];
static volatile uint8_t status_byte[QN];

static uint64_t vbase;                  /* the device's slot */
static unsigned virq;                   /* its PLIC source */
static unsigned dnext;                  /* next descriptor to hand out */
static uint16_t used_seen;
static int chain_head, chain_prev;
static uint32_t last_isr;               /* InterruptStatus at the last interrupt */
static unsigned irqs;

#define VREG(off) (vbase + (off))

/* The first slot whose DeviceID is `id` (2: block, 0: empty), or -1. */
static inline int vslot_find(uint32_t id)
{
    for (int s = 0; s < PLAT_VIRTIO_COUNT; s++) {
        uint64_t b = PLAT_VIRTIO0_BASE + (uint64_t)s * PLAT_VIRTIO_STRIDE;
        if (rd32(b + VIRTIO_MAGIC) == VIRTIO_MAGIC_VALUE && rd32(b + VIRTIO_DEVICE_ID) == id)
            return s;
    }
    return -1;
}

static inline void plic_route(unsigned src)
{
    wr32(PLIC_PRIO(src), 1);
    wr32(PLIC_ENABLE, 1u << src);
    wr32(PLIC_THRESHOLD, 0);
    __asm__ volatile("csrs mie, %0" :: "r"(MIE_MEIE));
}

/* Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue 0, DRIVER_OK.
 * Returns the status read back after FEATURES_OK. */
static inline uint32_t vblk_setup(uint32_t feat_lo, uint32_t feat_hi)
{
    wr32(VREG(VIRTIO_STATUS), 0);
    wr32(VREG(VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE);
    wr32(VREG(VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER);
    wr32(VREG(VIRTIO_DRIVER_FEATURES_SEL), 0);
    wr32(VREG(VIRTIO_DRIVER_FEATURES), feat_lo);
    wr32(VREG(VIRTIO_DRIVER_FEATURES_SEL), 1);
    wr32(VREG(VIRTIO_DRIVER_FEATURES), feat_hi);
    wr32(VREG(VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER | VIRTIO_ST_FEATURES_OK);
    uint32_t st = rd32(VREG(VIRTIO_STATUS));
    for (unsigned i = 0; i < sizeof desc; i++)
        ((volatile uint8_t *)desc)[i] = 0;
    avail.flags = avail.idx = 0;
    used.flags = used.idx = 0;
    dnext = 0;
    used_seen = 0;
    fence();
    wr32(VREG(VIRTIO_QUEUE_SEL), 0);
    wr32(VREG(VIRTIO_QUEUE_NUM), QN);
    wr32(VREG(VIRTIO_QUEUE_DESC_LOW), (uint32_t)(uintptr_t)desc);
    wr32(VREG(VIRTIO_QUEUE_DESC_HIGH), (uint32_t)((uintptr_t)desc >> 32));
    wr32(VREG(VIRTIO_QUEUE_DRIVER_LOW), (uint32_t)(uintptr_t)&avail);
    wr32(VREG(VIRTIO_QUEUE_DRIVER_HIGH), (uint32_t)((uintptr_t)&avail >> 32));
    wr32(VREG(VIRTIO_QUEUE_DEVICE_LOW), (uint32_t)(uintptr_t)&used);
    wr32(VREG(VIRTIO_QUEUE_DEVICE_HIGH), (uint32_t)((uintptr_t)&used >> 32));
    wr32(VREG(VIRTIO_QUEUE_READY), 1);
    wr32(VREG(VIRTIO_STATUS), st | VIRTIO_ST_DRIVER_OK);
    return st;
}

/* Find the disk, route its interrupt and set it up with VERSION_1, FLUSH
 * and BLK_SIZE.  0, or -1 when there is none. */
static inline int vblk_open(void)
{
    int s = vslot_find(2);
    if (s < 0)
        return -1;
    vbase = PLAT_VIRTIO0_BASE + (uint64_t)s * PLAT_VIRTIO_STRIDE;
    virq = PLAT_VIRTIO0_IRQ + (unsigned)s;
    plic_route(virq);
    vblk_setup(F_FLUSH | F_BLK_SIZE, F_VERSION_1_HI);
    return 0;
}

static inline void chain_start(void)
{
    chain_head = -1;
}

static inline void chain_add(const volatile void *p, uint32_t len, int write)
{
    unsigned i = dnext++ % QN;
    desc[i].addr = (uint64_t)(uintptr_t)p;
    desc[i].len = len;
    desc[i].flags = write ? D_WRITE : 0;
    desc[i].next = 0;
    if (chain_head < 0) {
        chain_head = (int)i;
    } else {
        desc[chain_prev].flags |= D_NEXT;
        desc[chain_prev].next = (uint16_t)i;
    }
    chain_prev = (int)i;
}

/* The request header of the chain about to start (indexed by its head). */
static inline struct blk_hdr *next_hdr(uint32_t type, uint64_t sector)
{
    struct blk_hdr *h = &hdr[dnext % QN];
    h->type = type;
    h->reserved = 0;
    h->sector = sector;
    return h;
}

/* Make the chain available (no notify yet); returns its head. */
static inline unsigned chain_post(void)
{
    fence();
    avail.ring[avail.idx % QN] = (uint16_t)chain_head;
    fence();
    avail.idx++;
    fence();
    return (unsigned)chain_head;
}

static inline void vnotify(void)
{
    fence();
    wr32(VREG(VIRTIO_QUEUE_NOTIFY), 0);
}

static inline uint16_t used_idx(void)
{
    fence();
    return *(volatile uint16_t *)&used.idx;
}

/* Wait (WFI) until the used index reaches `target` and no interrupt is
 * left unacknowledged; with need_irq, also until at least one interrupt
 * came (a single request: exactly its own).  Reading InterruptStatus last
 * orders us after the device's notification on QEMU too (the read takes
 * the lock its completion holds). */
static inline void wait_used(uint16_t target, int need_irq)
{
    unsigned start = irqs;
    for (;;) {
        if (used_idx() == target && (!need_irq || irqs != start) &&
            rd32(VREG(VIRTIO_INTERRUPT_STATUS)) == 0)
            return;
        uint32_t c = rd32(PLIC_CLAIM);
        if (c == virq) {
            last_isr = rd32(VREG(VIRTIO_INTERRUPT_STATUS));
            wr32(VREG(VIRTIO_INTERRUPT_ACK), last_isr);
            wr32(PLIC_CLAIM, c);
            irqs++;
        } else if (c) {
            wr32(PLIC_CLAIM, c);
        } else {
            __asm__ volatile("wfi");
        }
    }
}

/* The used entry for head (the last one of it), its length. */
static inline uint32_t used_len_of(unsigned head)
{
    for (int k = 1; k <= QN; k++) {
        unsigned i = (uint16_t)(used_seen - k) % QN;
        if (used.ring[i].id == head)
            return used.ring[i].len;
    }
    return 0xffffffffu;
}

/* One request: header, one data buffer (none if len 0), status; waits for
 * it.  Returns the status byte; *ulen gets the used length. */
static inline unsigned blk_req(uint32_t type, uint64_t sector, volatile void *buf,
                               uint32_t len, uint32_t *ulen)
{
    chain_start();
    struct blk_hdr *h = next_hdr(type, sector);
    chain_add(h, sizeof *h, 0);
    if (len)
        chain_add(buf, len, type != T_OUT);
    unsigned head = (unsigned)chain_head;
    status_byte[head] = 0xee;
    chain_add(&status_byte[head], 1, 1);
    chain_post();
    vnotify();
    used_seen++;
    wait_used(used_seen, 1);
    if (ulen)
        *ulen = used_len_of(head);
    return status_byte[head];
}

/* Deterministic test data. */
static inline void pattern(volatile uint8_t *b, uint32_t len, uint32_t seed)
{
    for (uint32_t i = 0; i < len; i++)
        b[i] = (uint8_t)(seed * 131u + i * 7u + (i >> 9) + (i >> 3));
}

static inline int same(const volatile uint8_t *a, const volatile uint8_t *b, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static inline void zero(volatile uint8_t *b, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        b[i] = 0;
}

#endif
