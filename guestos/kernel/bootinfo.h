/*
 * bootinfo.h -- what the kernel learns from the device tree at boot
 * (fdt.c fills it, kalloc.c and main.c read it).
 *
 * Volatile: it is rebuilt from the blob at every boot, so it never needs to
 * be in a consistent state across a power cut.
 */
#ifndef GUEST_BOOTINFO_H
#define GUEST_BOOTINFO_H

#include "types.h"
#include "param.h"

struct memrange {
    uint64 base;
    uint64 size;
};

struct bootinfo {
    struct memrange dram[MAXREGIONS];   /* memory@ nodes, device_type "memory" */
    int ndram;
    struct memrange scm[MAXREGIONS];    /* nodes with compatible "pmem-region" */
    int nscm;
    struct memrange reserved[MAXRESERVE]; /* /memreserve/ entries and the blob */
    int nreserved;
    char init[INITLIST_LEN];            /* /chosen simscm,init */
    int default_persist;                /* /chosen simscm,default-persist */
    uint32 fixpoint_ms;                 /* /chosen simscm,fixpoint-ms: 0 = no fixpoints */
    int recovery_reboot;                /* /chosen simscm,recovery-reboot: faults reboot */
    int cold_reboot;                    /* /chosen simscm,cold-reboot: the baseline, nothing persists */
    int checkpoint;                     /* /chosen simscm,checkpoint: checkpoints to the disk */
    int has_watchdog;                   /* compatible "simscm,watchdog" */
    int has_bugtrig;                    /* compatible "simscm,bugtrig" */
    uint32 virtio_mask;                 /* virtio-mmio slots in the tree (bit i: slot i) */
    int has_reqchan;                    /* a node with compatible "simscm,reqchan" */
    int has_power;                      /* a node with compatible "simscm,power" */
    uint32 cbom_block;                  /* cpu riscv,cbom-block-size (0: not given) */
};

#endif
