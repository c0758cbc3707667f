/*
 * evlog.h -- the event log: one JSON object per line (JSON Lines) for every
 * power event, injected fault, watchdog expiry, reset and guest milestone,
 * each with the simulated time at which the simulator acted (docs/power.md
 * lists every kind and field).
 *
 * A line is built field by field:
 *     evlog_begin(e, now_ns, "power_cut");
 *     evlog_str(e, "cause", "fault");
 *     evlog_bool(e, "warned", true);
 *     evlog_end(e);
 * The log counts every kind it is given even when no file was asked for
 * (--events), so the stats can report the counts.  Writing is buffered by
 * stdio; evlog_close flushes and reports a failed write once.
 */
#ifndef SIMSCM_EVLOG_H
#define SIMSCM_EVLOG_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#define EVLOG_MAX_KINDS 16
#define EVLOG_MAX_MIRRORS 2

/* A copy of every line in words, for the event trace (sim/trace.c):
 * fields is " key=value key=value". */
typedef void (*evlog_mirror_fn)(void *opaque, uint64_t t_ns, const char *kind,
                                const char *fields);

struct evlog {
    FILE *f;                    /* NULL: count only */
    char path[256];
    bool in_line;
    uint64_t last_ns;
    uint64_t lines;
    struct {
        const char *kind;
        uint64_t count;
    } kinds[EVLOG_MAX_KINDS];
    int nkinds;
    /* Copies of every line in words: the event trace and the SDL window. */
    struct {
        evlog_mirror_fn fn;
        void *opaque;
    } mirrors[EVLOG_MAX_MIRRORS];
    uint64_t line_ns;
    const char *line_kind;
    char text[512];             /* the mirror's copy of the line being built */
};

/* path NULL: count only.  0, or -1 after printing why the file cannot be
 * written. */
int  evlog_open(struct evlog *e, const char *path);
/* Flush and close; 0, or -1 after printing the error. */
int  evlog_close(struct evlog *e);

void evlog_begin(struct evlog *e, uint64_t t_ns, const char *kind);
void evlog_u64(struct evlog *e, const char *key, uint64_t v);
void evlog_hex(struct evlog *e, const char *key, uint64_t v);     /* "0x..." string */
void evlog_str(struct evlog *e, const char *key, const char *s);
void evlog_bool(struct evlog *e, const char *key, bool v);
void evlog_end(struct evlog *e);

/* Hand every finished line to fn as well (evlog_mirror_fn); and stop. */
void evlog_add_mirror(struct evlog *e, evlog_mirror_fn fn, void *opaque);
void evlog_remove_mirror(struct evlog *e, evlog_mirror_fn fn, void *opaque);
/* How many lines of kind were logged (0 for a kind never seen). */
uint64_t evlog_count(const struct evlog *e, const char *kind);

#endif
