/*
 * test_cpu_decode.c -- table-driven checks over insn.def: every row can be
 * reached (no row is shadowed by an earlier one), decodes to itself from
 * its own match pattern with random free bits, and disassembles to its own
 * mnemonic.  The reserved compressed encodings decode as illegal.
 */
#include "cpu_fixture.h"
#include <stdio.h>

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

static void test_cpu_decode_every_row_reachable(void **state)
{
    (void)state;
    for (int id = 0; id < ID_illegal; id++) {
        const struct insn_desc *t = &insn_table[id];
        bool compressed = (t->match & 3) != 3;
        int hits = 0;
        for (int i = 0; i < 4000 && !hits; i++) {
            uint32_t w = t->match | (rnd() & ~t->mask);
            if (compressed)
                w &= 0xffff;
            struct dinsn d;
            decode_insn(w, &d);
            if (d.id == id) {
                hits++;
                char buf[96], want[24];
                disasm(w, RAM_BASE, buf, sizeof buf);
                snprintf(want, sizeof want, "%s", t->name);
                for (char *p = want; *p; p++)
                    if (*p == '_')
                        *p = '.';
                size_t n = strlen(want);
                if (id == ID_fence && strncmp(buf, ".word", 5) == 0)
                    continue;               /* fm or an empty set: objdump prints data too */
                if (strncmp(buf, want, n) != 0 || (buf[n] != '\t' && buf[n] != 0 && buf[n] != '.'))
                    fail_msg("%s disassembles as \"%s\"", want, buf);
            }
        }
        if (!hits)
            fail_msg("row %s is never decoded", t->name);
    }
}

static void test_cpu_decode_reserved_compressed(void **state)
{
    (void)state;
    const uint16_t reserved[] = {
        0x0000,     /* c.addi4spn with nzuimm = 0 (and the all-zero parcel) */
        0x4002,     /* c.lwsp rd = x0 */
        0x6002,     /* c.ldsp rd = x0 */
        0x8002,     /* c.jr rs1 = x0 */
        0x2001,     /* c.addiw rd = x0 */
        0x6101,     /* c.addi16sp imm = 0 */
        0x6501,     /* c.lui a0, 0 */
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        struct dinsn d;
        decode_insn(reserved[i], &d);
        if (d.id != ID_illegal)
            fail_msg("0x%04x decodes as %s", reserved[i], insn_table[d.id].name);
    }
}

static void test_cpu_decode_compressed_expands_to_base(void **state)
{
    (void)state;
    struct dinsn d;
    decode_insn(0x713d, &d);                       /* c.addi16sp sp, -32 */
    assert_int_equal(d.exec, ID_addi);
    assert_int_equal(d.rd, 2);
    assert_int_equal(d.rs1, 2);
    assert_int_equal(d.imm, -32);
    decode_insn(0xbf91, &d);                       /* c.j -28 (at 0xac to 0) */
    assert_int_equal(d.exec, ID_jal);
    assert_int_equal(d.rd, 32);                    /* x0: writes go to the scratch slot */
    assert_int_equal(d.imm, -0xac);
    decode_insn(0x6542, &d);                       /* c.ldsp a0, 16(sp) */
    assert_int_equal(d.exec, ID_ld);
    assert_int_equal(d.imm, 16);
    assert_int_equal(d.len, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_decode_every_row_reachable),
        cmocka_unit_test(test_cpu_decode_reserved_compressed),
        cmocka_unit_test(test_cpu_decode_compressed_expands_to_base),
    };
    return cmocka_run_group_tests_name("cpu_decode", tests, NULL, NULL);
}
