/*
 * test_region.c -- what power does to memory regions, and the SCM image file.
 *
 * DRAM: garbage at power-on, deterministic per seed, nothing survives.
 * SCM: only written-back lines survive a power-on; without caches every store
 * does.  The image: made atomically, reopened as the same machine, survives
 * SIGKILL in the middle of write-backs, and a wrong or foreign file is
 * refused with a message naming it.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "config.h"
#include "json.h"
#include "mem/region.h"

#define BASE 0x80000000ull
#define MiB  (1ull << 20)

static char dir[128];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/simscm-test-region-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static struct region_config rcfg(enum region_kind kind, uint64_t size, const char *image)
{
    struct region_config rc;
    memset(&rc, 0, sizeof rc);
    snprintf(rc.name, sizeof rc.name, "%s", kind == REGION_SCM ? "scm" : "dram");
    rc.kind = kind;
    rc.base = BASE;
    rc.size = size;
    if (image)
        snprintf(rc.image, sizeof rc.image, "%s/%s", dir, image);
    return rc;
}

static void put64(struct region *r, uint64_t pa, uint64_t v) { memcpy(r->mem + (pa - r->base), &v, 8); }
static uint64_t get64(const struct region *r, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, r->mem + (pa - r->base), 8);
    return v;
}

/* Run f with stderr captured into buf. */
static int capture_stderr(char *buf, size_t len, int (*f)(void *), void *arg)
{
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 2);
    int rc = f(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, len - 1, tmp);
    buf[n] = '\0';
    fclose(tmp);
    return rc;
}

/* ---- DRAM ---- */

static void test_region_dram_garbage_is_seeded(void **state)
{
    struct region_config rc = rcfg(REGION_DRAM, 16 * MiB, NULL);
    struct region a, b;
    assert_int_equal(region_create(&a, &rc, true), 0);
    assert_int_equal(region_create(&b, &rc, true), 0);
    region_power_on(&a, 42);
    region_power_on(&b, 42);
    /* Same seed, same garbage, everywhere (both 8 MiB tiles). */
    assert_memory_equal(a.mem, b.mem, a.size);
    /* Garbage, not zeros: no all-zero 8-byte word in the first MiB. */
    int zeros = 0;
    for (uint64_t off = 0; off < MiB; off += 8)
        zeros += get64(&a, BASE + off) == 0;
    assert_int_equal(zeros, 0);
    /* Another seed at the next power-on: different garbage. */
    region_power_on(&b, 43);
    assert_memory_not_equal(a.mem, b.mem, 4096);
    assert_memory_not_equal(a.mem + 8 * MiB, b.mem + 8 * MiB, 4096);
    region_destroy(&a);
    region_destroy(&b);
}

static void test_region_dram_forgets_at_power_on(void **state)
{
    struct region_config rc = rcfg(REGION_DRAM, 4 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_ptr_equal(r.mem, r.durable);
    region_power_on(&r, 1);
    uint8_t *mem = r.mem;
    /* Many power cycles: each one drops what was written before it. */
    for (int cycle = 0; cycle < 500; cycle++) {
        uint64_t pa = BASE + (uint64_t)(cycle * 4104) % (r.size - 8);
        pa &= ~7ull;
        put64(&r, pa, 0x5ca1ab1e00000000ull | (unsigned)cycle);
        region_writeback(&r, pa, 64);          /* no durable view: no effect */
        region_power_on(&r, 1000 + cycle);
        assert_ptr_equal(r.mem, mem);          /* host pointers stay valid */
        assert_true(get64(&r, pa) != (0x5ca1ab1e00000000ull | (unsigned)cycle));
    }
    /* DRAM has no wear and no durable view to discard into. */
    assert_false(region_discard(&r, BASE, 64));
    for (uint64_t i = 0; i < r.size / REGION_PAGE_BYTES; i++)
        assert_int_equal(r.page_writes[i], 0);
    region_destroy(&r);
}

/* ---- SCM without an image ---- */

static void test_region_scm_only_written_back_lines_survive(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 2 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_false(r.restored);
    assert_ptr_not_equal(r.mem, r.durable);
    region_power_on(&r, 7);
    assert_int_equal(get64(&r, BASE + 4096), 0);     /* a new SCM is zero */
    put64(&r, BASE + 4096, 0x1111);                   /* written back below */
    put64(&r, BASE + 8192, 0x2222);                   /* stays in the "cache" */
    region_writeback(&r, BASE + 4096, 64);
    assert_int_equal(r.page_writes[1], 1);
    assert_int_equal(r.page_writes[2], 0);
    region_power_on(&r, 8);
    assert_int_equal(get64(&r, BASE + 4096), 0x1111);
    assert_int_equal(get64(&r, BASE + 8192), 0);
    region_destroy(&r);
}

static void test_region_scm_single_view_is_always_durable(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, false), 0);
    assert_ptr_equal(r.mem, r.durable);
    region_power_on(&r, 1);
    put64(&r, BASE + 64, 0xabcd);
    region_power_on(&r, 2);
    assert_int_equal(get64(&r, BASE + 64), 0xabcd);
    region_destroy(&r);
}

static void test_region_scm_discard_restores_durable_line(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_power_on(&r, 1);
    put64(&r, BASE + 128, 1);
    region_writeback(&r, BASE + 128, 64);
    put64(&r, BASE + 128, 2);
    put64(&r, BASE + 192, 3);                         /* next line: untouched */
    assert_true(region_discard(&r, BASE + 128, 64));
    assert_int_equal(get64(&r, BASE + 128), 1);
    assert_int_equal(get64(&r, BASE + 192), 3);
    assert_false(region_discard(&r, BASE + 128, 64)); /* nothing left to drop */
    region_destroy(&r);
}

static void test_region_load_fills_both_views(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_power_on(&r, 1);
    const char prog[] = "a program image";
    region_load(&r, BASE + 0x1000, prog, sizeof prog);
    region_power_on(&r, 2);
    assert_memory_equal(r.mem + 0x1000, prog, sizeof prog);
    assert_int_equal(r.page_writes[1], 0);            /* flashing is not wear */
    region_destroy(&r);
}

static void test_region_wear_summary(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_power_on(&r, 1);
    for (int i = 0; i < 3; i++)
        region_writeback(&r, BASE, 64);
    region_writeback(&r, BASE + 4096 + 64, 64);
    for (int i = 0; i < 9; i++)
        region_writeback(&r, BASE + 10 * 4096, 64);
    region_writeback(&r, BASE + 2 * 4096 - 32, 64);   /* spans pages 1 and 2 */
    struct region_wear w;
    region_wear(&r, &w);
    assert_int_equal(w.pages, 256);
    assert_int_equal(w.pages_written, 4);
    assert_int_equal(w.total, 3 + 1 + 9 + 2);
    assert_int_equal(w.max, 9);
    assert_int_equal(w.hist[0], 252);                 /* never written */
    assert_int_equal(w.hist[1], 1);                   /* 1: page 2 */
    assert_int_equal(w.hist[2], 2);                   /* 2-3: pages 0 and 1 */
    assert_int_equal(w.hist[3], 0);                   /* 4-7 */
    assert_int_equal(w.hist[4], 1);                   /* 8-15: page 10 */

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct json j;
    json_init(&j, f);
    json_object_begin(&j, NULL);
    r.stats.reads = 5;
    region_stats_json(&r, &j);
    json_object_end(&j);
    json_finish(&j);
    fclose(f);
    assert_non_null(strstr(buf, "\"kind\": \"scm\""));
    assert_non_null(strstr(buf, "\"reads\": 5"));
    assert_non_null(strstr(buf, "\"max_writes\": 9"));
    assert_non_null(strstr(buf, "\"pages_written\": 4"));
    assert_non_null(strstr(buf, "\"histogram\""));
    free(buf);
    region_destroy(&r);
}

/* ---- the image file ---- */

static void test_region_image_made_then_restored(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 2 * MiB, "a.img");
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_false(r.restored);
    struct stat st;
    assert_int_equal(stat(rc.image, &st), 0);
    assert_int_equal(st.st_size, SCM_IMAGE_HEADER + 2 * MiB);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.new", rc.image);
    assert_int_not_equal(access(tmp, F_OK), 0);       /* nothing half-made left */
    region_power_on(&r, 1);
    put64(&r, BASE + 0x10000, 0xfeedface);
    put64(&r, BASE + 0x20000, 0xdeadbeef);            /* never written back */
    region_writeback(&r, BASE + 0x10000, 64);
    region_destroy(&r);                               /* power-off, no sync */

    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_true(r.restored);
    region_power_on(&r, 2);
    assert_int_equal(get64(&r, BASE + 0x10000), 0xfeedface);
    assert_int_equal(get64(&r, BASE + 0x20000), 0);
    assert_int_equal(region_sync(&r), 0);
    region_destroy(&r);

    /* Without caches (one view) the same file works, and stores land at once. */
    assert_int_equal(region_create(&r, &rc, false), 0);
    assert_true(r.restored);
    region_power_on(&r, 3);
    assert_int_equal(get64(&r, BASE + 0x10000), 0xfeedface);
    put64(&r, BASE + 0x30000, 77);
    region_destroy(&r);
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_power_on(&r, 4);
    assert_int_equal(get64(&r, BASE + 0x30000), 77);
    region_destroy(&r);
}

static void test_region_image_survives_sigkill(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 4 * MiB, "kill.img");
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Child: write back line after line forever, word = its sequence number. */
        struct region r;
        if (region_create(&r, &rc, true) < 0)
            _exit(3);
        region_power_on(&r, 1);
        for (uint64_t n = 1;; n++) {
            uint64_t pa = BASE + (n * 64) % r.size;
            for (int w = 0; w < 8; w++)
                put64(&r, pa + 8 * w, n);
            region_writeback(&r, pa, 64);
            if (n == 100000) {
                char c = 1;
                if (write(ready[1], &c, 1) != 1)
                    _exit(4);
            }
        }
    }
    char c;
    close(ready[1]);
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));

    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_true(r.restored);
    region_power_on(&r, 2);
    /* Every line holds whole words of some write-back; the lines written
     * before the child said "ready" are all there. */
    uint64_t seen_max = 0;
    for (uint64_t n = 1; n <= 100000; n++) {
        uint64_t v = get64(&r, BASE + (n * 64) % r.size);
        assert_true(v >= n);
    }
    for (uint64_t off = 0; off < r.size; off += 8) {
        uint64_t v = get64(&r, BASE + off);
        if (v > seen_max)
            seen_max = v;
    }
    assert_true(seen_max >= 100000);
    region_destroy(&r);
}

struct create_args { struct region *r; struct region_config *rc; };
static int do_create(void *p)
{
    struct create_args *a = p;
    return region_create(a->r, a->rc, true);
}

static void expect_refused(struct region_config *rc, const char *what)
{
    struct region r;
    char msg[1024];
    struct create_args a = { &r, rc };
    assert_int_equal(capture_stderr(msg, sizeof msg, do_create, &a), -1);
    assert_non_null(strstr(msg, rc->image));
    if (!strstr(msg, what))
        fail_msg("message \"%s\" lacks \"%s\"", msg, what);
}

static void test_region_image_refuses_wrong_files(void **state)
{
    struct region r;
    /* A foreign file is neither used nor overwritten. */
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, "notes.txt");
    FILE *f = fopen(rc.image, "w");
    fputs("my thesis, chapter 1\n", f);
    fclose(f);
    expect_refused(&rc, "not a simscm SCM image");
    f = fopen(rc.image, "r");
    char line[64];
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "my thesis, chapter 1\n");

    /* Made for 1 MiB, opened as 2 MiB. */
    rc = rcfg(REGION_SCM, 1 * MiB, "small.img");
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_destroy(&r);
    rc.size = 2 * MiB;
    expect_refused(&rc, "holds 1048576 bytes (1 MiB) but the region is 2097152 bytes (2 MiB)");

    /* Made for another base. */
    rc.size = 1 * MiB;
    rc.base = 0x90000000ull;
    expect_refused(&rc, "made for base 0x80000000");

    /* A damaged header. */
    rc.base = BASE;
    int fd = open(rc.image, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "\x07", 1, 20), 1);
    close(fd);
    expect_refused(&rc, "checksum");

    /* Truncated contents. */
    rc = rcfg(REGION_SCM, 1 * MiB, "short.img");
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_destroy(&r);
    assert_int_equal(truncate(rc.image, SCM_IMAGE_HEADER + 4096), 0);
    expect_refused(&rc, "truncated");

    /* In use by another simscm. */
    rc = rcfg(REGION_SCM, 1 * MiB, "busy.img");
    assert_int_equal(region_create(&r, &rc, true), 0);
    expect_refused(&rc, "in use");
    region_destroy(&r);

    /* An image on a DRAM region makes no sense. */
    rc = rcfg(REGION_DRAM, 1 * MiB, "dram.img");
    char msg[512];
    struct create_args a = { &r, &rc };
    assert_int_equal(capture_stderr(msg, sizeof msg, do_create, &a), -1);
    assert_non_null(strstr(msg, "only an SCM region"));
}

static void test_region_image_ignores_stale_new_file(void **state)
{
    /* A creation killed before it linked its image into place leaves a
     * PATH.new-XXXXXX (or an old simscm's PATH.new): harmless, left alone. */
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, "stale.img");
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.new", rc.image);
    FILE *f = fopen(tmp, "w");
    fputs("half", f);
    fclose(f);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_false(r.restored);
    assert_int_equal(access(tmp, F_OK), 0);
    region_destroy(&r);
    /* ... and a successful creation leaves no temporary file of its own. */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c 'stale.img.new-' >/dev/null", dir);
    assert_int_not_equal(system(cmd), 0);
}

/* Finding 1: the garbage of a DRAM region takes a bounded number of host
 * mappings (vm.max_map_count is 65530), whatever the region's size. */
static int count_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    int n = 0, c;
    assert_non_null(f);
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void test_region_dram_garbage_maps_are_bounded(void **state)
{
    assert_int_equal(region_garbage_tile(16 * MiB), 8 * MiB);
    assert_int_equal(region_garbage_tile(4 * MiB), 4 * MiB);
    assert_int_equal(region_garbage_tile(64ull << 30), 64 * MiB);
    assert_true((64ull << 30) / region_garbage_tile(64ull << 30) <= 1024);
    struct region_config rc = rcfg(REGION_DRAM, 64ull << 30, NULL);
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    int before = count_maps();
    assert_int_equal(region_power_on(&r, 5), 0);
    assert_true(count_maps() - before <= 1024 + 2);
    assert_int_not_equal(get64(&r, BASE + (63ull << 30)), 0);     /* garbage up there too */
    region_destroy(&r);
}

/* Finding 7: simscm processes started together on one new image path: one
 * makes the image and keeps it, the other is told who has it; never a
 * "truncated" image or a failed rename. */
static void test_region_image_concurrent_creators(void **state)
{
    for (int round = 0; round < 10; round++) {
        char name[32];
        snprintf(name, sizeof name, "race%d.img", round);
        struct region_config rc = rcfg(REGION_SCM, 2 * MiB, name);
        int go[2], done[2], hold[2];
        assert_int_equal(pipe(go), 0);
        assert_int_equal(pipe(done), 0);
        assert_int_equal(pipe(hold), 0);
        pid_t kid[2];
        for (int k = 0; k < 2; k++) {
            if ((kid[k] = fork()) == 0) {
                char c, msg[512];
                struct region r;
                struct create_args a = { &r, &rc };
                close(go[1]);
                close(hold[1]);
                read(go[0], &c, 1);                 /* start together */
                int rcode = capture_stderr(msg, sizeof msg, do_create, &a);
                char rep[600];
                snprintf(rep, sizeof rep, "%d %d %s", k, rcode, rcode ? msg : "ok\n");
                write(done[1], rep, strlen(rep));
                read(hold[0], &c, 1);               /* keep the image until told */
                _exit(0);
            }
        }
        close(go[0]);
        close(hold[0]);
        close(done[1]);
        assert_int_equal(write(go[1], "gg", 2), 2);
        char buf[2048] = "";
        size_t len = 0;
        int lines = 0;
        while (lines < 2) {
            ssize_t n = read(done[0], buf + len, sizeof buf - 1 - len);
            assert_true(n > 0);
            len += (size_t)n;
            buf[len] = '\0';
            lines = 0;
            for (char *p = buf; (p = strchr(p, '\n')); p++)
                lines++;
        }
        int ok = 0;
        for (char *p = buf; (p = strstr(p, " 0 ok")); p++)
            ok++;
        if (ok != 1 || !strstr(buf, "in use by another simscm (pid "))
            fail_msg("round %d: want one image maker and one \"in use\": %s", round, buf);
        close(hold[1]);                             /* both may go */
        close(go[1]);
        close(done[0]);
        for (int k = 0; k < 2; k++)
            waitpid(kid[k], NULL, 0);
        /* The image is whole and usable. */
        struct region r;
        assert_int_equal(region_create(&r, &rc, true), 0);
        assert_true(r.restored);
        region_destroy(&r);
    }
}

/* Finding 7: junk after the contents, and a link to nothing. */
static void test_region_image_refuses_junk_and_dangling_link(void **state)
{
    struct region_config rc = rcfg(REGION_SCM, 1 * MiB, "junk.img");
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_power_on(&r, 1);
    put64(&r, BASE + 0x100, 0x1234);
    region_writeback(&r, BASE + 0x100, 8);
    region_destroy(&r);
    FILE *f = fopen(rc.image, "a");
    fputs("junk", f);
    fclose(f);
    expect_refused(&rc, "image has 4 bytes after the region's contents");
    assert_int_equal(truncate(rc.image, SCM_IMAGE_HEADER + 1 * MiB), 0);
    assert_int_equal(region_create(&r, &rc, true), 0);      /* as the message says */
    region_power_on(&r, 2);
    assert_int_equal(get64(&r, BASE + 0x100), 0x1234);
    region_destroy(&r);

    rc = rcfg(REGION_SCM, 1 * MiB, "link.img");
    char target[300];
    snprintf(target, sizeof target, "%s/nowhere/x.img", dir);
    assert_int_equal(symlink(target, rc.image), 0);
    expect_refused(&rc, "is a symbolic link to");
    struct stat st;
    assert_int_equal(lstat(rc.image, &st), 0);
    assert_true(S_ISLNK(st.st_mode));                       /* the link is kept */
}

/* Finding 6: the image's blocks are reserved when it is made (a file
 * system that cannot hold it refuses at the start, not with SIGBUS in the
 * middle of a run), and a sparse image is given its blocks, keeping its
 * contents. */
static void test_region_image_space_is_reserved(void **state)
{
    /* RLIMIT_FSIZE stands in for a full disk: posix_fallocate fails (EFBIG)
     * as it would with ENOSPC.  In a child, so the limit stays there. */
    struct region_config rc = rcfg(REGION_SCM, 2 * MiB, "big.img");
    pid_t kid = fork();
    if (kid == 0) {
        struct rlimit rl = { 1 * MiB, 1 * MiB };
        char msg[1024];
        struct region r;
        struct create_args a = { &r, &rc };
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        int rcode = capture_stderr(msg, sizeof msg, do_create, &a);
        _exit(rcode == -1 && strstr(msg, "cannot reserve 2101248 bytes for the image") &&
              access(rc.image, F_OK) != 0 ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(kid, &status, 0), kid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c 'big.img' >/dev/null", dir);
    assert_int_not_equal(system(cmd), 0);                   /* no temporary left */

    /* A sparse image (as a copy with cp --sparse or an old simscm makes). */
    rc = rcfg(REGION_SCM, 2 * MiB, "sparse.img");
    struct region r;
    assert_int_equal(region_create(&r, &rc, true), 0);
    region_destroy(&r);
    uint8_t hdr[SCM_IMAGE_HEADER];
    int fd = open(rc.image, O_RDWR);
    assert_int_equal(pread(fd, hdr, sizeof hdr, 0), sizeof hdr);
    close(fd);
    unlink(rc.image);
    fd = open(rc.image, O_RDWR | O_CREAT, 0644);
    assert_int_equal(pwrite(fd, hdr, sizeof hdr, 0), sizeof hdr);
    assert_int_equal(pwrite(fd, "survivor", 8, SCM_IMAGE_HEADER + 0x1000), 8);
    assert_int_equal(ftruncate(fd, SCM_IMAGE_HEADER + 2 * MiB), 0);
    close(fd);
    struct stat st;
    assert_int_equal(stat(rc.image, &st), 0);
    assert_true((uint64_t)st.st_blocks * 512 < 2 * MiB);    /* sparse indeed */
    assert_int_equal(region_create(&r, &rc, true), 0);
    assert_int_equal(stat(rc.image, &st), 0);
    assert_true((uint64_t)st.st_blocks * 512 >= SCM_IMAGE_HEADER + 2 * MiB);
    region_power_on(&r, 1);
    assert_memory_equal(r.mem + 0x1000, "survivor", 8);
    region_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_dram_garbage_is_seeded),
        cmocka_unit_test(test_region_dram_forgets_at_power_on),
        cmocka_unit_test(test_region_scm_only_written_back_lines_survive),
        cmocka_unit_test(test_region_scm_single_view_is_always_durable),
        cmocka_unit_test(test_region_scm_discard_restores_durable_line),
        cmocka_unit_test(test_region_load_fills_both_views),
        cmocka_unit_test(test_region_wear_summary),
        cmocka_unit_test(test_region_image_made_then_restored),
        cmocka_unit_test(test_region_image_survives_sigkill),
        cmocka_unit_test(test_region_image_refuses_wrong_files),
        cmocka_unit_test(test_region_image_ignores_stale_new_file),
        cmocka_unit_test(test_region_dram_garbage_maps_are_bounded),
        cmocka_unit_test(test_region_image_concurrent_creators),
        cmocka_unit_test(test_region_image_refuses_junk_and_dangling_link),
        cmocka_unit_test(test_region_image_space_is_reserved),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
