/*
 * disk.c -- the driver of a virtio block device (virtio-mmio version 2, the
 * VIRTIO 1.x "modern" transport, as simscm and QEMU's virt machine with
 * virtio-mmio.force-legacy=false present it), and the block interface the
 * system calls diskread/diskwrite/diskflush/disksize give programs.
 *
 * One device (the first virtio block device the device tree lists), one
 * split virtqueue of QNUM descriptors, one request at a time: a request is
 * three descriptors (header, data, status byte), the caller waits for it.
 * A process sleeps until the completion interrupt; the kernel itself (no
 * process: the scheduler's context) polls the used ring instead.  Data
 * moves in whole 512-byte sectors, at most DISK_MAX bytes a request,
 * through a bounce page of the driver's.
 *
 * Initialisation follows the specification's order: reset, ACKNOWLEDGE,
 * DRIVER, features (VERSION_1 required, FLUSH taken if offered),
 * FEATURES_OK and the check that it stuck, the queue, DRIVER_OK.
 *
 * Volatile: a device; every boot and resume runs disk_init() again.  The
 * queue and the bounce page are taken from DRAM (SCM when there is none).
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "platform.h"
#include "uapi.h"
#include "defs.h"

/* virtio-mmio registers (version 2) */
#define VIO_MAGIC        0x000
#define VIO_VERSION      0x004
#define VIO_DEVICE_ID    0x008
#define VIO_DEV_FEATURES 0x010
#define VIO_DEV_FEAT_SEL 0x014
#define VIO_DRV_FEATURES 0x020
#define VIO_DRV_FEAT_SEL 0x024
#define VIO_QUEUE_SEL    0x030
#define VIO_QUEUE_NUM_MAX 0x034
#define VIO_QUEUE_NUM    0x038
#define VIO_QUEUE_READY  0x044
#define VIO_QUEUE_NOTIFY 0x050
#define VIO_INT_STATUS   0x060
#define VIO_INT_ACK      0x064
#define VIO_STATUS       0x070
#define VIO_QUEUE_DESC   0x080      /* low, high at +4 */
#define VIO_QUEUE_DRIVER 0x090
#define VIO_QUEUE_DEVICE 0x0a0
#define VIO_CONFIG       0x100      /* virtio-blk: capacity (le64, sectors) */

#define ST_ACKNOWLEDGE   1
#define ST_DRIVER        2
#define ST_DRIVER_OK     4
#define ST_FEATURES_OK   8

#define F_BLK_FLUSH      (1u << 9)
#define F_VERSION_1_HI   (1u << 0)  /* feature 32, in the high word */

#define BLK_T_IN         0
#define BLK_T_OUT        1
#define BLK_T_FLUSH      4

#define D_NEXT           1
#define D_WRITE          2

#define QNUM             8          /* descriptors: one request needs 3 */
#define DISK_MAX         4096       /* bytes a request moves at most: the bounce page */

struct vdesc {
    uint64 addr;
    uint32 len;
    uint16 flags;
    uint16 next;
};

struct vavail {
    uint16 flags;
    uint16 idx;
    uint16 ring[QNUM];
};

struct vused {
    uint16 flags;
    uint16 idx;
    struct { uint32 id, len; } ring[QNUM];
};

struct blkreq {
    uint32 type;
    uint32 reserved;
    uint64 sector;
};

/* Everything the device reads or writes, in one page. */
struct vqpage {
    struct vdesc desc[QNUM];        /* 16-byte aligned (start of the page) */
    struct vavail avail;
    uint8 pad[64];
    struct vused used __attribute__((aligned(16)));
    struct blkreq req;
    uint8 status;
};

static struct {
    struct spinlock lock;
    uint64 base;                    /* 0: no disk */
    int irq;
    struct vqpage *q;
    uint8 *bounce;
    uint16 used_seen;
    int busy;                       /* a request is in flight */
    int has_flush;
    uint64 sectors;
} disk VOLATILE_STATE;

static inline volatile uint32 *reg(int off)
{
    return (volatile uint32 *)(disk.base + off);
}

/* Find and start the first virtio block device; quiet when there is none. */
void disk_init(void)
{
    initlock(&disk.lock, "disk");
    disk.base = 0;
    for (int i = 0; i < PLAT_VIRTIO_COUNT && !disk.base; i++) {
        uint64 b = PLAT_VIRTIO0_BASE + i * PLAT_VIRTIO_STRIDE;
        if (!(bootinfo.virtio_mask & (1u << i)))
            continue;
        volatile uint32 *r = (volatile uint32 *)b;
        if (r[VIO_MAGIC / 4] == 0x74726976 && r[VIO_VERSION / 4] == 2 &&
            r[VIO_DEVICE_ID / 4] == 2) {
            disk.base = b;
            disk.irq = PLAT_VIRTIO0_IRQ + i;
        }
    }
    if (!disk.base)
        return;

    *reg(VIO_STATUS) = 0;
    *reg(VIO_STATUS) = ST_ACKNOWLEDGE;
    *reg(VIO_STATUS) = ST_ACKNOWLEDGE | ST_DRIVER;
    *reg(VIO_DEV_FEAT_SEL) = 1;
    uint32 hi = *reg(VIO_DEV_FEATURES);
    *reg(VIO_DEV_FEAT_SEL) = 0;
    uint32 lo = *reg(VIO_DEV_FEATURES);
    if (!(hi & F_VERSION_1_HI)) {
        printf("disk: the device does not offer VIRTIO_F_VERSION_1; not used\n");
        disk.base = 0;
        return;
    }
    disk.has_flush = (lo & F_BLK_FLUSH) != 0;
    *reg(VIO_DRV_FEAT_SEL) = 1;
    *reg(VIO_DRV_FEATURES) = F_VERSION_1_HI;
    *reg(VIO_DRV_FEAT_SEL) = 0;
    *reg(VIO_DRV_FEATURES) = lo & F_BLK_FLUSH;
    *reg(VIO_STATUS) = ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK;
    if (!(*reg(VIO_STATUS) & ST_FEATURES_OK)) {
        printf("disk: the device refused our features; not used\n");
        disk.base = 0;
        return;
    }

    int pool = pool_present(POOL_DRAM) ? POOL_DRAM : POOL_SCM;
    disk.q = kalloc(pool);
    disk.bounce = kalloc(pool);
    if (!disk.q || !disk.bounce)
        panic("disk: no page for the virtqueue");
    *reg(VIO_QUEUE_SEL) = 0;
    if (*reg(VIO_QUEUE_NUM_MAX) < QNUM) {
        printf("disk: the queue holds fewer than %d descriptors; not used\n", QNUM);
        disk.base = 0;
        return;
    }
    *reg(VIO_QUEUE_NUM) = QNUM;
    uint64 d = (uint64)disk.q->desc, a = (uint64)&disk.q->avail, u = (uint64)&disk.q->used;
    *reg(VIO_QUEUE_DESC) = (uint32)d;
    *reg(VIO_QUEUE_DESC + 4) = (uint32)(d >> 32);
    *reg(VIO_QUEUE_DRIVER) = (uint32)a;
    *reg(VIO_QUEUE_DRIVER + 4) = (uint32)(a >> 32);
    *reg(VIO_QUEUE_DEVICE) = (uint32)u;
    *reg(VIO_QUEUE_DEVICE + 4) = (uint32)(u >> 32);
    *reg(VIO_QUEUE_READY) = 1;
    *reg(VIO_STATUS) = ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK;

    volatile uint32 *cfg = reg(VIO_CONFIG);
    disk.sectors = cfg[0] | (uint64)cfg[1] << 32;
    disk.used_seen = 0;
    disk.busy = 0;
    plic_enable(disk.irq);
    printf("disk: virtio block device at %p, %lu KiB%s\n", (void *)disk.base,
           disk.sectors / 2, disk.has_flush ? ", flush" : "");
}

int disk_irq(void)
{
    return disk.base ? disk.irq : -1;
}

void disk_intr(void)
{
    *reg(VIO_INT_ACK) = *reg(VIO_INT_STATUS) & 3;
    wakeup(&disk);
}

int disk_busy(void)
{
    return disk.busy;
}

uint64 disk_sectors(void)
{
    return disk.base ? disk.sectors : 0;
}

/* One request: type, first sector, nbytes of the bounce page (0 for a
 * flush).  The caller holds disk.lock; returns with it held.  0, or E_FAIL
 * when the device says the request failed. */
static int request(uint32 type, uint64 sector, uint32 nbytes)
{
    struct vqpage *q = disk.q;

    /* One request at a time.  A process waits its turn; the kernel's own
     * requests (a checkpoint, from the scheduler) are only made when no
     * process's request is in flight (ckpt_due checks disk_busy). */
    while (disk.busy) {
        if (!myproc())
            panic("disk: a kernel request found the disk busy");
        sleep(&disk, &disk.lock);
        if (disk.q != q)
            return E_FAIL;
    }
    q->req = (struct blkreq){ type, 0, sector };
    q->status = 0xff;
    q->desc[0] = (struct vdesc){ (uint64)&q->req, sizeof q->req, D_NEXT, 1 };
    if (nbytes)
        q->desc[1] = (struct vdesc){ (uint64)disk.bounce, nbytes,
                                     D_NEXT | (type == BLK_T_IN ? D_WRITE : 0), 2 };
    else
        q->desc[0].next = 2;        /* a flush: header and status only */
    q->desc[2] = (struct vdesc){ (uint64)&q->status, 1, D_WRITE, 0 };
    q->avail.ring[q->avail.idx % QNUM] = 0;
    fence_w();
    q->avail.idx++;
    fence_w();
    disk.busy = 1;
    *reg(VIO_QUEUE_NOTIFY) = 0;

    /* Wait for the used ring to move: asleep when a process asks, polling
     * when the kernel does (no process to put to sleep). */
    while (*(volatile uint16 *)&q->used.idx == disk.used_seen) {
        if (myproc())
            sleep(&disk, &disk.lock);
        else
            *reg(VIO_INT_ACK) = *reg(VIO_INT_STATUS) & 3;
        if (disk.q != q)
            return E_FAIL;      /* a resume made a new queue: this request is gone */
    }
    disk.used_seen++;
    disk.busy = 0;
    fence_w();
    int st = *(volatile uint8 *)&q->status == 0 ? 0 : E_FAIL;
    if (myproc())
        wakeup(&disk);          /* the next process may go */
    return st;
}

static int check(uint64 sector, uint32 nbytes)
{
    if (!disk.base)
        return E_NODEV;
    if (nbytes == 0 || nbytes > DISK_MAX || nbytes % 512 ||
        sector + nbytes / 512 > disk.sectors || sector + nbytes / 512 < sector)
        return E_INVAL;
    return 0;
}

/* Read or write nbytes (a multiple of 512, at most DISK_MAX) at sector,
 * from or to kernel memory buf. */
int disk_rw(uint64 sector, void *buf, uint32 nbytes, int write)
{
    int r = check(sector, nbytes);
    if (r < 0)
        return r;
    acquire(&disk.lock);
    if (write)
        memmove(disk.bounce, buf, nbytes);
    r = request(write ? BLK_T_OUT : BLK_T_IN, sector, nbytes);
    if (!write && r == 0)
        memmove(buf, disk.bounce, nbytes);
    release(&disk.lock);
    return r;
}

/* The same for a user buffer at uaddr in page table pt (the system calls). */
int disk_rw_user(pagetable_t pt, uint64 sector, uint64 uaddr, uint32 nbytes, int write)
{
    int r = check(sector, nbytes);
    if (r < 0)
        return r;
    acquire(&disk.lock);
    if (write && copyin(pt, disk.bounce, uaddr, nbytes) < 0) {
        release(&disk.lock);
        return E_FAULT;
    }
    r = request(write ? BLK_T_OUT : BLK_T_IN, sector, nbytes);
    if (!write && r == 0 && copyout(pt, uaddr, disk.bounce, nbytes) < 0)
        r = E_FAULT;
    release(&disk.lock);
    return r;
}

/* Everything written so far is durable when this returns. */
int disk_flush(void)
{
    if (!disk.base)
        return E_NODEV;
    if (!disk.has_flush)
        return 0;               /* no write cache to flush */
    acquire(&disk.lock);
    int r = request(BLK_T_FLUSH, 0, 0);
    release(&disk.lock);
    return r;
}
