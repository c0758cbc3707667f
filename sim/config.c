/*
 * config.c -- the INI reader for struct config (see config.h, docs/config.md).
 *
 * Table-driven: every key is one row of `keys` below (section, name, type,
 * where it lives, allowed range).  The same row serves the file parser,
 * --set and the JSON dump, so a new key is one row plus one line of docs.
 *
 * libinih splits lines into section / key / value.  Debian builds it without
 * line numbers in the handler and without a callback for a new section, so
 * the reader we give ini_parse_stream does two small jobs of its own: it
 * counts lines (errors must say FILE:LINE) and it notices section headers, so
 * that an empty or misspelled section is still reported and [region NAME]
 * creates its region even when it has no keys.
 *
 * Values: integers are decimal or 0x-hex, with optional '_' between digits
 * (0x1_0000_0000); the unit is in the key's name, so "512MB" is an error, not
 * a guess.  A minus sign is an error ("not a number >= 0").  Booleans are
 * on/off, true/false, yes/no, 1/0.  Strings may be double-quoted.
 *
 * Defaults live in config_defaults and kind_defaults, nowhere else.
 */
#include "config.h"
#include "mem/cache.h"
#include "fault.h"
#include "json.h"
#include "platform.h"
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MIB (1024ull * 1024)
#define KIB 1024ull

enum sec_kind {
    SEC_SIM, SEC_CPU, SEC_CACHE, SEC_REGION, SEC_POWER, SEC_CONSOLE, SEC_REQCHAN, SEC_GUEST,
    SEC_FAULTS, SEC_DISK,
};

enum val_type {
    V_U32, V_U64, V_BOOL, V_STR, V_PATH, V_KIND,
    V_DISKMODEL,    /* [disk] model: ssd or hdd */
    V_MIB,          /* u64 bytes, given in MiB */
    V_KIB,          /* u32 bytes, given in KiB */
};

struct key_def {
    enum sec_kind sec;
    const char *name;
    enum val_type type;
    size_t off;             /* into struct config, cache_config or region_config */
    size_t len;             /* string buffer size */
    uint64_t min, max;      /* integers: allowed range of the value as written */
};

#define CFG(f)  offsetof(struct config, f), sizeof(((struct config *)0)->f)
#define CACHE(f) offsetof(struct cache_config, f), sizeof(((struct cache_config *)0)->f)
#define REG(f)  offsetof(struct region_config, f), sizeof(((struct region_config *)0)->f)
#define ANY     0, UINT64_MAX

static const struct key_def keys[] = {
    { SEC_SIM, "seed",                      V_U64,  CFG(seed),                          ANY },
    { SEC_SIM, "max_insns",                 V_U64,  CFG(max_insns),                     ANY },
    { SEC_SIM, "max_time_us",               V_U64,  CFG(max_time_us),                   0, 1ull << 50 },

    { SEC_CPU, "freq_mhz",                  V_U32,  CFG(cpu.freq_mhz),                  1, 100000 },
    { SEC_CPU, "timing",                    V_BOOL, CFG(cpu.timing),                    0, 1 },
    { SEC_CPU, "alu_cycles",                V_U32,  CFG(cpu.alu_cycles),                1, 10000 },
    { SEC_CPU, "mul_cycles",                V_U32,  CFG(cpu.mul_cycles),                1, 10000 },
    { SEC_CPU, "div_cycles",                V_U32,  CFG(cpu.div_cycles),                1, 10000 },
    { SEC_CPU, "branch_cycles",             V_U32,  CFG(cpu.branch_cycles),             1, 10000 },
    { SEC_CPU, "mispredict_penalty_cycles", V_U32,  CFG(cpu.mispredict_penalty_cycles), 0, 10000 },
    { SEC_CPU, "predictor_entries",         V_U32,  CFG(cpu.predictor_entries),         1, 1u << 24 },
    { SEC_CPU, "load_use_cycles",           V_U32,  CFG(cpu.load_use_cycles),           0, 10000 },
    { SEC_CPU, "csr_cycles",                V_U32,  CFG(cpu.csr_cycles),                1, 10000 },
    { SEC_CPU, "fence_cycles",              V_U32,  CFG(cpu.fence_cycles),              1, 10000 },
    { SEC_CPU, "amo_cycles",                V_U32,  CFG(cpu.amo_cycles),                1, 10000 },
    { SEC_CPU, "system_cycles",             V_U32,  CFG(cpu.system_cycles),             1, 10000 },

    { SEC_CACHE, "enabled",                 V_BOOL, CACHE(enabled),                     0, 1 },
    { SEC_CACHE, "size_kib",                V_KIB,  CACHE(size),                        1, 1u << 20 },
    { SEC_CACHE, "ways",                    V_U32,  CACHE(ways),                        1, 1024 },
    { SEC_CACHE, "line_bytes",              V_U32,  CACHE(line_bytes),                  8, 4096 },
    { SEC_CACHE, "hit_cycles",              V_U32,  CACHE(hit_cycles),                  0, 1000 },

    { SEC_REGION, "kind",                   V_KIND, REG(kind),                          0, 1 },
    { SEC_REGION, "base",                   V_U64,  REG(base),                          ANY },
    { SEC_REGION, "size_mib",               V_MIB,  REG(size),                          0, 65536 },
    { SEC_REGION, "read_ns",                V_U32,  REG(read_ns),                       0, 1000000 },
    { SEC_REGION, "write_ns",               V_U32,  REG(write_ns),                      0, 1000000 },
    { SEC_REGION, "row_buffer",             V_BOOL, REG(row_buffer),                    0, 1 },
    { SEC_REGION, "row_hit_ns",             V_U32,  REG(row_hit_ns),                    0, 1000000 },
    { SEC_REGION, "row_bytes",              V_U32,  REG(row_bytes),                     64, 1u << 20 },
    { SEC_REGION, "image",                  V_PATH, REG(image),                         ANY },

    { SEC_POWER, "flush_on_fail",           V_BOOL, CFG(power.flush_on_fail),           0, 1 },
    { SEC_POWER, "residual_us",             V_U32,  CFG(power.residual_us),             0, 10000000 },
    { SEC_POWER, "off_ms",                  V_U32,  CFG(power.off_ms),                  0, 3600000 },

    { SEC_FAULTS, "inject",                 V_STR,  CFG(faults_inject),                 ANY },

    { SEC_CONSOLE, "input_gap_us",          V_U32,  CFG(console.input_gap_us),          1, 10000000 },

    { SEC_REQCHAN, "rate_per_ms",           V_U32,  CFG(reqchan.rate_per_ms),           0, 1000000 },
    { SEC_REQCHAN, "keys",                  V_U32,  CFG(reqchan.keys),                  1, 1u << 24 },
    { SEC_REQCHAN, "start_ms",              V_U32,  CFG(reqchan.start_ms),              0, 100000000 },
    { SEC_REQCHAN, "log_requests",          V_BOOL, CFG(reqchan.log_requests),          0, 1 },

    { SEC_DISK, "image",                    V_PATH, CFG(disk.image),                    ANY },
    { SEC_DISK, "model",                    V_DISKMODEL, CFG(disk.model),               0, 1 },
    { SEC_DISK, "read_us",                  V_U32,  CFG(disk.read_us),                  0, 10000000 },
    { SEC_DISK, "write_us",                 V_U32,  CFG(disk.write_us),                 0, 10000000 },
    { SEC_DISK, "read_ns_per_kib",          V_U32,  CFG(disk.read_ns_per_kib),          0, 100000000 },
    { SEC_DISK, "write_ns_per_kib",         V_U32,  CFG(disk.write_ns_per_kib),         0, 100000000 },
    { SEC_DISK, "flush_us",                 V_U32,  CFG(disk.flush_us),                 0, 10000000 },
    { SEC_DISK, "cut_survive_percent",      V_U32,  CFG(disk.cut_survive_percent),      0, 100 },
    { SEC_DISK, "serial",                   V_STR,  CFG(disk.serial),                   ANY },

    { SEC_GUEST, "init",                    V_STR,  CFG(guest_init),                    ANY },
    { SEC_GUEST, "default_persist",         V_BOOL, CFG(guest_default_persistent),      0, 1 },
    { SEC_GUEST, "fixpoint_ms",             V_U32,  CFG(guest_fixpoint_ms),             0, 3600000 },
    { SEC_GUEST, "recovery",                V_STR,  CFG(guest_recovery),                ANY },
    { SEC_GUEST, "persistence",             V_STR,  CFG(guest_persistence),             ANY },
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* Latencies that depend on the kind of memory.  SCM reads are 1.5x DRAM. */
static const struct {
    uint32_t read_ns, write_ns, row_hit_ns;
} kind_defaults[] = {
    [REGION_DRAM] = { 80, 80, 40 },
    [REGION_SCM] = { 120, 120, 60 },
};

/* Disk latencies by model (docs/disk.md gives the sources).  SSD: a
 * datacentre NVMe drive (Intel SSD DC P4510 product brief: 77 us read and
 * 18 us write latency at queue depth 1, 3200 MB/s read and 2000 MB/s write
 * sequential).  HDD: a 7200 rpm drive (8.5 ms average seek, 9.5 ms for
 * writes, 4.17 ms average rotational latency, 160 MB/s sustained; a flush
 * waits about one revolution, 8.3 ms). */
static const struct {
    uint32_t read_us, write_us, read_ns_per_kib, write_ns_per_kib, flush_us;
} disk_defaults[] = {
    [DISK_SSD] = { 80, 20, 330, 490, 500 },
    [DISK_HDD] = { 12700, 13700, 6100, 6100, 8300 },
};

static void disk_set_model(struct disk_config *d, enum disk_model model)
{
    d->model = model;
    if (!d->read_us_given)
        d->read_us = disk_defaults[model].read_us;
    if (!d->write_us_given)
        d->write_us = disk_defaults[model].write_us;
    if (!d->read_ns_per_kib_given)
        d->read_ns_per_kib = disk_defaults[model].read_ns_per_kib;
    if (!d->write_ns_per_kib_given)
        d->write_ns_per_kib = disk_defaults[model].write_ns_per_kib;
    if (!d->flush_us_given)
        d->flush_us = disk_defaults[model].flush_us;
}

static void region_defaults(struct region_config *rc, const char *name)
{
    memset(rc, 0, sizeof *rc);
    snprintf(rc->name, sizeof rc->name, "%s", name);
    rc->kind = REGION_DRAM;
    rc->base = PLAT_MAIN_MEM_BASE;
    rc->size = 128 * MIB;
    rc->read_ns = kind_defaults[REGION_DRAM].read_ns;
    rc->write_ns = kind_defaults[REGION_DRAM].write_ns;
    rc->row_buffer = false;
    rc->row_hit_ns = kind_defaults[REGION_DRAM].row_hit_ns;
    rc->row_bytes = 2048;
}

static void cache_defaults(struct cache_config *cc, uint32_t size, uint32_t ways,
                           uint32_t hit_cycles)
{
    cc->enabled = true;
    cc->size = size;
    cc->ways = ways;
    cc->line_bytes = 64;
    cc->hit_cycles = hit_cycles;
    cc->line = 0;
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->seed = 1;
    c->max_insns = 0;
    c->cpu = (struct cpu_config){
        .freq_mhz = 1000, .timing = true,
        .alu_cycles = 1, .mul_cycles = 3, .div_cycles = 20,
        .branch_cycles = 1, .mispredict_penalty_cycles = 3,
        .predictor_entries = 1024, .load_use_cycles = 1,
        .csr_cycles = 2, .fence_cycles = 2, .amo_cycles = 4, .system_cycles = 4,
    };
    cache_defaults(&c->l1i, 32 * KIB, 8, 1);
    cache_defaults(&c->l1d, 32 * KIB, 8, 1);
    cache_defaults(&c->l2, 1024 * KIB, 16, 12);
    region_defaults(&c->regions[0], "dram");
    c->nregions = 1;
    c->regions_default = true;
    c->power.flush_on_fail = false;
    c->power.residual_us = 16000;       /* ATX hold-up: docs/power.md */
    c->power.off_ms = 10;
    c->console.input_gap_us = 100;
    c->reqchan.rate_per_ms = 0;
    c->reqchan.keys = 1024;
    c->reqchan.start_ms = 0;
    c->reqchan.log_requests = false;
    c->disk.image[0] = '\0';
    disk_set_model(&c->disk, DISK_SSD);
    c->disk.cut_survive_percent = 50;
    snprintf(c->disk.serial, sizeof c->disk.serial, "simscm-disk0");
    c->guest_init[0] = '\0';
    snprintf(c->guest_recovery, sizeof c->guest_recovery, "powercycle");
    snprintf(c->guest_persistence, sizeof c->guest_persistence, "instant");
    c->guest_default_persistent = false;
}

/* ---- Sections ------------------------------------------------------------ */

struct sec {
    enum sec_kind kind;
    char name[48];              /* normalized: "cpu", "cache l1d", "region dram" */
    void *base;                 /* what the key offsets are relative to */
    struct region_config *region;
};

/* Collapse runs of blanks to one space and trim: "[ region   dram ]". */
static void normalize(char *dst, size_t len, const char *src, size_t n)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n && src[i]; i++) {
        if (isspace((unsigned char)src[i])) {
            space = o > 0;
            continue;
        }
        if (space && o + 1 < len)
            dst[o++] = ' ';
        space = false;
        if (o + 1 < len)
            dst[o++] = src[i];
    }
    dst[o] = '\0';
}

static bool valid_region_name(const char *s)
{
    if (!*s || strlen(s) >= sizeof ((struct region_config *)0)->name)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static struct region_config *find_region(struct config *c, const char *name)
{
    for (int i = 0; i < c->nregions; i++)
        if (!strcmp(c->regions[i].name, name))
            return &c->regions[i];
    return NULL;
}

/*
 * Resolve a normalized section name, creating [region NAME] on first sight.
 * 0, or -1 with err set ("unknown section [foo]" and the like).
 */
static int resolve_section(struct config *c, const char *name, int line,
                           struct sec *s, char *err, size_t errlen)
{
    static const struct { const char *name; enum sec_kind kind; } simple[] = {
        { "sim", SEC_SIM }, { "cpu", SEC_CPU }, { "power", SEC_POWER },
        { "console", SEC_CONSOLE }, { "reqchan", SEC_REQCHAN }, { "guest", SEC_GUEST },
        { "faults", SEC_FAULTS }, { "disk", SEC_DISK },
    };
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        if (!strcmp(name, simple[i].name)) {
            s->kind = simple[i].kind;
            s->base = c;
            return 0;
        }
    }
    if (!strncmp(name, "cache ", 6)) {
        const char *which = name + 6;
        struct cache_config *cc = !strcmp(which, "l1i") ? &c->l1i :
                                  !strcmp(which, "l1d") ? &c->l1d :
                                  !strcmp(which, "l2") ? &c->l2 : NULL;
        if (!cc) {
            snprintf(err, errlen, "unknown section [%s] (caches are [cache l1i], "
                     "[cache l1d] and [cache l2])", name);
            return -1;
        }
        if (line > 0 && !cc->line)
            cc->line = line;
        s->kind = SEC_CACHE;
        s->base = cc;
        return 0;
    }
    if (!strncmp(name, "region ", 7) || !strcmp(name, "region")) {
        const char *rname = name[6] ? name + 7 : "";
        if (!valid_region_name(rname)) {
            snprintf(err, errlen, "[%s]: a region needs a name of letters, digits, "
                     "'_' or '-' (at most 31), as in [region dram]", name);
            return -1;
        }
        struct region_config *rc = c->regions_default ? NULL : find_region(c, rname);
        if (!rc) {
            if (c->regions_default) {
                c->nregions = 0;
                c->regions_default = false;
            }
            if (c->nregions == CONFIG_MAX_REGIONS) {
                snprintf(err, errlen, "[%s]: too many regions (at most %d)", name,
                         CONFIG_MAX_REGIONS);
                return -1;
            }
            rc = &c->regions[c->nregions++];
            region_defaults(rc, rname);
            rc->line = line;
        }
        s->kind = SEC_REGION;
        s->base = rc;
        s->region = rc;
        return 0;
    }
    snprintf(err, errlen, "unknown section [%s]", name);
    return -1;
}

static const struct key_def *find_key(enum sec_kind sec, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (keys[i].sec == sec && !strcmp(keys[i].name, name))
            return &keys[i];
    return NULL;
}

/* ---- Values -------------------------------------------------------------- */

/* Integers: decimal or 0x hex, '_' allowed between digits. */
static int parse_u64(const char *s, uint64_t *out, char *err, size_t errlen)
{
    const char *p = s;
    unsigned base = 10;
    uint64_t v = 0;
    bool digits = false;
    if (*p == '-') {
        snprintf(err, errlen, "\"%s\" is not a number >= 0", s);
        return -1;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    for (; *p; p++) {
        if (*p == '_' && digits && p[1] && p[1] != '_')
            continue;
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && isxdigit((unsigned char)*p))
            d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
        else
            break;
        if (v > (UINT64_MAX - d) / base) {
            snprintf(err, errlen, "\"%s\" is too large", s);
            return -1;
        }
        v = v * base + d;
        digits = true;
    }
    if (!digits || *p) {
        if (digits && isalpha((unsigned char)*p))
            snprintf(err, errlen, "\"%s\" is not a number (no unit suffixes: the "
                     "unit is in the key's name)", s);
        else
            snprintf(err, errlen, "\"%s\" is not a number", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_bool(const char *s, bool *out, char *err, size_t errlen)
{
    static const char *const yes[] = { "on", "true", "yes", "1" };
    static const char *const no[] = { "off", "false", "no", "0" };
    for (int i = 0; i < 4; i++) {
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return 0;
        }
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return 0;
        }
    }
    snprintf(err, errlen, "\"%s\" is not on or off", s);
    return -1;
}

/* Copy a string value, dropping one pair of surrounding double quotes. */
static int copy_string(char *dst, size_t len, const char *s, char *err, size_t errlen)
{
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s++;
        n -= 2;
    }
    if (n >= len) {
        snprintf(err, errlen, "value is too long (at most %zu characters)", len - 1);
        return -1;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 0;
}

static void note_given(struct sec *s, const char *key)
{
    if (s->kind == SEC_DISK) {
        struct disk_config *d = &((struct config *)s->base)->disk;
        if (!strcmp(key, "read_us"))
            d->read_us_given = true;
        else if (!strcmp(key, "write_us"))
            d->write_us_given = true;
        else if (!strcmp(key, "read_ns_per_kib"))
            d->read_ns_per_kib_given = true;
        else if (!strcmp(key, "write_ns_per_kib"))
            d->write_ns_per_kib_given = true;
        else if (!strcmp(key, "flush_us"))
            d->flush_us_given = true;
        return;
    }
    struct region_config *rc = s->region;
    if (!rc)
        return;
    if (!strcmp(key, "read_ns"))
        rc->read_ns_given = true;
    else if (!strcmp(key, "write_ns"))
        rc->write_ns_given = true;
    else if (!strcmp(key, "row_hit_ns"))
        rc->row_hit_ns_given = true;
}

/*
 * Store value into the field k describes.  dir is the directory relative
 * paths are taken from ("" for the current one).  0, or -1 with err set.
 */
static int apply(struct sec *s, const struct key_def *k, const char *value,
                 const char *dir, char *err, size_t errlen)
{
    void *field = (char *)s->base + k->off;
    uint64_t v;
    bool b;
    switch (k->type) {
    case V_U32:
    case V_U64:
    case V_MIB:
    case V_KIB:
        if (parse_u64(value, &v, err, errlen) < 0)
            return -1;
        if (v < k->min || v > k->max) {
            snprintf(err, errlen, "%llu is out of range (%llu..%llu)",
                     (unsigned long long)v, (unsigned long long)k->min,
                     (unsigned long long)k->max);
            return -1;
        }
        if (k->type == V_U32)
            *(uint32_t *)field = (uint32_t)v;
        else if (k->type == V_U64)
            *(uint64_t *)field = v;
        else if (k->type == V_MIB)
            *(uint64_t *)field = v * MIB;
        else
            *(uint32_t *)field = (uint32_t)(v * KIB);
        break;
    case V_BOOL:
        if (parse_bool(value, &b, err, errlen) < 0)
            return -1;
        *(bool *)field = b;
        break;
    case V_STR:
        return copy_string(field, k->len, value, err, errlen);
    case V_PATH: {
        char tmp[sizeof ((struct region_config *)0)->image];
        if (copy_string(tmp, sizeof tmp, value, err, errlen) < 0)
            return -1;
        if (tmp[0] && tmp[0] != '/' && dir[0]) {
            if ((size_t)snprintf(field, k->len, "%s/%s", dir, tmp) >= k->len) {
                snprintf(err, errlen, "path is too long (at most %zu characters)",
                         k->len - 1);
                return -1;
            }
        } else {
            memcpy(field, tmp, k->len);
        }
        break;
    }
    case V_DISKMODEL:
        if (!strcasecmp(value, "ssd"))
            disk_set_model(&((struct config *)s->base)->disk, DISK_SSD);
        else if (!strcasecmp(value, "hdd"))
            disk_set_model(&((struct config *)s->base)->disk, DISK_HDD);
        else {
            snprintf(err, errlen, "\"%s\" is not ssd or hdd", value);
            return -1;
        }
        break;
    case V_KIND: {
        enum region_kind kind;
        if (!strcasecmp(value, "dram"))
            kind = REGION_DRAM;
        else if (!strcasecmp(value, "scm"))
            kind = REGION_SCM;
        else {
            snprintf(err, errlen, "\"%s\" is not dram or scm", value);
            return -1;
        }
        struct region_config *rc = s->region;
        rc->kind = kind;
        if (!rc->read_ns_given)
            rc->read_ns = kind_defaults[kind].read_ns;
        if (!rc->write_ns_given)
            rc->write_ns = kind_defaults[kind].write_ns;
        if (!rc->row_hit_ns_given)
            rc->row_hit_ns = kind_defaults[kind].row_hit_ns;
        break;
    }
    }
    note_given(s, k->name);
    return 0;
}

static struct config_origin *find_origin(const struct config *c, const char *section,
                                         const char *key)
{
    for (int i = 0; i < c->norigins; i++)
        if (!strcmp(c->origins[i].section, section) && !strcmp(c->origins[i].key, key))
            return (struct config_origin *)&c->origins[i];
    return NULL;
}

static void set_origin(struct config *c, const char *section, const char *key, int line)
{
    struct config_origin *o = find_origin(c, section, key);
    if (!o) {
        if (c->norigins == CONFIG_MAX_ORIGINS)
            return;
        o = &c->origins[c->norigins++];
        snprintf(o->section, sizeof o->section, "%s", section);
        snprintf(o->key, sizeof o->key, "%s", key);
    }
    o->line = line;
}

/* ---- The file ------------------------------------------------------------ */

struct parse {
    struct config *c;
    FILE *f;
    const char *path;
    char dir[256];
    int line;
    bool in_section;            /* a header has been seen */
    bool cur_ok;                /* ... and it resolved */
    struct sec cur;
    int errors;
    struct { char name[48]; int line; } seen[64];
    int nseen;
};

static void file_error(struct parse *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void file_error(struct parse *ps, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", ps->path, ps->line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    ps->errors++;
}

static void section_header(struct parse *ps, const char *text, size_t n)
{
    char name[48], err[160];
    normalize(name, sizeof name, text, n);
    ps->in_section = true;
    ps->cur_ok = false;
    for (int i = 0; i < ps->nseen; i++) {
        if (!strcmp(ps->seen[i].name, name)) {
            file_error(ps, "[%s] appears twice (first on line %d)", name, ps->seen[i].line);
            return;
        }
    }
    if (ps->nseen < (int)(sizeof ps->seen / sizeof ps->seen[0])) {
        snprintf(ps->seen[ps->nseen].name, sizeof ps->seen[0].name, "%s", name);
        ps->seen[ps->nseen++].line = ps->line;
    }
    if (resolve_section(ps->c, name, ps->line, &ps->cur, err, sizeof err) < 0) {
        file_error(ps, "%s", err);
        return;
    }
    ps->cur_ok = true;
}

/* Look at a line before inih does: count it, catch section headers and
 * lines inih would reject, so every error gets its own line number. */
static void inspect_line(struct parse *ps, char *s)
{
    if (ps->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s || *s == ';' || *s == '#')
        return;
    if (*s == '[') {
        char *end = strchr(s, ']');
        if (!end) {
            file_error(ps, "section header without ']'");
            ps->in_section = true;
            ps->cur_ok = false;
            return;
        }
        /* inih ignores what follows ']'; a word there is a mistake (a
         * comment, after blanks, is not). */
        char *rest = end + 1;
        while (isspace((unsigned char)*rest))
            rest++;
        if (*rest && *rest != ';' && *rest != '#') {
            char name[48];
            size_t n = strcspn(rest, "\r\n");
            while (n && isspace((unsigned char)rest[n - 1]))
                n--;
            normalize(name, sizeof name, s + 1, (size_t)(end - s - 1));
            file_error(ps, "[%s]: text after the section header: \"%.*s\"", name,
                       (int)n, rest);
            ps->in_section = true;
            ps->cur_ok = false;
            return;
        }
        section_header(ps, s + 1, (size_t)(end - s - 1));
        return;
    }
    if (!strchr(s, '=') && !strchr(s, ':'))
        file_error(ps, "expected \"key = value\" or \"[section]\"");
}

/* Is this (first part of a) line a comment? */
static bool comment_line(const struct parse *ps, const char *s)
{
    if (ps->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    return *s == ';' || *s == '#';
}

/*
 * inih's line reader.  It reads byte by byte rather than with fgets, so that
 * a NUL byte is seen (fgets would hide everything after it): a config is a
 * text file, and the first NUL stops the parse with its column.  inih keeps
 * num - 1 bytes of a line, so a line may hold num - 3 characters besides
 * its "\r\n"; a longer key or section line is an error, a longer comment
 * is skipped whole (docs/config.md).
 */
static char *reader(char *str, int num, void *stream)
{
    struct parse *ps = stream;
    size_t keep = (size_t)num - 2;      /* room for '\n' and '\0' */
    size_t n = 0, len = 0, nul = 0;
    int ch = EOF, last = 0;
    while ((ch = getc(ps->f)) != EOF && ch != '\n') {
        len++;
        if (ch == '\0' && !nul)
            nul = len;
        if (n < keep)
            str[n++] = (char)ch;
        last = ch;
    }
    if (ch == EOF && len == 0)
        return NULL;
    ps->line++;
    if (nul) {
        file_error(ps, "a NUL byte at column %zu (a config is a text file)", nul);
        return NULL;
    }
    str[n] = '\0';
    if (len - (last == '\r') > (size_t)num - 3) {
        if (!comment_line(ps, str))
            file_error(ps, "line is longer than %d characters", num - 3);
        str[0] = '\0';      /* inih sees an empty line, and counts it */
        return str;
    }
    inspect_line(ps, str);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *ps = user;
    char err[200];
    if (!ps->in_section) {
        file_error(ps, "%s: key outside any section (put it under [cpu], "
                   "[region NAME] and so on)", name);
        return 1;
    }
    if (!ps->cur_ok)
        return 1;       /* the section was already reported */
    const struct key_def *k = find_key(ps->cur.kind, name);
    if (!k) {
        file_error(ps, "unknown key \"%s\" in [%s]", name, ps->cur.name);
        return 1;
    }
    struct config_origin *o = find_origin(ps->c, ps->cur.name, name);
    if (o && o->line > 0) {
        file_error(ps, "%s: given twice in [%s] (first on line %d)", name,
                   ps->cur.name, o->line);
        return 1;
    }
    if (apply(&ps->cur, k, value, ps->dir, err, sizeof err) < 0) {
        file_error(ps, "%s: %s", name, err);
        return 1;
    }
    set_origin(ps->c, ps->cur.name, name, ps->line);
    if (ps->cur.region) {
        if (!strcmp(name, "base"))
            ps->cur.region->base_line = ps->line;
        else if (!strcmp(name, "size_mib"))
            ps->cur.region->size_line = ps->line;
    }
    return 1;
}

int config_load(struct config *c, const char *path)
{
    struct parse ps = { .c = c, .path = path };
    ps.f = fopen(path, "r");
    if (!ps.f) {
        fprintf(stderr, "simscm: %s: cannot read config: %s\n", path, strerror(errno));
        return -1;
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(ps.dir, sizeof ps.dir, "%.*s", (int)(slash - path + (slash == path)), path);
    /* Python-style continuation lines would turn an indented key into part
     * of the previous value; '#' after a value is a comment, as at line start. */
    ini_allow_multiline = false;
    ini_inline_comment_prefixes = ";#";
    int r = ini_parse_stream(reader, &ps, handler, &ps);
    if (ferror(ps.f)) {
        fprintf(stderr, "simscm: %s: cannot read config: %s\n", path, strerror(errno));
        fclose(ps.f);
        return -1;
    }
    fclose(ps.f);
    if (r > 0 && ps.errors == 0) {
        ps.line = r;
        file_error(&ps, "syntax error");
    } else if (r < 0 && ps.errors == 0) {
        fprintf(stderr, "simscm: %s: cannot parse config\n", path);
        return -1;
    }
    return ps.errors ? -1 : 0;
}

/* ---- --set ----------------------------------------------------------------- */

int config_set(struct config *c, const char *assignment)
{
    char err[200], lhs[96], secname[48];
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        fprintf(stderr, "simscm: --set %s: expected section.key=value "
                "(e.g. cpu.freq_mhz=2000, region.dram.read_ns=60)\n", assignment);
        return -1;
    }
    size_t n = (size_t)(eq - assignment);
    if (n >= sizeof lhs) {
        fprintf(stderr, "simscm: --set %s: name is too long\n", assignment);
        return -1;
    }
    memcpy(lhs, assignment, n);
    lhs[n] = '\0';
    char *dot = strrchr(lhs, '.');
    if (!dot || dot == lhs || !dot[1]) {
        fprintf(stderr, "simscm: --set %s: expected section.key=value "
                "(e.g. cpu.freq_mhz=2000, region.dram.read_ns=60)\n", assignment);
        return -1;
    }
    *dot = '\0';
    const char *key = dot + 1;
    if (lhs[0] == '.' || strstr(lhs, "..") || lhs[strlen(lhs) - 1] == '.') {
        fprintf(stderr, "simscm: --set %s: empty name between dots "
                "(expected section.key=value, e.g. cpu.freq_mhz=2000)\n", assignment);
        return -1;
    }
    for (char *p = lhs; *p; p++)
        if (*p == '.')
            *p = ' ';
    normalize(secname, sizeof secname, lhs, sizeof lhs);
    struct sec s;
    if (resolve_section(c, secname, 0, &s, err, sizeof err) < 0) {
        fprintf(stderr, "simscm: --set %s: %s\n", assignment, err);
        return -1;
    }
    const struct key_def *k = find_key(s.kind, key);
    if (!k) {
        fprintf(stderr, "simscm: --set %s: unknown key \"%s\" in [%s]\n", assignment,
                key, s.name);
        return -1;
    }
    if (apply(&s, k, eq + 1, "", err, sizeof err) < 0) {
        fprintf(stderr, "simscm: --set %s: %s: %s\n", assignment, key, err);
        return -1;
    }
    set_origin(c, s.name, key, -1);
    return 0;
}

/* ---- Cross-key checks -------------------------------------------------- */

/* Where a key came from, for an error: "FILE:LINE", "simscm: --set sec.key"
 * or just the file. */
static const char *where(const struct config *c, const char *section, const char *key,
                         int section_line, char *buf, size_t len)
{
    const struct config_origin *o = find_origin(c, section, key);
    if (o && o->line > 0) {
        snprintf(buf, len, "%s:%d", c->path, o->line);
    } else if (o && o->line < 0) {
        char dotted[48];
        snprintf(dotted, sizeof dotted, "%s", section);
        for (char *p = dotted; *p; p++)
            if (*p == ' ')
                *p = '.';
        snprintf(buf, len, "simscm: --set %s.%s", dotted, key);
    } else if (section_line > 0) {
        snprintf(buf, len, "%s:%d", c->path, section_line);
    } else if (c->path[0]) {
        snprintf(buf, len, "%s", c->path);
    } else {
        snprintf(buf, len, "simscm: built-in config");
    }
    return buf;
}

static bool pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static const struct {
    const char *name;
    uint64_t base, size;
} devices[] = {
    { "test finisher", PLAT_FINISHER_BASE, PLAT_FINISHER_SIZE },
    { "power controller", PLAT_POWER_BASE, PLAT_POWER_SIZE },
    { "watchdog", PLAT_WATCHDOG_BASE, PLAT_WATCHDOG_SIZE },
    { "CLINT", PLAT_CLINT_BASE, PLAT_CLINT_SIZE },
    { "PLIC", PLAT_PLIC_BASE, PLAT_PLIC_SIZE },
    { "UART", PLAT_UART0_BASE, PLAT_UART0_SIZE },
    { "virtio-mmio devices", PLAT_VIRTIO0_BASE, PLAT_VIRTIO_STRIDE * PLAT_VIRTIO_COUNT },
    { "request channel", PLAT_REQCHAN_BASE, PLAT_REQCHAN_SIZE },
};

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    unsigned __int128 ae = (unsigned __int128)a + alen, be = (unsigned __int128)b + blen;
    return a < be && b < ae;
}

static int check_regions(const struct config *c, uint64_t *total)
{
    char loc[320], sec[48];
    int bad = 0;
    *total = 0;
    for (int i = 0; i < c->nregions; i++) {
        const struct region_config *r = &c->regions[i];
        snprintf(sec, sizeof sec, "region %s", r->name);
        unsigned __int128 end = (unsigned __int128)r->base + r->size;
        if (r->size == 0) {
            fprintf(stderr, "%s: size_mib: region \"%s\" has size 0\n",
                    where(c, sec, "size_mib", r->line, loc, sizeof loc), r->name);
            bad++;
            continue;
        }
        if (r->base & 0xfff) {
            fprintf(stderr, "%s: base: 0x%llx is not a multiple of 4 KiB\n",
                    where(c, sec, "base", r->line, loc, sizeof loc),
                    (unsigned long long)r->base);
            bad++;
            continue;
        }
        if (end > ((unsigned __int128)1 << 56)) {
            fprintf(stderr, "%s: base: region \"%s\" ends beyond the 56-bit physical "
                    "address space\n", where(c, sec, "base", r->line, loc, sizeof loc),
                    r->name);
            bad++;
            continue;
        }
        *total += r->size;
        for (size_t d = 0; d < sizeof devices / sizeof devices[0]; d++) {
            if (overlap(r->base, r->size, devices[d].base, devices[d].size)) {
                fprintf(stderr, "%s: base: region \"%s\" [0x%llx,0x%llx) covers the "
                        "%s at 0x%llx\n", where(c, sec, "base", r->line, loc, sizeof loc),
                        r->name, (unsigned long long)r->base,
                        (unsigned long long)(r->base + r->size), devices[d].name,
                        (unsigned long long)devices[d].base);
                bad++;
            }
        }
        for (int j = 0; j < i; j++) {
            const struct region_config *q = &c->regions[j];
            if (q->size && overlap(r->base, r->size, q->base, q->size)) {
                fprintf(stderr, "%s: base: region \"%s\" [0x%llx,0x%llx) overlaps "
                        "region \"%s\" [0x%llx,0x%llx)\n",
                        where(c, sec, "base", r->line, loc, sizeof loc), r->name,
                        (unsigned long long)r->base,
                        (unsigned long long)(r->base + r->size), q->name,
                        (unsigned long long)q->base,
                        (unsigned long long)(q->base + q->size));
                bad++;
            }
        }
        if (!pow2(r->row_bytes)) {
            fprintf(stderr, "%s: row_bytes: %u is not a power of two\n",
                    where(c, sec, "row_bytes", r->line, loc, sizeof loc), r->row_bytes);
            bad++;
        }
        if (r->kind == REGION_DRAM && r->image[0]) {
            fprintf(stderr, "%s: image: region \"%s\" is DRAM, which keeps nothing "
                    "across a power cut; only an SCM region can have an image file\n",
                    where(c, sec, "image", r->line, loc, sizeof loc), r->name);
            bad++;
        }
    }
    bool main_mem = false;
    for (int i = 0; i < c->nregions; i++) {
        const struct region_config *r = &c->regions[i];
        if (r->size && PLAT_MAIN_MEM_BASE >= r->base &&
            PLAT_MAIN_MEM_BASE - r->base < r->size)
            main_mem = true;
    }
    /* With a region already refused, "no memory at 0x80000000" and the
     * cache-size checks would only repeat that error in other words. */
    if (!main_mem && !bad) {
        fprintf(stderr, "%s: no memory region at 0x%lx, where programs and the "
                "kernel are linked\n", c->path[0] ? c->path : "simscm: config",
                PLAT_MAIN_MEM_BASE);
        bad++;
    }
    return bad;
}

static int check_cache(const struct config *c, const struct cache_config *cc,
                       const char *sec, uint64_t total, uint32_t *line_bytes,
                       const char **line_from)
{
    char loc[320];
    int bad = 0;
    if (!cc->enabled)
        return 0;
    if (!pow2(cc->line_bytes)) {
        fprintf(stderr, "%s: line_bytes: %u is not a power of two\n",
                where(c, sec, "line_bytes", cc->line, loc, sizeof loc), cc->line_bytes);
        bad++;
    }
    if (!pow2(cc->ways)) {
        fprintf(stderr, "%s: ways: %u is not a power of two\n",
                where(c, sec, "ways", cc->line, loc, sizeof loc), cc->ways);
        bad++;
    }
    if (bad)
        return bad;
    uint64_t set_bytes = (uint64_t)cc->ways * cc->line_bytes;
    if (cc->size % set_bytes) {
        fprintf(stderr, "%s: size_kib: %u KiB is not a multiple of ways * line_bytes "
                "(%llu bytes)\n", where(c, sec, "size_kib", cc->line, loc, sizeof loc),
                cc->size / 1024, (unsigned long long)set_bytes);
        bad++;
    } else if (!pow2(cc->size / set_bytes)) {
        fprintf(stderr, "%s: size_kib: %u KiB / (ways * line_bytes) = %llu sets, "
                "not a power of two\n", where(c, sec, "size_kib", cc->line, loc, sizeof loc),
                cc->size / 1024, (unsigned long long)(cc->size / set_bytes));
        bad++;
    }
    /* The tag array holds 32-bit tags (sim/mem/cache.h): only a tiny or
     * nearly fully associative cache meets this, with memory placed far up. */
    uint64_t nsets = cc->size / set_bytes;
    for (int i = 0; !bad && c->cpu.timing && i < c->nregions; i++) {
        const struct region_config *r = &c->regions[i];
        uint64_t limit = cache_limit_of((uint32_t)nsets, cc->line_bytes);
        if ((unsigned __int128)r->base + r->size > limit) {
            fprintf(stderr, "%s: size_kib: with %llu set%s of %u-byte lines the cache "
                    "holds addresses below 0x%llx, and region \"%s\" ends at 0x%llx; "
                    "use more sets or place the region lower\n",
                    where(c, sec, "size_kib", cc->line, loc, sizeof loc),
                    (unsigned long long)nsets, nsets == 1 ? "" : "s", cc->line_bytes,
                    (unsigned long long)limit, r->name,
                    (unsigned long long)(r->base + r->size));
            bad++;
        }
    }
    if (cc->size > total) {
        fprintf(stderr, "%s: size_kib: the cache (%u KiB) is larger than all memory "
                "(%llu KiB)\n", where(c, sec, "size_kib", cc->line, loc, sizeof loc),
                cc->size / 1024, (unsigned long long)(total / 1024));
        bad++;
    }
    /* Zicbom has one cache-block size for the whole system. */
    if (*line_bytes && cc->line_bytes != *line_bytes) {
        fprintf(stderr, "%s: line_bytes: %u differs from [%s]'s %u; all caches "
                "share one line size\n", where(c, sec, "line_bytes", cc->line, loc, sizeof loc),
                cc->line_bytes, *line_from, *line_bytes);
        bad++;
    } else if (!*line_bytes) {
        *line_bytes = cc->line_bytes;
        *line_from = sec;
    }
    return bad;
}

/* [disk] image must be an existing regular file of whole 512-byte sectors:
 * simscm never makes or resizes a disk (docs/disk.md). */
static int check_disk(const struct config *c)
{
    char loc[320];
    struct stat st;
    const char *img = c->disk.image;
    if (!img[0])
        return 0;
    where(c, "disk", "image", 0, loc, sizeof loc);
    if (stat(img, &st) < 0) {
        fprintf(stderr, "%s: image: %s: %s (make one first, e.g. truncate -s 64M %s)\n",
                loc, img, strerror(errno), img);
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: image: %s is not a regular file\n", loc, img);
        return 1;
    }
    if (st.st_size == 0 || st.st_size % 512) {
        fprintf(stderr, "%s: image: %s has %lld bytes, not a positive multiple of 512 "
                "(the sector size)\n", loc, img, (long long)st.st_size);
        return 1;
    }
    return 0;
}

int config_validate(const struct config *c)
{
    char loc[320];
    int bad = 0;
    uint64_t total;
    if (c->cpu.freq_mhz == 0) {
        fprintf(stderr, "%s: freq_mhz: must be at least 1\n",
                where(c, "cpu", "freq_mhz", 0, loc, sizeof loc));
        bad++;
    }
    if (!pow2(c->cpu.predictor_entries)) {
        fprintf(stderr, "%s: predictor_entries: %u is not a power of two\n",
                where(c, "cpu", "predictor_entries", 0, loc, sizeof loc),
                c->cpu.predictor_entries);
        bad++;
    }
    int bad_regions = check_regions(c, &total);
    bad += bad_regions;
    if (bad_regions)
        total = UINT64_MAX;     /* see check_regions: no follow-on errors */
    uint32_t line_bytes = 0;
    const char *line_from = NULL;
    bad += check_cache(c, &c->l1i, "cache l1i", total, &line_bytes, &line_from);
    bad += check_cache(c, &c->l1d, "cache l1d", total, &line_bytes, &line_from);
    bad += check_cache(c, &c->l2, "cache l2", total, &line_bytes, &line_from);
    if (strcmp(c->guest_recovery, "powercycle") && strcmp(c->guest_recovery, "reboot")) {
        fprintf(stderr, "%s: recovery: \"%s\" is not powercycle or reboot\n",
                where(c, "guest", "recovery", 0, loc, sizeof loc), c->guest_recovery);
        bad++;
    }
    if (strcmp(c->guest_persistence, "instant") && strcmp(c->guest_persistence, "reboot") &&
        strcmp(c->guest_persistence, "checkpoint")) {
        fprintf(stderr, "%s: persistence: \"%s\" is not instant, reboot or checkpoint\n",
                where(c, "guest", "persistence", 0, loc, sizeof loc), c->guest_persistence);
        bad++;
    }
    bad += check_disk(c);
    if (!bad && c->faults_inject[0]) {
        char err[320];
        if (fault_check_list(c->faults_inject, c, err, sizeof err) < 0) {
            fprintf(stderr, "%s: inject: %s\n", where(c, "faults", "inject", 0, loc, sizeof loc),
                    err);
            bad++;
        }
    }
    return bad ? -1 : 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static void key_json(const struct key_def *k, const void *base, struct json *j)
{
    const void *field = (const char *)base + k->off;
    switch (k->type) {
    case V_U32:
        json_u64(j, k->name, *(const uint32_t *)field);
        break;
    case V_U64:
        json_u64(j, k->name, *(const uint64_t *)field);
        break;
    case V_MIB:
        json_u64(j, k->name, *(const uint64_t *)field / MIB);
        break;
    case V_KIB:
        json_u64(j, k->name, *(const uint32_t *)field / KIB);
        break;
    case V_BOOL:
        json_bool(j, k->name, *(const bool *)field);
        break;
    case V_STR:
    case V_PATH:
        json_str(j, k->name, field);
        break;
    case V_KIND:
        json_str(j, k->name, *(const enum region_kind *)field == REGION_SCM ? "scm" : "dram");
        break;
    case V_DISKMODEL:
        json_str(j, k->name, *(const enum disk_model *)field == DISK_HDD ? "hdd" : "ssd");
        break;
    }
}

static void section_json(enum sec_kind sec, const void *base, struct json *j)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (keys[i].sec == sec)
            key_json(&keys[i], base, j);
}

/* Written as member "config" of the enclosing object (or as the document). */
void config_to_json(const struct config *c, struct json *j)
{
    json_object_begin(j, j->depth ? "config" : NULL);
    json_str(j, "path", c->path);
    static const struct { const char *name; enum sec_kind sec; } flat[] = {
        { "sim", SEC_SIM }, { "cpu", SEC_CPU },
    };
    for (int i = 0; i < 2; i++) {
        json_object_begin(j, flat[i].name);
        section_json(flat[i].sec, c, j);
        json_object_end(j);
    }
    json_object_begin(j, "cache");
    const struct { const char *name; const struct cache_config *cc; } caches[] = {
        { "l1i", &c->l1i }, { "l1d", &c->l1d }, { "l2", &c->l2 },
    };
    for (int i = 0; i < 3; i++) {
        json_object_begin(j, caches[i].name);
        section_json(SEC_CACHE, caches[i].cc, j);
        json_object_end(j);
    }
    json_object_end(j);
    json_array_begin(j, "regions");
    for (int i = 0; i < c->nregions; i++) {
        json_object_begin(j, NULL);
        json_str(j, "name", c->regions[i].name);
        section_json(SEC_REGION, &c->regions[i], j);
        json_object_end(j);
    }
    json_array_end(j);
    static const struct { const char *name; enum sec_kind sec; } rest[] = {
        { "power", SEC_POWER }, { "console", SEC_CONSOLE }, { "reqchan", SEC_REQCHAN },
        { "guest", SEC_GUEST }, { "faults", SEC_FAULTS }, { "disk", SEC_DISK },
    };
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++) {
        json_object_begin(j, rest[i].name);
        section_json(rest[i].sec, c, j);
        json_object_end(j);
    }
    json_object_end(j);
}
