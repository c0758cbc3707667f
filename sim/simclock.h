/*
 * simclock.h -- simulated time and the event queue.
 *
 * Simulated time is counted in CPU cycles and nothing else: one cycle lasts
 * 1/freq_hz seconds of *virtual* time.  Host time never enters the model, so
 * a run is a pure function of (config, workload, seed, input script).  In the
 * functional mode (--timing off) every retired instruction costs one cycle;
 * in the timing mode the core and memory model add their costs.
 *
 * Deferred work (a timer compare, a character arriving on the UART, a power
 * cut at the end of the residual-energy window) is an event keyed by the cycle
 * at which it fires.  The hart runs until clk->deadline, which is always the
 * earliest pending event (or 0 when someone asked it to stop), then the
 * machine loop fires what is due.  Events are owned by their device (embedded
 * in its state struct), so scheduling never allocates.
 */
#ifndef SIMSCM_SIMCLOCK_H
#define SIMSCM_SIMCLOCK_H

#include <stdint.h>
#include <stdbool.h>

struct event;
typedef void (*event_fn)(void *opaque, uint64_t now);

struct event {
    uint64_t when;          /* cycle at which it fires */
    event_fn fn;
    void *opaque;
    const char *name;       /* for debug dumps */
    bool queued;
    struct event *next;
};

struct simclock {
    uint64_t cycle;         /* now, in CPU cycles since power-on */
    uint64_t deadline;      /* the hart returns to the machine loop at this cycle */
    uint64_t freq_hz;       /* CPU clock */
    /* mtime = clock_mtime(cycle) + mtime_offset.  Only a guest write to the
     * CLINT's mtime changes it; the hart's time CSR reads the same sum. */
    uint64_t mtime_offset;
    struct event *queue;    /* sorted by when, then by insertion order */
};

void clock_init(struct simclock *c, uint64_t freq_hz);
/* Schedule (or move) e to fire at cycle `when`. */
void event_schedule(struct simclock *c, struct event *e, uint64_t when);
void event_cancel(struct simclock *c, struct event *e);
/* Fire every event whose time has come; returns how many fired. */
int  clock_run_due(struct simclock *c);
/* Make the hart return to the machine loop at the next instruction boundary. */
static inline void clock_kick(struct simclock *c) { c->deadline = 0; }
/* Recompute the deadline from the queue (after the machine loop handled a kick). */
void clock_rearm(struct simclock *c);

static inline uint64_t clock_ns_to_cycles(const struct simclock *c, uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * c->freq_hz / 1000000000u);
}
static inline uint64_t clock_cycles_to_ns(const struct simclock *c, uint64_t cyc)
{
    return (uint64_t)((unsigned __int128)cyc * 1000000000u / c->freq_hz);
}
/* mtime (10 MHz) at a cycle count. */
static inline uint64_t clock_mtime(const struct simclock *c, uint64_t cyc)
{
    return (uint64_t)((unsigned __int128)cyc * 10000000u / c->freq_hz);
}
/* First cycle at which mtime >= t. */
static inline uint64_t clock_mtime_to_cycle(const struct simclock *c, uint64_t t)
{
    unsigned __int128 n = (unsigned __int128)t * c->freq_hz;
    return (uint64_t)((n + 10000000u - 1) / 10000000u);
}

#endif
