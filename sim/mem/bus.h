/*
 * bus.h -- the physical address space: memory regions and device ranges.
 *
 * The bus answers one question: "what data lives at this physical address,
 * or which fault?"  It never answers "how long did that take" -- that is
 * sim/mem/timing's job (house style: function and time are separate).
 *
 * Memory regions are plain host arrays.  A region of kind SCM has two views:
 *   mem      what the CPU sees (memory plus whatever the caches hold)
 *   durable  what has reached the SCM controller and survives a power cut
 * When caches are not modelled (--timing off) the two are the same array, so
 * every store is durable at once.  With caches, a line is copied from mem to
 * durable when it is written back (eviction, cbo.clean, cbo.flush).
 *
 * A ROM range (the reset ROM at 0x1000) is host bytes the bus owns no copy
 * of: loads and instruction fetches read them, stores are dropped, as
 * QEMU's virt does with its mask ROM.
 *
 * Devices are ranges with a const struct dev_ops (sim/devices/dev.h).  The
 * CPU keeps its own fast path for RAM (a software TLB of host pointers) and
 * only comes here on a miss or for MMIO.
 */
#ifndef SIMSCM_BUS_H
#define SIMSCM_BUS_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

enum region_kind { REGION_DRAM, REGION_SCM };

struct region_stats {
    uint64_t reads, writes;             /* accesses that reached the controller */
    uint64_t read_bytes, write_bytes;
};

struct region {
    char name[32];
    enum region_kind kind;
    uint64_t base, size;
    uint8_t *mem;                       /* CPU view */
    uint8_t *durable;                   /* controller view (== mem if no caches) */
    uint32_t *page_writes;              /* SCM wear: line write-backs per 4 KiB page */
    struct region_stats stats;
    void *ctl;                          /* memory controller model (sim/mem/timing) */
    void *priv;                         /* region.c's own state (image file, garbage) */
    bool restored;                      /* SCM: contents came from an existing image file */
    /* Called after every write-back that reaches an SCM region (fault
     * injection's "cut after the N-th write-back"); NULL: none. */
    void (*writeback_hook)(void *opaque);
    void *hook_opaque;
    int index;
};

struct dev_ops;

struct bus_range {
    uint64_t base, size;
    const struct dev_ops *ops;          /* NULL for memory */
    void *dev;
    struct region *region;              /* non-NULL for memory */
    const uint8_t *rom;                 /* non-NULL for a ROM */
    const char *name;
};

#define BUS_MAX_RANGES   32
#define BUS_MAX_REGIONS  8

struct bus {
    struct bus_range ranges[BUS_MAX_RANGES];
    int nranges;
    struct region *regions[BUS_MAX_REGIONS];
    int nregions;
    /* Set while a device callback runs on behalf of an access; lets the
     * machine report "device, register, value" for guest misprogramming. */
    /* Bumped by whoever changes guest memory behind the hart's back (a DMA,
     * cbo.inval restoring a line); the hart then forgets decoded code. */
    uint64_t code_gen;
};

enum bus_status { BUS_OK = 0, BUS_FAULT = 1 };

void bus_init(struct bus *b);
/* Returns 0, or -1 (with *why set) if the range overlaps another. */
int  bus_add_region(struct bus *b, struct region *r, const char **why);
int  bus_add_device(struct bus *b, uint64_t base, uint64_t size,
                    const struct dev_ops *ops, void *dev, const char *name,
                    const char **why);
/* A read-only range backed by bytes (size bytes at rom, kept by the caller). */
int  bus_add_rom(struct bus *b, uint64_t base, uint64_t size, const uint8_t *rom,
                 const char *name, const char **why);
/* The range holding [pa, pa+len), or NULL. */
const struct bus_range *bus_find(const struct bus *b, uint64_t pa, uint64_t len);
/* The memory region holding [pa, pa+len), or NULL. */
struct region *bus_region(const struct bus *b, uint64_t pa, uint64_t len);

/* Slow-path accesses, size 1, 2, 4 or 8 and naturally aligned for devices. */
enum bus_status bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val);
enum bus_status bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t val);
/* Host pointer for [pa, pa+len) inside one region (loader, DMA, debugger), or NULL. */
uint8_t *bus_host_ptr(const struct bus *b, uint64_t pa, uint64_t len);
/* Where instructions are fetched from: memory regions and ROMs; NULL
 * elsewhere.  Read-only: a ROM's bytes must not be written through it. */
const uint8_t *bus_code_ptr(const struct bus *b, uint64_t pa, uint64_t len);

#endif
