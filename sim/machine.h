/*
 * machine.h -- one simscm machine: memory regions, devices and a hart, wired
 * together from a config, and the loop that runs it.
 *
 * Lifetime of a run:
 *   machine_build      regions, bus, devices, hart, timing model
 *   machine_boot       power on (DRAM garbage, SCM reloaded), load the ELF,
 *                      place the device tree, reset the hart
 *   machine_run        hart_run / fire due events, until a device or the
 *                      console asks to stop (exit, reset, quit) or a limit hits
 *   machine_power_off  the cut: dirty cache lines are lost unless the config
 *                      asks for flush-on-fail; SCM images are synced
 *   machine_stats_json one JSON object, deterministic
 *
 * Devices get the machine in their init and may use m->clk, m->console and
 * the lines into the hart; they stop the run with machine_request(), an
 * inline helper, so a device file never has to link against the hart.
 */
#ifndef SIMSCM_MACHINE_H
#define SIMSCM_MACHINE_H

#include <stdint.h>
#include <stdio.h>
#include "simclock.h"
#include "config.h"
#include "mem/bus.h"
#include "devices/dev.h"

struct hart;
struct timing;
struct console;

/* The device catalogue: each is defined at the bottom of its own file. */
extern const struct dev_ops plic_ops;
extern const struct dev_ops clint_ops;
extern const struct dev_ops uart_ops;
extern const struct dev_ops finisher_ops;
extern const struct dev_ops reqchan_ops;

/* irq_line callback for a PLIC source: opaque is the PLIC, num the source. */
void plic_irq_cb(void *plic, int src, int level);
/* The request channel's client parameters and its stats (reqchan.c). */
struct reqchan_config;
void reqchan_configure(void *reqchan, const struct reqchan_config *rc);
struct json;
void reqchan_stats_json(void *reqchan, struct json *j);

enum machine_req {
    MACHINE_REQ_NONE,
    MACHINE_REQ_EXIT,       /* the guest finished (test finisher): exit with code */
    MACHINE_REQ_RESET,      /* warm reset: hart and devices, memory kept */
    MACHINE_REQ_QUIT,       /* the user quit (Ctrl-A x) */
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
    void *plic;                 /* source lines come from plic_irq_cb */
    void *reqchan;

    /* Lines into hart 0, set before the devices are created. */
    struct irq_line msip, mtip, meip, seip;

    const char *elf_path;
    uint64_t entry;
    uint64_t fdt_addr;
    void *fdt;
    size_t fdt_size;

    /* Set by devices (machine_request), read by the run loop. */
    enum machine_req req;
    int req_code;

    uint64_t max_insns;         /* 0: none; counts across warm resets */
    uint64_t resets;

    /* How the run ended. */
    const char *exit_reason;
    int exit_code;
    bool powered_off;
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
    const char *elf_path;
    FILE *trace;                /* NULL: no trace */
    const char *input_path;     /* --input FILE, or NULL for stdin */
    FILE *out;                  /* guest console output (stdout) */
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
void machine_free(struct machine *m);

#endif
