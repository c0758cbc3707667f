/*
 * test_boot.c -- the reset ROM's bytes read back through simscm's own
 * disassembler (the instruction table), the fw_dynamic_info fields, and
 * a ROM range on the bus: loads read it, stores leave it alone, and it is
 * fetchable (bus_code_ptr) though it is no memory region.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>
#include "boot.h"
#include "platform.h"
#include "cpu/hart.h"
#include "mem/bus.h"

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void test_boot_rom_disassembles_to_the_reset_sequence(void **state)
{
    (void)state;
    uint8_t rom[BOOT_ROM_BYTES];
    static const char *const want[] = {
        "auipc\tt0,0x0", "addi\ta2,t0,40", "csrrs\ta0,mhartid,zero",
        "ld\ta1,32(t0)", "ld\tt0,24(t0)", "jalr\tzero,0(t0)",
    };
    boot_rom_build(rom, 0x80000000, 0x87e00000, 0x80200000);
    for (int i = 0; i < 6; i++) {
        char buf[64];
        uint32_t w = (uint32_t)rd64(rom + 4 * i) & 0xffffffffu;
        assert_int_equal(disasm(w, PLAT_MROM_BASE + 4 * i, buf, sizeof buf), 4);
        assert_string_equal(buf, want[i]);
    }
    assert_int_equal(rd64(rom + 0x18), 0x80000000);
    assert_int_equal(rd64(rom + 0x20), 0x87e00000);
    assert_int_equal(rd64(rom + 0x28), 0x4942534f);
    assert_int_equal(rd64(rom + 0x30), 2);
    assert_int_equal(rd64(rom + 0x38), 0x80200000);
    assert_int_equal(rd64(rom + 0x40), 1);
    assert_int_equal(rd64(rom + 0x48), 0);
    assert_int_equal(rd64(rom + 0x50), 0);
}

static void test_boot_rom_range_reads_fetches_and_drops_stores(void **state)
{
    (void)state;
    struct bus b;
    const char *why;
    uint8_t rom[16] = { 0x97, 0x02, 0x00, 0x00 };
    uint64_t v;
    bus_init(&b);
    assert_int_equal(bus_add_rom(&b, 0x1000, sizeof rom, rom, "mrom", &why), 0);
    assert_int_equal(bus_read(&b, 0x1000, 4, &v), BUS_OK);
    assert_int_equal(v, 0x297);
    assert_int_equal(bus_write(&b, 0x1000, 4, 0x12345678), BUS_OK);
    assert_int_equal(bus_read(&b, 0x1000, 4, &v), BUS_OK);
    assert_int_equal(v, 0x297);
    assert_ptr_equal(bus_code_ptr(&b, 0x1004, 4), rom + 4);
    assert_null(bus_host_ptr(&b, 0x1000, 4));           /* never written through */
    assert_null(bus_code_ptr(&b, 0x1010, 4));           /* past its end */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_rom_disassembles_to_the_reset_sequence),
        cmocka_unit_test(test_boot_rom_range_reads_fetches_and_drops_stores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
