/*
 * fuzz_config.c -- libFuzzer target for the config reader (sim/config.c,
 * libinih underneath).
 *
 * Each input is a config file.  It goes through what simscm does with
 * --config before it builds a machine: config_defaults, config_load,
 * config_validate (which also parses [faults] inject through fault.c), and
 * the JSON dump --stats writes.  Nothing is allocated from the config: the
 * machine is never built, so a config asking for 64 GiB of DRAM costs
 * nothing here.  A file that is refused must say why on stderr: a silent
 * refusal is reported like a crash (fuzz_require_message).
 *
 * Then the first line of the input, if it looks like "section.key=value",
 * goes through config_set the way --set does, on a fresh config.
 */
#include "fuzzfile.h"
#include "config.h"
#include "json.h"
#include <string.h>

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    devnull = fopen("/dev/null", "w");
    return 0;
}

static void dump(const struct config *c)
{
    struct json j;
    json_init(&j, devnull);
    json_object_begin(&j, NULL);
    config_to_json(c, &j);
    json_object_end(&j);
    json_finish(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct config c;     /* large: keep it off the stack */
    config_defaults(&c);
    const char *path = fuzz_file(data, size);
    fuzz_err_begin();
    int bad = config_load(&c, path) < 0 || config_validate(&c) < 0;
    fuzz_require_message(bad, "config_load/config_validate");
    if (!bad)
        dump(&c);

    /* The first line as a --set assignment. */
    char line[256];
    size_t n = 0;
    while (n < size && n < sizeof line - 1 && data[n] != '\n' && data[n] != '\0') {
        line[n] = (char)data[n];
        n++;
    }
    line[n] = '\0';
    if (strchr(line, '=')) {
        config_defaults(&c);
        fuzz_err_begin();
        bad = config_set(&c, line) < 0 || config_validate(&c) < 0;
        fuzz_require_message(bad, "config_set/config_validate");
        if (!bad)
            dump(&c);
    }
    return 0;
}
