/*
 * sh.c -- the console shell.
 *
 * Builtins manage processes and memory; anything else is a program from the
 * store, run in the foreground with the default persistence.  `run` starts
 * one in the background instead, persistent (-p), not (-n), or by default.
 * Background jobs are reaped before each prompt, with a line saying how
 * they ended.  Every mistake gets a one-line message; none stops the shell.
 */
#include "user/user.h"

#define MAXARGS  16
#define LINE     256
#define MAXJOBS  32
#define MAXPROCS 64

/* Background jobs, kept after they end so that a later "persist 5 on" can
 * say that 5 has exited rather than that there is no such process. */
struct job {
    int pid;
    int done, status;
    char name[16];
};

static struct job jobs[MAXJOBS];
static int next_job;
static struct bootconf bc;

static void job_add(int pid, const char *name)
{
    struct job *j = &jobs[next_job++ % MAXJOBS];
    int n = strlen(name) < 15 ? strlen(name) : 15;

    j->pid = pid;
    j->done = 0;
    memmove(j->name, name, n);
    j->name[n] = 0;
}

static struct job *job_find(int pid)
{
    for (int i = 0; i < MAXJOBS; i++)
        if (jobs[i].pid == pid)
            return &jobs[i];
    return 0;
}

/* Note that pid ended; returns its name for the message. */
static const char *job_end(int pid, int status)
{
    struct job *j = job_find(pid);

    if (!j)
        return "?";
    j->done = 1;
    j->status = status;
    return j->name;
}

static void reap_jobs(void)
{
    int status, pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        printf("[%d] %s exited with status %d\n", pid, job_end(pid, status), status);
}

/* The message for a failed call on pid: a job of ours that ended and was
 * reaped is "gone" to the kernel, but the user wants to hear why. */
static void pid_error(const char *cmd, int pid, int err)
{
    struct job *j = job_find(pid);

    if (err == E_NOPROC && j && j->done)
        printf("%s: %d: process has exited (status %d)\n", cmd, pid, j->status);
    else
        printf("%s: %d: %s\n", cmd, pid, errstr(err));
}

/* A number argument, by the user library's one rule (parse_range): a
 * decimal number from min to max.  0, or -1 after a message. */
static int num_arg(const char *cmd, const char *what, const char *s, long min, long max,
                   long *v)
{
    if (parse_range(s, min, max, v) == 0)
        return 0;
    printf("%s: bad %s '%s' (a number from %ld to %ld)\n", cmd, what, s, min, max);
    return -1;
}

/* A pid argument: a positive decimal number, or -1 after a message. */
static int pid_arg(const char *cmd, const char *s)
{
    long v;

    if (!s) {
        printf("%s: missing pid\n", cmd);
        return -1;
    }
    if (num_arg(cmd, "pid", s, 1, 0x7fffffff, &v) < 0)
        return -1;
    return (int)v;
}

static const char *state_name(int s)
{
    switch (s) {
    case P_NEW:      return "new";
    case P_RUNNABLE: return "ready";
    case P_RUNNING:  return "running";
    case P_SLEEPING: return "sleeping";
    case P_ZOMBIE:   return "zombie";
    default:         return "?";
    }
}

static void cmd_ps(void)
{
    static struct procinfo pi[MAXPROCS];
    int n = procinfo(pi, MAXPROCS);

    if (n < 0) {
        printf("ps: %s\n", errstr(n));
        return;
    }
    printf("PID   PPID  NAME          STATE     PERSIST  SCM   DRAM\n");
    for (int i = 0; i < n; i++)
        printf("%-5d %-5d %-13s %-9s %-8s %-5lu %lu\n", pi[i].pid, pi[i].ppid, pi[i].name,
               state_name(pi[i].state), pi[i].persistent ? "yes" : "no",
               pi[i].pages[POOL_SCM], pi[i].pages[POOL_DRAM]);
}

static void cmd_free(void)
{
    struct poolinfo pi;
    static const char *names[NPOOL] = { [POOL_SCM] = "SCM", [POOL_DRAM] = "DRAM" };

    if (poolinfo(&pi) < 0) {
        printf("free: cannot read the pools\n");
        return;
    }
    printf("POOL  TOTAL     USED      FREE      (4 KiB pages)\n");
    for (int i = 0; i < NPOOL; i++)
        printf("%-5s %-9lu %-9lu %lu\n", names[i], pi.total[i], pi.total[i] - pi.free[i],
               pi.free[i]);
}

static void cmd_ls(void)
{
    char name[32];

    for (int i = 0; progname(i, name, sizeof name) >= 0; i++)
        printf("%s\n", name);
}

static void cmd_run(int argc, char **argv)
{
    int mode = PERSIST_DEFAULT, a = 1;

    if (a < argc && strcmp(argv[a], "-p") == 0)
        mode = PERSIST_ON, a++;
    else if (a < argc && strcmp(argv[a], "-n") == 0)
        mode = PERSIST_OFF, a++;
    if (a >= argc) {
        printf("usage: run [-p|-n] PROGRAM [ARGS...]\n");
        return;
    }
    int pid = spawn(argv[a], argv + a, mode);
    if (pid < 0) {
        printf("run: %s: %s\n", argv[a], errstr(pid));
        return;
    }
    int on = mode == PERSIST_DEFAULT ? bc.default_persist : mode;
    job_add(pid, argv[a]);
    printf("[%d] %s started (%s)\n", pid, argv[a], on ? "persistent" : "not persistent");
}

static void cmd_persist(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[2], "on") && strcmp(argv[2], "off"))) {
        printf("usage: persist PID on|off\n");
        return;
    }
    int pid = pid_arg("persist", argv[1]);
    if (pid < 0)
        return;
    int on = strcmp(argv[2], "on") == 0;
    int r = persist(pid, on);
    if (r == E_PERM)
        printf("persist: %d: not permitted: init keeps the persistence it booted with "
               "(it adopts persistent orphans)\n", pid);
    else if (r < 0)
        pid_error("persist", pid, r);
    else
        printf("persist: %d is now %s\n", pid, on ? "persistent" : "not persistent");
}

static void cmd_kill(int argc, char **argv)
{
    if (argc != 2) {
        printf("usage: kill PID\n");
        return;
    }
    int pid = pid_arg("kill", argv[1]);
    if (pid < 0)
        return;
    int r = kill(pid);
    if (r < 0)
        pid_error("kill", pid, r);
}

static void cmd_wait(int argc, char **argv)
{
    int status;

    if (argc != 2) {
        printf("usage: wait PID\n");
        return;
    }
    int pid = pid_arg("wait", argv[1]);
    if (pid < 0)
        return;
    int r = waitpid(pid, &status, 0);
    if (r == E_NOCHILD)
        printf("wait: %d: not a child of this shell\n", pid);
    else if (r < 0)
        pid_error("wait", pid, r);
    else
        printf("[%d] %s exited with status %d\n", r, job_end(r, status), status);
}

static void cmd_sleep(int argc, char **argv)
{
    long ms;

    if (argc != 2) {
        printf("usage: sleep MILLISECONDS\n");
        return;
    }
    if (num_arg("sleep", "time", argv[1], 0, 0x7fffffff, &ms) < 0)
        return;
    sleep((int)ms);
}

static void cmd_shutdown(int argc, char **argv)
{
    long code = 0;

    if (argc > 2) {
        printf("usage: shutdown [STATUS]\n");
        return;
    }
    if (argc == 2 && num_arg(argv[0], "status", argv[1], 0, 255, &code) < 0)
        return;
    shutdown((int)code);
}

static void cmd_help(void)
{
    printf("commands:\n"
           "  ps                       processes, persistence and pages per pool\n"
           "  free                     SCM and DRAM pool usage\n"
           "  ls                       programs in the store\n"
           "  run [-p|-n] PROG [ARGS]  start PROG in the background, persistent or not\n"
           "  persist PID on|off       move a running process to SCM or DRAM\n"
           "  kill PID                 kill a process\n"
           "  wait PID                 wait for a background process to exit\n"
           "  sleep MS                 pause the shell\n"
           "  echo ARGS                print ARGS\n"
           "  shutdown|halt [STATUS]   power off\n"
           "  PROG [ARGS]              run PROG in the foreground\n");
}

static void run_foreground(int argc, char **argv)
{
    int status;

    (void)argc;
    int pid = spawn(argv[0], argv, PERSIST_DEFAULT);
    if (pid == E_NOENT) {
        printf("sh: %s: unknown command (type help)\n", argv[0]);
        return;
    }
    if (pid < 0) {
        printf("sh: %s: %s\n", argv[0], errstr(pid));
        return;
    }
    if (waitpid(pid, &status, 0) == pid && status != 0)
        printf("sh: %s exited with status %d\n", argv[0], status);
}

static int split(char *line, char **argv)
{
    int argc = 0;

    for (char *s = line; *s; ) {
        while (isspace(*s))
            *s++ = 0;
        if (!*s)
            break;
        if (argc == MAXARGS)
            return -1;
        argv[argc++] = s;
        while (*s && !isspace(*s))
            s++;
    }
    argv[argc] = 0;
    return argc;
}

int main(void)
{
    static char line[LINE];
    char *argv[MAXARGS + 1];

    bootconf(&bc);
    for (;;) {
        reap_jobs();
        printf("$ ");
        int n = readline(line, sizeof line);
        if (n == READLINE_TOOLONG) {
            printf("sh: line too long (at most %d characters); ignored\n", LINE - 1);
            continue;
        }
        if (n < 0) {
            printf("sh: end of input\n");
            exit(0);
        }
        int argc = split(line, argv);
        if (argc < 0) {
            printf("sh: too many arguments (at most %d)\n", MAXARGS);
            continue;
        }
        if (argc == 0 || argv[0][0] == '#')
            continue;
        char *c = argv[0];
        if (strcmp(c, "help") == 0)
            cmd_help();
        else if (strcmp(c, "ps") == 0)
            cmd_ps();
        else if (strcmp(c, "free") == 0)
            cmd_free();
        else if (strcmp(c, "ls") == 0)
            cmd_ls();
        else if (strcmp(c, "run") == 0)
            cmd_run(argc, argv);
        else if (strcmp(c, "persist") == 0)
            cmd_persist(argc, argv);
        else if (strcmp(c, "kill") == 0)
            cmd_kill(argc, argv);
        else if (strcmp(c, "wait") == 0)
            cmd_wait(argc, argv);
        else if (strcmp(c, "sleep") == 0)
            cmd_sleep(argc, argv);
        else if (strcmp(c, "echo") == 0) {
            for (int i = 1; i < argc; i++)
                printf(i > 1 ? " %s" : "%s", argv[i]);
            printf("\n");
        } else if (strcmp(c, "shutdown") == 0 || strcmp(c, "halt") == 0)
            cmd_shutdown(argc, argv);
        else
            run_foreground(argc, argv);
    }
}
