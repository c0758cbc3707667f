/*
 * test_cpu_exec.c -- execute semantics of every instruction group, with
 * expected values worked out from the specification (edge cases first:
 * division by zero and overflow, shifts by 63, sign extension of W forms).
 */
#include "cpu_fixture.h"

/* Execute one R-type instruction on a and b, return rd (x12). */
static uint64_t run_r(struct fx *f, unsigned op, unsigned f3, unsigned f7, uint64_t a, uint64_t b)
{
    f->at = RAM_BASE;
    hart_reset(f->h, RAM_BASE);
    f->h->x[10] = a;
    f->h->x[11] = b;
    emit32(f, enc_r(op, f3, f7, 12, 10, 11));
    fx_run(f, 1);
    return f->h->x[12];
}

static uint64_t run_i(struct fx *f, unsigned op, unsigned f3, uint64_t a, int32_t imm)
{
    f->at = RAM_BASE;
    hart_reset(f->h, RAM_BASE);
    f->h->x[10] = a;
    emit32(f, enc_i(op, f3, 12, 10, imm));
    fx_run(f, 1);
    return f->h->x[12];
}

static void test_cpu_exec_alu(void **state)
{
    struct fx *f = *state;
    assert_int_equal(run_r(f, OP_REG, 0, 0x00, 5, 7), 12);                        /* add */
    assert_int_equal(run_r(f, OP_REG, 0, 0x20, 5, 7), (uint64_t)-2);              /* sub */
    assert_int_equal(run_r(f, OP_REG, 1, 0x00, 1, 63), 1ull << 63);               /* sll */
    assert_int_equal(run_r(f, OP_REG, 1, 0x00, 1, 64 + 3), 8);                    /* sll uses 6 bits */
    assert_int_equal(run_r(f, OP_REG, 2, 0x00, (uint64_t)-1, 0), 1);              /* slt */
    assert_int_equal(run_r(f, OP_REG, 3, 0x00, (uint64_t)-1, 0), 0);              /* sltu */
    assert_int_equal(run_r(f, OP_REG, 5, 0x20, 0x8000000000000000ull, 63), (uint64_t)-1); /* sra */
    assert_int_equal(run_r(f, OP_REG, 5, 0x00, 0x8000000000000000ull, 63), 1);    /* srl */
    assert_int_equal(run_i(f, OP_IMM, 0, 10, -11), (uint64_t)-1);                 /* addi */
    assert_int_equal(run_i(f, OP_IMM, 3, 5, -1), 1);                              /* sltiu: imm sign-extended then unsigned */
    assert_int_equal(run_i(f, OP_IMM, 4, 0xff, -1), ~0xffull);                    /* xori */
    assert_int_equal(run_i(f, OP_IMM, 5, 0x8000000000000000ull, 0x400 | 4), 0xf800000000000000ull); /* srai 4 */
    /* W forms sign-extend bit 31 of the 32-bit result. */
    assert_int_equal(run_i(f, OP_IMM32, 0, 0x7fffffff, 1), 0xffffffff80000000ull);  /* addiw */
    assert_int_equal(run_r(f, OP_REG32, 0, 0x00, 0xffffffff, 1), 0);                /* addw wraps */
    assert_int_equal(run_r(f, OP_REG32, 5, 0x20, 0x80000000, 31), (uint64_t)-1);    /* sraw */
    assert_int_equal(run_r(f, OP_REG32, 5, 0x00, 0x80000000, 31), 1);               /* srlw */
    assert_int_equal(run_r(f, OP_REG32, 1, 0x00, 1, 31), 0xffffffff80000000ull);    /* sllw */
    assert_int_equal(run_i(f, OP_IMM32, 1, 1, 31), 0xffffffff80000000ull);          /* slliw */
}

static void test_cpu_exec_writes_to_x0_are_lost(void **state)
{
    struct fx *f = *state;
    f->at = RAM_BASE;
    emit32(f, enc_i(OP_IMM, 0, 0, 0, 5));          /* addi x0, x0, 5 */
    emit32(f, enc_i(OP_IMM, 0, 1, 0, 0));          /* addi x1, x0, 0 */
    fx_run(f, 2);
    assert_int_equal(f->h->x[0], 0);
    assert_int_equal(f->h->x[1], 0);
}

static void test_cpu_exec_muldiv(void **state)
{
    struct fx *f = *state;
    const uint64_t min = 0x8000000000000000ull;
    assert_int_equal(run_r(f, OP_REG, 0, 1, (uint64_t)-3, 7), (uint64_t)-21);          /* mul */
    assert_int_equal(run_r(f, OP_REG, 1, 1, (uint64_t)-1, (uint64_t)-1), 0);           /* mulh */
    assert_int_equal(run_r(f, OP_REG, 1, 1, min, min), 0x4000000000000000ull);         /* mulh */
    assert_int_equal(run_r(f, OP_REG, 3, 1, ~0ull, ~0ull), ~0ull - 1);                 /* mulhu */
    assert_int_equal(run_r(f, OP_REG, 2, 1, (uint64_t)-1, ~0ull), ~0ull);              /* mulhsu */
    assert_int_equal(run_r(f, OP_REG, 4, 1, 7, 0), ~0ull);                             /* div by 0 */
    assert_int_equal(run_r(f, OP_REG, 4, 1, min, (uint64_t)-1), min);                  /* div overflow */
    assert_int_equal(run_r(f, OP_REG, 4, 1, (uint64_t)-7, 2), (uint64_t)-3);           /* rounds to zero */
    assert_int_equal(run_r(f, OP_REG, 5, 1, 7, 0), ~0ull);                             /* divu by 0 */
    assert_int_equal(run_r(f, OP_REG, 6, 1, 7, 0), 7);                                 /* rem by 0 */
    assert_int_equal(run_r(f, OP_REG, 6, 1, min, (uint64_t)-1), 0);                    /* rem overflow */
    assert_int_equal(run_r(f, OP_REG, 6, 1, (uint64_t)-7, 2), (uint64_t)-1);           /* sign of dividend */
    assert_int_equal(run_r(f, OP_REG, 7, 1, 7, 0), 7);                                 /* remu by 0 */
    assert_int_equal(run_r(f, OP_REG32, 0, 1, 0x10000, 0x10000), 0);                   /* mulw */
    assert_int_equal(run_r(f, OP_REG32, 4, 1, 0x80000000, (uint64_t)-1), 0xffffffff80000000ull); /* divw overflow */
    assert_int_equal(run_r(f, OP_REG32, 5, 1, 0xffffffff, 0), ~0ull);                  /* divuw by 0 */
    assert_int_equal(run_r(f, OP_REG32, 6, 1, 0x80000000, (uint64_t)-1), 0);           /* remw overflow */
    assert_int_equal(run_r(f, OP_REG32, 7, 1, 0x80000005, 0), 0xffffffff80000005ull);  /* remuw by 0 */
}

static void test_cpu_exec_loads_and_stores(void **state)
{
    struct fx *f = *state;
    uint64_t data = RAM_BASE + 0x1000;
    f->h->x[10] = data;
    f->h->x[11] = 0x8899aabbccddeeffull;
    emit32(f, enc_s(3, 10, 11, 0));                 /* sd a1, 0(a0) */
    emit32(f, enc_i(OP_LOAD, 0, 12, 10, 7));        /* lb a2, 7(a0) */
    emit32(f, enc_i(OP_LOAD, 4, 13, 10, 7));        /* lbu a3, 7(a0) */
    emit32(f, enc_i(OP_LOAD, 1, 14, 10, 6));        /* lh a4, 6(a0) */
    emit32(f, enc_i(OP_LOAD, 2, 15, 10, 4));        /* lw a5, 4(a0) */
    emit32(f, enc_i(OP_LOAD, 6, 16, 10, 4));        /* lwu a6, 4(a0) */
    emit32(f, enc_i(OP_LOAD, 3, 17, 10, 1));        /* ld a7, 1(a0): misaligned, handled */
    emit32(f, enc_s(0, 10, 0, 9));                  /* sb zero, 9(a0) */
    fx_run(f, 8);
    assert_int_equal(f->h->x[12], 0xffffffffffffff88ull);
    assert_int_equal(f->h->x[13], 0x88);
    assert_int_equal(f->h->x[14], 0xffffffffffff8899ull);
    assert_int_equal(f->h->x[15], 0xffffffff8899aabbull);
    assert_int_equal(f->h->x[16], 0x8899aabbull);
    assert_int_equal(f->h->x[17], 0x008899aabbccddeeull);
    assert_int_equal(f->h->pc, RAM_BASE + 32);
    assert_int_equal(f->h->stats.traps, 0);
}

static void test_cpu_exec_branches_and_jumps(void **state)
{
    struct fx *f = *state;
    /* 0: li a0,3  4: addi a0,a0,-1  8: bne a0,x0,-4  c: jal ra,+8  10: (skipped)  14: jalr x0,0(ra) */
    emit_li(f, 10, 3);
    emit32(f, enc_i(OP_IMM, 0, 10, 10, -1));
    emit32(f, enc_b(1, 10, 0, -4));
    emit32(f, enc_j(1, 8));
    emit32(f, enc_i(OP_IMM, 0, 11, 0, 99));
    emit32(f, enc_i(OP_JALR, 0, 5, 1, 1));           /* jalr t0, 1(ra): bit 0 cleared */
    fx_run(f, 1 + 3 * 2 + 1 + 1);
    assert_int_equal(f->h->x[10], 0);
    assert_int_equal(f->h->x[1], RAM_BASE + 0x10);
    assert_int_equal(f->h->x[5], RAM_BASE + 0x18);
    assert_int_equal(f->h->pc, RAM_BASE + 0x10);
    assert_int_equal(f->h->x[11], 0);
    /* blt/bge/bltu/bgeu on signed vs unsigned -1 and 1 */
    f->at = RAM_BASE;
    hart_reset(f->h, RAM_BASE);
    f->h->x[10] = (uint64_t)-1;
    f->h->x[11] = 1;
    emit32(f, enc_b(4, 10, 11, 8));                  /* blt taken -> 8 */
    emit32(f, 0);
    emit32(f, enc_b(7, 10, 11, 8));                  /* bgeu taken -> 0x10 */
    emit32(f, 0);
    emit32(f, enc_b(6, 10, 11, 8));                  /* bltu not taken -> 0x14 */
    emit32(f, enc_b(5, 10, 11, 8));                  /* bge not taken -> 0x18 */
    fx_run(f, 4);
    assert_int_equal(f->h->pc, RAM_BASE + 0x18);
}

static void test_cpu_exec_lui_auipc(void **state)
{
    struct fx *f = *state;
    emit32(f, enc_u(OP_LUI, 10, 0x80000000u));
    emit32(f, enc_u(OP_AUIPC, 11, 0x1000));
    fx_run(f, 2);
    assert_int_equal(f->h->x[10], 0xffffffff80000000ull);
    assert_int_equal(f->h->x[11], RAM_BASE + 4 + 0x1000);
}

static void test_cpu_exec_atomics(void **state)
{
    struct fx *f = *state;
    uint64_t data = RAM_BASE + 0x2000;
    uint64_t *mem = fx_ptr(f, data);
    *mem = 5;
    f->h->x[10] = data;
    f->h->x[11] = (uint64_t)-3;
    emit32(f, enc_r(OP_AMO, 3, 0x00 << 2, 12, 10, 11));   /* amoadd.d a2, a1, (a0) */
    emit32(f, enc_r(OP_AMO, 3, 0x10 << 2, 13, 10, 11));   /* amomin.d a3 */
    emit32(f, enc_r(OP_AMO, 3, 0x1c << 2, 14, 10, 0));    /* amomaxu.d a4, zero: keeps -3 */
    emit32(f, enc_r(OP_AMO, 2, 0x01 << 2, 15, 10, 0));    /* amoswap.w a5, zero: low word only */
    fx_run(f, 4);
    assert_int_equal(f->h->x[12], 5);                     /* old value of amoadd */
    assert_int_equal(f->h->x[13], 2);                     /* 5 + -3 */
    assert_int_equal(f->h->x[14], (uint64_t)-3);          /* min(2, -3) signed */
    assert_int_equal(f->h->x[15], (uint64_t)-3);          /* low word, sign-extended */
    assert_int_equal(*mem, 0xffffffff00000000ull);

    /* lr/sc: succeeds on the reserved address, fails without a reservation. */
    f->at = RAM_BASE;
    hart_reset(f->h, RAM_BASE);
    *mem = 40;
    f->h->x[10] = data;
    f->h->x[11] = 41;
    emit32(f, enc_r(OP_AMO, 3, 0x02 << 2, 12, 10, 0));    /* lr.d a2, (a0) */
    emit32(f, enc_r(OP_AMO, 3, 0x03 << 2, 13, 10, 11));   /* sc.d a3, a1, (a0) */
    emit32(f, enc_r(OP_AMO, 3, 0x03 << 2, 14, 10, 11));   /* sc.d again: no reservation */
    fx_run(f, 3);
    assert_int_equal(f->h->x[12], 40);
    assert_int_equal(f->h->x[13], 0);
    assert_int_equal(f->h->x[14], 1);
    assert_int_equal(*mem, 41);

    /* A misaligned AMO raises store/AMO address misaligned. */
    f->at = RAM_BASE;
    hart_reset(f->h, RAM_BASE);
    f->h->mtvec = RAM_BASE + 0x100;
    fx_spin_at(f, RAM_BASE + 0x100);
    f->h->x[10] = data + 4;
    emit32(f, enc_r(OP_AMO, 3, 0, 12, 10, 11));
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_STORE_MISALIGNED);
    assert_int_equal(f->h->mtval, data + 4);
    assert_int_equal(f->h->pc, RAM_BASE + 0x100);
}

static void test_cpu_exec_compressed(void **state)
{
    struct fx *f = *state;
    emit16(f, 0x4515);        /* c.li a0, 5 */
    emit16(f, 0x0505);        /* c.addi a0, 1 */
    emit16(f, 0x852e);        /* c.mv a0, a1 (a1 = 0) -> overwritten below */
    emit16(f, 0x952e);        /* c.add a0, a1 */
    emit16(f, 0x657d);        /* c.lui a0, 0x1f */
    emit16(f, 0x357d);        /* c.addiw a0, -1 */
    fx_run(f, 2);
    assert_int_equal(f->h->x[10], 6);
    fx_run(f, 4);
    assert_int_equal(f->h->x[10], 0x1f000 - 1);
    assert_int_equal(f->h->pc, RAM_BASE + 12);
}

static void test_cpu_exec_self_modifying_code_is_seen(void **state)
{
    struct fx *f = *state;
    /* A loop that rewrites its own next instruction: the decoded copy must go. */
    uint64_t patch = RAM_BASE + 8;
    f->h->x[10] = patch;
    f->h->x[11] = enc_i(OP_IMM, 0, 12, 0, 77);           /* addi a2, x0, 77 */
    emit32(f, enc_s(2, 10, 11, 0));                      /* sw a1, 0(a0) */
    emit32(f, enc_i(OP_IMM, 0, 0, 0, 0));                /* nop */
    emit32(f, enc_i(OP_IMM, 0, 12, 0, 1));               /* addi a2, x0, 1 (patched) */
    /* Decode it once as it is, then run the patching store. */
    f->h->insn_limit = f->h->instret;                    /* decode happens on the first run */
    fx_run(f, 3);
    assert_int_equal(f->h->x[12], 77);
}

static void test_cpu_exec_illegal_instruction_traps_with_bits(void **state)
{
    struct fx *f = *state;
    f->h->mtvec = RAM_BASE + 0x100;
    fx_spin_at(f, RAM_BASE + 0x100);
    emit32(f, 0xffffffff);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
    assert_int_equal(f->h->mtval, 0xffffffff);
    assert_int_equal(f->h->mepc, RAM_BASE);
    assert_int_equal(f->h->instret, 1);            /* only the handler's jump retired */
}

static void test_cpu_exec_trap_loop_is_detected(void **state)
{
    struct fx *f = *state;
    f->h->mtvec = RAM_BASE;                        /* the vector itself is illegal */
    emit32(f, 0xffffffff);
    hart_flush_decode(f->h);
    f->h->insn_limit = 1000;
    assert_int_equal(hart_run(f->h), HART_TRAP_LOOP);
    assert_int_equal(f->h->instret, 0);
    assert_true(f->clk.cycle >= HART_TRAP_LOOP_LIMIT);   /* trap entry costs time */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cpu_exec_alu, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_writes_to_x0_are_lost, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_muldiv, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_loads_and_stores, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_branches_and_jumps, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_lui_auipc, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_atomics, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_compressed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_self_modifying_code_is_seen, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_illegal_instruction_traps_with_bits, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_exec_trap_loop_is_detected, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("cpu_exec", tests, NULL, NULL);
}
