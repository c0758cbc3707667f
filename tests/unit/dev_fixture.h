/*
 * dev_fixture.h -- what the device, config, ELF and device-tree tests share:
 * a bare struct machine with a clock (no hart: the lines into the hart are
 * recorders the test reads), a console writing to a temporary file, and a
 * way to capture what the code under test prints on stderr.
 */
#ifndef DEV_FIXTURE_H
#define DEV_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include <cmocka.h>

#include "machine.h"
#include "devices/console.h"
#include "devices/dev.h"
#include "simclock.h"

#define DFX_FREQ_HZ 1000000000ull        /* 1 GHz: 100 cycles per mtime tick */

/* An interrupt line's far end: its level and how often it was driven. */
struct irq_probe {
    int level;
    int calls;
};

static inline void irq_probe_cb(void *opaque, int num, int level)
{
    struct irq_probe *p = opaque;
    p->level = level;
    p->calls++;
}

static inline struct irq_line irq_probe_line(struct irq_probe *p, int num)
{
    return (struct irq_line){ irq_probe_cb, p, num };
}

struct dfx {
    struct machine m;
    struct console con;
    FILE *out;                      /* console output */
    struct irq_probe msip, mtip, meip, seip, dev_irq;
    const struct dev_ops *ops;
    void *dev;
    char script[64];                /* temporary --input file, if any */
};

/* A machine around one device.  script: console input (NULL: none). */
static inline struct dfx *dfx_new(const struct dev_ops *ops, const char *script,
                                  uint32_t gap_us)
{
    struct dfx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    clock_init(&f->m.clk, DFX_FREQ_HZ);
    bus_init(&f->m.bus);
    f->m.msip = irq_probe_line(&f->msip, 0);
    f->m.mtip = irq_probe_line(&f->mtip, 0);
    f->m.meip = irq_probe_line(&f->meip, 0);
    f->m.seip = irq_probe_line(&f->seip, 0);
    f->out = tmpfile();
    assert_non_null(f->out);
    struct console_opts co = { .out = f->out, .input = CONSOLE_IN_NONE,
                               .input_gap_us = gap_us };
    if (script) {
        strcpy(f->script, "/tmp/simscm-unit-XXXXXX");
        int fd = mkstemp(f->script);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, script, strlen(script)), (ssize_t)strlen(script));
        close(fd);
        co.input = CONSOLE_IN_SCRIPT;
        co.script_path = f->script;
    }
    assert_int_equal(console_init(&f->con, &f->m.clk, &co), 0);
    f->m.console = &f->con;
    f->ops = ops;
    if (ops)
        f->dev = ops->init(&f->m, 0, irq_probe_line(&f->dev_irq, 10));
    return f;
}

static inline void dfx_free(struct dfx *f)
{
    if (f->ops)
        f->ops->free(f->dev);
    console_free(&f->con);
    fclose(f->out);
    if (f->script[0])
        unlink(f->script);
    free(f);
}

static inline uint64_t dfx_rd(struct dfx *f, uint64_t off, unsigned size)
{
    return f->ops->read(f->dev, off, size);
}

static inline void dfx_wr(struct dfx *f, uint64_t off, uint64_t val, unsigned size)
{
    f->ops->write(f->dev, off, val, size);
}

/* Move simulated time to `cycle` and fire what is due, as the run loop does. */
static inline void dfx_advance(struct dfx *f, uint64_t cycle)
{
    f->m.clk.cycle = cycle;
    clock_run_due(&f->m.clk);
    clock_rearm(&f->m.clk);
}

/* Everything the console printed so far. */
static inline const char *dfx_output(struct dfx *f)
{
    static char buf[4096];
    fflush(f->out);
    long n = ftell(f->out);
    rewind(f->out);
    size_t got = fread(buf, 1, n > 0 && n < (long)sizeof buf ? (size_t)n : sizeof buf - 1, f->out);
    buf[got] = '\0';
    fseek(f->out, 0, SEEK_END);
    return buf;
}

/* ---- stderr capture ---- */

struct capture {
    int saved;
    FILE *tmp;
    char text[8192];
};

static inline void capture_begin(struct capture *c)
{
    fflush(stderr);
    c->saved = dup(2);
    c->tmp = tmpfile();
    assert_non_null(c->tmp);
    dup2(fileno(c->tmp), 2);
}

/* Stop capturing; returns what was printed (also in c->text). */
static inline const char *capture_end(struct capture *c)
{
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    rewind(c->tmp);
    size_t n = fread(c->text, 1, sizeof c->text - 1, c->tmp);
    c->text[n] = '\0';
    fclose(c->tmp);
    return c->text;
}

/* assert that haystack contains needle, showing both when it does not. */
#define assert_contains(haystack, needle) do {                                  \
        const char *h_ = (haystack), *n_ = (needle);                            \
        if (!strstr(h_, n_))                                                    \
            fail_msg("expected to find\n  %s\nin\n  %s", n_, h_);               \
    } while (0)

/* An ELF64 RISC-V executable with one segment: `j .` at base (the whole
 * program of the tests that build a real machine). */
static inline void dfx_write_spin_elf(const char *path, uint64_t base)
{
    uint8_t buf[256] = { 0 };
    uint32_t code[2] = { 0x0000006f, 0x0000006f };     /* jal x0, 0 */
    Elf64_Ehdr eh = { 0 };
    Elf64_Phdr ph = { 0 };
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_RISCV;
    eh.e_version = EV_CURRENT;
    eh.e_entry = base;
    eh.e_phoff = sizeof eh;
    eh.e_ehsize = sizeof eh;
    eh.e_phentsize = sizeof ph;
    eh.e_phnum = 1;
    ph.p_type = PT_LOAD;
    ph.p_flags = PF_R | PF_X;
    ph.p_offset = 128;
    ph.p_vaddr = ph.p_paddr = base;
    ph.p_filesz = ph.p_memsz = sizeof code;
    ph.p_align = 4;
    memcpy(buf, &eh, sizeof eh);
    memcpy(buf + sizeof eh, &ph, sizeof ph);
    memcpy(buf + 128, code, sizeof code);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, 128 + sizeof code, fp), 128 + sizeof code);
    fclose(fp);
}

#endif
