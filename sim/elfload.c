/*
 * elfload.c -- see elfload.h.
 *
 * libelf does the parsing; this file only decides what the machine accepts
 * and explains refusals in terms of the file (which segment, which byte), so
 * a user can fix a linker script without a debugger.  Everything is checked
 * before anything is copied: a refused ELF leaves memory untouched.
 *
 * Bytes go in with region_load, which writes both views of an SCM region
 * (the CPU's and the durable one) without counting wear: loading is the
 * platform flashing a program, not the program running.
 */
#include "elfload.h"
#include "mem/bus.h"
#include "mem/region.h"
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "simscm: %s: ", path);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

static const char *machine_name(unsigned m, char *buf, size_t len)
{
    switch (m) {
    case EM_X86_64:  return "x86-64";
    case EM_386:     return "i386";
    case EM_AARCH64: return "AArch64";
    case EM_ARM:     return "ARM";
    case EM_PPC64:   return "PowerPC64";
    case EM_MIPS:    return "MIPS";
    case EM_S390:    return "s390";
    case EM_NONE:    return "none (EM_NONE)";
    }
    snprintf(buf, len, "%u", m);
    return buf;
}

static const char *type_name(unsigned t)
{
    switch (t) {
    case ET_REL:  return "a relocatable object (ET_REL)";
    case ET_DYN:  return "a shared object or PIE (ET_DYN)";
    case ET_CORE: return "a core dump (ET_CORE)";
    case ET_NONE: return "of no type (ET_NONE)";
    }
    return "of an unknown type";
}

/*
 * The identification bytes, checked from the file itself before libelf
 * sees it: libelf refuses a file with an unknown class or encoding without
 * saying why, and a file too short for its header.  0, or -1 after the
 * message.
 */
static int check_ident(const char *path, const uint8_t *head, size_t hlen)
{
    if (hlen < SELFMAG || memcmp(head, ELFMAG, SELFMAG))
        return fail(path, "not an ELF file");
    if (hlen > EI_CLASS && head[EI_CLASS] == ELFCLASS32)
        return fail(path, "32-bit ELF, need ELF64");
    if (hlen > EI_CLASS && head[EI_CLASS] != ELFCLASS64)
        return fail(path, "unknown ELF class %u in byte %d (EI_CLASS), need 2 (ELF64)",
                    head[EI_CLASS], EI_CLASS);
    if (hlen > EI_DATA && head[EI_DATA] == ELFDATA2MSB)
        return fail(path, "big-endian ELF, need little-endian");
    if (hlen > EI_DATA && head[EI_DATA] != ELFDATA2LSB)
        return fail(path, "unknown ELF data encoding %u in byte %d (EI_DATA), need 1 "
                    "(little-endian)", head[EI_DATA], EI_DATA);
    if (hlen < sizeof(Elf64_Ehdr))
        return fail(path, "truncated (the ELF header needs %zu bytes, file has %zu)",
                    sizeof(Elf64_Ehdr), hlen);
    return 0;
}

/* Zeros for the bss, a page at a time. */
static const uint8_t zeros[4096];

static void zero_fill(struct region *r, uint64_t pa, uint64_t len)
{
    while (len) {
        uint64_t n = len < sizeof zeros ? len : sizeof zeros;
        region_load(r, pa, zeros, n);
        pa += n;
        len -= n;
    }
}

static int load(const struct bus *b, const char *path, Elf *e, const uint8_t *file,
                uint64_t fsize, const uint8_t *head, size_t hlen,
                struct elfload_info *info, bool copy)
{
    char buf[32];
    if (check_ident(path, head, hlen) < 0)
        return -1;
    if (!file || elf_kind(e) != ELF_K_ELF || !elf_getident(e, NULL))
        return fail(path, "not an ELF file libelf can read: %s", elf_errmsg(-1));
    Elf64_Ehdr *eh = elf64_getehdr(e);
    if (!eh)
        return fail(path, "bad ELF header: %s", elf_errmsg(-1));
    if (eh->e_machine != EM_RISCV)
        return fail(path, "machine is %s, need RISC-V",
                    machine_name(eh->e_machine, buf, sizeof buf));
    if (eh->e_type != ET_EXEC)
        return fail(path, "file is %s, need an executable (ET_EXEC) linked at a "
                    "fixed address", type_name(eh->e_type));
    /* The header's own count: libelf quietly shortens the table of a
     * truncated file.  PN_XNUM means the count is in section 0. */
    size_t phnum = eh->e_phnum;
    if (phnum == PN_XNUM && elf_getphdrnum(e, &phnum) < 0)
        return fail(path, "cannot read the program headers: %s", elf_errmsg(-1));
    if (phnum && eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(path, "program header entries are %u bytes (e_phentsize), ELF64's "
                    "are %zu", eh->e_phentsize, sizeof(Elf64_Phdr));
    if (phnum && eh->e_phoff % 8)
        return fail(path, "the program headers start at byte %llu (e_phoff), which is "
                    "not a multiple of 8", (unsigned long long)eh->e_phoff);
    unsigned __int128 ph_end = (unsigned __int128)eh->e_phoff +
                               (unsigned __int128)phnum * sizeof(Elf64_Phdr);
    if (phnum && ph_end > fsize)
        return fail(path, "truncated (%zu program headers from byte %llu need %llu bytes, "
                    "file has %llu)", phnum, (unsigned long long)eh->e_phoff,
                    ph_end > UINT64_MAX ? UINT64_MAX : (unsigned long long)ph_end,
                    (unsigned long long)fsize);

    /* Check every segment first, so a refused file changes nothing.
     * gelf_getphdr copies each header out, whatever its alignment. */
    struct region *where[ELFLOAD_MAX_SEGS];
    info->nsegs = 0;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph, *p = gelf_getphdr(e, (int)i, &ph);
        if (!p)
            return fail(path, "cannot read program header %zu: %s", i, elf_errmsg(-1));
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        unsigned __int128 fend = (unsigned __int128)p->p_offset + p->p_filesz;
        unsigned __int128 mend = (unsigned __int128)p->p_paddr + p->p_memsz;
        if (p->p_filesz > p->p_memsz)
            return fail(path, "segment %zu has more file bytes (%llu) than memory "
                        "bytes (%llu)", i, (unsigned long long)p->p_filesz,
                        (unsigned long long)p->p_memsz);
        if (mend > UINT64_MAX)
            return fail(path, "segment %zu at 0x%llx with 0x%llx bytes ends beyond the "
                        "64-bit address space", i, (unsigned long long)p->p_paddr,
                        (unsigned long long)p->p_memsz);
        if (fend > UINT64_MAX)
            return fail(path, "segment %zu: file offset %llu + %llu bytes is beyond 2^64",
                        i, (unsigned long long)p->p_offset, (unsigned long long)p->p_filesz);
        if (fend > fsize)
            return fail(path, "truncated (segment %zu ends at byte %llu, file has %llu)",
                        i, (unsigned long long)fend, (unsigned long long)fsize);
        struct region *r = bus_region(b, p->p_paddr, p->p_memsz);
        if (!r)
            return fail(path, "segment %zu [0x%llx,0x%llx) is outside every memory region",
                        i, (unsigned long long)p->p_paddr, (unsigned long long)mend);
        /* Overlapping segments would load in an order the file does not
         * define (QEMU refuses them too). */
        for (int k = 0; k < info->nsegs; k++) {
            const struct elfload_seg *q = &info->segs[k];
            if (p->p_paddr < q->end && q->start < (uint64_t)mend)
                return fail(path, "segments %d [0x%llx,0x%llx) and %zu [0x%llx,0x%llx) "
                            "overlap", q->index, (unsigned long long)q->start,
                            (unsigned long long)q->end, i,
                            (unsigned long long)p->p_paddr, (unsigned long long)mend);
        }
        if (info->nsegs == ELFLOAD_MAX_SEGS)
            return fail(path, "more than %d loadable segments", ELFLOAD_MAX_SEGS);
        where[info->nsegs] = r;
        info->segs[info->nsegs++] = (struct elfload_seg){
            .start = p->p_paddr, .end = (uint64_t)mend, .index = (int)i,
        };
    }
    if (info->nsegs == 0)
        return fail(path, "no loadable segment (PT_LOAD)");
    info->entry = eh->e_entry;
    if (!copy)
        return 0;

    for (int n = 0; n < info->nsegs; n++) {
        struct region *r = where[n];
        struct elfload_seg *s = &info->segs[n];
        GElf_Phdr ph, *p = gelf_getphdr(e, s->index, &ph);
        if (!p)
            return fail(path, "cannot read program header %d: %s", s->index, elf_errmsg(-1));
        /* A restored SCM region already holds the stored system: the
         * program in it is the one that was running, with its state.
         * Copying the ELF over it would be a reinstall, not a power-on. */
        if (r->kind == REGION_SCM && r->restored)
            continue;
        region_load(r, p->p_paddr, file + p->p_offset, p->p_filesz);
        zero_fill(r, p->p_paddr + p->p_filesz, p->p_memsz - p->p_filesz);
        s->copied = true;
    }
    return 0;
}

static int open_and_load(const struct bus *b, const char *path, struct elfload_info *info,
                         bool copy)
{
    memset(info, 0, sizeof *info);
    if (elf_version(EV_CURRENT) == EV_NONE)
        return fail(path, "libelf is too old: %s", elf_errmsg(-1));
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(path, "not a regular file");
    }
    /* The first bytes, for a diagnosis when libelf will not take the file. */
    uint8_t head[sizeof(Elf64_Ehdr)];
    ssize_t hn = pread(fd, head, sizeof head, 0);
    size_t hlen = hn > 0 ? (size_t)hn : 0;
    Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    size_t fsize = 0;
    const uint8_t *file = e ? (const uint8_t *)elf_rawfile(e, &fsize) : NULL;
    int r = load(b, path, e, file, fsize, head, hlen, info, copy);
    if (e)
        elf_end(e);
    close(fd);
    return r;
}

int elfload_file(struct bus *b, const char *path, struct elfload_info *info)
{
    return open_and_load(b, path, info, true);
}

int elfload_check(const struct bus *b, const char *path, struct elfload_info *info)
{
    return open_and_load(b, path, info, false);
}
