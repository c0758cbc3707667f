/*
 * gdbstub.h -- a GDB remote serial protocol (RSP) server for the hart, on a
 * TCP port of 127.0.0.1 (--gdb PORT, --gdb-wait).  See sim/gdbstub.c for
 * the protocol subset and docs/debugging.md for how to use it.
 *
 * Life cycle: main opens the listening socket before anything is built
 * (so a bad or busy port is a usage error), machine_build attaches it to
 * the machine, and the machine loop calls gdbstub_serve before every run
 * of the hart and gdbstub_after_run after it.  gdbstub_serve blocks for as
 * long as gdb keeps the machine stopped.
 */
#ifndef SIMSCM_GDBSTUB_H
#define SIMSCM_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include "cpu/hart.h"

struct gdbstub;
struct machine;

/* Listen on 127.0.0.1:port (0: any free port).  NULL after writing why
 * into err.  wait: stop before the first instruction until gdb attaches. */
struct gdbstub *gdbstub_open(unsigned port, bool wait, char *err, size_t errlen);
unsigned gdbstub_port(const struct gdbstub *g);
void gdbstub_attach(struct gdbstub *g, struct machine *m);
/* Before the hart runs: accept a connection, notice Ctrl-C, report a stop
 * and serve gdb's commands until it resumes the machine. */
void gdbstub_serve(struct gdbstub *g);
/* After the hart ran: a breakpoint/watchpoint hit or a finished single
 * step becomes a pending stop.  Returns the stop the machine loop should
 * act on (HART_DEADLINE for one the stub took). */
enum hart_stop gdbstub_after_run(struct gdbstub *g, enum hart_stop stop);
/* The machine powered on (the hart was reset). */
void gdbstub_power_on(struct gdbstub *g);
/* The run is over with this exit code: tell gdb, close. */
void gdbstub_close(struct gdbstub *g, int code);

#endif
