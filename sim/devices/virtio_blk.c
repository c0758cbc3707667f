/*
 * virtio_blk.c -- a virtio block device on the virtio-mmio transport, as
 * QEMU's virt machine presents one with -global virtio-mmio.force-legacy=false
 * (docs/disk.md is the manual, include/platform.h the register map).
 *
 * The model:
 *   - Transport: virtio-mmio version 2 only (VIRTIO 1.x "modern"), eight
 *     slots of PLAT_VIRTIO_STRIDE bytes from PLAT_VIRTIO0_BASE.  Slot 0 holds
 *     the disk when [disk] image names a file; every other slot, and slot 0
 *     without a disk, is empty: MagicValue, Version and VendorID read as on a
 *     device, DeviceID reads 0 and everything else reads 0 and ignores
 *     writes, as QEMU's unused transports do.
 *   - Features offered: VIRTIO_F_VERSION_1 (required: a driver that does not
 *     accept it cannot set FEATURES_OK), VIRTIO_BLK_F_FLUSH and
 *     VIRTIO_BLK_F_BLK_SIZE (blk_size 512).  No indirect descriptors, no
 *     event index, no multi-queue: QEMU offers all of those, but a driver
 *     must work without them and the smallest set is the easiest to trust.
 *   - One split virtqueue, queue 0, of at most QUEUE_NUM_MAX (256)
 *     descriptors: the queue size QEMU's virtio-blk uses by default (its
 *     queue-size property; QEMU reports 1024 in QueueNumMax, the most any
 *     of its queues takes), enough for 85 three-descriptor requests in
 *     flight, and a bound on the work a chain walk does (a chain longer
 *     than the queue is a loop).
 *   - Requests are taken from the available ring when the driver notifies
 *     and served one after another, in order: a request starts when the
 *     one before it has finished and takes [disk] read_us / write_us /
 *     flush_us plus read_ns_per_kib / write_ns_per_kib per KiB moved.  Its
 *     completion is an event on the simulated clock: then the data moves
 *     (pread/pwrite of the image, DMA into or out of guest memory), the
 *     status byte and the used ring entry are written, and the interrupt is
 *     raised (InterruptStatus bit 0, PLIC source 1), unless the driver set
 *     VIRTQ_AVAIL_F_NO_INTERRUPT.  No host time enters anything.
 *
 * Guest memory: descriptors, rings and data are read from the CPU view of
 * the region (bus_host_ptr: DMA is coherent with the caches, whose data is
 * in the CPU view).  Writes go through region_load, into both views of an
 * SCM region: a DMA write reaches the memory controller directly, so in the
 * timing mode the durable view must hold it too, or a line that no cache
 * holds dirty would never be written back and the two views would disagree
 * for good.  DMA is neither counted in the region stats nor timed by the
 * cache model (the disk's latency dwarfs it).  A completion that wrote data
 * (a read, GET_ID) bumps bus->code_gen once, so the hart forgets decoded
 * code that the data may have replaced (a guest loading a program from
 * disk); the status byte and used ring are driver data structures, never
 * code, and do not.
 *
 * Power: a completed write (used ring entry written) is in the image file.
 * At a power cut every request still queued is lost; each queued write
 * reaches the image or not, decided in queue order from a generator seeded
 * by [sim] seed ([disk] cut_survive_percent is the chance), as on a disk
 * without power-loss protection.  The device's state (status, queue,
 * interrupt) is volatile.  A reset by the driver (Status = 0) or a warm
 * reset finishes queued writes into the image without reporting them, as
 * QEMU drains its in-flight I/O.  The image is written with pwrite at
 * completion, whole 512-byte sectors at sector-aligned offsets; Linux copies
 * a pwrite into the page cache page by page, so a SIGKILL of simscm leaves
 * every sector either old or new, and the file never changes size.  FLUSH
 * completes after everything before it (requests are served in order) and
 * fdatasyncs the image; the end of the run fsyncs it.
 *
 * Guest errors are reported through dev_guest_error("virtio-blk", REG, ...)
 * with the spec's register names, or a ring field ("desc.next",
 * "avail.idx", "req.sector" ...).  A broken ring or descriptor chain is
 * fatal: the device sets DEVICE_NEEDS_RESET, raises a configuration change
 * interrupt and takes no more requests until the driver resets it, as the
 * specification says.  A bad sector or length is answered with
 * VIRTIO_BLK_S_IOERR, an unknown request type with VIRTIO_BLK_S_UNSUPP.
 */
#include "dev.h"
#include "machine.h"
#include "config.h"
#include "exitcodes.h"
#include "json.h"
#include "platform.h"
#include "mem/region.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEV_NAME        "virtio-blk"
#define DEVICE_ID_BLOCK 2
#define QUEUE_NUM_MAX   256
#define SECTOR_BYTES    512u
#define BOUNCE_BYTES    (64u * 1024)

/* Feature bits (VIRTIO 1.x: 5.2.3 and 6). */
#define F_BLK_SIZE      (1ull << 6)
#define F_FLUSH         (1ull << 9)
#define F_VERSION_1     (1ull << 32)
#define DEVICE_FEATURES (F_BLK_SIZE | F_FLUSH | F_VERSION_1)

/* Request types and status values (5.2.6). */
#define T_IN            0
#define T_OUT           1
#define T_FLUSH         4
#define T_GET_ID        8
#define S_OK            0
#define S_IOERR         1
#define S_UNSUPP        2
#define ID_BYTES        20
#define REQ_HDR_BYTES   16              /* le32 type, le32 reserved, le64 sector */

/* Split virtqueue (2.7). */
#define DESC_BYTES      16
#define DESC_F_NEXT     1
#define DESC_F_WRITE    2
#define DESC_F_INDIRECT 4
#define AVAIL_F_NO_INTERRUPT 1

/* virtio-blk configuration space (struct virtio_blk_config, 5.2.4). */
#define CFG_CAPACITY    0               /* le64, 512-byte sectors */
#define CFG_BLK_SIZE    20              /* le32 */
#define CFG_BYTES       24              /* what this device defines */

/* A piece of a descriptor chain. */
struct seg {
    uint64_t addr;
    uint32_t len;
    bool write;                         /* device-writable */
};

/* A request taken from the available ring and not yet completed. */
struct request {
    uint16_t head;                      /* descriptor index: the used ring's id */
    uint32_t type;
    uint8_t status;                     /* what it will answer (S_*) */
    uint64_t sector;
    uint64_t data_bytes;                /* sectors moved, in bytes */
    uint64_t out_bytes, in_bytes;       /* device-readable, device-writable */
    uint64_t done;                      /* completion cycle */
    unsigned nsegs;
    struct seg *segs;                   /* QUEUE_NUM_MAX of them */
};

struct vblk {
    struct bus *bus;
    struct simclock *clk;
    struct irq_line irq;

    /* The disk (outside the machine's power domain: survives everything). */
    bool present;
    int fd;
    char path[256];
    uint64_t capacity;                  /* sectors */
    const struct disk_config *cfg;      /* [disk]: latencies, serial, cut_survive_percent */
    uint64_t rng;
    uint8_t *bounce;
    bool host_error_said;

    /* Transport and queue 0 (volatile). */
    uint32_t status, isr;
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
    uint64_t drv_features;
    uint32_t qnum;
    bool qready;
    uint64_t desc, avail, used;
    uint16_t last_avail, used_idx;
    int level;

    /* In flight, oldest first: a ring of QUEUE_NUM_MAX requests. */
    struct request reqs[QUEUE_NUM_MAX];
    unsigned rq_head, rq_count;
    bool inflight[QUEUE_NUM_MAX];       /* by head descriptor */
    uint64_t busy_until;                /* cycle the last accepted request completes */
    struct event done_ev;

    struct {
        uint64_t reads, writes, flushes, get_ids, unsupported, io_errors;
        uint64_t read_bytes, write_bytes;
        uint64_t cut_lost, cut_writes_landed, cut_writes_lost;
        uint64_t reset_writes_drained, needs_reset;
    } st;
};

/* ---- small helpers ------------------------------------------------------ */

/* splitmix64, seeded from [sim] seed: the fate of writes queued at a cut. */
static uint64_t next_random(struct vblk *d)
{
    uint64_t z = (d->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void update_irq(struct vblk *d)
{
    int level = d->isr != 0;
    if (level != d->level) {
        d->level = level;
        irq_set(&d->irq, level);
    }
}

static bool in_ram(struct vblk *d, uint64_t pa, uint64_t len)
{
    return len && pa + len > pa && bus_region(d->bus, pa, len) != NULL;
}

/* Little-endian guest memory, checked to be RAM when the queue got ready. */
static uint64_t mem_rd(struct vblk *d, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    const uint8_t *p = bus_host_ptr(d->bus, pa, size);
    if (p)
        memcpy(&v, p, size);
    return v;
}

static void dma_write(struct vblk *d, uint64_t pa, const void *src, uint64_t len)
{
    struct region *r = bus_region(d->bus, pa, len);
    if (r)
        region_load(r, pa, src, len);
}

static void mem_wr(struct vblk *d, uint64_t pa, uint64_t v, unsigned size)
{
    dma_write(d, pa, &v, size);
}

/* The fatal guest errors: the device stops until the driver resets it. */
static void needs_reset(struct vblk *d)
{
    if (d->status & VIRTIO_ST_NEEDS_RESET)
        return;
    d->status |= VIRTIO_ST_NEEDS_RESET;
    d->isr |= VIRTIO_INT_CONFIG;
    d->st.needs_reset++;
    update_irq(d);
}

static void host_error(struct vblk *d, const char *what)
{
    if (!d->host_error_said)
        fprintf(stderr, "simscm: disk %s: %s: %s\n", d->path, what, strerror(errno));
    d->host_error_said = true;
}

/* pread/pwrite all of it; false on a host error. */
static bool image_io(struct vblk *d, bool write, uint8_t *buf, uint64_t len, uint64_t off)
{
    while (len) {
        ssize_t n = write ? pwrite(d->fd, buf, len, (off_t)off)
                          : pread(d->fd, buf, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            host_error(d, write ? "write" : "read");
            return false;
        }
        buf += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return true;
}

/* Copy bytes [off, off+len) of the request's device-readable (write false)
 * or device-writable part to or from buf. */
static void chain_copy(struct vblk *d, const struct request *r, bool writable,
                       uint64_t off, uint8_t *buf, uint64_t len)
{
    for (unsigned i = 0; i < r->nsegs && len; i++) {
        const struct seg *s = &r->segs[i];
        if (s->write != writable)
            continue;
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        uint64_t n = s->len - off < len ? s->len - off : len;
        if (writable)
            dma_write(d, s->addr + off, buf, n);
        else
            memcpy(buf, bus_host_ptr(d->bus, s->addr + off, n), n);
        buf += n;
        len -= n;
        off = 0;
    }
}

/* ---- serving requests --------------------------------------------------- */

/* Move a request's sectors between the image and guest memory. */
static bool move_data(struct vblk *d, const struct request *r)
{
    uint64_t done = 0;
    while (done < r->data_bytes) {
        uint64_t n = r->data_bytes - done < BOUNCE_BYTES ? r->data_bytes - done : BOUNCE_BYTES;
        uint64_t at = r->sector * SECTOR_BYTES + done;
        if (r->type == T_OUT) {
            chain_copy(d, r, false, REQ_HDR_BYTES + done, d->bounce, n);
            if (!image_io(d, true, d->bounce, n, at))
                return false;
        } else {
            if (!image_io(d, false, d->bounce, n, at))
                return false;
            chain_copy(d, r, true, done, d->bounce, n);
        }
        done += n;
    }
    return true;
}

static void complete(struct vblk *d, struct request *r)
{
    uint8_t status = r->status;
    bool wrote_guest_data = false;
    if (status == S_OK) {
        switch (r->type) {
        case T_IN:
            if (!move_data(d, r))
                status = S_IOERR;
            wrote_guest_data = true;
            d->st.reads++;
            d->st.read_bytes += r->data_bytes;
            break;
        case T_OUT:
            if (!move_data(d, r))
                status = S_IOERR;
            d->st.writes++;
            d->st.write_bytes += r->data_bytes;
            break;
        case T_FLUSH:
            if (fdatasync(d->fd) < 0) {
                host_error(d, "fdatasync");
                status = S_IOERR;
            }
            d->st.flushes++;
            break;
        case T_GET_ID: {
            /* As QEMU: the string and its NUL, at most 20 bytes, never more
             * than the buffer holds. */
            uint64_t n = strlen(d->cfg->serial) + 1;
            if (n > ID_BYTES)
                n = ID_BYTES;
            if (n > r->in_bytes - 1)
                n = r->in_bytes - 1;
            chain_copy(d, r, true, 0, (uint8_t *)d->cfg->serial, n);
            wrote_guest_data = true;
            d->st.get_ids++;
            break;
        }
        }
    }
    if (status == S_IOERR)
        d->st.io_errors++;
    /* The status byte is the last device-writable byte. */
    chain_copy(d, r, true, r->in_bytes - 1, &status, 1);
    uint64_t slot = d->used + 4 + 8ull * (d->used_idx % d->qnum);
    mem_wr(d, slot, r->head, 4);
    mem_wr(d, slot + 4, r->in_bytes > UINT32_MAX ? UINT32_MAX : r->in_bytes, 4);
    d->used_idx++;
    mem_wr(d, d->used + 2, d->used_idx, 2);
    d->inflight[r->head] = false;
    if (wrote_guest_data)
        d->bus->code_gen++;
    if (!(mem_rd(d, d->avail, 2) & AVAIL_F_NO_INTERRUPT)) {
        d->isr |= VIRTIO_INT_USED;
        update_irq(d);
    }
}

static struct request *oldest(struct vblk *d)
{
    return d->rq_count ? &d->reqs[d->rq_head] : NULL;
}

static void pop_oldest(struct vblk *d)
{
    d->rq_head = (d->rq_head + 1) % QUEUE_NUM_MAX;
    d->rq_count--;
}

static void schedule_next(struct vblk *d)
{
    struct request *r = oldest(d);
    if (r)
        event_schedule(d->clk, &d->done_ev, r->done);
    else
        event_cancel(d->clk, &d->done_ev);
}

static void done_event(void *opaque, uint64_t now)
{
    struct vblk *d = opaque;
    struct request *r;
    while ((r = oldest(d)) && r->done <= now) {
        complete(d, r);
        pop_oldest(d);
    }
    schedule_next(d);
}

/* Service time in cycles: per request, plus per KiB moved. */
static uint64_t service_cycles(struct vblk *d, const struct request *r)
{
    uint64_t us = 0, ns_per_kib = 0;
    if (r->status == S_OK) {
        switch (r->type) {
        case T_IN:     us = d->cfg->read_us;  ns_per_kib = d->cfg->read_ns_per_kib; break;
        case T_OUT:    us = d->cfg->write_us; ns_per_kib = d->cfg->write_ns_per_kib; break;
        case T_FLUSH:  us = d->cfg->flush_us; break;
        case T_GET_ID: us = d->cfg->read_us; break;
        }
    }
    uint64_t ns = us * 1000 + (uint64_t)((unsigned __int128)r->data_bytes * ns_per_kib / 1024);
    return clock_ns_to_cycles(d->clk, ns);
}

/* Decide what a well-formed request will answer, and check its sectors. */
static void classify(struct vblk *d, struct request *r)
{
    uint8_t hdr[REQ_HDR_BYTES];
    chain_copy(d, r, false, 0, hdr, sizeof hdr);
    memcpy(&r->type, hdr, 4);
    memcpy(&r->sector, hdr + 8, 8);
    r->status = S_OK;
    r->data_bytes = 0;
    switch (r->type) {
    case T_IN:
    case T_OUT:
        r->data_bytes = r->type == T_IN ? r->in_bytes - 1 : r->out_bytes - REQ_HDR_BYTES;
        if (r->data_bytes % SECTOR_BYTES) {
            dev_guest_error(DEV_NAME, "req.len", r->data_bytes, "%s of %llu bytes, not whole "
                            "512-byte sectors: answered IOERR", r->type == T_IN ? "read" : "write",
                            (unsigned long long)r->data_bytes);
            r->status = S_IOERR;
        } else if (r->sector > d->capacity ||
                   r->data_bytes / SECTOR_BYTES > d->capacity - r->sector) {
            dev_guest_error(DEV_NAME, "req.sector", r->sector, "%s of sectors [%llu, +%llu) "
                            "beyond the disk's %llu sectors: answered IOERR",
                            r->type == T_IN ? "read" : "write", (unsigned long long)r->sector,
                            (unsigned long long)(r->data_bytes / SECTOR_BYTES),
                            (unsigned long long)d->capacity);
            r->status = S_IOERR;
        }
        if (r->status != S_OK)
            r->data_bytes = 0;
        break;
    case T_FLUSH:
    case T_GET_ID:
        break;
    default:
        r->status = S_UNSUPP;
        d->st.unsupported++;
        break;
    }
}

/* Walk the chain from head into a new request.  false after a fatal error. */
static bool take_chain(struct vblk *d, uint16_t head)
{
    if (head >= d->qnum) {
        dev_guest_error(DEV_NAME, "avail.ring", head, "descriptor index %u is outside the "
                        "queue of %u", head, d->qnum);
        return false;
    }
    if (d->inflight[head]) {
        dev_guest_error(DEV_NAME, "avail.ring", head, "descriptor chain %u was made "
                        "available again before the device used it", head);
        return false;
    }
    struct request *r = &d->reqs[(d->rq_head + d->rq_count) % QUEUE_NUM_MAX];
    r->head = head;
    r->nsegs = 0;
    r->out_bytes = r->in_bytes = 0;
    uint16_t idx = head;
    bool seen_write = false;
    for (;;) {
        if (r->nsegs == d->qnum) {
            dev_guest_error(DEV_NAME, "desc.next", idx, "the chain from descriptor %u is "
                            "longer than the queue (%u): a loop", head, d->qnum);
            return false;
        }
        uint64_t at = d->desc + (uint64_t)idx * DESC_BYTES;
        uint64_t addr = mem_rd(d, at, 8);
        uint32_t len = (uint32_t)mem_rd(d, at + 8, 4);
        uint16_t flags = (uint16_t)mem_rd(d, at + 12, 2);
        uint16_t next = (uint16_t)mem_rd(d, at + 14, 2);
        if (flags & DESC_F_INDIRECT) {
            dev_guest_error(DEV_NAME, "desc.flags", flags, "descriptor %u is indirect, a "
                            "feature the device does not offer", idx);
            return false;
        }
        if (!in_ram(d, addr, len)) {
            dev_guest_error(DEV_NAME, "desc.addr", addr, "descriptor %u: [0x%llx, +%u) is %s",
                            idx, (unsigned long long)addr, len,
                            len ? "not in guest RAM" : "empty");
            return false;
        }
        if (flags & DESC_F_WRITE) {
            seen_write = true;
        } else if (seen_write) {
            dev_guest_error(DEV_NAME, "desc.flags", flags, "descriptor %u is device-readable "
                            "but follows a device-writable one", idx);
            return false;
        }
        r->segs[r->nsegs++] = (struct seg){ addr, len, (flags & DESC_F_WRITE) != 0 };
        if (flags & DESC_F_WRITE)
            r->in_bytes += len;
        else
            r->out_bytes += len;
        if (!(flags & DESC_F_NEXT))
            break;
        if (next >= d->qnum) {
            dev_guest_error(DEV_NAME, "desc.next", next, "descriptor %u points to %u, outside "
                            "the queue of %u", idx, next, d->qnum);
            return false;
        }
        idx = next;
    }
    if (r->out_bytes < REQ_HDR_BYTES || r->in_bytes < 1) {
        dev_guest_error(DEV_NAME, "req.layout", head, "chain %u has %llu device-readable and "
                        "%llu device-writable bytes; a request needs a 16-byte header and a "
                        "status byte", head, (unsigned long long)r->out_bytes,
                        (unsigned long long)r->in_bytes);
        return false;
    }
    classify(d, r);
    uint64_t start = d->busy_until > d->clk->cycle ? d->busy_until : d->clk->cycle;
    r->done = start + service_cycles(d, r);
    d->busy_until = r->done;
    d->inflight[head] = true;
    d->rq_count++;
    return true;
}

/* QueueNotify: take everything the driver made available. */
static void take_available(struct vblk *d)
{
    uint16_t avail_idx = (uint16_t)mem_rd(d, d->avail + 2, 2);
    uint16_t n = (uint16_t)(avail_idx - d->last_avail);
    if (n > d->qnum) {
        dev_guest_error(DEV_NAME, "avail.idx", avail_idx, "the driver moved the available "
                        "index from %u to %u, more than the queue's %u entries (ring overrun)",
                        d->last_avail, avail_idx, d->qnum);
        needs_reset(d);
        return;
    }
    while (d->last_avail != avail_idx) {
        uint64_t at = d->avail + 4 + 2ull * (d->last_avail % d->qnum);
        if (!take_chain(d, (uint16_t)mem_rd(d, at, 2))) {
            needs_reset(d);
            break;
        }
        d->last_avail++;
    }
    if (!d->done_ev.queued)
        schedule_next(d);
}

/* Finish queued writes into the image without telling the driver (a reset),
 * or decide each one's fate (a power cut).  Either way the queue empties. */
static void drop_queue(struct vblk *d, bool cut)
{
    struct request *r;
    while ((r = oldest(d))) {
        if (r->type == T_OUT && r->status == S_OK) {
            bool lands = !cut || next_random(d) % 100 < d->cfg->cut_survive_percent;
            if (lands)
                move_data(d, r);
            if (!cut)
                d->st.reset_writes_drained++;
            else if (lands)
                d->st.cut_writes_landed++;
            else
                d->st.cut_writes_lost++;
        }
        if (cut)
            d->st.cut_lost++;
        pop_oldest(d);
    }
    event_cancel(d->clk, &d->done_ev);
}

/* ---- registers ---------------------------------------------------------- */

static const char *reg_name(uint64_t off)
{
    switch (off & ~3ull) {
    case VIRTIO_MAGIC:               return "MagicValue";
    case VIRTIO_VERSION:             return "Version";
    case VIRTIO_DEVICE_ID:           return "DeviceID";
    case VIRTIO_VENDOR_ID:           return "VendorID";
    case VIRTIO_DEVICE_FEATURES:     return "DeviceFeatures";
    case VIRTIO_DEVICE_FEATURES_SEL: return "DeviceFeaturesSel";
    case VIRTIO_DRIVER_FEATURES:     return "DriverFeatures";
    case VIRTIO_DRIVER_FEATURES_SEL: return "DriverFeaturesSel";
    case VIRTIO_QUEUE_SEL:           return "QueueSel";
    case VIRTIO_QUEUE_NUM_MAX:       return "QueueNumMax";
    case VIRTIO_QUEUE_NUM:           return "QueueNum";
    case VIRTIO_QUEUE_READY:         return "QueueReady";
    case VIRTIO_QUEUE_NOTIFY:        return "QueueNotify";
    case VIRTIO_INTERRUPT_STATUS:    return "InterruptStatus";
    case VIRTIO_INTERRUPT_ACK:       return "InterruptACK";
    case VIRTIO_STATUS:              return "Status";
    case VIRTIO_QUEUE_DESC_LOW:      return "QueueDescLow";
    case VIRTIO_QUEUE_DESC_HIGH:     return "QueueDescHigh";
    case VIRTIO_QUEUE_DRIVER_LOW:    return "QueueDriverLow";
    case VIRTIO_QUEUE_DRIVER_HIGH:   return "QueueDriverHigh";
    case VIRTIO_QUEUE_DEVICE_LOW:    return "QueueDeviceLow";
    case VIRTIO_QUEUE_DEVICE_HIGH:   return "QueueDeviceHigh";
    case VIRTIO_CONFIG_GENERATION:   return "ConfigGeneration";
    default:                         return off >= VIRTIO_CONFIG ? "config" : "reserved";
    }
}

/* What an empty slot answers. */
static uint64_t empty_read(uint64_t off)
{
    switch (off) {
    case VIRTIO_MAGIC:     return VIRTIO_MAGIC_VALUE;
    case VIRTIO_VERSION:   return 2;
    case VIRTIO_VENDOR_ID: return VIRTIO_VENDOR_QEMU;
    default:               return 0;
    }
}

static uint64_t config_read(struct vblk *d, uint64_t off, unsigned size)
{
    uint8_t cfg[CFG_BYTES] = { 0 };
    uint32_t blk = SECTOR_BYTES;
    memcpy(cfg + CFG_CAPACITY, &d->capacity, 8);
    memcpy(cfg + CFG_BLK_SIZE, &blk, 4);
    if (size == 8 || (off & (size - 1))) {
        dev_guest_error(DEV_NAME, "config", off, "%u-byte read at config offset 0x%llx; the "
                        "config space takes aligned 1-, 2- and 4-byte reads (a 64-bit field "
                        "as two 32-bit ones)", size, (unsigned long long)off);
        return 0;
    }
    uint64_t v = 0;
    if (off + size <= CFG_BYTES)
        memcpy(&v, cfg + off, size);
    return v;       /* fields of features not offered read 0 */
}

static uint64_t vblk_read(void *dev, uint64_t off, unsigned size)
{
    struct vblk *d = dev;
    unsigned slot = (unsigned)(off / PLAT_VIRTIO_STRIDE);
    off %= PLAT_VIRTIO_STRIDE;
    if (slot != 0 || !d->present)
        return size == 4 && !(off & 3) ? empty_read(off) : 0;
    if (off >= VIRTIO_CONFIG)
        return config_read(d, off - VIRTIO_CONFIG, size);
    if (size != 4 || (off & 3)) {
        dev_guest_error(DEV_NAME, reg_name(off), off, "%u-byte read at offset 0x%llx; the "
                        "registers take aligned 32-bit accesses", size, (unsigned long long)off);
        return 0;
    }
    switch (off) {
    case VIRTIO_MAGIC:             return VIRTIO_MAGIC_VALUE;
    case VIRTIO_VERSION:           return 2;
    case VIRTIO_DEVICE_ID:         return DEVICE_ID_BLOCK;
    case VIRTIO_VENDOR_ID:         return VIRTIO_VENDOR_QEMU;
    case VIRTIO_DEVICE_FEATURES:
        return d->dev_feat_sel < 2 ? (uint32_t)(DEVICE_FEATURES >> (32 * d->dev_feat_sel)) : 0;
    case VIRTIO_QUEUE_NUM_MAX:     return d->queue_sel == 0 ? QUEUE_NUM_MAX : 0;
    case VIRTIO_QUEUE_READY:       return d->queue_sel == 0 && d->qready;
    case VIRTIO_INTERRUPT_STATUS:  return d->isr;
    case VIRTIO_STATUS:            return d->status;
    case VIRTIO_CONFIG_GENERATION: return 0;
    default:
        dev_guest_error(DEV_NAME, reg_name(off), off, "read of a write-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void reset_transport(struct vblk *d)
{
    drop_queue(d, false);
    d->status = d->isr = 0;
    d->dev_feat_sel = d->drv_feat_sel = d->queue_sel = 0;
    d->drv_features = 0;
    d->qnum = 0;
    d->qready = false;
    d->desc = d->avail = d->used = 0;
    d->last_avail = d->used_idx = 0;
    memset(d->inflight, 0, sizeof d->inflight);
    d->busy_until = 0;
    d->level = 1;               /* force the line down */
    update_irq(d);
}

/* May the driver change queue 0's size and addresses now? */
static bool queue_programmable(struct vblk *d, uint64_t off, uint64_t val)
{
    const char *why = NULL;
    if (d->queue_sel != 0)
        why = "QueueSel names a queue this device does not have (it has queue 0)";
    else if (d->status & VIRTIO_ST_DRIVER_OK)
        why = "the queue cannot change after DRIVER_OK";
    else if (d->qready)
        why = "queue 0 is ready: write 0 to QueueReady first";
    if (why)
        dev_guest_error(DEV_NAME, reg_name(off), val, "%s", why);
    return !why;
}

/* QueueReady = 1: is the queue the driver programmed usable? */
static bool queue_valid(struct vblk *d)
{
    const char *why = NULL;
    uint64_t n = d->qnum;
    if (!n)
        why = "QueueNum was not set";
    else if ((d->desc & 15) || (d->avail & 1) || (d->used & 3))
        why = "ring addresses must be aligned: descriptors 16, driver area 2, device area 4";
    else if (!in_ram(d, d->desc, n * DESC_BYTES) || !in_ram(d, d->avail, 6 + 2 * n) ||
             !in_ram(d, d->used, 6 + 8 * n))
        why = "a ring is not in guest RAM";
    if (why)
        dev_guest_error(DEV_NAME, "QueueReady", 1, "%s (desc 0x%llx, driver 0x%llx, device "
                        "0x%llx, num %llu)", why, (unsigned long long)d->desc,
                        (unsigned long long)d->avail, (unsigned long long)d->used,
                        (unsigned long long)n);
    return !why;
}

static void set_half(uint64_t *reg, uint64_t off, uint64_t val)
{
    if (off & 4)
        *reg = (*reg & 0xffffffffull) | val << 32;
    else
        *reg = (*reg & ~0xffffffffull) | (uint32_t)val;
}

static void write_status(struct vblk *d, uint64_t val)
{
    uint32_t old = d->status;
    if (val == 0) {
        reset_transport(d);
        return;
    }
    if (val & ~0xffull) {
        dev_guest_error(DEV_NAME, "Status", val, "status is 8 bits");
        val &= 0xff;
    }
    if (val & VIRTIO_ST_NEEDS_RESET & ~old)
        dev_guest_error(DEV_NAME, "Status", val, "DEVICE_NEEDS_RESET is the device's bit");
    if (old & ~val & ~(uint32_t)VIRTIO_ST_NEEDS_RESET)
        dev_guest_error(DEV_NAME, "Status", val, "the driver cleared status bits (0x%x to "
                        "0x%llx); only writing 0 (reset) clears them", old,
                        (unsigned long long)val);
    uint32_t add = (uint32_t)val & ~old & ~(uint32_t)VIRTIO_ST_NEEDS_RESET;
    if (add & VIRTIO_ST_FEATURES_OK) {
        if (!(d->drv_features & F_VERSION_1)) {
            dev_guest_error(DEV_NAME, "Status", val, "FEATURES_OK without VIRTIO_F_VERSION_1 "
                            "(feature 32): this device is modern only");
            add &= ~(uint32_t)VIRTIO_ST_FEATURES_OK;
        } else if (d->drv_features & ~DEVICE_FEATURES) {
            dev_guest_error(DEV_NAME, "Status", val, "FEATURES_OK with features the device "
                            "does not offer (0x%llx)",
                            (unsigned long long)(d->drv_features & ~DEVICE_FEATURES));
            add &= ~(uint32_t)VIRTIO_ST_FEATURES_OK;
        }
    }
    if ((add & VIRTIO_ST_DRIVER_OK) && !((old | add) & VIRTIO_ST_FEATURES_OK)) {
        dev_guest_error(DEV_NAME, "Status", val, "DRIVER_OK before FEATURES_OK");
        add &= ~(uint32_t)VIRTIO_ST_DRIVER_OK;
    }
    d->status = old | add;
}

static void notify(struct vblk *d, uint64_t val)
{
    const char *why = NULL;
    if (val != 0)
        why = "no such queue (this device has queue 0)";
    else if (!d->qready)
        why = "queue 0 is not ready";
    else if (!(d->status & VIRTIO_ST_DRIVER_OK))
        why = "the driver has not set DRIVER_OK";
    else if (d->status & (VIRTIO_ST_NEEDS_RESET | VIRTIO_ST_FAILED))
        why = "the device needs a reset (DEVICE_NEEDS_RESET or FAILED is set)";
    if (why) {
        dev_guest_error(DEV_NAME, "QueueNotify", val, "%s", why);
        return;
    }
    take_available(d);
}

static void vblk_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct vblk *d = dev;
    unsigned slot = (unsigned)(off / PLAT_VIRTIO_STRIDE);
    off %= PLAT_VIRTIO_STRIDE;
    if (slot != 0 || !d->present)
        return;                 /* an empty slot ignores writes, as QEMU's */
    if (off >= VIRTIO_CONFIG) {
        dev_guest_error(DEV_NAME, "config", off - VIRTIO_CONFIG, "the block device's config "
                        "space is read-only (no VIRTIO_BLK_F_CONFIG_WCE)");
        return;
    }
    if (size != 4 || (off & 3)) {
        dev_guest_error(DEV_NAME, reg_name(off), val, "%u-byte write at offset 0x%llx; the "
                        "registers take aligned 32-bit accesses", size, (unsigned long long)off);
        return;
    }
    switch (off) {
    case VIRTIO_DEVICE_FEATURES_SEL:
        d->dev_feat_sel = (uint32_t)val;
        break;
    case VIRTIO_DRIVER_FEATURES_SEL:
        d->drv_feat_sel = (uint32_t)val;
        break;
    case VIRTIO_DRIVER_FEATURES:
        if (d->status & VIRTIO_ST_FEATURES_OK) {
            dev_guest_error(DEV_NAME, "DriverFeatures", val, "features are fixed once "
                            "FEATURES_OK is set");
        } else if (d->drv_feat_sel < 2) {
            unsigned sh = 32 * d->drv_feat_sel;
            d->drv_features = (d->drv_features & ~(0xffffffffull << sh)) | (val << sh);
        } else if (val) {
            dev_guest_error(DEV_NAME, "DriverFeatures", val, "no features above bit 63 "
                            "(DriverFeaturesSel %u)", d->drv_feat_sel);
        }
        break;
    case VIRTIO_QUEUE_SEL:
        d->queue_sel = (uint32_t)val;
        break;
    case VIRTIO_QUEUE_NUM:
        if (!queue_programmable(d, off, val))
            break;
        if (val == 0 || val > QUEUE_NUM_MAX || (val & (val - 1))) {
            dev_guest_error(DEV_NAME, "QueueNum", val, "a split queue's size is a power of "
                            "two from 1 to QueueNumMax (%u)", QUEUE_NUM_MAX);
            break;
        }
        d->qnum = (uint32_t)val;
        break;
    case VIRTIO_QUEUE_DESC_LOW:
    case VIRTIO_QUEUE_DESC_HIGH:
        if (queue_programmable(d, off, val))
            set_half(&d->desc, off, val);
        break;
    case VIRTIO_QUEUE_DRIVER_LOW:
    case VIRTIO_QUEUE_DRIVER_HIGH:
        if (queue_programmable(d, off, val))
            set_half(&d->avail, off, val);
        break;
    case VIRTIO_QUEUE_DEVICE_LOW:
    case VIRTIO_QUEUE_DEVICE_HIGH:
        if (queue_programmable(d, off, val))
            set_half(&d->used, off, val);
        break;
    case VIRTIO_QUEUE_READY:
        if (val > 1) {
            dev_guest_error(DEV_NAME, "QueueReady", val, "write 1 (ready) or 0");
        } else if (d->queue_sel != 0) {
            dev_guest_error(DEV_NAME, "QueueReady", val, "QueueSel names a queue this device "
                            "does not have (it has queue 0)");
        } else if (val == 0) {
            d->qready = false;
        } else if (!d->qready) {
            if (d->status & VIRTIO_ST_DRIVER_OK)
                dev_guest_error(DEV_NAME, "QueueReady", val, "the queue cannot change after "
                                "DRIVER_OK");
            else if (queue_valid(d))
                d->qready = true;
        }
        break;
    case VIRTIO_QUEUE_NOTIFY:
        notify(d, val);
        break;
    case VIRTIO_INTERRUPT_ACK:
        d->isr &= ~(uint32_t)val;
        update_irq(d);
        break;
    case VIRTIO_STATUS:
        write_status(d, val);
        break;
    default:
        dev_guest_error(DEV_NAME, reg_name(off), val, "write to a read-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        break;
    }
}

/* ---- life cycle --------------------------------------------------------- */

static void vblk_reset(void *dev)
{
    reset_transport(dev);
}

static void vblk_power(void *dev, enum power_phase phase)
{
    if (phase == POWER_CUT)
        drop_queue(dev, true);
}

/* Open and lock the image; the config check made sure it exists and is whole
 * sectors, so failing here is a race or a lock held elsewhere: exit 2. */
static void open_image(struct vblk *d, const char *path)
{
    struct stat st;
    snprintf(d->path, sizeof d->path, "%s", path);
    d->fd = open(path, O_RDWR | O_CLOEXEC);
    if (d->fd < 0) {
        fprintf(stderr, "simscm: disk %s: cannot open: %s\n", path, strerror(errno));
        exit(EXIT_USAGE);
    }
    if (flock(d->fd, LOCK_EX | LOCK_NB) < 0) {
        fprintf(stderr, "simscm: disk %s: %s\n", path, errno == EWOULDBLOCK ?
                "image is in use by another simscm process" : strerror(errno));
        exit(EXIT_USAGE);
    }
    if (fstat(d->fd, &st) < 0 || st.st_size <= 0 || st.st_size % SECTOR_BYTES) {
        fprintf(stderr, "simscm: disk %s: not a positive multiple of 512 bytes\n", path);
        exit(EXIT_USAGE);
    }
    d->capacity = (uint64_t)st.st_size / SECTOR_BYTES;
}

static void *vblk_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    const struct disk_config *dc = &m->cfg->disk;
    struct vblk *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->bus = &m->bus;
    d->clk = &m->clk;
    d->irq = irq;
    d->fd = -1;
    d->done_ev = (struct event){ .fn = done_event, .opaque = d, .name = "virtio-blk-done" };
    if (dc->image[0]) {
        open_image(d, dc->image);
        d->present = true;
        d->bounce = malloc(BOUNCE_BYTES);
        if (!d->bounce)
            abort();
        for (int i = 0; i < QUEUE_NUM_MAX; i++) {
            d->reqs[i].segs = calloc(QUEUE_NUM_MAX, sizeof *d->reqs[i].segs);
            if (!d->reqs[i].segs)
                abort();
        }
    }
    d->cfg = dc;
    d->rng = m->cfg->seed ^ 0x76697274696f626cull;     /* "virtiobl" */
    reset_transport(d);
    return d;
}

/* "virtio_blk": what the disk did (docs/stats.md). */
static void vblk_stats_json(void *dev, struct json *j)
{
    struct vblk *d = dev;
    json_object_begin(j, "virtio_blk");
    json_bool(j, "present", d->present);
    json_u64(j, "capacity_sectors", d->capacity);
    json_u64(j, "reads", d->st.reads);
    json_u64(j, "writes", d->st.writes);
    json_u64(j, "flushes", d->st.flushes);
    json_u64(j, "get_ids", d->st.get_ids);
    json_u64(j, "read_bytes", d->st.read_bytes);
    json_u64(j, "write_bytes", d->st.write_bytes);
    json_u64(j, "unsupported", d->st.unsupported);
    json_u64(j, "io_errors", d->st.io_errors);
    json_u64(j, "needs_reset", d->st.needs_reset);
    json_u64(j, "cut_requests_lost", d->st.cut_lost);
    json_u64(j, "cut_writes_landed", d->st.cut_writes_landed);
    json_u64(j, "cut_writes_lost", d->st.cut_writes_lost);
    json_u64(j, "reset_writes_drained", d->st.reset_writes_drained);
    json_u64(j, "in_flight", d->rq_count);
    json_object_end(j);
}

static void vblk_dump(void *dev, FILE *f)
{
    struct vblk *d = dev;
    fprintf(f, "virtio-blk: present=%d sectors=%llu status=0x%x isr=0x%x queue num=%u "
            "ready=%d avail=%u used=%u in_flight=%u irq=%d\n", d->present,
            (unsigned long long)d->capacity, d->status, d->isr, d->qnum, d->qready,
            d->last_avail, d->used_idx, d->rq_count, d->level);
}

static void vblk_free(void *dev)
{
    struct vblk *d = dev;
    /* The end of the run is a power-off: queued writes meet a cut's fate. */
    drop_queue(d, true);
    if (d->fd >= 0) {
        if (fsync(d->fd) < 0)
            host_error(d, "fsync");
        close(d->fd);
    }
    for (int i = 0; i < QUEUE_NUM_MAX; i++)
        free(d->reqs[i].segs);
    free(d->bounce);
    free(d);
}

const struct dev_ops virtio_blk_ops = {
    .name = "virtio-blk",
    .init = vblk_init,
    .read = vblk_read,
    .write = vblk_write,
    .reset = vblk_reset,
    .power = vblk_power,
    .stats_json = vblk_stats_json,
    .dump = vblk_dump,
    .free = vblk_free,
};
