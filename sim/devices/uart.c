/*
 * uart.c -- a 16550A UART, as a guest sees it on QEMU's virt machine.
 *
 * Eight byte-wide registers at offsets 0..7 (no register shift).  What is
 * modelled, and why:
 *   - Transmit is instantaneous: a THR write goes straight to the console and
 *     THR-empty is set again at once (QEMU does the same), so a guest that
 *     polls LSR.THRE never waits and output costs no simulated time.
 *   - Receive has the 16-byte FIFO (or the single holding register with the
 *     FIFO off), overrun, the FIFO trigger level, and the character timeout:
 *     with fewer bytes than the trigger level waiting, a receive interrupt
 *     still comes four character times after the last activity.  Character
 *     time follows the divisor latch and LCR frame format (9600 baud, 10 bits
 *     after reset), in simulated time.
 *   - Interrupt priority as in the data sheet: line status, receive data or
 *     timeout, THR empty, modem status.  The THR-empty interrupt is cleared
 *     by reading IIR while it is the one reported, or by writing THR.
 *   - Loopback (MCR bit 4) routes THR back into the receiver and the MCR
 *     outputs into MSR, which drivers use to probe the chip.
 *   - Modem lines: DCD, DSR and CTS are asserted and never change.
 * The interrupt output is one level-triggered line (PLIC source 10).
 */
#include "dev.h"
#include "console.h"
#include "machine.h"
#include <stdlib.h>
#include <string.h>

/* Register offsets. */
#define UART_RBR_THR 0      /* DLAB=0: receive buffer (r), transmit holding (w) */
#define UART_IER     1      /* DLAB=0: interrupt enable */
#define UART_IIR_FCR 2      /* interrupt identification (r), FIFO control (w) */
#define UART_LCR     3
#define UART_MCR     4
#define UART_LSR     5
#define UART_MSR     6
#define UART_SCR     7
/* With LCR.DLAB set, offsets 0 and 1 are the divisor latch. */

#define IER_RDI   0x01      /* receive data available (and timeout) */
#define IER_THRI  0x02      /* THR empty */
#define IER_RLSI  0x04      /* receiver line status */
#define IER_MSI   0x08      /* modem status */

#define IIR_NO_INT 0x01
#define IIR_MSI    0x00
#define IIR_THRI   0x02
#define IIR_RDI    0x04
#define IIR_RLSI   0x06
#define IIR_CTI    0x0c
#define IIR_FIFO   0xc0     /* both bits set while the FIFOs are enabled */

#define FCR_FE     0x01
#define FCR_RFR    0x02     /* clear receive FIFO */
#define FCR_XFR    0x04     /* clear transmit FIFO */
#define FCR_DMA    0x08
#define FCR_RSVD   0x30

#define LCR_DLAB   0x80

#define MCR_LOOP   0x10
#define MCR_OUT2   0x08
#define MCR_RSVD   0xe0

#define LSR_DR     0x01
#define LSR_OE     0x02
#define LSR_PE     0x04
#define LSR_FE     0x08
#define LSR_BI     0x10
#define LSR_THRE   0x20
#define LSR_TEMT   0x40
#define LSR_INT_ANY (LSR_OE | LSR_PE | LSR_FE | LSR_BI)

#define MSR_CTS    0x10
#define MSR_DSR    0x20
#define MSR_DCD    0x80
#define MSR_DELTA  0x0f

#define UART_FIFO_BYTES 16
/* Input clock 3.6864 MHz (the device tree says so), divided by 16. */
#define UART_BAUD_BASE  230400u

struct uart {
    struct simclock *clk;
    struct console *con;
    struct irq_line irq;

    uint8_t rbr;                /* holding register with the FIFO off */
    uint8_t ier, fcr, lcr, mcr, lsr, msr, scr;
    uint8_t iir;                /* interrupt id, low nibble */
    uint16_t div;
    uint8_t fifo[UART_FIFO_BYTES];
    unsigned fhead, fcount;
    unsigned itl;               /* receive trigger level in bytes */
    bool thr_ipending;
    bool timeout_ipending;
    uint64_t char_cycles;       /* one character time in CPU cycles */
    struct event timeout_ev;
};

static void update_irq(struct uart *u)
{
    uint8_t id = IIR_NO_INT;
    if ((u->ier & IER_RLSI) && (u->lsr & LSR_INT_ANY))
        id = IIR_RLSI;
    else if ((u->ier & IER_RDI) && u->timeout_ipending)
        id = IIR_CTI;
    else if ((u->ier & IER_RDI) && (u->lsr & LSR_DR) &&
             (!(u->fcr & FCR_FE) || u->fcount >= u->itl))
        id = IIR_RDI;
    else if ((u->ier & IER_THRI) && u->thr_ipending)
        id = IIR_THRI;
    else if ((u->ier & IER_MSI) && (u->msr & MSR_DELTA))
        id = IIR_MSI;
    u->iir = id;
    irq_set(&u->irq, id != IIR_NO_INT);
}

/* Character time from the divisor and the frame format in LCR. */
static void update_char_time(struct uart *u)
{
    if (u->div == 0)
        return;         /* a zero divisor stops the clock; keep the old rate */
    unsigned bits = 1 + 5 + (u->lcr & 3) + ((u->lcr & 0x08) ? 1 : 0) +
                    ((u->lcr & 0x04) ? 2 : 1);
    uint64_t ns = (uint64_t)bits * 1000000000ull * u->div / UART_BAUD_BASE;
    u->char_cycles = clock_ns_to_cycles(u->clk, ns);
    if (u->char_cycles == 0)
        u->char_cycles = 1;
}

static void arm_timeout(struct uart *u)
{
    event_schedule(u->clk, &u->timeout_ev, u->clk->cycle + 4 * u->char_cycles);
}

static void timeout_fire(void *opaque, uint64_t now)
{
    struct uart *u = opaque;
    if (u->fcount) {
        u->timeout_ipending = true;
        update_irq(u);
    }
}

static void receive(struct uart *u, uint8_t ch)
{
    if (u->fcr & FCR_FE) {
        if (u->fcount == UART_FIFO_BYTES) {
            u->lsr |= LSR_OE;
        } else {
            u->fifo[(u->fhead + u->fcount) % UART_FIFO_BYTES] = ch;
            u->fcount++;
        }
        u->lsr |= LSR_DR;
        arm_timeout(u);
    } else {
        if (u->lsr & LSR_DR)
            u->lsr |= LSR_OE;
        u->rbr = ch;
        u->lsr |= LSR_DR;
    }
    update_irq(u);
}

static bool rx_room(void *opaque)
{
    struct uart *u = opaque;
    if (u->fcr & FCR_FE)
        return u->fcount < UART_FIFO_BYTES;
    return !(u->lsr & LSR_DR);
}

static void rx_put(void *opaque, uint8_t ch)
{
    receive(opaque, ch);
}

static void transmit(struct uart *u, uint8_t ch)
{
    u->thr_ipending = false;
    u->lsr &= ~(LSR_THRE | LSR_TEMT);
    update_irq(u);
    if (u->mcr & MCR_LOOP)
        receive(u, ch);
    else if (u->con)
        console_putc(u->con, ch);
    u->lsr |= LSR_THRE | LSR_TEMT;
    u->thr_ipending = true;
    update_irq(u);
}

static void clear_rx(struct uart *u)
{
    u->lsr &= ~(LSR_DR | LSR_BI);
    event_cancel(u->clk, &u->timeout_ev);
    u->timeout_ipending = false;
    u->fhead = u->fcount = 0;
}

static uint8_t read_rbr(struct uart *u)
{
    uint8_t v;
    if (u->fcr & FCR_FE) {
        v = 0;
        if (u->fcount) {
            v = u->fifo[u->fhead];
            u->fhead = (u->fhead + 1) % UART_FIFO_BYTES;
            u->fcount--;
        }
        if (u->fcount == 0) {
            u->lsr &= ~(LSR_DR | LSR_BI);
            event_cancel(u->clk, &u->timeout_ev);
        } else {
            arm_timeout(u);
        }
        u->timeout_ipending = false;
    } else {
        v = u->rbr;
        u->lsr &= ~(LSR_DR | LSR_BI);
    }
    update_irq(u);
    return v;
}

static const char *reg_name(const struct uart *u, uint64_t off, bool write)
{
    static const char *const rd[8] = { "RBR", "IER", "IIR", "LCR", "MCR", "LSR", "MSR", "SCR" };
    static const char *const wr[8] = { "THR", "IER", "FCR", "LCR", "MCR", "LSR", "MSR", "SCR" };
    if (off > UART_SCR)
        return "reserved";
    if ((u->lcr & LCR_DLAB) && off < 2)
        return off ? "DLM" : "DLL";
    return write ? wr[off] : rd[off];
}

/* A wrongly sized access, or one past the eight registers. */
static void bad_access(const struct uart *u, uint64_t off, uint64_t val,
                       unsigned size, const char *what)
{
    bool write = what[0] == 'w';
    if (off > UART_SCR)
        dev_guest_error("uart", reg_name(u, off, write), val,
                        "%s at offset 0x%llx, past the 8 UART registers", what,
                        (unsigned long long)off);
    else
        dev_guest_error("uart", reg_name(u, off, write), val,
                        "%u-byte %s; UART registers are 1 byte wide", size, what);
}

static uint64_t uart_read(void *dev, uint64_t off, unsigned size)
{
    struct uart *u = dev;
    if (size != 1 || off > UART_SCR) {
        bad_access(u, off, 0, size, "read");
        return 0;
    }
    uint8_t v = 0;
    switch (off) {
    case UART_RBR_THR:
        v = (u->lcr & LCR_DLAB) ? (uint8_t)u->div : read_rbr(u);
        break;
    case UART_IER:
        v = (u->lcr & LCR_DLAB) ? (uint8_t)(u->div >> 8) : u->ier;
        break;
    case UART_IIR_FCR:
        v = u->iir | ((u->fcr & FCR_FE) ? IIR_FIFO : 0);
        if (u->iir == IIR_THRI) {
            u->thr_ipending = false;
            update_irq(u);
        }
        break;
    case UART_LCR:
        v = u->lcr;
        break;
    case UART_MCR:
        v = u->mcr;
        break;
    case UART_LSR:
        v = u->lsr;
        if (u->lsr & (LSR_BI | LSR_OE)) {
            u->lsr &= ~(LSR_BI | LSR_OE);
            update_irq(u);
        }
        break;
    case UART_MSR:
        if (u->mcr & MCR_LOOP) {
            /* Loopback: OUT2->DCD, OUT1->RI, RTS->CTS, DTR->DSR. */
            v = (uint8_t)(((u->mcr & 0x0c) << 4) | ((u->mcr & 0x02) << 3) |
                          ((u->mcr & 0x01) << 5));
        } else {
            v = u->msr;
            if (u->msr & MSR_DELTA) {
                u->msr &= 0xf0;
                update_irq(u);
            }
        }
        break;
    case UART_SCR:
        v = u->scr;
        break;
    }
    return v;
}

static void write_fcr(struct uart *u, uint8_t val)
{
    if (val & FCR_RSVD)
        dev_guest_error("uart", "FCR", val, "bits 4-5 are reserved");
    /* Switching the FIFOs on or off empties them. */
    if ((val ^ u->fcr) & FCR_FE)
        val |= FCR_XFR | FCR_RFR;
    if (val & FCR_RFR)
        clear_rx(u);
    if (val & FCR_XFR) {
        u->lsr |= LSR_THRE;
        u->thr_ipending = true;
    }
    u->fcr = val & (FCR_FE | FCR_DMA | 0xc0);
    static const unsigned levels[4] = { 1, 4, 8, 14 };
    u->itl = levels[u->fcr >> 6];
    update_irq(u);
}

static void uart_write(void *dev, uint64_t off, uint64_t val64, unsigned size)
{
    struct uart *u = dev;
    if (size != 1 || off > UART_SCR) {
        bad_access(u, off, val64, size, "write");
        return;
    }
    uint8_t val = (uint8_t)val64;
    switch (off) {
    case UART_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            u->div = (u->div & 0xff00) | val;
            update_char_time(u);
        } else {
            transmit(u, val);
        }
        break;
    case UART_IER:
        if (u->lcr & LCR_DLAB) {
            u->div = (uint16_t)((u->div & 0x00ff) | (val << 8));
            update_char_time(u);
        } else {
            if (val & 0xf0)
                dev_guest_error("uart", "IER", val, "bits 4-7 are reserved");
            uint8_t changed = (u->ier ^ val) & 0x0f;
            u->ier = val & 0x0f;
            /* Enabling THRI while THR is empty raises it at once, even if
             * an IIR read had cleared it (drivers rely on the toggle). */
            if (changed & IER_THRI)
                u->thr_ipending = (u->ier & IER_THRI) && (u->lsr & LSR_THRE);
            if (changed)
                update_irq(u);
        }
        break;
    case UART_IIR_FCR:
        write_fcr(u, val);
        break;
    case UART_LCR:
        u->lcr = val;
        update_char_time(u);
        break;
    case UART_MCR:
        if (val & MCR_RSVD)
            dev_guest_error("uart", "MCR", val, "bits 5-7 are reserved");
        u->mcr = val & 0x1f;
        break;
    case UART_LSR:
        dev_guest_error("uart", "LSR", val, "LSR is read-only");
        break;
    case UART_MSR:
        dev_guest_error("uart", "MSR", val, "MSR is read-only");
        break;
    case UART_SCR:
        u->scr = val;
        break;
    }
}

static void uart_reset(void *dev)
{
    struct uart *u = dev;
    u->rbr = 0;
    u->ier = 0;
    u->iir = IIR_NO_INT;
    u->fcr = 0;
    u->itl = 1;
    u->lcr = 0;
    u->lsr = LSR_TEMT | LSR_THRE;
    u->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    u->mcr = MCR_OUT2;
    u->scr = 0;
    u->div = 12;
    u->fhead = u->fcount = 0;
    u->thr_ipending = false;
    u->timeout_ipending = false;
    event_cancel(u->clk, &u->timeout_ev);
    /* 9600 baud, 8N1: ten bits per character. */
    u->char_cycles = clock_ns_to_cycles(u->clk, 10ull * 1000000000ull / 9600);
    if (u->char_cycles == 0)
        u->char_cycles = 1;
    irq_set(&u->irq, 0);
}

static void *uart_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    struct uart *u = calloc(1, sizeof *u);
    if (!u)
        abort();
    u->clk = &m->clk;
    u->con = m->console;
    u->irq = irq;
    u->timeout_ev.fn = timeout_fire;
    u->timeout_ev.opaque = u;
    u->timeout_ev.name = "uart-rx-timeout";
    uart_reset(u);
    if (u->con)
        console_attach(u->con, (struct console_rx){ rx_room, rx_put, u });
    return u;
}

static void uart_dump(void *dev, FILE *f)
{
    struct uart *u = dev;
    fprintf(f, "uart: ier=%02x iir=%02x fcr=%02x lcr=%02x mcr=%02x lsr=%02x "
               "msr=%02x scr=%02x div=%u rx=%u thr_ipending=%d timeout=%d\n",
            u->ier, u->iir, u->fcr, u->lcr, u->mcr, u->lsr, u->msr, u->scr,
            u->div, u->fcount, u->thr_ipending, u->timeout_ipending);
}

static void uart_free(void *dev)
{
    struct uart *u = dev;
    event_cancel(u->clk, &u->timeout_ev);
    free(u);
}

const struct dev_ops uart_ops = {
    .name = "uart",
    .init = uart_init,
    .read = uart_read,
    .write = uart_write,
    .reset = uart_reset,
    .dump = uart_dump,
    .free = uart_free,
};
