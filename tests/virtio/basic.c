/*
 * basic.c -- drives the virtio block device directly and prints a transcript
 * that must be the same, byte for byte, on simscm and on QEMU's
 * virtio-blk-device (tests/virtio/run.sh compares the consoles and then the
 * two image files).  The disk is a 1 MiB image of zeros with serial
 * VIRTIO_SERIAL.
 *
 *   - an empty slot and the disk's identification registers;
 *   - the features we need are offered, FEATURES_OK sticks, the queue and
 *     config space (capacity, blk_size, generation);
 *   - GET_ID; writes of 512 B, 4 KiB and 64 KiB, each completed by an
 *     interrupt, and reads of them; a chain of six data descriptors of odd
 *     sizes; a header sharing its descriptor with the data, and data sharing
 *     one with the status byte; FLUSH; four requests behind one notify;
 *   - the errors both devices answer the same: a read past the end and a
 *     write of 100 bytes (IOERR), an unknown type (UNSUPP);
 *   - 40 requests one after another, so the ring indices wrap.
 */
#include "vblk.h"

#define BIG (64u * 1024)

static uint8_t wbuf[BIG] __attribute__((aligned(4096)));
static uint8_t rbuf[BIG] __attribute__((aligned(4096)));
static uint8_t onebuf[16 + 512 + 1] __attribute__((aligned(16)));
static char idbuf[20];

static void check(const char *what, int ok)
{
    if (ok)
        return;
    puts_("FAIL ");
    puts_(what);
    putch('\n');
    failures++;
}

static void one(const char *what, uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
    uint32_t ulen;
    unsigned irq0 = irqs;
    unsigned st = blk_req(type, sector, buf, len, &ulen);
    puts_(what);
    kv("sector", sector);
    kv("bytes", len);
    kv("status", st);
    kv("used_len", ulen);
    kv("irq", irqs > irq0);
    kv("isr", last_isr);
    putch('\n');
}

static void write_read(uint32_t len, uint64_t sector, uint32_t seed)
{
    pattern(wbuf, len, seed);
    one("write", T_OUT, sector, wbuf, len);
    zero(rbuf, len);
    one("read ", T_IN, sector, rbuf, len);
    puts_("  match");
    kv("bytes", len);
    kv("ok", same(wbuf, rbuf, len));
    putch('\n');
    check("read back", same(wbuf, rbuf, len));
}

int main(void)
{
    puts_("virtio-blk basic\n");
    int e = vslot_find(0);
    check("an empty slot", e >= 0);
    uint64_t eb = PLAT_VIRTIO0_BASE + (uint64_t)e * PLAT_VIRTIO_STRIDE;
    puts_("empty slot:");
    kx("magic", rd32(eb + VIRTIO_MAGIC));
    kv("version", rd32(eb + VIRTIO_VERSION));
    kv("device", rd32(eb + VIRTIO_DEVICE_ID));
    kx("vendor", rd32(eb + VIRTIO_VENDOR_ID));
    kv("queue_num_max", rd32(eb + VIRTIO_QUEUE_NUM_MAX));
    putch('\n');

    int s = vslot_find(2);
    if (s < 0) {
        puts_("FAIL no virtio block device\n");
        return 1;
    }
    vbase = PLAT_VIRTIO0_BASE + (uint64_t)s * PLAT_VIRTIO_STRIDE;
    virq = PLAT_VIRTIO0_IRQ + (unsigned)s;
    puts_("disk:");
    kx("magic", rd32(VREG(VIRTIO_MAGIC)));
    kv("version", rd32(VREG(VIRTIO_VERSION)));
    kv("device", rd32(VREG(VIRTIO_DEVICE_ID)));
    kx("vendor", rd32(VREG(VIRTIO_VENDOR_ID)));
    putch('\n');

    wr32(VREG(VIRTIO_STATUS), 0);
    kv("status_after_reset", rd32(VREG(VIRTIO_STATUS)));
    putch('\n');
    wr32(VREG(VIRTIO_DEVICE_FEATURES_SEL), 0);
    uint32_t lo = rd32(VREG(VIRTIO_DEVICE_FEATURES));
    wr32(VREG(VIRTIO_DEVICE_FEATURES_SEL), 1);
    uint32_t hi = rd32(VREG(VIRTIO_DEVICE_FEATURES));
    puts_("features:");
    kv("version_1", hi & 1);
    kv("flush", !!(lo & F_FLUSH));
    kv("blk_size", !!(lo & F_BLK_SIZE));
    putch('\n');

    plic_route(virq);
    uint32_t st = vblk_setup(F_FLUSH | F_BLK_SIZE, F_VERSION_1_HI);
    puts_("setup:");
    kx("status_features_ok", st);
    kx("status", rd32(VREG(VIRTIO_STATUS)));
    kv("queue_num_max_ge_256", rd32(VREG(VIRTIO_QUEUE_NUM_MAX)) >= 256);
    kv("queue_ready", rd32(VREG(VIRTIO_QUEUE_READY)));
    putch('\n');

    uint64_t cap = rd32(VREG(VIRTIO_CONFIG)) | (uint64_t)rd32(VREG(VIRTIO_CONFIG + 4)) << 32;
    puts_("config:");
    kv("capacity", cap);
    kv("blk_size", rd32(VREG(VIRTIO_CONFIG + 20)));
    kv("generation", rd32(VREG(VIRTIO_CONFIG_GENERATION)));
    putch('\n');

    one("get_id", T_GET_ID, 0, idbuf, sizeof idbuf);
    puts_("  id=");
    for (unsigned i = 0; i < sizeof idbuf && idbuf[i]; i++)
        putch(idbuf[i]);
    putch('\n');

    write_read(512, 1, 1);
    write_read(4096, 8, 2);
    write_read(BIG, 64, 3);

    /* Six data descriptors of odd sizes (4096 bytes in all), read back
     * through four others, the last one sharing with the status byte. */
    {
        static const uint32_t wcut[] = { 100, 412, 1024, 2000, 48, 512 };
        static const uint32_t rcut[] = { 1000, 1000, 2000, 96 };
        pattern(wbuf, 4096, 4);
        chain_start();
        chain_add(next_hdr(T_OUT, 200), 16, 0);
        unsigned head = (unsigned)chain_head, at = 0;
        for (unsigned i = 0; i < 6; i++) {
            chain_add(wbuf + at, wcut[i], 0);
            at += wcut[i];
        }
        status_byte[head] = 0xee;
        chain_add(&status_byte[head], 1, 1);
        chain_post();
        vnotify();
        wait_used(++used_seen, 1);
        puts_("chain write: descriptors=8");
        kv("status", status_byte[head]);
        kv("used_len", used_len_of(head));
        putch('\n');

        zero(rbuf, 4097);
        chain_start();
        chain_add(next_hdr(T_IN, 200), 16, 0);
        head = (unsigned)chain_head;
        at = 0;
        for (unsigned i = 0; i < 4; i++) {
            chain_add(rbuf + at, rcut[i] + (i == 3), 1);
            at += rcut[i];
        }
        chain_post();
        vnotify();
        wait_used(++used_seen, 1);
        puts_("chain read: descriptors=5");
        kv("status", rbuf[4096]);
        kv("used_len", used_len_of(head));
        kv("ok", same(wbuf, rbuf, 4096));
        putch('\n');
        check("chain read back", same(wbuf, rbuf, 4096));
    }

    /* Header and data in one descriptor; data and status in one. */
    {
        struct blk_hdr *h = (struct blk_hdr *)onebuf;
        h->type = T_OUT;
        h->reserved = 0;
        h->sector = 210;
        pattern(onebuf + 16, 512, 5);
        pattern(wbuf, 512, 5);
        chain_start();
        chain_add(onebuf, 16 + 512, 0);
        unsigned head = (unsigned)chain_head;
        status_byte[head] = 0xee;
        chain_add(&status_byte[head], 1, 1);
        chain_post();
        vnotify();
        wait_used(++used_seen, 1);
        puts_("shared write:");
        kv("status", status_byte[head]);
        kv("used_len", used_len_of(head));
        putch('\n');
        zero(rbuf, 513);
        rbuf[512] = 0xee;
        chain_start();
        chain_add(next_hdr(T_IN, 210), 16, 0);
        head = (unsigned)chain_head;
        chain_add(rbuf, 513, 1);
        chain_post();
        vnotify();
        wait_used(++used_seen, 1);
        puts_("shared read:");
        kv("status", rbuf[512]);
        kv("used_len", used_len_of(head));
        kv("ok", same(wbuf, rbuf, 512));
        putch('\n');
    }

    one("flush", T_FLUSH, 0, 0, 0);

    /* Four writes behind one notify, then four reads. */
    {
        unsigned heads[4];
        for (unsigned i = 0; i < 4; i++) {
            pattern(wbuf + 4096 * i, 4096, 10 + i);
            chain_start();
            chain_add(next_hdr(T_OUT, 300 + 8 * i), 16, 0);
            heads[i] = (unsigned)chain_head;
            chain_add(wbuf + 4096 * i, 4096, 0);
            status_byte[heads[i]] = 0xee;
            chain_add(&status_byte[heads[i]], 1, 1);
            chain_post();
        }
        vnotify();
        used_seen += 4;
        wait_used(used_seen, 0);
        puts_("batch write:");
        for (unsigned i = 0; i < 4; i++)
            kv("status", status_byte[heads[i]]);
        putch('\n');
        zero(rbuf, 4 * 4096);
        for (unsigned i = 0; i < 4; i++) {
            chain_start();
            chain_add(next_hdr(T_IN, 300 + 8 * i), 16, 0);
            heads[i] = (unsigned)chain_head;
            chain_add(rbuf + 4096 * i, 4096, 1);
            status_byte[heads[i]] = 0xee;
            chain_add(&status_byte[heads[i]], 1, 1);
            chain_post();
        }
        vnotify();
        used_seen += 4;
        wait_used(used_seen, 0);
        puts_("batch read:");
        for (unsigned i = 0; i < 4; i++)
            kv("status", status_byte[heads[i]]);
        kv("ok", same(wbuf, rbuf, 4 * 4096));
        putch('\n');
        check("batch read back", same(wbuf, rbuf, 4 * 4096));
    }

    one("read past the end", T_IN, cap - 1, rbuf, 1024);
    one("write of 100 bytes", T_OUT, 4, wbuf, 100);
    one("unknown type 99", 99, 0, rbuf, 512);

    /* 40 one-sector writes and reads: the ring indices wrap twice. */
    {
        int ok = 1;
        unsigned bad = 0;
        for (unsigned i = 0; i < 40; i++) {
            pattern(wbuf, 512, 100 + i);
            bad += blk_req(T_OUT, 1000 + i, wbuf, 512, 0) != 0;
        }
        for (unsigned i = 0; i < 40; i++) {
            zero(rbuf, 512);
            bad += blk_req(T_IN, 1000 + i, rbuf, 512, 0) != 0;
            pattern(wbuf, 512, 100 + i);
            ok &= same(wbuf, rbuf, 512);
        }
        puts_("ring wrap: requests=80");
        kv("bad_status", bad);
        kv("ok", ok);
        kv("used_idx", used_idx());
        putch('\n');
        check("ring wrap", ok && !bad);
    }

    one("flush", T_FLUSH, 0, 0, 0);
    puts_(failures ? "basic: FAIL\n" : "basic: ok\n");
    return failures ? 1 : 0;
}
