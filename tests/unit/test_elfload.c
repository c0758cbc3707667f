/*
 * test_elfload.c -- the ELF loader.  The test writes its ELF files byte by
 * byte from <elf.h>'s structures (independently of libelf, which the loader
 * uses), so a loader bug cannot hide behind a matching writer bug.
 */
#include "dev_fixture.h"
#include "elfload.h"
#include "config.h"
#include "mem/region.h"
#include <elf.h>

#define DRAM_BASE 0x80000000ull
#define SCM_BASE  0x80100000ull              /* adjacent to DRAM */
#define REG_SIZE  0x100000ull

struct seg {
    uint64_t paddr, filesz, memsz;
    uint8_t fill;                           /* file bytes are fill, fill+1, ... */
    uint32_t type;                          /* 0 means PT_LOAD */
};

struct elf_spec {
    int cls, data, machine, type;           /* 0: the right value */
    uint64_t entry;
    struct seg segs[4];
    int nsegs;
    long truncate;                          /* > 0: cut the file to this many bytes */
    uint64_t phoff;                         /* 0: right after the ELF header */
    int phentsize;                          /* 0: sizeof(Elf64_Phdr) */
    bool zero_class, zero_data;             /* EI_CLASS / EI_DATA = 0 (NONE) */
};

struct efx {
    struct bus bus;
    struct region dram, scm;
    char path[64];
    struct capture cap;
};

static void make_region(struct region *r, const char *name, enum region_kind kind,
                        uint64_t base)
{
    struct region_config rc;
    memset(&rc, 0, sizeof rc);
    snprintf(rc.name, sizeof rc.name, "%s", name);
    rc.kind = kind;
    rc.base = base;
    rc.size = REG_SIZE;
    assert_int_equal(region_create(r, &rc, true), 0);
    memset(r->mem, 0xaa, REG_SIZE);
    if (r->durable != r->mem)
        memset(r->durable, 0xaa, REG_SIZE);
}

static int setup(void **state)
{
    struct efx *f = calloc(1, sizeof *f);
    const char *why;
    bus_init(&f->bus);
    make_region(&f->dram, "dram", REGION_DRAM, DRAM_BASE);
    make_region(&f->scm, "scm", REGION_SCM, SCM_BASE);
    assert_int_equal(bus_add_region(&f->bus, &f->dram, &why), 0);
    assert_int_equal(bus_add_region(&f->bus, &f->scm, &why), 0);
    strcpy(f->path, "/tmp/simscm-elf-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct efx *f = *state;
    region_destroy(&f->dram);
    region_destroy(&f->scm);
    unlink(f->path);
    free(f);
    return 0;
}

/* Header, program headers, then each segment's bytes, 16-byte aligned. */
static void write_elf(struct efx *f, const struct elf_spec *s)
{
    uint8_t buf[8192];
    memset(buf, 0, sizeof buf);
    size_t phoff = s->phoff ? s->phoff : sizeof(Elf64_Ehdr);
    size_t off = phoff + (size_t)s->nsegs * sizeof(Elf64_Phdr);
    Elf64_Ehdr eh;
    memset(&eh, 0, sizeof eh);
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = (unsigned char)(s->cls ? s->cls : ELFCLASS64);
    eh.e_ident[EI_DATA] = (unsigned char)(s->data ? s->data : ELFDATA2LSB);
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = (Elf64_Half)(s->type ? s->type : ET_EXEC);
    eh.e_machine = (Elf64_Half)(s->machine ? s->machine : EM_RISCV);
    eh.e_version = EV_CURRENT;
    eh.e_entry = s->entry;
    if (s->zero_class)
        eh.e_ident[EI_CLASS] = ELFCLASSNONE;
    if (s->zero_data)
        eh.e_ident[EI_DATA] = ELFDATANONE;
    eh.e_phoff = phoff;
    eh.e_ehsize = sizeof eh;
    eh.e_phentsize = (Elf64_Half)(s->phentsize ? s->phentsize : (int)sizeof(Elf64_Phdr));
    eh.e_phnum = (Elf64_Half)s->nsegs;
    memcpy(buf, &eh, sizeof eh);
    for (int i = 0; i < s->nsegs; i++) {
        const struct seg *g = &s->segs[i];
        off = (off + 15) & ~(size_t)15;
        Elf64_Phdr ph;
        memset(&ph, 0, sizeof ph);
        ph.p_type = g->type ? g->type : PT_LOAD;
        ph.p_flags = PF_R | PF_X;
        ph.p_offset = off;
        ph.p_vaddr = ph.p_paddr = g->paddr;
        ph.p_filesz = g->filesz;
        ph.p_memsz = g->memsz;
        ph.p_align = 16;
        memcpy(buf + phoff + (size_t)i * sizeof ph, &ph, sizeof ph);
        for (uint64_t k = 0; k < g->filesz; k++)
            buf[off + k] = (uint8_t)(g->fill + k);
        off += g->filesz;
    }
    if (s->truncate > 0)
        off = (size_t)s->truncate;
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, off, fp), off);
    fclose(fp);
}

/* Load; returns the loader's result with stderr in f->cap.text. */
static int load(struct efx *f, struct elfload_info *info)
{
    capture_begin(&f->cap);
    int r = elfload_file(&f->bus, f->path, info);
    capture_end(&f->cap);
    return r;
}

/* "simscm: PATH: rest" */
static const char *msg(struct efx *f, const char *rest)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "simscm: %s: %s", f->path, rest);
    return buf;
}

static void test_elfload_copies_segments_and_zeroes_bss(void **state)
{
    struct efx *f = *state;
    struct elf_spec s = {
        .entry = DRAM_BASE + 0x40,
        .segs = { { DRAM_BASE + 0x1000, 100, 300, 0x10, 0 },
                  { SCM_BASE + 0x20, 16, 16, 0x80, 0 },
                  { 0, 8, 8, 0, PT_NOTE } },          /* not loaded */
        .nsegs = 3,
    };
    struct elfload_info info;
    write_elf(f, &s);
    assert_int_equal(load(f, &info), 0);
    assert_int_equal(info.entry, DRAM_BASE + 0x40);
    assert_int_equal(info.nsegs, 2);
    assert_int_equal(info.segs[0].start, DRAM_BASE + 0x1000);
    assert_int_equal(info.segs[0].end, DRAM_BASE + 0x1000 + 300);
    assert_int_equal(info.segs[1].index, 1);
    const uint8_t *m = f->dram.mem + 0x1000;
    for (int k = 0; k < 100; k++)
        assert_int_equal(m[k], (uint8_t)(0x10 + k));
    for (int k = 100; k < 300; k++)
        assert_int_equal(m[k], 0);                      /* bss */
    assert_int_equal(m[300], 0xaa);                     /* nothing past memsz */
    assert_int_equal(f->dram.mem[0xfff], 0xaa);
    /* SCM: both the CPU view and the durable view hold the program. */
    for (int k = 0; k < 16; k++) {
        assert_int_equal(f->scm.mem[0x20 + k], (uint8_t)(0x80 + k));
        assert_int_equal(f->scm.durable[0x20 + k], (uint8_t)(0x80 + k));
    }
    assert_int_equal(f->scm.stats.writes, 0);           /* loading is not traffic */
}

static void test_elfload_restored_scm_is_left_alone(void **state)
{
    struct efx *f = *state;
    struct elf_spec s = {
        .entry = SCM_BASE,
        .segs = { { SCM_BASE, 32, 64, 0x01, 0 }, { DRAM_BASE, 4, 4, 0x50, 0 } },
        .nsegs = 2,
    };
    struct elfload_info info;
    f->scm.restored = true;
    write_elf(f, &s);
    assert_int_equal(load(f, &info), 0);
    assert_false(info.segs[0].copied);
    assert_true(info.segs[1].copied);
    assert_int_equal(f->scm.mem[0], 0xaa);              /* the stored system stays */
    assert_int_equal(f->scm.mem[40], 0xaa);
    assert_int_equal(f->dram.mem[0], 0x50);
}

static void test_elfload_check_copies_nothing(void **state)
{
    struct efx *f = *state;
    struct elf_spec s = { .entry = DRAM_BASE, .segs = { { DRAM_BASE, 8, 8, 1, 0 } }, .nsegs = 1 };
    struct elfload_info info;
    write_elf(f, &s);
    assert_int_equal(elfload_check(&f->bus, f->path, &info), 0);
    assert_int_equal(info.entry, DRAM_BASE);
    assert_int_equal(f->dram.mem[0], 0xaa);
}

static void test_elfload_rejects_wrong_kinds_of_file(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    struct { struct elf_spec s; const char *want; } cases[] = {
        { { .cls = ELFCLASS32 }, "32-bit ELF, need ELF64" },
        { { .data = ELFDATA2MSB }, "big-endian ELF, need little-endian" },
        { { .machine = EM_X86_64 }, "machine is x86-64, need RISC-V" },
        { { .machine = EM_AARCH64 }, "machine is AArch64, need RISC-V" },
        { { .type = ET_DYN }, "file is a shared object or PIE (ET_DYN), need an executable" },
        { { .type = ET_REL }, "file is a relocatable object (ET_REL)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cases[i].s.segs[0] = (struct seg){ DRAM_BASE, 8, 8, 1, 0 };
        cases[i].s.nsegs = 1;
        write_elf(f, &cases[i].s);
        assert_int_equal(load(f, &info), -1);
        assert_contains(f->cap.text, msg(f, cases[i].want));
        assert_int_equal(f->dram.mem[0], 0xaa);
    }
}

static void test_elfload_rejects_non_elf_and_missing(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    FILE *fp = fopen(f->path, "w");
    fputs("#!/bin/sh\necho not an elf\n", fp);
    fclose(fp);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, msg(f, "not an ELF file"));
    capture_begin(&f->cap);
    assert_int_equal(elfload_file(&f->bus, "/nonexistent.elf", &info), -1);
    capture_end(&f->cap);
    assert_contains(f->cap.text, "simscm: /nonexistent.elf: cannot open: No such file");
}

static void test_elfload_truncated_segment(void **state)
{
    struct efx *f = *state;
    struct elf_spec s = {
        .entry = DRAM_BASE,
        .segs = { { DRAM_BASE, 16, 16, 1, 0 }, { DRAM_BASE + 0x100, 200, 200, 2, 0 } },
        .nsegs = 2, .truncate = 250,
    };
    struct elfload_info info;
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    /* Segment 1's data starts at 64 + 2*56 = 176, aligned to 16 -> 176,
     * after segment 0's 16 bytes -> 192, and ends at 392. */
    assert_contains(f->cap.text, msg(f, "truncated (segment 1 ends at byte 392, file has 250)"));
    assert_int_equal(f->dram.mem[0], 0xaa);             /* nothing copied */
    s.truncate = 40;                                    /* inside the ELF header */
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, msg(f, "truncated (the ELF header needs 64 bytes, file has 40)"));
}

static void test_elfload_segment_outside_memory(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    struct elf_spec s = { .entry = 0x40000000,
                          .segs = { { 0x40000000, 16, 32, 1, 0 } }, .nsegs = 1 };
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, msg(f, "segment 0 [0x40000000,0x40000020) is outside every "
                                        "memory region"));
    /* bss running off the end of DRAM into SCM: one region or none. */
    s.segs[0] = (struct seg){ SCM_BASE - 16, 8, 32, 1, 0 };
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, "is outside every memory region");
}

/* Hardening: each malformed header gets its own message, and nothing is
 * copied. */
static void test_elfload_bad_headers_each_named(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    struct { struct elf_spec s; const char *want; } cases[] = {
        { { .phoff = 68 }, "the program headers start at byte 68 (e_phoff), which is "
                           "not a multiple of 8" },
        { { .phentsize = 3 }, "program header entries are 3 bytes (e_phentsize), ELF64's "
                              "are 56" },
        { { .zero_class = true }, "unknown ELF class 0 in byte 4 (EI_CLASS), need 2 (ELF64)" },
        { { .zero_data = true }, "unknown ELF data encoding 0 in byte 5 (EI_DATA), need 1" },
        { { .truncate = 100 }, "truncated (1 program headers from byte 64 need 120 bytes, "
                               "file has 100)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cases[i].s.entry = DRAM_BASE;
        cases[i].s.segs[0] = (struct seg){ DRAM_BASE, 8, 8, 1, 0 };
        cases[i].s.nsegs = 1;
        write_elf(f, &cases[i].s);
        assert_int_equal(load(f, &info), -1);
        assert_contains(f->cap.text, msg(f, cases[i].want));
        assert_null(strstr(f->cap.text, "no loadable segment"));
        assert_int_equal(f->dram.mem[0], 0xaa);
    }
}

static void test_elfload_overlapping_segments(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    struct elf_spec s = {
        .entry = DRAM_BASE,
        .segs = { { DRAM_BASE, 16, 64, 1, 0 }, { DRAM_BASE + 32, 16, 16, 2, 0 } },
        .nsegs = 2,
    };
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, msg(f, "segments 0 [0x80000000,0x80000040) and 1 "
                                        "[0x80000020,0x80000030) overlap"));
    assert_int_equal(f->dram.mem[0], 0xaa);
    s.segs[1].paddr = DRAM_BASE + 64;                   /* adjacent is fine */
    write_elf(f, &s);
    assert_int_equal(load(f, &info), 0);
    assert_int_equal(info.nsegs, 2);
}

static void test_elfload_segment_end_overflows(void **state)
{
    struct efx *f = *state;
    struct elfload_info info;
    /* 0x80000000 + memsz = 2^64 + 0x7fffffff */
    struct elf_spec s = { .entry = DRAM_BASE,
                          .segs = { { DRAM_BASE, 0, 0xffffffffffffffffull, 1, 0 } },
                          .nsegs = 1 };
    write_elf(f, &s);
    assert_int_equal(load(f, &info), -1);
    assert_contains(f->cap.text, msg(f, "segment 0 at 0x80000000 with 0xffffffffffffffff "
                                        "bytes ends beyond the 64-bit address space"));
    assert_null(strstr(f->cap.text, "0x7fffffff)"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_elfload_copies_segments_and_zeroes_bss),
        T(test_elfload_restored_scm_is_left_alone),
        T(test_elfload_check_copies_nothing),
        T(test_elfload_rejects_wrong_kinds_of_file),
        T(test_elfload_rejects_non_elf_and_missing),
        T(test_elfload_truncated_segment),
        T(test_elfload_segment_outside_memory),
        T(test_elfload_bad_headers_each_named),
        T(test_elfload_overlapping_segments),
        T(test_elfload_segment_end_overflows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
