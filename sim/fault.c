/*
 * fault.c -- fault injection (see fault.h and docs/power.md).
 *
 * Triggers:
 *   at=TIME    one event on the clock at that simulated time
 *   insn=N     the machine stops the hart after instruction N
 *              (fault_next_insn feeds its instruction limit)
 *   mtbf=TIME  exponential intervals; for the kinds that power-cycle the
 *              machine (cut, button, watchdog) the interval counts from each
 *              power-on, so TIME is the mean *up*time between failures;
 *              for bitflip and bug it counts from the previous one
 *   p=P        bug only: decided at each STRIKE read
 *   wb=N       right after the N-th line written back to SCM since the last
 *              power-fail warning (crash points inside a save)
 *   wbon=N     the same, counted from the last power-on (inside a resume)
 *
 * What each kind does when it fires is in fire() below.  Every firing is one
 * "fault" line in the event log (one per bit for a bit flip).
 */
#include "fault.h"
#include "config.h"
#include "machine.h"
#include "evlog.h"
#include "json.h"
#include "power.h"
#include "cpu/hart.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[FK_COUNT] = {
    [FK_CUT] = "cut", [FK_BUTTON] = "button", [FK_WATCHDOG] = "watchdog",
    [FK_BITFLIP] = "bitflip", [FK_BUG] = "bug",
};

/* ---- parsing ------------------------------------------------------------- */

/* Integer with no sign, nothing after it unless rest is given.  -1: not a
 * number, -2: too large. */
static int parse_uint(const char *s, uint64_t *v, const char **rest)
{
    uint64_t n = 0;
    const char *p = s;
    if (!isdigit((unsigned char)*p))
        return -1;
    for (; isdigit((unsigned char)*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        if (n > (UINT64_MAX - d) / 10)
            return -2;
        n = n * 10 + d;
    }
    if (rest)
        *rest = p;
    else if (*p)
        return -1;
    *v = n;
    return 0;
}

/* TIME = integer with a unit: ns, us, ms, s.  Value in ns. */
int fault_parse_time(const char *s, uint64_t *ns, char *err, size_t errlen)
{
    static const struct { const char *unit; uint64_t ns; } units[] = {
        { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
    };
    const char *u;
    uint64_t v;
    int r = parse_uint(s, &v, &u);
    if (r == -2) {
        snprintf(err, errlen, "time \"%s\" is too large", s);
        return -1;
    }
    if (r < 0) {
        snprintf(err, errlen, "time \"%s\" is not a whole number with a unit (ns, us, "
                 "ms, s), as in 5ms", s);
        return -1;
    }
    if (!*u) {
        snprintf(err, errlen, "time \"%s\" needs a unit (ns, us, ms, s)", s);
        return -1;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (!strcmp(u, units[i].unit)) {
            if (v > UINT64_MAX / units[i].ns / 1000) {
                snprintf(err, errlen, "time \"%s\" is too large", s);
                return -1;
            }
            *ns = v * units[i].ns;
            return 0;
        }
    }
    snprintf(err, errlen, "time \"%s\": unknown unit \"%s\" (ns, us, ms, s)", s, u);
    return -1;
}

/* The region a bit flip uses: by name, or the first DRAM region. */
static int find_region(const struct config *cfg, const char *name)
{
    for (int i = 0; i < cfg->nregions; i++) {
        if (name[0] ? !strcmp(cfg->regions[i].name, name)
                    : cfg->regions[i].kind == REGION_DRAM)
            return i;
    }
    return -1;
}

int fault_parse(const char *spec, const struct config *cfg, struct fault *f,
                char *err, size_t errlen)
{
    char buf[FAULT_SPEC_MAX];
    int ntrig = 0;
    bool have_id = false, have_region = false;
    memset(f, 0, sizeof *f);
    f->bits = 1;
    f->region_index = -1;
    if (!*spec) {
        snprintf(err, errlen, "empty fault spec (KIND:TRIGGER, as in cut:at=5ms)");
        return -1;
    }
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "longer than %zu characters", sizeof buf - 1);
        return -1;
    }
    snprintf(f->spec, sizeof f->spec, "%s", spec);
    snprintf(buf, sizeof buf, "%s", spec);
    char *colon = strchr(buf, ':');
    if (colon)
        *colon = '\0';
    int kind = -1;
    for (int i = 0; i < FK_COUNT; i++)
        if (!strcmp(buf, kind_names[i]))
            kind = i;
    if (kind < 0) {
        snprintf(err, errlen, "unknown fault kind \"%s\" (cut, button, watchdog, bitflip, "
                 "bug)", buf);
        return -1;
    }
    f->kind = (enum fault_kind)kind;
    if (!colon || !colon[1]) {
        snprintf(err, errlen, "no trigger: say when, with at=TIME, insn=N, mtbf=TIME, wb=N "
                 "or wbon=N%s", kind == FK_BUG ? " or p=P" : "");
        return -1;
    }
    for (char *opt = colon + 1, *next; opt; opt = next) {
        next = strchr(opt, ',');
        if (next)
            *next++ = '\0';
        if (!*opt) {
            snprintf(err, errlen, "empty option (options are separated by one comma)");
            return -1;
        }
        char *eq = strchr(opt, '=');
        if (!eq || eq == opt || !eq[1]) {
            snprintf(err, errlen, "\"%s\" is not KEY=VALUE", opt);
            return -1;
        }
        *eq = '\0';
        const char *key = opt, *val = eq + 1;
        if (!strcmp(key, "at") || !strcmp(key, "mtbf")) {
            uint64_t ns;
            if (fault_parse_time(val, &ns, err, errlen) < 0)
                return -1;
            if (key[0] == 'a') {
                f->trig = FT_AT;
                f->at_ns = ns;
            } else {
                if (ns == 0) {
                    snprintf(err, errlen, "mtbf must be above 0");
                    return -1;
                }
                f->trig = FT_MTBF;
                f->mtbf_ns = ns;
            }
            ntrig++;
        } else if (!strcmp(key, "wb") || !strcmp(key, "wbon")) {
            if (parse_uint(val, &f->wb, NULL) < 0 || f->wb == 0) {
                snprintf(err, errlen, "%s=%s: need a write-back count of at least 1", key, val);
                return -1;
            }
            f->trig = key[2] ? FT_WBON : FT_WB;
            ntrig++;
        } else if (!strcmp(key, "insn")) {
            if (parse_uint(val, &f->insn, NULL) < 0 || f->insn == 0) {
                snprintf(err, errlen, "insn=%s: need an instruction count of at least 1", val);
                return -1;
            }
            f->trig = FT_INSN;
            ntrig++;
        } else if (!strcmp(key, "p")) {
            char *end;
            errno = 0;
            double p = strtod(val, &end);
            if (kind != FK_BUG) {
                snprintf(err, errlen, "p= is for bug faults only");
                return -1;
            }
            if (*end || errno || !(p >= 0.0 && p <= 1.0) || !isdigit((unsigned char)val[0])) {
                snprintf(err, errlen, "p=%s: need a probability from 0 to 1", val);
                return -1;
            }
            f->trig = FT_P;
            f->p = p;
            ntrig++;
        } else if (!strcmp(key, "mode")) {
            if (kind != FK_CUT) {
                snprintf(err, errlen, "mode= is for cut faults only");
                return -1;
            }
            if (strcmp(val, "warned") && strcmp(val, "sudden")) {
                snprintf(err, errlen, "mode=%s: need warned or sudden", val);
                return -1;
            }
            f->sudden = !strcmp(val, "sudden");
        } else if (!strcmp(key, "region")) {
            if (kind != FK_BITFLIP) {
                snprintf(err, errlen, "region= is for bitflip faults only");
                return -1;
            }
            snprintf(f->region, sizeof f->region, "%s", val);
            have_region = true;
        } else if (!strcmp(key, "bits")) {
            uint64_t b;
            if (kind != FK_BITFLIP) {
                snprintf(err, errlen, "bits= is for bitflip faults only");
                return -1;
            }
            if (parse_uint(val, &b, NULL) < 0 || b < 1 || b > 64) {
                snprintf(err, errlen, "bits=%s: need 1 to 64", val);
                return -1;
            }
            f->bits = (unsigned)b;
        } else if (!strcmp(key, "id")) {
            uint64_t id;
            if (kind != FK_BUG) {
                snprintf(err, errlen, "id= is for bug faults only");
                return -1;
            }
            if (parse_uint(val, &id, NULL) < 0 || id >= BUG_IDS) {
                snprintf(err, errlen, "id=%s: need a bug number from 0 to %d", val,
                         BUG_IDS - 1);
                return -1;
            }
            f->bug_id = (int)id;
            have_id = true;
        } else {
            snprintf(err, errlen, "unknown option \"%s\" (at, insn, mtbf, wb, wbon%s%s%s)",
                     key, kind == FK_BUG ? ", p, id" : "", kind == FK_CUT ? ", mode" : "",
                     kind == FK_BITFLIP ? ", region, bits" : "");
            return -1;
        }
    }
    if (ntrig != 1) {
        snprintf(err, errlen, ntrig ? "more than one trigger: give one of at=, insn=, "
                 "mtbf=, wb=, wbon=%s" : "no trigger: say when, with at=TIME, insn=N, "
                 "mtbf=TIME, wb=N or wbon=N%s", kind == FK_BUG ? " or p=P" : "");
        return -1;
    }
    if (kind == FK_BUG && !have_id) {
        snprintf(err, errlen, "a bug fault needs id=N (0 to %d)", BUG_IDS - 1);
        return -1;
    }
    if (kind == FK_BITFLIP) {
        f->region_index = find_region(cfg, f->region);
        if (f->region_index < 0) {
            if (have_region)
                snprintf(err, errlen, "region=%s: no such region", f->region);
            else
                snprintf(err, errlen, "the machine has no DRAM region; name one with "
                         "region=NAME");
            return -1;
        }
    }
    return 0;
}

/* The next blank-separated word of a spec list at *p: its start (and *len),
 * or NULL at the end; *p moves past it. */
static const char *next_spec(const char **p, size_t *len)
{
    while (isspace((unsigned char)**p))
        (*p)++;
    if (!**p)
        return NULL;
    const char *w = *p;
    *len = strcspn(w, " \t\r\n");
    *p += *len;
    return w;
}

int fault_check_list(const char *list, const struct config *cfg, char *err, size_t errlen)
{
    char spec[FAULT_SPEC_MAX + 1], why[256];
    struct fault f;
    int n = 0;
    size_t len;
    for (const char *w; (w = next_spec(&list, &len)) != NULL;) {
        if (len > FAULT_SPEC_MAX) {
            snprintf(err, errlen, "\"%.*s...\": longer than %d characters", 20, w,
                     FAULT_SPEC_MAX - 1);
            return -1;
        }
        memcpy(spec, w, len);
        spec[len] = '\0';
        if (++n > FAULT_MAX / 2) {
            snprintf(err, errlen, "more than %d faults", FAULT_MAX / 2);
            return -1;
        }
        if (fault_parse(spec, cfg, &f, why, sizeof why) < 0) {
            snprintf(err, errlen, "\"%s\": %s", spec, why);
            return -1;
        }
    }
    return 0;
}

/* ---- running ------------------------------------------------------------- */

/* splitmix64 */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double uniform(uint64_t *s)
{
    return (double)(next_random(s) >> 11) * (1.0 / 9007199254740992.0);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

/* Cycles until the next firing of an mtbf fault (at least one). */
static uint64_t draw_interval(struct fault *f, const struct simclock *clk)
{
    double ns = -(double)f->mtbf_ns * log1p(-uniform(&f->rng));
    uint64_t cyc = clock_ns_to_cycles(clk, ns >= 1.8e19 ? UINT64_MAX / 2 : (uint64_t)ns);
    return cyc ? cyc : 1;
}

static bool cycles_machine(const struct fault *f)
{
    return f->kind == FK_CUT || f->kind == FK_BUTTON || f->kind == FK_WATCHDOG;
}

static void log_head(struct faults *fs, struct fault *f, bool powered, uint64_t instret)
{
    struct machine *m = fs->m;
    evlog_begin(&m->evlog, psu_now_ns(&m->psu), "fault");
    evlog_str(&m->evlog, "kind", kind_names[f->kind]);
    evlog_str(&m->evlog, "spec", f->spec);
    evlog_bool(&m->evlog, "powered", powered);
    if (f->trig == FT_INSN)
        evlog_u64(&m->evlog, "instret", instret);
}

static void flip_bits(struct faults *fs, struct fault *f, bool powered, uint64_t instret)
{
    struct machine *m = fs->m;
    struct region *r = &m->regions[f->region_index];
    for (unsigned i = 0; i < f->bits; i++) {
        uint64_t off = next_random(&f->rng) % r->size;
        unsigned bit = (unsigned)(next_random(&f->rng) % 8);
        r->mem[off] ^= (uint8_t)(1u << bit);
        if (r->durable != r->mem)
            r->durable[off] ^= (uint8_t)(1u << bit);
        log_head(fs, f, powered, instret);
        evlog_str(&m->evlog, "region", r->name);
        evlog_hex(&m->evlog, "addr", r->base + off);
        evlog_u64(&m->evlog, "bit", bit);
        evlog_end(&m->evlog);
    }
    m->bus.code_gen++;          /* the flip may have hit decoded code */
}

static void fire(struct faults *fs, struct fault *f, uint64_t instret)
{
    struct machine *m = fs->m;
    bool powered = m->psu.on;
    f->fired++;
    fs->injected[f->kind]++;
    if (!powered)
        fs->skipped++;
    if (f->kind == FK_BITFLIP) {
        flip_bits(fs, f, powered, instret);
        return;
    }
    log_head(fs, f, powered, instret);
    if (f->kind == FK_CUT)
        evlog_str(&m->evlog, "mode", f->sudden ? "sudden" : "warned");
    if (f->kind == FK_BUG)
        evlog_u64(&m->evlog, "id", (uint64_t)f->bug_id);
    evlog_end(&m->evlog);
    switch (f->kind) {
    case FK_CUT:
        psu_fail(&m->psu, CAUSE_FAULT, f->sudden);
        break;
    case FK_BUTTON:
        psu_fail(&m->psu, CAUSE_BUTTON, false);
        break;
    case FK_WATCHDOG:
        if (powered) {
            evlog_begin(&m->evlog, psu_now_ns(&m->psu), "watchdog_expiry");
            evlog_bool(&m->evlog, "injected", true);
            evlog_end(&m->evlog);
            psu_fail(&m->psu, CAUSE_WATCHDOG, true);
        }
        break;
    case FK_BUG:
        fs->bug_armed[f->bug_id]++;
        break;
    default:
        break;
    }
}

/* After every write-back to SCM: the wb= and wbon= triggers.  A write-back
 * happens inside an instruction; the cut it causes comes at the next
 * instruction boundary (psu_fail schedules it). */
static void writeback_seen(void *opaque)
{
    struct faults *fs = opaque;
    fs->wb_total++;
    for (int i = 0; i < fs->n; i++) {
        struct fault *f = &fs->f[i];
        if (f->done || (f->trig != FT_WB && f->trig != FT_WBON))
            continue;
        uint64_t base = f->trig == FT_WB ? fs->wb_at_warn : fs->wb_at_on;
        if (f->trig == FT_WB && !fs->m->psu.failing)
            continue;
        if (fs->wb_total - base == f->wb) {
            f->done = true;
            fire(fs, f, 0);
        }
    }
}

void fault_power_warn(struct faults *fs)
{
    fs->wb_at_warn = fs->wb_total;
}

static void timed_fire(void *opaque, uint64_t now)
{
    struct fault *f = opaque;
    struct faults *fs = f->owner;
    if (f->trig == FT_AT)
        f->done = true;
    fire(fs, f, 0);
    /* A power-cycling mtbf fault is scheduled again at the next power-on. */
    if (f->trig == FT_MTBF && !cycles_machine(f))
        event_schedule(&fs->m->clk, &f->ev, now + draw_interval(f, &fs->m->clk));
}

/* Parse spec (checked already by main.c or config_validate) into the next
 * fault, with its own random stream. */
static void add_fault(struct faults *fs, const char *spec)
{
    const struct config *cfg = fs->m->cfg;
    char err[256];
    if (fs->n == FAULT_MAX || fault_parse(spec, cfg, &fs->f[fs->n], err, sizeof err) < 0)
        abort();
    struct fault *f = &fs->f[fs->n++];
    f->owner = fs;
    /* Identical specs get different streams. */
    uint64_t dup = 0;
    for (int k = 0; k < fs->n - 1; k++)
        dup += !strcmp(fs->f[k].spec, f->spec);
    f->rng = cfg->seed ^ fnv1a(f->spec) ^ (dup * 0xd1b54a32d192ed03ull);
    f->ev = (struct event){ .fn = timed_fire, .opaque = f, .name = "fault" };
}

void fault_init(struct faults *fs, struct machine *m, const char *const *specs, int nspecs)
{
    const struct config *cfg = m->cfg;
    char spec[FAULT_SPEC_MAX + 1];
    memset(fs, 0, sizeof *fs);
    fs->m = m;
    /* The config's list first, then the command line's. */
    const char *p = cfg->faults_inject, *w;
    size_t len;
    while ((w = next_spec(&p, &len)) != NULL) {
        snprintf(spec, sizeof spec, "%.*s", (int)len, w);
        add_fault(fs, spec);
    }
    for (int i = 0; i < nspecs; i++)
        add_fault(fs, specs[i]);
    /* Count SCM write-backs (for wb= and wbon=, and the power_ack event). */
    for (int r = 0; r < m->nregions; r++) {
        if (m->regions[r].kind == REGION_SCM) {
            m->regions[r].writeback_hook = writeback_seen;
            m->regions[r].hook_opaque = fs;
        }
    }
    for (int i = 0; i < fs->n; i++) {
        struct fault *f = &fs->f[i];
        uint64_t c = m->clk.cycle;
        if (f->trig == FT_AT) {
            /* The first cycle at or after at_ns. */
            unsigned __int128 n = (unsigned __int128)f->at_ns * m->clk.freq_hz;
            c = (uint64_t)((n + 999999999u) / 1000000000u);
            event_schedule(&m->clk, &f->ev, c);
        } else if (f->trig == FT_MTBF && !cycles_machine(f)) {
            event_schedule(&m->clk, &f->ev, c + draw_interval(f, &m->clk));
        }
    }
}

/* Where spec's "at=" option starts (after ':' or ','), or NULL. */
static const char *at_option(const char *spec)
{
    for (const char *p = strstr(spec, "at="); p; p = strstr(p + 1, "at="))
        if (p > spec && (p[-1] == ':' || p[-1] == ','))
            return p;
    return NULL;
}

int fault_add_live(struct faults *fs, const char *spec, char *err, size_t errlen)
{
    struct machine *m = fs->m;
    char buf[FAULT_SPEC_MAX + 32];
    struct fault tmp;
    const char *at = at_option(spec);
    size_t vlen = at ? strcspn(at + 3, ",") : 0;
    /* "at=now" is "at=0ns" from now. */
    if (at && vlen == 3 && !strncmp(at + 3, "now", 3))
        snprintf(buf, sizeof buf, "%.*sat=0ns%s", (int)(at - spec), spec, at + 6);
    else
        snprintf(buf, sizeof buf, "%s", spec);
    if (fault_parse(buf, m->cfg, &tmp, err, errlen) < 0)
        return -1;
    if (fs->n == FAULT_MAX) {
        snprintf(err, errlen, "%d faults already: no room for another", FAULT_MAX);
        return -1;
    }
    uint64_t c = m->clk.cycle;
    if (tmp.trig == FT_AT) {
        /* Logged with the absolute time, so `--fault SPEC` repeats the run. */
        at = at_option(buf);
        uint64_t abs_ns = clock_cycles_to_ns(&m->clk, c) + tmp.at_ns;
        char rel[sizeof buf];
        snprintf(rel, sizeof rel, "%s", buf);
        snprintf(buf, sizeof buf, "%.*sat=%lluns%s", (int)(at - buf), rel,
                 (unsigned long long)abs_ns, rel + (at - buf) + 3 + strcspn(at + 3, ","));
    }
    add_fault(fs, buf);
    struct fault *f = &fs->f[fs->n - 1];
    if (f->trig == FT_AT)
        event_schedule(&m->clk, &f->ev, c + clock_ns_to_cycles(&m->clk, tmp.at_ns));
    else if (f->trig == FT_INSN)
        f->insn += m->hart->instret;
    else if (f->trig == FT_MTBF && (!cycles_machine(f) || m->psu.on))
        event_schedule(&m->clk, &f->ev, c + draw_interval(f, &m->clk));
    return 0;
}

void fault_power_on(struct faults *fs)
{
    fs->wb_at_on = fs->wb_total;
    for (int i = 0; i < fs->n; i++) {
        struct fault *f = &fs->f[i];
        if (f->trig == FT_MTBF && cycles_machine(f))
            event_schedule(&fs->m->clk, &f->ev, fs->m->clk.cycle + draw_interval(f, &fs->m->clk));
    }
}

void fault_power_cut(struct faults *fs)
{
    for (int i = 0; i < fs->n; i++)
        if (fs->f[i].trig == FT_MTBF && cycles_machine(&fs->f[i]))
            event_cancel(&fs->m->clk, &fs->f[i].ev);
}

uint64_t fault_next_insn(const struct faults *fs)
{
    uint64_t next = UINT64_MAX;
    for (int i = 0; i < fs->n; i++) {
        const struct fault *f = &fs->f[i];
        if (f->trig == FT_INSN && !f->done && f->insn < next)
            next = f->insn;
    }
    return next;
}

int fault_insn_due(struct faults *fs, uint64_t instret)
{
    int n = 0;
    for (int i = 0; i < fs->n; i++) {
        struct fault *f = &fs->f[i];
        if (f->trig == FT_INSN && !f->done && f->insn <= instret) {
            f->done = true;
            fire(fs, f, instret);
            n++;
        }
    }
    return n;
}

bool fault_bug_strike(struct faults *fs, unsigned id)
{
    struct machine *m = fs->m;
    bool strike = false;
    if (id >= BUG_IDS)
        return false;
    if (fs->bug_armed[id]) {
        fs->bug_armed[id]--;
        strike = true;
    } else {
        for (int i = 0; i < fs->n; i++) {
            struct fault *f = &fs->f[i];
            if (f->kind == FK_BUG && f->trig == FT_P && f->bug_id == (int)id &&
                uniform(&f->rng) < f->p)
                strike = true;
        }
    }
    if (strike) {
        fs->bug_strikes++;
        evlog_begin(&m->evlog, psu_now_ns(&m->psu), "bug_strike");
        evlog_u64(&m->evlog, "id", id);
        evlog_end(&m->evlog);
    }
    return strike;
}

void fault_stats_json(const struct faults *fs, struct json *j)
{
    json_object_begin(j, "faults");
    json_u64(j, "specs", (uint64_t)fs->n);
    json_object_begin(j, "injected");
    for (int k = 0; k < FK_COUNT; k++)
        json_u64(j, kind_names[k], fs->injected[k]);
    json_object_end(j);
    json_u64(j, "while_off", fs->skipped);
    json_u64(j, "bug_strikes", fs->bug_strikes);
    json_object_end(j);
}

void fault_free(struct faults *fs)
{
    for (int i = 0; i < fs->n; i++)
        event_cancel(&fs->m->clk, &fs->f[i].ev);
    fs->n = 0;
}
