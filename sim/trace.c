/*
 * trace.c -- trace filters and the event trace (see trace.h and
 * docs/tracing.md).
 *
 * The instruction window works with the machine's instruction limit: the
 * machine asks trace_next_insn() for the next count at which the tracer wants
 * control (START, then END), takes the smallest of that, --max-insns and the
 * fault triggers as the hart's limit, and calls trace_insn_due() when the
 * hart stops there.  The hart stops exactly after the instruction before,
 * so the window holds exactly END - START instructions.
 *
 * An event-trace line is
 *     "%14.6f ms  %-10s %s"   time, kind, then the details
 * The time is simulated milliseconds since the run started with six
 * decimals, i.e. to the nanosecond, so lines sort and align as text.
 */
#include "trace.h"
#include "simclock.h"
#include "cpu/hart.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *s, size_t n, uint64_t *v)
{
    char buf[32], *end;
    if (n == 0 || n >= sizeof buf || !isdigit((unsigned char)s[0]))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    unsigned long long x = strtoull(buf, &end, 0);
    if (*end || errno)
        return -1;
    *v = x;
    return 0;
}

int trace_parse_range(const char *s, uint64_t *lo, uint64_t *hi, char *err, size_t errlen)
{
    const char *colon = strchr(s, ':');
    if (!colon) {
        snprintf(err, errlen, "\"%s\" is not FROM:TO", s);
        return -1;
    }
    if (parse_u64(s, (size_t)(colon - s), lo) < 0 ||
        parse_u64(colon + 1, strlen(colon + 1), hi) < 0) {
        snprintf(err, errlen, "\"%s\" is not FROM:TO (two numbers, decimal or 0x hex)", s);
        return -1;
    }
    if (*hi <= *lo) {
        snprintf(err, errlen, "\"%s\": the end must be above the start (the range is "
                 "[FROM, TO))", s);
        return -1;
    }
    return 0;
}

int trace_parse_priv(const char *s, unsigned *mask, char *err, size_t errlen)
{
    *mask = 0;
    for (const char *p = s; *p; p++) {
        switch (toupper((unsigned char)*p)) {
        case 'U': *mask |= 1u << PRIV_U; break;
        case 'S': *mask |= 1u << PRIV_S; break;
        case 'M': *mask |= 1u << PRIV_M; break;
        case ',': continue;
        default:
            snprintf(err, errlen, "\"%s\": '%c' is not a privilege mode (U, S or M, "
                     "separated by commas)", s, *p);
            return -1;
        }
        if (p[1] && p[1] != ',') {
            snprintf(err, errlen, "\"%s\" is not a comma-separated list of U, S, M", s);
            return -1;
        }
    }
    if (!*mask) {
        snprintf(err, errlen, "\"%s\" names no privilege mode (U, S, M)", s);
        return -1;
    }
    return 0;
}

const char *trace_cause_name(uint64_t cause)
{
    static const char *const exc[16] = {
        "instruction address misaligned", "instruction access fault",
        "illegal instruction", "breakpoint", "load address misaligned",
        "load access fault", "store/AMO address misaligned", "store/AMO access fault",
        "environment call from U-mode", "environment call from S-mode", "reserved",
        "environment call from M-mode", "instruction page fault", "load page fault",
        "reserved", "store/AMO page fault",
    };
    static const char *const irq[12] = {
        "reserved", "supervisor software interrupt", "reserved",
        "machine software interrupt", "reserved", "supervisor timer interrupt",
        "reserved", "machine timer interrupt", "reserved",
        "supervisor external interrupt", "reserved", "machine external interrupt",
    };
    uint64_t code = cause & ~(1ull << 63);
    if (cause >> 63)
        return code < 12 ? irq[code] : "reserved";
    return code < 16 ? exc[code] : "reserved";
}

void trace_event(struct tracer *t, uint64_t t_ns, const char *kind, const char *fmt, ...)
{
    FILE *f = t->o.events_f;
    if (!f)
        return;
    fprintf(f, "%7llu.%06llu ms  %-10s ", (unsigned long long)(t_ns / 1000000),
            (unsigned long long)(t_ns % 1000000), kind);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    t->lines++;
}

static const char priv_letter[4] = { 'U', 'S', '?', 'M' };

static void on_trap(void *opaque, uint64_t cause, uint64_t tval, uint64_t epc,
                    enum priv from, enum priv to)
{
    struct tracer *t = opaque;
    uint64_t ns = clock_cycles_to_ns(t->clk, t->clk->cycle);
    bool irq = cause >> 63;
    trace_event(t, ns, irq ? "interrupt" : "trap",
                "%c->%c  cause=%llu (%s) tval=0x%llx epc=0x%llx",
                priv_letter[from], priv_letter[to],
                (unsigned long long)(cause & ~(1ull << 63)), trace_cause_name(cause),
                (unsigned long long)tval, (unsigned long long)epc);
}

/* What the JSON event log writes, in words: power, faults, milestones,
 * migrations. */
static void on_evlog(void *opaque, uint64_t t_ns, const char *kind, const char *fields)
{
    trace_event(opaque, t_ns, kind, "%s", fields[0] == ' ' ? fields + 1 : fields);
}

void trace_init(struct tracer *t, const struct trace_opts *o, struct hart *h,
                const struct simclock *clk)
{
    memset(t, 0, sizeof *t);
    t->o = *o;
    t->h = h;
    t->clk = clk;
    h->trace_priv_mask = o->priv_mask;
    if (o->pc_filter) {
        h->trace_pc_lo = o->pc_lo;
        h->trace_pc_hi = o->pc_hi;
    }
    h->trace = o->window && o->start > 0 ? NULL : o->insn_f;
    t->in_window = o->window && o->start == 0;
    if (o->events_f) {
        h->trap_hook = on_trap;
        h->trap_hook_opaque = t;
    }
}

void trace_attach_evlog(struct tracer *t, struct evlog *e)
{
    if (!t->o.events_f)
        return;
    evlog_add_mirror(e, on_evlog, t);
}

uint64_t trace_next_insn(const struct tracer *t)
{
    if (!t->o.insn_f || !t->o.window || t->done)
        return UINT64_MAX;
    return t->in_window ? t->o.end : t->o.start;
}

bool trace_insn_due(struct tracer *t, uint64_t instret)
{
    bool acted = false;
    if (!t->o.insn_f || !t->o.window || t->done)
        return false;
    if (!t->in_window && instret >= t->o.start) {
        t->in_window = true;
        t->h->trace = t->o.insn_f;
        acted = true;
    }
    if (t->in_window && instret >= t->o.end) {
        t->in_window = false;
        t->done = true;
        t->h->trace = NULL;
        fflush(t->o.insn_f);
        acted = true;
    }
    return acted;
}
