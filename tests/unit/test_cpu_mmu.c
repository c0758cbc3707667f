/*
 * test_cpu_mmu.c -- Sv39 walks: leaf and pointer PTEs, hardware A/D update,
 * permission faults with the right cause and tval, SUM, misaligned
 * superpages, and the TLB being flushed by sfence.vma.
 */
#include "cpu_fixture.h"

#define ROOT (RAM_BASE + 0x10000)
#define L1   (RAM_BASE + 0x11000)
#define L0   (RAM_BASE + 0x12000)
#define PG_A (RAM_BASE + 0x20000)
#define PG_B (RAM_BASE + 0x21000)
#define CODE (RAM_BASE + 0x100)
#define VEC  (RAM_BASE + 0x800)

enum { V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128 };

static uint64_t pte(uint64_t pa, unsigned flags) { return ((pa >> 12) << 10) | flags; }
static uint64_t *slot(struct fx *f, uint64_t table, unsigned i) { return (uint64_t *)fx_ptr(f, table) + i; }

static void build_tables(struct fx *f)
{
    *slot(f, ROOT, 2) = pte(0x80000000, V | R | W | X | A | D);   /* 1 GiB identity for the code */
    *slot(f, ROOT, 0) = pte(L1, V);
    *slot(f, L1, 0) = pte(L0, V);
    *slot(f, L0, 1) = pte(PG_A, V | R | W | U);                   /* 0x1000: A and D clear */
    *slot(f, L0, 2) = pte(PG_B, V | R | U | A);                   /* 0x2000: read-only */
    *slot(f, L1, 1) = pte(RAM_BASE + 0x1000, V | R | W | A | D);  /* 0x200000: misaligned 2 MiB leaf */
    *slot(f, L0, 3) = pte(PG_B, V | W | U);                       /* 0x3000: W without R: reserved */
}

/* Run the code at CODE in S-mode with Sv39 on. */
static void start_s(struct fx *f)
{
    assert_true(hart_csr_write(f->h, 0x3b0, ~0ull >> 10));
    assert_true(hart_csr_write(f->h, 0x3a0, 0x1f));
    assert_true(hart_csr_write(f->h, 0x180, (8ull << 60) | (ROOT >> 12)));
    f->h->priv = PRIV_S;
    f->h->mtvec = VEC;
    fx_spin_at(f, VEC);
    f->h->pc = CODE;
    hart_flush_tlb(f->h);
}

static void test_cpu_mmu_sets_accessed_and_dirty(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x1000;
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));        /* ld a1, 0(a0) */
    emit32(f, enc_s(3, 10, 11, 8));                 /* sd a1, 8(a0) */
    *(uint64_t *)fx_ptr(f, PG_A) = 0x1234;
    f->h->mstatus |= MSTATUS_SUM;                   /* S touching a U page */
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->x[11], 0x1234);
    assert_int_equal(*slot(f, L0, 1) & (A | D), A);
    fx_run(f, 1);
    assert_int_equal(*slot(f, L0, 1) & (A | D), A | D);
    assert_int_equal(*(uint64_t *)fx_ptr(f, PG_A + 8), 0x1234);
}

static void test_cpu_mmu_store_to_read_only_page_faults(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x2008;
    emit32(f, enc_s(3, 10, 0, 0));
    f->h->mstatus |= MSTATUS_SUM;
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_STORE_PAGE);
    assert_int_equal(f->h->mtval, 0x2008);
    assert_int_equal(f->h->mepc, CODE);
}

static void test_cpu_mmu_sum_guards_user_pages(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x1000;
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));
    start_s(f);                                     /* SUM clear */
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_LOAD_PAGE);
    assert_int_equal(f->h->mtval, 0x1000);
    assert_int_equal(*slot(f, L0, 1) & A, 0);       /* a faulting walk sets nothing */
}

static void test_cpu_mmu_misaligned_superpage_and_reserved_pte(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x200000;
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_LOAD_PAGE);
    assert_int_equal(f->h->mtval, 0x200000);

    hart_reset(f->h, CODE);
    f->at = CODE;
    f->h->x[10] = 0x3000;
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));
    f->h->mstatus |= MSTATUS_SUM;
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_LOAD_PAGE);
    assert_int_equal(f->h->mtval, 0x3000);
}

static void test_cpu_mmu_noncanonical_address_faults(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x0000008000000000ull;           /* bit 39 set, bits 63:40 clear */
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->mcause, EXC_LOAD_PAGE);
    assert_int_equal(f->h->mtval, 0x0000008000000000ull);
}

static void test_cpu_mmu_sfence_drops_stale_translation(void **state)
{
    struct fx *f = *state;
    build_tables(f);
    f->at = CODE;
    f->h->x[10] = 0x1000;
    emit32(f, enc_i(OP_LOAD, 3, 11, 10, 0));        /* load through the old mapping */
    emit32(f, 0x12000073);                          /* sfence.vma (after the remap below) */
    emit32(f, enc_i(OP_LOAD, 3, 12, 10, 0));        /* load through the new one */
    *(uint64_t *)fx_ptr(f, PG_A) = 1;
    *(uint64_t *)fx_ptr(f, PG_B) = 2;
    f->h->mstatus |= MSTATUS_SUM;
    start_s(f);
    fx_run(f, 1);
    assert_int_equal(f->h->x[11], 1);
    *slot(f, L0, 1) = pte(PG_B, V | R | W | U | A | D);   /* remap 0x1000 -> PG_B */
    fx_run(f, 2);
    assert_int_equal(f->h->x[12], 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cpu_mmu_sets_accessed_and_dirty, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_mmu_store_to_read_only_page_faults, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_mmu_sum_guards_user_pages, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_mmu_misaligned_superpage_and_reserved_pte, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_mmu_noncanonical_address_faults, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cpu_mmu_sfence_drops_stale_translation, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("cpu_mmu", tests, NULL, NULL);
}
