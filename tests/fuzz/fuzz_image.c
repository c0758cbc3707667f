/*
 * fuzz_image.c -- libFuzzer target for the SCM image loader (the image
 * code of sim/mem/region.c).
 *
 * Each input is an image file for an SCM region of one 4 KiB page at
 * 0x80000000 named "scm": a valid image is the 4 KiB header (region.h)
 * and one page of contents, 8 KiB in all.  The input goes through
 * region_create, the path simscm takes for [region] image = FILE: open,
 * lock, check the header, map.  An image that is accepted is then used
 * the way a run uses it -- power-on, a load, a write-back, a sync -- and
 * must show its stored contents in both views; a refused one must say why.
 */
#include "fuzzfile.h"
#include "config.h"
#include "mem/bus.h"
#include "mem/region.h"
#include <string.h>

#define IMG_BASE 0x80000000ull
#define IMG_SIZE 4096ull

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct region_config rc;
    struct region r;
    memset(&rc, 0, sizeof rc);
    snprintf(rc.name, sizeof rc.name, "scm");
    rc.kind = REGION_SCM;
    rc.base = IMG_BASE;
    rc.size = IMG_SIZE;
    snprintf(rc.image, sizeof rc.image, "%s", fuzz_file(data, size));

    fuzz_err_begin();
    int bad = region_create(&r, &rc, true) < 0;
    fuzz_require_message(bad, "region_create");
    if (bad)
        return 0;
    /* Accepted: the file holds the header and the whole page. */
    if (!r.restored || size < SCM_IMAGE_HEADER + IMG_SIZE ||
        memcmp(r.mem, data + SCM_IMAGE_HEADER, IMG_SIZE) ||
        memcmp(r.durable, data + SCM_IMAGE_HEADER, IMG_SIZE))
        abort();
    if (region_power_on(&r, 1) < 0)
        abort();
    static const uint8_t word[8] = "fuzzfuzz";
    region_load(&r, IMG_BASE + 64, word, sizeof word);
    r.mem[128] ^= 0xff;
    region_writeback(&r, IMG_BASE + 128, 64);
    if (region_sync(&r) < 0 || memcmp(r.durable + 64, word, 8) || r.durable[128] != r.mem[128])
        abort();
    region_destroy(&r);
    return 0;
}
