/*
 * console.c -- the console: a line discipline between the UART and read()/
 * write() on file descriptors 0, 1 and 2.
 *
 * Input arrives one byte per call to console_intr() (UART interrupt).  Bytes
 * are echoed and collected into an editable line; a newline, ^D or a full
 * buffer commits the line, and only committed bytes are readable:
 *
 *   buf:  ....[r ........ w ....... e]....
 *         r: next byte read()   w: end of committed input   e: end of the edit
 *
 * Editing keys: backspace/DEL erases a byte, ^U the whole line, ^D ends the
 * input (read returns 0 at the start of a line).
 *
 * Echo follows the reader: a byte is echoed when it arrives if a process is
 * waiting in read(), otherwise when read() takes it (x marks how far the
 * echo has got).  Typing at a prompt looks as usual, and a scripted session
 * whose input arrives all at once reads like one typed at the prompt: each
 * command appears after the "$ " that reads it, followed by its output.
 *
 * Volatile: typed-ahead input is lost with power, like the UART's FIFO.
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

#define CTRL(x) ((x) - '@')

static struct {
    struct spinlock lock;
    char buf[CONS_BUF];
    uint64 r, w, e;         /* free-running, taken modulo CONS_BUF */
    uint64 x;               /* bytes before x have been echoed */
    int readers;            /* processes asleep in console_read() */
} cons VOLATILE_STATE;

/* held: a byte the UART held before it was set up (uart_init), or -1.  It
 * starts the input; no process can be waiting for it yet. */
void console_init(int held)
{
    initlock(&cons.lock, "cons");
    if (held == '\r' || held == '\n' || (held >= ' ' && held < 0x7f)) {
        if (held == '\r')
            held = '\n';
        cons.buf[cons.e++ % CONS_BUF] = held;
        if (held == '\n')
            cons.w = cons.e;
    }
}

void console_putc(int c)
{
    uart_putc_sync(c);
}

/* Erase the last byte of the edit, and its echo if it had one. */
static void erase(void)
{
    cons.e--;
    if (cons.x > cons.e) {
        cons.x = cons.e;
        uart_putc_sync('\b');
        uart_putc_sync(' ');
        uart_putc_sync('\b');
    }
}

static void echo(char c)
{
    if (c != CTRL('D'))
        uart_putc_sync(c);
}

/* Echo what has arrived but not been shown, up to position upto. */
static void echo_upto(uint64 upto)
{
    for (; cons.x < upto; cons.x++)
        echo(cons.buf[cons.x % CONS_BUF]);
}

void console_intr(int c)
{
    acquire(&cons.lock);
    switch (c) {
    case CTRL('U'):
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % CONS_BUF] != '\n')
            erase();
        break;
    case '\b':
    case 0x7f:
        if (cons.e != cons.w)
            erase();
        break;
    default:
        if (c == 0 || cons.e - cons.r >= CONS_BUF)
            break;          /* NUL, or full: drop the byte */
        if (c == '\r')
            c = '\n';
        if (cons.readers > 0 && cons.x == cons.e && cons.w == cons.r) {
            echo(c);
            cons.x++;
        }
        cons.buf[cons.e++ % CONS_BUF] = c;
        if (c == '\n' || c == CTRL('D') || cons.e - cons.r == CONS_BUF) {
            cons.w = cons.e;
            wakeup(&cons.r);
        }
        break;
    }
    release(&cons.lock);
}

/* Read up to one line into user memory at udst. */
int console_read(uint64 udst, int n)
{
    struct proc *p = myproc();
    char chunk[64];
    int done = 0, k = 0;

    acquire(&cons.lock);
    while (cons.r == cons.w) {
        if (killed(p)) {
            release(&cons.lock);
            return E_KILLED;
        }
        echo_upto(cons.e);
        cons.readers++;
        sleep(&cons.r, &cons.lock);
        if (cons.readers > 0)   /* 0 after a resume, which rebuilt cons */
            cons.readers--;
    }
    while (done + k < n && cons.r != cons.w) {
        char c = cons.buf[cons.r % CONS_BUF];
        if (c == CTRL('D')) {
            /* End of input: consume it only if nothing came before, so the
             * next read() returns 0. */
            if (done + k == 0)
                cons.r++;
            break;
        }
        cons.r++;
        chunk[k++] = c;
        if (k == sizeof chunk || c == '\n') {
            if (copyout(p->pagetable, udst + done, chunk, k) < 0) {
                release(&cons.lock);
                return E_FAULT;
            }
            done += k;
            k = 0;
            if (c == '\n')
                break;
        }
    }
    if (k && copyout(p->pagetable, udst + done, chunk, k) < 0) {
        release(&cons.lock);
        return E_FAULT;
    }
    done += k;
    echo_upto(cons.r);
    release(&cons.lock);
    return done;
}

/* Write n bytes from user memory; one call's output is never interleaved. */
int console_write(uint64 usrc, int n)
{
    struct proc *p = myproc();
    char chunk[128];
    int done = 0;

    acquire(&cons.lock);
    while (done < n) {
        int k = n - done < (int)sizeof chunk ? n - done : (int)sizeof chunk;
        if (copyin(p->pagetable, chunk, usrc + done, k) < 0) {
            release(&cons.lock);
            return done ? done : E_FAULT;
        }
        for (int i = 0; i < k; i++)
            uart_putc_sync(chunk[i]);
        done += k;
    }
    release(&cons.lock);
    return done;
}
