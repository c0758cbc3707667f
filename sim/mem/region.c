/*
 * region.c -- memory regions (see region.h).  First version: anonymous
 * memory only; the SCM image file arrives with the memory-model work.
 */
#include "region.h"
#include "config.h"
#include "json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static uint8_t *map_anon(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int region_create(struct region *r, const struct region_config *rc, bool two_views)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", rc->name);
    r->kind = rc->kind;
    r->base = rc->base;
    r->size = rc->size;
    r->mem = map_anon(r->size);
    if (!r->mem) {
        fprintf(stderr, "simscm: region %s: cannot allocate %llu bytes\n",
                r->name, (unsigned long long)r->size);
        return -1;
    }
    r->durable = r->mem;
    if (two_views && r->kind == REGION_SCM) {
        r->durable = map_anon(r->size);
        if (!r->durable) {
            fprintf(stderr, "simscm: region %s: cannot allocate %llu bytes\n",
                    r->name, (unsigned long long)r->size);
            return -1;
        }
    }
    r->page_writes = calloc(r->size / 4096 + 1, sizeof *r->page_writes);
    return 0;
}

void region_destroy(struct region *r)
{
    if (r->durable && r->durable != r->mem)
        munmap(r->durable, r->size);
    if (r->mem)
        munmap(r->mem, r->size);
    free(r->page_writes);
    memset(r, 0, sizeof *r);
}

/* splitmix64: a small, well-mixed generator for the DRAM garbage. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void region_power_on(struct region *r, uint64_t seed)
{
    if (r->kind == REGION_DRAM) {
        uint64_t s = seed ^ r->base;
        uint64_t *p = (uint64_t *)r->mem;
        for (uint64_t i = 0; i < r->size / 8; i++)
            p[i] = splitmix64(&s);
    } else if (r->durable != r->mem) {
        memcpy(r->mem, r->durable, r->size);
    }
}

void region_writeback(struct region *r, uint64_t pa, unsigned bytes)
{
    uint64_t off = pa - r->base;
    if (r->durable != r->mem)
        memcpy(r->durable + off, r->mem + off, bytes);
    if (r->page_writes)
        r->page_writes[off / 4096]++;
}

int region_sync(struct region *r)
{
    return 0;
}

void region_stats_json(const struct region *r, struct json *j)
{
    json_object_begin(j, r->name);
    json_str(j, "kind", r->kind == REGION_SCM ? "scm" : "dram");
    json_u64(j, "reads", r->stats.reads);
    json_u64(j, "writes", r->stats.writes);
    json_u64(j, "read_bytes", r->stats.read_bytes);
    json_u64(j, "write_bytes", r->stats.write_bytes);
    json_object_end(j);
}
