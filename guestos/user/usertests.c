/*
 * usertests.c -- the in-guest test runner: system calls, processes, memory
 * and persistence, checked from a user program.
 *
 *   usertests [-q] [NAME...]     all tests, or only those named
 *                                -q leaves out the slow pool-exhaustion tests
 *
 * Each test runs in a child process of its own.  Before and after it (once
 * the child has been waited for) the runner reads the free page counts of
 * both pools: they must be back where they were, so a page leaked from
 * either pool by any system call fails the test that made it.  The last line
 * is "usertests: ALL PASSED" or "usertests: N FAILED", and the exit status
 * says the same.
 */
#include "user/user.h"
#include "kernel/param.h"

static struct bootconf bc;
static const char *cur;         /* running test, for messages */

#define CHECK(cond, ...)                                    \
    do {                                                    \
        if (!(cond)) {                                      \
            printf("test %s: line %d: ", cur, __LINE__);    \
            printf(__VA_ARGS__);                            \
            printf("\n");                                   \
            return 0;                                       \
        }                                                   \
    } while (0)

/* ---- helpers ---- */

static int find_proc(int pid, struct procinfo *out)
{
    static struct procinfo all[64];
    int n = procinfo(all, 64);

    for (int i = 0; i < n; i++) {
        if (all[i].pid == pid) {
            *out = all[i];
            return 0;
        }
    }
    return -1;
}

/* The pool a process with this persistence must have every page in. */
static int expected_pool(int on)
{
    return on || !bc.has_dram ? POOL_SCM : POOL_DRAM;
}

/* Every page of pid in pool `want`, none elsewhere. */
static int all_in(int pid, int want, uint64 *total)
{
    struct procinfo pi;

    if (find_proc(pid, &pi) < 0)
        return 0;
    *total = pi.pages[POOL_SCM] + pi.pages[POOL_DRAM];
    return pi.pages[want] == *total && *total > 0;
}

static void spin_forever(void) NORETURN;
static void spin_forever(void)
{
    for (volatile long i = 0;; i++)
        ;
}

/* ---- processes ---- */

static int t_fork_wait(void)
{
    int pids[8];

    for (int i = 0; i < 8; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0, "fork: %s", errstr(pids[i]));
        if (pids[i] == 0)
            exit(10 + i);
    }
    int seen = 0;
    for (int k = 0; k < 8; k++) {
        int status;
        int pid = wait(&status);
        CHECK(pid > 0, "wait: %s", errstr(pid));
        int i;
        for (i = 0; i < 8 && pids[i] != pid; i++)
            ;
        CHECK(i < 8, "wait returned %d, not one of my children", pid);
        CHECK(status == 10 + i, "child %d exited %d, expected %d", pid, status, 10 + i);
        seen |= 1 << i;
    }
    CHECK(seen == 0xff, "not every child was waited for");
    CHECK(wait(0) == E_NOCHILD, "a ninth wait did not fail with E_NOCHILD");
    return 1;
}

static int t_getpid(void)
{
    int me = getpid();
    int pid = fork();

    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0)
        exit(getpid() == me ? 1 : 0);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    CHECK(status == 0, "child's getpid equals the parent's");
    CHECK(pid != me && pid > 0, "fork returned %d", pid);
    return 1;
}

static int t_fork_memory(void)
{
    /* The child gets a copy, not a share. */
    char *buf = malloc(3 * 4096);
    CHECK(buf, "malloc");
    memset(buf, 'a', 3 * 4096);
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        for (int i = 0; i < 3 * 4096; i++)
            if (buf[i] != 'a')
                exit(1);
        memset(buf, 'b', 3 * 4096);
        exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child saw a wrong copy");
    for (int i = 0; i < 3 * 4096; i++)
        CHECK(buf[i] == 'a', "the child's writes reached the parent at %d", i);
    free(buf);
    return 1;
}

static int t_waitpid(void)
{
    int pid = fork();

    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        sleep(20);
        exit(7);
    }
    int status = -99;
    CHECK(waitpid(pid, &status, WNOHANG) == 0, "WNOHANG did not return 0 for a live child");
    CHECK(waitpid(pid + 1000, &status, 0) == E_NOPROC, "waitpid on a stranger");
    CHECK(waitpid(1, &status, 0) == E_NOCHILD, "waitpid on init, not my child");
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    CHECK(status == 7, "status %d", status);
    CHECK(waitpid(pid, &status, 0) < 0, "reaped twice");
    return 1;
}

static int t_exit_orphans(void)
{
    /* A child whose own child outlives it: init adopts and reaps the grandchild. */
    int pid = fork();

    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        int g = fork();
        if (g < 0)
            exit(1);
        if (g == 0) {
            sleep(5);
            exit(0);
        }
        exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child");
    sleep(20);      /* the grandchild ends; init reaps it before the page check */
    return 1;
}

static int t_kill(void)
{
    int sleeper = fork();
    CHECK(sleeper >= 0, "fork: %s", errstr(sleeper));
    if (sleeper == 0) {
        sleep(1000000);
        exit(0);
    }
    int spinner = fork();
    CHECK(spinner >= 0, "fork: %s", errstr(spinner));
    if (spinner == 0)
        spin_forever();
    sleep(2);
    CHECK(kill(sleeper) == 0, "kill sleeper");
    CHECK(kill(spinner) == 0, "kill spinner");
    int status;
    CHECK(waitpid(sleeper, &status, 0) == sleeper && status == -1, "sleeper status %d", status);
    CHECK(waitpid(spinner, &status, 0) == spinner && status == -1, "spinner status %d", status);
    return 1;
}

static int t_kill_errors(void)
{
    CHECK(kill(1) == E_PERM, "killing init must be refused");
    CHECK(kill(999999) == E_NOPROC, "kill of no process");
    CHECK(kill(0) == E_NOPROC && kill(-5) == E_NOPROC, "kill of a bad pid");
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0)
        exit(3);
    sleep(5);       /* now a zombie */
    CHECK(kill(pid) == E_DEAD, "kill of a zombie");
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == 3, "status %d", status);
    return 1;
}

static int t_preempt(void)
{
    /* A child that never yields must not keep the parent from waking up. */
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0)
        spin_forever();
    uint64 t0 = uptime();
    sleep(5);
    CHECK(uptime() >= t0 + 5, "woke early");
    CHECK(kill(pid) == 0, "kill");
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "wait");
    return 1;
}

static int t_fault_kills(void)
{
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        volatile int *bad = (int *)0x30000000000UL;     /* beyond any mapping */
        *bad = 1;
        exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == -1, "faulting child: status %d", status);
    pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        /* Text is mapped read-only. */
        volatile char *text = (char *)t_fault_kills;
        *text = 0;
        exit(0);
    }
    CHECK(waitpid(pid, &status, 0) == pid && status == -1, "store to text: status %d", status);
    return 1;
}

static int t_proc_table_full(void)
{
    static int pids[128];
    int n = 0, r;

    for (;;) {
        r = fork();
        if (r < 0)
            break;
        if (r == 0) {
            sleep(1000000);
            exit(0);
        }
        pids[n++] = r;
        if (n == 128)
            break;
    }
    CHECK(r == E_NOSLOT, "fork stopped with %d (%s), not 'process table full'", r, errstr(r));
    CHECK(n > 8, "only %d forks before the table was full", n);
    for (int i = 0; i < n; i++)
        kill(pids[i]);
    for (int i = 0; i < n; i++)
        CHECK(wait(0) > 0, "wait");
    return 1;
}

/* ---- exec and spawn ---- */

static int t_exec(void)
{
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        char *argv[] = { "usertests", "--child-args", "one", "two", 0 };
        exec("usertests", argv);
        exit(100);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "wait");
    CHECK(status == 4, "exec'd child saw the wrong arguments (status %d)", status);

    char *argv[] = { "nosuch", 0 };
    CHECK(exec("nosuch", argv) == E_NOENT, "exec of a missing program");
    CHECK(exec((char *)0x30000000000UL, argv) == E_FAULT, "exec with a bad name pointer");
    CHECK(exec("usertests", (char **)0x30000000000UL) == E_FAULT, "exec with a bad argv");
    char *many[MAXARG + 2];
    for (int i = 0; i <= MAXARG; i++)
        many[i] = "x";
    many[MAXARG + 1] = 0;
    CHECK(exec("usertests", many) == E_INVAL, "exec with too many arguments");
    return 1;
}

static int t_spawn(void)
{
    char *argv[] = { "usertests", "--child-args", "a", 0 };
    int pid = spawn("usertests", argv, PERSIST_OFF);
    CHECK(pid > 0, "spawn: %s", errstr(pid));
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == 3, "spawned child status %d", status);
    CHECK(spawn("nosuch", argv, PERSIST_OFF) == E_NOENT, "spawn of a missing program");
    CHECK(spawn("usertests", argv, 5) == E_INVAL, "spawn with a bad persistence");

    pid = spawn("usertests", (char *[]){ "usertests", "--child-sleep", 0 }, PERSIST_ON);
    if (!bc.has_scm) {
        CHECK(pid == E_NOPOOL, "persistent spawn without SCM: %d", pid);
        return 1;
    }
    CHECK(pid > 0, "persistent spawn: %s", errstr(pid));
    uint64 total;
    CHECK(all_in(pid, POOL_SCM, &total), "a persistent spawn has pages outside SCM");
    struct procinfo pi;
    CHECK(find_proc(pid, &pi) == 0 && pi.persistent == 1, "ps does not say persistent");
    kill(pid);
    CHECK(waitpid(pid, &status, 0) == pid, "wait");
    return 1;
}

/* ---- memory ---- */

static int t_sbrk(void)
{
    struct poolinfo before, after;
    int pool = expected_pool(0);

    poolinfo(&before);
    char *old = sbrk(0);
    char *p = sbrk(10 * 4096);
    CHECK((long)p >= 0 && p == old, "sbrk returned %p, break was %p", p, old);
    for (int i = 0; i < 10 * 4096; i++)
        p[i] = i;
    for (int i = 0; i < 10 * 4096; i++)
        CHECK(p[i] == (char)i, "heap byte %d", i);
    poolinfo(&after);
    CHECK(before.free[pool] - after.free[pool] >= 10, "10 pages did not come from pool %d", pool);
    CHECK(sbrk(-10 * 4096) == p + 10 * 4096, "shrink");
    poolinfo(&after);
    CHECK(after.free[pool] == before.free[pool], "shrinking did not give the pages back");
    CHECK((long)sbrk(-(1L << 40)) == E_INVAL, "shrinking below 0");
    CHECK((long)sbrk(1L << 40) == E_INVAL, "growing beyond the user address space");

    /* A page given back is gone. */
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        char *q = sbrk(4096);
        sbrk(-4096);
        *q = 1;
        exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == -1, "store to a freed page: %d", status);
    return 1;
}

static int t_malloc(void)
{
    static char *blocks[200];

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
            blocks[i] = malloc(1 + (i * 37) % 3000);
            CHECK(blocks[i], "malloc %d", i);
            memset(blocks[i], i, 1 + (i * 37) % 3000);
        }
        for (int i = 0; i < 200; i += 2)
            free(blocks[i]);
        for (int i = 1; i < 200; i += 2)
            for (int k = 0; k < 1 + (i * 37) % 3000; k++)
                CHECK(blocks[i][k] == (char)i, "block %d byte %d overwritten", i, k);
        for (int i = 1; i < 200; i += 2)
            free(blocks[i]);
    }
    char *big = malloc(1 << 20);
    CHECK(big, "malloc 1 MiB");
    big[0] = 1;
    big[(1 << 20) - 1] = 2;
    free(big);
    CHECK(malloc(0) == 0, "malloc(0)");
    return 1;
}

/* Grow until the pool says no: the error names the right pool, and the
 * process (and the kernel) carry on. */
static int exhaust(int on)
{
    if (on) {
        int r = persist(0, 1);
        if (!bc.has_scm) {
            CHECK(r == E_NOPOOL, "persist on without SCM: %d", r);
            return 1;
        }
        CHECK(r == 0, "persist on: %s", errstr(r));
    }
    int want = on || !bc.has_dram ? E_NOSCM : E_NODRAM;
    long got = 0;
    for (long step = 1 << 20; step >= 4096; step /= 2) {
        for (;;) {
            char *p = sbrk(step);
            if ((long)p < 0) {
                CHECK((long)p == want, "sbrk failed with %ld (%s), expected %s", (long)p,
                      errstr((long)p), errstr(want));
                break;
            }
            got += step;
        }
    }
    struct poolinfo pi;
    poolinfo(&pi);
    int pool = expected_pool(on);
    CHECK(pi.free[pool] < 16, "pool %d still has %lu pages free", pool, pi.free[pool]);
    int f = fork();
    if (f == 0)
        exit(0);
    if (f > 0)
        waitpid(f, 0, 0);
    CHECK(f == want, "fork with the pool empty gave %d, not %s", f, errstr(want));
    sbrk(-got);
    printf("test %s: %ld KiB before the %s pool ran out\n", cur, got / 1024,
           pool == POOL_SCM ? "SCM" : "DRAM");
    return 1;
}

static int t_oom_dram(void) { return exhaust(0); }
static int t_oom_scm(void) { return exhaust(1); }

/* ---- persistence ---- */

static uint64 checksum(const uint8 *p, uint64 n)
{
    uint64 h = 1469598103934665603UL;
    for (uint64 i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211UL;
    return h;
}

static int t_persist_self(void)
{
    uint64 n = 40 * 4096, total;
    uint8 *buf = malloc(n);
    CHECK(buf, "malloc");
    for (uint64 i = 0; i < n; i++)
        buf[i] = (i * 7) ^ (i >> 9);
    uint64 sum = checksum(buf, n);
    int me = getpid();

    CHECK(all_in(me, expected_pool(0), &total), "not all in the non-persistent pool at start");
    int r = persist(0, 1);
    if (!bc.has_scm) {
        CHECK(r == E_NOPOOL, "persist on without SCM: %d", r);
        CHECK(all_in(me, expected_pool(0), &total), "a refused move changed something");
        return 1;
    }
    CHECK(r == 0, "persist on: %s", errstr(r));
    CHECK(all_in(me, POOL_SCM, &total), "pages outside SCM after persist on");
    CHECK(total > 40, "only %lu pages counted", total);
    CHECK(checksum(buf, n) == sum, "memory changed moving to SCM");
    struct procinfo pi;
    CHECK(find_proc(me, &pi) == 0 && pi.persistent, "ps does not say persistent");
    CHECK(persist(0, 1) == 0, "persist on twice");
    CHECK(persist(0, 0) == 0, "persist off");
    CHECK(all_in(me, expected_pool(0), &total), "pages outside DRAM after persist off");
    CHECK(checksum(buf, n) == sum, "memory changed moving back");
    /* Children inherit persistence. */
    CHECK(persist(me, 1) == 0, "persist on by pid");
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0)
        exit(checksum(buf, n) == sum ? 0 : 1);
    CHECK(all_in(pid, POOL_SCM, &total), "the child of a persistent process is not in SCM");
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child of a persistent process");
    free(buf);
    return 1;
}

/* The child keeps checking a buffer while the parent moves it to and fro. */
static int t_persist_running(void)
{
    if (!bc.has_scm) {
        CHECK(persist(getpid(), 1) == E_NOPOOL, "persist without SCM");
        return 1;
    }
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0) {
        uint64 n = 64 * 4096;
        uint8 *buf = malloc(n);
        if (!buf)
            exit(2);
        for (uint64 i = 0; i < n; i++)
            buf[i] = i ^ (i >> 8);
        uint64 sum = checksum(buf, n);
        for (int round = 0; round < 400; round++) {
            if (checksum(buf, n) != sum)
                exit(1);
            /* Touch it, so pages are written while they move. */
            buf[(round * 4099) % n] ^= 0xff;
            buf[(round * 4099) % n] ^= 0xff;
            if (round % 10 == 0)
                sleep(1);
        }
        exit(0);
    }
    uint64 total;
    for (int i = 0; i < 12; i++) {
        int on = i % 2 == 0;
        int r = persist(pid, on);
        if (r == E_DEAD)
            break;      /* finished already */
        CHECK(r == 0, "persist %d %s: %s", pid, on ? "on" : "off", errstr(r));
        CHECK(all_in(pid, expected_pool(on), &total), "round %d: pages in the wrong pool", i);
        sleep(2);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "wait");
    CHECK(status == 0, "the child saw its memory change (status %d)", status);
    return 1;
}

static int t_persist_errors(void)
{
    CHECK(persist(999999, 1) == E_NOPROC, "persist of no process");
    CHECK(persist(getpid(), 2) == E_INVAL, "persist with a bad mode");
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", errstr(pid));
    if (pid == 0)
        exit(0);
    sleep(5);
    CHECK(persist(pid, 1) == E_DEAD, "persist on a zombie");
    CHECK(persist(pid, 0) == E_DEAD, "persist off on a zombie");
    CHECK(waitpid(pid, 0, 0) == pid, "wait");
    CHECK(persist(pid, 1) == E_NOPROC, "persist on a reaped process");
    return 1;
}

/* A move that does not fit is refused and changes nothing. */
static int t_persist_nospace(void)
{
    if (!bc.has_scm || !bc.has_dram)
        return 1;
    /* A persistent child eats the SCM pool and waits. */
    int eater = fork();
    CHECK(eater >= 0, "fork: %s", errstr(eater));
    if (eater == 0) {
        if (persist(0, 1) < 0)
            exit(1);
        for (long step = 1 << 20; step >= 4096; step /= 2)
            while ((long)sbrk(step) >= 0)
                ;
        sleep(1000000);
        exit(0);
    }
    struct poolinfo pi;
    for (int i = 0; i < 2000; i++) {
        poolinfo(&pi);
        if (pi.free[POOL_SCM] < 8)
            break;
        sleep(1);
    }
    CHECK(pi.free[POOL_SCM] < 8, "the SCM pool did not fill (%lu free)", pi.free[POOL_SCM]);
    uint64 total;
    char *big = sbrk(64 * 4096);
    CHECK((long)big >= 0, "sbrk");
    big[0] = 42;
    CHECK(persist(0, 1) == E_NOSCM, "a move into a full SCM pool was not refused");
    CHECK(all_in(getpid(), POOL_DRAM, &total), "the refused move changed something");
    struct procinfo me;
    CHECK(find_proc(getpid(), &me) == 0 && !me.persistent, "still marked persistent");
    CHECK(big[0] == 42, "memory changed");
    CHECK(spawn("usertests", (char *[]){ "usertests", 0 }, PERSIST_ON) == E_NOSCM,
          "persistent spawn into a full SCM pool");
    kill(eater);
    CHECK(waitpid(eater, 0, 0) == eater, "wait");
    return 1;
}

/* ---- console, time, system calls ---- */

static int t_write(void)
{
    CHECK(write(1, "", 0) == 0, "empty write");
    CHECK(write(1, "test write: a line through write()\n", 35) == 35, "write count");
    CHECK(write(5, "x", 1) == E_INVAL, "write to fd 5");
    CHECK(write(1, (char *)0x30000000000UL, 10) == E_FAULT, "write from a bad address");
    CHECK(write(1, "x", -1) == E_INVAL, "negative count");
    CHECK(read(1, (char *)0, 1) == E_INVAL, "read from fd 1");
    char buf[8];
    CHECK(snprintf(buf, sizeof buf, "%d-%s", 42, "abcdef") == 9 && strcmp(buf, "42-abcd") == 0,
          "snprintf truncation: '%s'", buf);
    return 1;
}

static int t_time(void)
{
    uint64 t0 = uptime(), c0 = clock();
    CHECK(sleep(10) == 0, "sleep");
    uint64 t1 = uptime(), c1 = clock();
    CHECK(t1 >= t0 + 10, "uptime went from %lu to %lu over sleep(10)", t0, t1);
    /* The first of the ten ticks may come at once: nine whole ticks at least. */
    CHECK(c1 >= c0 + 9 * 1000, "clock went from %lu to %lu us over 10 ticks", c0, c1);
    CHECK(sleep(0) == 0 && sleep(-3) == 0, "sleep of nothing");
    return 1;
}

static int t_info_calls(void)
{
    struct poolinfo pi;
    struct bootconf b;

    CHECK(poolinfo(&pi) == 0, "poolinfo");
    CHECK(pi.total[POOL_SCM] + pi.total[POOL_DRAM] > 0, "no pages at all");
    CHECK(pi.free[POOL_SCM] <= pi.total[POOL_SCM], "SCM free > total");
    CHECK(pi.free[POOL_DRAM] <= pi.total[POOL_DRAM], "DRAM free > total");
    CHECK((pi.total[POOL_SCM] > 0) == bc.has_scm, "has_scm disagrees with poolinfo");
    CHECK(poolinfo((struct poolinfo *)0x30000000000UL) == E_FAULT, "poolinfo to a bad address");
    CHECK(bootconf(&b) == 0 && b.default_persist == bc.default_persist, "bootconf");
    CHECK(procinfo((struct procinfo *)0x30000000000UL, 4) == E_FAULT, "procinfo to a bad address");
    struct procinfo one;
    CHECK(procinfo(&one, 1) == 1 && one.pid == 1, "the first process is not init");
    char name[32];
    int found = 0;
    for (int i = 0; progname(i, name, sizeof name) >= 0; i++)
        found |= strcmp(name, "usertests") == 0;
    CHECK(found, "usertests is not in the program store");
    CHECK(progname(0, name, 2) == E_INVAL, "progname into a short buffer");
    CHECK(progname(100000, name, sizeof name) == E_NOENT, "progname past the end");
    return 1;
}

static int t_bad_syscall(void)
{
    register long a7 asm("a7") = 999;
    register long a0 asm("a0");
    asm volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
    CHECK(a0 == E_INVAL, "unknown system call returned %ld", a0);
    return 1;
}

static int t_reqchan_absent(void)
{
    struct kvreq r;

    if (bc.has_reqchan)
        return 1;
    CHECK(reqrecv(&r) == E_NODEV, "reqrecv without the device");
    CHECK(reqreply(1, 0, 0) == E_NODEV, "reqreply without the device");
    return 1;
}

/* ---- the runner ---- */

struct test {
    const char *name;
    int (*fn)(void);
    int slow;
};

static const struct test tests[] = {
    { "fork_wait", t_fork_wait, 0 },
    { "getpid", t_getpid, 0 },
    { "fork_memory", t_fork_memory, 0 },
    { "waitpid", t_waitpid, 0 },
    { "exit_orphans", t_exit_orphans, 0 },
    { "kill", t_kill, 0 },
    { "kill_errors", t_kill_errors, 0 },
    { "preempt", t_preempt, 0 },
    { "fault_kills", t_fault_kills, 0 },
    { "proc_table_full", t_proc_table_full, 0 },
    { "exec", t_exec, 0 },
    { "spawn", t_spawn, 0 },
    { "sbrk", t_sbrk, 0 },
    { "malloc", t_malloc, 0 },
    { "write", t_write, 0 },
    { "time", t_time, 0 },
    { "info_calls", t_info_calls, 0 },
    { "bad_syscall", t_bad_syscall, 0 },
    { "reqchan_absent", t_reqchan_absent, 0 },
    { "persist_self", t_persist_self, 0 },
    { "persist_running", t_persist_running, 0 },
    { "persist_errors", t_persist_errors, 0 },
    { "persist_nospace", t_persist_nospace, 1 },
    { "oom_dram", t_oom_dram, 1 },
    { "oom_scm", t_oom_scm, 1 },
};
#define NTESTS (int)(sizeof tests / sizeof tests[0])

static int run_one(const struct test *t)
{
    struct poolinfo before, after;

    cur = t->name;
    poolinfo(&before);
    int pid = fork();
    if (pid < 0) {
        printf("test %s: FAILED: fork: %s\n", t->name, errstr(pid));
        return 0;
    }
    if (pid == 0)
        exit(t->fn() ? 0 : 1);
    int status = -99;
    int r = waitpid(pid, &status, 0);
    poolinfo(&after);
    if (r != pid || status != 0) {
        printf("test %s: FAILED (status %d)\n", t->name, status);
        return 0;
    }
    if (after.free[POOL_SCM] != before.free[POOL_SCM] ||
        after.free[POOL_DRAM] != before.free[POOL_DRAM]) {
        printf("test %s: FAILED: free pages SCM %lu -> %lu, DRAM %lu -> %lu\n", t->name,
               before.free[POOL_SCM], after.free[POOL_SCM], before.free[POOL_DRAM],
               after.free[POOL_DRAM]);
        return 0;
    }
    printf("test %s: ok\n", t->name);
    return 1;
}

int main(int argc, char **argv)
{
    /* Helper modes for the exec and spawn tests. */
    if (argc >= 2 && strcmp(argv[1], "--child-args") == 0) {
        if (argc >= 4 && (strcmp(argv[2], "one") || strcmp(argv[3], "two")))
            return 99;
        return argc;
    }
    if (argc >= 2 && strcmp(argv[1], "--child-sleep") == 0) {
        sleep(1000000);
        return 0;
    }

    int quick = 0, a = 1, failed = 0, ran = 0;
    if (a < argc && strcmp(argv[a], "-q") == 0)
        quick = 1, a++;
    bootconf(&bc);
    printf("usertests: SCM pool %s, DRAM pool %s\n", bc.has_scm ? "present" : "absent",
           bc.has_dram ? "present" : "absent");
    for (int i = 0; i < NTESTS; i++) {
        int chosen = a == argc;
        for (int k = a; k < argc; k++)
            chosen |= strcmp(argv[k], tests[i].name) == 0;
        if (!chosen || (quick && tests[i].slow && a == argc))
            continue;
        ran++;
        failed += !run_one(&tests[i]);
    }
    if (ran == 0) {
        printf("usertests: no test by that name\n");
        return 2;
    }
    if (failed) {
        printf("usertests: %d FAILED\n", failed);
        return 1;
    }
    printf("usertests: ALL PASSED\n");
    return 0;
}
