/*
 * dev.h -- the one interface every device implements.
 *
 * Each device is one file in sim/devices/: register offsets, a private state
 * struct, static callbacks, and one exported const struct dev_ops at the
 * bottom.  The machine builds devices from a table by name (sim/machine.c);
 * adding a device never touches sim/cpu/.
 *
 * Interrupts travel through an irq_line (callback + opaque + number), so a
 * device never names its interrupt controller.
 */
#ifndef SIMSCM_DEV_H
#define SIMSCM_DEV_H

#include <stdint.h>
#include <stdio.h>

struct machine;

struct irq_line {
    void (*set)(void *opaque, int num, int level);
    void *opaque;
    int num;
};

static inline void irq_set(const struct irq_line *l, int level)
{
    if (l->set)
        l->set(l->opaque, l->num, level);
}

/* What the platform's power supply tells every device (dev_ops.power). */
enum power_phase {
    POWER_WARN,         /* power is failing: the cut comes after the residual window */
    POWER_CUT,          /* power is gone: volatile state is lost, pending events too */
    POWER_ON,           /* power is back (reset follows) */
};

struct json;

struct dev_ops {
    const char *name;
    /* Create the device at base; irq is its line to the interrupt
     * controller (may be unused).  The device reads its own config section
     * from m->cfg here. */
    void *(*init)(struct machine *m, uint64_t base, struct irq_line irq);
    /* off is relative to base; size is 1, 2, 4 or 8. */
    uint64_t (*read)(void *dev, uint64_t off, unsigned size);
    void (*write)(void *dev, uint64_t off, uint64_t val, unsigned size);
    /* Power-on or warm reset: device state is volatile. */
    void (*reset)(void *dev);
    /* Optional: a power phase (see enum power_phase); reset is called
     * after POWER_CUT and again at POWER_ON by the machine. */
    void (*power)(void *dev, enum power_phase phase);
    /* Optional, interrupt controllers only: input line `num` (the PLIC's
     * sources); the machine wires the other devices' irq through it. */
    struct irq_line (*irq_source)(void *dev, int num);
    /* Optional: the device's member of the "devices" stats object. */
    void (*stats_json)(void *dev, struct json *j);
    /* Human-readable state, for --dump and the debugger. */
    void (*dump)(void *dev, FILE *f);
    void (*free)(void *dev);
};

/*
 * A guest misprogrammed a device: print "simscm: DEV: register REG: value 0xV:
 * WHY" on stderr (once per device and register) and count it in the stats.
 * The guest goes on, as real hardware would.
 */
void dev_guest_error(const char *dev, const char *reg, uint64_t val,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* How many guest errors were reported (for stats and tests). */
uint64_t dev_guest_error_count(void);

#endif
