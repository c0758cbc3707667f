/*
 * simclock.c -- the event queue.  A sorted singly linked list: a machine has a
 * handful of pending events at most (timer, UART, power, request channel), so
 * a list beats a heap and keeps insertion order stable for equal times, which
 * determinism needs.
 */
#include "simclock.h"
#include <stddef.h>

void clock_init(struct simclock *c, uint64_t freq_hz)
{
    c->cycle = 0;
    c->freq_hz = freq_hz;
    c->mtime_offset = 0;
    c->queue = NULL;
    c->deadline = UINT64_MAX;
}

static void unlink_event(struct simclock *c, struct event *e)
{
    struct event **pp = &c->queue;
    while (*pp && *pp != e)
        pp = &(*pp)->next;
    if (*pp)
        *pp = e->next;
    e->queued = false;
    e->next = NULL;
}

void clock_rearm(struct simclock *c)
{
    c->deadline = c->queue ? c->queue->when : UINT64_MAX;
}

void event_schedule(struct simclock *c, struct event *e, uint64_t when)
{
    if (e->queued)
        unlink_event(c, e);
    e->when = when;
    struct event **pp = &c->queue;
    while (*pp && (*pp)->when <= when)
        pp = &(*pp)->next;
    e->next = *pp;
    *pp = e;
    e->queued = true;
    if (when < c->deadline)
        c->deadline = when;
}

void event_cancel(struct simclock *c, struct event *e)
{
    if (e->queued)
        unlink_event(c, e);
}

int clock_run_due(struct simclock *c)
{
    int n = 0;
    while (c->queue && c->queue->when <= c->cycle) {
        struct event *e = c->queue;
        c->queue = e->next;
        e->queued = false;
        e->next = NULL;
        e->fn(e->opaque, c->cycle);
        n++;
    }
    return n;
}
