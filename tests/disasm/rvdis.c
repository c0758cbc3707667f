/*
 * rvdis.c -- disassemble a RISC-V ELF with simscm's own disassembler.
 *
 *   rvdis FILE.elf
 *
 * For every instruction of every executable section it prints
 *     ADDR: RAWHEX MNEMONIC OPERANDS
 * (address in hex without 0x, raw bits as 8 hex digits, or 4 for a
 * compressed instruction), using disasm() from sim/cpu.  The test suite
 * lines this up against `objdump -d -M no-aliases`, so the two must walk
 * the same instruction boundaries: like objdump, rvdis follows the RISC-V
 * mapping symbols ($x code, $d data) and skips what the assembler marked
 * as data (.word, .half, .space in a code section).
 *
 * ELF reading is libelf's job; a file it cannot read is a usage error
 * (exit 2).
 */
#include "cpu/hart.h"
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A mapping symbol: from addr on, section bytes are code or data. */
struct mapsym {
    uint64_t addr;
    bool code;
};

static const char *prog = "rvdis";

static void die(const char *file, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, file, what);
    exit(2);
}

static int cmp_mapsym(const void *a, const void *b)
{
    const struct mapsym *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The $x / $d symbols that fall inside section shndx, sorted by address.
 * "$x" may carry an ISA string ("$xrv64i2p1_..."), "$d" never does. */
static struct mapsym *mapping_symbols(Elf *elf, size_t shndx, size_t *count)
{
    struct mapsym *v = NULL;
    size_t n = 0, cap = 0;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        size_t nsym = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        for (size_t i = 0; data && i < nsym; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx != shndx)
                continue;
            const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
            if (!name || name[0] != '$' || (name[1] != 'x' && name[1] != 'd'))
                continue;
            if (name[1] == 'd' && name[2] != '\0')
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                v = realloc(v, cap * sizeof *v);
                if (!v) {
                    perror(prog);
                    exit(125);
                }
            }
            v[n].addr = sym.st_value;
            v[n].code = name[1] == 'x';
            n++;
        }
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_mapsym);
    *count = n;
    return v;
}

static void disassemble_section(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    if (!data || !data->d_buf)
        return;
    const uint8_t *p = data->d_buf;
    size_t size = data->d_size, nmap;
    struct mapsym *map = mapping_symbols(elf, elf_ndxscn(scn), &nmap);
    size_t next = 0;
    bool code = true;           /* no mapping symbols: all code */

    for (size_t off = 0; off + 2 <= size;) {
        uint64_t addr = sh->sh_addr + off;
        while (next < nmap && map[next].addr <= addr)
            code = map[next++].code;
        if (!code) {
            /* data: skip to the next mapping symbol (or the end) */
            off = next < nmap ? map[next].addr - sh->sh_addr : size;
            continue;
        }
        uint32_t raw = (uint32_t)p[off] | (uint32_t)p[off + 1] << 8;
        if ((raw & 3) == 3) {
            if (off + 4 > size)
                break;
            raw |= (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
        }
        char text[128];
        int len = disasm(raw, addr, text, sizeof text);
        for (char *t = text; *t; t++)
            if (*t == '\t')
                *t = ' ';
        if (len == 2)
            printf("%llx: %04x %s\n", (unsigned long long)addr, raw & 0xffff, text);
        else
            printf("%llx: %08x %s\n", (unsigned long long)addr, raw, text);
        off += len == 2 ? 2 : 4;
    }
    free(map);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.elf\n", prog);
        return 2;
    }
    const char *file = argv[1];
    if (elf_version(EV_CURRENT) == EV_NONE)
        die(file, elf_errmsg(-1));
    int fd = open(file, O_RDONLY);
    if (fd < 0)
        die(file, strerror(errno));
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF)
        die(file, "not an ELF file");
    GElf_Ehdr eh;
    if (!gelf_getehdr(elf, &eh) || eh.e_machine != EM_RISCV)
        die(file, "not a RISC-V ELF file");

    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            die(file, elf_errmsg(-1));
        if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR))
            disassemble_section(elf, scn, &sh);
    }
    elf_end(elf);
    close(fd);
    return 0;
}
