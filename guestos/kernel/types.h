/*
 * types.h -- the fixed-width names the guest uses everywhere.  The guest is
 * freestanding (no libc headers), so it spells its own.
 */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long      uint64;
typedef long               int64;
typedef unsigned int       uint;

typedef uint64 pte_t;
typedef uint64 *pagetable_t;    /* 512 PTEs, one page */

#define NULL ((void *)0)

#endif
