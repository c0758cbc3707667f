/*
 * disktest.c -- a test helper: write patterns to the disk in several sizes,
 * flush, read them back, and say what came back.
 *
 *   disktest [FIRST_SECTOR]          default 8
 *
 * Prints one line per size with a checksum of what was read, then "disktest:
 * ok" or the first difference.  The same program gives the same lines on
 * simscm and on QEMU with the same image.
 */
#include "user/user.h"

static uint8 wbuf[4096], rbuf[4096];

static uint64 sum(const uint8 *p, int n)
{
    uint64 h = 1469598103934665603UL;
    for (int i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211UL;
    return h;
}

int main(int argc, char **argv)
{
    long first = 8;
    static const int sizes[] = { 512, 1024, 4096, 2048 };

    if (argc > 1 && parse_int(argv[1], &first) < 0) {
        printf("usage: disktest [FIRST_SECTOR]\n");
        return 2;
    }
    uint64 n = disksize();
    if (n == 0) {
        printf("disktest: no disk\n");
        return 1;
    }
    printf("disktest: %lu sectors\n", n);
    uint64 sector = first;
    for (int k = 0; k < 4; k++) {
        int sz = sizes[k];
        for (int i = 0; i < sz; i++)
            wbuf[i] = (uint8)(i * 7 + k * 31 + sector);
        int r = diskwrite(sector, wbuf, sz);
        if (r < 0) {
            printf("disktest: write %d at %lu: %s\n", sz, sector, errstr(r));
            return 1;
        }
        sector += sz / 512;
    }
    if (diskflush() < 0) {
        printf("disktest: flush failed\n");
        return 1;
    }
    sector = first;
    for (int k = 0; k < 4; k++) {
        int sz = sizes[k];
        for (int i = 0; i < sz; i++)
            wbuf[i] = (uint8)(i * 7 + k * 31 + sector);
        memset(rbuf, 0, sizeof rbuf);
        int r = diskread(sector, rbuf, sz);
        if (r < 0 || memcmp(rbuf, wbuf, sz) != 0) {
            printf("disktest: read %d at %lu: %s\n", sz, sector, r < 0 ? errstr(r) : "differs");
            return 1;
        }
        printf("disktest: %d bytes at sector %lu: sum %lx\n", sz, sector, sum(rbuf, sz));
        sector += sz / 512;
    }
    if (diskread(n - 1, rbuf, 512) < 0 || diskread(n, rbuf, 512) != E_INVAL) {
        printf("disktest: the last sector or the end check failed\n");
        return 1;
    }
    printf("disktest: ok\n");
    return 0;
}
