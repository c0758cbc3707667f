/*
 * test_plic.c -- the PLIC as QEMU virt lays it out: priorities, enables
 * per context, thresholds, claim/complete, level-triggered sources that
 * re-pend after completion while still asserted, and context 0 -> MEIP,
 * context 1 -> SEIP.
 */
#include "dev_fixture.h"

#define PRIO(src)      (0x000000 + 4 * (src))
#define PENDING        0x001000
#define ENABLE(ctx)    (0x002000 + 0x80 * (ctx))
#define THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx)     (0x200004 + 0x1000 * (ctx))

static int setup(void **state)
{
    *state = dfx_new(&plic_ops, NULL, 100);
    return 0;
}

static int teardown(void **state)
{
    dfx_free(*state);
    return 0;
}

static uint32_t rd(struct dfx *f, uint64_t off) { return (uint32_t)dfx_rd(f, off, 4); }
static void wr(struct dfx *f, uint64_t off, uint32_t v) { dfx_wr(f, off, v, 4); }
static void line(struct dfx *f, int src, int level)
{
    struct irq_line l = plic_ops.irq_source(f->dev, src);
    irq_set(&l, level);
}

static void test_plic_needs_priority_enable_and_threshold(void **state)
{
    struct dfx *f = *state;
    line(f, 10, 1);
    assert_int_equal(rd(f, PENDING), 1u << 10);
    assert_int_equal(f->meip.level, 0);        /* priority 0: never */
    wr(f, PRIO(10), 1);
    assert_int_equal(f->meip.level, 0);        /* not enabled */
    wr(f, ENABLE(0), 1u << 10);
    assert_int_equal(f->meip.level, 1);
    assert_int_equal(f->seip.level, 0);        /* context 1 did not enable it */
    wr(f, THRESHOLD(0), 1);                    /* priority must exceed it */
    assert_int_equal(f->meip.level, 0);
    wr(f, THRESHOLD(0), 0);
    assert_int_equal(f->meip.level, 1);
}

static void test_plic_context1_drives_seip(void **state)
{
    struct dfx *f = *state;
    wr(f, PRIO(33), 2);
    wr(f, ENABLE(1) + 4, 1u << 1);             /* source 33 is bit 1 of word 1 */
    line(f, 33, 1);
    assert_int_equal(rd(f, PENDING + 4), 1u << 1);
    assert_int_equal(f->seip.level, 1);
    assert_int_equal(f->meip.level, 0);
    assert_int_equal(rd(f, CLAIM(1)), 33);
    assert_int_equal(f->seip.level, 0);
}

static void test_plic_claim_order_priority_then_lowest_id(void **state)
{
    struct dfx *f = *state;
    wr(f, ENABLE(0), (1u << 3) | (1u << 5) | (1u << 7));
    wr(f, PRIO(3), 2);
    wr(f, PRIO(5), 5);
    wr(f, PRIO(7), 5);
    line(f, 3, 1);
    line(f, 5, 1);
    line(f, 7, 1);
    assert_int_equal(rd(f, CLAIM(0)), 5);      /* highest priority, lower id */
    assert_int_equal(rd(f, CLAIM(0)), 7);
    assert_int_equal(rd(f, CLAIM(0)), 3);
    assert_int_equal(rd(f, CLAIM(0)), 0);      /* all claimed */
    assert_int_equal(f->meip.level, 0);
    assert_int_equal(rd(f, PENDING), 0);
}

static void test_plic_level_source_repends_after_complete(void **state)
{
    struct dfx *f = *state;
    wr(f, PRIO(10), 1);
    wr(f, ENABLE(0), 1u << 10);
    line(f, 10, 1);
    assert_int_equal(rd(f, CLAIM(0)), 10);
    assert_int_equal(f->meip.level, 0);
    line(f, 10, 1);                            /* still high: gateway blocked */
    assert_int_equal(rd(f, PENDING), 0);
    wr(f, CLAIM(0), 10);                       /* complete, line still high */
    assert_int_equal(rd(f, PENDING), 1u << 10);
    assert_int_equal(f->meip.level, 1);
    assert_int_equal(rd(f, CLAIM(0)), 10);
    line(f, 10, 0);                            /* the device was served */
    wr(f, CLAIM(0), 10);
    assert_int_equal(rd(f, PENDING), 0);
    assert_int_equal(f->meip.level, 0);
}

static void test_plic_pending_latches_until_claimed(void **state)
{
    struct dfx *f = *state;
    wr(f, PRIO(10), 1);
    wr(f, ENABLE(0), 1u << 10);
    line(f, 10, 1);
    assert_int_equal(f->meip.level, 1);
    line(f, 10, 0);                            /* dropped before the claim */
    assert_int_equal(f->meip.level, 1);        /* still pending, as on QEMU */
    assert_int_equal(rd(f, PENDING), 1u << 10);
    assert_int_equal(rd(f, CLAIM(0)), 10);
    assert_int_equal(f->meip.level, 0);
    wr(f, CLAIM(0), 10);                       /* line low: not pending again */
    assert_int_equal(rd(f, PENDING), 0);
    assert_int_equal(rd(f, CLAIM(0)), 0);
}

static void test_plic_priority_has_three_bits(void **state)
{
    struct dfx *f = *state;
    uint64_t before = dev_guest_error_count();
    struct capture c;
    wr(f, PRIO(4), 7);
    assert_int_equal(rd(f, PRIO(4)), 7);
    capture_begin(&c);
    wr(f, PRIO(4), 9);
    capture_end(&c);
    assert_int_equal(rd(f, PRIO(4)), 1);       /* WARL, as QEMU: 9 & 7 */
    assert_int_equal(dev_guest_error_count() - before, 1);
    wr(f, THRESHOLD(1), 3);
    assert_int_equal(rd(f, THRESHOLD(1)), 3);
    capture_begin(&c);
    wr(f, THRESHOLD(1), 9);
    capture_end(&c);
    assert_int_equal(rd(f, THRESHOLD(1)), 1);  /* WARL too */
    assert_int_equal(dev_guest_error_count() - before, 2);
}

static void test_plic_misuse_is_a_guest_error(void **state)
{
    struct dfx *f = *state;
    struct capture c;
    uint64_t before = dev_guest_error_count();
    wr(f, PRIO(10), 1);
    line(f, 10, 1);                            /* pending but not enabled */
    capture_begin(&c);
    wr(f, PENDING, 0xffffffff);                /* read-only */
    wr(f, CLAIM(0), 10);                       /* source 10 not enabled for ctx 0 */
    wr(f, THRESHOLD(0), 8);                    /* 3 bits: keeps 0 */
    dfx_rd(f, PRIO(10), 1);                    /* 32-bit registers only */
    wr(f, THRESHOLD(2), 0);                    /* no context 2 */
    const char *err = capture_end(&c);
    assert_int_equal(dev_guest_error_count() - before, 5);
    assert_contains(err, "simscm: plic: register pending: value 0xffffffff: "
                         "the pending bits are read-only");
    assert_contains(err, "register claim0: value 0xa: completion of source 10, "
                         "which is not enabled for context 0");
    assert_int_equal(rd(f, THRESHOLD(0)), 0);
    assert_int_equal(rd(f, PENDING), 1u << 10);
}

static void test_plic_reset_clears_state_and_lowers_outputs(void **state)
{
    struct dfx *f = *state;
    wr(f, PRIO(10), 3);
    wr(f, ENABLE(0), 1u << 10);
    line(f, 10, 1);
    assert_int_equal(f->meip.level, 1);
    plic_ops.reset(f->dev);
    assert_int_equal(f->meip.level, 0);
    assert_int_equal(rd(f, PRIO(10)), 0);
    assert_int_equal(rd(f, ENABLE(0)), 0);
    assert_int_equal(rd(f, PENDING), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plic_needs_priority_enable_and_threshold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_context1_drives_seip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_claim_order_priority_then_lowest_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_level_source_repends_after_complete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_pending_latches_until_claimed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_priority_has_three_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_misuse_is_a_guest_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plic_reset_clears_state_and_lowers_outputs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
