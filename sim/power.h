/*
 * power.h -- the platform's power supply: warning, cut, off time, power-on.
 *
 * This is the machine's side of power (docs/power.md); the guest's side is
 * the power controller device (sim/devices/power.c), which only reads this
 * state and forwards the acknowledge and the button.  Anything may make the
 * power fail -- an injected fault, the button, the console, the watchdog --
 * by calling psu_fail.  A warned failure raises POWER_WARN at every device
 * and cuts residual_us later; a sudden one cuts at the next instruction
 * boundary.  The machine stays off for off_ms, then powers on.
 *
 * The cut and the power-on are events on the simulated clock, so they always
 * happen between two instructions, never inside a device callback.
 *
 * Times here are simulated ns since the run started (the clock never goes
 * back to 0 within a run; mtime does, at every power-on).
 */
#ifndef SIMSCM_POWER_H
#define SIMSCM_POWER_H

#include <stdint.h>
#include <stdbool.h>
#include "simclock.h"

struct machine;
struct json;

enum power_cause {
    CAUSE_FAULT,                /* --fault cut:... */
    CAUSE_BUTTON,               /* the power button (guest, --fault button, console) */
    CAUSE_CONSOLE,              /* Ctrl-A k: a sudden cut from the console */
    CAUSE_WATCHDOG,             /* the watchdog expired */
    CAUSE_COUNT
};

struct psu {
    struct machine *m;
    bool on;
    bool failing;               /* warned: the cut is coming */
    bool acked;                 /* the guest acknowledged the warning */
    bool warned;                /* the pending cut was warned */
    enum power_cause cause;     /* of the pending or last cut */
    uint32_t boot_reason;       /* BOOT_* of the last power-on */
    uint32_t boots;             /* power-ons in this run */
    uint64_t warn_ns, ack_ns, cut_ns, restore_ns;
    uint64_t off_cycles;        /* [power] off_ms in cycles */
    uint64_t residual_cycles;   /* [power] residual_us in cycles */
    uint64_t last_change;       /* cycle of the last cut or power-on */
    struct event cut_ev, on_ev;

    /* Stats */
    uint64_t on_cycles, off_total_cycles;
    uint64_t warnings, acks, cuts_warned, cuts_sudden, cuts_acked;
    uint64_t cuts_by_cause[CAUSE_COUNT];
    uint64_t ons_by_reason[4];
    uint64_t dirty_lost, dirty_flushed;
    uint64_t max_warn_to_ack_ns; /* longest warning-to-acknowledge */
};

const char *psu_cause_name(enum power_cause c);
const char *psu_boot_reason_name(uint32_t reason);

void psu_init(struct psu *p, struct machine *m);
/* The first power-on of the run (machine_boot has loaded memory). */
void psu_first_power_on(struct psu *p, uint32_t reason);
/* Make the power fail.  sudden (or residual_us = 0): cut at the next
 * instruction boundary; otherwise warn now and cut residual_us later.  A
 * warned failure while a window is open changes nothing.  No effect while
 * the machine is off; returns false then. */
bool psu_fail(struct psu *p, enum power_cause cause, bool sudden);
/* The guest acknowledged the warning.  False if no warning is pending. */
bool psu_ack(struct psu *p);
/* Simulated ns since the run started. */
uint64_t psu_now_ns(const struct psu *p);
/* Close the books at the end of the run (on/off time). */
void psu_finish(struct psu *p);
void psu_stats_json(const struct psu *p, struct json *j);

#endif
