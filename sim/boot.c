/*
 * boot.c -- see boot.h.
 *
 * Checking comes first and copies nothing: each image's extent is known
 * from its ELF program headers or its file size, so every mistake (an image
 * outside memory, two images over each other, an image over the device tree)
 * is reported before a machine exists.  Loading then writes with
 * region_load, as elfload does, and skips a restored SCM region: it already
 * holds the system that was running.
 */
#include "boot.h"
#include "platform.h"
#include "mem/bus.h"
#include "mem/region.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *role_opt(enum boot_role r)
{
    switch (r) {
    case BOOT_ROLE_BIOS:    return "--bios";
    case BOOT_ROLE_KERNEL:  return "--kernel";
    case BOOT_ROLE_LOADER:  return "--loader";
    case BOOT_ROLE_PROGRAM: return "";
    }
    return "";
}

/* "--kernel FILE", or just "FILE" for the program, for error messages. */
static const char *img_name(const struct boot_image *im, char *buf, size_t len)
{
    const char *o = role_opt(im->role);
    if (im->role == BOOT_ROLE_LOADER)
        snprintf(buf, len, "--loader %s@0x%llx", im->path, (unsigned long long)im->addr);
    else
        snprintf(buf, len, "%s%s%s", o, *o ? " " : "", im->path);
    return buf;
}

int boot_add(struct boot_plan *p, enum boot_role role, const char *arg)
{
    if (p->n == BOOT_MAX_IMAGES) {
        fprintf(stderr, "simscm: %s: more than %d images\n", role_opt(role), BOOT_MAX_IMAGES);
        return -1;
    }
    struct boot_image *im = &p->img[p->n];
    memset(im, 0, sizeof *im);
    im->role = role;
    im->path = arg;
    if (role == BOOT_ROLE_LOADER) {
        /* FILE@ADDR: the last '@', so a file name may hold one. */
        const char *at = strrchr(arg, '@');
        char *end;
        if (!at || at == arg || !at[1]) {
            fprintf(stderr, "simscm: --loader: \"%s\" is not FILE@ADDR\n", arg);
            return -1;
        }
        errno = 0;
        unsigned long long a = strtoull(at + 1, &end, 0);
        if (*end || errno || at[1] == '-' || at[1] == '+') {
            fprintf(stderr, "simscm: --loader %s: \"%s\" is not an address\n", arg, at + 1);
            return -1;
        }
        size_t n = (size_t)(at - arg);
        char *path = malloc(n + 1);     /* lives as long as the run */
        if (!path)
            abort();
        memcpy(path, arg, n);
        path[n] = '\0';
        im->path = path;
        im->addr = a;
        im->raw = true;
    }
    p->n++;
    return 0;
}

const struct boot_image *boot_find(const struct boot_plan *p, enum boot_role role)
{
    for (int i = 0; i < p->n; i++)
        if (p->img[i].role == role)
            return &p->img[i];
    return NULL;
}

bool boot_via_rom(const struct boot_plan *p)
{
    return boot_find(p, BOOT_ROLE_BIOS) != NULL;
}

/* Size of a regular file, and whether it starts with the ELF magic. */
static int probe_file(const char *name, const char *path, uint64_t *size, bool *elf)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "simscm: %s: %s\n", name, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        fprintf(stderr, "simscm: %s: not a regular file\n", name);
        return -1;
    }
    unsigned char m[4] = { 0 };
    size_t got = fread(m, 1, 4, f);
    fclose(f);
    *size = (uint64_t)st.st_size;
    *elf = got == 4 && !memcmp(m, "\177ELF", 4);
    return 0;
}

/* The end of the firmware, for a raw kernel: QEMU puts it at the next 2 MiB
 * boundary (RV64).  With no firmware, the start of main memory. */
static uint64_t raw_kernel_addr(const struct boot_plan *p)
{
    const struct boot_image *b = boot_find(p, BOOT_ROLE_BIOS);
    if (!b)
        return PLAT_MAIN_MEM_BASE;
    uint64_t end = 0;
    if (b->raw)
        end = b->addr + b->size;
    else
        for (int i = 0; i < b->elf.nsegs; i++)
            if (b->elf.segs[i].end > end)
                end = b->elf.segs[i].end;
    return (end + (2u << 20) - 1) & ~(uint64_t)((2u << 20) - 1);
}

/* The extents an image covers: its segments, or [addr, addr+size). */
static int extents(const struct boot_image *im, uint64_t *lo, uint64_t *hi, int max)
{
    if (im->raw) {
        lo[0] = im->addr;
        hi[0] = im->addr + im->size;
        return 1;
    }
    int n = 0;
    for (int i = 0; i < im->elf.nsegs && n < max; i++, n++) {
        lo[n] = im->elf.segs[i].start;
        hi[n] = im->elf.segs[i].end;
    }
    return n;
}

int boot_check(struct boot_plan *p, const struct bus *b, uint64_t fdt, uint64_t fdt_len)
{
    char n1[512], n2[512];
    /* Firmware first: a raw kernel's address depends on where it ends. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < p->n; i++) {
            struct boot_image *im = &p->img[i];
            if ((pass == 0) != (im->role == BOOT_ROLE_BIOS))
                continue;
            const char *o = role_opt(im->role);
            char what[512];
            snprintf(what, sizeof what, "%s%s%s", o, *o ? " " : "", im->path);
            bool elf;
            if (probe_file(what, im->path, &im->size, &elf) < 0)
                return -1;
            if (im->role != BOOT_ROLE_LOADER && elf) {
                im->raw = false;
                if (elfload_check(b, im->path, &im->elf) < 0)
                    return -1;
                continue;
            }
            if (im->role == BOOT_ROLE_PROGRAM) {
                /* The workload must be an ELF: elfload explains why not. */
                return elfload_check(b, im->path, &im->elf);
            }
            im->raw = true;
            if (im->role == BOOT_ROLE_BIOS)
                im->addr = PLAT_MAIN_MEM_BASE;
            else if (im->role == BOOT_ROLE_KERNEL)
                im->addr = raw_kernel_addr(p);
            if (im->size == 0) {
                fprintf(stderr, "simscm: %s: empty file\n", img_name(im, n1, sizeof n1));
                return -1;
            }
            if (im->addr + im->size < im->addr || !bus_region(b, im->addr, im->size)) {
                fprintf(stderr, "simscm: %s: [0x%llx,0x%llx) is not inside one memory region\n",
                        img_name(im, n1, sizeof n1), (unsigned long long)im->addr,
                        (unsigned long long)(im->addr + im->size));
                return -1;
            }
        }
    }

    /* No two images over each other, none over the device tree. */
    static uint64_t lo[BOOT_MAX_IMAGES][ELFLOAD_MAX_SEGS], hi[BOOT_MAX_IMAGES][ELFLOAD_MAX_SEGS];
    int cnt[BOOT_MAX_IMAGES];
    for (int i = 0; i < p->n; i++)
        cnt[i] = extents(&p->img[i], lo[i], hi[i], ELFLOAD_MAX_SEGS);
    for (int i = 0; i < p->n; i++) {
        for (int s = 0; s < cnt[i]; s++) {
            if (lo[i][s] < fdt + fdt_len && fdt < hi[i][s]) {
                fprintf(stderr, "simscm: %s: [0x%llx,0x%llx) overlaps the device tree at "
                        "[0x%llx,0x%llx), the top of the region at 0x%lx\n",
                        img_name(&p->img[i], n1, sizeof n1), (unsigned long long)lo[i][s],
                        (unsigned long long)hi[i][s], (unsigned long long)fdt,
                        (unsigned long long)(fdt + fdt_len), PLAT_MAIN_MEM_BASE);
                return -1;
            }
            for (int j = 0; j < i; j++) {
                for (int t = 0; t < cnt[j]; t++) {
                    if (lo[i][s] < hi[j][t] && lo[j][t] < hi[i][s]) {
                        fprintf(stderr, "simscm: %s: [0x%llx,0x%llx) overlaps %s: "
                                "[0x%llx,0x%llx)\n", img_name(&p->img[i], n1, sizeof n1),
                                (unsigned long long)lo[i][s], (unsigned long long)hi[i][s],
                                img_name(&p->img[j], n2, sizeof n2),
                                (unsigned long long)lo[j][t], (unsigned long long)hi[j][t]);
                        return -1;
                    }
                }
            }
        }
    }
    return 0;
}

static int load_raw(struct bus *b, const struct boot_image *im, struct boot_chunk *c)
{
    char name[512];
    struct region *r = bus_region(b, im->addr, im->size);
    *c = (struct boot_chunk){ .start = im->addr, .end = im->addr + im->size };
    if (!r)
        abort();                        /* boot_check placed it */
    if (r->kind == REGION_SCM && r->restored)
        return 0;
    FILE *f = fopen(im->path, "rb");
    uint8_t *buf = malloc(im->size);
    if (!buf)
        abort();
    size_t got = f ? fread(buf, 1, im->size, f) : 0;
    if (f)
        fclose(f);
    if (got != im->size) {
        fprintf(stderr, "simscm: %s: read failed\n", img_name(im, name, sizeof name));
        free(buf);
        return -1;
    }
    region_load(r, im->addr, buf, im->size);
    free(buf);
    c->copied = true;
    return 0;
}

int boot_load(struct boot_plan *p, struct bus *b, struct boot_chunk *chunks, int *nchunks)
{
    *nchunks = 0;
    for (int i = 0; i < p->n; i++) {
        struct boot_image *im = &p->img[i];
        if (im->raw) {
            if (*nchunks == BOOT_MAX_CHUNKS || load_raw(b, im, &chunks[*nchunks]) < 0)
                return -1;
            (*nchunks)++;
            continue;
        }
        if (elfload_file(b, im->path, &im->elf) < 0)
            return -1;
        for (int s = 0; s < im->elf.nsegs; s++) {
            if (*nchunks == BOOT_MAX_CHUNKS) {
                fprintf(stderr, "simscm: %s: more than %d loaded pieces in all\n",
                        im->path, BOOT_MAX_CHUNKS);
                return -1;
            }
            chunks[(*nchunks)++] = (struct boot_chunk){
                .start = im->elf.segs[s].start, .end = im->elf.segs[s].end,
                .copied = im->elf.segs[s].copied,
            };
        }
    }
    return 0;
}

static uint64_t entry_of(const struct boot_image *im)
{
    return im->raw ? im->addr : im->elf.entry;
}

uint64_t boot_start_addr(const struct boot_plan *p)
{
    static const enum boot_role order[] = { BOOT_ROLE_BIOS, BOOT_ROLE_PROGRAM, BOOT_ROLE_KERNEL };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
        const struct boot_image *im = boot_find(p, order[i]);
        if (im)
            return entry_of(im);
    }
    return PLAT_MAIN_MEM_BASE;
}

uint64_t boot_next_addr(const struct boot_plan *p)
{
    const struct boot_image *k = boot_find(p, BOOT_ROLE_KERNEL);
    return k && boot_via_rom(p) ? entry_of(k) : 0;
}

/* ---- the reset ROM ---- */

/* I-type: imm[11:0] = insn[31:20], rs1 = insn[19:15], funct3 = insn[14:12],
 * rd = insn[11:7], opcode = insn[6:0]. */
static uint32_t enc_i(uint32_t opcode, unsigned rd, unsigned funct3, unsigned rs1, uint32_t imm)
{
    return (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

/* U-type: imm[31:12] = insn[31:12]. */
static uint32_t enc_u(uint32_t opcode, unsigned rd, uint32_t imm)
{
    return (imm & 0xfffff000u) | rd << 7 | opcode;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

enum { R_T0 = 5, R_A0 = 10, R_A1 = 11, R_A2 = 12 };
enum { OP_LOAD = 0x03, OP_IMM = 0x13, OP_AUIPC = 0x17, OP_JALR = 0x67, OP_SYSTEM = 0x73 };
#define CSR_MHARTID 0xf14

void boot_rom_build(uint8_t *rom, uint64_t start, uint64_t fdt, uint64_t next_addr)
{
    memset(rom, 0, BOOT_ROM_BYTES);
    put32(rom + 0x00, enc_u(OP_AUIPC, R_T0, 0));                     /* auipc t0, 0 */
    put32(rom + 0x04, enc_i(OP_IMM, R_A2, 0, R_T0, 0x28));          /* addi a2, t0, 0x28 */
    put32(rom + 0x08, enc_i(OP_SYSTEM, R_A0, 2, 0, CSR_MHARTID));   /* csrrs a0, mhartid, x0 */
    put32(rom + 0x0c, enc_i(OP_LOAD, R_A1, 3, R_T0, 0x20));         /* ld a1, 0x20(t0) */
    put32(rom + 0x10, enc_i(OP_LOAD, R_T0, 3, R_T0, 0x18));         /* ld t0, 0x18(t0) */
    put32(rom + 0x14, enc_i(OP_JALR, 0, 0, R_T0, 0));               /* jalr x0, 0(t0) */
    put64(rom + 0x18, start);
    put64(rom + 0x20, fdt);
    /* struct fw_dynamic_info: six unsigned longs. */
    put64(rom + 0x28, FW_DYNAMIC_MAGIC);
    put64(rom + 0x30, FW_DYNAMIC_VERSION);
    put64(rom + 0x38, next_addr);
    put64(rom + 0x40, FW_DYNAMIC_NEXT_S);
    put64(rom + 0x48, 0);                   /* options */
    put64(rom + 0x50, 0);                   /* boot_hart */
}
