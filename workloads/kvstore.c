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
 */
#include "user/user.h"

#define NBUCKETS 4096

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

int main(int argc, char **argv)
{
    long every = 1000;

    if (argc > 2 || (argc == 2 && (parse_int(argv[1], &every) < 0 || every <= 0))) {
        printf("usage: kvstore [REPORT_EVERY]\n");
        return 2;
    }
    printf("kvstore: pid %d serving the request channel\n", getpid());
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
