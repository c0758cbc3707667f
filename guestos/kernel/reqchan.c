/*
 * reqchan.c -- the driver of simscm's request channel (sim/devices/reqchan.c,
 * register map in docs/guestos.md), and the kernel side of reqrecv()/
 * reqreply().
 *
 * The device queues requests from its simulated client and holds its
 * interrupt line up while the queue is non-empty and CTRL.IE is set.  The
 * interrupt handler only masks it and wakes the reader; the reader takes
 * requests straight from the device registers and re-enables the interrupt
 * before it sleeps again.  Answers go back through the ANS_* registers in
 * any order, tagged with the request's sequence number.
 *
 * Volatile: a device; a resume runs reqchan_init() again.
 */
#include "types.h"
#include "platform.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

/* Register offsets: RQ_* in include/platform.h, shared with the device. */

static struct spinlock rq_lock VOLATILE_STATE;
static int present VOLATILE_STATE;
static int answered VOLATILE_STATE;    /* since power-on: the first is a milestone */

static inline volatile uint32 *r32(int off)
{
    return (volatile uint32 *)(PLAT_REQCHAN_BASE + off);
}

static inline volatile uint64 *r64(int off)
{
    return (volatile uint64 *)(PLAT_REQCHAN_BASE + off);
}

void reqchan_init(int in_tree)
{
    initlock(&rq_lock, "reqchan");
    present = 0;
    answered = 0;
    if (!in_tree)
        return;
    if (*r32(RQ_MAGIC) != RQ_MAGIC_VALUE) {
        printf("reqchan: device tree lists it but no device answers; not used\n");
        return;
    }
    *r32(RQ_CTRL) = 0;
    plic_enable(PLAT_REQCHAN_IRQ);
    present = 1;
    printf("reqchan: request channel at %p\n", (void *)PLAT_REQCHAN_BASE);
}

void reqchan_intr(void)
{
    *r32(RQ_CTRL) = 0;
    wakeup(&present);
}

int reqchan_recv(struct kvreq *r, int nowait)
{
    if (!present)
        return E_NODEV;
    acquire(&rq_lock);
    while (*r32(RQ_PENDING) == 0) {
        if (nowait) {
            release(&rq_lock);
            return E_AGAIN;
        }
        if (killed(myproc())) {
            release(&rq_lock);
            return E_KILLED;
        }
        *r32(RQ_CTRL) = 1;
        sleep(&present, &rq_lock);
    }
    r->seq = *r32(RQ_REQ_SEQ);
    r->op = *r32(RQ_REQ_OP);
    r->key = *r32(RQ_REQ_KEY);
    r->val = *r64(RQ_REQ_VAL);
    *r32(RQ_POP) = 1;
    release(&rq_lock);
    return 0;
}

int reqchan_reply(uint32 seq, uint32 status, uint64 val)
{
    if (!present)
        return E_NODEV;
    acquire(&rq_lock);
    *r32(RQ_ANS_SEQ) = seq;
    *r32(RQ_ANS_STATUS) = status;
    *r64(RQ_ANS_VAL) = val;
    *r32(RQ_ANS_COMMIT) = 1;
    int first = !answered++;
    release(&rq_lock);
    if (first)
        power_mark(MARK_FIRST_REQUEST, seq);
    return 0;
}
