/*
 * fdt.h -- the flattened device tree handed to the guest in a1.
 *
 * It describes the machine the config built: one hart, every memory region
 * (DRAM as `memory@...` nodes, SCM as `pmem@...` nodes with compatible
 * "pmem-region", as Linux expects persistent memory), the UART, CLINT, PLIC,
 * test finisher and request channel (compatible "simscm,reqchan") at their
 * platform.h addresses, and in /chosen the guest OS's start-up list
 * (`simscm,init`, `simscm,default-persist`).
 *
 * The blob lives at the top of the memory region holding 0x80000000,
 * 4 KiB aligned, and reserves itself with a /memreserve/ entry so the guest
 * does not allocate over it.  Built with libfdt's sequential-write API.
 * (Named fdt_build/fdt_layout/fdt_write_file; libfdt has none of these names.)
 */
/*
 * libfdt.h says #include <fdt.h>, and -Isim makes that find this file before
 * the system's /usr/include/fdt.h.  So this file also brings in the system
 * header (guarded by FDT_H): #include_next continues the search past sim/.
 * When this file was found through "fdt.h" in its own directory, the first
 * #include_next lands here again through -Isim, and the second one reaches
 * the system header; the guards stop anything from being read twice.
 */
#ifndef FDT_H
#include <libfdt_env.h>
#include_next <fdt.h>
#endif

#ifndef SIMSCM_FDT_H
#define SIMSCM_FDT_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct bus;

/* The blob for cfg, placed at blob_addr with reserve_bytes reserved there
 * (the /memreserve/ entry).  malloc'd; *size is its length (totalsize).
 * Aborts if libfdt fails, which would be a simulator bug: the buffer is
 * sized for any config. */
void *fdt_build(const struct config *cfg, uint64_t blob_addr, uint64_t reserve_bytes,
                size_t *size);

/* Build the blob for cfg where it belongs: at the top of the region holding
 * 0x80000000, 4 KiB aligned.  *addr is where, *reserved the bytes set aside
 * (the blob's size rounded up to 4 KiB), *size the blob's own size.
 * 0, or -1 after printing (no such region, or one too small). */
int fdt_layout(const struct config *cfg, void **blob, size_t *size, uint64_t *addr,
               uint64_t *reserved);

/* Write a blob to a host file (--dump-dtb).  0, or -1 after printing. */
int fdt_write_file(const void *blob, size_t size, const char *path);

#endif
