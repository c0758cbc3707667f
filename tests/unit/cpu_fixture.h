/*
 * cpu_fixture.h -- a fresh bus, 1 MiB of RAM at 0x80000000 and one hart for
 * every CPU unit test, plus an instruction encoder written from the bit
 * layouts of the specification (independently of sim/cpu/decode.c, so the
 * two check each other).
 */
#ifndef CPU_FIXTURE_H
#define CPU_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cpu/cpu.h"
#include "mem/bus.h"
#include "mem/region.h"
#include "config.h"
#include "simclock.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1u << 20)

struct fx {
    struct bus bus;
    struct region ram;
    struct simclock clk;
    struct hart *h;
    uint64_t at;                /* where emit() puts the next instruction */
};

static inline int fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct region_config rc;
    memset(&rc, 0, sizeof rc);
    strcpy(rc.name, "ram");
    rc.kind = REGION_DRAM;
    rc.base = RAM_BASE;
    rc.size = RAM_SIZE;
    const char *why = NULL;
    bus_init(&f->bus);
    assert_int_equal(region_create(&f->ram, &rc, false), 0);
    memset(f->ram.mem, 0, RAM_SIZE);
    assert_int_equal(bus_add_region(&f->bus, &f->ram, &why), 0);
    clock_init(&f->clk, 1000000000);
    f->h = hart_new(&f->bus, &f->clk, 0);
    hart_reset(f->h, RAM_BASE);
    f->at = RAM_BASE;
    *state = f;
    return 0;
}

static inline int fx_teardown(void **state)
{
    struct fx *f = *state;
    hart_free(f->h);
    region_destroy(&f->ram);
    free(f);
    return 0;
}

static inline void *fx_ptr(struct fx *f, uint64_t pa)
{
    return f->ram.mem + (pa - RAM_BASE);
}

static inline void emit32(struct fx *f, uint32_t w)
{
    memcpy(fx_ptr(f, f->at), &w, 4);
    f->at += 4;
}

static inline void emit16(struct fx *f, uint16_t w)
{
    memcpy(fx_ptr(f, f->at), &w, 2);
    f->at += 2;
}

/* Run exactly n instructions (traps count none; they still happen). */
static inline void fx_run(struct fx *f, uint64_t n)
{
    hart_flush_decode(f->h);
    f->h->insn_limit = f->h->instret + n;
    while (f->h->instret < f->h->insn_limit) {
        enum hart_stop s = hart_run(f->h);
        if (s != HART_DEADLINE)
            break;
        clock_run_due(&f->clk);
        clock_rearm(&f->clk);
    }
}

/* ---- Encoders (RISC-V unprivileged spec, "Base Instruction Formats") --- */
enum { OP_LUI = 0x37, OP_AUIPC = 0x17, OP_JAL = 0x6f, OP_JALR = 0x67,
       OP_BRANCH = 0x63, OP_LOAD = 0x03, OP_STORE = 0x23, OP_IMM = 0x13,
       OP_REG = 0x33, OP_IMM32 = 0x1b, OP_REG32 = 0x3b, OP_SYSTEM = 0x73,
       OP_AMO = 0x2f, OP_MISC = 0x0f };

static inline uint32_t enc_r(unsigned op, unsigned f3, unsigned f7, unsigned rd,
                             unsigned rs1, unsigned rs2)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
static inline uint32_t enc_i(unsigned op, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
static inline uint32_t enc_s(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (((u >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           ((u & 0x1f) << 7) | OP_STORE;
}
static inline uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3f) << 25) | (rs2 << 20) |
           (rs1 << 15) | (f3 << 12) | (((u >> 1) & 0xf) << 8) | (((u >> 11) & 1) << 7) |
           OP_BRANCH;
}
static inline uint32_t enc_u(unsigned op, unsigned rd, uint32_t imm)
{
    return (imm & 0xfffff000u) | (rd << 7) | op;
}
static inline uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3ff) << 21) | (((u >> 11) & 1) << 20) |
           (((u >> 12) & 0xff) << 12) | (rd << 7) | OP_JAL;
}
static inline uint32_t enc_csr(unsigned f3, unsigned rd, unsigned csr, unsigned rs1)
{
    return (csr << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | OP_SYSTEM;
}

#define ECALL  0x00000073u
#define EBREAK 0x00100073u
#define MRET   0x30200073u
#define SRET   0x10200073u
#define WFI    0x10500073u

/* A trap handler that spins (`jal x0, 0`), so a test can stop right after
 * a trap by running one instruction more. */
static inline void fx_spin_at(struct fx *f, uint64_t pa)
{
    uint32_t w = enc_j(0, 0);
    memcpy(fx_ptr(f, pa), &w, 4);
}

/* li rd, small constant */
static inline void emit_li(struct fx *f, unsigned rd, int32_t v)
{
    if (v >= -2048 && v < 2048) {
        emit32(f, enc_i(OP_IMM, 0, rd, 0, v));
    } else {
        uint32_t hi = ((uint32_t)v + 0x800) & 0xfffff000u;
        emit32(f, enc_u(OP_LUI, rd, hi));
        emit32(f, enc_i(OP_IMM32, 0, rd, rd, (int32_t)((uint32_t)v - hi)));
    }
}

#endif
