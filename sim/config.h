/*
 * config.h -- the machine description read from an INI file (libinih).
 *
 * Every key has a default (config_defaults) and a unit in its name
 * (read_ns, size_mib, freq_mhz).  docs/config.md documents each key; the
 * parser (config.c) is table-driven, so a key is one row there.
 *
 * Errors are the user's, not ours: config_load prints
 *     FILE:LINE: KEY: what is wrong
 * on stderr and returns -1; the caller exits with EXIT_USAGE (2).
 */
#ifndef SIMSCM_CONFIG_H
#define SIMSCM_CONFIG_H

#include <stdint.h>
#include <stdbool.h>
#include "mem/bus.h"

#define CONFIG_MAX_REGIONS BUS_MAX_REGIONS
#define CONFIG_MAX_ORIGINS 256

struct region_config {
    char name[32];
    enum region_kind kind;
    uint64_t base;
    uint64_t size;              /* bytes (from size_mib) */
    uint32_t read_ns, write_ns;
    bool row_buffer;            /* optional row-buffer model */
    uint32_t row_hit_ns;        /* latency on a row-buffer hit */
    uint32_t row_bytes;         /* row (page) size of the row buffer */
    char image[256];            /* SCM: host file backing the durable contents ("" = none) */
    int line;                   /* line of the section header, for errors */
    int base_line, size_line;
    /* Set when the config names the key, so changing `kind` only moves the
     * latencies that were left at their defaults. */
    bool read_ns_given, write_ns_given, row_hit_ns_given;
};

struct cache_config {
    bool enabled;
    uint32_t size;              /* bytes (from size_kib) */
    uint32_t ways;
    uint32_t line_bytes;
    uint32_t hit_cycles;
    int line;
};

struct cpu_config {
    uint32_t freq_mhz;
    bool timing;                /* cycle-approximate model on/off */
    /* Cycles per retired instruction of each class (timing mode). */
    uint32_t alu_cycles, mul_cycles, div_cycles;
    uint32_t branch_cycles;             /* any branch or jump */
    uint32_t mispredict_penalty_cycles; /* extra on a mispredicted branch */
    uint32_t predictor_entries;         /* bimodal predictor size, power of two */
    uint32_t load_use_cycles;           /* extra when the next insn uses a load's result */
    uint32_t csr_cycles, fence_cycles, amo_cycles, system_cycles;
};

struct power_config {
    bool flush_on_fail;         /* platform writes dirty lines back at the cut (eADR) */
    uint32_t residual_us;       /* warning-to-cut window; 0 = sudden loss */
    uint32_t off_ms;            /* how long the machine stays off after a cut */
};

struct console_config {
    uint32_t input_gap_us;      /* scripted input: simulated gap between characters */
};

/* The request channel's simulated client (sim/devices/reqchan.c). */
struct reqchan_config {
    uint32_t rate_per_ms;       /* requests per simulated ms; 0 = the client is idle */
    uint32_t keys;              /* keys are drawn from [0, keys) */
    uint32_t start_ms;          /* simulated time of the first request */
    bool log_requests;          /* write every request into the stats (large) */
};

/* The virtio block device (sim/devices/virtio_blk.c, docs/disk.md). */
enum disk_model { DISK_SSD, DISK_HDD };

struct disk_config {
    char image[256];            /* raw image file; "" = no disk (an empty virtio slot) */
    enum disk_model model;      /* picks the latencies that were not given */
    uint32_t read_us, write_us;             /* per request */
    uint32_t read_ns_per_kib, write_ns_per_kib;  /* per KiB moved (the bandwidth) */
    uint32_t flush_us;                      /* per FLUSH */
    uint32_t cut_survive_percent;   /* chance a queued, uncompleted write lands at a cut */
    char serial[21];            /* VIRTIO_BLK_T_GET_ID answer (20 bytes at most) */
    /* Set when the config names the key, so `model` only moves the
     * latencies that were left at their defaults. */
    bool read_us_given, write_us_given, read_ns_per_kib_given, write_ns_per_kib_given,
         flush_us_given;
};

struct config {
    char path[256];
    uint64_t seed;
    uint64_t max_insns;         /* 0 = no limit */
    uint64_t max_time_us;       /* simulated time limit; 0 = none */
    struct cpu_config cpu;
    struct cache_config l1i, l1d, l2;
    struct region_config regions[CONFIG_MAX_REGIONS];
    int nregions;
    struct power_config power;
    struct console_config console;
    struct reqchan_config reqchan;
    struct disk_config disk;
    char guest_init[256];       /* [guest] init = "kvstore:p logger:n" */
    bool guest_default_persistent;
    uint32_t guest_fixpoint_ms; /* [guest] fixpoint_ms: the guest's fixpoint interval, 0 = none */
    char guest_recovery[16];    /* [guest] recovery: "powercycle" or "reboot" */
    char guest_persistence[16]; /* [guest] persistence: "instant", "reboot" or "checkpoint" */
    char faults_inject[1024];   /* [faults] inject: fault specs (sim/fault.h) */

    /* regions[] holds the built-in default (one 128 MiB DRAM region at
     * 0x80000000); the first [region] of a file or --set replaces it. */
    bool regions_default;
    /* Where each key was set, so config_validate can name the line:
     * line > 0 a line of `path`, line == -1 a --set option. */
    struct config_origin {
        char section[48];       /* "cpu", "cache l1d", "region dram" */
        char key[32];
        int line;
    } origins[CONFIG_MAX_ORIGINS];
    int norigins;
};

/* Fill every field with its default, including the default region (see
 * regions_default). */
void config_defaults(struct config *c);
/* Read path over the defaults.  0 on success, -1 after printing the error. */
int  config_load(struct config *c, const char *path);
/* Cross-key checks (overlaps, regions over devices, cache sizes) once all
 * keys are in.  0 on success, -1 after printing FILE:LINE: KEY: what. */
int  config_validate(const struct config *c);
/* Apply one "section.key=value" override from the command line (--set). */
int  config_set(struct config *c, const char *assignment);
/* Write the config as JSON (for --stats). */
struct json;
void config_to_json(const struct config *c, struct json *j);

#endif
