/*
 * test_cpu_priv.c -- CSR access rules, trap entry and return with
 * delegation, interrupts, and WFI, each against the privileged spec.
 */
#include "cpu_fixture.h"

#define VEC_M (RAM_BASE + 0x800)
#define VEC_S (RAM_BASE + 0x900)

/* Drop to privilege p at `at` through mret. */
static void enter(struct fx *f, enum priv p, uint64_t at)
{
    /* S and U may touch nothing until PMP says so: open all of memory. */
    assert_true(hart_csr_write(f->h, 0x3b0, ~0ull >> 10));   /* pmpaddr0: NAPOT everything */
    assert_true(hart_csr_write(f->h, 0x3a0, 0x1f));           /* pmpcfg0: NAPOT, RWX */
    f->h->mstatus = (f->h->mstatus & ~MSTATUS_MPP) | ((uint64_t)p << 11);
    f->h->mepc = at;
    f->h->mtvec = VEC_M;
    f->h->stvec = VEC_S;
    fx_spin_at(f, VEC_M);
    fx_spin_at(f, VEC_S);
    uint64_t save = f->at;
    f->at = RAM_BASE + 0x700;
    emit32(f, MRET);
    f->at = save;
    f->h->pc = RAM_BASE + 0x700;
    fx_run(f, 1);
    assert_int_equal(f->h->priv, p);
    assert_int_equal(f->h->pc, at);
}

static void test_cpu_pmp_blocks_s_mode_without_entries(void **state)
{
    struct fx *f = *state;
    f->h->mstatus = (f->h->mstatus & ~MSTATUS_MPP) | (1ull << 11);
    f->h->mepc = RAM_BASE + 0x40;
    f->h->mtvec = VEC_M;
    fx_spin_at(f, VEC_M);
    emit32(f, MRET);
    fx_run(f, 2);                                  /* mret, then the fetch in S faults */
    assert_int_equal(f->h->mcause, EXC_INSN_ACCESS);
    assert_int_equal(f->h->mtval, RAM_BASE + 0x40);
}

static void test_cpu_csr_mode_checks(void **state)
{
    struct fx *f = *state;
    f->at = RAM_BASE;
    emit32(f, enc_csr(2, 10, 0x300, 0));           /* csrr a0, mstatus (from S) */
    enter(f, PRIV_S, RAM_BASE);
    fx_run(f, 1);                                  /* the trap, then the handler's jump */
    assert_int_equal(f->h->priv, PRIV_M);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
    assert_int_equal(f->h->mtval, enc_csr(2, 10, 0x300, 0));
    assert_int_equal((f->h->mstatus >> 11) & 3, PRIV_S);   /* MPP remembers S */
}

static void test_cpu_csr_read_only_write_is_illegal(void **state)
{
    struct fx *f = *state;
    f->h->mtvec = VEC_M;
    fx_spin_at(f, VEC_M);
    emit32(f, enc_csr(2, 10, 0xf14, 0));           /* csrrs a0, mhartid, x0: a read, fine */
    emit32(f, enc_csr(1, 0, 0xf14, 10));           /* csrrw x0, mhartid, a0: illegal */
    fx_run(f, 2);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
    assert_int_equal(f->h->mepc, RAM_BASE + 4);
}

static void test_cpu_csr_counters_follow_counteren(void **state)
{
    struct fx *f = *state;
    emit32(f, enc_csr(2, 10, 0xc02, 0));           /* rdinstret a0 in U */
    f->h->mcounteren = 0x4;                        /* IR visible to S ... */
    f->h->scounteren = 0;                          /* ... but not to U */
    enter(f, PRIV_U, RAM_BASE);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
    /* Now allowed: minstret counts retired instructions. */
    hart_reset(f->h, RAM_BASE);
    f->at = RAM_BASE;
    emit32(f, enc_csr(2, 10, 0xc02, 0));
    emit32(f, enc_i(OP_IMM, 0, 0, 0, 0));
    emit32(f, enc_csr(2, 11, 0xc02, 0));
    f->h->mcounteren = f->h->scounteren = 0x7;
    enter(f, PRIV_U, RAM_BASE);
    fx_run(f, 3);
    assert_int_equal(f->h->x[11] - f->h->x[10], 2);
}

static void test_cpu_csr_warl_fields(void **state)
{
    struct fx *f = *state;
    assert_true(hart_csr_write(f->h, 0x305, RAM_BASE | 2));     /* mtvec mode 2: kept old */
    uint64_t v;
    assert_true(hart_csr_read(f->h, 0x305, &v));
    assert_int_equal(v, 0);
    assert_true(hart_csr_write(f->h, 0x180, 9ull << 60));       /* satp Sv48: ignored */
    assert_true(hart_csr_read(f->h, 0x180, &v));
    assert_int_equal(v, 0);
    assert_true(hart_csr_write(f->h, 0x300, 2ull << 11));       /* MPP = 2: kept old */
    assert_true(hart_csr_read(f->h, 0x300, &v));
    assert_int_equal((v >> 11) & 3, 0);
    assert_int_equal((v >> 32) & 0xf, 0xa);                     /* UXL = SXL = 64 bits */
    assert_true(hart_csr_read(f->h, 0x301, &v));                /* misa: RV64 ACIMSU */
    assert_int_equal(v, (2ull << 62) | 0x141105);
    assert_false(hart_csr_read(f->h, 0x3a1, &v));              /* pmpcfg1 does not exist on RV64 */
    assert_true(hart_csr_write(f->h, 0x302, ~0ull));            /* medeleg: not ecall-from-M */
    assert_true(hart_csr_read(f->h, 0x302, &v));
    assert_int_equal(v & (1u << 11), 0);
}

static void test_cpu_trap_ecall_delegated_to_s(void **state)
{
    struct fx *f = *state;
    f->h->medeleg = 1u << EXC_ECALL_U;
    emit32(f, ECALL);
    enter(f, PRIV_U, RAM_BASE);
    f->h->mstatus |= MSTATUS_SIE;
    fx_run(f, 1);
    assert_int_equal(f->h->priv, PRIV_S);
    assert_int_equal(f->h->scause, EXC_ECALL_U);
    assert_int_equal(f->h->sepc, RAM_BASE);
    assert_int_equal(f->h->pc, VEC_S);
    assert_int_equal(f->h->mstatus & MSTATUS_SPP, 0);           /* came from U */
    assert_int_equal(f->h->mstatus & MSTATUS_SIE, 0);
    assert_true(f->h->mstatus & MSTATUS_SPIE);
    assert_int_equal(f->h->mcause, 0);                          /* M saw nothing */
}

static void test_cpu_trap_ecall_from_s_not_delegated(void **state)
{
    struct fx *f = *state;
    f->h->medeleg = 1u << EXC_ECALL_U;                           /* only U's ecalls go to S */
    emit32(f, ECALL);
    enter(f, PRIV_S, RAM_BASE);
    fx_run(f, 1);
    assert_int_equal(f->h->priv, PRIV_M);
    assert_int_equal(f->h->mcause, EXC_ECALL_S);
    assert_int_equal(f->h->pc, VEC_M);                           /* the spin jumps to itself */
}

static void test_cpu_trap_sret_returns_and_tsr_traps(void **state)
{
    struct fx *f = *state;
    f->at = RAM_BASE;
    emit32(f, SRET);
    enter(f, PRIV_S, RAM_BASE);
    f->h->sepc = RAM_BASE + 0x40;
    f->h->mstatus |= MSTATUS_SPIE;                               /* SPP = U */
    fx_spin_at(f, RAM_BASE + 0x40);
    fx_run(f, 1);
    assert_int_equal(f->h->priv, PRIV_U);
    assert_int_equal(f->h->pc, RAM_BASE + 0x40);
    assert_true(f->h->mstatus & MSTATUS_SIE);

    /* With TSR, sret from S is illegal. */
    hart_reset(f->h, RAM_BASE);
    f->h->mstatus |= MSTATUS_TSR;
    enter(f, PRIV_S, RAM_BASE);
    fx_run(f, 1);
    assert_int_equal(f->h->priv, PRIV_M);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
}

static void test_cpu_trap_vectored_interrupt(void **state)
{
    struct fx *f = *state;
    emit32(f, enc_j(0, 0));                                      /* spin in M */
    f->h->mtvec = VEC_M | 1;                                     /* vectored */
    fx_spin_at(f, VEC_M + 4 * 7);
    f->h->mie = MIP_MTIP;
    f->h->mstatus |= MSTATUS_MIE;
    fx_run(f, 3);
    assert_int_equal(f->h->stats.interrupts, 0);
    hart_set_irq(f->h, MIP_MTIP, 1);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, (1ull << 63) | 7);
    assert_int_equal(f->h->pc, VEC_M + 4 * 7);
    assert_int_equal(f->h->mepc, RAM_BASE);
    assert_int_equal(f->h->mstatus & MSTATUS_MIE, 0);
}

static void test_cpu_trap_interrupt_priority_and_delegation(void **state)
{
    struct fx *f = *state;
    emit32(f, enc_j(0, 0));
    f->h->mideleg = MIP_STIP;
    f->h->mie = MIP_STIP | MIP_MEIP;
    enter(f, PRIV_S, RAM_BASE);
    hart_set_irq(f->h, MIP_MEIP, 1);
    f->h->mip |= MIP_STIP;
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, (1ull << 63) | 11);          /* M-level first */
    /* In M-mode the delegated STIP never traps, whatever SIE says. */
    hart_set_irq(f->h, MIP_MEIP, 0);
    f->h->mstatus |= MSTATUS_SIE;
    uint64_t before = f->h->stats.interrupts;
    fx_run(f, 5);
    assert_int_equal(f->h->stats.interrupts, before);
}

static void test_cpu_csr_mip_set_does_not_latch_the_external_line(void **state)
{
    struct fx *f = *state;
    hart_set_irq(f->h, MIP_SEIP, 1);                /* the PLIC drives SEIP */
    f->h->x[10] = MIP_SSIP;
    emit32(f, enc_csr(2, 11, 0x344, 10));           /* csrrs a1, mip, a0 */
    fx_run(f, 1);
    assert_true(f->h->x[11] & MIP_SEIP);            /* the read sees the line */
    hart_set_irq(f->h, MIP_SEIP, 0);                /* the PLIC drops it */
    uint64_t v;
    assert_true(hart_csr_read(f->h, 0x344, &v));
    assert_int_equal(v, MIP_SSIP);                  /* only what software set */
}

static void test_cpu_wfi_sleeps_until_event(void **state)
{
    struct fx *f = *state;
    emit32(f, WFI);
    emit32(f, enc_j(0, 0));
    hart_flush_decode(f->h);
    f->h->insn_limit = 10;
    assert_int_equal(hart_run(f->h), HART_IDLE_FOREVER);          /* nothing can wake it */
    assert_int_equal(f->h->pc, RAM_BASE + 4);
    assert_true(f->h->wfi);
    /* Pending-and-enabled in mie wakes WFI even with MIE clear (no trap). */
    f->h->mie = MIP_MSIP;
    hart_set_irq(f->h, MIP_MSIP, 1);
    fx_run(f, 1);
    assert_false(f->h->wfi);
    assert_int_equal(f->h->stats.interrupts, 0);
}

static void test_cpu_wfi_in_u_mode_is_illegal(void **state)
{
    struct fx *f = *state;
    emit32(f, WFI);
    enter(f, PRIV_U, RAM_BASE);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_ILLEGAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cpu_pmp_blocks_s_mode_without_entries, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_csr_mode_checks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_csr_read_only_write_is_illegal, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_csr_counters_follow_counteren, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_csr_warl_fields, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_trap_ecall_delegated_to_s, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_trap_ecall_from_s_not_delegated, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_trap_sret_returns_and_tsr_traps, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_trap_vectored_interrupt, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_trap_interrupt_priority_and_delegation, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_csr_mip_set_does_not_latch_the_external_line, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_wfi_sleeps_until_event, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_wfi_in_u_mode_is_illegal, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("cpu_priv", tests, NULL, NULL);
}
