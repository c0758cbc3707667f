/*
 * region.c -- memory regions: host mappings, power-on contents, the SCM image
 * (see region.h for the image format and why it cannot be torn).
 *
 * Every view that power can change is a MAP_PRIVATE mapping of a file, so a
 * power-on is one mmap(MAP_FIXED) over the old view instead of a copy of the
 * whole region: the kernel drops the pages the guest dirtied and the next
 * access reads the file again.  That keeps thousands of power cycles cheap.
 *
 *   SCM   durable  MAP_SHARED of the image file (or of a memfd when no image)
 *         mem      MAP_PRIVATE of the same file: it reads the durable bytes
 *                  until a store copies the page; power-on maps it afresh.
 *                  Without caches mem is durable itself.
 *   DRAM  mem      MAP_PRIVATE of a memfd of seeded garbage.  A template of
 *                  one tile (plus GARBAGE_SLACK) is made at the first
 *                  power-on from that power-on's seed and mapped tile by tile
 *                  over the region; each later power-on picks a page offset
 *                  per tile from its own seed, so the garbage differs between
 *                  power cycles and is a pure function of the seeds.  A tile
 *                  is GARBAGE_TILE bytes, or larger for a region of more than
 *                  GARBAGE_MAX_TILES tiles: every tile is one host mapping,
 *                  and the host allows a process only vm.max_map_count of
 *                  them (65530 by default), so the count must not grow with
 *                  the size (eight 64 GiB regions would need 65536).
 *
 * struct region (bus.h) is what the rest of the simulator sees; this file's
 * own state hangs off r->priv.
 */
#define _GNU_SOURCE
#include "region.h"
#include "config.h"
#include "json.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define GARBAGE_TILE   (8u << 20)
#define GARBAGE_SLACK  (1u << 20)
#define GARBAGE_MAX_TILES 1024u         /* host mappings per DRAM region, at most */

struct region_priv {
    int fd;                     /* SCM: image file or memfd.  -1 for DRAM */
    uint64_t data_off;          /* where the contents start in fd */
    bool two_views;
    bool file_backed;           /* fd is the user's image file */
    int garbage_fd;             /* DRAM: the garbage template, -1 until power-on */
    uint64_t garbage_bytes;
    uint64_t tile;              /* DRAM: bytes per garbage mapping */
    char image[256];
    uint32_t page_writes[];     /* r->page_writes points here (SCM wear) */
};

static struct region_priv *priv_of(const struct region *r)
{
    return r->priv;
}

/* splitmix64: a small, well-mixed generator for the DRAM garbage. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t fnv1a64(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ---- the image header ---- */

#define HDR_CHECKED 64          /* bytes covered by the checksum */

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void header_build(uint8_t h[SCM_IMAGE_HEADER], const struct region *r)
{
    memset(h, 0, SCM_IMAGE_HEADER);
    memcpy(h, SCM_IMAGE_MAGIC, 8);
    put_le(h + 8, SCM_IMAGE_VERSION, 4);
    put_le(h + 12, SCM_IMAGE_HEADER, 4);
    put_le(h + 16, r->size, 8);
    put_le(h + 24, r->base, 8);
    memcpy(h + 32, r->name, strnlen(r->name, 31));
    put_le(h + 64, fnv1a64(h, HDR_CHECKED), 8);
}

static int image_error(const struct region *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int image_error(const struct region *r, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "simscm: %s: ", path);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (image of region %s)\n", r->name);
    va_end(ap);
    return -1;
}

/* Check an existing image against r.  0 or -1 after printing why. */
static int header_check(const struct region *r, const char *path, int fd)
{
    uint8_t h[SCM_IMAGE_HEADER];
    struct stat st;
    if (fstat(fd, &st) < 0)
        return image_error(r, path, "cannot stat: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return image_error(r, path, "not a regular file");
    ssize_t n = pread(fd, h, sizeof h, 0);
    if (n < 0)
        return image_error(r, path, "cannot read: %s", strerror(errno));
    if (n >= 8 && n < (ssize_t)sizeof h && memcmp(h, SCM_IMAGE_MAGIC, 8) == 0)
        return image_error(r, path, "image is truncated: %zd bytes, the header alone needs %u",
                           n, SCM_IMAGE_HEADER);
    if (n < (ssize_t)sizeof h || memcmp(h, SCM_IMAGE_MAGIC, 8) != 0)
        return image_error(r, path, "not a simscm SCM image (no \"%s\" header); "
                           "refusing to overwrite it", SCM_IMAGE_MAGIC);
    if (get_le(h + 64, 8) != fnv1a64(h, HDR_CHECKED))
        return image_error(r, path, "image header is corrupt (checksum mismatch)");
    uint32_t version = (uint32_t)get_le(h + 8, 4);
    if (version != SCM_IMAGE_VERSION)
        return image_error(r, path, "image format version %u, this simscm reads version %u",
                           version, SCM_IMAGE_VERSION);
    uint64_t hbytes = get_le(h + 12, 4);
    if (hbytes != SCM_IMAGE_HEADER)
        return image_error(r, path, "image header says the contents start at byte %llu; "
                           "version %u images start them at %u",
                           (unsigned long long)hbytes, version, SCM_IMAGE_HEADER);
    uint64_t size = get_le(h + 16, 8), base = get_le(h + 24, 8);
    if (size != r->size)
        return image_error(r, path, "image holds %llu bytes (%llu MiB) but the region is "
                           "%llu bytes (%llu MiB)",
                           (unsigned long long)size, (unsigned long long)(size >> 20),
                           (unsigned long long)r->size, (unsigned long long)(r->size >> 20));
    if (base != r->base)
        return image_error(r, path, "image was made for base 0x%llx but the region is at "
                           "0x%llx (the stored system holds physical addresses)",
                           (unsigned long long)base, (unsigned long long)r->base);
    uint64_t want = SCM_IMAGE_HEADER + size;
    if ((uint64_t)st.st_size < want)
        return image_error(r, path, "image is truncated: %llu bytes, expected %llu",
                           (unsigned long long)st.st_size, (unsigned long long)want);
    /* simscm never writes past the contents: bytes there came from
     * elsewhere, and this may not be the file the user thinks it is. */
    if ((uint64_t)st.st_size > want)
        return image_error(r, path, "image has %llu bytes after the region's contents "
                           "(%llu bytes, expected %llu); refusing a file something else "
                           "has written to (truncate -s %llu restores the image)",
                           (unsigned long long)st.st_size - want,
                           (unsigned long long)st.st_size, (unsigned long long)want,
                           (unsigned long long)want);
    return 0;
}

/*
 * Give every byte of the image a block on the host file system now.  The
 * contents are a MAP_SHARED mapping: a write-back into a hole that the file
 * system cannot fill (it is full) would be SIGBUS in the middle of a run,
 * with nothing saved.  posix_fallocate keeps what the file holds (holes read
 * as zeros before and after).  0, or -1 after the message.
 */
static int image_reserve(const struct region *r, const char *path, int fd)
{
    int e = posix_fallocate(fd, 0, (off_t)(SCM_IMAGE_HEADER + r->size));
    if (e == 0)
        return 0;
    return image_error(r, path, "cannot reserve %llu bytes for the image on its file "
                       "system: %s (nothing in it was changed; free some space or move "
                       "the image)", (unsigned long long)(SCM_IMAGE_HEADER + r->size),
                       strerror(e));
}

/* The pid holding an flock on fd's file, from /proc/locks, or 0. */
static long lock_holder(int fd)
{
    struct stat st;
    char line[256];
    long holder = 0;
    if (fstat(fd, &st) < 0)
        return 0;
    FILE *f = fopen("/proc/locks", "r");
    if (!f)
        return 0;
    while (!holder && fgets(line, sizeof line, f)) {
        /* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" */
        char kind[16];
        long pid;
        unsigned maj, min;
        unsigned long long ino;
        if (sscanf(line, "%*d: %15s %*s %*s %ld %x:%x:%llu", kind, &pid, &maj, &min,
                   &ino) == 5 && !strcmp(kind, "FLOCK") && ino == st.st_ino &&
            maj == major(st.st_dev) && min == minor(st.st_dev))
            holder = pid;
    }
    fclose(f);
    return holder;
}

/* Take the run's exclusive lock on the image.  0, or -1 after the message. */
static int image_lock(const struct region *r, const char *path, int fd)
{
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno != EWOULDBLOCK)
        return image_error(r, path, "cannot lock: %s", strerror(errno));
    long pid = lock_holder(fd);
    if (pid > 0)
        return image_error(r, path, "image is in use by another simscm (pid %ld)", pid);
    return image_error(r, path, "image is in use by another simscm");
}

/* fsync the directory holding path, so a new name in it is durable. */
static void sync_dir(const char *path)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        strcpy(dir, ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}

/*
 * Make a new, zero-filled image at path and return it open and locked, or
 * -1 after the message; 0 is never returned, -2 means "someone else made
 * it first: open theirs".  The image is built under a unique temporary
 * name (PATH.new-XXXXXX), locked, given its blocks, synced, and then linked
 * to PATH, which fails if PATH exists: of two simscm starting together on a
 * new path one publishes its image, and the other finds it, already locked.
 */
static int image_create(const struct region *r, const char *path)
{
    char tmp[512];
    uint8_t h[SCM_IMAGE_HEADER];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.new-XXXXXX", path) >= sizeof tmp)
        return image_error(r, path, "path is too long");
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        return image_error(r, path, "cannot create %s: %s", tmp, strerror(errno));
    int e = 0;
    header_build(h, r);
    if (fchmod(fd, 0644) < 0 || flock(fd, LOCK_EX) < 0 ||
        pwrite(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
        e = errno;
    if (!e && image_reserve(r, path, fd) < 0) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (!e && fsync(fd) < 0)
        e = errno;
    if (e) {
        close(fd);
        unlink(tmp);
        return image_error(r, tmp, "cannot write: %s", strerror(e));
    }
    int linked = link(tmp, path);
    e = errno;
    unlink(tmp);
    if (linked < 0) {
        close(fd);
        if (e == EEXIST)
            return -2;
        return image_error(r, path, "cannot put the new image in place: %s", strerror(e));
    }
    sync_dir(path);
    return fd;
}

/* Open (making it if absent), lock and check the image.  fd or -1. */
static int image_open(struct region *r, const char *path)
{
    struct stat st;
    /* A link to nothing: open(O_CREAT) would make its target somewhere
     * the user may not expect, and link() would not follow it. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) < 0 &&
        errno == ENOENT) {
        char target[256];
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        return image_error(r, path, "is a symbolic link to %s, which does not exist; "
                           "give the target's path to make a new image there, or remove "
                           "the link", target);
    }
    for (int tries = 0; tries < 3; tries++) {
        int fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0 && errno == ENOENT) {
            fd = image_create(r, path);
            if (fd == -2)
                continue;               /* made by another simscm meanwhile */
            if (fd < 0)
                return -1;
            return fd;                  /* new, locked, checked by construction */
        }
        if (fd < 0)
            return image_error(r, path, "cannot open: %s", strerror(errno));
        if (image_lock(r, path, fd) < 0 || header_check(r, path, fd) < 0 ||
            image_reserve(r, path, fd) < 0) {
            close(fd);
            return -1;
        }
        r->restored = true;
        return fd;
    }
    return image_error(r, path, "cannot open: it keeps appearing and disappearing");
}

/* ---- creating and destroying ---- */

static uint8_t *map(uint8_t *at, uint64_t size, int flags, int fd, uint64_t off)
{
    void *p = mmap(at, size, PROT_READ | PROT_WRITE,
                   flags | MAP_NORESERVE | (at ? MAP_FIXED : 0), fd, (off_t)off);
    return p == MAP_FAILED ? NULL : p;
}

static int create_error(const struct region *r, const char *what)
{
    fprintf(stderr, "simscm: region %s: %s: %s\n", r->name, what, strerror(errno));
    return -1;
}

int region_create(struct region *r, const struct region_config *rc, bool two_views)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", rc->name);
    r->kind = rc->kind;
    r->base = rc->base;
    r->size = rc->size;
    if (r->size == 0 || r->size % REGION_PAGE_BYTES) {
        fprintf(stderr, "simscm: region %s: size %llu is not a positive multiple of %u\n",
                r->name, (unsigned long long)r->size, REGION_PAGE_BYTES);
        return -1;
    }
    if (rc->image[0] && r->kind != REGION_SCM) {
        fprintf(stderr, "simscm: region %s: image = %s: only an SCM region has an image\n",
                r->name, rc->image);
        return -1;
    }
    uint64_t npages = r->size / REGION_PAGE_BYTES;
    struct region_priv *p = calloc(1, sizeof *p + npages * sizeof p->page_writes[0]);
    if (!p)
        abort();
    p->fd = p->garbage_fd = -1;
    p->two_views = two_views;
    r->priv = p;
    r->page_writes = p->page_writes;

    if (r->kind == REGION_DRAM) {
        r->mem = map(NULL, r->size, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (!r->mem) {
            create_error(r, "cannot map memory");
            region_destroy(r);
            return -1;
        }
        r->durable = r->mem;
        return 0;
    }

    if (rc->image[0]) {
        snprintf(p->image, sizeof p->image, "%s", rc->image);
        p->fd = image_open(r, rc->image);
        p->data_off = SCM_IMAGE_HEADER;
        p->file_backed = true;
        if (p->fd < 0) {
            region_destroy(r);
            return -1;
        }
    } else {
        char name[48];
        snprintf(name, sizeof name, "simscm-%s", r->name);
        p->fd = memfd_create(name, MFD_CLOEXEC);
        if (p->fd < 0 || ftruncate(p->fd, (off_t)r->size) < 0) {
            create_error(r, "cannot make the SCM backing memory");
            region_destroy(r);
            return -1;
        }
    }
    r->durable = map(NULL, r->size, MAP_SHARED, p->fd, p->data_off);
    r->mem = !r->durable ? NULL : two_views
           ? map(NULL, r->size, MAP_PRIVATE, p->fd, p->data_off) : r->durable;
    if (!r->mem) {
        create_error(r, "cannot map memory");
        region_destroy(r);
        return -1;
    }
    return 0;
}

void region_destroy(struct region *r)
{
    if (!r->priv) {
        memset(r, 0, sizeof *r);
        return;
    }
    struct region_priv *p = priv_of(r);
    if (r->durable && r->durable != r->mem)
        munmap(r->durable, r->size);
    if (r->mem)
        munmap(r->mem, r->size);
    if (p->fd >= 0)
        close(p->fd);           /* also releases the image lock */
    if (p->garbage_fd >= 0)
        close(p->garbage_fd);
    free(p);
    memset(r, 0, sizeof *r);
}

/* ---- power ---- */

/* The DRAM garbage template; -1 after printing why (out of file
 * descriptors or memory: a host error). */
/* Bytes per garbage tile: GARBAGE_TILE, or the region in GARBAGE_MAX_TILES
 * page-aligned pieces when that is larger. */
uint64_t region_garbage_tile(uint64_t size)
{
    uint64_t tile = (size + GARBAGE_MAX_TILES - 1) / GARBAGE_MAX_TILES;
    tile = (tile + REGION_PAGE_BYTES - 1) / REGION_PAGE_BYTES * REGION_PAGE_BYTES;
    if (tile < GARBAGE_TILE)
        tile = GARBAGE_TILE;
    return size < tile ? size : tile;
}

static int garbage_make(struct region *r, struct region_priv *p, uint64_t seed)
{
    uint64_t tile = p->tile = region_garbage_tile(r->size);
    p->garbage_bytes = tile + GARBAGE_SLACK;
    char name[48];
    snprintf(name, sizeof name, "simscm-%s-garbage", r->name);
    p->garbage_fd = memfd_create(name, MFD_CLOEXEC);
    if (p->garbage_fd < 0 || ftruncate(p->garbage_fd, (off_t)p->garbage_bytes) < 0) {
        fprintf(stderr, "simscm: region %s: DRAM garbage template: %s\n", r->name,
                strerror(errno));
        return -1;
    }
    uint64_t *w = (uint64_t *)map(NULL, p->garbage_bytes, MAP_SHARED, p->garbage_fd, 0);
    if (!w) {
        fprintf(stderr, "simscm: region %s: DRAM garbage template: %s\n", r->name,
                strerror(errno));
        return -1;
    }
    uint64_t s = seed ^ r->base;
    for (uint64_t i = 0; i < p->garbage_bytes / 8; i++)
        w[i] = splitmix64(&s);
    munmap(w, p->garbage_bytes);
    return 0;
}

int region_power_on(struct region *r, uint64_t seed)
{
    struct region_priv *p = priv_of(r);
    if (r->kind == REGION_DRAM) {
        if (p->garbage_fd < 0 && garbage_make(r, p, seed) < 0)
            return -1;
        uint64_t s = seed ^ (r->base * 0x9e3779b97f4a7c15ull);
        uint64_t slack_pages = GARBAGE_SLACK / REGION_PAGE_BYTES;
        for (uint64_t at = 0; at < r->size; at += p->tile) {
            uint64_t len = r->size - at < p->tile ? r->size - at : p->tile;
            uint64_t off = splitmix64(&s) % slack_pages * REGION_PAGE_BYTES;
            if (!map(r->mem + at, len, MAP_PRIVATE, p->garbage_fd, off)) {
                fprintf(stderr, "simscm: region %s: DRAM power-on: cannot map its "
                        "contents: %s\n", r->name, strerror(errno));
                return -1;
            }
        }
    } else if (r->durable != r->mem) {
        if (!map(r->mem, r->size, MAP_PRIVATE, p->fd, p->data_off)) {
            fprintf(stderr, "simscm: region %s: SCM power-on: cannot map its contents: "
                    "%s\n", r->name, strerror(errno));
            return -1;
        }
    }
    return 0;
}

void region_writeback(struct region *r, uint64_t pa, unsigned bytes)
{
    if (r->kind != REGION_SCM || bytes == 0)
        return;
    uint64_t off = pa - r->base;
    if (r->durable != r->mem)
        memcpy(r->durable + off, r->mem + off, bytes);
    for (uint64_t pg = off / REGION_PAGE_BYTES; pg <= (off + bytes - 1) / REGION_PAGE_BYTES; pg++)
        r->page_writes[pg]++;
    if (r->writeback_hook)
        r->writeback_hook(r->hook_opaque);
}

bool region_discard(struct region *r, uint64_t pa, unsigned bytes)
{
    if (r->kind != REGION_SCM || r->durable == r->mem)
        return false;
    uint64_t off = pa - r->base;
    /* Compare first: copying would make the page private for nothing. */
    if (memcmp(r->mem + off, r->durable + off, bytes) == 0)
        return false;
    memcpy(r->mem + off, r->durable + off, bytes);
    return true;
}

void region_load(struct region *r, uint64_t pa, const void *src, uint64_t len)
{
    uint64_t off = pa - r->base;
    memcpy(r->mem + off, src, len);
    if (r->durable != r->mem)
        memcpy(r->durable + off, src, len);
}

int region_sync(struct region *r)
{
    if (!r->priv)
        return 0;
    struct region_priv *p = priv_of(r);
    if (!p->file_backed)
        return 0;
    if (msync(r->durable, r->size, MS_SYNC) < 0 || fsync(p->fd) < 0) {
        fprintf(stderr, "simscm: %s: cannot sync the SCM image: %s\n",
                p->image, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- stats ---- */

void region_wear(const struct region *r, struct region_wear *w)
{
    memset(w, 0, sizeof *w);
    w->pages = r->size / REGION_PAGE_BYTES;
    for (uint64_t i = 0; i < w->pages; i++) {
        uint32_t n = r->page_writes[i];
        w->total += n;
        if (n > w->max)
            w->max = n;
        if (n)
            w->pages_written++;
        w->hist[n ? 64 - __builtin_clzll(n) : 0]++;
    }
}

void region_stats_json(const struct region *r, struct json *j)
{
    json_object_begin(j, r->name);
    json_str(j, "kind", r->kind == REGION_SCM ? "scm" : "dram");
    json_u64(j, "base", r->base);
    json_u64(j, "size_bytes", r->size);
    json_u64(j, "reads", r->stats.reads);
    json_u64(j, "writes", r->stats.writes);
    json_u64(j, "read_bytes", r->stats.read_bytes);
    json_u64(j, "write_bytes", r->stats.write_bytes);
    if (r->kind == REGION_SCM) {
        const struct region_priv *p = priv_of(r);
        json_str(j, "image", p->image);
        json_bool(j, "restored", r->restored);
        struct region_wear w;
        region_wear(r, &w);
        json_object_begin(j, "wear");
        json_u64(j, "page_bytes", REGION_PAGE_BYTES);
        json_u64(j, "pages", w.pages);
        json_u64(j, "pages_written", w.pages_written);
        json_u64(j, "total_writes", w.total);
        json_u64(j, "max_writes", w.max);
        json_double(j, "mean_writes", w.pages ? (double)w.total / (double)w.pages : 0.0);
        json_array_begin(j, "histogram");
        int last = 0;
        for (int k = 0; k < REGION_WEAR_BUCKETS; k++)
            if (w.hist[k])
                last = k;
        for (int k = 0; k <= last; k++) {
            json_object_begin(j, NULL);
            json_u64(j, "min_writes", k ? 1ull << (k - 1) : 0);
            json_u64(j, "max_writes", k ? (1ull << k) - 1 : 0);
            json_u64(j, "pages", w.hist[k]);
            json_object_end(j);
        }
        json_array_end(j);
        json_object_end(j);
    }
    json_object_end(j);
}
