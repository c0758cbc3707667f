/*
 * devtree.h -- the flattened device tree handed to the guest in a1.
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
 */

#ifndef SIMSCM_DEVTREE_H
#define SIMSCM_DEVTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct bus;

/* The blob for cfg, placed at blob_addr with reserve_bytes reserved there
 * (the /memreserve/ entry).  malloc'd; *size is its length (totalsize).
 * Aborts if libfdt fails, which would be a simulator bug: the buffer is
 * sized for any config. */
void *devtree_build(const struct config *cfg, uint64_t blob_addr, uint64_t reserve_bytes,
                size_t *size);

/* Build the blob for cfg where it belongs: at the top of the region holding
 * 0x80000000, 4 KiB aligned.  *addr is where, *reserved the bytes set aside
 * (the blob's size rounded up to 4 KiB), *size the blob's own size.
 * 0, or -1 after printing (no such region, or one too small). */
int devtree_layout(const struct config *cfg, void **blob, size_t *size, uint64_t *addr,
               uint64_t *reserved);

/* The same; with firmware true (--bios), the blob goes where QEMU's virt
 * puts it, 2 MiB aligned below the top of that region (or of 3 GiB), with
 * room above it for the firmware to add nodes. */
int devtree_layout_fw(const struct config *cfg, bool firmware, void **blob, size_t *size,
                      uint64_t *addr, uint64_t *reserved);

/* Write a blob to a host file (--dump-dtb).  0, or -1 after printing. */
int devtree_write_file(const void *blob, size_t size, const char *path);

#endif
