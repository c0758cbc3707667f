/*
 * elf.h -- the parts of the ELF64 format exec reads (from the ELF
 * specification and the RISC-V psABI).
 */
#ifndef GUEST_ELF_H
#define GUEST_ELF_H

#include "types.h"

#define ELF_MAGIC   0x464C457FU     /* "\x7FELF" read little-endian */
#define ELFCLASS64  2
#define ET_EXEC     2
#define EM_RISCV    243
#define PT_LOAD     1
#define PF_X        1
#define PF_W        2
#define PF_R        4

struct elfhdr {
    uint32 magic;
    uint8  ident[12];           /* class, data, version, abi, padding */
    uint16 type;
    uint16 machine;
    uint32 version;
    uint64 entry;
    uint64 phoff;
    uint64 shoff;
    uint32 flags;
    uint16 ehsize;
    uint16 phentsize;
    uint16 phnum;
    uint16 shentsize;
    uint16 shnum;
    uint16 shstrndx;
};

struct proghdr {
    uint32 type;
    uint32 flags;
    uint64 off;
    uint64 vaddr;
    uint64 paddr;
    uint64 filesz;
    uint64 memsz;
    uint64 align;
};

#endif
