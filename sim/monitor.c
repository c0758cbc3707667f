/*
 * monitor.c -- the monitor's commands (see monitor.h, docs/monitor.md).
 *
 * The monitor runs inside the machine loop, between two instructions, and
 * only reads the machine -- registers, memory through the bus's host
 * pointers, cache tags through timing_line_dirty -- except for the commands
 * whose job is to act: `power` and `inject` go through the power supply and
 * the fault injector exactly as Ctrl-A p / Ctrl-A k and --fault do, and a
 * cut or power-on asked for "now" is carried out at once (the due events
 * are fired here) so the next command sees the machine after it.
 *
 * Reading memory never changes it: no cache fill, no A/D bits, no device
 * read (a device register read can have side effects, so `x` refuses).
 * `translate` walks the page table itself, for the same reason, rather
 * than calling the MMU.
 *
 * One command a line; '#' starts a comment; an empty line does nothing.  A
 * bad command prints "monitor: ..." and the monitor stays.
 */
#include "monitor.h"
#include "machine.h"
#include "fault.h"
#include "json.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "mem/cache.h"
#include "mem/timing.h"
#include "devices/console.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_LEN 512
#define SATP_MODE_SV39 8ull
#define ST_SUM (1ull << 18)
#define ST_MXR (1ull << 19)

enum src { SRC_TTY, SRC_STDIO, SRC_FILE };

struct monitor {
    struct machine *m;
    FILE *out;
    enum src src;
    FILE *script;
    bool echo;                  /* print each command after the prompt */
    bool eof;                   /* the script (or stdin) has ended */
    bool pending;               /* take over at the next boundary */
    bool ended;                 /* the run has ended */
    bool held_off;              /* `power off`: no power-on is scheduled */
    const char *why;            /* why we stopped, for the banner */
    uint64_t stop_insn;         /* continue insn=N (UINT64_MAX: none) */
    struct event stop_ev;       /* continue time=T */
    bool resume;                /* set by continue/quit: leave the command loop */
};

static const char *const abi[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
    "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
    "s10", "s11", "t3", "t4", "t5", "t6",
};
static const char priv_letter[4] = { 'U', 'S', '?', 'M' };

static void say(struct monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct monitor *mon, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(mon->out, fmt, ap);
    va_end(ap);
}

static void error(struct monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void error(struct monitor *mon, const char *fmt, ...)
{
    va_list ap;
    fputs("monitor: ", mon->out);
    va_start(ap, fmt);
    vfprintf(mon->out, fmt, ap);
    va_end(ap);
    fputc('\n', mon->out);
}

static uint64_t now_ns(const struct monitor *mon)
{
    return clock_cycles_to_ns(&mon->m->clk, mon->m->clk.cycle);
}

static void print_time(struct monitor *mon, uint64_t ns)
{
    say(mon, "%llu.%06llu ms", (unsigned long long)(ns / 1000000),
        (unsigned long long)(ns % 1000000));
}

/* Decimal or 0x hex, the whole word. */
static bool number(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !isdigit((unsigned char)*s))
        return false;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (*end || errno)
        return false;
    *v = n;
    return true;
}

/* ---- regs ----------------------------------------------------------------- */

static void cmd_regs(struct monitor *mon, int argc, char **argv)
{
    struct hart *h = mon->m->hart;
    uint64_t mip = 0, sstatus = 0, cyc = 0;
    (void)argc; (void)argv;
    for (int i = 0; i < 32; i++) {
        char name[16];
        snprintf(name, sizeof name, "x%d/%s", i, abi[i]);
        say(mon, "%-9s 0x%016llx%s", name, (unsigned long long)(i ? h->x[i] : 0),
            i % 4 == 3 ? "\n" : "  ");
    }
    hart_csr_read(h, 0x344, &mip);
    hart_csr_read(h, 0x100, &sstatus);
    hart_csr_read(h, 0xb00, &cyc);
    say(mon, "pc        0x%016llx  priv %c  instret %llu  mcycle %llu%s\n",
        (unsigned long long)h->pc, priv_letter[h->priv], (unsigned long long)h->instret,
        (unsigned long long)cyc, mon->m->psu.on ? "" : "  (power off)");
    const struct { const char *name; uint64_t v; } csr[] = {
        { "mstatus", h->mstatus }, { "mtvec", h->mtvec }, { "mepc", h->mepc },
        { "mcause", h->mcause }, { "mtval", h->mtval }, { "mie", h->mie },
        { "mip", mip }, { "medeleg", h->medeleg }, { "mideleg", h->mideleg },
        { "mscratch", h->mscratch }, { "sstatus", sstatus }, { "stvec", h->stvec },
        { "sepc", h->sepc }, { "scause", h->scause }, { "stval", h->stval },
        { "sscratch", h->sscratch }, { "satp", h->satp },
    };
    int n = (int)(sizeof csr / sizeof csr[0]);
    for (int i = 0; i < n; i++)
        say(mon, "%-9s 0x%016llx%s", csr[i].name, (unsigned long long)csr[i].v,
            i % 4 == 3 || i == n - 1 ? "\n" : "  ");
}

/* ---- memory --------------------------------------------------------------- */

/* What holds physical address pa, in words: "SCM scm", "DRAM main". */
static const char *where(struct monitor *mon, uint64_t pa, char *buf, size_t len,
                         struct region **rp)
{
    const struct bus_range *r = bus_find(&mon->m->bus, pa, 1);
    *rp = NULL;
    if (!r)
        snprintf(buf, len, "unmapped");
    else if (r->region) {
        *rp = r->region;
        snprintf(buf, len, "%s %s", r->region->kind == REGION_SCM ? "SCM" : "DRAM",
                 r->region->name);
    } else
        snprintf(buf, len, "device %s", r->name);
    return buf;
}

/* The state of the cache line at pa in an SCM region. */
static const char *line_state(struct monitor *mon, struct region *r, uint64_t pa)
{
    struct timing *t = mon->m->timing;
    if (!t)
        return "durable (no caches: every store is durable)";
    uint64_t lb = timing_line_bytes(t);
    uint64_t line = pa & ~(lb - 1);
    if (timing_line_dirty(t, line))
        return "dirty in the cache (not durable)";
    if (line >= r->base && line + lb <= r->base + r->size &&
        memcmp(r->mem + (line - r->base), r->durable + (line - r->base), lb))
        return "differs from SCM";
    return "durable";
}

/* Sv39 walk, without side effects.  Returns true with *pa, or false with
 * the reason in why.  lines: print each level (translate). */
struct walk {
    uint64_t pa, pte, pte_pa;
    int level;                  /* of the leaf */
    char why[160];
};

static bool walk(struct monitor *mon, uint64_t va, struct walk *w, bool verbose)
{
    struct hart *h = mon->m->hart;
    uint64_t satp = h->satp;
    memset(w, 0, sizeof *w);
    if ((satp >> 60) != SATP_MODE_SV39) {
        if (verbose)
            say(mon, "satp 0x%016llx: MODE is Bare, no translation\n",
                (unsigned long long)satp);
        w->pa = va;
        w->level = -1;
        return true;
    }
    int64_t sva = (int64_t)(va << 25) >> 25;
    if ((uint64_t)sva != va) {
        snprintf(w->why, sizeof w->why, "not a canonical Sv39 address (bits 63..39 must "
                 "copy bit 38): page fault");
        return false;
    }
    uint64_t a = (satp & ((1ull << 44) - 1)) << 12;
    if (verbose)
        say(mon, "satp 0x%016llx: Sv39, ASID %llu, root table at 0x%llx\n",
            (unsigned long long)satp, (unsigned long long)((satp >> 44) & 0xffff),
            (unsigned long long)a);
    for (int i = 2; i >= 0; i--) {
        uint64_t vpn = (va >> (12 + 9 * i)) & 0x1ff;
        uint64_t pte_pa = a + vpn * 8;
        uint8_t *p = bus_host_ptr(&mon->m->bus, pte_pa, 8);
        char wbuf[64];
        struct region *rg;
        if (!p) {
            snprintf(w->why, sizeof w->why, "level %d: PTE address 0x%llx is not memory "
                     "(%s): access fault", i, (unsigned long long)pte_pa,
                     where(mon, pte_pa, wbuf, sizeof wbuf, &rg));
            return false;
        }
        uint64_t pte;
        memcpy(&pte, p, 8);
        if (verbose)
            say(mon, "  level %d: PTE[%3llu] at 0x%llx (%s) = 0x%016llx  %c%c%c%c%c%c%c%c "
                "ppn 0x%llx\n", i, (unsigned long long)vpn, (unsigned long long)pte_pa,
                where(mon, pte_pa, wbuf, sizeof wbuf, &rg), (unsigned long long)pte,
                pte & 0x80 ? 'D' : '-', pte & 0x40 ? 'A' : '-', pte & 0x20 ? 'G' : '-',
                pte & 0x10 ? 'U' : '-', pte & 0x08 ? 'X' : '-', pte & 0x04 ? 'W' : '-',
                pte & 0x02 ? 'R' : '-', pte & 0x01 ? 'V' : '-',
                (unsigned long long)((pte >> 10) & ((1ull << 44) - 1)));
        w->pte = pte;
        w->pte_pa = pte_pa;
        if (!(pte & 1) || ((pte & 6) == 4)) {
            snprintf(w->why, sizeof w->why, "level %d: %s: page fault", i,
                     !(pte & 1) ? "PTE not valid (V=0)" : "W without R is reserved");
            return false;
        }
        uint64_t ppn = (pte >> 10) & ((1ull << 44) - 1);
        if (pte & 0xa) {        /* R or X: a leaf */
            uint64_t low = (1ull << (9 * i)) - 1;
            if (ppn & low) {
                snprintf(w->why, sizeof w->why, "level %d: misaligned superpage (ppn "
                         "0x%llx): page fault", i, (unsigned long long)ppn);
                return false;
            }
            uint64_t off = va & ((1ull << (12 + 9 * i)) - 1);
            w->pa = ((ppn & ~low) << 12) | off;
            w->level = i;
            return true;
        }
        if (i == 0) {
            snprintf(w->why, sizeof w->why, "level 0: not a leaf: page fault");
            return false;
        }
        a = ppn << 12;
    }
    return false;
}

/* Which accesses the leaf PTE allows from privilege p (Sv39 rules; A and D
 * are set by the walk, as on QEMU, so they never fault). */
static void perms_from(struct monitor *mon, uint64_t pte, enum priv p)
{
    uint64_t st = mon->m->hart->mstatus;
    bool u = pte & 0x10, r = pte & 2, wr = pte & 4, x = pte & 8;
    bool mode_ok = p == PRIV_U ? u : (!u || (st & ST_SUM));
    bool load = mode_ok && (r || (x && (st & ST_MXR)));
    bool store = mode_ok && wr;
    bool fetch = (p == PRIV_U ? u : !u) && x;
    say(mon, "  from %c: load %s, store %s, fetch %s\n", priv_letter[p],
        load ? "ok" : "page fault", store ? "ok" : "page fault",
        fetch ? "ok" : "page fault");
}

static void cmd_translate(struct monitor *mon, int argc, char **argv)
{
    uint64_t va;
    struct walk w;
    char buf[64];
    struct region *r;
    if (argc != 2 || !number(argv[1], &va)) {
        error(mon, "usage: translate VADDR (a number, e.g. 0x80001000)");
        return;
    }
    say(mon, "translate 0x%llx (hart in %c-mode)\n", (unsigned long long)va,
        priv_letter[mon->m->hart->priv]);
    if (!walk(mon, va, &w, true)) {
        say(mon, "  fault: %s\n", w.why);
        return;
    }
    say(mon, "  -> physical 0x%llx in %s", (unsigned long long)w.pa,
        where(mon, w.pa, buf, sizeof buf, &r));
    if (w.level < 0) {
        say(mon, "\n");
        return;
    }
    say(mon, "; %s page, pool %s\n", w.level == 2 ? "1 GiB" : w.level == 1 ? "2 MiB" : "4 KiB",
        r ? (r->kind == REGION_SCM ? "SCM (durable)" : "DRAM (volatile)") : "none");
    perms_from(mon, w.pte, PRIV_S);
    perms_from(mon, w.pte, PRIV_U);
}

/* x/N[bhwg] ADDR (virtual, through satp when the hart is below M) and
 * xp/N[bhwg] ADDR (physical). */
static void cmd_x(struct monitor *mon, int argc, char **argv)
{
    const char *cmd = argv[0];
    bool phys = cmd[1] == 'p';
    const char *fmt = strchr(cmd, '/');
    uint64_t count = 1, addr;
    unsigned size = 4;
    if (fmt) {
        char *end;
        fmt++;
        if (isdigit((unsigned char)*fmt)) {
            count = strtoull(fmt, &end, 10);
            fmt = end;
        }
        for (; *fmt; fmt++) {
            switch (*fmt) {
            case 'b': size = 1; break;
            case 'h': size = 2; break;
            case 'w': size = 4; break;
            case 'g': size = 8; break;
            case 'x': break;
            default:
                error(mon, "%s: unknown format '%c' (use x/N[bhwg], as x/8g)", cmd, *fmt);
                return;
            }
        }
    }
    if (argc != 2 || !number(argv[1], &addr)) {
        error(mon, "usage: %s/N[bhwg] ADDR (e.g. x/8g 0x80001000)", phys ? "xp" : "x");
        return;
    }
    if (count == 0 || count > 4096) {
        error(mon, "%s: count %llu: give 1 to 4096 units", cmd, (unsigned long long)count);
        return;
    }
    if (addr % size) {
        error(mon, "%s: 0x%llx is not aligned to %u bytes", cmd, (unsigned long long)addr, size);
        return;
    }
    bool virt = !phys && mon->m->hart->priv != PRIV_M &&
                (mon->m->hart->satp >> 60) == SATP_MODE_SV39;
    uint64_t bytes = count * size, per_line = 16;
    for (uint64_t off = 0; off < bytes; off += per_line) {
        uint64_t va = addr + off, pa = va;
        if (virt) {
            struct walk w;
            if (!walk(mon, va, &w, false)) {
                say(mon, "0x%016llx: %s\n", (unsigned long long)va, w.why);
                off = ((va | 0xfff) + 1) - addr - per_line;     /* next page */
                continue;
            }
            pa = w.pa;
        }
        uint64_t n = bytes - off < per_line ? bytes - off : per_line;
        char buf[64];
        struct region *r;
        where(mon, pa, buf, sizeof buf, &r);
        uint8_t *p = r ? bus_host_ptr(&mon->m->bus, pa, n) : NULL;
        bool off = !mon->m->psu.on;
        /* Off, the CPU view means nothing: SCM holds its durable view. */
        if (p && off)
            p = r->kind == REGION_SCM ? r->durable + (pa - r->base) : NULL;
        if (virt)
            say(mon, "0x%016llx (pa 0x%llx):", (unsigned long long)va, (unsigned long long)pa);
        else
            say(mon, "0x%016llx:", (unsigned long long)pa);
        if (!p && r && off) {
            say(mon, " power off: %s holds nothing (volatile)\n", buf);
            continue;
        }
        if (!p) {
            say(mon, " not memory (%s)%s\n", buf,
                strncmp(buf, "device", 6) ? "" : ": device registers are not read here");
            continue;
        }
        for (uint64_t i = 0; i < n; i += size) {
            uint64_t v = 0;
            memcpy(&v, p + i, size);
            say(mon, " 0x%0*llx", (int)size * 2, (unsigned long long)v);
        }
        say(mon, "  %*s| %s", (int)((per_line - n) / size * (size * 2 + 3)), "", buf);
        if (r->kind == REGION_SCM && off) {
            say(mon, ", durable contents (power off)");
        } else if (r->kind == REGION_SCM) {
            uint64_t lb = mon->m->timing ? timing_line_bytes(mon->m->timing) : 64;
            say(mon, ", line 0x%llx %s", (unsigned long long)(pa & ~(lb - 1)),
                line_state(mon, r, pa));
        } else {
            say(mon, " (volatile)");
        }
        say(mon, "\n");
    }
}

/* ---- power and faults ----------------------------------------------------- */

static void cmd_power(struct monitor *mon, int argc, char **argv)
{
    struct machine *m = mon->m;
    struct psu *p = &m->psu;
    const char *what = argc == 2 ? argv[1] : "";
    if (!strcmp(what, "cycle")) {
        if (!p->on) {
            error(mon, "power cycle: the power is off (power on first)");
            return;
        }
        psu_fail(p, CAUSE_BUTTON, false);
        clock_run_due(&m->clk);
        if (p->on)
            say(mon, "power: button pressed (as Ctrl-A p): warning at %llu ns, the cut comes "
                "%u us later, power-on %u ms after it; continue to let the guest save\n",
                (unsigned long long)p->warn_ns, m->cfg->power.residual_us,
                m->cfg->power.off_ms);
        else
            say(mon, "power: button pressed with no residual window: cut now; power-on in "
                "%u ms\n", m->cfg->power.off_ms);
    } else if (!strcmp(what, "cut") || !strcmp(what, "off")) {
        if (!p->on) {
            error(mon, "power %s: the power is off already", what);
            return;
        }
        uint64_t lost = p->dirty_lost;
        psu_fail(p, CAUSE_CONSOLE, true);
        clock_run_due(&m->clk);
        lost = p->dirty_lost - lost;
        if (!strcmp(what, "off")) {
            event_cancel(&m->clk, &p->on_ev);
            mon->held_off = true;
            say(mon, "power: off (sudden cut, %llu dirty lines lost); it stays off until "
                "`power on`\n", (unsigned long long)lost);
        } else {
            say(mon, "power: cut now (as Ctrl-A k), %llu dirty lines lost; power-on in %u ms\n",
                (unsigned long long)lost, m->cfg->power.off_ms);
        }
    } else if (!strcmp(what, "on")) {
        if (p->on) {
            error(mon, "power on: the power is on");
            return;
        }
        event_schedule(&m->clk, &p->on_ev, m->clk.cycle);
        clock_run_due(&m->clk);
        mon->held_off = false;
        say(mon, "power: on (power-on %u, reason %s)\n", p->boots,
            psu_boot_reason_name(p->boot_reason));
    } else {
        error(mon, "usage: power off|on|cycle|cut");
        return;
    }
    clock_rearm(&m->clk);
}

static void cmd_inject(struct monitor *mon, int argc, char **argv)
{
    char err[256];
    if (argc != 2) {
        error(mon, "usage: inject SPEC (the --fault syntax, e.g. cut:at=now,mode=sudden; "
              "at= and insn= count from now)");
        return;
    }
    if (fault_add_live(&mon->m->faults, argv[1], err, sizeof err) < 0) {
        error(mon, "inject %s: %s", argv[1], err);
        return;
    }
    say(mon, "inject: %s armed\n", argv[1]);
    clock_rearm(&mon->m->clk);
    /* A fault due now fires before the guest runs again. */
    clock_run_due(&mon->m->clk);
    clock_rearm(&mon->m->clk);
}

/* ---- stats ---------------------------------------------------------------- */

static void cmd_stats(struct monitor *mon, int argc, char **argv)
{
    struct machine *m = mon->m;
    const struct hart *h = m->hart;
    if (argc == 2 && !strcmp(argv[1], "json")) {
        fflush(mon->out);
        machine_stats_json(m, mon->out);
        return;
    }
    if (argc != 1) {
        error(mon, "usage: stats [json]");
        return;
    }
    uint64_t cyc = m->clk.cycle;
    say(mon, "time      ");
    print_time(mon, now_ns(mon));
    say(mon, "  cycles %llu  instret %llu  IPC %.3f  %s\n", (unsigned long long)cyc,
        (unsigned long long)h->instret, cyc ? (double)h->instret / (double)cyc : 0.0,
        m->timing ? "timing" : "functional");
    say(mon, "traps     %llu exceptions, %llu interrupts\n",
        (unsigned long long)h->stats.traps, (unsigned long long)h->stats.interrupts);
    for (int i = 0; i < m->nregions; i++) {
        const struct region *r = &m->regions[i];
        say(mon, "region    %-8s %-4s reads %llu  writes %llu  (%llu / %llu bytes)\n", r->name,
            r->kind == REGION_SCM ? "SCM" : "DRAM", (unsigned long long)r->stats.reads,
            (unsigned long long)r->stats.writes, (unsigned long long)r->stats.read_bytes,
            (unsigned long long)r->stats.write_bytes);
    }
    static const char *const caches[] = { "l1i", "l1d", "l2" };
    for (int i = 0; m->timing && i < 3; i++) {
        struct cache_stats cs;
        if (timing_cache_stats(m->timing, caches[i], &cs))
            say(mon, "cache     %-8s hits %llu  misses %llu  write-backs %llu\n", caches[i],
                (unsigned long long)cs.hits, (unsigned long long)cs.misses,
                (unsigned long long)cs.writebacks);
    }
    const struct psu *p = &m->psu;
    say(mon, "power     %s  power-ons %u  warnings %llu  cuts %llu (sudden %llu)  "
        "dirty lines lost %llu\n", p->on ? "on" : "off", p->boots,
        (unsigned long long)p->warnings,
        (unsigned long long)(p->cuts_warned + p->cuts_sudden),
        (unsigned long long)p->cuts_sudden, (unsigned long long)p->dirty_lost);
    say(mon, "events   ");
    for (int i = 0; i < m->evlog.nkinds; i++)
        say(mon, " %s %llu", m->evlog.kinds[i].kind,
            (unsigned long long)m->evlog.kinds[i].count);
    say(mon, "%s\n", m->evlog.nkinds ? "" : " none");
}

/* ---- continue, quit, help ------------------------------------------------- */

static void stop_event(void *opaque, uint64_t now)
{
    struct monitor *mon = opaque;
    (void)now;
    mon->pending = true;
    mon->why = "the time given to continue";
    clock_kick(&mon->m->clk);
}

static void cmd_continue(struct monitor *mon, int argc, char **argv)
{
    struct machine *m = mon->m;
    if (mon->ended) {
        error(mon, "the run has ended; nothing to continue (quit, or read on)");
        return;
    }
    if (mon->held_off) {
        error(mon, "the power is off (power off): power on first");
        return;
    }
    if (argc > 2) {
        error(mon, "usage: continue [insn=N|time=T] (N, T may start with + for 'from now')");
        return;
    }
    if (argc == 2) {
        const char *a = argv[1];
        bool is_insn = !strncmp(a, "insn=", 5), is_time = !strncmp(a, "time=", 5);
        const char *v = a + 5;
        bool rel = *v == '+';
        if (rel)
            v++;
        if (is_insn) {
            uint64_t n;
            if (!number(v, &n)) {
                error(mon, "continue %s: \"%s\" is not a number", a, v);
                return;
            }
            if (rel)
                n += m->hart->instret;
            if (n <= m->hart->instret) {
                error(mon, "continue %s: instruction %llu is already past (now %llu)", a,
                      (unsigned long long)n, (unsigned long long)m->hart->instret);
                return;
            }
            mon->stop_insn = n;
        } else if (is_time) {
            uint64_t ns;
            char err[160];
            if (fault_parse_time(v, &ns, err, sizeof err) < 0) {
                error(mon, "continue %s: %s", a, err);
                return;
            }
            if (rel)
                ns += now_ns(mon);
            unsigned __int128 c = (unsigned __int128)ns * m->clk.freq_hz;
            uint64_t cyc = (uint64_t)((c + 999999999u) / 1000000000u);
            if (cyc <= m->clk.cycle) {
                error(mon, "continue %s: that time is already past (now ", a);
                print_time(mon, now_ns(mon));
                say(mon, ")\n");
                return;
            }
            event_schedule(&m->clk, &mon->stop_ev, cyc);
        } else {
            error(mon, "continue %s: give insn=N or time=T (e.g. time=5ms, insn=+1000)", a);
            return;
        }
    }
    mon->resume = true;
}

static void cmd_quit(struct monitor *mon, int argc, char **argv)
{
    (void)argc; (void)argv;
    machine_request(mon->m, MACHINE_REQ_QUIT, 0);
    mon->resume = true;
    mon->eof = true;            /* nothing more is read */
}

static void cmd_help(struct monitor *mon, int argc, char **argv);

static const struct command {
    const char *name, *alias, *args, *help;
    void (*fn)(struct monitor *mon, int argc, char **argv);
} commands[] = {
    { "help", "?", "", "this list", cmd_help },
    { "regs", "info registers", "", "x0-x31 with ABI names, pc, privilege, main CSRs",
      cmd_regs },
    { "x", NULL, "/N[bhwg] ADDR", "dump N bytes/halves/words/doubles at virtual ADDR "
      "(through satp below M-mode), each line tagged DRAM or SCM, and for SCM whether "
      "its cache line is durable or dirty", cmd_x },
    { "xp", NULL, "/N[bhwg] ADDR", "the same at a physical address", cmd_x },
    { "translate", NULL, "VADDR", "walk the page table of satp: each level's PTE, "
      "the physical address, its pool, permissions, or the fault", cmd_translate },
    { "power", NULL, "off|on|cycle|cut", "cycle: the power button (warned, as Ctrl-A p); "
      "cut: sudden loss, back after off_ms (Ctrl-A k); off: sudden loss, stays off; "
      "on: power on now", cmd_power },
    { "inject", NULL, "SPEC", "a fault in --fault syntax; at= and insn= count from now "
      "(at=now: at once)", cmd_inject },
    { "stats", NULL, "[json]", "the statistics so far (json: as --stats writes them)",
      cmd_stats },
    { "continue", "c", "[insn=N|time=T]", "back to the guest, until instruction N or "
      "simulated time T (+N, +T: from now), Ctrl-A c, or the end", cmd_continue },
    { "quit", "q", "", "end the run (exit status 0, as Ctrl-A x)", cmd_quit },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void cmd_help(struct monitor *mon, int argc, char **argv)
{
    (void)argc; (void)argv;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s%s%s%s%s", commands[i].name,
                 commands[i].args[0] && commands[i].args[0] != '/' ? " " : "",
                 commands[i].args, commands[i].alias ? ", " : "",
                 commands[i].alias ? commands[i].alias : "");
        say(mon, "  %-32s %s\n", head, commands[i].help);
    }
}

/* Split line into words; "info registers" is the one two-word alias. */
static void run_line(struct monitor *mon, char *line)
{
    char *argv[8];
    int argc = 0;
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    for (char *tok = strtok(line, " \t\r\n"); tok && argc < 8; tok = strtok(NULL, " \t\r\n"))
        argv[argc++] = tok;
    if (argc == 0)
        return;
    if (argc == 2 && !strcmp(argv[0], "info") && !strcmp(argv[1], "registers"))
        argc = 1, argv[0] = "regs";
    if (argv[0][0] == 0x01) {   /* Ctrl-A c typed at the monitor prompt */
        mon->resume = true;
        return;
    }
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(argv[0], "/"), argv[0]);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(name, commands[i].name) ||
            (commands[i].alias && !strcmp(name, commands[i].alias))) {
            if (strchr(argv[0], '/') && commands[i].fn != cmd_x) {
                error(mon, "%s: takes no /FORMAT", name);
                return;
            }
            commands[i].fn(mon, argc, argv);
            return;
        }
    }
    error(mon, "unknown command \"%s\" (help lists them)", argv[0]);
}

/* One line of input, without its newline; false at the end.  stdin is read
 * a byte at a time so nothing meant for the guest console is swallowed. */
static bool read_line(struct monitor *mon, char *buf, size_t len)
{
    if (mon->src == SRC_FILE)
        return fgets(buf, (int)len, mon->script) != NULL;
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            buf[n] = '\0';
            return n > 0;
        }
        if (c == '\n')
            break;
        if (n + 1 < len)
            buf[n++] = c;
    }
    buf[n] = '\0';
    return true;
}

static void banner(struct monitor *mon)
{
    struct hart *h = mon->m->hart;
    say(mon, "(simscm) stopped at ");
    print_time(mon, now_ns(mon));
    say(mon, ", instruction %llu, pc 0x%llx, %c-mode%s (%s)\n",
        (unsigned long long)h->instret, (unsigned long long)h->pc, priv_letter[h->priv],
        mon->m->psu.on ? "" : ", power off", mon->why ? mon->why : "monitor");
}

static void command_loop(struct monitor *mon)
{
    char line[LINE_MAX_LEN];
    mon->resume = false;
    while (!mon->resume && !mon->eof) {
        if (!mon->echo) {
            say(mon, "(simscm) ");
            fflush(mon->out);
        }
        if (!read_line(mon, line, sizeof line)) {
            mon->eof = true;
            break;
        }
        if (mon->echo)
            say(mon, "(simscm) %s%s", line, strchr(line, '\n') ? "" : "\n");
        run_line(mon, line);
        fflush(mon->out);
    }
    if (mon->eof && mon->held_off && !mon->ended) {
        /* The guest runs on after the script; it cannot with the power held off. */
        event_schedule(&mon->m->clk, &mon->m->psu.on_ev, mon->m->clk.cycle);
        mon->held_off = false;
        say(mon, "monitor: end of the script with the power off: powering on\n");
    }
}

void monitor_enter(struct monitor *mon)
{
    struct machine *m = mon->m;
    mon->pending = false;
    if (mon->eof && mon->src != SRC_TTY)
        return;
    fflush(m->console->out);
    fflush(stdout);
    console_term_pause(m->console);
    banner(mon);
    if (mon->src == SRC_TTY)
        mon->eof = false;       /* each Ctrl-A c starts a new session */
    command_loop(mon);
    if (!mon->resume && mon->src == SRC_TTY)
        say(mon, "\n");
    mon->why = NULL;
    fflush(mon->out);
    console_term_resume(m->console);
}

void monitor_at_end(struct monitor *mon, const char *why)
{
    mon->ended = true;
    event_cancel(&mon->m->clk, &mon->stop_ev);
    if (mon->src == SRC_TTY || mon->eof)
        return;
    mon->why = why;
    monitor_enter(mon);
}

void monitor_request(void *opaque)
{
    struct monitor *mon = opaque;
    mon->pending = true;
    mon->why = "Ctrl-A c";
    clock_kick(&mon->m->clk);
}

bool monitor_pending(const struct monitor *mon)
{
    return mon->pending;
}

uint64_t monitor_next_insn(const struct monitor *mon)
{
    return mon->stop_insn;
}

bool monitor_insn_due(struct monitor *mon, uint64_t instret)
{
    if (instret < mon->stop_insn)
        return false;
    mon->stop_insn = UINT64_MAX;
    mon->pending = true;
    mon->why = "the instruction given to continue";
    return true;
}

struct monitor *monitor_new(struct machine *m, const char *source, FILE *out)
{
    struct monitor *mon = calloc(1, sizeof *mon);
    if (!mon)
        abort();
    mon->m = m;
    mon->out = out;
    mon->stop_insn = UINT64_MAX;
    mon->stop_ev = (struct event){ .fn = stop_event, .opaque = mon, .name = "monitor" };
    if (!source) {
        mon->src = SRC_TTY;
    } else if (!strcmp(source, "stdio")) {
        mon->src = SRC_STDIO;
        mon->echo = !isatty(STDIN_FILENO);
        mon->pending = true;
        mon->why = "start";
    } else {
        mon->src = SRC_FILE;
        mon->echo = true;
        mon->script = fopen(source, "r");
        if (!mon->script) {
            fprintf(stderr, "simscm: --monitor %s: %s\n", source, strerror(errno));
            free(mon);
            return NULL;
        }
        mon->pending = true;
        mon->why = "start";
    }
    return mon;
}

void monitor_free(struct monitor *mon)
{
    if (!mon)
        return;
    event_cancel(&mon->m->clk, &mon->stop_ev);
    if (mon->script)
        fclose(mon->script);
    free(mon);
}
