/*
 * param.h -- the guest kernel's tunables, one per line, each with the reason
 * for its value.  Changing one needs a rebuild, nothing else.
 */
#ifndef GUEST_PARAM_H
#define GUEST_PARAM_H

#define NPROC          64      /* processes alive at once: slots in the kernel's proc window */
#define KSTACK_PAGES   2       /* kernel stack per process; exec's argument copy is the deepest path */
#define USTACK_PAGES   4       /* user stack; workloads keep big arrays on the heap, not here */
#define MAXARG         16      /* exec/spawn arguments, including argv[0] */
#define MAXARGLEN      128     /* longest single argument string */
#define PROCNAME       16      /* bytes of a process name shown by ps */
#define TICK_US        1000    /* scheduler tick in simulated microseconds: 1 ms slices */
#define CONS_BUF       1024    /* console input ring; a scripted session types ahead of the shell */
#define MAXREGIONS     8       /* memory regions the device tree may describe */
#define MAXRANGES      16      /* free ranges per pool after cutting out reservations */
#define MAXRESERVE     16      /* reserved ranges: kernel image, device tree, /memreserve/ */
#define INITLIST_LEN   256     /* longest simscm,init string from /chosen */
#define PROGNAME_MAX   32      /* longest program name in the program store */
#define KFREE_JUNK     0x5a    /* freed pages are filled with this, so stale pointers show */
#define CMDLINE        128     /* program and arguments kept to restart a process after a resume */

#endif
