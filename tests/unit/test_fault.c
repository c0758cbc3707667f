/*
 * test_fault.c -- fault specs (docs/power.md, "Fault injection"): every
 * valid form parses to the right fields, every malformed one is refused
 * with a message that says what is wrong, and fault_check_list finds the bad
 * spec in a list and quotes it.
 *
 * The machine the specs are checked against has an SCM region first and a
 * DRAM region second, so "the first DRAM region" (bitflip's default) is not
 * simply region 0.
 */
#include "dev_fixture.h"
#include "config.h"
#include "fault.h"

#define SCM_IDX  0
#define DRAM_IDX 1

struct ffx {
    struct config c;            /* scm at 0x8000_0000, dram at 4 GiB */
    struct config scm_only;     /* no DRAM region at all */
    struct capture cap;
};

static int setup(void **state)
{
    struct ffx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    config_defaults(&f->c);
    assert_int_equal(config_set(&f->c, "region.scm.kind=scm"), 0);
    assert_int_equal(config_set(&f->c, "region.scm.base=0x80000000"), 0);
    assert_int_equal(config_set(&f->c, "region.scm.size_mib=16"), 0);
    assert_int_equal(config_set(&f->c, "region.dram.kind=dram"), 0);
    assert_int_equal(config_set(&f->c, "region.dram.base=0x100000000"), 0);
    assert_int_equal(config_set(&f->c, "region.dram.size_mib=16"), 0);
    assert_int_equal(f->c.nregions, 2);
    assert_string_equal(f->c.regions[SCM_IDX].name, "scm");
    assert_string_equal(f->c.regions[DRAM_IDX].name, "dram");
    config_defaults(&f->scm_only);
    assert_int_equal(config_set(&f->scm_only, "region.nv.kind=scm"), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* ---- valid specs ---------------------------------------------------------- */

static const struct valid_case {
    const char *spec;
    enum fault_kind kind;
    enum fault_trigger trig;
    uint64_t at_ns, insn, mtbf_ns;
    double p;
    bool sudden;
    unsigned bits;
    int region_index;           /* -1 unless bitflip */
    int bug_id;
} valid_cases[] = {
    /* every unit, on every kind that takes a time */
    { "cut:at=250ns",          FK_CUT,      FT_AT,   250, 0, 0, 0, false, 1, -1, 0 },
    { "cut:at=250us",          FK_CUT,      FT_AT,   250000, 0, 0, 0, false, 1, -1, 0 },
    { "cut:at=5ms",            FK_CUT,      FT_AT,   5000000, 0, 0, 0, false, 1, -1, 0 },
    { "cut:at=2s",             FK_CUT,      FT_AT,   2000000000, 0, 0, 0, false, 1, -1, 0 },
    { "cut:at=0ns",            FK_CUT,      FT_AT,   0, 0, 0, 0, false, 1, -1, 0 },
    { "cut:at=3600s",          FK_CUT,      FT_AT,   3600000000000ull, 0, 0, 0, false, 1, -1, 0 },
    { "cut:insn=1000000,mode=sudden", FK_CUT, FT_INSN, 0, 1000000, 0, 0, true, 1, -1, 0 },
    { "cut:at=1ms,mode=warned", FK_CUT,     FT_AT,   1000000, 0, 0, 0, false, 1, -1, 0 },
    { "cut:mode=sudden,at=7us", FK_CUT,     FT_AT,   7000, 0, 0, 0, true, 1, -1, 0 },
    { "cut:mtbf=200ms",        FK_CUT,      FT_MTBF, 0, 0, 200000000, 0, false, 1, -1, 0 },
    { "cut:insn=1",            FK_CUT,      FT_INSN, 0, 1, 0, 0, false, 1, -1, 0 },
    { "cut:insn=18446744073709551615", FK_CUT, FT_INSN, 0, UINT64_MAX, 0, 0, false, 1, -1, 0 },
    { "button:at=1ms",         FK_BUTTON,   FT_AT,   1000000, 0, 0, 0, false, 1, -1, 0 },
    { "button:insn=42",        FK_BUTTON,   FT_INSN, 0, 42, 0, 0, false, 1, -1, 0 },
    { "button:mtbf=3s",        FK_BUTTON,   FT_MTBF, 0, 0, 3000000000ull, 0, false, 1, -1, 0 },
    { "watchdog:at=30ms",      FK_WATCHDOG, FT_AT,   30000000, 0, 0, 0, false, 1, -1, 0 },
    { "watchdog:mtbf=1ns",     FK_WATCHDOG, FT_MTBF, 0, 0, 1, 0, false, 1, -1, 0 },
    /* bitflip: default region is the first DRAM one, not region 0 */
    { "bitflip:mtbf=1ms,bits=2,region=dram", FK_BITFLIP, FT_MTBF, 0, 0, 1000000, 0, false, 2,
      DRAM_IDX, 0 },
    { "bitflip:at=1us",        FK_BITFLIP,  FT_AT,   1000, 0, 0, 0, false, 1, DRAM_IDX, 0 },
    { "bitflip:insn=5,region=scm", FK_BITFLIP, FT_INSN, 0, 5, 0, 0, false, 1, SCM_IDX, 0 },
    { "bitflip:at=9ms,bits=64", FK_BITFLIP, FT_AT,   9000000, 0, 0, 0, false, 64, DRAM_IDX, 0 },
    { "bitflip:bits=1,at=9ns", FK_BITFLIP,  FT_AT,   9, 0, 0, 0, false, 1, DRAM_IDX, 0 },
    /* bug: id may come before or after the trigger */
    { "bug:id=3,p=0.25",       FK_BUG,      FT_P,    0, 0, 0, 0.25, false, 1, -1, 3 },
    { "bug:p=0.5,id=0",        FK_BUG,      FT_P,    0, 0, 0, 0.5, false, 1, -1, 0 },
    { "bug:id=15,p=0",         FK_BUG,      FT_P,    0, 0, 0, 0.0, false, 1, -1, 15 },
    { "bug:id=1,p=1",          FK_BUG,      FT_P,    0, 0, 0, 1.0, false, 1, -1, 1 },
    { "bug:id=2,p=1.0",        FK_BUG,      FT_P,    0, 0, 0, 1.0, false, 1, -1, 2 },
    { "bug:id=7,at=2ms",       FK_BUG,      FT_AT,   2000000, 0, 0, 0, false, 1, -1, 7 },
    { "bug:id=8,insn=100",     FK_BUG,      FT_INSN, 0, 100, 0, 0, false, 1, -1, 8 },
    { "bug:mtbf=50us,id=9",    FK_BUG,      FT_MTBF, 0, 0, 50000, 0, false, 1, -1, 9 },
};

static void test_fault_parse_every_valid_form(void **state)
{
    struct ffx *f = *state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const struct valid_case *v = &valid_cases[i];
        struct fault out;
        char err[256] = "";
        if (fault_parse(v->spec, &f->c, &out, err, sizeof err) != 0)
            fail_msg("%s: refused: %s", v->spec, err);
        assert_string_equal(out.spec, v->spec);
        if (out.kind != v->kind || out.trig != v->trig)
            fail_msg("%s: kind %d trigger %d, want %d %d", v->spec, out.kind, out.trig,
                     v->kind, v->trig);
        if (v->trig == FT_AT && out.at_ns != v->at_ns)
            fail_msg("%s: at_ns %llu, want %llu", v->spec, (unsigned long long)out.at_ns,
                     (unsigned long long)v->at_ns);
        if (v->trig == FT_INSN && out.insn != v->insn)
            fail_msg("%s: insn %llu, want %llu", v->spec, (unsigned long long)out.insn,
                     (unsigned long long)v->insn);
        if (v->trig == FT_MTBF && out.mtbf_ns != v->mtbf_ns)
            fail_msg("%s: mtbf_ns %llu, want %llu", v->spec, (unsigned long long)out.mtbf_ns,
                     (unsigned long long)v->mtbf_ns);
        if (v->trig == FT_P && out.p != v->p)
            fail_msg("%s: p %g, want %g", v->spec, out.p, v->p);
        if (out.sudden != v->sudden)
            fail_msg("%s: sudden %d, want %d", v->spec, out.sudden, v->sudden);
        if (v->kind == FK_BITFLIP) {
            if (out.bits != v->bits || out.region_index != v->region_index)
                fail_msg("%s: bits %u region %d, want %u %d", v->spec, out.bits,
                         out.region_index, v->bits, v->region_index);
        }
        if (v->kind == FK_BUG && out.bug_id != v->bug_id)
            fail_msg("%s: bug_id %d, want %d", v->spec, out.bug_id, v->bug_id);
    }
}

/* The default of bitflip is the first DRAM region, wherever it is. */
static void test_fault_parse_bitflip_default_region_is_first_dram(void **state)
{
    struct ffx *f = *state;
    struct fault out;
    char err[256];
    struct config c;
    config_defaults(&c);        /* one DRAM region, index 0 */
    assert_int_equal(fault_parse("bitflip:at=1ms", &c, &out, err, sizeof err), 0);
    assert_int_equal(out.region_index, 0);
    assert_int_equal(fault_parse("bitflip:at=1ms", &f->c, &out, err, sizeof err), 0);
    assert_int_equal(out.region_index, DRAM_IDX);
    /* Naming the SCM region works even though a DRAM region exists. */
    assert_int_equal(fault_parse("bitflip:at=1ms,region=scm", &f->c, &out, err, sizeof err), 0);
    assert_int_equal(out.region_index, SCM_IDX);
}

/* ---- malformed specs ------------------------------------------------------ */

static const struct bad_case {
    const char *spec;
    const char *want;           /* must appear in the message */
} bad_cases[] = {
    { "",                           "empty fault spec" },
    { "cut:at=5",                   "time \"5\" needs a unit (ns, us, ms, s)" },
    { "cut:at=5m",                  "unknown unit \"m\"" },
    { "cut:at=5 ms",                "unknown unit \" ms\"" },
    { "cut:at=ms",                  "time \"ms\" is not a whole number with a unit" },
    { "cut:at=-5ms",                "time \"-5ms\" is not a whole number" },
    { "cut:at=1.5ms",               "time \"1.5ms\"" },
    { "cut:mtbf=0ms",               "mtbf must be above 0" },
    { "cut:at=20000000s",           "time \"20000000s\" is too large" },
    { "fire:at=5ms",                "unknown fault kind \"fire\"" },
    { "CUT:at=5ms",                 "unknown fault kind \"CUT\"" },
    { ":at=5ms",                    "unknown fault kind \"\"" },
    { "cut",                        "no trigger" },
    { "cut:",                       "no trigger" },
    { "cut:mode=sudden",            "no trigger" },
    { "bug:id=3",                   "no trigger: say when, with at=TIME, insn=N, mtbf=TIME, wb=N or wbon=N or p=P" },
    { "cut:at=5ms,insn=10",         "more than one trigger" },
    { "cut:at=5ms,at=6ms",          "more than one trigger" },
    { "bug:id=1,p=0.5,at=1ms",      "more than one trigger" },
    { "bug:id=1,p=1.5",             "p=1.5: need a probability from 0 to 1" },
    { "bug:id=1,p=-0.1",            "p=-0.1: need a probability from 0 to 1" },
    { "bug:id=1,p=half",            "p=half: need a probability from 0 to 1" },
    { "bug:id=1,p=0.5x",            "p=0.5x: need a probability from 0 to 1" },
    { "bug:id=1,p=nan",             "p=nan: need a probability from 0 to 1" },
    { "bug:p=0.5",                  "a bug fault needs id=N (0 to 15)" },
    { "bug:id=16,p=0.5",            "id=16: need a bug number from 0 to 15" },
    { "bug:id=-1,p=0.5",            "id=-1: need a bug number from 0 to 15" },
    { "bug:id=x,p=0.5",             "id=x: need a bug number" },
    { "bitflip:at=1ms,bits=0",      "bits=0: need 1 to 64" },
    { "bitflip:at=1ms,bits=65",     "bits=65: need 1 to 64" },
    { "bitflip:at=1ms,region=nvram", "region=nvram: no such region" },
    { "cut:at=1ms,colour=red",      "unknown option \"colour\"" },
    { "cut:at=1ms,mode=gentle",     "mode=gentle: need warned or sudden" },
    { "button:at=1ms,mode=sudden",  "mode= is for cut faults only" },
    { "cut:at=1ms,bits=2",          "bits= is for bitflip faults only" },
    { "cut:at=1ms,region=dram",     "region= is for bitflip faults only" },
    { "watchdog:at=1ms,id=3",       "id= is for bug faults only" },
    { "cut:p=0.5",                  "p= is for bug faults only" },
    { "cut:insn=0",                 "insn=0: need an instruction count of at least 1" },
    { "cut:insn=ten",               "insn=ten: need an instruction count" },
    { "cut:insn=-3",                "insn=-3: need an instruction count" },
    { "cut:at",                     "\"at\" is not KEY=VALUE" },
    { "cut:at=",                    "\"at=\" is not KEY=VALUE" },
    { "cut:=5ms",                   "\"=5ms\" is not KEY=VALUE" },
    { "cut:insn=18446744073709551616", "insn=18446744073709551616: need an instruction count" },
};

static void test_fault_parse_rejects_malformed_specs(void **state)
{
    struct ffx *f = *state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        struct fault out;
        char err[256] = "";
        if (fault_parse(b->spec, &f->c, &out, err, sizeof err) != -1)
            fail_msg("\"%s\" was accepted", b->spec);
        if (!strstr(err, b->want))
            fail_msg("\"%s\": message\n  %s\nlacks\n  %s", b->spec, err, b->want);
    }
}

/*
 * A time whose digits overflow 64 bits: the message should say the time is
 * too large, as it does for 20000000s.
 * (It once said "is not a whole number", which is wrong about a number.)
 */
static void test_fault_parse_time_overflow_says_too_large(void **state)
{
    struct ffx *f = *state;
    struct fault out;
    char err[256] = "";
    assert_int_equal(fault_parse("cut:at=99999999999999999999999ns", &f->c, &out, err,
                                 sizeof err), -1);
    assert_contains(err, "time \"99999999999999999999999ns\" is too large");  /* SIM BUG */
}

/* The grammar has no empty option: a stray comma is a typo worth reporting. */
static void test_fault_parse_rejects_empty_options(void **state)
{
    struct ffx *f = *state;
    static const char *const specs[] = { "cut:at=5ms,", "cut:,at=5ms", "cut:at=5ms,,mode=sudden" };
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        struct fault out;
        char err[256] = "";
        if (fault_parse(specs[i], &f->c, &out, err, sizeof err) != -1)
            fail_msg("\"%s\" was accepted", specs[i]);
    }
}

static void test_fault_parse_bitflip_needs_a_dram_region_or_a_name(void **state)
{
    struct ffx *f = *state;
    struct fault out;
    char err[256] = "";
    assert_int_equal(fault_parse("bitflip:at=1ms", &f->scm_only, &out, err, sizeof err), -1);
    assert_contains(err, "the machine has no DRAM region; name one with region=NAME");
    assert_int_equal(fault_parse("bitflip:at=1ms,region=nv", &f->scm_only, &out, err,
                                 sizeof err), 0);
    assert_int_equal(out.region_index, 0);
}

static void test_fault_parse_length_limit(void **state)
{
    struct ffx *f = *state;
    struct fault out;
    char spec[FAULT_SPEC_MAX + 8], err[256] = "";
    /* FAULT_SPEC_MAX - 1 characters is the longest that fits. */
    memset(spec, '0', sizeof spec);
    memcpy(spec, "cut:at=", 7);
    strcpy(spec + FAULT_SPEC_MAX - 1 - 2, "ns");
    assert_int_equal(strlen(spec), FAULT_SPEC_MAX - 1);
    assert_int_equal(fault_parse(spec, &f->c, &out, err, sizeof err), 0);
    assert_int_equal(out.at_ns, 0);
    memset(spec, '0', sizeof spec);
    memcpy(spec, "cut:at=", 7);
    strcpy(spec + FAULT_SPEC_MAX - 2, "ns");
    assert_int_equal(strlen(spec), FAULT_SPEC_MAX);
    assert_int_equal(fault_parse(spec, &f->c, &out, err, sizeof err), -1);
    assert_contains(err, "longer than 127 characters");
}

/* ---- lists ---------------------------------------------------------------- */

static void test_fault_check_list_accepts_good_lists(void **state)
{
    struct ffx *f = *state;
    static const char *const lists[] = {
        "",
        "   \t\n",
        "cut:at=5ms",
        "cut:at=5ms bitflip:mtbf=1ms,bits=2,region=dram\tbug:id=3,p=0.25\n",
        "  watchdog:at=30ms   button:insn=7  ",
        "cut:at=1ms cut:at=1ms",            /* duplicates are allowed */
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        char err[320] = "";
        if (fault_check_list(lists[i], &f->c, err, sizeof err) != 0)
            fail_msg("list \"%s\" refused: %s", lists[i], err);
    }
}

static void test_fault_check_list_quotes_the_bad_spec(void **state)
{
    struct ffx *f = *state;
    static const struct { const char *list, *want; } cases[] = {
        { "cut:at=5ms cut:at=5 bug:id=1,p=0.5",
          "\"cut:at=5\": time \"5\" needs a unit (ns, us, ms, s)" },
        { "bug:id=1,p=0.5\tbitflip:at=1ms,region=nvram",
          "\"bitflip:at=1ms,region=nvram\": region=nvram: no such region" },
        { "cut:at=1ms\nbug:p=0.5", "\"bug:p=0.5\": a bug fault needs id=N" },
        { "fire:at=1ms cut:at=5", "\"fire:at=1ms\": unknown fault kind \"fire\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[320] = "";
        if (fault_check_list(cases[i].list, &f->c, err, sizeof err) != -1)
            fail_msg("list \"%s\" accepted", cases[i].list);
        if (!strstr(err, cases[i].want))
            fail_msg("list \"%s\": message\n  %s\nlacks\n  %s", cases[i].list, err,
                     cases[i].want);
    }
}

static void test_fault_check_list_limits(void **state)
{
    struct ffx *f = *state;
    char list[4096] = "", err[320] = "";
    /* FAULT_MAX / 2 specs are fine, one more is not. */
    for (int i = 0; i < FAULT_MAX / 2; i++)
        strcat(list, "cut:at=1ms ");
    assert_int_equal(fault_check_list(list, &f->c, err, sizeof err), 0);
    strcat(list, "cut:at=2ms");
    assert_int_equal(fault_check_list(list, &f->c, err, sizeof err), -1);
    assert_contains(err, "more than 32 faults");
    /* A spec longer than FAULT_SPEC_MAX characters. */
    memset(list, 0, sizeof list);
    strcpy(list, "cut:at=1ms cut:at=");
    memset(list + strlen(list), '1', 200);
    strcat(list, "ns");
    assert_int_equal(fault_check_list(list, &f->c, err, sizeof err), -1);
    assert_contains(err, "\"cut:at=1111111111111");
    assert_contains(err, "longer than 127 characters");
}

/* In a config file, the message names the file and line (docs/power.md). */
static void test_fault_config_inject_is_checked(void **state)
{
    struct ffx *f = *state;
    char path[] = "/tmp/simscm-fault-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *ini = "[region dram]\nkind = dram\n\n[faults]\ninject = \"cut:at=5ms bug:id=99,p=1\"\n";
    assert_int_equal(write(fd, ini, strlen(ini)), (ssize_t)strlen(ini));
    close(fd);
    struct config c;
    config_defaults(&c);
    capture_begin(&f->cap);
    int r = config_load(&c, path);
    if (r == 0)
        r = config_validate(&c);
    capture_end(&f->cap);
    unlink(path);
    assert_int_equal(r, -1);
    char want[128];
    snprintf(want, sizeof want, "%s:5: inject: \"bug:id=99,p=1\": id=99: need a bug number", path);
    assert_contains(f->cap.text, want);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_fault_parse_every_valid_form),
        T(test_fault_parse_bitflip_default_region_is_first_dram),
        T(test_fault_parse_rejects_malformed_specs),
        T(test_fault_parse_time_overflow_says_too_large),
        T(test_fault_parse_rejects_empty_options),
        T(test_fault_parse_bitflip_needs_a_dram_region_or_a_name),
        T(test_fault_parse_length_limit),
        T(test_fault_check_list_accepts_good_lists),
        T(test_fault_check_list_quotes_the_bad_spec),
        T(test_fault_check_list_limits),
        T(test_fault_config_inject_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
