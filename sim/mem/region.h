/*
 * region.h -- creating memory regions and what power does to them.
 *
 * DRAM is volatile: at power-on it holds seeded garbage, never zeros, so a
 * guest that relies on DRAM surviving fails visibly (and reproducibly).
 * SCM is durable: its `durable` view survives a power cut and, when the config
 * names an image file, survives simscm itself.  See bus.h for the two views.
 *
 * The SCM image file
 * ------------------
 * A 4 KiB header, then the region's contents byte for byte:
 *
 *   offset  size  field
 *        0     8  magic "SIMSCMIM"
 *        8     4  version (1)
 *       12     4  header_bytes (4096: where the contents start)
 *       16     8  size of the contents in bytes (the region size)
 *       24     8  physical base the image was made for
 *       32    32  region name when it was made (informational)
 *       64     8  FNV-1a 64 checksum of bytes 0..63
 *       72  4024  zero
 *
 * All fields are little-endian.  The header is written once, when the image
 * is made, and never again; so a crash cannot tear it.  The contents are the
 * durable view itself, mapped MAP_SHARED: a write-back is a memcpy into the
 * host's page cache, which the kernel keeps when simscm is killed.  A new
 * image is written under PATH.new and renamed into place, so PATH is either
 * absent or complete.  Killing simscm therefore is a power cut: the file
 * holds exactly what had reached the SCM controller, with the 8-byte write
 * atomicity real SCM gives (a line copy interrupted mid-way keeps whole
 * 8-byte words).  A clean power-off (region_sync) also msyncs the file so it
 * survives a host crash.
 */
#ifndef SIMSCM_REGION_H
#define SIMSCM_REGION_H

#include "bus.h"

#define REGION_PAGE_BYTES   4096u       /* granule of the SCM wear counters */
#define SCM_IMAGE_MAGIC     "SIMSCMIM"
#define SCM_IMAGE_VERSION   1u
#define SCM_IMAGE_HEADER    4096u

struct region_config;

/*
 * Allocate r's arrays from rc.  two_views: keep `durable` separate from `mem`
 * (caches are modelled, so stores are not durable until written back).
 * Returns 0, or -1 after printing a clear error (e.g. an image file that is
 * not an SCM image or has the wrong size).  Sets r->restored when an existing
 * image was opened.
 */
int  region_create(struct region *r, const struct region_config *rc, bool two_views);
void region_destroy(struct region *r);

/* Power-on after a cut: DRAM gets garbage from seed; SCM's CPU view is
 * reloaded from its durable view.  Both cost time in proportion to the pages
 * touched since the last power-on, not to the region size.  0, or -1 after
 * printing why the host could not do it (the first DRAM power-on makes a
 * garbage template: out of file descriptors or memory). */
int  region_power_on(struct region *r, uint64_t seed);

/* Bytes of DRAM garbage per host mapping for a region of size bytes: the
 * number of mappings (tiles) per region is bounded, whatever its size. */
uint64_t region_garbage_tile(uint64_t size);

/* Copy [pa, pa+bytes) from the CPU view to the durable view (a write-back
 * reaching the SCM controller) and count it in the wear of each page it
 * touches.  No-op on DRAM. */
void region_writeback(struct region *r, uint64_t pa, unsigned bytes);

/* cbo.inval: drop what the caches held, so the CPU view of [pa, pa+bytes)
 * shows the durable contents again.  True if that changed the CPU view.
 * DRAM has no second view and keeps what it holds (returns false). */
bool region_discard(struct region *r, uint64_t pa, unsigned bytes);

/* Put bytes into both views without counting wear: the loader "flashing" a
 * program into SCM before the first power-on. */
void region_load(struct region *r, uint64_t pa, const void *src, uint64_t len);

/* Make sure everything durable is on the host file (clean power-off). */
int  region_sync(struct region *r);

/* Wear summary of an SCM region (write-backs per REGION_PAGE_BYTES page). */
#define REGION_WEAR_BUCKETS 34          /* 0, 1, 2-3, 4-7, ..., 2^31.. */
struct region_wear {
    uint64_t pages;                     /* pages in the region */
    uint64_t pages_written;             /* pages with at least one write-back */
    uint64_t total;                     /* sum of all page counts */
    uint32_t max;
    uint64_t hist[REGION_WEAR_BUCKETS]; /* bucket 0: 0 writes; k>0: [2^(k-1), 2^k) */
};
void region_wear(const struct region *r, struct region_wear *w);

struct json;
/* Per-region stats (reads, writes, bytes, SCM wear) as a JSON object member. */
void region_stats_json(const struct region *r, struct json *j);

#endif
