/*
 * gdbstub.c -- the GDB remote serial protocol over TCP (127.0.0.1 only).
 *
 * The machine has two states as gdb sees it: running, and stopped.  While
 * running, the machine loop calls gdbstub_serve at every return of the
 * hart (every event); at most every POLL_MS of host time it polls the
 * sockets for a new connection or a Ctrl-C (0x03).  A "poll" event every
 * POLL_US of simulated time makes sure the hart returns even when the guest
 * schedules no event of its own.  Events change no cycle count, so a run
 * under gdb that never stops gives the cycles of a run without it.
 *
 * A stop (a breakpoint, a watchpoint, the end of a single step, Ctrl-C, a
 * new connection, --gdb-wait, a power-on with stop-on-power-on) sends the
 * stop reply and serves packets until gdb resumes (c, s), detaches (D),
 * kills (k) or hangs up.  Simulated time stands still meanwhile.
 *
 * Packets: qSupported, the target description (qXfer:features:read:
 * target.xml: the RV64 integer registers, the CSRs this hart implements
 * in org.gnu.gdb.riscv.csr, and the virtual "priv" register), ?, g/G, p/P,
 * m/M (virtual addresses, translated as a load at the current privilege
 * would be, like QEMU's stub; RAM only, never a device register), Z0/z0
 * (software breakpoints: a list in the hart, no instruction is patched, so
 * guest memory and SCM stay untouched), Z1/z1 (hardware breakpoints) and
 * Z2-Z4 (write/read/access watchpoints) through the Sdtrig triggers with
 * the debugger action (sim/cpu/trigger.c), c, s, C/S (the signal is
 * ignored), k, D, qRcmd (monitor commands), QStartNoAckMode and the thread
 * queries gdb makes of a one-thread target.
 *
 * Single step: the hart runs with its instruction limit one above instret
 * and interrupts held off (as QEMU does by default); a step over an
 * instruction that traps stops at the trap vector.
 *
 * Power: the stub stays attached across power cycles and warm resets.  The
 * hart is reset at power-on; gdb's breakpoints and triggers stay.  With
 * `monitor stop-on-power-on on` the machine stops at the first instruction
 * after each power-on.
 */
#include "gdbstub.h"
#include "machine.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS  20             /* host time between socket polls while running */
#define POLL_US  1000           /* simulated time between forced returns of the hart */
#define PKT_MAX  8192
#define REGNUM_PC    32
#define REGNUM_CSR0  65         /* gdb's RISC-V numbering: CSR n is 65 + n */
#define REGNUM_PRIV  (REGNUM_CSR0 + 4096)

enum stop_why { STOP_NONE, STOP_TRAP, STOP_INT };

struct gdbstub {
    struct machine *m;
    int lfd, fd;                /* listening socket, connection (-1: none) */
    unsigned port;
    bool wait_first;            /* --gdb-wait, not yet attached */
    bool noack;
    bool stop_on_power_on;
    bool stopped_announce;      /* a stop reply is owed to gdb */
    enum stop_why pending;      /* stop at the next gdbstub_serve */
    char reason[64];            /* "watch:addr;" etc. for the stop reply */
    bool stepping;
    uint64_t step_limit, step_instret, step_pc, step_traps;
    struct timespec last_poll;
    struct event poll_ev;
    unsigned char in[PKT_MAX];
    size_t in_len, in_pos;
    char pkt[PKT_MAX + 1], out[PKT_MAX * 2 + 64];
};

/* ---- The CSRs gdb is told about --------------------------------------- */

static const struct { unsigned num; const char *name; } csrs[] = {
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" }, { 0x106, "scounteren" },
    { 0x10a, "senvcfg" }, { 0x140, "sscratch" }, { 0x141, "sepc" }, { 0x142, "scause" },
    { 0x143, "stval" }, { 0x144, "sip" }, { 0x180, "satp" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" }, { 0x303, "mideleg" },
    { 0x304, "mie" }, { 0x305, "mtvec" }, { 0x306, "mcounteren" }, { 0x30a, "menvcfg" },
    { 0x320, "mcountinhibit" }, { 0x340, "mscratch" }, { 0x341, "mepc" },
    { 0x342, "mcause" }, { 0x343, "mtval" }, { 0x344, "mip" },
    { 0x3a0, "pmpcfg0" }, { 0x3a2, "pmpcfg2" },
    { 0x3b0, "pmpaddr0" }, { 0x3b1, "pmpaddr1" }, { 0x3b2, "pmpaddr2" }, { 0x3b3, "pmpaddr3" },
    { 0x3b4, "pmpaddr4" }, { 0x3b5, "pmpaddr5" }, { 0x3b6, "pmpaddr6" }, { 0x3b7, "pmpaddr7" },
    { 0x3b8, "pmpaddr8" }, { 0x3b9, "pmpaddr9" }, { 0x3ba, "pmpaddr10" }, { 0x3bb, "pmpaddr11" },
    { 0x3bc, "pmpaddr12" }, { 0x3bd, "pmpaddr13" }, { 0x3be, "pmpaddr14" }, { 0x3bf, "pmpaddr15" },
    { 0x7a0, "tselect" }, { 0x7a1, "tdata1" }, { 0x7a2, "tdata2" }, { 0x7a3, "tdata3" },
    { 0x7a4, "tinfo" },
    { 0xb00, "mcycle" }, { 0xb02, "minstret" },
    { 0xc00, "cycle" }, { 0xc01, "time" }, { 0xc02, "instret" },
    { 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" }, { 0xf14, "mhartid" },
    { 0xf15, "mconfigptr" },
};
#define NCSRS (sizeof csrs / sizeof csrs[0])

static const char *const xnames[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2",
    "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
    "s10", "s11", "t3", "t4", "t5", "t6",
};

static char *target_xml;
static size_t target_xml_len;

static void build_target_xml(void)
{
    size_t cap = 16384, n = 0;
    char *s = malloc(cap);
    if (!s)
        abort();
#define ADD(...) (n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__))
    ADD("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
        "<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n"
        "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++)
        ADD("<reg name=\"%s\" bitsize=\"64\" regnum=\"%d\" type=\"%s\"/>\n", xnames[i], i,
            i == 2 ? "data_ptr" : "int");
    ADD("<reg name=\"pc\" bitsize=\"64\" regnum=\"32\" type=\"code_ptr\"/>\n</feature>\n"
        "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (size_t i = 0; i < NCSRS; i++)
        ADD("<reg name=\"%s\" bitsize=\"64\" regnum=\"%u\" group=\"system\"/>\n",
            csrs[i].name, REGNUM_CSR0 + csrs[i].num);
    ADD("</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
        "<reg name=\"priv\" bitsize=\"64\" regnum=\"%d\" group=\"system\"/>\n"
        "</feature>\n</target>\n", REGNUM_PRIV);
#undef ADD
    if (n >= cap)
        abort();
    target_xml = s;
    target_xml_len = n;
}

/* ---- Sockets and packets ---------------------------------------------- */

struct gdbstub *gdbstub_open(unsigned port, bool wait, char *err, size_t errlen)
{
    if (port > 65535) {
        snprintf(err, errlen, "--gdb: port %u is out of range (1-65535, or 0 for any)", port);
        return NULL;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "--gdb: socket: %s", strerror(errno));
        return NULL;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1) < 0) {
        snprintf(err, errlen, "--gdb: cannot listen on 127.0.0.1:%u: %s%s", port,
                 strerror(errno), errno == EADDRINUSE ? " (another program has it; "
                 "pick another port)" : "");
        close(fd);
        return NULL;
    }
    socklen_t al = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &al);
    struct gdbstub *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    g->lfd = fd;
    g->fd = -1;
    g->port = ntohs(a.sin_port);
    g->wait_first = wait;
    if (!target_xml)
        build_target_xml();
    return g;
}

unsigned gdbstub_port(const struct gdbstub *g)
{
    return g->port;
}

static void hangup(struct gdbstub *g)
{
    if (g->fd >= 0)
        close(g->fd);
    g->fd = -1;
    g->noack = false;
    g->in_len = g->in_pos = 0;
}

/* Next byte from gdb, blocking; -1 when it hung up. */
static int get_byte(struct gdbstub *g)
{
    if (g->in_pos == g->in_len) {
        ssize_t n;
        do
            n = read(g->fd, g->in, sizeof g->in);
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        g->in_len = (size_t)n;
        g->in_pos = 0;
    }
    return g->in[g->in_pos++];
}

static void write_all(struct gdbstub *g, const char *s, size_t n)
{
    while (n > 0 && g->fd >= 0) {
        ssize_t w = write(g->fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            hangup(g);
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static const char hexd[] = "0123456789abcdef";

static void send_packet(struct gdbstub *g, const char *data)
{
    size_t n = strlen(data);
    unsigned cs = 0;
    char *o = g->out;
    *o++ = '$';
    for (size_t i = 0; i < n; i++) {
        cs += (unsigned char)data[i];
        *o++ = data[i];
    }
    *o++ = '#';
    *o++ = hexd[(cs >> 4) & 15];
    *o++ = hexd[cs & 15];
    for (int tries = 0; tries < 3 && g->fd >= 0; tries++) {
        write_all(g, g->out, (size_t)(o - g->out));
        if (g->noack)
            return;
        int c = get_byte(g);
        if (c != '-')
            return;                 /* '+' (or a hang-up) */
    }
}

/* Read one packet into g->pkt; false when gdb hung up. */
static bool read_packet(struct gdbstub *g)
{
    for (;;) {
        int c;
        do
            c = get_byte(g);
        while (c >= 0 && c != '$');
        if (c < 0)
            return false;
        size_t n = 0;
        unsigned cs = 0;
        while ((c = get_byte(g)) >= 0 && c != '#') {
            if (n < PKT_MAX)
                g->pkt[n++] = (char)c;
            cs += (unsigned)c;
        }
        int h1 = get_byte(g), h2 = get_byte(g);
        if (c < 0 || h1 < 0 || h2 < 0)
            return false;
        g->pkt[n] = '\0';
        char sum[3] = { (char)h1, (char)h2, 0 };
        bool good = strtoul(sum, NULL, 16) == (cs & 0xff);
        if (!g->noack)
            write_all(g, good ? "+" : "-", 1);
        if (good || g->noack)
            return true;
    }
}

static void put_hex64(char *o, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        o[2 * i] = hexd[b >> 4];
        o[2 * i + 1] = hexd[b & 15];
    }
    o[16] = '\0';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* n bytes of hex at s into buf; false on a bad digit. */
static bool unhex(const char *s, uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hi < 0 ? -1 : hexval(s[2 * i + 1]);
        if (lo < 0)
            return false;
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static uint64_t get_le64(const char *s, bool *ok)
{
    uint8_t b[8];
    if (!unhex(s, b, 8)) {
        *ok = false;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

/* ---- Registers and memory --------------------------------------------- */

static bool reg_read(struct gdbstub *g, unsigned n, uint64_t *v)
{
    struct hart *h = g->m->hart;
    if (n < 32) {
        *v = n ? h->x[n] : 0;
        return true;
    }
    if (n == REGNUM_PC) {
        *v = h->pc;
        return true;
    }
    if (n == REGNUM_PRIV) {
        *v = h->priv;
        return true;
    }
    if (n >= REGNUM_CSR0 && n < REGNUM_CSR0 + 4096)
        return hart_csr_read(h, n - REGNUM_CSR0, v);
    return false;
}

static bool reg_write(struct gdbstub *g, unsigned n, uint64_t v)
{
    struct hart *h = g->m->hart;
    if (n < 32) {
        if (n)
            h->x[n] = v;
        return true;
    }
    if (n == REGNUM_PC) {
        h->pc = v;
        return true;
    }
    if (n == REGNUM_PRIV)
        return hart_dbg_set_priv(h, v);
    if (n >= REGNUM_CSR0 && n < REGNUM_CSR0 + 4096)
        return hart_csr_write(h, n - REGNUM_CSR0, v);
    return false;
}

/* Host pointer to the run of at most n bytes at virtual address va that
 * stays in one page of RAM; *got gets its length.  NULL if unmapped. */
static uint8_t *mem_ptr(struct gdbstub *g, uint64_t va, size_t n, size_t *got)
{
    struct hart *h = g->m->hart;
    uint64_t pa;
    if (!hart_dbg_translate(h, va, &pa))
        return NULL;
    size_t room = 4096 - (va & 0xfff);
    *got = n < room ? n : room;
    return bus_host_ptr(h->bus, pa, *got);
}

static void cmd_read_mem(struct gdbstub *g, const char *args)
{
    char *end;
    uint64_t addr = strtoull(args, &end, 16);
    size_t len = *end == ',' ? strtoul(end + 1, NULL, 16) : 0;
    if (len > PKT_MAX / 2 - 8)
        len = PKT_MAX / 2 - 8;
    char *o = g->pkt;           /* the request is parsed already */
    size_t done = 0;
    while (done < len) {
        size_t got;
        uint8_t *p = mem_ptr(g, addr + done, len - done, &got);
        if (!p)
            break;
        for (size_t i = 0; i < got; i++) {
            *o++ = hexd[p[i] >> 4];
            *o++ = hexd[p[i] & 15];
        }
        done += got;
    }
    *o = '\0';
    send_packet(g, done || !len ? g->pkt : "E14");
}

static void cmd_write_mem(struct gdbstub *g, const char *args)
{
    char *end;
    uint64_t addr = strtoull(args, &end, 16);
    if (*end != ',')
        return send_packet(g, "E01");
    size_t len = strtoul(end + 1, &end, 16);
    if (*end != ':' || strlen(end + 1) < 2 * len)
        return send_packet(g, "E01");
    const char *hex = end + 1;
    size_t done = 0;
    while (done < len) {
        size_t got;
        uint8_t *p = mem_ptr(g, addr + done, len - done, &got);
        if (!p || !unhex(hex + 2 * done, p, got))
            return send_packet(g, "E14");
        done += got;
    }
    hart_flush_decode(g->m->hart);      /* it may have been code */
    send_packet(g, "OK");
}

/* ---- Breakpoints and watchpoints -------------------------------------- */

static void cmd_break(struct gdbstub *g, const char *p, bool insert)
{
    struct hart *h = g->m->hart;
    char *end;
    int type = p[0] - '0';
    if (p[1] != ',')
        return send_packet(g, "E01");
    uint64_t addr = strtoull(p + 2, &end, 16);
    uint64_t len = *end == ',' ? strtoull(end + 1, NULL, 16) : 0;
    bool ok;
    static const char kinds[] = "?xwra";
    switch (type) {
    case 0:
        ok = insert ? hart_dbg_bp_add(h, addr) : hart_dbg_bp_remove(h, addr);
        break;
    case 1: case 2: case 3: case 4:
        if (insert)
            ok = hart_dbg_trigger_set(h, kinds[type], addr, type == 1 ? 1 : len) >= 0;
        else
            ok = hart_dbg_trigger_clear(h, kinds[type], addr, type == 1 ? 1 : len);
        break;
    default:
        return send_packet(g, "");
    }
    send_packet(g, ok ? "OK" : "E0e");
}

/* ---- Monitor commands ------------------------------------------------- */

static void console_out(struct gdbstub *g, const char *text)
{
    char *o = g->pkt;
    *o++ = 'O';
    for (; *text && o < g->pkt + PKT_MAX - 2; text++) {
        *o++ = hexd[(unsigned char)*text >> 4];
        *o++ = hexd[*text & 15];
    }
    *o = '\0';
    send_packet(g, g->pkt);
}

static void cmd_monitor(struct gdbstub *g, const char *hex)
{
    char cmd[256];
    size_t n = strlen(hex) / 2;
    if (n >= sizeof cmd || !unhex(hex, (uint8_t *)cmd, n))
        return send_packet(g, "E01");
    cmd[n] = '\0';
    char word[64] = "", arg[64] = "", extra[64] = "";
    sscanf(cmd, "%63s %63s %63s", word, arg, extra);
    char msg[512];
    if (!strcmp(word, "help") || !word[0]) {
        snprintf(msg, sizeof msg,
                 "simscm monitor commands:\n"
                 "  help                      this text\n"
                 "  stop-on-power-on [on|off] stop at the first instruction after each\n"
                 "                            power-on (now %s)\n",
                 g->stop_on_power_on ? "on" : "off");
    } else if (!strcmp(word, "stop-on-power-on") && !extra[0] &&
               (!arg[0] || !strcmp(arg, "on") || !strcmp(arg, "off"))) {
        if (arg[0])
            g->stop_on_power_on = !strcmp(arg, "on");
        snprintf(msg, sizeof msg, "stop-on-power-on is %s\n",
                 g->stop_on_power_on ? "on" : "off");
    } else {
        snprintf(msg, sizeof msg, "unknown monitor command \"%s\" (try: monitor help)\n", cmd);
    }
    console_out(g, msg);
    send_packet(g, "OK");
}

/* ---- Stops ------------------------------------------------------------ */

static void send_stop(struct gdbstub *g, enum stop_why why)
{
    char buf[96];
    snprintf(buf, sizeof buf, "T%02xthread:1;%s", why == STOP_INT ? 2 : 5, g->reason);
    send_packet(g, buf);
}

static void stop_for(struct gdbstub *g, enum stop_why why, const char *reason)
{
    g->pending = why;
    g->stopped_announce = true;
    snprintf(g->reason, sizeof g->reason, "%s", reason);
}

enum hart_stop gdbstub_after_run(struct gdbstub *g, enum hart_stop stop)
{
    struct hart *h = g->m->hart;
    if (g->stepping) {
        h->insn_limit = g->step_limit;
        h->dbg_step = false;
    }
    if (stop == HART_DEBUG) {
        char r[64] = "";
        uint64_t a = h->dbg_hit_addr;
        switch (h->dbg_hit) {
        case DBG_HIT_BP:   snprintf(r, sizeof r, "swbreak:;"); break;
        case DBG_HIT_EXEC: snprintf(r, sizeof r, "hwbreak:;"); break;
        default: {
            /* Which kind gdb asked for: the trigger's load/store bits. */
            uint64_t v = h->trig[h->dbg_hit_trig].tdata1 & 3;
            snprintf(r, sizeof r, "%s:%llx;", v == 3 ? "awatch" : v == 1 ? "rwatch" : "watch",
                     (unsigned long long)a);
        }
        }
        h->dbg_hit = DBG_HIT_NONE;
        g->stepping = false;
        stop_for(g, STOP_TRAP, r);
        return HART_DEADLINE;
    }
    if (g->stepping) {
        bool done = h->instret != g->step_instret || h->pc != g->step_pc ||
                    h->stats.traps + h->stats.interrupts != g->step_traps;
        if (done) {
            g->stepping = false;
            stop_for(g, STOP_TRAP, "");
            if (stop == HART_INSN_LIMIT && h->instret < h->insn_limit)
                return HART_DEADLINE;
        } else {
            /* Not run yet (an event came first): arm the step again. */
            h->dbg_step = true;
            if (h->insn_limit > h->instret + 1)
                h->insn_limit = h->instret + 1;
        }
    }
    return stop;
}

static void resume(struct gdbstub *g, bool step)
{
    struct hart *h = g->m->hart;
    g->pending = STOP_NONE;
    g->reason[0] = '\0';
    if (!step)
        return;
    g->stepping = true;
    g->step_limit = h->insn_limit;
    g->step_instret = h->instret;
    g->step_pc = h->pc;
    g->step_traps = h->stats.traps + h->stats.interrupts;
    h->dbg_step = true;
    if (h->insn_limit > h->instret + 1)
        h->insn_limit = h->instret + 1;
}

/* Remove everything the debugger set (detach, hang-up). */
static void forget_debugger(struct gdbstub *g)
{
    struct hart *h = g->m->hart;
    while (h->nbp)
        hart_dbg_bp_remove(h, h->bp[0]);
    for (int i = 0; i < HART_NTRIG; i++)
        hart_dbg_trigger_drop(h, i);
}

/* Serve packets while stopped; returns when gdb resumes or leaves. */
static void command_loop(struct gdbstub *g)
{
    struct hart *h = g->m->hart;
    while (g->fd >= 0) {
        if (!read_packet(g)) {
            hangup(g);
            forget_debugger(g);
            break;
        }
        char *p = g->pkt, buf[600];
        switch (p[0]) {
        case '?':
            send_stop(g, g->pending ? g->pending : STOP_TRAP);
            break;
        case 'g': {
            char *o = buf;
            for (unsigned i = 0; i <= REGNUM_PC; i++) {
                uint64_t v;
                reg_read(g, i, &v);
                put_hex64(o, v);
                o += 16;
            }
            send_packet(g, buf);
            break;
        }
        case 'G': {
            bool ok = strlen(p + 1) >= 33 * 16;
            for (unsigned i = 0; ok && i <= REGNUM_PC; i++) {
                uint64_t v = get_le64(p + 1 + 16 * i, &ok);
                if (ok)
                    reg_write(g, i, v);
            }
            send_packet(g, ok ? "OK" : "E01");
            break;
        }
        case 'p': {
            uint64_t v;
            if (!reg_read(g, (unsigned)strtoul(p + 1, NULL, 16), &v))
                send_packet(g, "E01");
            else {
                put_hex64(buf, v);
                send_packet(g, buf);
            }
            break;
        }
        case 'P': {
            char *eq = strchr(p, '=');
            bool ok = eq && strlen(eq + 1) >= 16;
            uint64_t v = ok ? get_le64(eq + 1, &ok) : 0;
            ok = ok && reg_write(g, (unsigned)strtoul(p + 1, NULL, 16), v);
            send_packet(g, ok ? "OK" : "E01");
            break;
        }
        case 'm': cmd_read_mem(g, p + 1); break;
        case 'M': cmd_write_mem(g, p + 1); break;
        case 'Z': cmd_break(g, p + 1, true); break;
        case 'z': cmd_break(g, p + 1, false); break;
        case 'c': case 'C': case 's': case 'S': {
            /* c [addr] / s [addr]; C sig[;addr] / S sig[;addr] */
            bool step = p[0] == 's' || p[0] == 'S';
            const char *a = p[0] == 'c' || p[0] == 's' ? p + 1 : strchr(p, ';');
            if (a && *a == ';')
                a++;
            if (a && *a)
                h->pc = strtoull(a, NULL, 16);
            resume(g, step);
            return;
        }
        case 'k':
            hangup(g);
            forget_debugger(g);
            g->m->gdb_killed = true;
            machine_request(g->m, MACHINE_REQ_QUIT, 0);
            return;
        case 'D':
            send_packet(g, "OK");
            hangup(g);
            forget_debugger(g);
            resume(g, false);
            return;
        case 'H': case 'T':
            send_packet(g, "OK");
            break;
        case 'q':
            if (!strncmp(p, "qSupported", 10))
                send_packet(g, "PacketSize=2000;qXfer:features:read+;QStartNoAckMode+;"
                               "swbreak+;hwbreak+");
            else if (!strncmp(p, "qXfer:features:read:target.xml:", 31)) {
                char *end;
                size_t off = strtoul(p + 31, &end, 16);
                size_t len = *end == ',' ? strtoul(end + 1, NULL, 16) : 0;
                if (len > 4000)
                    len = 4000;
                if (off >= target_xml_len) {
                    send_packet(g, "l");
                    break;
                }
                size_t n = target_xml_len - off < len ? target_xml_len - off : len;
                static char xfer[4002];
                xfer[0] = off + n == target_xml_len ? 'l' : 'm';
                memcpy(xfer + 1, target_xml + off, n);
                xfer[n + 1] = '\0';
                send_packet(g, xfer);
            } else if (!strncmp(p, "qXfer:features:read:", 20))
                send_packet(g, "E00");
            else if (!strcmp(p, "qC"))
                send_packet(g, "QC1");
            else if (!strcmp(p, "qfThreadInfo"))
                send_packet(g, "m1");
            else if (!strcmp(p, "qsThreadInfo"))
                send_packet(g, "l");
            else if (!strcmp(p, "qAttached"))
                send_packet(g, "1");
            else if (!strncmp(p, "qRcmd,", 6))
                cmd_monitor(g, p + 6);
            else
                send_packet(g, "");
            break;
        case 'Q':
            if (!strcmp(p, "QStartNoAckMode")) {
                send_packet(g, "OK");
                g->noack = true;
            } else {
                send_packet(g, "");
            }
            break;
        default:
            send_packet(g, "");
            break;
        }
    }
}

static void accept_conn(struct gdbstub *g)
{
    int fd = accept(g->lfd, NULL, NULL);
    if (fd < 0)
        return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    g->fd = fd;
    g->noack = false;
    g->in_len = g->in_pos = 0;
    /* gdb asks '?' first: the machine is stopped where it is. */
    g->pending = STOP_TRAP;
    g->reason[0] = '\0';
    g->stopped_announce = false;
}

/* While running: a new connection, or Ctrl-C on the current one. */
static void poll_sockets(struct gdbstub *g)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    long ms = (now.tv_sec - g->last_poll.tv_sec) * 1000 +
              (now.tv_nsec - g->last_poll.tv_nsec) / 1000000;
    if (ms < POLL_MS)
        return;
    g->last_poll = now;
    struct pollfd p = { .fd = g->fd >= 0 ? g->fd : g->lfd, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0)
        return;
    if (g->fd < 0) {
        accept_conn(g);
        return;
    }
    unsigned char c;
    ssize_t n = read(g->fd, &c, 1);
    if (n <= 0) {
        hangup(g);
        forget_debugger(g);
    } else if (c == 0x03) {
        stop_for(g, STOP_INT, "");
    }
}

void gdbstub_serve(struct gdbstub *g)
{
    if (g->wait_first) {
        g->wait_first = false;
        fprintf(stderr, "simscm: waiting for gdb on 127.0.0.1:%u\n", g->port);
        accept_conn(g);
    } else if (!g->pending) {
        poll_sockets(g);
    }
    if (!g->pending || g->fd < 0) {
        g->pending = STOP_NONE;
        return;
    }
    if (g->stopped_announce)
        send_stop(g, g->pending);
    g->stopped_announce = true;
    command_loop(g);
    if (g->fd < 0)
        g->pending = STOP_NONE;     /* gdb left: run on */
}

void gdbstub_power_on(struct gdbstub *g)
{
    if (g->stop_on_power_on && g->fd >= 0) {
        stop_for(g, STOP_TRAP, "");
        g->stepping = false;
    }
}

static void poll_tick(void *opaque, uint64_t now)
{
    struct gdbstub *g = opaque;
    event_schedule(&g->m->clk, &g->poll_ev, now + clock_ns_to_cycles(&g->m->clk, POLL_US * 1000));
}

void gdbstub_attach(struct gdbstub *g, struct machine *m)
{
    g->m = m;
    g->poll_ev = (struct event){ .fn = poll_tick, .opaque = g, .name = "gdb-poll" };
    event_schedule(&m->clk, &g->poll_ev, clock_ns_to_cycles(&m->clk, POLL_US * 1000));
}

void gdbstub_close(struct gdbstub *g, int code)
{
    if (!g)
        return;
    if (g->fd >= 0) {
        char buf[8];
        snprintf(buf, sizeof buf, "W%02x", code & 0xff);
        send_packet(g, buf);
        hangup(g);
    }
    if (g->m)
        event_cancel(&g->m->clk, &g->poll_ev);
    close(g->lfd);
    free(g);
}
