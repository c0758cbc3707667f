/*
 * hybrid-dtb.c -- turn QEMU virt's device tree into a simscm-style hybrid
 * one, so the guest's persistence can be tested on QEMU too.
 *
 *   hybrid-dtb IN.dtb OUT.dtb [--scm BASE:SIZE] [--dram BASE:SIZE]
 *              [--memreserve BASE:SIZE] [--init STRING] [--default-persist 0|1]
 *
 * Every memory@ node of IN is dropped; --scm adds a pmem-region node and
 * --dram a memory@ node (each may repeat); /chosen gets simscm,init and
 * simscm,default-persist.  IN comes from
 * `qemu-system-riscv64 -machine virt,dumpdtb=IN`; OUT goes to QEMU's -dtb.
 * Numbers may be decimal or 0x-hex.  Bad arguments: a message and exit 2.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static void usage(const char *why)
{
    fprintf(stderr, "hybrid-dtb: %s\n"
            "usage: hybrid-dtb IN.dtb OUT.dtb [--scm BASE:SIZE] [--dram BASE:SIZE]\n"
            "       [--memreserve BASE:SIZE] [--init STRING] [--default-persist 0|1]\n", why);
    exit(2);
}

static void fail(const char *what, int err)
{
    fprintf(stderr, "hybrid-dtb: %s: %s\n", what, fdt_strerror(err));
    exit(1);
}

static int parse_range(const char *s, uint64_t *base, uint64_t *size)
{
    char *end;

    errno = 0;
    *base = strtoull(s, &end, 0);
    if (errno || *end != ':')
        return -1;
    *size = strtoull(end + 1, &end, 0);
    if (errno || *end || *size == 0)
        return -1;
    return 0;
}

static void add_region(void *fdt, const char *prefix, uint64_t base, uint64_t size, int pmem)
{
    char name[64];
    fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

    snprintf(name, sizeof name, "%s@%llx", prefix, (unsigned long long)base);
    int node = fdt_add_subnode(fdt, 0, name);
    if (node < 0)
        fail(name, node);
    int err = pmem ? fdt_setprop_string(fdt, node, "compatible", "pmem-region")
                   : fdt_setprop_string(fdt, node, "device_type", "memory");
    if (!err)
        err = fdt_setprop(fdt, node, "reg", reg, sizeof reg);
    if (err)
        fail(name, err);
}

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "hybrid-dtb: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    void *buf = malloc(*len);
    if (!buf || fread(buf, 1, *len, f) != *len) {
        fprintf(stderr, "hybrid-dtb: %s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        usage("need IN.dtb and OUT.dtb");
    size_t len;
    void *in = read_file(argv[1], &len);
    if (fdt_check_header(in) != 0)
        usage("IN is not a device tree blob");
    size_t cap = len + 8192;
    void *fdt = malloc(cap);
    int err = fdt_open_into(in, fdt, cap);
    if (err)
        fail("open", err);

    /* Drop QEMU's memory nodes. */
    int node;
    while ((node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7)) >= 0)
        if ((err = fdt_del_node(fdt, node)))
            fail("delete memory node", err);

    if (fdt_path_offset(fdt, "/chosen") < 0 && (err = fdt_add_subnode(fdt, 0, "chosen")) < 0)
        fail("/chosen", err);

    for (int i = 3; i < argc; i++) {
        const char *opt = argv[i];
        if (i + 1 >= argc)
            usage("option without a value");
        const char *val = argv[++i];
        uint64_t base, size;
        /* Offsets move as nodes are added: look /chosen up each time. */
        int chosen = fdt_path_offset(fdt, "/chosen");
        if (strcmp(opt, "--scm") == 0 || strcmp(opt, "--dram") == 0 ||
            strcmp(opt, "--memreserve") == 0) {
            if (parse_range(val, &base, &size) < 0)
                usage("ranges are BASE:SIZE");
            if (strcmp(opt, "--memreserve") == 0) {
                if ((err = fdt_add_mem_rsv(fdt, base, size)))
                    fail("memreserve", err);
            } else {
                add_region(fdt, opt[2] == 's' ? "pmem" : "memory", base, size, opt[2] == 's');
            }
        } else if (strcmp(opt, "--init") == 0) {
            if ((err = fdt_setprop_string(fdt, chosen, "simscm,init", val)))
                fail("simscm,init", err);
        } else if (strcmp(opt, "--default-persist") == 0) {
            if (strcmp(val, "0") && strcmp(val, "1"))
                usage("--default-persist is 0 or 1");
            if ((err = fdt_setprop_u32(fdt, chosen, "simscm,default-persist", atoi(val))))
                fail("simscm,default-persist", err);
        } else {
            usage("unknown option");
        }
    }
    if ((err = fdt_pack(fdt)))
        fail("pack", err);
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(fdt, 1, fdt_totalsize(fdt), f) != fdt_totalsize(fdt) || fclose(f)) {
        fprintf(stderr, "hybrid-dtb: %s: cannot write\n", argv[2]);
        return 1;
    }
    return 0;
}
