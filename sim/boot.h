/*
 * boot.h -- what the machine loads before the first instruction, and where
 * the hart starts: several images in one run, as QEMU's virt machine takes
 * them, and the reset ROM at 0x1000.
 *
 * The images (docs/cli.md):
 *   --bios FILE       firmware: an ELF at its addresses, or a raw binary at the
 *                     start of main memory (0x80000000)
 *   --kernel FILE     the next stage: an ELF at its addresses, or a raw binary
 *                     at the first 2 MiB boundary after the firmware
 *                     (0x80200000 after OpenSBI); with no firmware, a raw one
 *                     goes to 0x80000000 and runs in M-mode
 *   --loader F@ADDR   the bytes of F at ADDR, whatever they are (QEMU's
 *                     -device loader,file=F,addr=ADDR); data, never started
 *   WORKLOAD / the bundled guest kernel: an ELF, the lone program
 * boot_check refuses, before anything is built, an image that does not lie in
 * one memory region, two images that overlap (naming both), and an image
 * over the device tree.
 *
 * The reset ROM (QEMU's "mrom") holds six instructions and two words, then a
 * fw_dynamic_info struct (OpenSBI's fw_dynamic protocol):
 *   0x1000  auipc t0, 0             t0 = 0x1000
 *   0x1004  addi  a2, t0, 0x28      a2 = &fw_dynamic_info
 *   0x1008  csrr  a0, mhartid       a0 = hart id
 *   0x100c  ld    a1, 0x20(t0)      a1 = device tree
 *   0x1010  ld    t0, 0x18(t0)      t0 = start address
 *   0x1014  jr    t0
 *   0x1018  .dword start            the firmware's entry (or the lone ELF's)
 *   0x1020  .dword fdt
 *   0x1028  fw_dynamic_info: magic 0x4942534f ("OSBI"), version 2, next_addr
 *           (the kernel's entry), next_mode 1 (S), options 0, boot_hart 0
 * The hart starts there when a firmware is given; without one it starts at
 * the program's entry with a0 and a1 already set (the ROM's effect, minus its
 * six instructions), so existing bare-metal runs keep their cycle counts.
 */
#ifndef SIMSCM_BOOT_H
#define SIMSCM_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "elfload.h"

struct bus;

#define BOOT_MAX_IMAGES   12
#define BOOT_MAX_CHUNKS   (ELFLOAD_MAX_SEGS + BOOT_MAX_IMAGES)
#define BOOT_ROM_BYTES    (0x28 + 6 * 8) /* code, two words, fw_dynamic_info */

#define FW_DYNAMIC_MAGIC     0x4942534fULL   /* "OSBI" */
#define FW_DYNAMIC_VERSION   2
#define FW_DYNAMIC_NEXT_S    1

enum boot_role { BOOT_ROLE_BIOS, BOOT_ROLE_KERNEL, BOOT_ROLE_LOADER, BOOT_ROLE_PROGRAM };

struct boot_image {
    enum boot_role role;
    const char *path;
    bool raw;                   /* a raw binary (no ELF header, or --loader) */
    uint64_t addr, size;        /* raw: where it goes and how long it is */
    struct elfload_info elf;    /* ELF: its segments and entry */
};

struct boot_plan {
    struct boot_image img[BOOT_MAX_IMAGES];
    int n;
};

/* One piece of memory an image filled, for reloading DRAM at power-on. */
struct boot_chunk {
    uint64_t start, end;
    bool copied;                /* false: left alone in a restored SCM region */
};

/* Add an image; a --loader argument is "FILE@ADDR".  0, or -1 after the
 * error (too many images, a bad FILE@ADDR). */
int boot_add(struct boot_plan *p, enum boot_role role, const char *arg);
/* The image with that role, or NULL. */
const struct boot_image *boot_find(const struct boot_plan *p, enum boot_role role);
/* Is the start through the reset ROM (a firmware was given)? */
bool boot_via_rom(const struct boot_plan *p);

/* Read each image's header and size, place the raw ones, and check every
 * image against b's regions, against each other and against the device
 * tree at [fdt, fdt + fdt_len).  0, or -1 after printing what is wrong. */
int boot_check(struct boot_plan *p, const struct bus *b, uint64_t fdt, uint64_t fdt_len);
/* Copy the checked images into b's regions; chunks gets what was written
 * (at most BOOT_MAX_CHUNKS).  0, or -1 after the error. */
int boot_load(struct boot_plan *p, struct bus *b, struct boot_chunk *chunks, int *nchunks);

/* Where the hart starts after the ROM (or directly), and the kernel entry
 * fw_dynamic_info passes on (0 if there is no kernel). */
uint64_t boot_start_addr(const struct boot_plan *p);
uint64_t boot_next_addr(const struct boot_plan *p);

/* The ROM's bytes (BOOT_ROM_BYTES of them; rom must hold that many). */
void boot_rom_build(uint8_t *rom, uint64_t start, uint64_t fdt, uint64_t next_addr);

#endif
