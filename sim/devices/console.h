/*
 * console.h -- the host side of the UART: where guest output goes and where
 * guest input comes from.
 *
 * Output goes to a FILE (stdout).  Input comes from one of:
 *   - a script file (--input FILE): fed one character every
 *     console.input_gap_us of simulated time while the UART's receive FIFO
 *     has room, so a scripted run is exactly reproducible; at end of file the
 *     input just stops;
 *   - the host's stdin: polled from a periodic simulated-time event.  A
 *     terminal is put in raw mode for the run (restored on every exit path,
 *     signals included) and Ctrl-A x quits, as in QEMU's -nographic
 *     (Ctrl-A p presses the power button, Ctrl-A k cuts the power,
 *     Ctrl-A c switches to the monitor);
 *   - keys pushed by the SDL window (--display sdl): console_key, polled
 *     from the same periodic event as stdin, with the same Ctrl-A escapes;
 *   - nothing.
 * A tap (console_set_tap) sees every character the guest writes, besides
 * the FILE: the window's text grid.
 * The console never names the UART: the UART attaches itself as the receiver
 * (console_attach), the same way devices reach their interrupt line.
 */
#ifndef SIMSCM_CONSOLE_H
#define SIMSCM_CONSOLE_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include "simclock.h"

/* How often stdin is polled, in simulated microseconds. */
#define CONSOLE_POLL_US 1000

/* The receiving side (the UART). */
struct console_rx {
    bool (*room)(void *opaque);             /* can it take one more character? */
    void (*put)(void *opaque, uint8_t ch);
    void *opaque;
};

enum console_input { CONSOLE_IN_NONE, CONSOLE_IN_SCRIPT, CONSOLE_IN_STDIN, CONSOLE_IN_KEYS };

struct console_opts {
    FILE *out;                  /* guest output; NULL discards it */
    enum console_input input;
    const char *script_path;    /* CONSOLE_IN_SCRIPT */
    int in_fd;                  /* CONSOLE_IN_STDIN: usually STDIN_FILENO */
    uint32_t input_gap_us;      /* CONSOLE_IN_SCRIPT */
};

struct console {
    struct simclock *clk;
    FILE *out;
    enum console_input input;
    FILE *script;
    int in_fd;
    bool tty;                   /* keys come from a person (a terminal, raw mode, or the
                                 * window): Ctrl-A escapes */
    bool raw;                   /* the terminal is in raw mode now */
    bool in_eof;                /* input ended: no more events */
    bool ctrl_a;                /* the previous key was Ctrl-A */
    bool started;
    uint64_t gap_cycles;        /* between scripted characters */
    uint64_t poll_cycles;       /* between stdin polls */
    struct event ev;
    struct console_rx rx;
    /* Keys read from stdin, not yet taken by the UART (a paste is longer
     * than the 16-byte FIFO). */
    uint8_t pend[4096];
    unsigned pend_head, pend_tail;
    /* When *idle is true the guest waits for an interrupt: a poll that finds
     * nothing then waits for the host's stdin for one poll period instead of
     * spinning through simulated time. */
    const bool *idle;
    void (*quit)(void *opaque);  /* Ctrl-A x */
    void *quit_opaque;
    void (*power)(void *opaque, bool sudden);    /* Ctrl-A p (button), Ctrl-A k (cut) */
    void *power_opaque;
    void (*monitor)(void *opaque);  /* Ctrl-A c: the monitor (sim/monitor.c) */
    void *monitor_opaque;
    void (*tap)(void *opaque, uint8_t ch);      /* sees guest output (the window) */
    void *tap_opaque;
    uint64_t tx_bytes, rx_bytes;
};

/* 0, or -1 after printing why (a script that cannot be opened). */
int  console_init(struct console *c, struct simclock *clk, const struct console_opts *o);
void console_attach(struct console *c, struct console_rx rx);
void console_set_idle_flag(struct console *c, const bool *idle);
void console_set_quit(struct console *c, void (*quit)(void *), void *opaque);
/* Ctrl-A p calls power(opaque, false): the power button, a warned power
 * cycle; Ctrl-A k calls power(opaque, true): a sudden cut. */
void console_set_power(struct console *c, void (*power)(void *, bool), void *opaque);
/* Ctrl-A c calls monitor(opaque): switch to the monitor at the next
 * instruction boundary. */
void console_set_monitor(struct console *c, void (*monitor)(void *), void *opaque);
/* The monitor reads lines from the terminal: give it back its line editing
 * (cooked mode) for that time, then take it again.  No-ops off a terminal. */
void console_term_pause(struct console *c);
void console_term_resume(struct console *c);
/* Every character the guest writes also goes to tap(opaque, ch). */
void console_set_tap(struct console *c, void (*tap)(void *, uint8_t), void *opaque);
/* A key typed by the user (the SDL window): the same path as a key read
 * from a terminal, Ctrl-A escapes included.  With CONSOLE_IN_KEYS it
 * reaches the guest at the next poll; with a script only the escapes act. */
void console_key(struct console *c, uint8_t ch);
/* Begin feeding input (and take the terminal) / stop and give it back. */
void console_start(struct console *c);
void console_stop(struct console *c);
/* A character from the guest. */
void console_putc(struct console *c, uint8_t ch);
void console_free(struct console *c);

#endif
