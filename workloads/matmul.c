/*
 * matmul.c -- compute-bound workload: multiply two N x N matrices of 64-bit
 * integers REPS times and check every element of the result.
 *
 *   matmul [N [REPS]]            default 64 and 4
 *
 * A[i][k] = i + k and B[k][j] = k - j, so the product has a closed form,
 *   C[i][j] = i*S1 - N*i*j + S2 - j*S1,  S1 = sum k, S2 = sum k^2 (k < N),
 * and the check does not trust the multiplication it checks.  It prints
 * "ok" or the first wrong element, and the elapsed simulated time, which
 * the persistence-overhead measurement compares (docs/guestos.md).
 */
#include "user/user.h"

int main(int argc, char **argv)
{
    long n = 64, reps = 4;

    if (argc > 3 || (argc > 1 && (parse_int(argv[1], &n) < 0 || n <= 0 || n > 1024)) ||
        (argc > 2 && (parse_int(argv[2], &reps) < 0 || reps <= 0))) {
        printf("usage: matmul [N [REPS]]   (N at most 1024)\n");
        return 2;
    }
    int64 *a = malloc(n * n * sizeof(int64));
    int64 *b = malloc(n * n * sizeof(int64));
    int64 *c = malloc(n * n * sizeof(int64));
    if (!a || !b || !c) {
        printf("matmul: out of memory for N=%ld\n", n);
        return 1;
    }
    for (long i = 0; i < n; i++) {
        for (long j = 0; j < n; j++) {
            a[i * n + j] = i + j;
            b[i * n + j] = i - j;
        }
    }
    uint64 t0 = clock();
    for (long r = 0; r < reps; r++) {
        for (long i = 0; i < n; i++) {
            for (long j = 0; j < n; j++)
                c[i * n + j] = 0;
            /* i-k-j order: the inner loop walks rows of B and C. */
            for (long k = 0; k < n; k++) {
                int64 aik = a[i * n + k];
                for (long j = 0; j < n; j++)
                    c[i * n + j] += aik * b[k * n + j];
            }
        }
    }
    uint64 elapsed = clock() - t0;

    int64 s1 = n * (n - 1) / 2, s2 = (n - 1) * n * (2 * n - 1) / 6;
    uint64 sum = 0;
    for (long i = 0; i < n; i++) {
        for (long j = 0; j < n; j++) {
            int64 want = i * s1 - n * i * j + s2 - j * s1;
            if (c[i * n + j] != want) {
                printf("matmul: WRONG C[%ld][%ld] = %ld, expected %ld\n", i, j,
                       (long)c[i * n + j], (long)want);
                return 1;
            }
            sum += c[i * n + j];
        }
    }
    printf("matmul: N=%ld reps=%ld ok checksum=%lu elapsed_us=%lu\n", n, reps, sum, elapsed);
    return 0;
}
