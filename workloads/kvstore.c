/*
 * kvstore.c -- an in-memory key-value store serving the request channel.
 *
 *   kvstore [REPORT_EVERY]       default 1000: a progress line every so many requests
 *
 * Requests (get, put, delete of a 64-bit value under an integer key) come
 * from simscm's request channel through reqrecv(); each is answered with
 * reqreply() before the next is taken, so answers leave in request order.
 * The device checks every answer against its own model of the store and
 * times it, so the service figures (availability, lost work) come from
 * outside the guest, not from this program's word.
 *
 * The store is a chained hash table; its items are malloc'd, so the whole
 * store is in the process's heap: in SCM when the process is persistent,
 * which is what lets it survive a power cut with its data.
 *
 * The cold-reboot baseline ([guest] persistence = reboot) keeps nothing in
 * memory across a power cycle, so there kvstore keeps an append-only log of
 * its updates on the disk, as key-value stores with an append-only file do,
 * and replays it at start:
 *   sector 0     header: magic "KVLOG001", the number of records committed
 *   sector 1...  records of 16 bytes (op, key, value), 32 a sector
 * Group commit: kvstore takes every request that is waiting (at most
 * LOG_BATCH), serves them in order against the table, appends their puts and
 * deletes to the log, writes the sectors they touched, flushes, writes the
 * header with the new count and flushes again -- the commit point -- and
 * only then answers them.  An answered update is therefore on the disk, and
 * a power cut loses only the batch being committed, whose requests were
 * never answered.  Recovery takes boot + replay.
 */
#include "user/user.h"

#define NBUCKETS 4096
#define LOG_MAGIC 0x313030474f4c564bUL  /* "KVLOG001" */
#define LOG_PER_SECTOR 32
#define LOG_BATCH 64

struct item {
    uint64 key, val;
    struct item *next;
};

static struct item *buckets[NBUCKETS];
static uint64 nkeys;

static struct item **slot(uint64 key)
{
    uint64 h = key * 0x9e3779b97f4a7c15UL;
    struct item **pp = &buckets[h >> 52 & (NBUCKETS - 1)];

    while (*pp && (*pp)->key != key)
        pp = &(*pp)->next;
    return pp;
}

/* Returns the answer status; *val carries a get's value. */
static uint32 serve(const struct kvreq *r, uint64 *val)
{
    struct item **pp = slot(r->key), *it = *pp;

    *val = 0;
    switch (r->op) {
    case KV_GET:
        if (!it)
            return KV_NOTFOUND;
        *val = it->val;
        return KV_OK;
    case KV_PUT:
        if (!it) {
            if (!(it = malloc(sizeof *it)))
                return KV_BADREQ;
            it->key = r->key;
            it->next = 0;
            *pp = it;
            nkeys++;
        }
        it->val = r->val;
        return KV_OK;
    case KV_DELETE:
        if (!it)
            return KV_NOTFOUND;
        *pp = it->next;
        free(it);
        nkeys--;
        return KV_OK;
    default:
        return KV_BADREQ;
    }
}

/* ---- the append-only log (persistence = reboot) ---- */

struct logrec {
    uint32 op;
    uint32 key;
    uint64 val;
};

static struct logrec logsec[LOG_PER_SECTOR];   /* the sector the next record goes in */
static uint64 nlog;                             /* records on the disk, committed */
static uint64 npending;                         /* appended, not yet committed */
static int logging;

static int write_header(uint64 n)
{
    uint64 h[64] = { LOG_MAGIC, n };
    return diskwrite(0, h, 512) < 0 || diskflush() < 0 ? -1 : 0;
}

static void log_replay(void)
{
    uint64 h[64];
    struct kvreq r;
    uint64 v;

    if (diskread(0, h, 512) < 0 || h[0] != LOG_MAGIC) {
        nlog = 0;
        write_header(0);
        printf("kvstore: a new log on the disk\n");
        return;
    }
    uint64 t0 = clock();
    nlog = h[1];
    for (uint64 i = 0; i < nlog; i++) {
        if (i % LOG_PER_SECTOR == 0 && diskread(1 + i / LOG_PER_SECTOR, logsec, 512) < 0)
            break;
        const struct logrec *l = &logsec[i % LOG_PER_SECTOR];
        r = (struct kvreq){ 0, l->op, l->key, l->val };
        serve(&r, &v);
    }
    printf("kvstore: replayed %lu updates from the log in %lu us, %lu keys\n", nlog,
           clock() - t0, nkeys);
}

static void log_append(const struct kvreq *r)
{
    uint64 i = nlog + npending++;
    logsec[i % LOG_PER_SECTOR] = (struct logrec){ r->op, (uint32)r->key, r->val };
    /* A full sector is written at once; the last, partial one at the commit. */
    if (i % LOG_PER_SECTOR == LOG_PER_SECTOR - 1)
        diskwrite(1 + i / LOG_PER_SECTOR, logsec, 512);
}

static int log_commit(void)
{
    if (!npending)
        return 0;
    uint64 last = nlog + npending - 1;
    if (last % LOG_PER_SECTOR != LOG_PER_SECTOR - 1 &&
        diskwrite(1 + last / LOG_PER_SECTOR, logsec, 512) < 0)
        return -1;
    if (diskflush() < 0 || write_header(nlog + npending) < 0)
        return -1;
    nlog += npending;
    npending = 0;
    return 0;
}

/* Serve a batch: every request waiting now, at most LOG_BATCH. */
static uint64 serve_batch(uint64 served, long every)
{
    static struct kvreq req[LOG_BATCH];
    static uint64 val[LOG_BATCH];
    static uint32 st[LOG_BATCH];
    int n = 0;

    int r = reqrecv(&req[n]);
    if (r < 0) {
        printf("kvstore: reqrecv: %s\n", errstr(r));
        exit(1);
    }
    n++;
    while (n < LOG_BATCH && reqtry(&req[n]) == 0)
        n++;
    for (int i = 0; i < n; i++) {
        st[i] = serve(&req[i], &val[i]);
        if (logging && st[i] == KV_OK && (req[i].op == KV_PUT || req[i].op == KV_DELETE))
            log_append(&req[i]);
    }
    if (logging && log_commit() < 0)
        printf("kvstore: the log could not be written\n");
    for (int i = 0; i < n; i++) {
        reqreply(req[i].seq, st[i], val[i]);
        if (++served % every == 0)
            printf("kvstore: %lu requests served, %lu keys at %lu ms\n", served, nkeys,
                   clock_ms());
    }
    return served;
}

int main(int argc, char **argv)
{
    long every = 1000;
    struct bootconf bc;

    if (argc > 2 || (argc == 2 && (parse_int(argv[1], &every) < 0 || every <= 0))) {
        printf("usage: kvstore [REPORT_EVERY]\n");
        return 2;
    }
    printf("kvstore: pid %d serving the request channel\n", getpid());
    if (bootconf(&bc) == 0 && bc.cold_reboot) {
        if (disksize() == 0) {
            printf("kvstore: persistence = reboot but no disk: nothing will survive\n");
        } else {
            logging = 1;
            log_replay();
        }
    }
    if (logging) {
        for (uint64 served = 0;;)
            served = serve_batch(served, every);
    }
    for (uint64 served = 0;;) {
        struct kvreq req;
        int r = reqrecv(&req);
        if (r == E_NODEV) {
            printf("kvstore: this machine has no request channel\n");
            return 1;
        }
        if (r < 0) {
            printf("kvstore: reqrecv: %s\n", errstr(r));
            return 1;
        }
        uint64 val;
        uint32 status = serve(&req, &val);
        reqreply(req.seq, status, val);
        if (++served % every == 0)
            printf("kvstore: %lu requests served, %lu keys at %lu ms\n", served, nkeys,
                   clock_ms());
    }
}
