/*
 * diskpulse.c -- a test helper for the recoverable disk: count, writing
 * the count to one sector every few milliseconds, and check each time that
 * the sector holds what was written last.
 *
 *   diskpulse [SECTOR]               default 100
 *
 * Run persistent with [guest] persistence = checkpoint: a roll-back to a
 * checkpoint brings back the program's memory as it was then, and the
 * kernel's undo journal must bring the sector back with it; otherwise the
 * sector holds a count the program never reached and it says MISMATCH.
 */
#include "user/user.h"

static uint64 buf[64];

int main(int argc, char **argv)
{
    long sector = 100;

    if (argc > 1 && parse_int(argv[1], &sector) < 0) {
        printf("usage: diskpulse [SECTOR]\n");
        return 2;
    }
    if (disksize() == 0) {
        printf("diskpulse: no disk\n");
        return 1;
    }
    uint64 count = 0;
    buf[0] = 0;
    if (diskwrite(sector, buf, 512) < 0) {
        printf("diskpulse: cannot write sector %ld\n", sector);
        return 1;
    }
    for (;;) {
        if (diskread(sector, buf, 512) < 0 || buf[0] != count) {
            printf("diskpulse: MISMATCH: sector %ld holds %lu, the program wrote %lu\n",
                   sector, buf[0], count);
            mark(MARK_FAULT, 0x4d49534d);       /* "MSIM" */
            count = buf[0];
        }
        count++;
        buf[0] = count;
        diskwrite(sector, buf, 512);
        if (count % 100 == 0)
            printf("diskpulse: %lu writes\n", count);
        sleep(2);
    }
}
