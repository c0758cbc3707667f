/*
 * fdt.c -- reading the flattened device tree the machine passes in a1.
 *
 * The guest is freestanding, so it walks the blob itself (format: the
 * Devicetree Specification, chapter 5).  It wants little from it:
 *
 *   memory@...   device_type "memory"          -> the DRAM pool
 *   any node     compatible "pmem-region"      -> the SCM pool
 *   any node     compatible "simscm,reqchan"   -> the request channel exists
 *   any node     compatible "simscm,power"     -> the power controller exists
 *   a cpu node   riscv,cbom-block-size         -> the cache line cbo.clean covers
 *   /chosen      simscm,init (string), simscm,default-persist (u32),
 *                simscm,fixpoint-ms (u32), simscm,recovery-reboot (u32),
 *                simscm,cold-reboot (u32), simscm,checkpoint (u32)
 *   any node     compatible "simscm,watchdog", "simscm,bugtrig" -> those exist
 *   /soc/NAME@A  compatible "virtio,mmio"      -> a virtio transport at A
 *   /memreserve/ entries, and the blob itself  -> never handed out
 *
 * Memory nodes are looked for among the children of the root, with the
 * root's #address-cells and #size-cells, which is how both simscm and QEMU
 * lay their trees out; the request channel may be anywhere (simscm puts
 * devices under /soc).
 * Everything in the blob is big-endian and 4-byte aligned.
 */
#include "types.h"
#include "param.h"
#include "bootinfo.h"
#include "platform.h"
#include "defs.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

static uint32 be32(const void *p)
{
    const uint8 *b = p;
    return ((uint32)b[0] << 24) | ((uint32)b[1] << 16) | ((uint32)b[2] << 8) | b[3];
}

static uint64 be64(const void *p)
{
    return ((uint64)be32(p) << 32) | be32((const uint8 *)p + 4);
}

/* A cells-wide big-endian number (1 or 2 cells). */
static uint64 cells(const uint8 *p, int n)
{
    return n == 2 ? be64(p) : be32(p);
}

/* Does the stringlist (len bytes of NUL-terminated strings) contain s? */
static int has_string(const char *list, int len, const char *s)
{
    int sl = strlen(s);

    for (int i = 0; i < len; ) {
        int n = strlen(list + i);
        if (n == sl && strncmp(list + i, s, sl) == 0)
            return 1;
        i += n + 1;
    }
    return 0;
}

static void add_range(struct memrange *r, int *n, int max, uint64 base, uint64 size)
{
    if (size == 0)
        return;
    if (*n == max) {
        printf("fdt: too many ranges, ignoring [%p, +%lx)\n", (void *)base, size);
        return;
    }
    r[*n].base = base;
    r[*n].size = size;
    (*n)++;
}

/* What one child of the root said about itself. */
struct node {
    const char *name;
    int is_memory, is_pmem, is_chosen;
    const uint8 *reg;
    int reglen;
};

static void node_done(struct node *nd, int acells, int scells, struct bootinfo *bi)
{
    int stride = 4 * (acells + scells);

    if (!nd->reg || (!nd->is_memory && !nd->is_pmem))
        return;
    for (int off = 0; off + stride <= nd->reglen; off += stride) {
        uint64 base = cells(nd->reg + off, acells);
        uint64 size = cells(nd->reg + off + 4 * acells, scells);
        if (nd->is_pmem)
            add_range(bi->scm, &bi->nscm, MAXREGIONS, base, size);
        else
            add_range(bi->dram, &bi->ndram, MAXREGIONS, base, size);
    }
}

/* The simscm devices a compatible property names. */
static void simscm_devices(const char *val, uint32 len, struct bootinfo *bi)
{
    if (has_string(val, len, "simscm,reqchan"))
        bi->has_reqchan = 1;
    if (has_string(val, len, "simscm,power"))
        bi->has_power = 1;
    if (has_string(val, len, "simscm,watchdog"))
        bi->has_watchdog = 1;
    if (has_string(val, len, "simscm,bugtrig"))
        bi->has_bugtrig = 1;
}

/* A virtio-mmio transport: its slot, from the unit address of its node's
 * name ("virtio_mmio@10001000"), when it is one of the platform's. */
static void virtio_slot(const char *name, struct bootinfo *bi)
{
    const char *at = name;
    uint64 a = 0;
    while (*at && *at != '@')
        at++;
    if (!*at)
        return;
    for (at++; *at; at++) {
        int d = *at >= '0' && *at <= '9' ? *at - '0' :
                *at >= 'a' && *at <= 'f' ? *at - 'a' + 10 : -1;
        if (d < 0)
            return;
        a = a * 16 + d;
    }
    if (a >= PLAT_VIRTIO0_BASE && (a - PLAT_VIRTIO0_BASE) % PLAT_VIRTIO_STRIDE == 0 &&
        (a - PLAT_VIRTIO0_BASE) / PLAT_VIRTIO_STRIDE < PLAT_VIRTIO_COUNT)
        bi->virtio_mask |= 1u << ((a - PLAT_VIRTIO0_BASE) / PLAT_VIRTIO_STRIDE);
}

int fdt_parse(uint64 blob, struct bootinfo *bi)
{
    const uint8 *b = (const uint8 *)blob;

    memset(bi, 0, sizeof *bi);
    if (blob == 0 || (blob & 3) || be32(b) != FDT_MAGIC)
        return -1;
    uint32 total = be32(b + 4);
    uint32 off_struct = be32(b + 8);
    uint32 off_strings = be32(b + 12);
    uint32 off_rsv = be32(b + 16);
    if (off_struct >= total || off_strings >= total || off_rsv >= total)
        return -1;

    add_range(bi->reserved, &bi->nreserved, MAXRESERVE, blob, total);
    for (const uint8 *r = b + off_rsv; r + 16 <= b + total; r += 16) {
        uint64 base = be64(r), size = be64(r + 8);
        if (base == 0 && size == 0)
            break;
        add_range(bi->reserved, &bi->nreserved, MAXRESERVE, base, size);
    }

    int acells = 2, scells = 1;     /* the specification's defaults */
    int depth = 0;
    struct node nd;
    const char *devname = "";       /* the node at depth 3 (under /soc) */
    memset(&nd, 0, sizeof nd);

    for (uint32 off = off_struct; off + 4 <= total; ) {
        uint32 tok = be32(b + off);
        off += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)b + off;
            off += (strlen(name) + 1 + 3) & ~3U;
            depth++;
            if (depth == 3)
                devname = name;
            if (depth == 2) {
                memset(&nd, 0, sizeof nd);
                nd.name = name;
                nd.is_chosen = strncmp(name, "chosen", 7) == 0;
            }
        } else if (tok == FDT_END_NODE) {
            if (depth == 2)
                node_done(&nd, acells, scells, bi);
            depth--;
        } else if (tok == FDT_PROP) {
            uint32 len = be32(b + off);
            const char *pname = (const char *)b + off_strings + be32(b + off + 4);
            const uint8 *val = b + off + 8;
            off += 8 + ((len + 3) & ~3U);
            if (off > total)
                return -1;
            if (depth == 1) {
                if (strncmp(pname, "#address-cells", 15) == 0 && len == 4)
                    acells = be32(val);
                else if (strncmp(pname, "#size-cells", 12) == 0 && len == 4)
                    scells = be32(val);
                if (acells < 1 || acells > 2 || scells < 1 || scells > 2)
                    return -1;
            } else if (depth > 2) {
                /* Devices sit under /soc: only simscm's own ones matter here. */
                if (strncmp(pname, "compatible", 11) == 0) {
                    simscm_devices((const char *)val, len, bi);
                    if (depth == 3 && has_string((const char *)val, len, "virtio,mmio"))
                        virtio_slot(devname, bi);
                }
                else if (strncmp(pname, "riscv,cbom-block-size", 22) == 0 && len == 4)
                    bi->cbom_block = be32(val);
            } else if (depth == 2) {
                if (strncmp(pname, "device_type", 12) == 0)
                    nd.is_memory = has_string((const char *)val, len, "memory");
                else if (strncmp(pname, "compatible", 11) == 0) {
                    nd.is_pmem = has_string((const char *)val, len, "pmem-region");
                    simscm_devices((const char *)val, len, bi);
                } else if (strncmp(pname, "reg", 4) == 0) {
                    nd.reg = val;
                    nd.reglen = len;
                } else if (nd.is_chosen && strncmp(pname, "simscm,init", 12) == 0) {
                    int n = len < INITLIST_LEN ? len : INITLIST_LEN;
                    safestrcpy(bi->init, (const char *)val, n);
                } else if (nd.is_chosen && strncmp(pname, "simscm,default-persist", 23) == 0 &&
                           len == 4) {
                    bi->default_persist = be32(val) != 0;
                } else if (nd.is_chosen && strncmp(pname, "simscm,fixpoint-ms", 19) == 0 &&
                           len == 4) {
                    bi->fixpoint_ms = be32(val);
                } else if (nd.is_chosen && strncmp(pname, "simscm,recovery-reboot", 23) == 0 &&
                           len == 4) {
                    bi->recovery_reboot = be32(val) != 0;
                } else if (nd.is_chosen && strncmp(pname, "simscm,cold-reboot", 19) == 0 &&
                           len == 4) {
                    bi->cold_reboot = be32(val) != 0;
                } else if (nd.is_chosen && strncmp(pname, "simscm,checkpoint", 18) == 0 &&
                           len == 4) {
                    bi->checkpoint = be32(val) != 0;
                }
            }
        } else if (tok == FDT_END) {
            return 0;
        } else if (tok != FDT_NOP) {
            return -1;
        }
    }
    return -1;
}
