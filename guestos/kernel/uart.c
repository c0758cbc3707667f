/*
 * uart.c -- the 16550A UART at PLAT_UART0_BASE.
 *
 * Receive is interrupt driven: every received byte goes to the console line
 * discipline (console.c).  Transmit polls the line-status register: output
 * is short (shell lines, progress reports), the simulated UART drains at
 * once, and polling keeps messages whole even from a panic.
 *
 * Volatile: the UART is a device and loses its settings with power, so a
 * resume runs uart_init() again.
 */
#include "types.h"
#include "platform.h"
#include "defs.h"

/* 16550A registers (byte offsets) and the bits the driver uses. */
#define RHR 0           /* receive holding (read) */
#define THR 0           /* transmit holding (write) */
#define IER 1           /* interrupt enable */
#define   IER_RX     0x01
#define FCR 2           /* FIFO control (write) */
#define   FCR_ENABLE 0x01
#define LCR 3           /* line control */
#define   LCR_8N1    0x03
#define   LCR_DLAB   0x80
#define LSR 5           /* line status */
#define   LSR_RX     0x01
#define   LSR_THRE   0x20

static volatile uint8 *const uart = (uint8 *)PLAT_UART0_BASE;

/*
 * Returns the byte the UART already held, or -1: switching the FIFOs on
 * empties the receive side (as on a real 16550A), so a byte a scripted
 * session typed before the kernel got here is read out first.
 */
int uart_init(void)
{
    uart[IER] = 0;
    int held = (uart[LSR] & LSR_RX) ? uart[RHR] : -1;
    /* Divisor 3: 38400 baud on a 1.8432 MHz clock.  Simulated UARTs ignore
     * it, a real one needs it. */
    uart[LCR] = LCR_DLAB;
    uart[0] = 3;
    uart[1] = 0;
    uart[LCR] = LCR_8N1;
    /* FIFOs on, receive trigger at one byte. */
    uart[FCR] = FCR_ENABLE;
    uart[IER] = IER_RX;
    return held;
}

void uart_putc_sync(int c)
{
    while ((uart[LSR] & LSR_THRE) == 0)
        ;
    uart[THR] = c;
}

/* Receive interrupt: hand over everything the FIFO holds. */
void uart_intr(void)
{
    while (uart[LSR] & LSR_RX)
        console_intr(uart[RHR]);
}
