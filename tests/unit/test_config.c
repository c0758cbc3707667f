/*
 * test_config.c -- the INI reader: every key lands in its field, defaults,
 * kind-dependent latencies, the FILE:LINE: KEY: messages for each kind of
 * mistake, the cross-key checks, --set, and the JSON dump.
 */
#include "dev_fixture.h"
#include "config.h"
#include "json.h"

#define MIB (1024ull * 1024)

struct cfx {
    struct config c;
    char dir[64];
    char path[128];
    struct capture cap;
};

static int setup(void **state)
{
    struct cfx *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/simscm-cfg-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.ini", f->dir);
    config_defaults(&f->c);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct cfx *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void write_ini(struct cfx *f, const char *text)
{
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Load text; returns config_load's result, stderr in f->cap.text. */
static int load(struct cfx *f, const char *text)
{
    write_ini(f, text);
    capture_begin(&f->cap);
    int r = config_load(&f->c, f->path);
    capture_end(&f->cap);
    return r;
}

static int validate(struct cfx *f)
{
    capture_begin(&f->cap);
    int r = config_validate(&f->c);
    capture_end(&f->cap);
    return r;
}

/* "PATH:LINE: rest" as the reader prints it. */
static const char *at(struct cfx *f, int line, const char *rest)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s:%d: %s", f->path, line, rest);
    return buf;
}

static void test_config_defaults_are_valid(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(validate(f), 0);
    assert_int_equal(f->c.nregions, 1);
    assert_true(f->c.regions_default);
    assert_int_equal(f->c.regions[0].kind, REGION_DRAM);
    assert_int_equal(f->c.regions[0].base, 0x80000000ull);
    assert_int_equal(f->c.regions[0].size, 128 * MIB);
    assert_int_equal(f->c.cpu.freq_mhz, 1000);
    assert_true(f->c.cpu.timing);
    assert_int_equal(f->c.l1d.size, 32 * 1024);
}

static void test_config_every_key_reaches_its_field(void **state)
{
    struct cfx *f = *state;
    int r = load(f,
        "; all keys, none at its default\n"
        "[sim]\nseed = 0x1234\nmax_insns = 1_000_000\n"
        "[cpu]\nfreq_mhz = 3000\ntiming = off\nalu_cycles = 2\nmul_cycles = 4\n"
        "div_cycles = 33\nbranch_cycles = 3\nmispredict_penalty_cycles = 9\n"
        "predictor_entries = 256\nload_use_cycles = 5\ncsr_cycles = 6\n"
        "fence_cycles = 7\namo_cycles = 8\nsystem_cycles = 11\n"
        "[cache l1i]\nenabled = no\nsize_kib = 16\nways = 4\nline_bytes = 32\nhit_cycles = 2\n"
        "[cache l1d]\nenabled = yes\nsize_kib = 64\nways = 2\nline_bytes = 32\nhit_cycles = 3\n"
        "[cache l2]\nenabled = false\nsize_kib = 2048\nways = 32\nline_bytes = 32\nhit_cycles = 20\n"
        "[region nv]\nkind = scm\nbase = 0x8000_0000\nsize_mib = 64\nread_ns = 300\n"
        "write_ns = 900\nrow_buffer = on\nrow_hit_ns = 77\nrow_bytes = 4096\nimage = nv.img\n"
        "[power]\nflush_on_fail = true\nresidual_us = 0\n"
        "[console]\ninput_gap_us = 250\n"
        "[reqchan]\nrate_per_ms = 20\nkeys = 64\nstart_ms = 5\n"
        "[guest]\ninit = \"kvstore:p logger:n\"\ndefault_persist = on\n");
    assert_int_equal(r, 0);
    assert_string_equal(f->cap.text, "");
    struct config *c = &f->c;
    assert_int_equal(c->seed, 0x1234);
    assert_int_equal(c->max_insns, 1000000);
    assert_int_equal(c->cpu.freq_mhz, 3000);
    assert_false(c->cpu.timing);
    assert_int_equal(c->cpu.alu_cycles, 2);
    assert_int_equal(c->cpu.mul_cycles, 4);
    assert_int_equal(c->cpu.div_cycles, 33);
    assert_int_equal(c->cpu.branch_cycles, 3);
    assert_int_equal(c->cpu.mispredict_penalty_cycles, 9);
    assert_int_equal(c->cpu.predictor_entries, 256);
    assert_int_equal(c->cpu.load_use_cycles, 5);
    assert_int_equal(c->cpu.csr_cycles, 6);
    assert_int_equal(c->cpu.fence_cycles, 7);
    assert_int_equal(c->cpu.amo_cycles, 8);
    assert_int_equal(c->cpu.system_cycles, 11);
    assert_false(c->l1i.enabled);
    assert_int_equal(c->l1i.size, 16 * 1024);
    assert_int_equal(c->l1i.ways, 4);
    assert_int_equal(c->l1i.line_bytes, 32);
    assert_int_equal(c->l1i.hit_cycles, 2);
    assert_true(c->l1d.enabled);
    assert_int_equal(c->l1d.size, 64 * 1024);
    assert_int_equal(c->l1d.ways, 2);
    assert_int_equal(c->l1d.hit_cycles, 3);
    assert_false(c->l2.enabled);
    assert_int_equal(c->l2.size, 2048 * 1024);
    assert_int_equal(c->l2.ways, 32);
    assert_int_equal(c->l2.hit_cycles, 20);
    assert_int_equal(c->nregions, 1);
    assert_false(c->regions_default);
    const struct region_config *rc = &c->regions[0];
    assert_string_equal(rc->name, "nv");
    assert_int_equal(rc->kind, REGION_SCM);
    assert_int_equal(rc->base, 0x80000000ull);
    assert_int_equal(rc->size, 64 * MIB);
    assert_int_equal(rc->read_ns, 300);
    assert_int_equal(rc->write_ns, 900);
    assert_true(rc->row_buffer);
    assert_int_equal(rc->row_hit_ns, 77);
    assert_int_equal(rc->row_bytes, 4096);
    char img[160];
    snprintf(img, sizeof img, "%s/nv.img", f->dir);     /* relative to the config */
    assert_string_equal(rc->image, img);
    assert_true(c->power.flush_on_fail);
    assert_int_equal(c->power.residual_us, 0);
    assert_int_equal(c->console.input_gap_us, 250);
    assert_int_equal(c->reqchan.rate_per_ms, 20);
    assert_int_equal(c->reqchan.keys, 64);
    assert_int_equal(c->reqchan.start_ms, 5);
    assert_string_equal(c->guest_init, "kvstore:p logger:n");
    assert_true(c->guest_default_persistent);
    assert_int_equal(validate(f), 0);
}

static void test_config_shipped_configs_load_and_validate(void **state)
{
    static const char *const files[] = {
        "configs/hybrid.ini", "configs/dram-only.ini", "configs/scm-only.ini",
    };
    for (int i = 0; i < 3; i++) {
        struct config c;
        config_defaults(&c);
        assert_int_equal(config_load(&c, files[i]), 0);
        assert_int_equal(config_validate(&c), 0);
    }
    struct config c;
    config_defaults(&c);
    assert_int_equal(config_load(&c, "configs/hybrid.ini"), 0);
    assert_int_equal(c.nregions, 2);
    assert_int_equal(c.cpu.freq_mhz, 2000);
    assert_int_equal(c.regions[0].kind, REGION_SCM);
    assert_int_equal(c.regions[0].base, 0x80000000ull);
    assert_int_equal(c.regions[0].size, 512 * MIB);
    assert_int_equal(c.regions[0].read_ns, 120);
    assert_int_equal(c.regions[1].kind, REGION_DRAM);
    assert_int_equal(c.regions[1].base, 0x100000000ull);
    assert_int_equal(c.regions[1].read_ns, 80);
    assert_int_equal(c.l2.size, 1024 * 1024);
    assert_int_equal(c.l2.ways, 16);
}

static void test_config_scm_latencies_follow_kind_unless_given(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region a]\nkind = scm\nsize_mib = 16\n"
                             "[region b]\nread_ns = 50\nkind = scm\nbase = 0x90000000\n"), 0);
    assert_int_equal(f->c.regions[0].read_ns, 120);
    assert_int_equal(f->c.regions[0].write_ns, 120);
    assert_int_equal(f->c.regions[1].read_ns, 50);      /* given: kept */
    assert_int_equal(f->c.regions[1].write_ns, 120);
}

static void test_config_no_region_keeps_the_default(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[cpu]\nfreq_mhz = 500\n"), 0);
    assert_int_equal(f->c.nregions, 1);
    assert_int_equal(f->c.regions[0].size, 128 * MIB);
    assert_int_equal(validate(f), 0);
}

static void test_config_bad_number_names_file_line_key(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "; comment\n\n[region dram]\n"
                             "kind = dram\nbase = 0x80000000\n# another\nsize_mib = 12x\n"), -1);
    assert_contains(f->cap.text, at(f, 7, "size_mib: \"12x\" is not a number"));
}

static void test_config_unit_suffix_is_rejected(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nsize_mib = 512MB\n"), -1);
    assert_contains(f->cap.text, at(f, 2, "size_mib: \"512MB\" is not a number (no unit suffixes"));
}

static void test_config_negative_latency_is_not_a_number(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nread_ns = -5\n"), -1);
    assert_contains(f->cap.text, at(f, 2, "read_ns: \"-5\" is not a number >= 0"));
}

static void test_config_absurd_values_are_out_of_range(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nwrite_ns = 5000000\n[cpu]\nfreq_mhz = 0\n"), -1);
    assert_contains(f->cap.text, at(f, 2, "write_ns: 5000000 is out of range (0..1000000)"));
    assert_contains(f->cap.text, at(f, 4, "freq_mhz: 0 is out of range (1..100000)"));
}

static void test_config_unknown_key_and_section(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nsise_mib = 3\n[foo]\n[cpu]\nbar = 1\n"), -1);
    assert_contains(f->cap.text, at(f, 2, "unknown key \"sise_mib\" in [region dram]"));
    assert_contains(f->cap.text, at(f, 3, "unknown section [foo]"));   /* even empty */
    assert_contains(f->cap.text, at(f, 5, "unknown key \"bar\" in [cpu]"));
}

static void test_config_syntax_mistakes(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "seed = 1\n[sim\n[cpu]\ntiming = maybe\nfreq_mhz 100\n"
                             "[cpu]\n[cache l3]\n[region]\n"), -1);
    assert_contains(f->cap.text, at(f, 1, "seed: key outside any section"));
    assert_contains(f->cap.text, at(f, 2, "section header without ']'"));
    assert_contains(f->cap.text, at(f, 4, "timing: \"maybe\" is not on or off"));
    assert_contains(f->cap.text, at(f, 5, "expected \"key = value\" or \"[section]\""));
    assert_contains(f->cap.text, at(f, 6, "[cpu] appears twice (first on line 3)"));
    assert_contains(f->cap.text, at(f, 7, "unknown section [cache l3]"));
    assert_contains(f->cap.text, at(f, 8, "[region]: a region needs a name"));
}

/* Hardening: a NUL byte stops the parse with its column, wherever it is. */
static void test_config_nul_byte_names_its_column(void **state)
{
    struct cfx *f = *state;
    static const char first[] = "\0[foo]\n";
    static const char mid[] = "[cpu]\nfreq_mhz = 10\0\n";
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fwrite(first, 1, sizeof first - 1, fp);
    fclose(fp);
    capture_begin(&f->cap);
    assert_int_equal(config_load(&f->c, f->path), -1);
    capture_end(&f->cap);
    assert_contains(f->cap.text, at(f, 1, "a NUL byte at column 1"));
    fp = fopen(f->path, "w");
    fwrite(mid, 1, sizeof mid - 1, fp);
    fclose(fp);
    capture_begin(&f->cap);
    assert_int_equal(config_load(&f->c, f->path), -1);
    capture_end(&f->cap);
    assert_contains(f->cap.text, at(f, 2, "a NUL byte at column 14"));
    assert_null(strstr(f->cap.text, "longer than"));
}

/* 197 characters are a line; 198 are an error, except in a comment. */
static void test_config_line_length_limit(void **state)
{
    struct cfx *f = *state;
    char text[1024], init[512];
    memset(init, 'a', sizeof init);
    /* "init = \"" is 8 characters and the closing quote 1: 188 in between. */
    snprintf(text, sizeof text, "[guest]\ninit = \"%.*s\"\n", 188, init);
    assert_int_equal(load(f, text), 0);
    assert_int_equal(strlen(f->c.guest_init), 188);
    config_defaults(&f->c);
    snprintf(text, sizeof text, "[guest]\ninit = \"%.*s\"\r\n", 189, init);
    assert_int_equal(load(f, text), -1);
    assert_contains(f->cap.text, at(f, 2, "line is longer than 197 characters"));
    config_defaults(&f->c);
    snprintf(text, sizeof text, "; %.*s\n[cpu]\nfreq_mhz = 7\n", 400, init);
    assert_int_equal(load(f, text), 0);
    assert_int_equal(f->c.cpu.freq_mhz, 7);
}

static void test_config_text_after_section_header(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[cpu] ; a comment is fine\nfreq_mhz = 5\n"), 0);
    assert_int_equal(f->c.cpu.freq_mhz, 5);
    config_defaults(&f->c);
    assert_int_equal(load(f, "[sim]\n[cpu] junk \nfreq_mhz = 5\n"), -1);
    assert_string_equal(f->cap.text,
                        at(f, 2, "[cpu]: text after the section header: \"junk\"\n"));
}

static void test_config_duplicate_key(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[cpu]\nfreq_mhz = 100\n\nfreq_mhz = 200\n"), -1);
    assert_contains(f->cap.text, at(f, 4, "freq_mhz: given twice in [cpu] (first on line 2)"));
}

static void test_config_missing_file(void **state)
{
    struct cfx *f = *state;
    capture_begin(&f->cap);
    int r = config_load(&f->c, "/nonexistent/x.ini");
    capture_end(&f->cap);
    assert_int_equal(r, -1);
    assert_contains(f->cap.text, "simscm: /nonexistent/x.ini: cannot read config: "
                                 "No such file or directory");
}

static void test_config_validate_regions(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f,
        "[region zero]\nbase = 0x90000000\nsize_mib = 0\n"          /* 1-3 */
        "[region main]\nbase = 0x80000000\nsize_mib = 256\n"        /* 4-6 */
        "[region clash]\nbase = 0x88000000\nsize_mib = 16\n"        /* 7-9 */
        "[region dev]\nbase = 0x0c000000\nsize_mib = 1\n"), 0);     /* 10-12 */
    assert_int_equal(validate(f), -1);
    assert_contains(f->cap.text, at(f, 3, "size_mib: region \"zero\" has size 0"));
    assert_contains(f->cap.text, at(f, 8, "base: region \"clash\" [0x88000000,0x89000000) "
                                          "overlaps region \"main\" [0x80000000,0x90000000)"));
    assert_contains(f->cap.text, at(f, 11, "base: region \"dev\" [0xc000000,0xc100000) "
                                           "covers the PLIC at 0xc000000"));
}

/* One mistake, one line: a region of size 0 does not also report "no memory
 * at 0x80000000" and three caches larger than all memory. */
static void test_config_validate_size_zero_is_one_error(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nbase = 0x80000000\nsize_mib = 0\n"), 0);
    assert_int_equal(validate(f), -1);
    assert_string_equal(f->cap.text, at(f, 3, "size_mib: region \"dram\" has size 0\n"));
}

/* row_bytes is checked whether or not the row buffer is on. */
static void test_config_validate_row_bytes_even_when_off(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region dram]\nrow_buffer = off\nrow_bytes = 100\n"), 0);
    assert_int_equal(validate(f), -1);
    assert_string_equal(f->cap.text, at(f, 3, "row_bytes: 100 is not a power of two\n"));
}

static void test_config_validate_needs_main_memory(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[region hi]\nbase = 0x1_0000_0000\nsize_mib = 64\n"), 0);
    assert_int_equal(validate(f), -1);
    char want[256];
    snprintf(want, sizeof want, "%s: no memory region at 0x80000000", f->path);
    assert_contains(f->cap.text, want);
}

static void test_config_validate_caches(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f,
        "[region m]\nsize_mib = 1\n"                                 /* 1-2 */
        "[cache l1i]\nline_bytes = 48\nways = 3\n"                   /* 3-5 */
        "[cache l1d]\nsize_kib = 24\n"                               /* 6-7 */
        "[cache l2]\nsize_kib = 2048\n"                              /* 8-9 */
        "[cpu]\npredictor_entries = 1000\n"), 0);                    /* 10-11 */
    assert_int_equal(validate(f), -1);
    assert_contains(f->cap.text, at(f, 4, "line_bytes: 48 is not a power of two"));
    assert_contains(f->cap.text, at(f, 5, "ways: 3 is not a power of two"));
    assert_contains(f->cap.text, at(f, 7, "size_kib: 24 KiB / (ways * line_bytes) = 48 sets, "
                                          "not a power of two"));
    assert_contains(f->cap.text, at(f, 9, "size_kib: the cache (2048 KiB) is larger than all "
                                          "memory (1024 KiB)"));
    assert_contains(f->cap.text, at(f, 11, "predictor_entries: 1000 is not a power of two"));
}

static void test_config_validate_cache_size_multiple_and_line_sizes(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(load(f, "[cache l1d]\nsize_kib = 1\nways = 32\nline_bytes = 64\n"
                             "[cache l2]\nline_bytes = 128\n"), 0);
    assert_int_equal(validate(f), -1);
    assert_contains(f->cap.text, at(f, 2, "size_kib: 1 KiB is not a multiple of ways * "
                                          "line_bytes (2048 bytes)"));
    assert_contains(f->cap.text, at(f, 6, "line_bytes: 128 differs from [cache l1i]'s 64"));
}

/* 32-bit tags (sim/mem/cache.h): a fully associative cache of 64-byte lines
 * holds addresses below 2^32 * 64 = 256 GiB, checked only in the timing mode. */
static void test_config_validate_cache_address_limit(void **state)
{
    struct cfx *f = *state;
    const char *text =
        "[region m]\nsize_mib = 16\n"                                /* 1-2 */
        "[region far]\nbase = 0x40_0000_0000\nsize_mib = 1\n"      /* 3-5 */
        "[cache l1d]\nsize_kib = 4\nways = 64\n"                    /* 6-8 */
        "[cpu]\ntiming = on\n";                                      /* 9-10 */
    assert_int_equal(load(f, text), 0);
    assert_int_equal(validate(f), -1);
    assert_contains(f->cap.text, at(f, 7, "size_kib: with 1 set of 64-byte lines the cache "
                                          "holds addresses below 0x3fffffffc0, and region "
                                          "\"far\" ends at 0x4000100000"));
    /* The functional mode models no caches: the same map is fine there. */
    f->c.cpu.timing = false;
    assert_int_equal(validate(f), 0);
}

static void test_config_set_overrides_and_creates(void **state)
{
    struct cfx *f = *state;
    assert_int_equal(config_set(&f->c, "cpu.freq_mhz=2500"), 0);
    assert_int_equal(f->c.cpu.freq_mhz, 2500);
    assert_int_equal(config_set(&f->c, "cache.l2.enabled=off"), 0);
    assert_false(f->c.l2.enabled);
    /* The first region named on the command line replaces the default. */
    assert_int_equal(config_set(&f->c, "region.nv.kind=scm"), 0);
    assert_int_equal(f->c.nregions, 1);
    assert_string_equal(f->c.regions[0].name, "nv");
    assert_int_equal(f->c.regions[0].read_ns, 120);
    assert_int_equal(config_set(&f->c, "region.nv.read_ns=200"), 0);
    assert_int_equal(config_set(&f->c, "region.nv.image=x.img"), 0);
    assert_string_equal(f->c.regions[0].image, "x.img");   /* relative to the cwd */
    assert_int_equal(config_set(&f->c, "guest.init=sh:p"), 0);
    assert_string_equal(f->c.guest_init, "sh:p");
    assert_int_equal(f->c.regions[0].read_ns, 200);
    assert_int_equal(validate(f), 0);
}

static void test_config_set_errors_name_the_option(void **state)
{
    struct cfx *f = *state;
    capture_begin(&f->cap);
    assert_int_equal(config_set(&f->c, "cpu.freq_mhz=fast"), -1);
    assert_int_equal(config_set(&f->c, "cpu.nope=1"), -1);
    assert_int_equal(config_set(&f->c, "gpu.cores=1"), -1);
    assert_int_equal(config_set(&f->c, "freq_mhz"), -1);
    assert_int_equal(config_set(&f->c, "cpu..freq_mhz=5"), -1);
    assert_int_equal(config_set(&f->c, ".cpu.freq_mhz=5"), -1);
    assert_int_equal(config_set(&f->c, "cache.l1d.ways=3"), 0);
    capture_end(&f->cap);
    assert_contains(f->cap.text, "simscm: --set cpu.freq_mhz=fast: freq_mhz: \"fast\" is not a number");
    assert_contains(f->cap.text, "simscm: --set cpu.nope=1: unknown key \"nope\" in [cpu]");
    assert_contains(f->cap.text, "simscm: --set gpu.cores=1: unknown section [gpu]");
    assert_contains(f->cap.text, "simscm: --set freq_mhz: expected section.key=value");
    assert_contains(f->cap.text, "simscm: --set cpu..freq_mhz=5: empty name between dots");
    assert_contains(f->cap.text, "simscm: --set .cpu.freq_mhz=5: empty name between dots");
    assert_int_equal(f->c.cpu.freq_mhz, 1000);
    assert_int_equal(validate(f), -1);
    assert_contains(f->cap.text, "simscm: --set cache.l1d.ways: ways: 3 is not a power of two");
}

static void test_config_json_has_every_section(void **state)
{
    struct cfx *f = *state;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    struct json j;
    assert_int_equal(config_load(&f->c, "configs/hybrid.ini"), 0);
    json_init(&j, mem);
    config_to_json(&f->c, &j);
    json_finish(&j);
    fclose(mem);
    assert_contains(buf, "\"path\": \"configs/hybrid.ini\"");
    assert_contains(buf, "\"freq_mhz\": 2000");
    assert_contains(buf, "\"l2\": {");
    assert_contains(buf, "\"name\": \"scm\",\n      \"kind\": \"scm\"");
    assert_contains(buf, "\"size_mib\": 512");
    assert_contains(buf, "\"base\": 4294967296");
    assert_contains(buf, "\"residual_us\": 16000");
    assert_contains(buf, "\"off_ms\": 10");
    assert_contains(buf, "\"faults\": {\n    \"inject\": \"bug:id=2,at=600ms\"");
    assert_contains(buf, "\"input_gap_us\": 100");
    assert_contains(buf, "\"default_persist\": false");
    free(buf);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_config_defaults_are_valid),
        T(test_config_every_key_reaches_its_field),
        T(test_config_shipped_configs_load_and_validate),
        T(test_config_scm_latencies_follow_kind_unless_given),
        T(test_config_no_region_keeps_the_default),
        T(test_config_bad_number_names_file_line_key),
        T(test_config_unit_suffix_is_rejected),
        T(test_config_negative_latency_is_not_a_number),
        T(test_config_absurd_values_are_out_of_range),
        T(test_config_unknown_key_and_section),
        T(test_config_syntax_mistakes),
        T(test_config_nul_byte_names_its_column),
        T(test_config_line_length_limit),
        T(test_config_text_after_section_header),
        T(test_config_duplicate_key),
        T(test_config_missing_file),
        T(test_config_validate_regions),
        T(test_config_validate_size_zero_is_one_error),
        T(test_config_validate_row_bytes_even_when_off),
        T(test_config_validate_needs_main_memory),
        T(test_config_validate_caches),
        T(test_config_validate_cache_size_multiple_and_line_sizes),
        T(test_config_validate_cache_address_limit),
        T(test_config_set_overrides_and_creates),
        T(test_config_set_errors_name_the_option),
        T(test_config_json_has_every_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
