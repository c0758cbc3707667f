/*
 * main.c -- the simscm command: arguments, then one machine run.
 *
 * Everything the user can get wrong is checked before anything is built or
 * simulated: options, the config and its overrides, the input files, and
 * the ELF itself (against the configured regions).  A mistake prints one
 * clear line, "Try 'simscm --help'." where that helps, and exits 2, having
 * touched nothing (no stats file, no SCM image).  docs/cli.md is the manual;
 * sim/exitcodes.h lists the exit codes.
 *
 * WORKLOAD is either an ELF file or the name of a workload bundled with the
 * guest OS.  A word with no '/' that is not an existing file is a bundled
 * name: the guest kernel boots and starts it as "NAME:p" (persistent).  The
 * guest OS lives next to the simscm binary, in guestos/, whose
 * programs.txt lists the bundled names.  With no workload at all the guest
 * OS boots to its shell, so a first `simscm` gives a machine to type into.
 *
 * Firmware runs as on QEMU's virt machine: --bios, --kernel and --loader
 * make a list of images (sim/boot.h), checked here against the regions and
 * each other before anything is built.
 */
#include "config.h"
#include "elfload.h"
#include "exitcodes.h"
#include "fault.h"
#include "devtree.h"
#include "boot.h"
#include "machine.h"
#include "gdbstub.h"
#include "trace.h"
#include "display/sdl.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIMSCM_VERSION "0.1.0"
#define MAX_SETS 64
#define MAX_FAULTS (FAULT_MAX / 2)

static const char usage_text[] =
"Usage: simscm [options] [WORKLOAD]\n"
"Simulate a RISC-V machine with DRAM and storage-class memory (SCM).\n"
"\n"
"WORKLOAD is a RISC-V ELF executable (bare metal, started in M-mode with\n"
"a0 = hart id, a1 = device tree), or the name of a workload bundled with the\n"
"guest OS (for example kvstore), which boots the guest kernel and starts it.\n"
"With no WORKLOAD, the guest OS boots to its shell.\n"
"\n"
"Options:\n"
"  --config FILE        machine description (INI); default: one 128 MiB DRAM\n"
"                       region at 0x80000000 and the default core and caches\n"
"  --set SEC.KEY=VALUE  override one config key, e.g. --set cpu.freq_mhz=2000,\n"
"                       --set region.scm.read_ns=300 (repeatable)\n"
"  --timing on|off      cycle-approximate model, or functional (fast)\n"
"  --max-insns N        stop after N instructions (exit 124)\n"
"  --max-time TIME      stop at simulated time TIME, e.g. 2s, 1500ms (exit 124)\n"
"  --seed N             seed for DRAM power-on garbage and random faults\n"
"  --stats FILE         write statistics (JSON) at the end of the run\n"
"  --events FILE        write every power event, fault and guest milestone\n"
"                       as JSON Lines, with its simulated time\n"
"  --fault SPEC         inject a fault (repeatable): cut:at=5ms,\n"
"                       cut:insn=N,mode=sudden, cut:mtbf=200ms, button:at=T,\n"
"                       watchdog:at=T, bitflip:mtbf=1ms, bug:id=N,p=0.5\n"
"                       (docs/power.md)\n"
"  --trace[=FILE]       one line per instruction (default: stderr)\n"
"  --trace-insns START:END\n"
"                       trace only instructions START..END-1 (full speed before)\n"
"  --trace-pc LO:HI     trace only instructions at pc in [LO, HI)\n"
"  --trace-priv U,S,M   trace only instructions run in these modes\n"
"  --trace-events[=FILE]\n"
"                       one readable line per trap, interrupt, power event,\n"
"                       guest milestone and page migration (default: stderr)\n"
"  --monitor FILE|stdio run monitor commands from FILE or stdin, starting\n"
"                       stopped (docs/monitor.md)\n"
"  --input FILE         feed the console from FILE instead of the terminal,\n"
"                       one character every [console] input_gap_us\n"
"  --display none|sdl   none (default): the console is the terminal; sdl: a\n"
"                       window with the console, the machine's status and\n"
"                       buttons for power and faults, paced to wall-clock time\n"
"  --init \"P:p Q:n\"     guest OS start-up list (p persistent, n not)\n"
"  --kernel FILE        guest kernel for bundled workloads\n"
"                       (default: guestos/kernel.elf next to simscm); with\n"
"                       --bios, the next stage: an ELF, or a raw binary at\n"
"                       0x80200000 (the 2 MiB boundary after the firmware)\n"
"  --bios FILE          firmware (OpenSBI): an ELF, or a raw binary at\n"
"                       0x80000000; started through the reset ROM at 0x1000\n"
"                       with a0 = hart id, a1 = device tree, a2 = fw_dynamic_info\n"
"  --loader FILE@ADDR   put the bytes of FILE at ADDR (repeatable), as QEMU's\n"
"                       -device loader,file=FILE,addr=ADDR\n"
"  --gdb PORT           serve gdb on 127.0.0.1:PORT (0: any free port)\n"
"  --gdb-wait           with --gdb: stop before the first instruction until\n"
"                       gdb attaches (docs/debugging.md)\n"
"  --dump-dtb FILE      write the device tree blob to FILE and exit\n"
"  --dump-region NAME=FILE\n"
"                       at the end of the run, write what region NAME holds\n"
"                       (as the CPU sees it) to FILE; repeatable\n"
"  --help               this text\n"
"  --version            version\n"
"\n"
"In a terminal (or the window), Ctrl-A x quits, Ctrl-A p presses the power\n"
"button, Ctrl-A k cuts the power and Ctrl-A c switches to the monitor and\n"
"back.\n"
"Exit status: 0 guest passed, N guest failed with code N, 2 bad usage,\n"
"config or ELF, 124 instruction limit or idle forever, 125 host error.\n"
"See docs/cli.md and docs/config.md.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("simscm: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fputs("Try 'simscm --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Decimal or 0x hex, nothing after it, no sign. */
static int parse_number(const char *opt, const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return usage_error("%s: \"%s\" is not a number", opt, s);
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (*end || errno)
        return usage_error("%s: \"%s\" is not a number", opt, s);
    *v = n;
    return 0;
}

static int path_error(const char *opt, const char *path, const char *what)
{
    fprintf(stderr, "simscm: %s%s%s: %s\n", opt, *opt ? " " : "", path, what);
    return EXIT_USAGE;
}

/*
 * An input simscm reads whole before the run (the config, the ELF, the
 * kernel) must be a regular file: /dev/zero would never end and a FIFO would
 * block in open().  The type is looked at before the file is opened, and the
 * open is non-blocking, so neither can hang.  --input passes streams too:
 * a FIFO or a character device is a fair console (docs/cli.md).
 */
static int check_input(const char *opt, const char *path, bool stream_ok)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return path_error(opt, path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return path_error(opt, path, "is a directory");
    if (!S_ISREG(st.st_mode) && !(stream_ok && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))))
        return path_error(opt, path, stream_ok ? "not a regular file, FIFO or character "
                          "device" : "not a regular file");
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return path_error(opt, path, strerror(errno));
    /* The name may have been replaced between stat and open. */
    if (fstat(fd, &st) < 0 || (!stream_ok && !S_ISREG(st.st_mode))) {
        close(fd);
        return path_error(opt, path, "not a regular file");
    }
    close(fd);
    return 0;
}

static int check_readable(const char *opt, const char *path)
{
    return check_input(opt, path, false);
}

/*
 * An output written at the end of the run (--stats, --events, --trace=FILE)
 * is checked before it, without creating or truncating anything: an existing
 * name must be a regular file or a character device (/dev/null) that we may
 * write, a new one a writable directory to go in.  A FIFO or pipe is taken
 * only when a reader holds it open already (`--stats /dev/stdout | jq`); one
 * with no reader would block simscm in open() at the end of the run.
 */
static int check_writable(const char *opt, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return path_error(opt, path, "is a directory");
        if (S_ISFIFO(st.st_mode)) {
            int fd = open(path, O_WRONLY | O_NONBLOCK);
            if (fd < 0)
                return path_error(opt, path, errno == ENXIO ? "a FIFO with no reader"
                                                            : strerror(errno));
            close(fd);
            return 0;
        }
        if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
            return path_error(opt, path, "not a regular file");
        if (access(path, W_OK) < 0)
            return path_error(opt, path, strerror(errno));
        return 0;
    }
    if (errno != ENOENT)
        return path_error(opt, path, strerror(errno));
    char copy[PATH_MAX], why[PATH_MAX + 64];
    snprintf(copy, sizeof copy, "%s", path);
    const char *dir = dirname(copy);
    if (stat(dir, &st) < 0) {
        snprintf(why, sizeof why, "directory %s: %s", dir, strerror(errno));
        return path_error(opt, path, why);
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(why, sizeof why, "%s is not a directory", dir);
        return path_error(opt, path, why);
    }
    if (access(dir, W_OK | X_OK) < 0) {
        snprintf(why, sizeof why, "directory %s: %s", dir, strerror(errno));
        return path_error(opt, path, why);
    }
    return 0;
}

/* The directory holding the simscm binary (for the bundled guest OS). */
static void exe_dir(char *buf, size_t len, const char *argv0)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n > 0)
        path[n] = '\0';
    else
        snprintf(path, sizeof path, "%s", argv0);
    snprintf(buf, len, "%s", dirname(path));
}

/* Is name a line of dir/guestos/programs.txt?  -1 if the file is missing.
 * known gets the list, for the error message. */
static int bundled(const char *dir, const char *name, char *known, size_t klen)
{
    char path[PATH_MAX + 32], line[256];
    snprintf(path, sizeof path, "%s/guestos/programs.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int found = 0;
    known[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        char *s = line, *e;
        while (isspace((unsigned char)*s))
            s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (!*s || *s == '#')
            continue;
        if (!strcmp(s, name))
            found = 1;
        size_t k = strlen(known);
        snprintf(known + k, klen - k, "%s%s", k ? ", " : "", s);
    }
    fclose(f);
    return found;
}

enum {
    OPT_CONFIG = 256, OPT_TIMING, OPT_MAX_INSNS, OPT_STATS, OPT_TRACE, OPT_INPUT,
    OPT_INIT, OPT_SET, OPT_SEED, OPT_DUMP_DTB, OPT_DUMP_REGION, OPT_KERNEL, OPT_VERSION,
    OPT_EVENTS, OPT_FAULT, OPT_MAX_TIME, OPT_GDB, OPT_GDB_WAIT, OPT_TRACE_INSNS, OPT_TRACE_PC, OPT_TRACE_PRIV,
    OPT_TRACE_EVENTS, OPT_MONITOR, OPT_DISPLAY,
    OPT_BIOS, OPT_LOADER,
};

static const struct option options[] = {
    { "config",    required_argument, NULL, OPT_CONFIG },
    { "timing",    required_argument, NULL, OPT_TIMING },
    { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
    { "stats",     required_argument, NULL, OPT_STATS },
    { "trace",     optional_argument, NULL, OPT_TRACE },
    { "input",     required_argument, NULL, OPT_INPUT },
    { "init",      required_argument, NULL, OPT_INIT },
    { "set",       required_argument, NULL, OPT_SET },
    { "seed",      required_argument, NULL, OPT_SEED },
    { "dump-dtb",  required_argument, NULL, OPT_DUMP_DTB },
    { "dump-region", required_argument, NULL, OPT_DUMP_REGION },
    { "kernel",    required_argument, NULL, OPT_KERNEL },
    { "bios",      required_argument, NULL, OPT_BIOS },
    { "loader",    required_argument, NULL, OPT_LOADER },
    { "events",    required_argument, NULL, OPT_EVENTS },
    { "fault",     required_argument, NULL, OPT_FAULT },
    { "max-time",  required_argument, NULL, OPT_MAX_TIME },
    { "gdb",       required_argument, NULL, OPT_GDB },
    { "gdb-wait",  no_argument,       NULL, OPT_GDB_WAIT },
    { "trace-insns", required_argument, NULL, OPT_TRACE_INSNS },
    { "trace-pc",  required_argument, NULL, OPT_TRACE_PC },
    { "trace-priv", required_argument, NULL, OPT_TRACE_PRIV },
    { "trace-events", optional_argument, NULL, OPT_TRACE_EVENTS },
    { "monitor",   required_argument, NULL, OPT_MONITOR },
    { "display",   required_argument, NULL, OPT_DISPLAY },
    { "help",      no_argument,       NULL, 'h' },
    { "version",   no_argument,       NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
};

struct args {
    const char *config, *stats, *trace, *input, *init, *dump_dtb, *kernel, *events, *bios;
    const char *loaders[BOOT_MAX_IMAGES];       /* --loader FILE@ADDR */
    int nloaders;
    const char *faults[MAX_FAULTS];             /* --fault SPEC */
    int nfaults;
    bool trace_on;
    struct trace_opts topts;                    /* filters (files opened later) */
    bool events_on;
    const char *trace_events;                   /* --trace-events=FILE */
    const char *monitor;
    bool display_sdl;                           /* --display sdl */
    const char *timing;
    const char *sets[MAX_SETS];
    int nsets;
    const char *dumps[CONFIG_MAX_REGIONS];      /* --dump-region NAME=FILE */
    int ndumps;
    bool have_seed, have_max_insns, have_max_time, have_gdb, gdb_wait;
    uint64_t seed, max_insns, max_time_ns, gdb_port;
    const char *workload;
};

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case OPT_CONFIG:    a->config = optarg; break;
        case OPT_STATS:     a->stats = optarg; break;
        case OPT_INPUT:     a->input = optarg; break;
        case OPT_INIT:      a->init = optarg; break;
        case OPT_DUMP_DTB:  a->dump_dtb = optarg; break;
        case OPT_KERNEL:    a->kernel = optarg; break;
        case OPT_BIOS:      a->bios = optarg; break;
        case OPT_LOADER:
            if (a->nloaders == BOOT_MAX_IMAGES - 3)
                return usage_error("--loader: more than %d images", BOOT_MAX_IMAGES - 3);
            a->loaders[a->nloaders++] = optarg;
            break;
        case OPT_EVENTS:    a->events = optarg; break;
        case OPT_FAULT:
            if (a->nfaults == MAX_FAULTS)
                return usage_error("--fault: more than %d faults", MAX_FAULTS);
            a->faults[a->nfaults++] = optarg;
            break;
        case OPT_TRACE:
            a->trace_on = true;
            a->trace = optarg;
            break;
        case OPT_TRACE_INSNS:
        case OPT_TRACE_PC: {
            char why[200];
            bool insns = c == OPT_TRACE_INSNS;
            uint64_t *lo = insns ? &a->topts.start : &a->topts.pc_lo;
            uint64_t *hi = insns ? &a->topts.end : &a->topts.pc_hi;
            if (trace_parse_range(optarg, lo, hi, why, sizeof why) < 0)
                return usage_error("%s: %s", insns ? "--trace-insns" : "--trace-pc", why);
            if (insns)
                a->topts.window = true;
            else
                a->topts.pc_filter = true;
            break;
        }
        case OPT_TRACE_PRIV: {
            char why[200];
            if (trace_parse_priv(optarg, &a->topts.priv_mask, why, sizeof why) < 0)
                return usage_error("--trace-priv: %s", why);
            break;
        }
        case OPT_TRACE_EVENTS:
            a->events_on = true;
            a->trace_events = optarg;
            break;
        case OPT_MONITOR:
            if (!*optarg)
                return usage_error("--monitor: give a script FILE or stdio");
            a->monitor = optarg;
            break;
        case OPT_DISPLAY:
            if (strcmp(optarg, "none") && strcmp(optarg, "sdl"))
                return usage_error("--display: \"%s\" is not none or sdl", optarg);
            a->display_sdl = !strcmp(optarg, "sdl");
            break;
        case OPT_TIMING:
            if (strcmp(optarg, "on") && strcmp(optarg, "off"))
                return usage_error("--timing: \"%s\" is not on or off", optarg);
            a->timing = optarg;
            break;
        case OPT_MAX_INSNS:
            if (parse_number("--max-insns", optarg, &a->max_insns))
                return EXIT_USAGE;
            a->have_max_insns = true;
            break;
        case OPT_MAX_TIME: {
            char why[160];
            if (fault_parse_time(optarg, &a->max_time_ns, why, sizeof why) < 0)
                return usage_error("--max-time: %s", why);
            if (a->max_time_ns < 1000)
                return usage_error("--max-time: %s is less than 1us", optarg);
            a->have_max_time = true;
            break;
        }
        case OPT_GDB:
            if (parse_number("--gdb", optarg, &a->gdb_port))
                return EXIT_USAGE;
            if (a->gdb_port > 65535)
                return usage_error("--gdb: port %s is out of range (1-65535, or 0 for any)",
                                   optarg);
            a->have_gdb = true;
            break;
        case OPT_GDB_WAIT:
            a->gdb_wait = true;
            break;
        case OPT_SEED:
            if (parse_number("--seed", optarg, &a->seed))
                return EXIT_USAGE;
            a->have_seed = true;
            break;
        case OPT_DUMP_REGION:
            if (a->ndumps == CONFIG_MAX_REGIONS)
                return usage_error("--dump-region: more than %d", CONFIG_MAX_REGIONS);
            if (!strchr(optarg, '=') || optarg[0] == '=' || !strchr(optarg, '=')[1])
                return usage_error("--dump-region: \"%s\" is not NAME=FILE", optarg);
            a->dumps[a->ndumps++] = optarg;
            break;
        case OPT_SET:
            if (a->nsets == MAX_SETS)
                return usage_error("--set: more than %d overrides", MAX_SETS);
            a->sets[a->nsets++] = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return EXIT_PASS;
        case OPT_VERSION:
            printf("simscm %s\n", SIMSCM_VERSION);
            return EXIT_PASS;
        case ':':
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        case '?':
        default: {
            /* getopt reports "--help=foo" as the option it matched. */
            const char *arg = argv[optind - 1], *eq = strchr(arg, '=');
            if (!strncmp(arg, "--", 2) && eq) {
                for (const struct option *o = options; o->name; o++)
                    if (o->has_arg == no_argument && o->val == optopt &&
                        !strncmp(o->name, arg + 2, (size_t)(eq - arg - 2)))
                        return usage_error("option '--%s' takes no argument", o->name);
            }
            if (optopt && optopt < 256)
                return usage_error("unknown option '-%c'", optopt);
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
        }
    }
    if (argc - optind > 1)
        return usage_error("one workload at a time (got '%s' and '%s')", argv[optind],
                           argv[optind + 1]);
    a->workload = optind < argc ? argv[optind] : NULL;
    if (a->gdb_wait && !a->have_gdb)
        return usage_error("--gdb-wait needs --gdb PORT");
    return -1;
}

/* Settle which ELF runs, and the guest's init list for bundled workloads. */
static int resolve_workload(const struct args *a, struct config *cfg, const char *argv0,
                            char *elf, size_t elflen)
{
    char dir[PATH_MAX], known[1024], listpath[PATH_MAX + 32];
    const char *w = a->workload;
    struct stat st;
    if (a->bios) {
        /* Firmware boots what --kernel gives, as QEMU's -bios/-kernel. */
        elf[0] = '\0';
        if (w)
            return usage_error("--bios: give the next stage with --kernel, not as WORKLOAD "
                               "'%s'", w);
        if (check_readable("--bios", a->bios))
            return EXIT_USAGE;
        return a->kernel ? check_readable("--kernel", a->kernel) : 0;
    }
    if (!w) {
        if (a->kernel) {
            snprintf(elf, elflen, "%s", a->kernel);
            return check_readable("--kernel", elf);
        }
        /* An init list alone boots the bundled guest OS with it; no init
         * list at all boots it to its shell (first contact). */
        exe_dir(dir, sizeof dir, argv0);
        snprintf(elf, elflen, "%s/guestos/kernel.elf", dir);
        if (stat(elf, &st) != 0) {
            if (!cfg->guest_init[0])
                return usage_error("no workload: give an ELF file, a bundled workload name, "
                                   "or --init (the guest OS is not built: %s is missing)", elf);
            fprintf(stderr, "simscm: --init: the guest OS is not built (%s is missing): "
                    "run make\n", elf);
            return EXIT_USAGE;
        }
        return check_readable("", elf);
    }
    if (strchr(w, '/') || stat(w, &st) == 0) {
        if (a->kernel)
            return usage_error("--kernel is for bundled workloads; '%s' is an ELF file", w);
        snprintf(elf, elflen, "%s", w);
        return check_readable("", elf);
    }
    exe_dir(dir, sizeof dir, argv0);
    snprintf(listpath, sizeof listpath, "%s/guestos/programs.txt", dir);
    int found = bundled(dir, w, known, sizeof known);
    if (found < 0) {
        fprintf(stderr, "simscm: %s: no such file, and the guest OS is not built "
                "(%s is missing): run make\n", w, listpath);
        return EXIT_USAGE;
    }
    if (!found)
        return usage_error("%s: no such file, nor a bundled workload (bundled: %s)", w,
                           known[0] ? known : "none");
    if (a->kernel)
        snprintf(elf, elflen, "%s", a->kernel);
    else
        snprintf(elf, elflen, "%s/guestos/kernel.elf", dir);
    if (!a->init) {
        if ((size_t)snprintf(cfg->guest_init, sizeof cfg->guest_init, "%s:p", w) >=
            sizeof cfg->guest_init)
            return usage_error("%s: workload name too long", w);
    }
    return check_readable(a->kernel ? "--kernel" : "", elf);
}

/* The region a --dump-region NAME=FILE names, or -1 after the error. */
static int dump_region_index(const struct config *cfg, const char *arg)
{
    size_t n = strcspn(arg, "=");
    char names[256] = "";
    for (int i = 0; i < cfg->nregions; i++) {
        if (strlen(cfg->regions[i].name) == n && !strncmp(cfg->regions[i].name, arg, n))
            return i;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i ? ", " : "", cfg->regions[i].name);
    }
    usage_error("--dump-region: no region named \"%.*s\" (regions: %s)", (int)n, arg, names);
    return -1;
}

/* Write a region's CPU view to the file of --dump-region NAME=FILE. */
static int dump_region(const struct machine *m, int i, const char *arg)
{
    const char *path = strchr(arg, '=') + 1;
    const struct region *r = &m->regions[i];
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "simscm: --dump-region %s: %s\n", path, strerror(errno));
        return EXIT_HOST;
    }
    size_t done = fwrite(r->mem, 1, r->size, f);
    if (done != r->size || fclose(f) != 0) {
        fprintf(stderr, "simscm: --dump-region %s: write failed\n", path);
        return EXIT_HOST;
    }
    return 0;
}

/* The images of this run: the firmware, the kernel or program, the loaders. */
static int make_plan(const struct args *a, const char *elf, struct boot_plan *p)
{
    memset(p, 0, sizeof *p);
    if (a->bios && boot_add(p, BOOT_ROLE_BIOS, a->bios) < 0)
        return EXIT_USAGE;
    if (a->bios && a->kernel && boot_add(p, BOOT_ROLE_KERNEL, a->kernel) < 0)
        return EXIT_USAGE;
    if (!a->bios && elf[0] &&
        boot_add(p, a->kernel && !strcmp(elf, a->kernel) ? BOOT_ROLE_KERNEL : BOOT_ROLE_PROGRAM,
                 elf) < 0)
        return EXIT_USAGE;
    for (int i = 0; i < a->nloaders; i++)
        if (boot_add(p, BOOT_ROLE_LOADER, a->loaders[i]) < 0) {
            fputs("Try 'simscm --help'.\n", stderr);
            return EXIT_USAGE;
        }
    return 0;
}

/* Check every image against the configured regions, each other and the
 * device tree before building anything. */
static int precheck_images(const struct config *cfg, struct boot_plan *p)
{
    struct bus b;
    struct region r[CONFIG_MAX_REGIONS];
    const char *why;
    void *blob;
    size_t size;
    uint64_t fdt, reserved;
    bus_init(&b);
    memset(r, 0, sizeof r);
    for (int i = 0; i < cfg->nregions; i++) {
        snprintf(r[i].name, sizeof r[i].name, "%s", cfg->regions[i].name);
        r[i].kind = cfg->regions[i].kind;
        r[i].base = cfg->regions[i].base;
        r[i].size = cfg->regions[i].size;
        if (bus_add_region(&b, &r[i], &why) < 0)
            return EXIT_USAGE;
    }
    if (devtree_layout_fw(cfg, boot_via_rom(p), &blob, &size, &fdt, &reserved) < 0)
        return EXIT_USAGE;
    free(blob);
    return boot_check(p, &b, fdt, reserved) < 0 ? EXIT_USAGE : 0;
}

int main(int argc, char **argv)
{
    static struct config cfg;
    static struct machine m;
    static struct boot_plan plan;
    struct args a = { 0 };
    char elf[PATH_MAX + 64] = "";
    int rc;

    if ((rc = parse_args(argc, argv, &a)) >= 0)
        return rc;

    config_defaults(&cfg);
    if (a.config) {
        if (check_readable("--config", a.config))
            return EXIT_USAGE;
        if (config_load(&cfg, a.config) < 0)
            return EXIT_USAGE;
    }
    for (int i = 0; i < a.nsets; i++)
        if (config_set(&cfg, a.sets[i]) < 0)
            return EXIT_USAGE;
    if (a.timing)
        cfg.cpu.timing = !strcmp(a.timing, "on");
    if (a.have_seed)
        cfg.seed = a.seed;
    if (a.have_max_insns)
        cfg.max_insns = a.max_insns;
    if (a.have_max_time)
        cfg.max_time_us = a.max_time_ns / 1000;
    if (a.init) {
        if (strlen(a.init) >= sizeof cfg.guest_init)
            return usage_error("--init: longer than %zu characters", sizeof cfg.guest_init - 1);
        snprintf(cfg.guest_init, sizeof cfg.guest_init, "%s", a.init);
    }
    if (config_validate(&cfg) < 0)
        return EXIT_USAGE;
    for (int i = 0; i < a.nfaults; i++) {
        char why[256];
        struct fault f;
        if (fault_parse(a.faults[i], &cfg, &f, why, sizeof why) < 0)
            return usage_error("--fault %s: %s", a.faults[i], why);
    }
    if (a.input && check_input("--input", a.input, true))
        return EXIT_USAGE;
    if (a.stats && check_writable("--stats", a.stats))
        return EXIT_USAGE;
    if (a.events && check_writable("--events", a.events))
        return EXIT_USAGE;
    if (a.trace && check_writable("--trace", a.trace))
        return EXIT_USAGE;
    if (a.trace_events && check_writable("--trace-events", a.trace_events))
        return EXIT_USAGE;
    if (a.monitor && strcmp(a.monitor, "stdio") && check_readable("--monitor", a.monitor))
        return EXIT_USAGE;
    /* A filter alone traces to stderr. */
    if (a.topts.window || a.topts.pc_filter || a.topts.priv_mask)
        a.trace_on = true;

    if (a.dump_dtb && !a.workload && !a.kernel && !a.bios) {
        /* Only the tree is wanted: no workload needed. */
    } else {
        bool first_contact = !a.workload && !a.kernel && !a.bios && !cfg.guest_init[0];
        if ((rc = resolve_workload(&a, &cfg, argv[0], elf, sizeof elf)))
            return rc;
        if ((rc = make_plan(&a, elf, &plan)))
            return rc;
        if ((rc = precheck_images(&cfg, &plan)))
            return rc;
        if (first_contact && !a.dump_dtb)
            fprintf(stderr, "simscm: no workload: booting the guest OS to its shell "
                    "(type help; shutdown or Ctrl-A x ends the run)\n");
    }

    if (a.dump_dtb) {
        void *blob;
        size_t size;
        uint64_t addr, reserved;
        if (devtree_layout_fw(&cfg, a.bios != NULL, &blob, &size, &addr, &reserved) < 0)
            return EXIT_USAGE;
        rc = devtree_write_file(blob, size, a.dump_dtb) < 0 ? EXIT_HOST : EXIT_PASS;
        free(blob);
        return rc;
    }

    FILE *trace = NULL;
    if (a.trace_on) {
        trace = stderr;
        if (a.trace && !(trace = fopen(a.trace, "w"))) {
            fprintf(stderr, "simscm: --trace=%s: %s\n", a.trace, strerror(errno));
            return EXIT_USAGE;
        }
    }

    FILE *events = NULL;
    if (a.events_on) {
        events = stderr;
        if (a.trace_events && !(events = fopen(a.trace_events, "w"))) {
            fprintf(stderr, "simscm: --trace-events=%s: %s\n", a.trace_events,
                    strerror(errno));
            return EXIT_USAGE;
        }
    }
    a.topts.insn_f = trace;
    a.topts.events_f = events;

    int dump_idx[CONFIG_MAX_REGIONS];
    for (int i = 0; i < a.ndumps; i++)
        if ((dump_idx[i] = dump_region_index(&cfg, a.dumps[i])) < 0 ||
            check_writable("--dump-region", strchr(a.dumps[i], '=') + 1))
            return EXIT_USAGE;

    struct gdbstub *gdb = NULL;
    if (a.have_gdb) {
        char why[256];
        if (!(gdb = gdbstub_open((unsigned)a.gdb_port, a.gdb_wait, why, sizeof why))) {
            fprintf(stderr, "simscm: %s\n", why);
            return EXIT_USAGE;
        }
        if (!a.gdb_wait)
            fprintf(stderr, "simscm: gdb can attach on 127.0.0.1:%u\n", gdbstub_port(gdb));
    }
    /* The window last: a host without a display is a usage error, found
     * before anything is built. */
    struct display *disp = NULL;
    if (a.display_sdl && !(disp = display_sdl_open()))
        return EXIT_USAGE;

    struct machine_opts mo = {
        .elf_path = elf[0] ? elf : NULL, .boot = &plan, .trace = trace,
        .input_path = a.input, .out = stdout,
        .events_path = a.events, .faults = a.faults, .nfaults = a.nfaults, .gdb = gdb,
        .trace_opts = &a.topts, .monitor = a.monitor,
        .window_keys = disp != NULL,
    };
    if (!(rc = machine_build(&m, &cfg, &mo)) && disp)
        display_sdl_attach(disp, &m);       /* before the boot: its power-on event too */
    if (rc || (rc = machine_boot(&m))) {
        display_sdl_close(disp);
        machine_free(&m);
        return rc;
    }
    rc = machine_run(&m);
    display_sdl_close(disp);
    /* Before the power-off: what the CPU saw when the run ended. */
    for (int i = 0; i < a.ndumps; i++)
        if (dump_region(&m, dump_idx[i], a.dumps[i]))
            rc = EXIT_HOST;
    if (machine_power_off(&m))
        rc = EXIT_HOST;
    fflush(stdout);
    if (a.stats) {
        FILE *f = fopen(a.stats, "w");
        if (!f) {
            fprintf(stderr, "simscm: --stats %s: %s\n", a.stats, strerror(errno));
            rc = EXIT_HOST;
        } else {
            machine_stats_json(&m, f);
            if (ferror(f) | (fclose(f) != 0)) {
                fprintf(stderr, "simscm: --stats %s: write failed\n", a.stats);
                rc = EXIT_HOST;
            }
        }
    }
    if (trace && trace != stderr)
        fclose(trace);
    if (events && events != stderr && fclose(events) != 0) {
        fprintf(stderr, "simscm: --trace-events=%s: write failed\n", a.trace_events);
        rc = EXIT_HOST;
    }
    machine_free(&m);
    return rc;
}
