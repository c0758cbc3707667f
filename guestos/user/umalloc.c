/*
 * umalloc.c -- malloc/free on top of sbrk.
 *
 * Every block has a 16-byte header holding its size (header included, a
 * multiple of 16).  Free blocks sit on one list sorted by address, so free()
 * can merge a block with the free neighbours on either side.  malloc takes
 * the first block that fits and splits off the rest when that rest could hold
 * a block of its own; when nothing fits, the heap grows by sbrk in steps of
 * at least GROW bytes and the new space is freed into the list.
 */
#include "user/user.h"

#define GROW (64 * 1024)

struct chunk {
    uint64 size;
    struct chunk *next;     /* free list only */
};

static struct chunk *free_list;

void free(void *ptr)
{
    if (!ptr)
        return;
    struct chunk *c = (struct chunk *)ptr - 1;
    struct chunk *prev = 0, *next = free_list;

    while (next && next < c) {
        prev = next;
        next = next->next;
    }
    c->next = next;
    if (next && (char *)c + c->size == (char *)next) {
        c->size += next->size;
        c->next = next->next;
    }
    if (prev) {
        prev->next = c;
        if ((char *)prev + prev->size == (char *)c) {
            prev->size += c->size;
            prev->next = c->next;
        }
    } else {
        free_list = c;
    }
}

static int grow(uint64 need)
{
    uint64 n = need > GROW ? need : GROW;
    char *p = sbrk(n);

    if ((long)p < 0)
        return -1;
    struct chunk *c = (struct chunk *)p;
    c->size = n;
    free(c + 1);
    return 0;
}

void *malloc(uint64 n)
{
    if (n == 0 || n > (1UL << 36))
        return 0;
    uint64 need = (n + sizeof(struct chunk) + 15) & ~15UL;

    for (;;) {
        for (struct chunk **pp = &free_list; *pp; pp = &(*pp)->next) {
            struct chunk *c = *pp;
            if (c->size < need)
                continue;
            if (c->size - need >= 2 * sizeof(struct chunk)) {
                struct chunk *rest = (struct chunk *)((char *)c + need);
                rest->size = c->size - need;
                rest->next = c->next;
                *pp = rest;
                c->size = need;
            } else {
                *pp = c->next;
            }
            return c + 1;
        }
        if (grow(need) < 0)
            return 0;
    }
}

void *calloc(uint64 n, uint64 size)
{
    if (size && n > (1UL << 36) / size)
        return 0;
    void *p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}
