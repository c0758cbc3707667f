/*
 * test_finisher.c -- the sifive_test finisher turns guest writes into
 * machine requests (and kicks the clock so the hart stops at once); the
 * codes are QEMU's.
 */
#include "dev_fixture.h"
#include "platform.h"

static int setup(void **state)
{
    struct dfx *f = dfx_new(&finisher_ops, NULL, 100);
    f->m.clk.deadline = 123456;                /* something other than "stop now" */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    dfx_free(*state);
    return 0;
}

static void test_finisher_pass_requests_exit_0(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, 0, FINISHER_PASS, 4);
    assert_int_equal(f->m.req, MACHINE_REQ_EXIT);
    assert_int_equal(f->m.req_code, 0);
    assert_int_equal(f->m.clk.deadline, 0);    /* kicked */
}

static void test_finisher_fail_carries_the_code(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, 0, (42u << 16) | FINISHER_FAIL, 4);
    assert_int_equal(f->m.req, MACHINE_REQ_EXIT);
    assert_int_equal(f->m.req_code, 42);
}

static void test_finisher_reset_requests_reset(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, 0, FINISHER_RESET, 4);
    assert_int_equal(f->m.req, MACHINE_REQ_RESET);
    assert_int_equal(f->m.clk.deadline, 0);
}

static void test_finisher_first_request_wins(void **state)
{
    struct dfx *f = *state;
    dfx_wr(f, 0, (7u << 16) | FINISHER_FAIL, 4);
    dfx_wr(f, 0, FINISHER_PASS, 4);
    assert_int_equal(f->m.req, MACHINE_REQ_EXIT);
    assert_int_equal(f->m.req_code, 7);
}

static void test_finisher_unknown_command_is_a_guest_error(void **state)
{
    struct dfx *f = *state;
    struct capture c;
    uint64_t before = dev_guest_error_count();
    capture_begin(&c);
    dfx_wr(f, 0, 0x1234, 4);
    dfx_wr(f, 8, FINISHER_PASS, 4);            /* wrong offset: no exit either */
    const char *err = capture_end(&c);
    assert_int_equal(dev_guest_error_count() - before, 2);
    assert_contains(err, "simscm: finisher: register status: value 0x1234: unknown command");
    assert_int_equal(f->m.req, MACHINE_REQ_NONE);
    assert_int_equal(f->m.clk.deadline, 123456);
    assert_int_equal(dfx_rd(f, 0, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_finisher_pass_requests_exit_0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finisher_fail_carries_the_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finisher_reset_requests_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finisher_first_request_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finisher_unknown_command_is_a_guest_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
