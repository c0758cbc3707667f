/*
 * ckpt.c -- the checkpoint baseline ([guest] persistence = checkpoint): the
 * persistent processes are checkpointed to the disk every fixpoint_ms, on a
 * machine that needs no SCM, as the L4 checkpoint server did.
 *
 * What is taken is a fixpoint (fixpoint.c: user registers, the pc a process
 * goes on from, every user page, the restart list), only its store is the
 * disk instead of SCM.  The disk's upper half is the checkpoint store;
 * programs see the lower half (disksize):
 *
 *   C + 0        root A        C + 1        root B       (one sector each)
 *   C + 8        index A (FX_INDEX_PAGES pages)
 *   C + 8 + X    index B
 *   J            the undo journal: a header sector, then per entry the
 *                sector it saves and that sector's old contents
 *   D + 16 p     block pair p: block a (8 sectors), then block b
 *
 * Each user page has a block pair.  A checkpoint writes a page only if it
 * changed since the last one (its hash differs), and then into the block of
 * the pair that does not hold the last checkpoint's copy; an unchanged page
 * keeps its block.  Then the index goes to the index area the last root does
 * not name, and a flush; then the root, with its sequence number and
 * checksums, and a flush -- the COMMIT POINT (Challis: of the two roots the
 * valid one with the higher sequence number counts).  A cut at any moment
 * leaves the last committed checkpoint whole: none of its blocks is written
 * before the next commit.
 *
 * The recoverable disk.  The programs' own disk writes made after a
 * checkpoint must not outlive a roll-back to it.  In this mode the first
 * write to a sector since the last checkpoint first copies the sector's old
 * contents into the undo journal (header, then the entry, flushed); the
 * journal is tagged with the sequence number of the checkpoint it belongs
 * to, so a commit empties it at once.  Recovery puts the journal's old
 * contents back, newest first, before it reads the checkpoint.
 *
 * Recovery: a cold boot in this mode reads the newest valid root, undoes the
 * journal, reads the index and makes the processes afresh from their blocks
 * (proc_fx_restore), then milestone rolled_back says how much work was lost.
 * Pages freed by a process keep their block pairs (the store only grows).
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "bootinfo.h"
#include "platform.h"
#include "fixpoint.h"
#include "defs.h"

#define CK_MAGIC     0x544f4f5254504b43UL   /* "CKPTROOT" */
#define JN_MAGIC     0x4c414e524a4f444eUL   /* "NDOJRNAL" */
#define SPP          (PGSIZE / 512)         /* sectors a page */
#define JMAX         128                    /* journal entries (sectors) */
#define HIST         (PGSIZE / 8)           /* pages whose hash a checkpoint remembers */

struct ck_root {
    uint64 magic, seq, khash;
    uint64 index_sum;
    uint64 sum;
    uint8 pad[512 - 5 * 8];
};

struct jn_head {
    uint64 magic, seq, count;
    uint8 pad[512 - 3 * 8];
};

static struct {
    int on;
    uint64 user;                    /* sectors programs may use: [0, user) */
    uint64 root, index[2], journal, data, end;
    uint64 seq;                     /* of the last committed checkpoint */
    struct fx_index *ix;            /* the index being written or read */
    uint64 *prev_hash, *prev_va, *prev_pid, *prev_where;    /* HIST entries each */
    uint64 nprev;
    uint64 next_pair;
    uint64 jcount, jsector[JMAX];   /* sectors journaled since the last commit */
    uint64 last_tick;
    uint8 *sec;                     /* a sector buffer */
} ck VOLATILE_STATE;

/* The index buffer: in the kernel image, neither loaded nor zeroed (its
 * contents are always written before they are read). */
static char ck_index[FX_INDEX_PAGES * PGSIZE] __attribute__((section(".resume"), aligned(4096)));

static int pages_rw(uint64 sector, void *buf, uint64 bytes, int write)
{
    for (uint64 off = 0; off < bytes; off += PGSIZE) {
        uint64 n = bytes - off < PGSIZE ? bytes - off : PGSIZE;
        if (disk_rw(sector + off / 512, (char *)buf + off, n, write) < 0)
            return -1;
        health_kick();
    }
    return 0;
}

static uint64 index_bytes(const struct fx_index *ix)
{
    return (uint64)((const char *)&ix->page[ix->npages] - (const char *)ix);
}

static uint64 root_sum(const struct ck_root *r)
{
    return hash_words(0xcbf29ce484222325UL, r, 4 * 8);
}

/* Lay the store out over the upper half of the disk (cold boot and
 * resume).  0 when the mode is off or there is no disk to hold it. */
int ckpt_init(void)
{
    uint64 total = disk_sectors();
    ck.on = 0;
    if (!bootinfo.checkpoint || !total)
        return 0;
    uint64 ixs = FX_INDEX_PAGES * SPP;
    ck.user = total / 2;
    ck.root = ck.user;
    ck.index[0] = ck.root + 8;
    ck.index[1] = ck.index[0] + ixs;
    ck.journal = ck.index[1] + ixs;
    ck.data = ck.journal + 1 + 2 * JMAX;
    ck.end = total;
    if (ck.data + 2 * SPP > total) {
        printf("ckpt: the disk is too small for a checkpoint store\n");
        return 0;
    }
    int pool = pool_present(POOL_DRAM) ? POOL_DRAM : POOL_SCM;
    ck.ix = (struct fx_index *)ck_index;
    ck.sec = kalloc(pool);
    ck.prev_hash = kalloc(pool);
    ck.prev_va = kalloc(pool);
    ck.prev_pid = kalloc(pool);
    ck.prev_where = kalloc(pool);
    if (!ck.sec || !ck.prev_hash || !ck.prev_va || !ck.prev_pid || !ck.prev_where)
        panic("ckpt: no memory");
    ck.nprev = 0;
    ck.jcount = 0;
    ck.on = 1;
    return 1;
}

uint64 ckpt_user_sectors(void)
{
    return ck.on ? ck.user : disk_sectors();
}

/* The newest valid root: its seq and index area, or -1. */
static int newest_root(struct ck_root *out)
{
    int best = -1;
    for (int i = 0; i < 2; i++) {
        if (disk_rw(ck.root + i, ck.sec, 512, 0) < 0)
            continue;
        struct ck_root *r = (struct ck_root *)ck.sec;
        if (r->magic == CK_MAGIC && r->sum == root_sum(r) &&
            (best < 0 || r->seq > out->seq)) {
            *out = *r;
            best = i;
        }
    }
    return best;
}

/* ---- the recoverable disk ---- */

/* Before a program writes sector s (checkpoint mode): save its old contents
 * in the journal once per checkpoint interval.  0, or -1 when the journal
 * is full (the write is refused). */
int ckpt_before_write(uint64 sector, uint64 nsect)
{
    if (!ck.on)
        return 0;
    for (uint64 s = sector; s < sector + nsect; s++) {
        int seen = 0;
        for (uint64 i = 0; i < ck.jcount; i++)
            seen |= ck.jsector[i] == s;
        if (seen)
            continue;
        if (ck.jcount == JMAX)
            return -1;
        uint64 i = ck.jcount;
        if (disk_rw(s, ck.sec, 512, 0) < 0 ||
            disk_rw(ck.journal + 2 + 2 * i, ck.sec, 512, 1) < 0)
            return -1;
        memset(ck.sec, 0, 512);
        *(uint64 *)ck.sec = s;
        if (disk_rw(ck.journal + 1 + 2 * i, ck.sec, 512, 1) < 0)
            return -1;
        struct jn_head *j = (struct jn_head *)ck.sec;
        memset(j, 0, 512);
        *j = (struct jn_head){ JN_MAGIC, ck.seq, i + 1, {0} };
        if (disk_flush() < 0 || disk_rw(ck.journal, j, 512, 1) < 0 || disk_flush() < 0)
            return -1;
        ck.jsector[ck.jcount++] = s;
    }
    return 0;
}

static void journal_reset(uint64 seq)
{
    struct jn_head *j = (struct jn_head *)ck.sec;
    memset(j, 0, 512);
    *j = (struct jn_head){ JN_MAGIC, seq, 0, {0} };
    disk_rw(ck.journal, j, 512, 1);
    disk_flush();
    ck.jcount = 0;
}

/* Put back what the programs wrote since checkpoint seq. */
static void journal_undo(uint64 seq)
{
    struct jn_head j;
    uint64 target;
    if (disk_rw(ck.journal, ck.sec, 512, 0) < 0)
        return;
    j = *(struct jn_head *)ck.sec;
    if (j.magic != JN_MAGIC || j.seq != seq || j.count > JMAX)
        return;
    for (uint64 i = j.count; i-- > 0;) {
        if (disk_rw(ck.journal + 1 + 2 * i, ck.sec, 512, 0) < 0)
            return;
        target = *(uint64 *)ck.sec;
        if (target >= ck.user || disk_rw(ck.journal + 2 + 2 * i, ck.sec, 512, 0) < 0)
            continue;
        disk_rw(target, ck.sec, 512, 1);
    }
    disk_flush();
    printf("ckpt: undid %lu sector write(s) made after the checkpoint\n", j.count);
}

/* ---- taking a checkpoint ---- */

static uint64 page_hash(uint64 pa)
{
    return hash_words(0x84222325cbf29ce4UL, (const void *)pa, PGSIZE);
}

/* The block pair entry k had in the last checkpoint, by (pid, va); the
 * search starts where the last one ended (both walk the same order). */
static uint64 cursor;

static int find_prev(uint64 pid, uint64 va)
{
    for (uint64 n = 0; n < ck.nprev; n++) {
        uint64 i = (cursor + n) % ck.nprev;
        if (ck.prev_pid[i] == pid && ck.prev_va[i] == va) {
            cursor = i + 1;
            return (int)i;
        }
    }
    return -1;
}

static int disk_put(void *arg, struct fx_index *ix, uint64 k, uint64 pid, uint64 pa)
{
    uint64 va = ix->page[k].va_perm & ~0x3FFUL, h = page_hash(pa);
    int i = find_prev(pid, va);
    uint64 where;
    if (i >= 0 && ck.prev_hash[i] == h) {
        where = ck.prev_where[i];                   /* unchanged: keep its block */
    } else {
        where = i >= 0 ? ck.prev_where[i] ^ 1       /* the other block of its pair */
                       : 2 * ix->store_next++;      /* a new pair, block a */
        uint64 sector = ck.data + where * SPP;
        if (sector + SPP > ck.end || disk_rw(sector, (void *)pa, PGSIZE, 1) < 0)
            return -1;
        health_kick();
    }
    ix->page[k].where = where;
    if (k < HIST)               /* the history holds the first HIST pages */
        ((uint64 *)arg)[k] = h;
    return 0;
}

static void disk_get(void *arg, const struct fx_index *ix, uint64 k, uint64 pa)
{
    if (pages_rw(ck.data + ix->page[k].where * SPP, (void *)pa, PGSIZE, 0) < 0)
        panic("ckpt: cannot read block %lu", ix->page[k].where);
    if (k < HIST)
        ((uint64 *)arg)[k] = page_hash(pa);
}

/* Remember what the newest checkpoint holds, for the next one. */
static void remember(const struct fx_index *ix, const uint64 *hash)
{
    uint64 n = ix->npages < HIST ? ix->npages : HIST;
    for (uint64 k = 0; k < n; k++) {
        const struct fx_proc *f = 0;
        for (uint64 i = 0; i < ix->nprocs; i++)
            if (k >= ix->proc[i].first && k < ix->proc[i].first + ix->proc[i].npages)
                f = &ix->proc[i];
        ck.prev_pid[k] = f ? (uint64)f->pid : 0;
        ck.prev_va[k] = ix->page[k].va_perm & ~0x3FFUL;
        ck.prev_where[k] = ix->page[k].where;
        ck.prev_hash[k] = hash[k];
    }
    ck.nprev = n;
    cursor = 0;
}

int ckpt_due(void)
{
    /* Not while a process's disk request is in flight (disk.c). */
    if (!ck.on || !bootinfo.fixpoint_ms || disk_busy())
        return 0;
    uint64 every = (uint64)bootinfo.fixpoint_ms * 1000 / TICK_US;
    return ticks - ck.last_tick >= (every ? every : 1);
}

/* Take a checkpoint (scheduler, proc_lock held, nothing running). */
void ckpt_take(void)
{
    static uint64 hashes[HIST] VOLATILE_STATE;
    struct fx_index *ix = ck.ix;
    uint64 t0 = power_now_ns();

    ck.last_tick = ticks;
    ix->store_next = ck.next_pair;
    struct fx_store st = { disk_put, disk_get, hashes };
    if (proc_fx_collect(ix, &st) < 0) {
        printf("ckpt: the checkpoint does not fit the disk; none taken\n");
        return;
    }
    ix->clock_us = clock_us();
    ix->ticks = ticks;
    ix->taken_ns = t0;
    uint64 seq = ck.seq + 1;
    if (pages_rw(ck.index[seq % 2], ix, PGROUNDUP(index_bytes(ix)), 1) < 0 ||
        disk_flush() < 0) {
        printf("ckpt: cannot write the index\n");
        return;
    }
    struct ck_root *r = (struct ck_root *)ck.sec;
    memset(r, 0, 512);
    r->magic = CK_MAGIC;
    r->seq = seq;
    r->khash = resume_kernel_hash();
    r->index_sum = hash_words(0x9e3779b97f4a7c15UL, ix, index_bytes(ix));
    r->sum = root_sum(r);
    if (disk_rw(ck.root + seq % 2, r, 512, 1) < 0 || disk_flush() < 0) {
        printf("ckpt: cannot write the root\n");
        return;
    }
    /* COMMIT POINT passed: this checkpoint counts. */
    ck.seq = seq;
    ck.next_pair = ix->store_next;
    remember(ix, hashes);
    journal_reset(seq);
    power_mark(MARK_CHECKPOINT, power_now_ns() - t0);
}

/* ---- recovery (cold boot in this mode) ---- */

int ckpt_restore(void)
{
    static uint64 hashes[HIST] VOLATILE_STATE;
    struct ck_root r = { 0 };
    if (!ck.on)
        return 0;
    int slot = newest_root(&r);
    if (slot < 0 || r.khash != resume_kernel_hash()) {
        ck.seq = slot < 0 ? 0 : r.seq;
        journal_reset(ck.seq);
        return 0;
    }
    ck.seq = r.seq;
    journal_undo(r.seq);
    struct fx_index *ix = ck.ix;
    if (pages_rw(ck.index[r.seq % 2], ix, PGSIZE, 0) < 0)
        return 0;
    uint64 bytes = index_bytes(ix);
    if (ix->npages > FX_MAX_PAGES || ix->nprocs > NPROC || ix->nrestart > NPROC ||
        bytes > FX_INDEX_PAGES * PGSIZE ||
        pages_rw(ck.index[r.seq % 2], ix, PGROUNDUP(bytes), 0) < 0 ||
        hash_words(0x9e3779b97f4a7c15UL, ix, bytes) != r.index_sum) {
        printf("ckpt: the last checkpoint's index is damaged; not used\n");
        return 0;
    }
    ticks = ix->ticks;
    clock_set_us(ix->clock_us);
    ck.last_tick = ticks;
    ck.next_pair = ix->store_next;
    struct fx_store st = { disk_put, disk_get, hashes };
    int n = proc_fx_restore(ix, &st);
    remember(ix, hashes);
    journal_reset(ck.seq);
    uint64 cut = power_time_ns(PWR_CUT_NS);
    uint64 lost = cut > ix->taken_ns ? cut - ix->taken_ns : 0;
    power_mark(MARK_ROLLED_BACK, lost);
    power_mark(MARK_RESTARTED, n);
    printf("ckpt: rolled back to the checkpoint of %lu ms (%lu ms of work lost); %lu "
           "process(es) from the disk, restarted %d\n", ix->taken_ns / 1000000,
           lost / 1000000, ix->nprocs, n);
    return 1;
}
