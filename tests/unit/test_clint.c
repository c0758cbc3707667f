/*
 * test_clint.c -- msip, mtimecmp and mtime: mtime follows simulated time
 * (10 MHz, so 100 cycles per tick at the fixture's 1 GHz), MTIP rises at
 * exactly the first cycle where mtime reaches mtimecmp, through one event,
 * and falls when mtimecmp moves to the future.
 */
#include "dev_fixture.h"

#define MSIP     0x0000
#define MTIMECMP 0x4000
#define MTIME    0xbff8

static int setup(void **state)
{
    *state = dfx_new(&clint_ops, NULL, 100);
    return 0;
}

static int teardown(void **state)
{
    dfx_free(*state);
    return 0;
}

static void test_clint_reset_state(void **state)
{
    struct dfx *f = *state;
    assert_int_equal(dfx_rd(f, MSIP, 4), 0);
    assert_int_equal(dfx_rd(f, MTIMECMP, 8), 0);
    assert_int_equal(dfx_rd(f, MTIME, 8), 0);
    /* mtime 0 >= mtimecmp 0: MTIP pending from reset, as on QEMU virt. */
    assert_int_equal(f->mtip.level, 1);
    assert_int_equal(f->msip.level, 0);
    assert_null(f->m.clk.queue);               /* no timer armed */
}

static void test_clint_mtime_follows_simulated_time(void **state)
{
    struct dfx *f = *state;
    f->m.clk.cycle = 12345;
    assert_int_equal(dfx_rd(f, MTIME, 8), 123);
    f->m.clk.cycle = 1000000000;               /* one simulated second */
    assert_int_equal(dfx_rd(f, MTIME, 8), 10000000);
    assert_int_equal(dfx_rd(f, MTIME, 4), 10000000);
    assert_int_equal(dfx_rd(f, MTIME + 4, 4), 0);
}

static void test_clint_mtip_rises_at_the_exact_cycle(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, MTIMECMP, 50, 8);                /* mtime 50 = cycle 5000 */
    assert_int_equal(f->mtip.level, 0);
    assert_non_null(f->m.clk.queue);
    assert_int_equal(f->m.clk.queue->when, 5000);
    assert_int_equal(f->m.clk.deadline, 5000);
    dfx_advance(f, 4999);
    assert_int_equal(f->mtip.level, 0);
    dfx_advance(f, 5000);
    assert_int_equal(f->mtip.level, 1);
    assert_null(f->m.clk.queue);
}

static void test_clint_rewriting_mtimecmp_lowers_mtip(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, MTIMECMP, 10, 8);
    dfx_advance(f, 1000);
    assert_int_equal(f->mtip.level, 1);
    dfx_wr(f, MTIMECMP, 30, 8);                /* in the future again */
    assert_int_equal(f->mtip.level, 0);
    assert_int_equal(f->m.clk.queue->when, 3000);
    dfx_wr(f, MTIMECMP, 5, 8);                 /* in the past: at once */
    assert_int_equal(f->mtip.level, 1);
    assert_null(f->m.clk.queue);
}

static void test_clint_mtimecmp_halves(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, MTIMECMP + 4, 0x00000001, 4);    /* high half first: far future */
    dfx_wr(f, MTIMECMP, 0x00000020, 4);
    assert_int_equal(dfx_rd(f, MTIMECMP, 8), 0x0000000100000020ull);
    assert_int_equal(dfx_rd(f, MTIMECMP + 4, 4), 1);
    assert_int_equal(f->mtip.level, 0);
    assert_int_equal(f->m.clk.queue->when, 0x0000000100000020ull * 100);
}

static void test_clint_far_future_mtimecmp_schedules_nothing(void **state)
{
    struct dfx *f = *state;
    /* mtime UINT64_MAX - 1 is beyond 2^64 cycles at 1 GHz: it never comes. */
    dfx_wr(f, MTIMECMP, UINT64_MAX - 1, 8);
    assert_int_equal(f->mtip.level, 0);
    assert_null(f->m.clk.queue);
}

static void test_clint_mtime_write_moves_the_timer(void **state)
{
    struct dfx *f = *state;
    f->m.clk.cycle = 1000;                     /* mtime 10 */
    dfx_wr(f, MTIMECMP, 500, 8);
    assert_int_equal(f->m.clk.queue->when, 50000);
    dfx_wr(f, MTIME, 400, 8);                  /* jump ahead by 390 ticks */
    assert_int_equal(dfx_rd(f, MTIME, 8), 400);
    assert_int_equal(f->m.clk.queue->when, 1000 + 100 * 100);
    f->m.clk.cycle = 2000;
    assert_int_equal(dfx_rd(f, MTIME, 8), 410);
    dfx_wr(f, MTIME, 600, 8);                  /* past mtimecmp */
    assert_int_equal(f->mtip.level, 1);
    /* Reset puts mtime back on the clock's time and mtimecmp at 0. */
    clint_ops.reset(f->dev);
    assert_int_equal(dfx_rd(f, MTIME, 8), 20);
    assert_int_equal(dfx_rd(f, MTIMECMP, 8), 0);
    assert_int_equal(f->mtip.level, 1);
    assert_null(f->m.clk.queue);
}

static void test_clint_msip_bit0(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, MSIP, 1, 4);
    assert_int_equal(f->msip.level, 1);
    assert_int_equal(dfx_rd(f, MSIP, 4), 1);
    dfx_wr(f, MSIP, 0, 4);
    assert_int_equal(f->msip.level, 0);
}

static void test_clint_misuse_is_a_guest_error(void **state)
{
    struct dfx *f = *state;
    struct capture c;
    uint64_t before = dev_guest_error_count();
    capture_begin(&c);
    dfx_wr(f, MSIP, 3, 4);                     /* only bit 0 exists */
    dfx_wr(f, MSIP, 1, 1);                     /* byte access */
    dfx_wr(f, 0x1000, 1, 4);                   /* nothing there */
    assert_int_equal(dfx_rd(f, 0x8000, 4), 0);
    const char *err = capture_end(&c);
    assert_int_equal(dev_guest_error_count() - before, 4);
    assert_contains(err, "simscm: clint: register msip: value 0x3: only bit 0");
    assert_int_equal(f->msip.level, 1);        /* the 3 still set bit 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clint_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_mtime_follows_simulated_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_mtip_rises_at_the_exact_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_rewriting_mtimecmp_lowers_mtip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_mtimecmp_halves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_far_future_mtimecmp_schedules_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_mtime_write_moves_the_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_msip_bit0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clint_misuse_is_a_guest_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
