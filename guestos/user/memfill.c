/*
 * memfill.c -- fill heap memory with a recognisable marker and keep
 * checking it.
 *
 *   memfill [KIB [SECONDS]]      default 256 KiB, run until killed
 *
 * The tests use it to prove from outside the guest where a process's pages
 * are.  The marker, "SIMSCM-MEMFILL-MARKER-PAGE-DATA:" repeated, is built
 * at run time from a shifted copy, so it never appears in the program file:
 * only the process's own heap pages hold it, exactly KIB * 32 times.  A
 * simulator memory dump or the SCM image file then shows whether those
 * pages are in SCM or DRAM.  While it runs it re-reads the buffer every
 * 50 ms, so a migration that lost or mixed up a page is reported
 * ("memfill: CORRUPT").
 */
#include "user/user.h"

/* "SIMSCM-MEMFILL-MARKER-PAGE-DATA:" with every byte shifted up by one. */
static const char shifted[] = "TJNTDN.NFNGJMM.NBSLFS.QBHF.EBUB;";

int main(int argc, char **argv)
{
    long kib = 256, seconds = 0;

    if ((argc > 1 && (parse_int(argv[1], &kib) < 0 || kib <= 0)) ||
        (argc > 2 && (parse_int(argv[2], &seconds) < 0 || seconds < 0)) || argc > 3) {
        printf("usage: memfill [KIB [SECONDS]]\n");
        return 2;
    }
    /* No plain copy of the marker anywhere but in buf: it is unshifted byte
     * by byte as it is written and checked. */
    int mlen = sizeof shifted - 1;

    /* Page aligned, so no copy of the marker straddles two pages: each page
     * holds 128 whole markers, wherever it lies in physical memory. */
    uint64 n = kib * 1024;
    char *raw = malloc(n + 4096);
    if (!raw) {
        printf("memfill: cannot allocate %ld KiB\n", kib);
        return 1;
    }
    char *buf = (char *)(((uint64)raw + 4095) & ~4095UL);
    for (uint64 i = 0; i < n; i++)
        buf[i] = shifted[i % mlen] - 1;
    printf("memfill: pid %d filled %ld KiB\n", getpid(), kib);

    uint64 end = seconds ? clock_ms() + seconds * 1000 : 0;
    for (long round = 1; !end || clock_ms() < end; round++) {
        sleep(50);
        for (uint64 i = 0; i < n; i++) {
            if (buf[i] != shifted[i % mlen] - 1) {
                printf("memfill: CORRUPT at offset %lu in round %ld\n", i, round);
                return 1;
            }
        }
    }
    printf("memfill: pid %d intact\n", getpid());
    return 0;
}
