/*
 * machine.h -- one simscm machine: memory regions, devices and a hart, wired
 * together from a config, and the loop that runs it.
 *
 * Lifetime of a run:
 *   machine_build      regions, bus, devices, hart, timing model, the power
 *                      supply, the fault injector and the event log
 *   machine_boot       power on (DRAM garbage, SCM reloaded), load the ELF,
 *                      place the device tree, reset the hart
 *   machine_run        hart_run / fire due events, until a device or the
 *                      console asks to stop (exit, quit) or a limit hits;
 *                      any number of power cycles happen in between
 *                      (sim/power.c drives them through machine_cut and
 *                      machine_power_on)
 *   machine_power_off  the cut at the end: dirty cache lines are lost unless
 *                      the config asks for flush-on-fail; SCM images synced
 *   machine_stats_json one JSON object, deterministic
 *
 * Devices get the machine in their init and may use m->cfg, m->clk,
 * m->console, m->psu, m->faults, m->evlog and the lines into the hart; they
 * stop the run with machine_request(), an inline helper, so a device file
 * never has to link against the hart.  The machine knows no device by name:
 * config, stats, power phases and interrupt wiring go through dev_ops.
 */
#ifndef SIMSCM_MACHINE_H
#define SIMSCM_MACHINE_H

#include <stdint.h>
#include <stdio.h>
#include "simclock.h"
#include "config.h"
#include "mem/bus.h"
#include "devices/dev.h"
#include "elfload.h"
#include "boot.h"
#include "evlog.h"
#include "fault.h"
#include "power.h"
#include "trace.h"

struct hart;
struct timing;
struct console;
struct gdbstub;
struct monitor;

/* The device catalogue: each is defined at the bottom of its own file. */
extern const struct dev_ops plic_ops;
extern const struct dev_ops clint_ops;
extern const struct dev_ops uart_ops;
extern const struct dev_ops finisher_ops;
extern const struct dev_ops reqchan_ops;
extern const struct dev_ops power_ops;
extern const struct dev_ops watchdog_ops;
extern const struct dev_ops bugtrig_ops;
extern const struct dev_ops virtio_blk_ops;

enum machine_req {
    MACHINE_REQ_NONE,
    MACHINE_REQ_EXIT,       /* the guest finished (test finisher): exit with code */
    MACHINE_REQ_RESET,      /* warm reset: hart and devices, memory kept */
    MACHINE_REQ_QUIT,       /* the user quit (Ctrl-A x) */
    MACHINE_REQ_TIME_LIMIT, /* --max-time was reached */
};

struct machine_dev {
    const char *name;
    const struct dev_ops *ops;
    void *state;
    uint64_t base, size;
    int irq;
};

#define MACHINE_MAX_DEVS 16

struct machine {
    const struct config *cfg;
    struct simclock clk;
    struct bus bus;
    struct region regions[CONFIG_MAX_REGIONS];
    int nregions;
    struct hart *hart;
    struct timing *timing;
    struct console *console;
    struct machine_dev devs[MACHINE_MAX_DEVS];
    int ndevs;
    struct psu psu;             /* power supply (power.h) */
    struct faults faults;       /* fault injection (fault.h) */
    struct evlog evlog;         /* --events (evlog.h) */
    struct tracer tracer;       /* --trace filters, --trace-events (trace.h) */
    struct monitor *mon;        /* the monitor (monitor.h) */

    /* Lines into hart 0, set before the devices are created. */
    struct irq_line msip, mtip, meip, seip;

    const char *elf_path;       /* the program or kernel ELF, or NULL */
    struct boot_plan boot;      /* every image (boot.h) */
    uint64_t entry;             /* where the hart starts (after the ROM, if any) */
    uint8_t *mrom;              /* the reset ROM's PLAT_MROM_SIZE bytes */
    /* The images' bytes that were loaded into DRAM, loaded again at every
     * power-on (DRAM holds nothing after a cut; firmware would reload the
     * system from its flash or disk).  SCM keeps its own. */
    struct machine_rom {
        uint64_t pa, len;
        uint8_t *bytes;
    } rom[BOOT_MAX_CHUNKS];
    int nrom;
    uint64_t fdt_addr;
    void *fdt;
    size_t fdt_size;

    /* Physical address of the guest's status table (the power controller's
     * STATUS_TABLE; include/platform.h), 0 when none is published. */
    uint64_t guest_status;

    /* The window's hook (--display sdl, sim/display/sdl.c): called once per
     * turn of the run loop, between two instructions, to redraw, pace the
     * run against the host's clock and take the user's keys and clicks.
     * NULL when headless. */
    void (*ui_tick)(void *opaque);
    void *ui_opaque;

    /* Set by devices (machine_request), read by the run loop. */
    enum machine_req req;
    int req_code;

    uint64_t max_insns;         /* 0: none; counts across warm resets and power cycles */
    struct event time_limit_ev; /* --max-time */
    uint64_t resets;

    /* How the run ended. */
    const char *exit_reason;
    int exit_code;
    bool powered_off;

    struct gdbstub *gdb;        /* --gdb, or NULL (sim/gdbstub.h) */
    bool gdb_killed;            /* gdb's kill command ended the run */
};

static inline void machine_request(struct machine *m, enum machine_req r, int code)
{
    /* The first request wins: a guest that passes and then resets passed. */
    if (m->req == MACHINE_REQ_NONE) {
        m->req = r;
        m->req_code = code;
    }
    clock_kick(&m->clk);
}

struct machine_opts {
    const char *elf_path;       /* the lone program, when boot is NULL */
    const struct boot_plan *boot;   /* several images (--bios, --kernel, --loader) */
    FILE *trace;                /* NULL: no trace */
    const char *input_path;     /* --input FILE, or NULL for stdin */
    bool window_keys;           /* no --input: keys come from the window, not stdin */
    FILE *out;                  /* guest console output (stdout) */
    const char *events_path;    /* --events FILE, or NULL */
    const char *const *faults;  /* --fault specs (checked already) */
    int nfaults;
    struct gdbstub *gdb;        /* --gdb: the listening stub, or NULL */
    const struct trace_opts *trace_opts;  /* filters, event trace; NULL: just .trace */
    const char *monitor;        /* --monitor FILE or "stdio"; NULL: Ctrl-A c only */
};

/* Build everything from cfg (which must outlive m).  0, or an exit code
 * (exitcodes.h) after printing why. */
int  machine_build(struct machine *m, const struct config *cfg, const struct machine_opts *o);
/* Power on, load the ELF, place the device tree, reset the hart.  0 or an
 * exit code. */
int  machine_boot(struct machine *m);
/* Run to the end; returns the process exit code (exitcodes.h). */
int  machine_run(struct machine *m);
/* The power cut at the end of a run (idempotent).  0 or EXIT_HOST. */
int  machine_power_off(struct machine *m);
void machine_stats_json(struct machine *m, FILE *f);

/* Power, for sim/power.c.  machine_cut: the power is gone (caches, devices,
 * hart); *lost / *flushed get the dirty lines lost or written back.
 * machine_power_on: memory, devices and hart as after power-on number
 * `boot`.  machine_power_phase: tell every device. */
void machine_cut(struct machine *m, uint64_t *lost, uint64_t *flushed);
void machine_power_on(struct machine *m, uint32_t boot);
void machine_power_phase(struct machine *m, enum power_phase phase);
void machine_free(struct machine *m);

#endif
