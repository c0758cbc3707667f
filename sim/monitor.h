/*
 * monitor.h -- the simscm monitor: a QEMU-like command prompt that stops the
 * machine and looks inside it (docs/monitor.md is the manual).
 *
 * Ways in:
 *   Ctrl-A c on the console (a terminal, or the SDL window, which feeds keys
 *       through the same console entry point): the monitor takes over at the
 *       next instruction boundary; `continue` (or Ctrl-A c typed in the
 *       monitor) goes back to the guest.
 *   --monitor FILE: a script.  The machine starts stopped in the monitor,
 *       before its first instruction; the commands of FILE run in order, each
 *       echoed after a "(simscm) " prompt, so the output reads like a session.
 *       `continue insn=N` / `continue time=T` runs the guest to that point
 *       and the script goes on there; a plain `continue` runs to the end of
 *       the run, and what is left of the script runs then (the state at the
 *       end, before the final power-off).  At the end of the file the guest
 *       runs on to its end.
 *   --monitor stdio: the same, commands read from standard input.
 *
 * While the monitor is active the machine is stopped: no instruction runs
 * and simulated time stands still, so a monitor session does not change
 * what the guest computes (a scripted run stays deterministic).  Commands
 * that act (power, inject) schedule events on the simulated clock as the
 * console and the --fault option would.
 */
#ifndef SIMSCM_MONITOR_H
#define SIMSCM_MONITOR_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

struct machine;
struct monitor;

/* source: NULL (reachable by Ctrl-A c only), "stdio", or a script path.
 * out: where the monitor writes (stdout).  NULL after printing why the
 * script cannot be opened. */
struct monitor *monitor_new(struct machine *m, const char *source, FILE *out);
void monitor_free(struct monitor *mon);

/* Ctrl-A c: enter at the next instruction boundary. */
void monitor_request(void *mon);
/* Is the monitor waiting to take over?  (The machine loop asks.) */
bool monitor_pending(const struct monitor *mon);
/* Run commands until `continue` or `quit`. */
void monitor_enter(struct monitor *mon);
/* The instruction count of a `continue insn=N` (UINT64_MAX: none), and the
 * machine's call when the hart stopped at instret: true if it was ours. */
uint64_t monitor_next_insn(const struct monitor *mon);
bool monitor_insn_due(struct monitor *mon, uint64_t instret);
/* The run has ended: what is left of the script runs now. */
void monitor_at_end(struct monitor *mon, const char *why);

#endif
