/*
 * ptrchase.c -- bench: pointer-heavy code.  A linked list of 16384 nodes
 * in shuffled order (each step a dependent load to a far address), and a
 * binary search tree of random keys (insert, then look up), SCALE times.
 * The working set (about 1 MiB) is far larger than an L1 cache.
 */
#include "bench.h"

/* Size of the run (tests/pin builds a small one). */
#ifndef SCALE
#define SCALE 100
#endif

#define NODES 16384

struct node {
    struct node *next;
    uint64_t val;
    struct node *left, *right;
};

static struct node nodes[NODES];
static uint32_t order[NODES];

static struct node *insert(struct node *root, struct node *n)
{
    struct node **p = &root;
    while (*p)
        p = n->val < (*p)->val ? &(*p)->left : &(*p)->right;
    *p = n;
    return root;
}

static int find(const struct node *t, uint64_t key)
{
    int depth = 0;
    while (t && t->val != key) {
        t = key < t->val ? t->left : t->right;
        depth++;
    }
    return t ? depth : -1;
}

int main(void)
{
    uint64_t s = 0x9e3779b97f4a7c15ull, sum = 0;
    for (uint32_t i = 0; i < NODES; i++)
        order[i] = i;
    for (int k = 0; k < SCALE; k++) {
        for (uint32_t i = NODES - 1; i > 0; i--) {      /* Fisher-Yates */
            uint32_t j = (uint32_t)(xorshift(&s) % (i + 1));
            uint32_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        struct node *root = NULL;
        for (uint32_t i = 0; i < NODES; i++) {
            struct node *n = &nodes[order[i]];
            n->next = &nodes[order[(i + 1) % NODES]];
            n->val = xorshift(&s) >> 16;
            n->left = n->right = NULL;
            if (i < NODES / 4)
                root = insert(root, n);
        }
        for (int pass = 0; pass < 4; pass++) {
            const struct node *p = &nodes[order[0]];
            for (uint32_t i = 0; i < NODES; i++) {
                sum += p->val ^ (sum >> 3);
                p = p->next;
            }
        }
        for (uint32_t i = 0; i < NODES / 4; i += 2)
            sum += (uint64_t)find(root, nodes[order[i]].val);
    }
    return result("ptrchase", sum);
}
