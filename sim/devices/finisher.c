/*
 * finisher.c -- the SiFive test finisher ("sifive,test1"), as on QEMU's virt
 * machine: the way a bare-metal program or the guest OS ends the simulation.
 *
 * One register at offset 0; a write's low 16 bits say what to do and the high
 * 16 bits carry an exit code:
 *   0x5555               pass: simscm exits 0 (a power-off)
 *   (code << 16)|0x3333  fail: simscm exits with `code`, exactly as QEMU does
 *                        (so the shell sees code & 0xff)
 *   0x7777               warm reset: hart and devices reset, memory kept,
 *                        execution restarts at the ELF entry
 * Anything else is a guest error.  Reads return 0.  The finisher only asks
 * the machine to stop (machine_request); the run loop does the work at the
 * next instruction boundary.
 */
#include "dev.h"
#include "machine.h"
#include "platform.h"
#include <stdlib.h>

#define FINISHER_REG 0x0

struct finisher {
    struct machine *m;
};

static uint64_t finisher_read(void *dev, uint64_t off, unsigned size)
{
    return 0;
}

static void finisher_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct finisher *f = dev;
    if (off != FINISHER_REG) {
        dev_guest_error("finisher", "reserved", val, "write at offset 0x%llx; the "
                        "only register is at 0x0", (unsigned long long)off);
        return;
    }
    if (size < 2) {
        dev_guest_error("finisher", "status", val, "%u-byte write; the command "
                        "needs at least 16 bits", size);
        return;
    }
    unsigned status = val & 0xffff;
    int code = (int)((val >> 16) & 0xffff);
    switch (status) {
    case FINISHER_PASS:
        machine_request(f->m, MACHINE_REQ_EXIT, 0);
        break;
    case FINISHER_FAIL:
        machine_request(f->m, MACHINE_REQ_EXIT, code);
        break;
    case FINISHER_RESET:
        machine_request(f->m, MACHINE_REQ_RESET, 0);
        break;
    default:
        dev_guest_error("finisher", "status", val, "unknown command 0x%x (0x5555 "
                        "pass, 0x3333 fail, 0x7777 reset)", status);
        break;
    }
}

static void finisher_reset(void *dev)
{
}

static void *finisher_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct finisher *f = calloc(1, sizeof *f);
    if (!f)
        abort();
    f->m = m;
    return f;
}

static void finisher_dump(void *dev, FILE *out)
{
    fprintf(out, "finisher: stateless\n");
}

static void finisher_free(void *dev)
{
    free(dev);
}

const struct dev_ops finisher_ops = {
    .name = "finisher",
    .init = finisher_init,
    .read = finisher_read,
    .write = finisher_write,
    .reset = finisher_reset,
    .dump = finisher_dump,
    .free = finisher_free,
};
