/*
 * reqchan.c -- the request channel: a simulated client outside the guest
 * that sends key-value requests and checks the answers.
 *
 * The client sends rate_per_ms requests per millisecond of *simulated* time
 * from start_ms on, at a fixed interval.  Each is a get (50 %), put (40 %) or
 * delete (10 %) of a key in [0, keys), drawn from a generator seeded by the
 * config seed, so a run's request stream is a function of its config.  A
 * request waits in a queue of QUEUE_LEN until the guest takes it; when the
 * queue is full the request is dropped (and counted).
 *
 * The client keeps its own model of the store: the state after every
 * answered request, applied in the order the answers arrive.  An answer is
 * correct when it is what that model says (a get of a present key returns
 * its value, of an absent key KV_NOTFOUND; a put returns KV_OK; a delete
 * KV_OK if the key was present, else KV_NOTFOUND).  The send time, answer
 * time and correctness of every request are kept and written to the stats
 * (reqchan_stats_json), so availability and lost work are measured here, not
 * taken from the guest.
 *
 * Register map (offsets from PLAT_REQCHAN_BASE; 32-bit registers unless
 * noted; the 64-bit ones also take 32-bit accesses to either half):
 *   0x00 MAGIC      RO  0x48435152 ("RQCH")
 *   0x04 VERSION    RO  1
 *   0x08 CTRL       RW  bit 0 IE: interrupt while PENDING > 0
 *   0x0c PENDING    RO  requests waiting to be taken
 *   0x10 REQ_SEQ    RO  oldest waiting request: sequence number (from 1)
 *   0x14 REQ_OP     RO    op: 1 get, 2 put, 3 delete
 *   0x18 REQ_KEY    RO    key
 *   0x1c POP        WO  any value: take the oldest waiting request
 *   0x20 REQ_VAL    RO  64-bit: the value of a put (0 otherwise)
 *   0x28 ANS_VAL    RW  64-bit: answer value (a get's value)
 *   0x30 ANS_SEQ    RW  answer: sequence number of the request answered
 *   0x34 ANS_STATUS RW  answer: 0 OK/found, 1 not found, 2 bad request
 *   0x38 ANS_COMMIT WO  any value: deliver the staged answer
 *   0x3c DROPPED    RO  requests dropped because the queue was full
 * Answers may come in any order.  Reading REQ_* or writing POP with nothing
 * waiting, answering a request that was not taken or was answered already,
 * or using a wrong access size is a guest error (dev_guest_error).
 *
 * Updates in doubt.  A put or delete the guest took but had not answered
 * when the power was cut may or may not have been applied (a store that
 * commits before it answers, as kvstore's log does, can lose the answer but
 * not the update).  The model then keeps both outcomes for that key: the
 * next get may return either, and the one it returns becomes the model's
 * (counted in resolved_applied when the update had been applied); a later
 * answered put or delete of the key settles it.  An answer to the update
 * itself, arriving after the power-on, settles it too.
 *
 * Power: reset clears what the machine holds (CTRL, the staged answer, the
 * queue: waiting requests are lost and counted so).  The client, its model
 * and its log are outside the machine and carry on; while the machine is off
 * (between POWER_CUT and POWER_ON) what it sends is lost at once and counted
 * as sent_while_off.
 *
 * The client's parameters are the [reqchan] config section: rate_per_ms
 * requests per simulated millisecond (0: the client sends nothing), keys in
 * [0, keys), the first request at start_ms; log_requests puts every request
 * into the stats.
 */
#include "dev.h"
#include "machine.h"
#include "config.h"
#include "json.h"
#include "platform.h"
#include <stdlib.h>
#include <string.h>


#define QUEUE_LEN       256

enum { OP_GET = 1, OP_PUT = 2, OP_DELETE = 3 };
enum { ST_OK = 0, ST_NOTFOUND = 1, ST_BADREQ = 2 };

/* Where a request is in its life. */
enum req_state { R_QUEUED, R_TAKEN, R_ANSWERED, R_DROPPED, R_LOST };

struct request {
    uint8_t op, state, correct;
    uint32_t key;
    uint64_t val;
    uint64_t sent, answered;    /* cycles */
};

struct reqchan {
    struct simclock *clk;
    struct irq_line irq;

    /* The client (outside the machine: survives reset). */
    uint32_t rate_per_ms, keys, start_ms;
    uint64_t rng;
    uint64_t interval;          /* cycles between two requests */
    bool log_requests;          /* every request in the stats ([reqchan] log_requests) */
    struct event send_ev;
    struct request *log;        /* every request sent; seq n is log[n - 1] */
    size_t nlog, caplog;
    bool *present;              /* the model: keys answered as stored */
    uint64_t *value;
    bool *doubt;                /* an update of this key was cut off unanswered */
    bool *alt_present;          /* ... and what the key holds if it was applied */
    uint64_t *alt_value;

    /* The device (volatile). */
    uint32_t ctrl;
    uint32_t queue[QUEUE_LEN];  /* seqs waiting to be taken, oldest first */
    unsigned head, count;
    uint32_t ans_seq, ans_status;
    uint64_t ans_val;
    int level;
    bool off;                   /* the machine has no power */

    uint64_t dropped, lost, lost_off, bad_answers, correct, wrong;
    uint64_t in_doubt, resolved_applied;
};

/* splitmix64: a small, well-mixed, seedable generator. */
static uint64_t next_random(struct reqchan *r)
{
    uint64_t z = (r->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void update_irq(struct reqchan *r)
{
    int level = (r->ctrl & RQ_CTRL_IE) && r->count > 0;
    if (level != r->level) {
        r->level = level;
        irq_set(&r->irq, level);
    }
}

static struct request *head_request(struct reqchan *r)
{
    return r->count ? &r->log[r->queue[r->head] - 1] : NULL;
}

static void send_request(void *opaque, uint64_t now)
{
    struct reqchan *r = opaque;

    if (r->nlog == r->caplog) {
        r->caplog = r->caplog ? 2 * r->caplog : 1024;
        r->log = realloc(r->log, r->caplog * sizeof *r->log);
        if (!r->log)
            abort();
    }
    struct request *q = &r->log[r->nlog++];
    uint64_t pick = next_random(r) % 100;
    memset(q, 0, sizeof *q);
    q->op = pick < 50 ? OP_GET : pick < 90 ? OP_PUT : OP_DELETE;
    q->key = (uint32_t)(next_random(r) % r->keys);
    q->val = q->op == OP_PUT ? next_random(r) : 0;
    q->sent = now;
    if (r->off) {
        q->state = R_LOST;
        r->lost_off++;
    } else if (r->count == QUEUE_LEN) {
        q->state = R_DROPPED;
        r->dropped++;
    } else {
        q->state = R_QUEUED;
        r->queue[(r->head + r->count) % QUEUE_LEN] = (uint32_t)r->nlog;
        r->count++;
        update_irq(r);
    }
    event_schedule(r->clk, &r->send_ev, now + r->interval);
}

/* Check an answer against the model, then apply the request to the model. */
static void deliver_answer(struct reqchan *r)
{
    uint32_t seq = r->ans_seq;
    if (seq == 0 || seq > r->nlog) {
        dev_guest_error("reqchan", "ANS_COMMIT", seq, "no request has sequence number %u", seq);
        r->bad_answers++;
        return;
    }
    struct request *q = &r->log[seq - 1];
    if (q->state != R_TAKEN) {
        dev_guest_error("reqchan", "ANS_COMMIT", seq, "request %u is %s", seq,
                        q->state == R_ANSWERED ? "answered already" : "not taken yet");
        r->bad_answers++;
        return;
    }
    uint32_t k = q->key;
    if (r->doubt[k] && q->op == OP_GET) {
        /* Either outcome of the update in doubt is right; the one the
         * store shows is what happened. */
        bool alt_ok = r->alt_present[k] ? r->ans_status == ST_OK && r->ans_val == r->alt_value[k]
                                        : r->ans_status == ST_NOTFOUND;
        bool cur_ok = r->present[k] ? r->ans_status == ST_OK && r->ans_val == r->value[k]
                                    : r->ans_status == ST_NOTFOUND;
        if (alt_ok && !cur_ok) {
            r->present[k] = r->alt_present[k];
            r->value[k] = r->alt_value[k];
            r->resolved_applied++;
        }
        if (alt_ok || cur_ok)
            r->doubt[k] = false;
    }
    /* A delete of a key in doubt finds it or not, as the update in doubt
     * went; an answered update settles the key either way. */
    bool alt_has = r->doubt[k] ? r->alt_present[k] : r->present[k];
    if (q->op != OP_GET)
        r->doubt[k] = false;
    bool has = r->present[k];
    bool ok;
    switch (q->op) {
    case OP_GET:
        ok = has ? r->ans_status == ST_OK && r->ans_val == r->value[k]
                 : r->ans_status == ST_NOTFOUND;
        break;
    case OP_PUT:
        ok = r->ans_status == ST_OK;
        r->present[k] = true;
        r->value[k] = q->val;
        break;
    default:
        ok = r->ans_status == (has ? ST_OK : ST_NOTFOUND) ||
             r->ans_status == (alt_has ? ST_OK : ST_NOTFOUND);
        r->present[k] = false;
        break;
    }
    q->state = R_ANSWERED;
    q->answered = r->clk->cycle;
    q->correct = ok;
    if (ok)
        r->correct++;
    else
        r->wrong++;
}

static const char *reg_name(uint64_t off)
{
    static const char *const names[RQ_END / 4] = {
        "MAGIC", "VERSION", "CTRL", "PENDING", "REQ_SEQ", "REQ_OP", "REQ_KEY", "POP",
        "REQ_VAL", "REQ_VAL", "ANS_VAL", "ANS_VAL", "ANS_SEQ", "ANS_STATUS", "ANS_COMMIT",
        "DROPPED",
    };
    return off < RQ_END ? names[off / 4] : "reserved";
}

static bool is64(uint64_t off)
{
    return (off & ~7ull) == RQ_REQ_VAL || (off & ~7ull) == RQ_ANS_VAL;
}

/* 4-byte accesses anywhere (aligned); 8-byte only to the 64-bit registers. */
static bool size_ok(uint64_t off, unsigned size, uint64_t val, bool write)
{
    if ((size == 4 && (off & 3) == 0) || (size == 8 && (off & 7) == 0 && is64(off)))
        return true;
    dev_guest_error("reqchan", reg_name(off), val, "%u-byte %s at offset 0x%llx", size,
                    write ? "write" : "read", (unsigned long long)off);
    return false;
}

static uint64_t reqchan_read(void *dev, uint64_t off, unsigned size)
{
    struct reqchan *r = dev;
    if (!size_ok(off, size, 0, false))
        return 0;
    unsigned shift = 8 * (off & 4);
    uint64_t v;
    switch (off & ~(size == 8 ? 7ull : 3ull)) {
    case RQ_MAGIC:      return RQ_MAGIC_VALUE;
    case RQ_VERSION:    return 1;
    case RQ_CTRL:       return r->ctrl;
    case RQ_PENDING:    return r->count;
    case RQ_DROPPED:    return (uint32_t)r->dropped;
    case RQ_ANS_SEQ:    return r->ans_seq;
    case RQ_ANS_STATUS: return r->ans_status;
    case RQ_ANS_VAL:
    case RQ_ANS_VAL + 4:
        return size == 8 ? r->ans_val : (uint32_t)(r->ans_val >> shift);
    case RQ_REQ_SEQ:
    case RQ_REQ_OP:
    case RQ_REQ_KEY:
    case RQ_REQ_VAL:
    case RQ_REQ_VAL + 4: {
        struct request *q = head_request(r);
        if (!q) {
            dev_guest_error("reqchan", reg_name(off), 0, "read with no request waiting");
            return 0;
        }
        if (off == RQ_REQ_SEQ)
            return r->queue[r->head];
        if (off == RQ_REQ_OP)
            return q->op;
        if (off == RQ_REQ_KEY)
            return q->key;
        v = q->val;
        return size == 8 ? v : (uint32_t)(v >> shift);
    }
    default:
        dev_guest_error("reqchan", reg_name(off), 0, "read of a write-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void reqchan_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct reqchan *r = dev;
    if (!size_ok(off, size, val, true))
        return;
    switch (off) {
    case RQ_CTRL:
        if (val & ~(uint64_t)RQ_CTRL_IE)
            dev_guest_error("reqchan", "CTRL", val, "only bit 0 (IE) is defined");
        r->ctrl = val & RQ_CTRL_IE;
        update_irq(r);
        break;
    case RQ_POP: {
        struct request *q = head_request(r);
        if (!q) {
            dev_guest_error("reqchan", "POP", val, "no request waiting");
            break;
        }
        q->state = R_TAKEN;
        r->head = (r->head + 1) % QUEUE_LEN;
        r->count--;
        update_irq(r);
        break;
    }
    case RQ_ANS_VAL:
        r->ans_val = size == 8 ? val : (r->ans_val & ~0xffffffffull) | (uint32_t)val;
        break;
    case RQ_ANS_VAL + 4:
        r->ans_val = (r->ans_val & 0xffffffffull) | (val << 32);
        break;
    case RQ_ANS_SEQ:
        r->ans_seq = (uint32_t)val;
        break;
    case RQ_ANS_STATUS:
        if (val > ST_BADREQ)
            dev_guest_error("reqchan", "ANS_STATUS", val, "status is 0, 1 or 2");
        r->ans_status = (uint32_t)val;
        break;
    case RQ_ANS_COMMIT:
        deliver_answer(r);
        break;
    default:
        dev_guest_error("reqchan", reg_name(off), val, "write to a read-only or reserved "
                        "register at offset 0x%llx", (unsigned long long)off);
        break;
    }
}

static void reqchan_reset(void *dev)
{
    struct reqchan *r = dev;
    while (r->count) {
        r->log[r->queue[r->head] - 1].state = R_LOST;
        r->lost++;
        r->head = (r->head + 1) % QUEUE_LEN;
        r->count--;
    }
    r->head = 0;
    r->ctrl = 0;
    r->ans_seq = r->ans_status = 0;
    r->ans_val = 0;
    r->level = 1;               /* force the line down */
    update_irq(r);
}

/* (Re)start the client: first request at start_ms, then every 1/rate ms. */
static void schedule_client(struct reqchan *r)
{
    event_cancel(r->clk, &r->send_ev);
    if (r->rate_per_ms == 0 || r->keys == 0)
        return;
    r->interval = r->clk->freq_hz / 1000 / r->rate_per_ms;
    if (r->interval == 0)
        r->interval = 1;
    uint64_t start = clock_ns_to_cycles(r->clk, (uint64_t)r->start_ms * 1000000);
    event_schedule(r->clk, &r->send_ev, start > r->clk->cycle ? start : r->clk->cycle);
}

static void *reqchan_init(struct machine *m, uint64_t base, struct irq_line irq)
{
    const struct reqchan_config *rc = &m->cfg->reqchan;
    struct reqchan *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->clk = &m->clk;
    r->irq = irq;
    r->rng = m->cfg->seed ^ 0x7265716368616e00ull;     /* "reqchan" */
    r->send_ev.fn = send_request;
    r->send_ev.opaque = r;
    r->send_ev.name = "reqchan-send";
    r->rate_per_ms = rc->rate_per_ms;
    r->start_ms = rc->start_ms;
    r->log_requests = rc->log_requests;
    r->keys = rc->keys;
    r->present = calloc(r->keys ? r->keys : 1, sizeof *r->present);
    r->value = calloc(r->keys ? r->keys : 1, sizeof *r->value);
    r->doubt = calloc(r->keys ? r->keys : 1, sizeof *r->doubt);
    r->alt_present = calloc(r->keys ? r->keys : 1, sizeof *r->alt_present);
    r->alt_value = calloc(r->keys ? r->keys : 1, sizeof *r->alt_value);
    if (!r->present || !r->value || !r->doubt || !r->alt_present || !r->alt_value)
        abort();
    reqchan_reset(r);
    schedule_client(r);
    return r;
}

/* At a cut: every update taken and not answered may or may not have been
 * applied (see "Updates in doubt" above). */
static void mark_doubts(struct reqchan *r)
{
    for (size_t i = 0; i < r->nlog; i++) {
        const struct request *q = &r->log[i];
        if (q->state != R_TAKEN || q->op == OP_GET)
            continue;
        if (!r->doubt[q->key])
            r->in_doubt++;
        r->doubt[q->key] = true;
        r->alt_present[q->key] = q->op == OP_PUT;
        r->alt_value[q->key] = q->val;
    }
}

static void reqchan_power(void *dev, enum power_phase phase)
{
    struct reqchan *r = dev;
    if (phase == POWER_CUT) {
        mark_doubts(r);
        r->off = true;
    }
    else if (phase == POWER_ON)
        r->off = false;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * "reqchan": the client's parameters, counts, answer latency (ns of
 * simulated time) and, per request in sequence order, parallel arrays:
 * op, key, send_ns, answer_ns (0: never answered) and ok (1 correct, 0 wrong
 * or unanswered).
 */
static void reqchan_stats_json(void *dev, struct json *j)
{
    struct reqchan *r = dev;
    uint64_t answered = r->correct + r->wrong, taken_open = 0;
    uint64_t *lat = malloc((answered ? answered : 1) * sizeof *lat);
    uint64_t n = 0, sum = 0;
    if (!lat)
        abort();
    for (size_t i = 0; i < r->nlog; i++) {
        const struct request *q = &r->log[i];
        if (q->state == R_ANSWERED) {
            lat[n] = clock_cycles_to_ns(r->clk, q->answered - q->sent);
            sum += lat[n++];
        } else if (q->state == R_TAKEN) {
            taken_open++;
        }
    }
    qsort(lat, n, sizeof *lat, cmp_u64);

    json_object_begin(j, "reqchan");
    json_u64(j, "rate_per_ms", r->rate_per_ms);
    json_u64(j, "keys", r->keys);
    json_u64(j, "start_ms", r->start_ms);
    json_u64(j, "sent", r->nlog);
    json_u64(j, "answered", answered);
    json_u64(j, "correct", r->correct);
    json_u64(j, "wrong", r->wrong);
    json_u64(j, "waiting", r->count);
    json_u64(j, "taken_unanswered", taken_open);
    json_u64(j, "dropped", r->dropped);
    json_u64(j, "lost_at_reset", r->lost);
    json_u64(j, "sent_while_off", r->lost_off);
    json_u64(j, "in_doubt", r->in_doubt);
    json_u64(j, "resolved_applied", r->resolved_applied);
    json_u64(j, "bad_answers", r->bad_answers);
    json_object_begin(j, "latency_ns");
    json_u64(j, "min", n ? lat[0] : 0);
    json_u64(j, "mean", n ? sum / n : 0);
    json_u64(j, "p50", n ? lat[n / 2] : 0);
    json_u64(j, "p99", n ? lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] : 0);
    json_u64(j, "max", n ? lat[n - 1] : 0);
    json_object_end(j);
    free(lat);

    if (!r->log_requests) {
        json_object_end(j);
        return;
    }
    json_object_begin(j, "requests");
    json_array_begin(j, "op");
    for (size_t i = 0; i < r->nlog; i++)
        json_u64(j, NULL, r->log[i].op);
    json_array_end(j);
    json_array_begin(j, "key");
    for (size_t i = 0; i < r->nlog; i++)
        json_u64(j, NULL, r->log[i].key);
    json_array_end(j);
    json_array_begin(j, "send_ns");
    for (size_t i = 0; i < r->nlog; i++)
        json_u64(j, NULL, clock_cycles_to_ns(r->clk, r->log[i].sent));
    json_array_end(j);
    json_array_begin(j, "answer_ns");
    for (size_t i = 0; i < r->nlog; i++)
        json_u64(j, NULL, r->log[i].state == R_ANSWERED ?
                 clock_cycles_to_ns(r->clk, r->log[i].answered) : 0);
    json_array_end(j);
    json_array_begin(j, "ok");
    for (size_t i = 0; i < r->nlog; i++)
        json_u64(j, NULL, r->log[i].state == R_ANSWERED && r->log[i].correct);
    json_array_end(j);
    json_object_end(j);
    json_object_end(j);
}

static void reqchan_dump(void *dev, FILE *f)
{
    struct reqchan *r = dev;
    fprintf(f, "reqchan: ctrl=%u pending=%u sent=%zu correct=%llu wrong=%llu dropped=%llu "
            "lost=%llu irq=%d\n", r->ctrl, r->count, r->nlog,
            (unsigned long long)r->correct, (unsigned long long)r->wrong,
            (unsigned long long)r->dropped, (unsigned long long)r->lost, r->level);
}

static void reqchan_free(void *dev)
{
    struct reqchan *r = dev;
    event_cancel(r->clk, &r->send_ev);
    free(r->log);
    free(r->present);
    free(r->value);
    free(r->doubt);
    free(r->alt_present);
    free(r->alt_value);
    free(r);
}

const struct dev_ops reqchan_ops = {
    .name = "reqchan",
    .init = reqchan_init,
    .read = reqchan_read,
    .write = reqchan_write,
    .reset = reqchan_reset,
    .power = reqchan_power,
    .stats_json = reqchan_stats_json,
    .dump = reqchan_dump,
    .free = reqchan_free,
};
