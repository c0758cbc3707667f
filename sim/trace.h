/*
 * trace.h -- the filters of the instruction trace and the event trace
 * (docs/tracing.md is the manual: line formats, field by field).
 *
 * Instruction trace (--trace[=FILE]).  The hart prints one line per
 * instruction while h->trace is set; that is the only hook in the hart.
 * Three filters narrow it:
 *   --trace-insns START:END   only instructions START .. END-1 (counted from
 *                             0 as instret counts them).  Before START the
 *                             hart runs at full speed: the machine stops it
 *                             at START through the instruction limit (the
 *                             --max-insns mechanism), sets h->trace, and
 *                             clears it again at END.
 *   --trace-pc LO:HI          only lines whose pc is in [LO, HI)
 *   --trace-priv U,S,M        only lines of those privilege modes
 * The pc and privilege filters are checked per traced line (in trace_line,
 * which only runs while h->trace is set), so they cost nothing untraced but
 * do not make a traced run faster: combine them with a window for that.
 *
 * Event trace (--trace-events[=FILE]).  One readable line per trap,
 * interrupt, power event, guest milestone and page migration, each with the
 * simulated time.  Traps and interrupts come from the hart's trap hook (called
 * by trap_take, never on the hot path); everything else is a copy of what
 * the JSON event log (evlog) writes, in words.
 */
#ifndef SIMSCM_TRACE_H
#define SIMSCM_TRACE_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include "evlog.h"

struct hart;
struct simclock;

/* What the user asked for (parsed by main.c, checked before anything runs). */
struct trace_opts {
    FILE *insn_f;               /* --trace, or NULL */
    bool window;                /* --trace-insns given */
    uint64_t start, end;        /* [start, end) in retired instructions */
    bool pc_filter;             /* --trace-pc given */
    uint64_t pc_lo, pc_hi;      /* [lo, hi) */
    unsigned priv_mask;         /* --trace-priv: bit p for priv p; 0: all */
    FILE *events_f;             /* --trace-events, or NULL */
};

struct tracer {
    struct trace_opts o;
    struct hart *h;
    const struct simclock *clk;
    bool in_window;             /* h->trace is on because of the window */
    bool done;                  /* the window has ended */
    uint64_t lines;             /* event-trace lines written */
};

/* Parse "START:END", "LO:HI" and "U,S,M" as the options take them.  0, or
 * -1 with a message in err. */
int  trace_parse_range(const char *s, uint64_t *lo, uint64_t *hi, char *err, size_t errlen);
int  trace_parse_priv(const char *s, unsigned *mask, char *err, size_t errlen);

/* Wire the options to hart h (sets h->trace and the filters, or leaves the
 * trace off until the window opens; installs the trap hook). */
void trace_init(struct tracer *t, const struct trace_opts *o, struct hart *h,
                const struct simclock *clk);
/* Copy every event-log line into the event trace (if there is one). */
void trace_attach_evlog(struct tracer *t, struct evlog *e);
/* The next instruction count at which the tracer wants the hart stopped
 * (UINT64_MAX: none). */
uint64_t trace_next_insn(const struct tracer *t);
/* The hart stopped at instret: open or close the window.  True if that was
 * the tracer's stop. */
bool trace_insn_due(struct tracer *t, uint64_t instret);

/* Event trace: the head of a line (time and kind), then free text. */
void trace_event(struct tracer *t, uint64_t t_ns, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Standard names of trap causes ("environment call from U-mode"). */
const char *trace_cause_name(uint64_t cause);

#endif
