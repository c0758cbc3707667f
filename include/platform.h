/*
 * platform.h -- the physical memory map of the simscm machine, written once.
 *
 * Both the simulator (sim/) and the guest OS (guestos/) include this file, so
 * the two can never disagree about where a device lives.  Only preprocessor
 * constants here: no types, no functions, safe for C and for assembly.
 *
 * The layout follows QEMU's `virt` machine wherever the two overlap, so a
 * bare-metal program that only touches the UART, CLINT, PLIC and the test
 * finisher runs the same on both (the tests use QEMU as an oracle).
 *
 *   0x0000_1000 +----------------------------+
 *               | reset ROM (read-only)      |  a0/a1/a2, jump; fw_dynamic_info
 *   0x0001_0000 +----------------------------+
 *               | (nothing)                  |
 *   0x0010_0000 +----------------------------+
 *               | test finisher (sifive_test)|  0x5555 pass, (c<<16)|0x3333 fail
 *   0x0011_0000 +----------------------------+
 *               | power controller           |  simscm only, PLIC source 13
 *   0x0011_1000 +----------------------------+
 *               | watchdog                   |  simscm only
 *   0x0011_2000 +----------------------------+
 *               | bug trigger                |  simscm only
 *   0x0200_0000 +----------------------------+
 *               | CLINT                      |  msip, mtimecmp, mtime (10 MHz)
 *   0x0C00_0000 +----------------------------+
 *               | PLIC                       |  sources 1..63
 *   0x1000_0000 +----------------------------+
 *               | UART 16550A                |  PLIC source 10
 *   0x1000_1000 +----------------------------+
 *               | virtio-mmio x 8            |  PLIC sources 1..8
 *   0x1001_0000 +----------------------------+
 *               | request channel            |  simscm only, PLIC source 12
 *   0x8000_0000 +----------------------------+
 *               | main memory (SCM in the    |  the kernel is linked here
 *               | hybrid config)             |
 *               +----------------------------+
 *               | second region (DRAM in the |  base and size from the config
 *               | hybrid config)             |
 *               +----------------------------+
 */
#ifndef SIMSCM_PLATFORM_H
#define SIMSCM_PLATFORM_H

/* Reset ROM, as QEMU virt's "mrom" (sim/boot.h lays it out); not in the
 * device tree, as on QEMU.  Stores to it are dropped. */
#define PLAT_MROM_BASE       0x00001000UL
#define PLAT_MROM_SIZE       0x0000f000UL

#define PLAT_FINISHER_BASE   0x00100000UL
#define PLAT_FINISHER_SIZE   0x1000UL
#define   FINISHER_PASS      0x5555
#define   FINISHER_FAIL      0x3333
#define   FINISHER_RESET     0x7777

/* Power controller (sim/devices/power.c explains it; docs/power.md).
 * 32-bit registers unless noted; the 64-bit ones (_NS, MARK_ARG) take one
 * 64-bit access or two 32-bit accesses, low half first. */
#define PLAT_POWER_BASE      0x00110000UL
#define PLAT_POWER_SIZE      0x1000UL
#define PLAT_POWER_IRQ       13
#define   PWR_MAGIC          0x00    /* RO  "PWRC" */
#define   PWR_VERSION        0x04    /* RO  1 */
#define   PWR_CTRL           0x08    /* RW  bit 0: warning interrupt enable */
#define   PWR_STATUS         0x0c    /* RO  bit 0: power failing, bit 1: acknowledged */
#define   PWR_ACK            0x10    /* WO  PWR_ACK_VALUE: the guest's state is safe */
#define   PWR_BUTTON         0x14    /* WO  PRESS: a warned power cycle; OFF_NOW: cut at once */
#define   PWR_BOOT_REASON    0x18    /* RO  why the machine last powered on (BOOT_*) */
#define   PWR_BOOT_COUNT     0x1c    /* RO  power-ons in this run, the first is 1 */
#define   PWR_RESIDUAL_US    0x20    /* RO  warning-to-cut window ([power] residual_us) */
#define   PWR_NOW_NS         0x28    /* RO  64: simulated ns since the run started */
#define   PWR_WARN_NS        0x30    /* RO  64: last power-fail warning (0: none yet) */
#define   PWR_ACK_NS         0x38    /* RO  64: last acknowledge */
#define   PWR_CUT_NS         0x40    /* RO  64: last cut */
#define   PWR_RESTORE_NS     0x48    /* RO  64: last power-on after a cut */
#define   PWR_MARK_ARG       0x50    /* RW  64: argument of the next milestone */
#define   PWR_MARK           0x58    /* WO  report a milestone (MARK_*) to the event log */
#define   PWR_STATUS_TABLE   0x60    /* RW  64: physical address of the guest's status table
                                      *      (STAT_* below; 0: none); reset at power-on */
#define   PWR_END            0x68
#define   PWR_MAGIC_VALUE    0x43525750   /* "PWRC" little-endian */
#define   PWR_CTRL_IE        1
#define   PWR_STATUS_FAILING 1
#define   PWR_STATUS_ACKED   2
#define   PWR_ACK_VALUE      0x41434b21   /* "!KCA": "ACK!" little-endian */
#define   PWR_BUTTON_PRESS   1
#define   PWR_BUTTON_OFF_NOW 2            /* held down: the cut comes at once (a guest that has saved) */
/* Boot reasons (PWR_BOOT_REASON). */
#define   BOOT_COLD          0       /* first power-on, SCM as made (no image restored) */
#define   BOOT_RESTORED      1       /* power came back after a cut (or a saved image) */
#define   BOOT_WATCHDOG      2       /* the watchdog expired and power-cycled the machine */
#define   BOOT_BUTTON        3       /* the power button was pressed */
/* Guest milestones (PWR_MARK), named in the event log. */
#define   MARK_SAVED         1       /* state saved after a warning */
#define   MARK_RESUMED       2       /* resumed from saved state */
#define   MARK_COLD_BOOTED   3       /* no state to resume: booted afresh */
#define   MARK_RESTARTED     4       /* non-persistent processes restarted (arg: how many) */
#define   MARK_FIRST_REQUEST 5       /* first request served after power-on */
#define   MARK_FAULT         6       /* the guest detected a fault (arg: what) */
#define   MARK_USER          7       /* anything else (arg: free) */
#define   MARK_ROLLED_BACK   8       /* resumed from the last fixpoint (arg: ns of work lost) */
#define   MARK_CHECKPOINT    9       /* a checkpoint to the disk committed (arg: ns it took) */
#define   MARK_MIGRATED      10      /* a process's pages moved between the pools (arg: MIGRATE_ARG) */
#define   MARK_COUNT         11
/* MARK_MIGRATED's argument: pid in bits 63..32, the pool the pages went to
 * in bit 31 (1: SCM, 0: DRAM), the number of pages moved in bits 30..0. */
#define   MIGRATE_ARG(pid, to_scm, pages) \
    (((unsigned long long)(pid) << 32) | ((unsigned long long)((to_scm) ? 1 : 0) << 31) | \
     ((unsigned long long)(pages) & 0x7fffffffULL))

/* The guest's status table (docs/guestos.md, "What the window shows"): a
 * guest OS that wants the SDL window (--display sdl) to show its process
 * list and pool use keeps this table in its memory and writes its physical
 * address to PWR_STATUS_TABLE.  The simulator only reads it.  Little-endian;
 * offsets in bytes; SEQ is odd while the guest rewrites the table (the
 * reader then keeps what it read before). */
#define   STAT_MAGIC         0x00    /* u32 STAT_MAGIC_VALUE */
#define   STAT_VERSION       0x04    /* u32 1 */
#define   STAT_SEQ           0x08    /* u32 +1 before and +1 after every rewrite */
#define   STAT_NPROC         0x0c    /* u32 entries that follow (at most STAT_MAX_PROCS) */
#define   STAT_SCM_TOTAL     0x10    /* u64 pages in the SCM pool */
#define   STAT_SCM_FREE      0x18    /* u64 ... free */
#define   STAT_DRAM_TOTAL    0x20    /* u64 pages in the DRAM pool */
#define   STAT_DRAM_FREE     0x28    /* u64 ... free */
#define   STAT_PROCS         0x30    /* STAT_NPROC entries of STAT_ENTRY bytes: */
#define   STAT_ENTRY         32
#define     STAT_E_PID       0x00    /*   u32 */
#define     STAT_E_STATE     0x04    /*   u8  STAT_P_* */
#define     STAT_E_PERSIST   0x05    /*   u8  1 persistent, 0 not */
#define     STAT_E_NAME      0x10    /*   16 bytes, NUL-padded */
#define   STAT_NAME_LEN      16
#define   STAT_MAX_PROCS     64
#define   STAT_SIZE          (STAT_PROCS + STAT_MAX_PROCS * STAT_ENTRY)
#define   STAT_MAGIC_VALUE   0x54415453   /* "STAT" little-endian */
#define   STAT_P_NEW         0       /* process states, as the guest's enum procstate */
#define   STAT_P_RUNNABLE    1
#define   STAT_P_RUNNING     2
#define   STAT_P_SLEEPING    3
#define   STAT_P_ZOMBIE      4

/* Watchdog (sim/devices/watchdog.c).  On expiry it power-cycles the machine
 * with boot reason BOOT_WATCHDOG. */
#define PLAT_WATCHDOG_BASE   0x00111000UL
#define PLAT_WATCHDOG_SIZE   0x1000UL
#define   WDT_MAGIC          0x00    /* RO  "WDOG" */
#define   WDT_VERSION        0x04    /* RO  1 */
#define   WDT_CTRL           0x08    /* RW  bit 0: enabled (writing 1 starts the countdown) */
#define   WDT_TIMEOUT_US     0x0c    /* RW  countdown length, 1 .. 60,000,000 us */
#define   WDT_KICK           0x10    /* WO  WDT_KICK_VALUE: start the countdown again */
#define   WDT_REMAINING_US   0x14    /* RO  what is left of the countdown (0: disabled) */
#define   WDT_END            0x18
#define   WDT_MAGIC_VALUE    0x474f4457   /* "WDOG" little-endian */
#define   WDT_CTRL_EN        1
#define   WDT_KICK_VALUE     0x4b43494b   /* "KICK" little-endian */
#define   WDT_TIMEOUT_MAX_US 60000000u

/* Bug trigger (sim/devices/bugtrig.c): tells a buggy workload whether its
 * bug strikes now, from the faults given with --fault bug:... */
#define PLAT_BUGTRIG_BASE    0x00112000UL
#define PLAT_BUGTRIG_SIZE    0x1000UL
#define   BUG_MAGIC          0x00    /* RO  "BUGT" */
#define   BUG_VERSION        0x04    /* RO  1 */
#define   BUG_SELECT         0x08    /* RW  which bug (0 .. BUG_IDS-1) the next read asks about */
#define   BUG_STRIKE         0x0c    /* RO  1: the selected bug strikes now, 0: not (each read decides once) */
#define   BUG_END            0x10
#define   BUG_MAGIC_VALUE    0x54475542   /* "BUGT" little-endian */
#define   BUG_IDS            16

#define PLAT_CLINT_BASE      0x02000000UL
#define PLAT_CLINT_SIZE      0x10000UL
#define   CLINT_MSIP         0x0000
#define   CLINT_MTIMECMP     0x4000
#define   CLINT_MTIME        0xBFF8
#define PLAT_MTIME_HZ        10000000UL      /* mtime ticks at 10 MHz of simulated time */

#define PLAT_PLIC_BASE       0x0C000000UL
#define PLAT_PLIC_SIZE       0x00600000UL
#define PLAT_PLIC_NSOURCES   64              /* source 0 is "no interrupt" */

#define PLAT_UART0_BASE      0x10000000UL
#define PLAT_UART0_SIZE      0x100UL
#define PLAT_UART0_IRQ       10

#define PLAT_VIRTIO0_BASE    0x10001000UL
#define PLAT_VIRTIO_STRIDE   0x1000UL
#define PLAT_VIRTIO_COUNT    8
#define PLAT_VIRTIO0_IRQ     1               /* slot n raises PLIC source 1 + n */
/* virtio-mmio transport, version 2 (VIRTIO 1.x, section 4.2.2); every
 * register below 0x100 takes aligned 32-bit accesses only.  Slot 0 holds the
 * virtio block device when [disk] image is set (sim/devices/virtio_blk.c,
 * docs/disk.md); an empty slot reads MAGIC, VERSION and VENDOR_ID and 0
 * elsewhere (DEVICE_ID 0: no device), as QEMU's unused transports do. */
#define   VIRTIO_MAGIC             0x000   /* RO  0x74726976 "virt" */
#define   VIRTIO_VERSION           0x004   /* RO  2 */
#define   VIRTIO_DEVICE_ID         0x008   /* RO  2: block device, 0: empty slot */
#define   VIRTIO_VENDOR_ID         0x00c   /* RO  0x554d4551 "QEMU" */
#define   VIRTIO_DEVICE_FEATURES   0x010   /* RO  32 feature bits, word DEVICE_FEATURES_SEL */
#define   VIRTIO_DEVICE_FEATURES_SEL 0x014 /* WO  0: bits 0..31, 1: bits 32..63 */
#define   VIRTIO_DRIVER_FEATURES   0x020   /* WO  32 accepted bits, word DRIVER_FEATURES_SEL */
#define   VIRTIO_DRIVER_FEATURES_SEL 0x024 /* WO */
#define   VIRTIO_QUEUE_SEL         0x030   /* WO  queue the QUEUE_* registers address */
#define   VIRTIO_QUEUE_NUM_MAX     0x034   /* RO  largest queue size (0: no such queue) */
#define   VIRTIO_QUEUE_NUM         0x038   /* WO  queue size, a power of two */
#define   VIRTIO_QUEUE_READY       0x044   /* RW  1: the device may use the queue */
#define   VIRTIO_QUEUE_NOTIFY      0x050   /* WO  queue index: new buffers available */
#define   VIRTIO_INTERRUPT_STATUS  0x060   /* RO  bit 0 used buffer, bit 1 config change */
#define   VIRTIO_INTERRUPT_ACK     0x064   /* WO  clears the bits written */
#define   VIRTIO_STATUS            0x070   /* RW  device status (VIRTIO_ST_*); 0 resets */
#define   VIRTIO_QUEUE_DESC_LOW    0x080   /* WO  descriptor table, 16-byte aligned */
#define   VIRTIO_QUEUE_DESC_HIGH   0x084
#define   VIRTIO_QUEUE_DRIVER_LOW  0x090   /* WO  available ring, 2-byte aligned */
#define   VIRTIO_QUEUE_DRIVER_HIGH 0x094
#define   VIRTIO_QUEUE_DEVICE_LOW  0x0a0   /* WO  used ring, 4-byte aligned */
#define   VIRTIO_QUEUE_DEVICE_HIGH 0x0a4
#define   VIRTIO_CONFIG_GENERATION 0x0fc   /* RO  0: the config never changes */
#define   VIRTIO_CONFIG            0x100   /* device config (virtio-blk: capacity le64 ...) */
#define   VIRTIO_MAGIC_VALUE       0x74726976
#define   VIRTIO_VENDOR_QEMU       0x554d4551
#define   VIRTIO_ST_ACKNOWLEDGE    1
#define   VIRTIO_ST_DRIVER         2
#define   VIRTIO_ST_DRIVER_OK      4
#define   VIRTIO_ST_FEATURES_OK    8
#define   VIRTIO_ST_NEEDS_RESET    0x40
#define   VIRTIO_ST_FAILED         0x80
#define   VIRTIO_INT_USED          1
#define   VIRTIO_INT_CONFIG        2

#define PLAT_REQCHAN_BASE    0x10010000UL
#define PLAT_REQCHAN_SIZE    0x1000UL
#define PLAT_REQCHAN_IRQ     12
/* Request channel registers (sim/devices/reqchan.c explains them). */
#define   RQ_MAGIC           0x00    /* RO  "RQCH" */
#define   RQ_VERSION         0x04    /* RO  1 */
#define   RQ_CTRL            0x08    /* RW  bit 0: interrupt enable */
#define   RQ_PENDING         0x0c    /* RO  requests waiting to be taken */
#define   RQ_REQ_SEQ         0x10    /* RO  head request: sequence number */
#define   RQ_REQ_OP          0x14    /* RO  head request: get, put or delete */
#define   RQ_REQ_KEY         0x18    /* RO  head request: key */
#define   RQ_POP             0x1c    /* WO  take the head request */
#define   RQ_REQ_VAL         0x20    /* RO  head request: value (64-bit, for put) */
#define   RQ_ANS_VAL         0x28    /* RW  answer: value (64-bit) */
#define   RQ_ANS_SEQ         0x30    /* RW  answer: sequence number */
#define   RQ_ANS_STATUS      0x34    /* RW  answer: ok or not found */
#define   RQ_ANS_COMMIT      0x38    /* WO  deliver the answer */
#define   RQ_DROPPED         0x3c    /* RO  requests lost to a full queue */
#define   RQ_END             0x40
#define   RQ_MAGIC_VALUE     0x48435152   /* "RQCH" little-endian */
#define   RQ_CTRL_IE         1

#define PLAT_MAIN_MEM_BASE   0x80000000UL

#endif
