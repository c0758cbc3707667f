/*
 * test_virtio_blk.c -- the virtio block device (sim/devices/virtio_blk.c,
 * docs/disk.md): register rules, request handling, timing, error paths and
 * power cuts, on a whole machine (machine_build/machine_boot from a config,
 * as in test_powercycle.c) so the device reaches guest memory through the
 * real bus and its interrupt through the real PLIC.
 *
 * The guest's side is played through the bus: registers with bus_read and
 * bus_write at PLAT_VIRTIO0_BASE, rings and buffers written straight into
 * guest RAM.  1 GHz, so one cycle is one ns.  The disk is a 64 KiB image of
 * zeros (128 sectors) with write_us 10, read_us 5, 1000 ns per KiB both
 * ways and flush_us 7.
 */
#include "dev_fixture.h"
#include "config.h"
#include "platform.h"
#include "power.h"
#include "cpu/hart.h"
#include "mem/region.h"
#include <elf.h>
#include <fcntl.h>

#define RAM        0x80000000ull
#define V(off)     (PLAT_VIRTIO0_BASE + (off))
#define QN         8
#define DESC       (RAM + 0x10000)        /* rings and buffers in guest RAM */
#define AVAIL      (RAM + 0x11000)
#define USED       (RAM + 0x12000)
#define HDR        (RAM + 0x13000)
#define STATUSB    (RAM + 0x13100)
#define DATA       (RAM + 0x14000)
#define PLIC_PENDING0   (PLAT_PLIC_BASE + 0x1000)
#define F_FLUSH    (1u << 9)
#define F_BLK_SIZE (1u << 6)

struct vfx {
    struct config c;
    struct machine m;
    bool built;
    char elf[64], img[64];
    FILE *out;
    uint16_t avail_idx;
};

static void set(struct vfx *f, const char *assignment)
{
    if (config_set(&f->c, assignment) != 0)
        fail_msg("config_set %s", assignment);
}

static int setup(void **state)
{
    struct vfx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    config_defaults(&f->c);
    set(f, "sim.seed=3");
    set(f, "cpu.timing=off");
    set(f, "region.ram.kind=dram");
    set(f, "region.ram.base=0x80000000");
    set(f, "region.ram.size_mib=2");
    set(f, "disk.write_us=10");
    set(f, "disk.read_us=5");
    set(f, "disk.write_ns_per_kib=1000");
    set(f, "disk.read_ns_per_kib=1000");
    set(f, "disk.flush_us=7");
    strcpy(f->elf, "/tmp/simscm-vb-elf-XXXXXX");
    int fd = mkstemp(f->elf);
    assert_true(fd >= 0);
    close(fd);
    dfx_write_spin_elf(f->elf, RAM);
    strcpy(f->img, "/tmp/simscm-vb-img-XXXXXX");
    fd = mkstemp(f->img);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 64 * 1024), 0);
    close(fd);
    f->out = tmpfile();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct vfx *f = *state;
    if (f->built)
        machine_free(&f->m);
    fclose(f->out);
    unlink(f->elf);
    unlink(f->img);
    free(f);
    return 0;
}

static void boot(struct vfx *f, bool disk)
{
    if (disk) {
        char a[128];
        snprintf(a, sizeof a, "disk.image=%s", f->img);
        set(f, a);
    }
    assert_int_equal(config_validate(&f->c), 0);
    struct machine_opts o = { .elf_path = f->elf, .input_path = "/dev/null", .out = f->out };
    assert_int_equal(machine_build(&f->m, &f->c, &o), 0);
    f->built = true;
    assert_int_equal(machine_boot(&f->m), 0);
    clock_rearm(&f->m.clk);
}

static uint64_t rd(struct vfx *f, uint64_t pa, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(bus_read(&f->m.bus, pa, size, &v), BUS_OK);
    return v;
}

static uint32_t rv(struct vfx *f, uint64_t off)
{
    return (uint32_t)rd(f, V(off), 4);
}

static void wv(struct vfx *f, uint64_t off, uint32_t val)
{
    assert_int_equal(bus_write(&f->m.bus, V(off), 4, val), BUS_OK);
}

static uint8_t *ram(struct vfx *f, uint64_t pa)
{
    uint8_t *p = bus_host_ptr(&f->m.bus, pa, 1);
    assert_non_null(p);
    return p;
}

static void advance_to(struct vfx *f, uint64_t cycle)
{
    struct simclock *c = &f->m.clk;
    while (c->queue && c->queue->when <= cycle) {
        if (c->queue->when > c->cycle)
            c->cycle = c->queue->when;
        clock_run_due(c);
    }
    c->cycle = cycle;
    clock_run_due(c);
    clock_rearm(c);
}

/* The driver's side of initialisation; returns Status after FEATURES_OK. */
static uint32_t negotiate(struct vfx *f, uint32_t lo, uint32_t hi)
{
    wv(f, VIRTIO_STATUS, 0);
    wv(f, VIRTIO_STATUS, VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER);
    wv(f, VIRTIO_DRIVER_FEATURES_SEL, 0);
    wv(f, VIRTIO_DRIVER_FEATURES, lo);
    wv(f, VIRTIO_DRIVER_FEATURES_SEL, 1);
    wv(f, VIRTIO_DRIVER_FEATURES, hi);
    wv(f, VIRTIO_STATUS, VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER | VIRTIO_ST_FEATURES_OK);
    return rv(f, VIRTIO_STATUS);
}

static void program_queue(struct vfx *f)
{
    memset(ram(f, DESC), 0, 0x3000);
    f->avail_idx = 0;
    wv(f, VIRTIO_QUEUE_SEL, 0);
    wv(f, VIRTIO_QUEUE_NUM, QN);
    wv(f, VIRTIO_QUEUE_DESC_LOW, (uint32_t)DESC);
    wv(f, VIRTIO_QUEUE_DESC_HIGH, 0);
    wv(f, VIRTIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL);
    wv(f, VIRTIO_QUEUE_DRIVER_HIGH, 0);
    wv(f, VIRTIO_QUEUE_DEVICE_LOW, (uint32_t)USED);
    wv(f, VIRTIO_QUEUE_DEVICE_HIGH, 0);
    wv(f, VIRTIO_QUEUE_READY, 1);
}

static void setup_device(struct vfx *f)
{
    assert_int_equal(negotiate(f, F_FLUSH, 1), 0xb);
    program_queue(f);
    assert_int_equal(rv(f, VIRTIO_QUEUE_READY), 1);
    wv(f, VIRTIO_STATUS, 0xf);
    assert_int_equal(rv(f, VIRTIO_STATUS), 0xf);
}

static void put_desc(struct vfx *f, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t *d = ram(f, DESC + 16 * i);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

static void post(struct vfx *f, uint16_t head)
{
    memcpy(ram(f, AVAIL + 4 + 2 * (f->avail_idx % QN)), &head, 2);
    f->avail_idx++;
    memcpy(ram(f, AVAIL + 2), &f->avail_idx, 2);
    wv(f, VIRTIO_QUEUE_NOTIFY, 0);
}

/* A three-descriptor request at descriptors 0..2; the data at DATA. */
static void request(struct vfx *f, uint32_t type, uint64_t sector, uint32_t len)
{
    uint8_t *h = ram(f, HDR);
    memset(h, 0, 16);
    memcpy(h, &type, 4);
    memcpy(h + 8, &sector, 8);
    *ram(f, STATUSB) = 0xee;
    put_desc(f, 0, HDR, 16, 1, 1);
    put_desc(f, 1, DATA, len, 1 | (type == 1 ? 0 : 2), 2);
    put_desc(f, 2, STATUSB, 1, 2, 0);
    post(f, 0);
}

static uint16_t used_idx(struct vfx *f)
{
    uint16_t v;
    memcpy(&v, ram(f, USED + 2), 2);
    return v;
}

static void read_image(struct vfx *f, uint64_t off, void *buf, size_t len)
{
    int fd = open(f->img, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

/* ---- tests: dev_guest_error prints a register once per process, so each
 * test provokes messages on registers no earlier test used ---- */

static void test_virtio_blk_empty_slots_read_as_qemu(void **state)
{
    struct vfx *f = *state;
    boot(f, false);
    uint64_t before = dev_guest_error_count();
    for (uint64_t s = 0; s < PLAT_VIRTIO_COUNT; s++) {
        uint64_t b = s * PLAT_VIRTIO_STRIDE;
        assert_int_equal(rv(f, b + VIRTIO_MAGIC), VIRTIO_MAGIC_VALUE);
        assert_int_equal(rv(f, b + VIRTIO_VERSION), 2);
        assert_int_equal(rv(f, b + VIRTIO_DEVICE_ID), 0);
        assert_int_equal(rv(f, b + VIRTIO_VENDOR_ID), VIRTIO_VENDOR_QEMU);
        assert_int_equal(rv(f, b + VIRTIO_QUEUE_NUM_MAX), 0);
        wv(f, b + VIRTIO_STATUS, 0xf);
        assert_int_equal(rv(f, b + VIRTIO_STATUS), 0);
    }
    assert_int_equal(dev_guest_error_count(), before);
}

static void test_virtio_blk_identity_features_config(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    assert_int_equal(rv(f, VIRTIO_DEVICE_ID), 2);
    assert_int_equal(rv(f, VIRTIO_VERSION), 2);
    assert_int_equal(rv(f, PLAT_VIRTIO_STRIDE + VIRTIO_DEVICE_ID), 0);
    wv(f, VIRTIO_DEVICE_FEATURES_SEL, 0);
    assert_int_equal(rv(f, VIRTIO_DEVICE_FEATURES), F_FLUSH | F_BLK_SIZE);
    wv(f, VIRTIO_DEVICE_FEATURES_SEL, 1);
    assert_int_equal(rv(f, VIRTIO_DEVICE_FEATURES), 1);
    wv(f, VIRTIO_DEVICE_FEATURES_SEL, 2);
    assert_int_equal(rv(f, VIRTIO_DEVICE_FEATURES), 0);
    assert_int_equal(rv(f, VIRTIO_QUEUE_NUM_MAX), 256);
    wv(f, VIRTIO_QUEUE_SEL, 1);
    assert_int_equal(rv(f, VIRTIO_QUEUE_NUM_MAX), 0);
    assert_int_equal(rv(f, VIRTIO_CONFIG), 128);
    assert_int_equal(rv(f, VIRTIO_CONFIG + 4), 0);
    assert_int_equal(rd(f, V(VIRTIO_CONFIG), 1), 128);
    assert_int_equal(rv(f, VIRTIO_CONFIG + 20), 512);
    assert_int_equal(rv(f, VIRTIO_CONFIG_GENERATION), 0);
}

static void test_virtio_blk_status_rules(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    struct capture cap;
    capture_begin(&cap);
    /* No VERSION_1: FEATURES_OK does not stick. */
    assert_int_equal(negotiate(f, F_FLUSH, 0) & VIRTIO_ST_FEATURES_OK, 0);
    /* A feature not offered (bit 28, indirect descriptors). */
    assert_int_equal(negotiate(f, 1u << 28, 1) & VIRTIO_ST_FEATURES_OK, 0);
    /* DRIVER_OK without FEATURES_OK. */
    wv(f, VIRTIO_STATUS, 0);
    wv(f, VIRTIO_STATUS, VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER | VIRTIO_ST_DRIVER_OK);
    assert_int_equal(rv(f, VIRTIO_STATUS), VIRTIO_ST_ACKNOWLEDGE | VIRTIO_ST_DRIVER);
    /* The good way, then features are frozen, then 0 resets. */
    assert_int_equal(negotiate(f, F_FLUSH, 1), 0xb);
    wv(f, VIRTIO_DRIVER_FEATURES_SEL, 0);
    wv(f, VIRTIO_DRIVER_FEATURES, 0);
    wv(f, VIRTIO_STATUS, 0);
    assert_int_equal(rv(f, VIRTIO_STATUS), 0);
    const char *err = capture_end(&cap);
    assert_contains(err, "simscm: virtio-blk: register Status: value 0xb: FEATURES_OK "
                         "without VIRTIO_F_VERSION_1");
    assert_contains(err, "register DriverFeatures: value 0x0: features are fixed");
}

static void test_virtio_blk_queue_rules(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    struct capture cap;
    capture_begin(&cap);
    assert_int_equal(negotiate(f, F_FLUSH, 1), 0xb);
    wv(f, VIRTIO_QUEUE_NUM, 6);                 /* not a power of two */
    wv(f, VIRTIO_QUEUE_NUM, 512);               /* above QueueNumMax */
    wv(f, VIRTIO_QUEUE_READY, 1);               /* QueueNum not set */
    assert_int_equal(rv(f, VIRTIO_QUEUE_READY), 0);
    wv(f, VIRTIO_QUEUE_NUM, QN);
    wv(f, VIRTIO_QUEUE_DESC_LOW, (uint32_t)DESC + 8);     /* misaligned */
    wv(f, VIRTIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL);
    wv(f, VIRTIO_QUEUE_DEVICE_LOW, (uint32_t)USED);
    wv(f, VIRTIO_QUEUE_READY, 1);
    assert_int_equal(rv(f, VIRTIO_QUEUE_READY), 0);
    program_queue(f);
    assert_int_equal(rv(f, VIRTIO_QUEUE_READY), 1);
    wv(f, VIRTIO_STATUS, 0xf);
    wv(f, VIRTIO_QUEUE_DEVICE_LOW, 0x1000);     /* after DRIVER_OK */
    wv(f, VIRTIO_QUEUE_NOTIFY, 3);              /* no queue 3 */
    rd(f, V(VIRTIO_QUEUE_NUM_MAX), 2);          /* wrong size */
    const char *err = capture_end(&cap);
    assert_contains(err, "register QueueNum: value 0x6: a split queue's size is a power of two");
    assert_contains(err, "register QueueReady: value 0x1: QueueNum was not set");
    assert_contains(err, "register QueueDeviceLow: value 0x1000: the queue cannot change after DRIVER_OK");
    assert_contains(err, "register QueueNotify: value 0x3: no such queue");
    assert_contains(err, "register QueueNumMax: value 0x34: 2-byte read");
    /* The queue kept its addresses and still works. */
    request(f, 1, 0, 512);
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(used_idx(f), 1);
    assert_int_equal(*ram(f, STATUSB), 0);
}

static void test_virtio_blk_write_then_read_timing_and_interrupt(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    assert_int_equal(bus_write(&f->m.bus, PLAT_PLIC_BASE + 4 * PLAT_VIRTIO0_IRQ, 4, 1), BUS_OK);
    setup_device(f);
    for (int i = 0; i < 2048; i++)
        ram(f, DATA)[i] = (uint8_t)(i * 13 + 1);
    uint64_t t0 = f->m.clk.cycle;
    request(f, 1, 4, 2048);                     /* 10 us + 2 KiB * 1000 ns */
    uint64_t done = t0 + 10000 + 2000;
    advance_to(f, done - 1);
    assert_int_equal(used_idx(f), 0);
    assert_int_equal(rv(f, VIRTIO_INTERRUPT_STATUS), 0);
    advance_to(f, done);
    assert_int_equal(used_idx(f), 1);
    assert_int_equal(*ram(f, STATUSB), 0);
    uint32_t id, len;
    memcpy(&id, ram(f, USED + 4), 4);
    memcpy(&len, ram(f, USED + 8), 4);
    assert_int_equal(id, 0);
    assert_int_equal(len, 1);
    assert_int_equal(rv(f, VIRTIO_INTERRUPT_STATUS), VIRTIO_INT_USED);
    assert_true((rd(f, PLIC_PENDING0, 4) >> PLAT_VIRTIO0_IRQ) & 1);
    uint8_t img[2048];
    read_image(f, 4 * 512, img, sizeof img);
    assert_memory_equal(img, ram(f, DATA), sizeof img);
    wv(f, VIRTIO_INTERRUPT_ACK, VIRTIO_INT_USED);
    assert_int_equal(rv(f, VIRTIO_INTERRUPT_STATUS), 0);

    /* Read it back elsewhere: 5 us + 2 us; the code generation moves. */
    memset(ram(f, DATA), 0, 2048);
    uint64_t gen = f->m.bus.code_gen;
    t0 = f->m.clk.cycle;
    request(f, 0, 4, 2048);
    advance_to(f, t0 + 7000);
    assert_int_equal(used_idx(f), 2);
    memcpy(&len, ram(f, USED + 16), 4);
    assert_int_equal(len, 2049);
    assert_memory_equal(img, ram(f, DATA), sizeof img);
    assert_true(f->m.bus.code_gen > gen);
}

static void test_virtio_blk_requests_queue_in_order(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    setup_device(f);
    /* Two flushes behind one notify: 7 us, then 7 us more. */
    uint8_t *h = ram(f, HDR);
    memset(h, 0, 32);
    h[0] = 4;
    h[16] = 4;
    put_desc(f, 0, HDR, 16, 1, 1);
    put_desc(f, 1, STATUSB, 1, 2, 0);
    put_desc(f, 2, HDR + 16, 16, 1, 3);
    put_desc(f, 3, STATUSB + 1, 1, 2, 0);
    uint16_t heads[2] = { 0, 2 };
    memcpy(ram(f, AVAIL + 4), heads, 4);
    f->avail_idx = 2;
    memcpy(ram(f, AVAIL + 2), &f->avail_idx, 2);
    uint64_t t0 = f->m.clk.cycle;
    wv(f, VIRTIO_QUEUE_NOTIFY, 0);
    advance_to(f, t0 + 7000);
    assert_int_equal(used_idx(f), 1);
    advance_to(f, t0 + 14000);
    assert_int_equal(used_idx(f), 2);
    uint32_t id;
    memcpy(&id, ram(f, USED + 12), 4);
    assert_int_equal(id, 2);
}

static void test_virtio_blk_bad_requests_answer_status(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    setup_device(f);
    struct capture cap;
    capture_begin(&cap);
    request(f, 0, 127, 1024);                   /* past the end */
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(*ram(f, STATUSB), 1);
    request(f, 1, 0, 100);                      /* not whole sectors */
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(*ram(f, STATUSB), 1);
    request(f, 77, 0, 512);                     /* unknown type */
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(*ram(f, STATUSB), 2);
    request(f, 8, 0, 20);                       /* GET_ID */
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(*ram(f, STATUSB), 0);
    assert_string_equal((char *)ram(f, DATA), "simscm-disk0");
    const char *err = capture_end(&cap);
    assert_contains(err, "register req.sector: value 0x7f: read of sectors [127, +2) beyond");
    assert_contains(err, "register req.len: value 0x64");
    assert_int_equal(rv(f, VIRTIO_STATUS), 0xf);
}

static void test_virtio_blk_fatal_errors_need_reset(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    struct capture cap;
    uint64_t errors0 = dev_guest_error_count();
    capture_begin(&cap);
    static const char *const want[] = {
        "register desc.next: value 0x0: the chain from descriptor 0 is longer than the queue",
        "register avail.ring: value 0x9: descriptor index 9 is outside the queue of 8",
        "register avail.idx: value 0x9: the driver moved the available index from 0 to 9",
        "register desc.flags: value 0x4: descriptor 0 is indirect",
        "register req.layout: value 0x0: chain 0 has 16 device-readable and 0",
        "register desc.addr: value 0x0: descriptor 1: [0x0, +512) is not in guest RAM",
    };
    /* dev_guest_error prints each register once per run: the last case
     * (desc.flags again: readable after writable) is only counted. */
    for (int k = 0; k < 7; k++) {
        setup_device(f);
        put_desc(f, 0, HDR, 16, 1, 1);
        switch (k) {
        case 0: put_desc(f, 1, DATA, 512, 1, 0); post(f, 0); break;           /* loop */
        case 1: post(f, 9); break;                                            /* head 9 */
        case 2: f->avail_idx = 8; post(f, 0); break;                          /* overrun */
        case 3: put_desc(f, 0, HDR, 16, 4, 0); post(f, 0); break;             /* indirect */
        case 4: put_desc(f, 0, HDR, 16, 0, 0); post(f, 0); break;             /* no status */
        case 5: put_desc(f, 1, 0, 512, 1, 2); put_desc(f, 2, STATUSB, 1, 2, 0); post(f, 0); break;
        case 6: put_desc(f, 0, HDR, 16, 3, 1); put_desc(f, 1, DATA, 512, 1, 2);
                put_desc(f, 2, STATUSB, 1, 2, 0); post(f, 0); break;
        }
        assert_int_equal(rv(f, VIRTIO_STATUS), 0xf | VIRTIO_ST_NEEDS_RESET);
        assert_int_equal(rv(f, VIRTIO_INTERRUPT_STATUS), VIRTIO_INT_CONFIG);
        /* Notifies are refused until the reset. */
        wv(f, VIRTIO_QUEUE_NOTIFY, 0);
        advance_to(f, f->m.clk.cycle + 1000000);
        assert_int_equal(used_idx(f), 0);
    }
    const char *err = capture_end(&cap);
    for (int k = 0; k < 6; k++)
        assert_contains(err, want[k]);
    assert_int_equal(dev_guest_error_count() - errors0, 7 + 7);   /* + the refused notifies */
    /* After a reset everything works again. */
    setup_device(f);
    request(f, 1, 0, 512);
    advance_to(f, f->m.clk.cycle + 1000000);
    assert_int_equal(used_idx(f), 1);
    assert_int_equal(*ram(f, STATUSB), 0);
}

/* A cut drops queued requests; each queued write lands or not by the seed. */
static void cut_with(struct vfx *f, const char *percent, bool lands)
{
    set(f, percent);
    boot(f, true);
    setup_device(f);
    memset(ram(f, DATA), 0xa5, 512);
    request(f, 1, 2, 512);
    uint64_t lost0, flushed;
    machine_cut(&f->m, &lost0, &flushed);
    uint8_t img[512], want[512];
    read_image(f, 2 * 512, img, sizeof img);
    memset(want, lands ? 0xa5 : 0, sizeof want);
    assert_memory_equal(img, want, sizeof img);
    assert_int_equal(used_idx(f), 0);
    assert_int_equal(rv(f, VIRTIO_STATUS), 0);    /* volatile */
}

static void test_virtio_blk_cut_loses_queued_write(void **state)
{
    cut_with(*state, "disk.cut_survive_percent=0", false);
}

static void test_virtio_blk_cut_may_land_queued_write(void **state)
{
    cut_with(*state, "disk.cut_survive_percent=100", true);
}

/* A driver reset finishes queued writes (as QEMU drains) but reports none. */
static void test_virtio_blk_reset_drains_writes(void **state)
{
    struct vfx *f = *state;
    boot(f, true);
    setup_device(f);
    memset(ram(f, DATA), 0x5a, 512);
    request(f, 1, 3, 512);
    wv(f, VIRTIO_STATUS, 0);
    uint8_t img[512], want[512];
    read_image(f, 3 * 512, img, sizeof img);
    memset(want, 0x5a, sizeof want);
    assert_memory_equal(img, want, sizeof img);
    assert_int_equal(used_idx(f), 0);
    for (struct event *e = f->m.clk.queue; e; e = e->next)
        assert_string_not_equal(e->name, "virtio-blk-done");
}

/* Timing mode, SCM: a read from disk reaches both views of the region. */
static void test_virtio_blk_dma_into_scm_is_durable(void **state)
{
    struct vfx *f = *state;
    set(f, "cpu.timing=on");
    set(f, "region.ram.kind=scm");
    boot(f, true);
    struct region *r = bus_region(&f->m.bus, DATA, 512);
    assert_non_null(r);
    assert_true(r->durable != r->mem);
    setup_device(f);
    memset(ram(f, DATA), 0x3c, 512);
    request(f, 1, 5, 512);
    advance_to(f, f->m.clk.cycle + 1000000);
    memset(ram(f, DATA), 0, 512);
    request(f, 0, 5, 512);
    advance_to(f, f->m.clk.cycle + 1000000);
    uint8_t want[512];
    memset(want, 0x3c, sizeof want);
    assert_memory_equal(r->mem + (DATA - r->base), want, 512);
    assert_memory_equal(r->durable + (DATA - r->base), want, 512);
    /* The status byte and the used ring too. */
    assert_int_equal(r->durable[STATUSB - r->base], 0);
    assert_memory_equal(r->durable + (USED - r->base), r->mem + (USED - r->base), 4 + 8 * QN);
}

static void test_virtio_blk_config_rejects_bad_image(void **state)
{
    struct vfx *f = *state;
    struct capture cap;
    set(f, "disk.image=/nonexistent/disk.img");
    capture_begin(&cap);
    assert_int_equal(config_validate(&f->c), -1);
    assert_contains(capture_end(&cap), "image: /nonexistent/disk.img: No such file");
    int fd = open(f->img, O_WRONLY);
    assert_int_equal(ftruncate(fd, 1000), 0);
    close(fd);
    char a[128];
    snprintf(a, sizeof a, "disk.image=%s", f->img);
    set(f, a);
    capture_begin(&cap);
    assert_int_equal(config_validate(&f->c), -1);
    assert_contains(capture_end(&cap), "has 1000 bytes, not a positive multiple of 512");
}

static void test_virtio_blk_model_sets_unset_latencies(void **state)
{
    struct vfx *f = *state;
    /* setup gave write_us etc.; read_us was given too, flush_us too */
    struct config c;
    config_defaults(&c);
    assert_int_equal(c.disk.read_us, 80);
    assert_int_equal(config_set(&c, "disk.write_us=33"), 0);
    assert_int_equal(config_set(&c, "disk.model=hdd"), 0);
    assert_int_equal(c.disk.write_us, 33);
    assert_int_equal(c.disk.read_us, 12700);
    assert_int_equal(c.disk.flush_us, 8300);
    (void)f;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_virtio_blk_empty_slots_read_as_qemu),
        T(test_virtio_blk_identity_features_config),
        T(test_virtio_blk_status_rules),
        T(test_virtio_blk_queue_rules),
        T(test_virtio_blk_write_then_read_timing_and_interrupt),
        T(test_virtio_blk_requests_queue_in_order),
        T(test_virtio_blk_bad_requests_answer_status),
        T(test_virtio_blk_fatal_errors_need_reset),
        T(test_virtio_blk_cut_loses_queued_write),
        T(test_virtio_blk_cut_may_land_queued_write),
        T(test_virtio_blk_reset_drains_writes),
        T(test_virtio_blk_dma_into_scm_is_durable),
        T(test_virtio_blk_config_rejects_bad_image),
        T(test_virtio_blk_model_sets_unset_latencies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
