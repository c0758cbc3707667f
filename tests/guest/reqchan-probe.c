/*
 * reqchan-probe.c -- a bare-metal program (M-mode, no guest OS) that drives
 * the request channel by hand, to check the device's own judgement: one
 * answer right, one deliberately wrong, two answers for requests that
 * cannot be answered, and a read with nothing waiting.  run.sh then reads
 * the counts from the stats and the guest-error lines from stderr.
 *
 * Run with [reqchan] rate_per_ms = 1, start_ms = 0: the first request is
 * sent at time 0 and the next one a millisecond later.
 */
#include <stdint.h>
#include "platform.h"

#define REG32(off) (*(volatile uint32_t *)(PLAT_REQCHAN_BASE + (off)))
#define REG64(off) (*(volatile uint64_t *)(PLAT_REQCHAN_BASE + (off)))

static void answer(uint32_t seq, uint32_t status)
{
    REG32(RQ_ANS_SEQ) = seq;
    REG32(RQ_ANS_STATUS) = status;
    REG64(RQ_ANS_VAL) = 0;
    REG32(RQ_ANS_COMMIT) = 1;
}

static uint32_t take(uint32_t *op)
{
    while (REG32(RQ_PENDING) == 0)
        ;
    uint32_t seq = REG32(RQ_REQ_SEQ);
    *op = REG32(RQ_REQ_OP);
    REG32(RQ_POP) = 1;
    return seq;
}

int main(void)
{
    uint32_t op;

    if (REG32(0) != 0x48435152)
        return 1;                           /* no device */
    /* Request 1 meets an empty store: a put is OK, a get or delete finds nothing. */
    uint32_t s1 = take(&op);
    if (s1 != 1)
        return 2;
    answer(s1, op == 2 ? 0 : 1);
    /* Nothing waits now (the next request is a millisecond away). */
    if (REG32(RQ_PENDING) != 0)
        return 3;
    (void)REG32(RQ_REQ_SEQ);                   /* guest error: read with nothing waiting */
    uint32_t s2 = take(&op);
    answer(s2, 2);                          /* wrong: "bad request" is never right */
    answer(s2, 0);                          /* bad: answered already */
    answer(99999, 0);                       /* bad: no such request */
    return 0;
}
