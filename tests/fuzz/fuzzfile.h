/*
 * fuzzfile.h -- what the fuzz targets share: the input as a file, and a
 * quiet stderr.
 *
 * The simulator's loaders take a path (config_load, elfload_check,
 * region_create with an image), so each input is written to a memfd and
 * handed over as /proc/self/fd/N: a real regular file, with no disk I/O
 * per run.  The simulator reports bad input on stderr, thousands of times
 * a second under a fuzzer; fuzz_quiet points the C library's stderr at
 * a scratch file (FUZZ_VERBOSE=1 keeps the real one), which the targets
 * use to check that every refusal says why (fuzz_err_begin/fuzz_err_said).
 * The sanitizers write their reports to file descriptor 2 directly, so
 * those still show.
 */
#ifndef TESTS_FUZZFILE_H
#define TESTS_FUZZFILE_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int fuzz_fd = -1;
static char fuzz_path[64];

static int fuzz_captured;

static void fuzz_quiet(void)
{
    const char *v = getenv("FUZZ_VERBOSE");
    if (v && *v && *v != '0')
        return;
    int fd = memfd_create("simscm-fuzz-stderr", 0);
    FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
    if (!f) {
        perror("fuzz stderr");
        abort();
    }
    stderr = f;
    fuzz_captured = 1;
}

/* Forget what the last run printed. */
static void fuzz_err_begin(void)
{
    if (fuzz_captured)
        rewind(stderr);
}

/* Did the code print anything since fuzz_err_begin?  (Always "yes" with
 * FUZZ_VERBOSE, where the text went to the terminal.) */
static int fuzz_err_said(void)
{
    return !fuzz_captured || ftell(stderr) > 0;
}

/* A refusal without a word on stderr: report it as a crash, with the
 * input, so libFuzzer saves it. */
static void fuzz_require_message(int refused, const char *what)
{
    if (refused && !fuzz_err_said()) {
        fprintf(fdopen(2, "w"), "%s refused the input without an error message\n", what);
        abort();
    }
}

/* Replace the file's contents with data; returns its path. */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
    if (fuzz_fd < 0) {
        fuzz_fd = memfd_create("simscm-fuzz", 0);
        if (fuzz_fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
    }
    if (ftruncate(fuzz_fd, 0) < 0 ||
        (size && pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz input file");
        abort();
    }
    return fuzz_path;
}

#endif
