/*
 * bus.c -- the physical address space (see bus.h).
 *
 * A machine has a handful of ranges (a few memory regions, a few devices), so
 * a linear scan is both the simplest and the fastest lookup: it fits in a
 * cache line or two and needs no rebuilding when a range is added.  Memory
 * regions are scanned first because the CPU's slow path asks about RAM far
 * more often than about devices.
 *
 * Nothing here counts traffic or costs time: the timing model does that for
 * the accesses it sees, and the loader, DMA and the debugger must not show up
 * in the memory statistics.
 */
#include "bus.h"
#include "devices/dev.h"
#include <string.h>

void bus_init(struct bus *b)
{
    memset(b, 0, sizeof *b);
}

/* [base, base+size) as an interval that cannot wrap: end is exclusive and
 * may be 2^64, so compare with __int128 to stay exact at the top. */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    unsigned __int128 aend = (unsigned __int128)a + alen;
    unsigned __int128 bend = (unsigned __int128)b + blen;
    return a < bend && b < aend;
}

static int add_range(struct bus *b, const struct bus_range *nr, const char **why)
{
    if (nr->size == 0) {
        *why = "range has size 0";
        return -1;
    }
    if (b->nranges == BUS_MAX_RANGES) {
        *why = "too many ranges on the bus";
        return -1;
    }
    for (int i = 0; i < b->nranges; i++) {
        if (overlaps(nr->base, nr->size, b->ranges[i].base, b->ranges[i].size)) {
            *why = "range overlaps another range on the bus";
            return -1;
        }
    }
    b->ranges[b->nranges++] = *nr;
    return 0;
}

int bus_add_region(struct bus *b, struct region *r, const char **why)
{
    if (b->nregions == BUS_MAX_REGIONS) {
        *why = "too many memory regions";
        return -1;
    }
    struct bus_range nr = {
        .base = r->base, .size = r->size, .region = r, .name = r->name,
    };
    if (add_range(b, &nr, why) < 0)
        return -1;
    r->index = b->nregions;
    b->regions[b->nregions++] = r;
    return 0;
}

int bus_add_device(struct bus *b, uint64_t base, uint64_t size,
                   const struct dev_ops *ops, void *dev, const char *name,
                   const char **why)
{
    struct bus_range nr = {
        .base = base, .size = size, .ops = ops, .dev = dev, .name = name,
    };
    return add_range(b, &nr, why);
}

int bus_add_rom(struct bus *b, uint64_t base, uint64_t size, const uint8_t *rom,
                const char *name, const char **why)
{
    struct bus_range nr = { .base = base, .size = size, .rom = rom, .name = name };
    return add_range(b, &nr, why);
}

static bool contains(uint64_t base, uint64_t size, uint64_t pa, uint64_t len)
{
    return pa >= base && len <= size && pa - base <= size - len;
}

const struct bus_range *bus_find(const struct bus *b, uint64_t pa, uint64_t len)
{
    for (int i = 0; i < b->nranges; i++) {
        const struct bus_range *r = &b->ranges[i];
        if (contains(r->base, r->size, pa, len))
            return r;
    }
    return NULL;
}

struct region *bus_region(const struct bus *b, uint64_t pa, uint64_t len)
{
    for (int i = 0; i < b->nregions; i++) {
        struct region *r = b->regions[i];
        if (contains(r->base, r->size, pa, len))
            return r;
    }
    return NULL;
}

uint8_t *bus_host_ptr(const struct bus *b, uint64_t pa, uint64_t len)
{
    struct region *r = bus_region(b, pa, len);
    return r ? r->mem + (pa - r->base) : NULL;
}

const uint8_t *bus_code_ptr(const struct bus *b, uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_host_ptr(b, pa, len);
    if (p)
        return p;
    const struct bus_range *d = bus_find(b, pa, len);
    return d && d->rom ? d->rom + (pa - d->base) : NULL;
}

static bool valid_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

enum bus_status bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val)
{
    if (!valid_size(size))
        return BUS_FAULT;
    struct region *r = bus_region(b, pa, size);
    if (r) {
        /* The host is little-endian, like RISC-V: a plain copy is the load. */
        uint64_t v = 0;
        memcpy(&v, r->mem + (pa - r->base), size);
        *val = v;
        return BUS_OK;
    }
    const struct bus_range *d = bus_find(b, pa, size);
    if (d && d->rom) {
        uint64_t v = 0;
        memcpy(&v, d->rom + (pa - d->base), size);
        *val = v;
        return BUS_OK;
    }
    if (!d || !d->ops || (pa & (size - 1)))
        return BUS_FAULT;
    uint64_t v = d->ops->read(d->dev, pa - d->base, size);
    *val = size == 8 ? v : v & ((1ull << (8 * size)) - 1);
    return BUS_OK;
}

enum bus_status bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t val)
{
    if (!valid_size(size))
        return BUS_FAULT;
    struct region *r = bus_region(b, pa, size);
    if (r) {
        memcpy(r->mem + (pa - r->base), &val, size);
        return BUS_OK;
    }
    const struct bus_range *d = bus_find(b, pa, size);
    if (d && d->rom)
        return BUS_OK;                  /* a store to ROM changes nothing */
    if (!d || !d->ops || (pa & (size - 1)))
        return BUS_FAULT;
    if (size < 8)
        val &= (1ull << (8 * size)) - 1;
    d->ops->write(d->dev, pa - d->base, val, size);
    return BUS_OK;
}
