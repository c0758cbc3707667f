/*
 * progstore.c -- the read-only program store exec loads from.
 *
 * The build packs every user program and workload (stripped ELF files) into
 * the kernel image: build/guestos/progstore.S, written by
 * guestos/mkprogstore.sh, holds a table of {name, data, size} ended by a
 * zero entry, and the files themselves (.incbin).  The store is part of the
 * kernel, so it is in SCM with it and needs no driver.
 */
#include "types.h"
#include "param.h"
#include "defs.h"

struct progentry {
    const char *name;
    const uint8 *data;
    uint64 size;
};

extern const struct progentry progstore_table[];

int progstore_find(const char *name, const uint8 **data, uint64 *size)
{
    for (const struct progentry *e = progstore_table; e->name; e++) {
        if (strncmp(e->name, name, PROGNAME_MAX) == 0) {
            *data = e->data;
            *size = e->size;
            return 0;
        }
    }
    return -1;
}

/* Name of the i-th program, or 0 past the end. */
const char *progstore_name(int i)
{
    for (const struct progentry *e = progstore_table; e->name; e++, i--)
        if (i == 0)
            return e->name;
    return 0;
}
