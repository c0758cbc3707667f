/*
 * console.c -- the UART's host side (see console.h).
 *
 * Input is driven by one event on the simulated clock, never by host time:
 *   script  the event fires every input_gap_us of simulated time and hands
 *           the UART one character if its FIFO has room, so the guest sees
 *           the same characters at the same cycles on every run;
 *   stdin   the event fires every CONSOLE_POLL_US of simulated time and
 *           passes on whatever the host has typed.  Interactive runs are not
 *           reproducible, by nature; scripted ones are.
 *   keys    the SDL window (--display sdl) pushes typed keys with
 *           console_key; the event delivers them every CONSOLE_POLL_US, as
 *           for stdin (the window keeps the run to wall-clock pace).
 * When the guest is idle (its hart in WFI) the simulated clock jumps from
 * event to event, so an idle guest would spin the host through millions of
 * polls per second.  Instead, a poll that finds nothing while the guest is
 * idle waits up to one poll period of host time for a key: an idle guest then
 * runs at roughly wall-clock speed and costs no host CPU.
 *
 * The terminal: raw mode for the run (no echo, no line editing, Ctrl-C goes
 * to the guest) but output post-processing stays on, so a guest's "\n" still
 * starts a new line.  It is restored by console_stop, by an atexit handler
 * and by handlers for the signals that would otherwise leave it raw.
 */
#include "console.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01

/* The terminal as it was before raw mode; process-wide, like the terminal. */
static struct termios saved_tio;
static int saved_fd = -1;
/* Every signal whose default action ends the process. */
static const int fatal_signals[] = {
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
    SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGSYS, SIGTRAP,
};
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction saved_actions[NFATAL];

static void term_restore(void)
{
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSANOW, &saved_tio);
        saved_fd = -1;
    }
}

/* Async-signal-safe: restore, then die of the same signal (SA_RESETHAND put
 * the default action back). */
static void on_fatal_signal(int sig)
{
    if (saved_fd >= 0)
        tcsetattr(saved_fd, TCSANOW, &saved_tio);
    raise(sig);
}

static void term_raw(int fd)
{
    static bool atexit_done;
    struct termios t;
    if (tcgetattr(fd, &saved_tio) < 0)
        return;
    t = saved_tio;
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                             ICRNL | IXON);
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_oflag |= OPOST;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    saved_fd = fd;
    if (!atexit_done) {
        atexit(term_restore);
        atexit_done = true;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = (int)SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &saved_actions[i]);
    tcsetattr(fd, TCSANOW, &t);
}

static void term_cooked(void)
{
    if (saved_fd < 0)
        return;
    term_restore();
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &saved_actions[i], NULL);
}

static unsigned pend_count(const struct console *c)
{
    return c->pend_tail - c->pend_head;
}

static void pend_push(struct console *c, uint8_t ch)
{
    if (pend_count(c) < sizeof c->pend)
        c->pend[c->pend_tail++ % sizeof c->pend] = ch;
}

static void quit(struct console *c)
{
    if (c->quit)
        c->quit(c->quit_opaque);
}

/* One key from a terminal: Ctrl-A starts an escape, as in QEMU. */
static void key(struct console *c, uint8_t ch)
{
    if (!c->tty) {
        pend_push(c, ch);
        return;
    }
    if (c->ctrl_a) {
        c->ctrl_a = false;
        switch (ch) {
        case 'x':
        case 'X':
            quit(c);
            break;
        case 'a':
        case CTRL_A:
            pend_push(c, CTRL_A);
            break;
        case 'p':
        case 'P':
        case 'k':
        case 'K':
            if (c->power)
                c->power(c->power_opaque, ch == 'k' || ch == 'K');
            break;
        case 'c':
        case 'C':
            if (c->monitor)
                c->monitor(c->monitor_opaque);
            break;
        case 'h':
        case '?':
            fputs("\r\nC-a x    quit simscm\r\nC-a p    press the power button "
                  "(warned power cycle)\r\nC-a k    cut the power at once (sudden loss)"
                  "\r\nC-a c    switch to the monitor (docs/monitor.md)"
                  "\r\nC-a a    send C-a\r\n"
                  "C-a h    this help\r\n", stderr);
            break;
        default:
            break;
        }
        return;
    }
    if (ch == CTRL_A)
        c->ctrl_a = true;
    else
        pend_push(c, ch);
}

/* Read what the host has for us, waiting up to timeout_ms.  Returns the
 * number of bytes read. */
static int read_stdin(struct console *c, int timeout_ms)
{
    if (c->in_eof || pend_count(c) == sizeof c->pend)
        return 0;
    struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
    int r = poll(&p, 1, timeout_ms);
    if (r <= 0)
        return 0;
    uint8_t buf[256];
    size_t room = sizeof c->pend - pend_count(c);
    ssize_t n = read(c->in_fd, buf, room < sizeof buf ? room : sizeof buf);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        c->in_eof = true;
        return 0;
    }
    if (n < 0)
        return 0;
    for (ssize_t i = 0; i < n; i++)
        key(c, buf[i]);
    return (int)n;
}

static int deliver(struct console *c)
{
    int n = 0;
    while (pend_count(c) && c->rx.room && c->rx.room(c->rx.opaque)) {
        c->rx.put(c->rx.opaque, c->pend[c->pend_head++ % sizeof c->pend]);
        c->rx_bytes++;
        n++;
    }
    return n;
}

static void poll_stdin(struct console *c, uint64_t now)
{
    read_stdin(c, 0);
    int n = deliver(c);
    if (n == 0 && pend_count(c) == 0 && c->idle && *c->idle && !c->in_eof) {
        int ms = CONSOLE_POLL_US / 1000;
        if (read_stdin(c, ms > 0 ? ms : 1) > 0)
            deliver(c);
    }
    if (c->out)
        fflush(c->out);
    if (!c->in_eof || pend_count(c))
        event_schedule(c->clk, &c->ev, now + c->poll_cycles);
}

static void feed_script(struct console *c, uint64_t now)
{
    if (c->rx.room && c->rx.room(c->rx.opaque)) {
        int ch = getc(c->script);
        if (ch == EOF) {
            c->in_eof = true;
            return;
        }
        c->rx.put(c->rx.opaque, (uint8_t)ch);
        c->rx_bytes++;
    }
    event_schedule(c->clk, &c->ev, now + c->gap_cycles);
}

/* Keys from the window: delivered every poll period, as from a terminal
 * (the window paces the run against the host's clock itself). */
static void poll_keys(struct console *c, uint64_t now)
{
    deliver(c);
    event_schedule(c->clk, &c->ev, now + c->poll_cycles);
}

static void console_event(void *opaque, uint64_t now)
{
    struct console *c = opaque;
    if (c->input == CONSOLE_IN_SCRIPT)
        feed_script(c, now);
    else if (c->input == CONSOLE_IN_STDIN)
        poll_stdin(c, now);
    else if (c->input == CONSOLE_IN_KEYS)
        poll_keys(c, now);
}

void console_key(struct console *c, uint8_t ch)
{
    key(c, ch);
    /* Typed text has nowhere to go while a script feeds the guest. */
    if (c->input != CONSOLE_IN_KEYS)
        c->pend_tail = c->pend_head;
}

int console_init(struct console *c, struct simclock *clk, const struct console_opts *o)
{
    memset(c, 0, sizeof *c);
    c->clk = clk;
    c->out = o->out;
    c->input = o->input;
    c->in_fd = -1;
    c->ev.fn = console_event;
    c->ev.opaque = c;
    c->ev.name = "console-input";
    c->gap_cycles = clock_ns_to_cycles(clk, (uint64_t)o->input_gap_us * 1000);
    if (c->gap_cycles == 0)
        c->gap_cycles = 1;
    c->poll_cycles = clock_ns_to_cycles(clk, (uint64_t)CONSOLE_POLL_US * 1000);
    if (c->poll_cycles == 0)
        c->poll_cycles = 1;
    if (c->input == CONSOLE_IN_SCRIPT) {
        c->script = fopen(o->script_path, "rb");
        if (!c->script) {
            fprintf(stderr, "simscm: --input %s: %s\n", o->script_path, strerror(errno));
            return -1;
        }
    } else if (c->input == CONSOLE_IN_STDIN) {
        c->in_fd = o->in_fd;
        c->tty = isatty(c->in_fd);
    } else if (c->input == CONSOLE_IN_KEYS) {
        c->tty = true;
    }
    return 0;
}

void console_attach(struct console *c, struct console_rx rx)
{
    c->rx = rx;
}

void console_set_idle_flag(struct console *c, const bool *idle)
{
    c->idle = idle;
}

void console_set_power(struct console *c, void (*fn)(void *, bool), void *opaque)
{
    c->power = fn;
    c->power_opaque = opaque;
}

void console_set_monitor(struct console *c, void (*fn)(void *), void *opaque)
{
    c->monitor = fn;
    c->monitor_opaque = opaque;
}

void console_term_pause(struct console *c)
{
    if (c->raw)
        term_cooked();
}

void console_term_resume(struct console *c)
{
    if (c->raw)
        term_raw(c->in_fd);
}

void console_set_quit(struct console *c, void (*fn)(void *), void *opaque)
{
    c->quit = fn;
    c->quit_opaque = opaque;
}

void console_start(struct console *c)
{
    if (c->started)
        return;
    c->started = true;
    if (c->input == CONSOLE_IN_SCRIPT) {
        event_schedule(c->clk, &c->ev, c->clk->cycle + c->gap_cycles);
    } else if (c->input == CONSOLE_IN_STDIN) {
        if (c->tty) {
            term_raw(c->in_fd);
            c->raw = true;
        }
        event_schedule(c->clk, &c->ev, c->clk->cycle + c->poll_cycles);
    } else if (c->input == CONSOLE_IN_KEYS) {
        event_schedule(c->clk, &c->ev, c->clk->cycle + c->poll_cycles);
    }
}

void console_stop(struct console *c)
{
    if (!c->started)
        return;
    c->started = false;
    event_cancel(c->clk, &c->ev);
    if (c->out)
        fflush(c->out);
    if (c->raw) {
        term_cooked();
        c->raw = false;
    }
}

void console_set_tap(struct console *c, void (*tap)(void *, uint8_t), void *opaque)
{
    c->tap = tap;
    c->tap_opaque = opaque;
}

void console_putc(struct console *c, uint8_t ch)
{
    c->tx_bytes++;
    if (c->tap)
        c->tap(c->tap_opaque, ch);
    if (!c->out)
        return;
    putc(ch, c->out);
    if (ch == '\n')
        fflush(c->out);
}

void console_free(struct console *c)
{
    console_stop(c);
    if (c->script)
        fclose(c->script);
    c->script = NULL;
}
