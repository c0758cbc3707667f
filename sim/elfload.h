/*
 * elfload.h -- loading a RISC-V ELF executable into the machine's memory.
 *
 * Only what the machine can run is accepted: ELF64, little-endian,
 * EM_RISCV, ET_EXEC.  Every PT_LOAD segment, file bytes and bss alike, must
 * lie inside one memory region; segments are placed at their physical
 * address (p_paddr).  Errors name the file and the problem and return -1;
 * the caller exits with EXIT_USAGE.
 *
 * SCM restored from an image file already holds the stored system (its
 * kernel, its persistent processes): a segment that lands in such a region
 * is not copied, so booting the same ELF again does not overwrite the state
 * that survived the power cut.
 */
#ifndef SIMSCM_ELFLOAD_H
#define SIMSCM_ELFLOAD_H

#include <stdint.h>
#include <stdbool.h>

struct bus;

#define ELFLOAD_MAX_SEGS 64

struct elfload_info {
    uint64_t entry;
    int nsegs;                  /* PT_LOAD segments with a memory size */
    struct elfload_seg {
        uint64_t start, end;    /* [p_paddr, p_paddr + p_memsz) */
        int index;              /* program header index, as readelf -l counts */
        bool copied;            /* false: left alone in a restored SCM region */
    } segs[ELFLOAD_MAX_SEGS];
};

/* Load path into b's regions.  0, or -1 after printing "simscm: PATH: what
 * is wrong". */
int elfload_file(struct bus *b, const char *path, struct elfload_info *info);
/* The same checks, copying nothing: b's regions need only name, kind, base
 * and size, so the command line can refuse a bad ELF before it builds (and
 * maybe creates SCM images for) a machine. */
int elfload_check(const struct bus *b, const char *path, struct elfload_info *info);

#endif
