/*
 * fault.h -- fault injection: parsing fault specs and firing them on time.
 *
 * A spec (docs/power.md has the grammar) is KIND:TRIGGER[,OPTION]...:
 *     cut:at=5ms   cut:insn=1000000,mode=sudden   cut:mtbf=200ms
 *     button:at=1ms   watchdog:at=30ms   bitflip:mtbf=1ms,bits=2,region=dram
 *     bug:id=3,p=0.25
 * They come from --fault and from [faults] inject; both are parsed by
 * fault_parse, which the config check and main.c use to reject a bad spec
 * before anything is built.
 *
 * Every fault draws its random numbers from its own stream, seeded from the
 * run's seed and the spec's text, so one seed gives the same faults at the
 * same instants, and adding a spec does not move the others.
 */
#ifndef SIMSCM_FAULT_H
#define SIMSCM_FAULT_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "simclock.h"
#include "platform.h"

struct machine;
struct config;
struct json;

#define FAULT_MAX       64
#define FAULT_SPEC_MAX  128

enum fault_kind { FK_CUT, FK_BUTTON, FK_WATCHDOG, FK_BITFLIP, FK_BUG, FK_COUNT };
enum fault_trigger { FT_AT, FT_INSN, FT_MTBF, FT_P, FT_WB, FT_WBON };

struct fault {
    char spec[FAULT_SPEC_MAX];
    enum fault_kind kind;
    enum fault_trigger trig;
    uint64_t at_ns;             /* FT_AT */
    uint64_t insn;              /* FT_INSN */
    uint64_t mtbf_ns;           /* FT_MTBF */
    uint64_t wb;                /* FT_WB, FT_WBON: after this many SCM write-backs */
    double p;                   /* FT_P */
    bool sudden;                /* cut: mode=sudden */
    char region[32];            /* bitflip: region name ("" = first DRAM region) */
    int region_index;
    unsigned bits;              /* bitflip: bits per event */
    int bug_id;                 /* bug */

    /* Run state */
    struct faults *owner;
    uint64_t rng;
    bool done;                  /* a one-shot fault has fired */
    struct event ev;
    uint64_t fired;
};

struct faults {
    struct machine *m;
    struct fault f[FAULT_MAX];
    int n;
    uint32_t bug_armed[BUG_IDS];    /* strikes waiting for a STRIKE read */
    uint64_t injected[FK_COUNT];
    uint64_t skipped;               /* came due while the machine was off */
    uint64_t wb_total;              /* SCM write-backs in the run */
    uint64_t wb_at_warn, wb_at_on;  /* ... at the last warning, the last power-on */
    uint64_t bug_strikes;
};

/*
 * Parse one spec against cfg (for region names).  0, or -1 with a message
 * in err that quotes the spec and says what is wrong.
 */
int  fault_parse(const char *spec, const struct config *cfg, struct fault *out,
                 char *err, size_t errlen);
/* A TIME of the spec grammar (5ms, 250us): ns in *ns, or -1 with err set. */
int  fault_parse_time(const char *s, uint64_t *ns, char *err, size_t errlen);
/* Split a whitespace-separated list and check each spec; -1 with err set
 * at the first bad one. */
int  fault_check_list(const char *list, const struct config *cfg, char *err, size_t errlen);

/* Set up the faults of the config's list and of specs[] (already checked). */
void fault_init(struct faults *fs, struct machine *m, const char *const *specs, int nspecs);
/* A fault asked for while the machine runs (the monitor's inject, the
 * window's buttons): at= and insn= count from now ("at=now" is allowed).
 * An at= fault is logged with its absolute time, so --fault with the
 * logged spec repeats the run.  0, or -1 with err set. */
int  fault_add_live(struct faults *fs, const char *spec, char *err, size_t errlen);
/* The machine powered on (the first time too): schedule the faults that
 * count from power-on. */
void fault_power_on(struct faults *fs);
/* The power was cut: the faults that count from power-on wait for the next. */
void fault_power_cut(struct faults *fs);
/* A power-fail warning was raised (wb= counts from here). */
void fault_power_warn(struct faults *fs);
/* The machine's instruction count hit `instret`: fire the instruction
 * triggers due there.  Returns how many fired. */
int  fault_insn_due(struct faults *fs, uint64_t instret);
/* The smallest pending instruction trigger (UINT64_MAX: none). */
uint64_t fault_next_insn(const struct faults *fs);
/* The bug trigger's question: does bug id strike now?  Each call decides
 * once (and is logged when it strikes). */
bool fault_bug_strike(struct faults *fs, unsigned id);
void fault_stats_json(const struct faults *fs, struct json *j);
void fault_free(struct faults *fs);

#endif
