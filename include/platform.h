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
 *               | boot ROM (unused)          |
 *   0x0010_0000 +----------------------------+
 *               | test finisher (sifive_test)|  0x5555 pass, (c<<16)|0x3333 fail
 *   0x0011_0000 +----------------------------+
 *               | power controller           |  simscm only
 *   0x0011_1000 +----------------------------+
 *               | watchdog                   |  simscm only
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

#define PLAT_FINISHER_BASE   0x00100000UL
#define PLAT_FINISHER_SIZE   0x1000UL
#define   FINISHER_PASS      0x5555
#define   FINISHER_FAIL      0x3333
#define   FINISHER_RESET     0x7777

#define PLAT_POWER_BASE      0x00110000UL
#define PLAT_POWER_SIZE      0x1000UL
#define PLAT_WATCHDOG_BASE   0x00111000UL
#define PLAT_WATCHDOG_SIZE   0x1000UL

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
#define PLAT_VIRTIO0_IRQ     1

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

#define PLAT_POWER_IRQ       13
#define PLAT_WATCHDOG_IRQ    14

#define PLAT_MAIN_MEM_BASE   0x80000000UL

#endif
