/*
 * stream.c -- writes 64 KiB at sector 0 over and over, pattern seed k on
 * round k, until simscm is killed (run.sh sends SIGKILL).  Afterwards every
 * 512-byte sector of the image must be whole: zeros or one round's data.
 */
#include "vblk.h"

static uint8_t buf[64 * 1024] __attribute__((aligned(4096)));

int main(void)
{
    if (vblk_open() < 0) {
        puts_("FAIL no disk\n");
        return 1;
    }
    puts_("stream: writing\n");
    for (uint32_t k = 1;; k++) {
        pattern(buf, sizeof buf, k);
        if (blk_req(T_OUT, 0, buf, sizeof buf, 0) != 0) {
            puts_("FAIL write status\n");
            return 1;
        }
    }
}
