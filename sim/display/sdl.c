/*
 * sdl.c -- the console window (--display sdl; docs/display.md).
 *
 * One SDL2 window in three parts:
 *   console  the guest's UART output as an 80x25 text grid with scrollback,
 *            drawn with SDL2_ttf from DejaVu Sans Mono.  A small terminal:
 *            CR, LF, BS, tab, and the ANSI sequences a simple guest prints
 *            (ESC[...m colours, ESC[K, ESC[J, ESC[H and cursor moves); any
 *            other escape sequence is read to its end and dropped;
 *   panel    the machine's state: power (on / warned / off, colour-coded),
 *            simulated time, boot count, the page pools and process list
 *            the guest publishes in its status table (include/platform.h,
 *            STAT_*; docs/guestos.md), and the last events of the event log;
 *   buttons  the power button, a sudden cut and the faults --fault can
 *            inject (watchdog, bitflip, bug N), each also on a function key.
 *
 * How it runs: the run loop calls tick() once per turn, between two
 * instructions (m->ui_tick).  A turn comes at every event on the clock, and
 * the console's input poll is one every millisecond of simulated time, so
 * the window gets a turn at least that often.  tick() reads the host's
 * clock and
 *   - paces the run: when simulated time is ahead of the wall-clock time
 *     since the run began, it sleeps (still drawing) until it is not; when
 *     the run is slower than real time it lets it go and forgets the debt,
 *     so the run is never ahead of the wall clock by more than a frame;
 *   - every FRAME_MS: takes the window's events (keys, clicks, close),
 *     reads the status table and redraws.
 * It only reads the machine's state, except for what the user does: typed
 * keys go to console_key (the terminal's path, Ctrl-A escapes included),
 * the power buttons take the Ctrl-A p / Ctrl-A k path, and the fault
 * buttons call fault_add_live, which adds exactly the fault that
 * --fault KIND:at=NOW would.  So a run with the window has the cycles,
 * output and stats of a headless run with the same input.
 */
#include "display/sdl.h"
#include "machine.h"
#include "platform.h"
#include "devices/console.h"
#include "mem/region.h"
#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FONT_PATH   "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
#define FONT_PT     14
#define COLS        80          /* console grid */
#define ROWS        25
#define HIST        1000        /* lines kept, the screen's included */
#define PANEL_COLS  58
#define PANEL_ROWS  31
#define PAD         8           /* pixels around each part */
#define NEVENTS     9           /* events the panel shows */
#define NPROCS_SHOWN 9
#define FRAME_MS    33          /* ~30 redraws per second */
#define CTRL_A      0x01

/* Colours.  The power indicator's three are used by nothing else, so a
 * screenshot can find them (tests/display). */
struct rgb { uint8_t r, g, b; };
static const struct rgb col_console_bg = { 12, 12, 20 };
static const struct rgb col_panel_bg   = { 28, 30, 40 };
static const struct rgb col_text       = { 205, 205, 205 };
static const struct rgb col_dim        = { 130, 132, 150 };
static const struct rgb col_head       = { 150, 185, 255 };
static const struct rgb col_warn_text  = { 255, 120, 100 };
static const struct rgb col_button     = { 60, 64, 84 };
static const struct rgb col_button_hi  = { 120, 128, 170 };
static const struct rgb col_border     = { 110, 115, 140 };
static const struct rgb col_bar        = { 90, 140, 220 };
static const struct rgb col_power_on   = { 40, 200, 80 };
static const struct rgb col_power_warn = { 240, 170, 0 };
static const struct rgb col_power_off  = { 220, 40, 40 };
/* ANSI colours 0-7 and their bright forms 8-15. */
static const struct rgb ansi[16] = {
    { 0, 0, 0 }, { 205, 49, 49 }, { 13, 188, 121 }, { 229, 229, 16 },
    { 36, 114, 200 }, { 188, 63, 188 }, { 17, 168, 205 }, { 205, 205, 205 },
    { 102, 102, 102 }, { 241, 76, 76 }, { 35, 209, 139 }, { 245, 245, 67 },
    { 59, 142, 234 }, { 214, 112, 214 }, { 41, 184, 219 }, { 255, 255, 255 },
};
#define FG_DEFAULT 7

enum action { ACT_POWER, ACT_CUT, ACT_WATCHDOG, ACT_BITFLIP, ACT_BUG, ACT_BUG_DOWN,
              ACT_BUG_UP, ACT_COUNT };

static const struct {
    const char *label;          /* %d: the bug number */
    SDL_Keycode key;
} buttons[ACT_COUNT] = {
    [ACT_POWER]    = { "F1 Power", SDLK_F1 },
    [ACT_CUT]      = { "F2 Cut", SDLK_F2 },
    [ACT_WATCHDOG] = { "F3 Watchdog", SDLK_F3 },
    [ACT_BITFLIP]  = { "F4 Bitflip", SDLK_F4 },
    [ACT_BUG]      = { "F5 Bug %d", SDLK_F5 },
    [ACT_BUG_DOWN] = { "F6 -", SDLK_F6 },
    [ACT_BUG_UP]   = { "F7 +", SDLK_F7 },
};

struct cell {
    char ch;
    uint8_t fg;
};

/* What the guest's status table said last time it was readable. */
struct snapshot {
    bool valid;
    uint32_t nproc;
    uint64_t scm_total, scm_free, dram_total, dram_free;
    struct {
        uint32_t pid;
        uint8_t state, persistent;
        char name[STAT_NAME_LEN + 1];
    } proc[STAT_MAX_PROCS];
};

struct display {
    SDL_Window *win;
    SDL_Renderer *ren;
    TTF_Font *font;
    SDL_Texture *glyphs;        /* ASCII 32..126 in a row, white on clear */
    int cw, ch;                 /* cell size in pixels */
    int con_x, con_y, con_w, con_h, panel_x, panel_w, win_w, win_h, bar_y;
    SDL_Rect button_rect[ACT_COUNT];
    int flash[ACT_COUNT];       /* frames a clicked button stays lit */

    struct machine *m;

    /* The console: a ring of HIST lines; line n is at lines[n % HIST]. */
    struct cell lines[HIST][COLS];
    uint64_t last;              /* the bottom line in use */
    uint64_t cy;                /* cursor line (absolute) and column */
    int cx;
    uint8_t fg;
    int scroll;                 /* lines scrolled back from the bottom */
    enum { ESC_NONE, ESC_START, ESC_CSI } esc;
    char csi[32];
    int csi_len;

    /* The panel. */
    char events[NEVENTS][PANEL_COLS + 1];
    bool event_err[NEVENTS];
    int nevents;                /* total seen; the last NEVENTS are kept */
    struct snapshot snap;
    const char *table_problem;  /* why a published table cannot be read */
    int bug_id;

    /* Pacing: the run's simulated time t should come at host time t + offset. */
    bool paced;
    int64_t offset_ns;
    uint64_t last_frame_ns;
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the console's text grid ------------------------------------------- */

static struct cell *line_at(struct display *d, uint64_t n)
{
    return d->lines[n % HIST];
}

static void clear_line(struct display *d, uint64_t n, int from)
{
    struct cell *l = line_at(d, n);
    for (int i = from; i < COLS; i++)
        l[i] = (struct cell){ ' ', FG_DEFAULT };
}

/* The first line of the screen (the bottom ROWS lines). */
static uint64_t screen_top(const struct display *d)
{
    return d->last >= ROWS - 1 ? d->last - (ROWS - 1) : 0;
}

static void line_feed(struct display *d)
{
    d->cy++;
    while (d->last < d->cy) {
        d->last++;
        clear_line(d, d->last, 0);
    }
}

/* ESC [ params final: the few sequences a simple guest prints. */
static void csi(struct display *d, char final)
{
    int p[4] = { 0 }, np = 0;
    d->csi[d->csi_len] = '\0';
    for (char *s = d->csi; *s && np < 4;) {
        p[np++] = (int)strtol(s, &s, 10);
        if (*s == ';')
            s++;
        else
            break;
    }
    int n = p[0] > 0 ? p[0] : 1;
    uint64_t top = screen_top(d);
    switch (final) {
    case 'm':                   /* colours */
        for (int i = 0; i < (np ? np : 1); i++) {
            if (p[i] == 0)
                d->fg = FG_DEFAULT;
            else if (p[i] == 1 && d->fg < 8)
                d->fg += 8;
            else if (p[i] >= 30 && p[i] <= 37)
                d->fg = (uint8_t)((d->fg >= 8 ? 8 : 0) + p[i] - 30);
            else if (p[i] >= 90 && p[i] <= 97)
                d->fg = (uint8_t)(8 + p[i] - 90);
            else if (p[i] == 39)
                d->fg = FG_DEFAULT;
        }
        break;
    case 'K':                   /* erase to the end of the line (0) or all of it (2) */
        clear_line(d, d->cy, p[0] == 2 ? 0 : d->cx);
        break;
    case 'J':                   /* 2: clear the screen */
        if (p[0] == 2 || p[0] == 3)
            for (uint64_t l = top; l <= d->last; l++)
                clear_line(d, l, 0);
        break;
    case 'H':
    case 'f': {                 /* cursor to row;col, from 1 */
        int r = p[0] > 0 ? p[0] - 1 : 0, c = p[1] > 0 ? p[1] - 1 : 0;
        d->cy = top + (uint64_t)(r < ROWS ? r : ROWS - 1);
        d->cx = c < COLS ? c : COLS - 1;
        break;
    }
    case 'A':
        d->cy = d->cy >= top + (uint64_t)n ? d->cy - (uint64_t)n : top;
        break;
    case 'B':
        d->cy = d->cy + (uint64_t)n <= d->last ? d->cy + (uint64_t)n : d->last;
        break;
    case 'C':
        d->cx = d->cx + n < COLS ? d->cx + n : COLS - 1;
        break;
    case 'D':
        d->cx = d->cx > n ? d->cx - n : 0;
        break;
    default:                    /* anything else: dropped */
        break;
    }
}

/* One character from the guest (the console's tap). */
static void con_putc(void *opaque, uint8_t c)
{
    struct display *d = opaque;
    if (d->esc == ESC_START) {
        d->esc = c == '[' ? ESC_CSI : ESC_NONE;     /* ESC x: dropped */
        d->csi_len = 0;
        return;
    }
    if (d->esc == ESC_CSI) {
        if (c >= 0x40 && c <= 0x7e) {
            d->esc = ESC_NONE;
            csi(d, (char)c);
        } else if (d->csi_len < (int)sizeof d->csi - 1) {
            d->csi[d->csi_len++] = (char)c;
        }
        return;
    }
    switch (c) {
    case 0x1b:
        d->esc = ESC_START;
        return;
    case '\r':
        d->cx = 0;
        return;
    case '\n':
        line_feed(d);
        d->cx = 0;
        return;
    case '\b':
        if (d->cx > 0)
            d->cx--;
        return;
    case '\t':
        d->cx = (d->cx + 8) & ~7;
        if (d->cx >= COLS)
            d->cx = COLS - 1;
        return;
    default:
        break;
    }
    if (c < 0x20 || c >= 0x7f)
        return;                 /* other controls and non-ASCII bytes */
    if (d->cx >= COLS) {
        line_feed(d);
        d->cx = 0;
    }
    line_at(d, d->cy)[d->cx++] = (struct cell){ (char)c, d->fg };
}

/* ---- the panel's event list -------------------------------------------- */

static void add_event(struct display *d, const char *text, bool err)
{
    int i = d->nevents++ % NEVENTS;
    size_t n = strnlen(text, PANEL_COLS);
    memcpy(d->events[i], text, n);
    d->events[i][n] = '\0';
    d->event_err[i] = err;
}

/* One event-log line (the event log's tap): {"t_ns":N,"event":"K",...}
 * shown as "  12.345ms K key=value ...". */
static void ev_line(void *opaque, uint64_t t, const char *kind, const char *fields)
{
    struct display *d = opaque;
    char out[256];
    snprintf(out, sizeof out, "%5llu.%03llums %s%s", (unsigned long long)(t / 1000000),
             (unsigned long long)(t / 1000 % 1000), kind, fields);
    add_event(d, out, false);
}

/* ---- the guest's status table ------------------------------------------ */

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Read the table the guest published, if any.  A table caught in the
 * middle of a rewrite (SEQ odd) keeps the last snapshot. */
static void read_table(struct display *d)
{
    struct machine *m = d->m;
    uint64_t pa = m->guest_status;
    d->table_problem = NULL;
    if (!pa) {
        d->snap.valid = false;
        return;
    }
    struct region *r = bus_region(&m->bus, pa, STAT_SIZE);
    if (!r) {
        d->table_problem = "status table outside memory";
        d->snap.valid = false;
        return;
    }
    const uint8_t *t = r->mem + (pa - r->base);
    if (rd32(t + STAT_MAGIC) != STAT_MAGIC_VALUE || rd32(t + STAT_VERSION) != 1) {
        d->table_problem = "status table: bad magic or version";
        d->snap.valid = false;
        return;
    }
    uint32_t seq = rd32(t + STAT_SEQ);
    if (seq & 1)
        return;
    struct snapshot *s = &d->snap;
    s->nproc = rd32(t + STAT_NPROC);
    if (s->nproc > STAT_MAX_PROCS)
        s->nproc = STAT_MAX_PROCS;
    s->scm_total = rd64(t + STAT_SCM_TOTAL);
    s->scm_free = rd64(t + STAT_SCM_FREE);
    s->dram_total = rd64(t + STAT_DRAM_TOTAL);
    s->dram_free = rd64(t + STAT_DRAM_FREE);
    for (uint32_t i = 0; i < s->nproc; i++) {
        const uint8_t *e = t + STAT_PROCS + i * STAT_ENTRY;
        s->proc[i].pid = rd32(e + STAT_E_PID);
        s->proc[i].state = e[STAT_E_STATE];
        s->proc[i].persistent = e[STAT_E_PERSIST];
        memcpy(s->proc[i].name, e + STAT_E_NAME, STAT_NAME_LEN);
        s->proc[i].name[STAT_NAME_LEN] = '\0';
        for (char *c = s->proc[i].name; *c; c++)
            if (*c < 0x20 || *c >= 0x7f)
                *c = '?';
    }
    s->valid = true;
}

/* ---- drawing ----------------------------------------------------------- */

static void set_colour(struct display *d, struct rgb c)
{
    SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, 255);
}

static void fill(struct display *d, int x, int y, int w, int h, struct rgb c)
{
    SDL_Rect r = { x, y, w, h };
    set_colour(d, c);
    SDL_RenderFillRect(d->ren, &r);
}

/* Text at pixel (x, y), at most max characters. */
static void text(struct display *d, int x, int y, const char *s, int max, struct rgb c)
{
    SDL_SetTextureColorMod(d->glyphs, c.r, c.g, c.b);
    for (int i = 0; s[i] && i < max; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= ' ' || ch > '~')
            continue;
        SDL_Rect src = { (ch - 32) * d->cw, 0, d->cw, d->ch };
        SDL_Rect dst = { x + i * d->cw, y, d->cw, d->ch };
        SDL_RenderCopy(d->ren, d->glyphs, &src, &dst);
    }
}

static void draw_console(struct display *d)
{
    fill(d, d->con_x - PAD, d->con_y - PAD, d->con_w + 2 * PAD, d->con_h + 2 * PAD,
         col_console_bg);
    uint64_t top = screen_top(d);
    uint64_t kept = d->last + 1 < HIST ? d->last + 1 : HIST;
    uint64_t back = (uint64_t)d->scroll;
    if (back > kept - (kept < ROWS ? kept : ROWS))
        back = kept - (kept < ROWS ? kept : ROWS);
    d->scroll = (int)back;
    top -= back < top ? back : top;
    for (int r = 0; r < ROWS && top + (uint64_t)r <= d->last; r++) {
        const struct cell *l = line_at(d, top + (uint64_t)r);
        int y = d->con_y + r * d->ch;
        /* Runs of one colour, drawn as one string. */
        for (int c = 0; c < COLS;) {
            char run[COLS + 1];
            int n = 0;
            uint8_t fg = l[c].fg;
            while (c + n < COLS && l[c + n].fg == fg) {
                run[n] = l[c + n].ch;
                n++;
            }
            run[n] = '\0';
            text(d, d->con_x + c * d->cw, y, run, n, ansi[fg & 15]);
            c += n;
        }
    }
    /* The cursor, a bar under its cell, when the bottom is in view. */
    if (!d->scroll && d->cy >= top && d->cy <= d->last && d->cx < COLS)
        fill(d, d->con_x + d->cx * d->cw, d->con_y + (int)(d->cy - top + 1) * d->ch - 2,
             d->cw, 2, col_text);
    if (d->scroll) {
        char s[48];
        snprintf(s, sizeof s, "[scrolled back %d lines]", d->scroll);
        text(d, d->con_x + (COLS - (int)strlen(s)) * d->cw, d->con_y, s, COLS, col_head);
    }
}

static void button_label(struct display *d, int a, char *buf, size_t len)
{
    snprintf(buf, len, buttons[a].label, d->bug_id);
}

static void draw_buttons(struct display *d)
{
    for (int a = 0; a < ACT_COUNT; a++) {
        SDL_Rect *r = &d->button_rect[a];
        char label[32];
        button_label(d, a, label, sizeof label);
        fill(d, r->x, r->y, r->w, r->h, d->flash[a] ? col_button_hi : col_button);
        set_colour(d, col_border);
        SDL_RenderDrawRect(d->ren, r);
        text(d, r->x + d->cw / 2 + 2, r->y + (r->h - d->ch) / 2, label, 32, col_text);
        if (d->flash[a])
            d->flash[a]--;
    }
}

/* "used/total pages (N%)" and a bar. */
static void pool_line(struct display *d, int x, int y, const char *name, uint64_t total,
                      uint64_t nfree)
{
    char s[PANEL_COLS + 1];
    uint64_t used = total >= nfree ? total - nfree : 0;
    if (!total) {
        snprintf(s, sizeof s, "%-5s none", name);
        text(d, x, y, s, PANEL_COLS, col_dim);
        return;
    }
    snprintf(s, sizeof s, "%-5s %llu/%llu pages (%llu%%)", name, (unsigned long long)used,
             (unsigned long long)total, (unsigned long long)(used * 100 / total));
    text(d, x, y, s, 34, col_text);
    int bx = x + 36 * d->cw, bw = (PANEL_COLS - 37) * d->cw;
    fill(d, bx, y + 3, bw, d->ch - 6, col_button);
    fill(d, bx, y + 3, (int)((uint64_t)bw * used / total), d->ch - 6, col_bar);
}

static const char *state_name(uint8_t s)
{
    static const char *const names[] = {
        [STAT_P_NEW] = "new", [STAT_P_RUNNABLE] = "runnable", [STAT_P_RUNNING] = "running",
        [STAT_P_SLEEPING] = "sleeping", [STAT_P_ZOMBIE] = "zombie",
    };
    return s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static void draw_panel(struct display *d)
{
    struct machine *m = d->m;
    const struct psu *p = &m->psu;
    int x = d->panel_x, y = PAD, ch = d->ch;
    char s[128];
    fill(d, x - PAD, 0, d->panel_w + 2 * PAD, d->win_h, col_panel_bg);

    /* Power: the indicator box, then what it means. */
    struct rgb ind = !p->on ? col_power_off : p->failing ? col_power_warn : col_power_on;
    const char *state = !p->on ? "OFF" : p->failing ? "WARNED (power failing)" : "ON";
    fill(d, x, y + 1, 3 * d->cw, ch - 2, ind);
    snprintf(s, sizeof s, "power %s", state);
    text(d, x + 4 * d->cw, y, s, PANEL_COLS - 4, col_text);
    y += ch;
    uint64_t ns = psu_now_ns(p);
    snprintf(s, sizeof s, "time  %llu.%06llu s (simulated)", (unsigned long long)(ns / 1000000000u),
             (unsigned long long)(ns / 1000 % 1000000));
    text(d, x, y, s, PANEL_COLS, col_text);
    y += ch;
    snprintf(s, sizeof s, "boots %u (last: %s)", p->boots, psu_boot_reason_name(p->boot_reason));
    text(d, x, y, s, PANEL_COLS, col_text);
    y += 2 * ch;

    const struct snapshot *sn = &d->snap;
    text(d, x, y, "pools", PANEL_COLS, col_head);
    y += ch;
    if (sn->valid) {
        pool_line(d, x, y, "SCM", sn->scm_total, sn->scm_free);
        pool_line(d, x, y + ch, "DRAM", sn->dram_total, sn->dram_free);
    } else {
        text(d, x, y, d->table_problem ? d->table_problem : "no pool use published",
             PANEL_COLS, d->table_problem ? col_warn_text : col_dim);
    }
    y += 3 * ch;

    text(d, x, y, "processes", PANEL_COLS, col_head);
    y += ch;
    if (sn->valid) {
        text(d, x, y, "  PID NAME             STATE     PERSISTENT", PANEL_COLS, col_dim);
        y += ch;
        uint32_t n = sn->nproc < NPROCS_SHOWN ? sn->nproc : NPROCS_SHOWN;
        if (sn->nproc > NPROCS_SHOWN)
            n--;
        for (uint32_t i = 0; i < n; i++) {
            snprintf(s, sizeof s, "%5u %-16s %-9s %s", sn->proc[i].pid, sn->proc[i].name,
                     state_name(sn->proc[i].state), sn->proc[i].persistent ? "yes" : "no");
            text(d, x, y + (int)i * ch, s, PANEL_COLS, col_text);
        }
        if (sn->nproc > NPROCS_SHOWN) {
            snprintf(s, sizeof s, "  ... %u more", sn->nproc - n);
            text(d, x, y + (int)n * ch, s, PANEL_COLS, col_dim);
        } else if (!sn->nproc) {
            text(d, x, y, "  none", PANEL_COLS, col_dim);
        }
    } else {
        text(d, x, y, d->table_problem ? d->table_problem : "no process list published",
             PANEL_COLS, d->table_problem ? col_warn_text : col_dim);
    }
    y = PAD + (PANEL_ROWS - NEVENTS - 1) * ch;

    text(d, x, y, "events", PANEL_COLS, col_head);
    y += ch;
    int first = d->nevents > NEVENTS ? d->nevents - NEVENTS : 0;
    for (int i = first; i < d->nevents; i++, y += ch)
        text(d, x, y, d->events[i % NEVENTS], PANEL_COLS,
             d->event_err[i % NEVENTS] ? col_warn_text : col_text);
}

static void draw(struct display *d)
{
    set_colour(d, col_console_bg);
    SDL_RenderClear(d->ren);
    draw_console(d);
    draw_buttons(d);
    draw_panel(d);
    SDL_RenderPresent(d->ren);
}

/* ---- the user's actions ------------------------------------------------ */

static void act(struct display *d, int a)
{
    struct console *c = d->m->console;
    char what[32], err[300];
    d->flash[a] = 4;
    switch (a) {
    case ACT_POWER:             /* exactly Ctrl-A p and Ctrl-A k */
    case ACT_CUT:
        console_key(c, CTRL_A);
        console_key(c, a == ACT_POWER ? 'p' : 'k');
        return;
    case ACT_BUG_DOWN:
        d->bug_id = (d->bug_id + BUG_IDS - 1) % BUG_IDS;
        return;
    case ACT_BUG_UP:
        d->bug_id = (d->bug_id + 1) % BUG_IDS;
        return;
    case ACT_WATCHDOG:
        snprintf(what, sizeof what, "watchdog:at=now");
        break;
    case ACT_BITFLIP:
        snprintf(what, sizeof what, "bitflip:at=now");
        break;
    default:
        snprintf(what, sizeof what, "bug:at=now,id=%d", d->bug_id);
        break;
    }
    if (fault_add_live(&d->m->faults, what, err, sizeof err) < 0) {
        fprintf(stderr, "simscm: window: %s\n", err);
        add_event(d, err, true);
    }
}

/* A key pressed in the window: function keys are the buttons; the rest
 * goes to the guest as a terminal would send it. */
static void key_down(struct display *d, const SDL_Keysym *k)
{
    struct console *c = d->m->console;
    for (int a = 0; a < ACT_COUNT; a++) {
        if (k->sym == buttons[a].key) {
            act(d, a);
            return;
        }
    }
    if ((k->mod & KMOD_SHIFT) && (k->sym == SDLK_PAGEUP || k->sym == SDLK_PAGEDOWN)) {
        d->scroll += (k->sym == SDLK_PAGEUP ? 1 : -1) * (ROWS - 1);
        if (d->scroll < 0)
            d->scroll = 0;
        return;
    }
    int ch = -1;
    if ((k->mod & KMOD_CTRL) && k->sym >= SDLK_a && k->sym <= SDLK_z)
        ch = (k->sym - SDLK_a) + 1;
    else if (k->sym == SDLK_RETURN || k->sym == SDLK_KP_ENTER)
        ch = '\r';
    else if (k->sym == SDLK_BACKSPACE)
        ch = 0x7f;
    else if (k->sym == SDLK_TAB)
        ch = '\t';
    else if (k->sym == SDLK_ESCAPE)
        ch = 0x1b;
    if (ch >= 0) {
        d->scroll = 0;
        console_key(c, (uint8_t)ch);
    }
}

static void click(struct display *d, int x, int y)
{
    SDL_Point pt = { x, y };
    for (int a = 0; a < ACT_COUNT; a++)
        if (SDL_PointInRect(&pt, &d->button_rect[a]))
            act(d, a);
}

static void handle_events(struct display *d)
{
    SDL_Event ev;
    struct console *c = d->m->console;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:          /* the window closed: as Ctrl-A x */
            console_key(c, CTRL_A);
            console_key(c, 'x');
            break;
        case SDL_KEYDOWN:
            key_down(d, &ev.key.keysym);
            break;
        case SDL_TEXTINPUT:
            d->scroll = 0;
            for (const char *s = ev.text.text; *s; s++)
                if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
                    console_key(c, (uint8_t)*s);
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (ev.button.button == SDL_BUTTON_LEFT)
                click(d, ev.button.x, ev.button.y);
            break;
        case SDL_MOUSEWHEEL:
            d->scroll += ev.wheel.y * 3;
            if (d->scroll < 0)
                d->scroll = 0;
            break;
        default:
            break;
        }
    }
}

static void frame(struct display *d, uint64_t now)
{
    d->last_frame_ns = now;
    handle_events(d);
    read_table(d);
    draw(d);
}

/* ---- the run loop's hook ----------------------------------------------- */

static void tick(void *opaque)
{
    struct display *d = opaque;
    struct machine *m = d->m;
    const int64_t frame_ns = FRAME_MS * 1000000ll;
    uint64_t now = host_ns();
    int64_t sim = (int64_t)psu_now_ns(&m->psu);
    if (!d->paced) {
        d->paced = true;
        d->offset_ns = (int64_t)now - sim;
    }
    /* Behind the wall clock by more than a frame: forget the debt. */
    if (sim + d->offset_ns < (int64_t)now - frame_ns)
        d->offset_ns = (int64_t)now - frame_ns - sim;
    /* Ahead: wait, still drawing, until the wall clock catches up. */
    for (;;) {
        int64_t ahead = sim + d->offset_ns - (int64_t)now;
        if (now - d->last_frame_ns >= (uint64_t)frame_ns)
            frame(d, now);
        if (ahead <= 0 || m->req != MACHINE_REQ_NONE)
            break;
        int64_t until_frame = (int64_t)(d->last_frame_ns + (uint64_t)frame_ns) - (int64_t)now;
        int64_t wait = ahead < until_frame ? ahead : until_frame;
        if (wait > 0) {
            struct timespec ts = { wait / 1000000000, wait % 1000000000 };
            nanosleep(&ts, NULL);
        }
        now = host_ns();
    }
}

/* ---- open, attach, close ----------------------------------------------- */

static int make_glyphs(struct display *d)
{
    SDL_Color white = { 255, 255, 255, 255 };
    SDL_Surface *atlas = SDL_CreateRGBSurfaceWithFormat(0, 95 * d->cw, d->ch, 32,
                                                        SDL_PIXELFORMAT_ARGB8888);
    if (!atlas)
        return -1;
    SDL_FillRect(atlas, NULL, SDL_MapRGBA(atlas->format, 0, 0, 0, 0));
    for (int c = 32; c < 127; c++) {
        SDL_Surface *g = TTF_RenderGlyph_Blended(d->font, (Uint16)c, white);
        if (!g)
            continue;
        SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_NONE);
        SDL_Rect dst = { (c - 32) * d->cw, 0, g->w < d->cw ? g->w : d->cw,
                         g->h < d->ch ? g->h : d->ch };
        SDL_Rect src = { 0, 0, dst.w, dst.h };
        SDL_BlitSurface(g, &src, atlas, &dst);
        SDL_FreeSurface(g);
    }
    d->glyphs = SDL_CreateTextureFromSurface(d->ren, atlas);
    SDL_FreeSurface(atlas);
    if (!d->glyphs)
        return -1;
    SDL_SetTextureBlendMode(d->glyphs, SDL_BLENDMODE_BLEND);
    return 0;
}

static void layout(struct display *d)
{
    d->con_x = PAD;
    d->con_y = PAD;
    d->con_w = COLS * d->cw;
    d->con_h = ROWS * d->ch;
    d->bar_y = d->con_y + d->con_h + PAD + 6;
    int x = PAD, bh = d->ch + 10;
    for (int a = 0; a < ACT_COUNT; a++) {
        char label[32];
        button_label(d, a, label, sizeof label);
        int w = ((int)strlen(label) + 1) * d->cw + 4;
        if (a == ACT_BUG)
            w += d->cw;         /* room for a two-digit bug number */
        d->button_rect[a] = (SDL_Rect){ x, d->bar_y, w, bh };
        x += w + 6;
    }
    d->panel_x = d->con_x + d->con_w + 3 * PAD;
    d->panel_w = PANEL_COLS * d->cw;
    d->win_w = d->panel_x + d->panel_w + PAD;
    int h1 = d->bar_y + bh + PAD, h2 = PANEL_ROWS * d->ch + 2 * PAD;
    d->win_h = h1 > h2 ? h1 : h2;
}

static void fail(const char *what, const char *why)
{
    fprintf(stderr, "simscm: --display sdl: %s: %s\n", what, why);
}

struct display *display_sdl_open(void)
{
    struct display *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->fg = FG_DEFAULT;
    d->bug_id = 1;
    for (uint64_t l = 0; l < ROWS; l++)
        clear_line(d, l, 0);
    if (access(FONT_PATH, R_OK) != 0) {
        fprintf(stderr, "simscm: --display sdl: font %s: %s (Debian package "
                "fonts-dejavu-core)\n", FONT_PATH, strerror(errno));
        free(d);
        return NULL;
    }
    /* Ctrl-C in the terminal stays the default: it ends simscm. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* A real display only: SDL would fall back to an invisible offscreen
     * one.  SDL_VIDEODRIVER in the environment still overrides this. */
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    char drivers[32] = "";
    if (x && *x)
        strcat(drivers, "x11");
    if (wl && *wl)
        strcat(drivers, drivers[0] ? ",wayland" : "wayland");
    SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers[0] ? drivers : "none");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        const char *forced = getenv("SDL_VIDEODRIVER");
        fail("cannot open a display", drivers[0] || (forced && *forced) ? SDL_GetError() :
             "neither DISPLAY nor WAYLAND_DISPLAY is set");
        fprintf(stderr, "simscm: the window needs a graphical session; without one, "
                "use --display none (the default)\n");
        free(d);
        return NULL;
    }
    if (TTF_Init() != 0 || !(d->font = TTF_OpenFont(FONT_PATH, FONT_PT))) {
        fail(FONT_PATH, TTF_GetError());
        if (TTF_WasInit())
            TTF_Quit();
        SDL_Quit();
        free(d);
        return NULL;
    }
    int adv = 0;
    TTF_GlyphMetrics(d->font, 'M', NULL, NULL, NULL, NULL, &adv);
    d->cw = adv > 0 ? adv : FONT_PT * 6 / 10;
    d->ch = TTF_FontLineSkip(d->font);
    layout(d);
    d->win = SDL_CreateWindow("simscm", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              d->win_w, d->win_h, 0);
    if (d->win)
        d->ren = SDL_CreateRenderer(d->win, -1, 0);
    if (d->win && !d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
    if (!d->win || !d->ren || make_glyphs(d) < 0) {
        fail("cannot open the window", SDL_GetError());
        display_sdl_close(d);
        return NULL;
    }
    return d;
}

void display_sdl_attach(struct display *d, struct machine *m)
{
    d->m = m;
    console_set_tap(m->console, con_putc, d);
    evlog_add_mirror(&m->evlog, ev_line, d);
    m->ui_tick = tick;
    m->ui_opaque = d;
    frame(d, host_ns());
}

void display_sdl_close(struct display *d)
{
    if (!d)
        return;
    if (d->m) {
        console_set_tap(d->m->console, NULL, NULL);
        evlog_remove_mirror(&d->m->evlog, ev_line, d);
        d->m->ui_tick = NULL;
        d->m->ui_opaque = NULL;
    }
    if (d->glyphs)
        SDL_DestroyTexture(d->glyphs);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    if (d->font)
        TTF_CloseFont(d->font);
    if (TTF_WasInit())
        TTF_Quit();
    SDL_Quit();
    free(d);
}
