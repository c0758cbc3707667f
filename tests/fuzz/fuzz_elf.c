/*
 * fuzz_elf.c -- libFuzzer target for the ELF loader (sim/elfload.c, libelf
 * underneath).
 *
 * Each input is an ELF file.  The machine is a bus with two small regions,
 * 1 MiB of DRAM at 0x80000000 and 1 MiB of SCM right after it (made once,
 * with region_create, as simscm makes them).  Every input goes through
 * elfload_check, as the command line does before it builds the machine;
 * one that passes is then loaded for real with elfload_file, which copies
 * its segments into the regions.  What the loader says about a file must
 * agree between the two (same verdict, same segments), a refusal must come
 * with a message, and every accepted segment must lie inside a region.
 */
#include "fuzzfile.h"
#include "elfload.h"
#include "config.h"
#include "mem/bus.h"
#include "mem/region.h"
#include <string.h>

#define DRAM_BASE 0x80000000ull
#define SCM_BASE  0x80100000ull
#define REG_SIZE  0x100000ull

static struct bus bus;
static struct region dram, scm;

static void make_region(struct region *r, const char *name, enum region_kind kind,
                        uint64_t base)
{
    struct region_config rc;
    const char *why;
    memset(&rc, 0, sizeof rc);
    snprintf(rc.name, sizeof rc.name, "%s", name);
    rc.kind = kind;
    rc.base = base;
    rc.size = REG_SIZE;
    if (region_create(r, &rc, true) < 0 || bus_add_region(&bus, r, &why) < 0)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    bus_init(&bus);
    make_region(&dram, "dram", REGION_DRAM, DRAM_BASE);
    make_region(&scm, "scm", REGION_SCM, SCM_BASE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct elfload_info checked, loaded;
    const char *path = fuzz_file(data, size);

    fuzz_err_begin();
    int rc = elfload_check(&bus, path, &checked);
    fuzz_require_message(rc < 0, "elfload_check");
    if (rc < 0)
        return 0;

    fuzz_err_begin();
    int rl = elfload_file(&bus, path, &loaded);
    fuzz_require_message(rl < 0, "elfload_file");
    if (rl < 0 || loaded.nsegs != checked.nsegs || loaded.entry != checked.entry)
        abort();                /* the check and the load disagree */
    for (int i = 0; i < loaded.nsegs; i++) {
        const struct elfload_seg *s = &loaded.segs[i];
        if (s->start != checked.segs[i].start || s->end != checked.segs[i].end ||
            !bus_region(&bus, s->start, s->end - s->start))
            abort();
    }
    return 0;
}
