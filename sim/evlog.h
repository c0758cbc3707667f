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
    /* evlog_set_tap: every finished line also goes to tap (the window). */
    void (*tap)(void *opaque, const char *line);
    void *tap_opaque;
    char line[512];
    size_t len;
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

/* Hand every finished line (no newline) to tap(opaque, line) too. */
void evlog_set_tap(struct evlog *e, void (*tap)(void *, const char *), void *opaque);

/* How many lines of kind were logged (0 for a kind never seen). */
uint64_t evlog_count(const struct evlog *e, const char *kind);

#endif
