/*
 * bugtrig.c -- the bug trigger: a buggy workload asks it whether its bug
 * strikes now, so a bug is transient and reproducible.  Whether it strikes
 * comes from the --fault bug:... specs and the seed (sim/fault.c decides);
 * the device is only the guest's window on that decision.
 *
 *   0x00 MAGIC   RO  "BUGT"
 *   0x04 VERSION RO  1
 *   0x08 SELECT  RW  which bug (0 .. 15) the next STRIKE read asks about
 *   0x0c STRIKE  RO  1: it strikes now, 0: it does not; each read decides once
 */
#include "dev.h"
#include "json.h"
#include "machine.h"
#include "platform.h"
#include <stdlib.h>

struct bugtrig {
    struct machine *m;
    uint32_t select;
    uint64_t asked;
};

static const char *reg_name(uint64_t off)
{
    static const char *const names[BUG_END / 4] = { "MAGIC", "VERSION", "SELECT", "STRIKE" };
    return off < BUG_END ? names[off / 4] : "reserved";
}

static uint64_t bugtrig_read(void *dev, uint64_t off, unsigned size)
{
    struct bugtrig *b = dev;
    if (size != 4) {
        dev_guest_error("bugtrig", reg_name(off), size, "%u-byte read; registers take "
                        "4-byte accesses", size);
        return 0;
    }
    switch (off) {
    case BUG_MAGIC:   return BUG_MAGIC_VALUE;
    case BUG_VERSION: return 1;
    case BUG_SELECT:  return b->select;
    case BUG_STRIKE:
        b->asked++;
        return fault_bug_strike(&b->m->faults, b->select);
    default:
        dev_guest_error("bugtrig", reg_name(off), off, "read of a reserved offset");
        return 0;
    }
}

static void bugtrig_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct bugtrig *b = dev;
    if (size != 4) {
        dev_guest_error("bugtrig", reg_name(off), val, "%u-byte write; registers take "
                        "4-byte accesses", size);
        return;
    }
    if (off != BUG_SELECT) {
        dev_guest_error("bugtrig", reg_name(off), val, "write to a read-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        return;
    }
    if (val >= BUG_IDS) {
        dev_guest_error("bugtrig", "SELECT", val, "bugs are numbered 0 to %d", BUG_IDS - 1);
        return;
    }
    b->select = (uint32_t)val;
}

static void bugtrig_reset(void *dev)
{
    struct bugtrig *b = dev;
    b->select = 0;
}

static void *bugtrig_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct bugtrig *b = calloc(1, sizeof *b);
    if (!b)
        abort();
    b->m = m;
    return b;
}

static void bugtrig_stats_json(void *dev, struct json *j)
{
    struct bugtrig *b = dev;
    json_object_begin(j, "bugtrig");
    json_u64(j, "asked", b->asked);
    json_u64(j, "strikes", b->m->faults.bug_strikes);
    json_object_end(j);
}

static void bugtrig_dump(void *dev, FILE *f)
{
    struct bugtrig *b = dev;
    fprintf(f, "bugtrig: select=%u asked=%llu\n", b->select, (unsigned long long)b->asked);
}

static void bugtrig_free(void *dev)
{
    free(dev);
}

const struct dev_ops bugtrig_ops = {
    .name = "bugtrig",
    .init = bugtrig_init,
    .read = bugtrig_read,
    .write = bugtrig_write,
    .reset = bugtrig_reset,
    .stats_json = bugtrig_stats_json,
    .dump = bugtrig_dump,
    .free = bugtrig_free,
};
