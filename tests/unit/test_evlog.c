/*
 * test_evlog.c -- the JSON Lines event log: the exact text of a line, strings
 * from the user escaped so each line stays one valid JSON object (checked by
 * a small JSON reader written here from RFC 8259, which decodes the strings
 * back), counting without a file, and errors on open and close.
 */
#include "dev_fixture.h"
#include "evlog.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

struct efx {
    char path[64];
    struct evlog e;
    struct capture cap;
};

static int setup(void **state)
{
    struct efx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    strcpy(f->path, "/tmp/simscm-evlog-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct efx *f = *state;
    unlink(f->path);
    free(f);
    return 0;
}

/* The whole file (after evlog_close). */
static const char *slurp(struct efx *f)
{
    static char buf[16384];
    FILE *fp = fopen(f->path, "r");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* ---- a minimal JSON reader for one flat object per line ------------------- */

struct jr {
    const char *p;
    char key[64];
    char str[512];              /* the last string value, decoded (bytes < 0x80 only) */
    size_t str_len;
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A JSON string at r->p into out; false if it is not one. */
static bool jr_string(struct jr *r, char *out, size_t cap, size_t *len)
{
    size_t n = 0;
    if (*r->p != '"')
        return false;
    r->p++;
    for (;;) {
        unsigned char c = (unsigned char)*r->p++;
        if (c == '"')
            break;
        if (c < 0x20)
            return false;               /* raw control characters are not allowed */
        if (c == '\\') {
            char e = *r->p++;
            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = hexval(*r->p++);
                    if (h < 0)
                        return false;
                    v = v * 16 + h;
                }
                if (v >= 0x80)
                    return false;       /* the test only sends ASCII */
                c = (unsigned char)v;
                break;
            }
            default:
                return false;
            }
        }
        if (n + 1 >= cap)
            return false;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    if (len)
        *len = n;
    return true;
}

/* One line: {"k":v,...} with string, unsigned number, true or false values,
 * then '\n'.  Returns the number of members, or -1 if it is not valid. */
static int jr_line(struct jr *r)
{
    int members = 0;
    if (*r->p++ != '{')
        return -1;
    if (*r->p == '}')
        goto end;
    for (;;) {
        if (!jr_string(r, r->key, sizeof r->key, NULL) || *r->p++ != ':')
            return -1;
        if (*r->p == '"') {
            if (!jr_string(r, r->str, sizeof r->str, &r->str_len))
                return -1;
        } else if (!strncmp(r->p, "true", 4)) {
            r->p += 4;
        } else if (!strncmp(r->p, "false", 5)) {
            r->p += 5;
        } else if (*r->p >= '0' && *r->p <= '9') {
            if (*r->p == '0' && r->p[1] >= '0' && r->p[1] <= '9')
                return -1;              /* no leading zeros */
            while (*r->p >= '0' && *r->p <= '9')
                r->p++;
        } else {
            return -1;
        }
        members++;
        if (*r->p == ',') {
            r->p++;
            continue;
        }
        break;
    }
end:
    if (*r->p++ != '}' || *r->p++ != '\n')
        return -1;
    return members;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_evlog_writes_one_object_per_line(void **state)
{
    struct efx *f = *state;
    assert_int_equal(evlog_open(&f->e, f->path), 0);
    evlog_begin(&f->e, 0, "power_on");
    evlog_str(&f->e, "reason", "cold");
    evlog_u64(&f->e, "boot", 1);
    evlog_u64(&f->e, "off_ns", 0);
    evlog_end(&f->e);
    evlog_begin(&f->e, 5000000, "fault");
    evlog_str(&f->e, "kind", "bitflip");
    evlog_bool(&f->e, "powered", false);
    evlog_hex(&f->e, "addr", 0x100000abcull);
    evlog_u64(&f->e, "bit", 7);
    evlog_end(&f->e);
    evlog_begin(&f->e, 5000000, "power_cut");      /* the same time is fine */
    evlog_bool(&f->e, "warned", true);
    evlog_u64(&f->e, "dirty_lines_lost", UINT64_MAX);
    evlog_end(&f->e);
    assert_int_equal(evlog_close(&f->e), 0);
    assert_string_equal(slurp(f),
        "{\"t_ns\":0,\"event\":\"power_on\",\"reason\":\"cold\",\"boot\":1,\"off_ns\":0}\n"
        "{\"t_ns\":5000000,\"event\":\"fault\",\"kind\":\"bitflip\",\"powered\":false,"
        "\"addr\":\"0x100000abc\",\"bit\":7}\n"
        "{\"t_ns\":5000000,\"event\":\"power_cut\",\"warned\":true,"
        "\"dirty_lines_lost\":18446744073709551615}\n");
    assert_int_equal(f->e.lines, 3);
}

/* A spec from the command line may hold anything; every ASCII byte must
 * come back out of the JSON string unchanged. */
static void test_evlog_escapes_user_strings(void **state)
{
    struct efx *f = *state;
    static const char *const specs[] = {
        "cut:at=5ms",
        "say \"hi\"",
        "back\\slash\\",
        "tab\there\nnewline\rcr",
        "\x01\x02\x1f\x7f end",
        "\"",
        "\\",
        "",
    };
    char all[128];                      /* bytes 1..127 */
    for (int i = 1; i < 128; i++)
        all[i - 1] = (char)i;
    all[127] = '\0';
    size_t nspecs = sizeof specs / sizeof specs[0];

    assert_int_equal(evlog_open(&f->e, f->path), 0);
    for (size_t i = 0; i <= nspecs; i++) {
        evlog_begin(&f->e, 10 * i, "fault");
        evlog_str(&f->e, "spec", i < nspecs ? specs[i] : all);
        evlog_bool(&f->e, "powered", true);
        evlog_end(&f->e);
    }
    assert_int_equal(evlog_close(&f->e), 0);

    struct jr r = { .p = slurp(f) };
    assert_contains(r.p, "\"spec\":\"say \\\"hi\\\"\"");
    assert_contains(r.p, "\"spec\":\"back\\\\slash\\\\\"");
    for (size_t i = 0; i <= nspecs; i++) {
        const char *line = r.p;
        const char *want = i < nspecs ? specs[i] : all;
        if (jr_line(&r) != 4)
            fail_msg("line %zu is not a JSON object with 4 members:\n%s", i + 1, line);
        /* the one string value is "spec"'s (kind and event come first) */
        if (r.str_len != strlen(want) || memcmp(r.str, want, r.str_len))
            fail_msg("line %zu: spec did not survive the round trip:\n%s", i + 1, line);
    }
    assert_int_equal(*r.p, '\0');
}

static void test_evlog_counts_kinds_without_a_file(void **state)
{
    (void)state;
    struct evlog e;
    assert_int_equal(evlog_open(&e, NULL), 0);
    assert_null(e.f);
    static const char *const kinds[] = {
        "power_on", "fault", "power_warning", "power_cut", "power_on", "fault", "fault",
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        evlog_begin(&e, i, kinds[i]);
        evlog_str(&e, "kind", "cut");
        evlog_u64(&e, "n", i);
        evlog_end(&e);
    }
    assert_int_equal(e.lines, 7);
    assert_int_equal(evlog_count(&e, "power_on"), 2);
    assert_int_equal(evlog_count(&e, "fault"), 3);
    assert_int_equal(evlog_count(&e, "power_warning"), 1);
    assert_int_equal(evlog_count(&e, "power_cut"), 1);
    assert_int_equal(evlog_count(&e, "run_end"), 0);
    assert_int_equal(e.nkinds, 4);
    assert_int_equal(evlog_close(&e), 0);
}

/* Counting is the same with a file: the stats must not depend on --events. */
static void test_evlog_counts_the_same_with_a_file(void **state)
{
    struct efx *f = *state;
    assert_int_equal(evlog_open(&f->e, f->path), 0);
    for (int i = 0; i < 5; i++) {
        evlog_begin(&f->e, (uint64_t)i, i % 2 ? "guest" : "bug_strike");
        evlog_end(&f->e);
    }
    assert_int_equal(evlog_count(&f->e, "guest"), 2);
    assert_int_equal(evlog_count(&f->e, "bug_strike"), 3);
    assert_int_equal(evlog_close(&f->e), 0);
    assert_null(f->e.f);
    assert_int_equal(evlog_close(&f->e), 0);       /* a second close does nothing */
}

static void test_evlog_open_error_names_the_file(void **state)
{
    struct efx *f = *state;
    capture_begin(&f->cap);
    int r = evlog_open(&f->e, "/nonexistent-dir/events.jsonl");
    capture_end(&f->cap);
    assert_int_equal(r, -1);
    assert_contains(f->cap.text, "simscm: --events /nonexistent-dir/events.jsonl: "
                    "No such file or directory");
    assert_null(f->e.f);
}

/* stdio buffers the lines, so a full disk shows at close. */
static void test_evlog_close_reports_write_errors(void **state)
{
    struct efx *f = *state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    assert_int_equal(evlog_open(&f->e, "/dev/full"), 0);
    for (int i = 0; i < 10; i++) {
        evlog_begin(&f->e, (uint64_t)i, "guest");
        evlog_str(&f->e, "milestone", "user");
        evlog_end(&f->e);
    }
    capture_begin(&f->cap);
    int r = evlog_close(&f->e);
    capture_end(&f->cap);
    assert_int_equal(r, -1);
    assert_contains(f->cap.text, "simscm: --events /dev/full: write failed");
    assert_null(f->e.f);
}

/* A write error that stdio saw before close (more than one buffer) is
 * reported too, and only once. */
static void test_evlog_close_reports_early_write_errors_once(void **state)
{
    struct efx *f = *state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    assert_int_equal(evlog_open(&f->e, "/dev/full"), 0);
    char big[1024];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 200; i++) {            /* ~200 KiB: several buffers */
        evlog_begin(&f->e, (uint64_t)i, "guest");
        evlog_str(&f->e, "milestone", big);
        evlog_end(&f->e);
    }
    capture_begin(&f->cap);
    int r = evlog_close(&f->e);
    capture_end(&f->cap);
    assert_int_equal(r, -1);
    const char *first = strstr(f->cap.text, "write failed");
    assert_non_null(first);
    assert_null(strstr(first + 1, "write failed"));
}

/* Time going backwards, or a line begun inside another, is a simulator bug:
 * abort.  Checked in a child so the abort does not end this test binary. */
static int child_status(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);                         /* keep the sanitizers quiet */
        fn();
        _exit(0);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return st;
}

static void backwards(void)
{
    struct evlog e;
    evlog_open(&e, NULL);
    evlog_begin(&e, 100, "a");
    evlog_end(&e);
    evlog_begin(&e, 99, "b");
    evlog_end(&e);
}

static void nested(void)
{
    struct evlog e;
    evlog_open(&e, NULL);
    evlog_begin(&e, 1, "a");
    evlog_begin(&e, 2, "b");
}

static void in_order(void)
{
    struct evlog e;
    evlog_open(&e, NULL);
    evlog_begin(&e, 100, "a");
    evlog_end(&e);
    evlog_begin(&e, 100, "b");
    evlog_end(&e);
}

static void test_evlog_aborts_on_simulator_bugs(void **state)
{
    (void)state;
    int st = child_status(backwards);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    st = child_status(nested);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    st = child_status(in_order);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_evlog_writes_one_object_per_line),
        T(test_evlog_escapes_user_strings),
        T(test_evlog_counts_kinds_without_a_file),
        T(test_evlog_counts_the_same_with_a_file),
        T(test_evlog_open_error_names_the_file),
        T(test_evlog_close_reports_write_errors),
        T(test_evlog_close_reports_early_write_errors_once),
        T(test_evlog_aborts_on_simulator_bugs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
