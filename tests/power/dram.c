/*
 * dram.c -- DRAM loses everything at a cut and powers on with garbage made
 * from the seed.  Three boots, two button presses (run with a short
 * power.residual_us):
 *
 *   boot 1  sums DRAM_BUF (garbage of the first power-on), fills it with a
 *           pattern, cleans it with cbo.clean like SCM data, reads it back,
 *           presses the button
 *   boot 2  counts words still holding the pattern and words that are zero,
 *           sums the buffer, presses the button again
 *   boot 3  sums the buffer once more and ends
 *
 * Each boot prints "dram: boot=N sum=0x... pattern=P zero=Z words=W".
 * run.sh wants pattern=0 and few zeros after a cut, three different sums in
 * one run, the same sums for the same --seed and others for another seed.
 */
#include "power.h"

#define WORDS   8192                    /* 64 KiB */
#define PATTERN 0x5a5a0f0fdeadbeeful

static uint64_t pattern(uint64_t i) { return PATTERN ^ (i * 0x9e3779b97f4a7c15ul); }

int main(void)
{
    volatile uint64_t *buf = (volatile uint64_t *)DRAM_BUF;
    uint64_t sum = 0xcbf29ce484222325ul, same = 0, zero = 0;
    uint32_t boot = boot_count();

    for (uint64_t i = 0; i < WORDS; i++) {
        uint64_t v = buf[i];
        sum = (sum ^ v) * 0x100000001b3ul;      /* FNV-1a over words */
        same += v == pattern(i);
        zero += v == 0;
    }
    puts_("dram:");
    kv("boot", boot);
    kx("sum", sum);
    kv("pattern", same);
    kv("zero", zero);
    kv("words", WORDS);
    putch('\n');

    if (boot == 1) {
        for (uint64_t i = 0; i < WORDS; i++)
            buf[i] = pattern(i);
        persist(buf, WORDS * 8);
        for (uint64_t i = 0; i < WORDS; i++)
            expect("pattern written", buf[i], pattern(i));
        if (failures)
            return 1;
    }
    if (boot < 3) {
        press_button();
        wait_for_cut(now_ns() + 50000000);
    }
    return 0;
}
