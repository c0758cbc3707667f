/*
 * test_uart.c -- the 16550A as a guest driver sees it: reset values,
 * transmit to the console, the receive FIFO fed from a script in simulated
 * time, the interrupt sources and their priority, the divisor latch,
 * loopback, and guest errors for misuse.
 */
#include "dev_fixture.h"

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3,
       MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static struct dfx *uart(const char *script, uint32_t gap_us)
{
    return dfx_new(&uart_ops, script, gap_us);
}

static uint8_t rd(struct dfx *f, unsigned reg) { return (uint8_t)dfx_rd(f, reg, 1); }
static void wr(struct dfx *f, unsigned reg, uint8_t v) { dfx_wr(f, reg, v, 1); }

static void test_uart_reset_values_match_qemu(void **state)
{
    struct dfx *f = uart(NULL, 100);
    assert_int_equal(rd(f, IER), 0x00);
    assert_int_equal(rd(f, IIR), 0x01);        /* no interrupt, FIFOs off */
    assert_int_equal(rd(f, LCR), 0x00);
    assert_int_equal(rd(f, MCR), 0x08);        /* OUT2 */
    assert_int_equal(rd(f, LSR), 0x60);        /* THR empty, transmitter empty */
    assert_int_equal(rd(f, MSR), 0xb0);        /* DCD, DSR, CTS */
    assert_int_equal(rd(f, SCR), 0x00);
    assert_int_equal(f->dev_irq.level, 0);
    dfx_free(f);
}

static void test_uart_thr_goes_to_console(void **state)
{
    struct dfx *f = uart(NULL, 100);
    const char *msg = "hello, world\n";
    for (const char *p = msg; *p; p++) {
        assert_true(rd(f, LSR) & 0x20);
        wr(f, THR, (uint8_t)*p);
    }
    assert_string_equal(dfx_output(f), msg);
    assert_int_equal(f->con.tx_bytes, strlen(msg));
    assert_int_equal(rd(f, LSR), 0x60);        /* instantly empty again */
    dfx_free(f);
}

static void test_uart_scratch_register_holds_a_byte(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, SCR, 0xa5);
    assert_int_equal(rd(f, SCR), 0xa5);
    dfx_free(f);
}

static void test_uart_thre_interrupt_set_by_ier_cleared_by_iir_read(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, IER, 0x02);                          /* THR empty interrupt */
    assert_int_equal(f->dev_irq.level, 1);
    assert_int_equal(rd(f, IIR), 0x02);
    /* Reading IIR while it reports THRE clears that interrupt. */
    assert_int_equal(f->dev_irq.level, 0);
    assert_int_equal(rd(f, IIR), 0x01);
    /* Sending a character makes THR empty again: interrupt again. */
    wr(f, THR, 'x');
    assert_int_equal(f->dev_irq.level, 1);
    assert_int_equal(rd(f, IIR), 0x02);
    wr(f, IER, 0x00);
    assert_int_equal(f->dev_irq.level, 0);
    dfx_free(f);
}

static void test_uart_script_feeds_one_char_per_gap(void **state)
{
    struct dfx *f = uart("ab", 10);            /* 10 us = 10000 cycles at 1 GHz */
    console_start(&f->con);
    wr(f, FCR, 0x01);                          /* FIFO on, trigger 1 byte */
    wr(f, IER, 0x01);                          /* receive interrupt */
    dfx_advance(f, 9999);
    assert_int_equal(rd(f, LSR) & 0x01, 0);
    assert_int_equal(f->dev_irq.level, 0);
    dfx_advance(f, 10000);
    assert_int_equal(rd(f, LSR) & 0x01, 1);
    assert_int_equal(f->dev_irq.level, 1);
    assert_int_equal(rd(f, IIR), 0xc4);        /* FIFOs on, receive data available */
    dfx_advance(f, 20000);
    assert_int_equal(rd(f, RBR), 'a');
    assert_int_equal(rd(f, RBR), 'b');
    assert_int_equal(rd(f, LSR) & 0x01, 0);
    assert_int_equal(f->dev_irq.level, 0);
    assert_int_equal(f->con.rx_bytes, 2);
    /* End of the script: input just stops, nothing stays queued. */
    dfx_advance(f, 30000);
    assert_false(f->con.ev.queued);
    dfx_free(f);
}

static void test_uart_script_waits_for_room(void **state)
{
    struct dfx *f = uart("xyz", 1);            /* 1000 cycles apart */
    console_start(&f->con);
    /* FIFO off: one holding register. */
    dfx_advance(f, 1000);
    dfx_advance(f, 2000);
    dfx_advance(f, 3000);
    assert_int_equal(f->con.rx_bytes, 1);      /* no room for y and z yet */
    assert_int_equal(rd(f, LSR) & 0x03, 0x01); /* data, no overrun */
    assert_int_equal(rd(f, RBR), 'x');
    dfx_advance(f, 4000);
    assert_int_equal(rd(f, RBR), 'y');
    dfx_advance(f, 5000);
    assert_int_equal(rd(f, RBR), 'z');
    dfx_free(f);
}

static void test_uart_trigger_level_then_character_timeout(void **state)
{
    struct dfx *f = uart("abc", 1);
    console_start(&f->con);
    wr(f, FCR, 0x81);                          /* FIFO on, trigger 8 bytes */
    wr(f, IER, 0x01);
    dfx_advance(f, 1000);
    dfx_advance(f, 2000);
    dfx_advance(f, 3000);
    assert_int_equal(f->con.rx_bytes, 3);
    assert_int_equal(f->dev_irq.level, 0);     /* below the trigger level */
    assert_int_equal(rd(f, IIR), 0xc1);
    /* Four character times after the last byte (9600 baud, 10 bits:
     * 1.0417 ms each) the timeout interrupt comes. */
    uint64_t char_cycles = 10ull * 1000000000ull / 9600;
    dfx_advance(f, 3000 + 4 * char_cycles - 1);
    assert_int_equal(f->dev_irq.level, 0);
    dfx_advance(f, 3000 + 4 * char_cycles + 1);
    assert_int_equal(f->dev_irq.level, 1);
    assert_int_equal(rd(f, IIR), 0xcc);
    assert_int_equal(rd(f, RBR), 'a');         /* reading clears the timeout */
    assert_int_equal(f->dev_irq.level, 0);
    assert_int_equal(rd(f, RBR), 'b');
    assert_int_equal(rd(f, RBR), 'c');
    dfx_free(f);
}

static void test_uart_overrun_without_fifo(void **state)
{
    struct dfx *f = uart(NULL, 100);
    f->con.rx.put(f->con.rx.opaque, '1');
    f->con.rx.put(f->con.rx.opaque, '2');      /* the first was never read */
    wr(f, IER, 0x04);                          /* line status interrupt */
    assert_int_equal(f->dev_irq.level, 1);
    assert_int_equal(rd(f, IIR), 0x06);
    assert_int_equal(rd(f, LSR), 0x63);        /* THRE TEMT OE DR */
    assert_int_equal(rd(f, LSR), 0x61);        /* reading LSR cleared OE */
    assert_int_equal(f->dev_irq.level, 0);
    assert_int_equal(rd(f, RBR), '2');         /* the newer byte won */
    dfx_free(f);
}

static void test_uart_fifo_full_sets_overrun_and_keeps_old_bytes(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, FCR, 0x07);                          /* FIFO on, both cleared */
    for (int i = 0; i < 16; i++) {
        assert_true(f->con.rx.room(f->con.rx.opaque));
        f->con.rx.put(f->con.rx.opaque, (uint8_t)('A' + i));
    }
    assert_false(f->con.rx.room(f->con.rx.opaque));
    f->con.rx.put(f->con.rx.opaque, '!');
    assert_int_equal(rd(f, LSR) & 0x03, 0x03);
    for (int i = 0; i < 16; i++)
        assert_int_equal(rd(f, RBR), 'A' + i);
    assert_int_equal(rd(f, LSR) & 0x01, 0);
    dfx_free(f);
}

static void test_uart_fcr_clear_empties_receive_fifo(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, FCR, 0x01);
    f->con.rx.put(f->con.rx.opaque, 'q');
    assert_int_equal(rd(f, LSR) & 0x01, 1);
    wr(f, FCR, 0x03);
    assert_int_equal(rd(f, LSR) & 0x01, 0);
    /* Turning the FIFOs off reports it in IIR's top bits. */
    assert_int_equal(rd(f, IIR) & 0xc0, 0xc0);
    wr(f, FCR, 0x00);
    assert_int_equal(rd(f, IIR) & 0xc0, 0x00);
    dfx_free(f);
}

static void test_uart_receive_outranks_thre(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, IER, 0x03);
    assert_int_equal(rd(f, IIR), 0x02);
    wr(f, IER, 0x00);
    wr(f, IER, 0x03);                          /* THRE pending again */
    f->con.rx.put(f->con.rx.opaque, 'k');
    assert_int_equal(rd(f, IIR), 0x04);        /* data first */
    assert_int_equal(rd(f, RBR), 'k');
    assert_int_equal(rd(f, IIR), 0x02);        /* then THRE */
    dfx_free(f);
}

static void test_uart_divisor_latch_behind_dlab(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, LCR, 0x83);                          /* DLAB, 8N1 */
    wr(f, DLL, 0x03);
    wr(f, DLM, 0x01);
    assert_int_equal(rd(f, DLL), 0x03);
    assert_int_equal(rd(f, DLM), 0x01);
    wr(f, LCR, 0x03);
    assert_int_equal(rd(f, IER), 0x00);        /* IER untouched by the DLM write */
    wr(f, THR, 'z');                           /* offset 0 is THR again */
    assert_string_equal(dfx_output(f), "z");
    dfx_free(f);
}

static void test_uart_loopback_routes_thr_to_rbr(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, MCR, 0x10 | 0x0b);                   /* loop, OUT2, RTS, DTR */
    assert_int_equal(rd(f, MSR), 0x80 | 0x10 | 0x20);   /* DCD CTS DSR */
    wr(f, THR, 'L');
    assert_int_equal(rd(f, LSR) & 0x01, 1);
    assert_int_equal(rd(f, RBR), 'L');
    assert_string_equal(dfx_output(f), "");    /* nothing reached the console */
    wr(f, MCR, 0x08);
    assert_int_equal(rd(f, MSR), 0xb0);
    dfx_free(f);
}

static void test_uart_misuse_is_a_guest_error(void **state)
{
    struct dfx *f = uart(NULL, 100);
    struct capture c;
    uint64_t before = dev_guest_error_count();
    capture_begin(&c);
    wr(f, LSR, 0x00);                          /* read-only */
    dfx_rd(f, LSR, 4);                         /* registers are bytes */
    wr(f, 9, 0x12);                            /* past the registers */
    wr(f, MCR, 0xe8);                          /* reserved bits */
    const char *err = capture_end(&c);
    assert_int_equal(dev_guest_error_count() - before, 4);
    assert_contains(err, "simscm: uart: register LSR: value 0x0: LSR is read-only");
    assert_contains(err, "register MCR: value 0xe8");
    assert_int_equal(rd(f, LSR), 0x60);        /* the write changed nothing */
    assert_int_equal(rd(f, MCR), 0x08);        /* reserved bits dropped */
    dfx_free(f);
}

static void test_uart_reset_forgets_everything(void **state)
{
    struct dfx *f = uart(NULL, 100);
    wr(f, FCR, 0x01);
    wr(f, IER, 0x0f);
    wr(f, SCR, 0x55);
    f->con.rx.put(f->con.rx.opaque, 'r');
    assert_int_equal(f->dev_irq.level, 1);
    uart_ops.reset(f->dev);
    assert_int_equal(f->dev_irq.level, 0);
    assert_int_equal(rd(f, IER), 0);
    assert_int_equal(rd(f, SCR), 0);
    assert_int_equal(rd(f, LSR), 0x60);
    dfx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uart_reset_values_match_qemu),
        cmocka_unit_test(test_uart_thr_goes_to_console),
        cmocka_unit_test(test_uart_scratch_register_holds_a_byte),
        cmocka_unit_test(test_uart_thre_interrupt_set_by_ier_cleared_by_iir_read),
        cmocka_unit_test(test_uart_script_feeds_one_char_per_gap),
        cmocka_unit_test(test_uart_script_waits_for_room),
        cmocka_unit_test(test_uart_trigger_level_then_character_timeout),
        cmocka_unit_test(test_uart_overrun_without_fifo),
        cmocka_unit_test(test_uart_fifo_full_sets_overrun_and_keeps_old_bytes),
        cmocka_unit_test(test_uart_fcr_clear_empties_receive_fifo),
        cmocka_unit_test(test_uart_receive_outranks_thre),
        cmocka_unit_test(test_uart_divisor_latch_behind_dlab),
        cmocka_unit_test(test_uart_loopback_routes_thr_to_rbr),
        cmocka_unit_test(test_uart_misuse_is_a_guest_error),
        cmocka_unit_test(test_uart_reset_forgets_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
