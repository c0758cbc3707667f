/*
 * devtree.c -- see devtree.h.
 *
 * Node by node it follows what QEMU's virt machine generates, so a guest
 * (or a Linux kernel) written for virt finds its devices where it expects
 * them, plus the simscm additions: the pmem nodes and two /chosen
 * properties for the guest OS.  Phandles are fixed numbers, given here once.
 */
#include "devtree.h"
#include "config.h"
#include "platform.h"
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDT_BUF_BYTES   16384
#define PH_CPU0_INTC    1
#define PH_PLIC         2
#define PH_TEST         3

/* Every libfdt call in sequential-write mode returns 0 or a negative error;
 * with a buffer this large any error is our bug. */
#define CHECK(call) do {                                                    \
        int err_ = (call);                                                  \
        if (err_ < 0) {                                                     \
            fprintf(stderr, "simscm: fdt: %s: %s\n", #call, fdt_strerror(err_)); \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* A property made of several NUL-terminated strings ("a\0b\0"). */
static void prop_strings(void *fdt, const char *name, const char *list, size_t len)
{
    CHECK(fdt_property(fdt, name, list, (int)len));
}
#define PROP_STRINGS(fdt, name, lit) prop_strings(fdt, name, lit, sizeof(lit))

/* reg = <base size> with #address-cells = #size-cells = 2. */
static void prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    fdt64_t cells[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
    CHECK(fdt_property(fdt, "reg", cells, sizeof cells));
}

static void prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
    fdt32_t cells[8];
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(v[i]);
    CHECK(fdt_property(fdt, name, cells, n * (int)sizeof(fdt32_t)));
}

static void begin_node_at(void *fdt, const char *name, uint64_t addr)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)addr);
    CHECK(fdt_begin_node(fdt, buf));
}

/* Open the node of a device with one window and one PLIC interrupt:
 * compatible, reg, interrupts, interrupt-parent.  The caller adds what else
 * it has and ends the node. */
static void begin_irq_device(void *fdt, const char *name, const char *compatible,
                             uint64_t base, uint64_t size, uint32_t irq)
{
    begin_node_at(fdt, name, base);
    CHECK(fdt_property_string(fdt, "compatible", compatible));
    prop_reg(fdt, base, size);
    CHECK(fdt_property_u32(fdt, "interrupts", irq));
    CHECK(fdt_property_u32(fdt, "interrupt-parent", PH_PLIC));
}

static void cpus(void *fdt, const struct config *cfg)
{
    CHECK(fdt_begin_node(fdt, "cpus"));
    CHECK(fdt_property_u32(fdt, "#address-cells", 1));
    CHECK(fdt_property_u32(fdt, "#size-cells", 0));
    CHECK(fdt_property_u32(fdt, "timebase-frequency", PLAT_MTIME_HZ));

    CHECK(fdt_begin_node(fdt, "cpu@0"));
    CHECK(fdt_property_string(fdt, "device_type", "cpu"));
    CHECK(fdt_property_u32(fdt, "reg", 0));
    CHECK(fdt_property_string(fdt, "status", "okay"));
    CHECK(fdt_property_string(fdt, "compatible", "riscv"));
    CHECK(fdt_property_string(fdt, "riscv,isa", "rv64imac_zicbom_zicsr_zifencei_sstc"));
    /* The same, in the newer binding's form (base, then one string each). */
    CHECK(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
    PROP_STRINGS(fdt, "riscv,isa-extensions", "i\0m\0a\0c\0zicbom\0zicsr\0zifencei\0sstc");
    CHECK(fdt_property_string(fdt, "mmu-type", "riscv,sv39"));
    /* Zicbom operates on cache blocks; every cache shares one line size. */
    CHECK(fdt_property_u32(fdt, "riscv,cbom-block-size", cfg->l1d.line_bytes));
    uint64_t hz = (uint64_t)cfg->cpu.freq_mhz * 1000000;
    if (hz <= UINT32_MAX)
        CHECK(fdt_property_u32(fdt, "clock-frequency", (uint32_t)hz));
    else
        CHECK(fdt_property_u64(fdt, "clock-frequency", hz));

    CHECK(fdt_begin_node(fdt, "interrupt-controller"));
    CHECK(fdt_property_u32(fdt, "#interrupt-cells", 1));
    CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
    CHECK(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
    CHECK(fdt_property_u32(fdt, "phandle", PH_CPU0_INTC));
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_end_node(fdt));   /* cpu@0 */
    CHECK(fdt_end_node(fdt));   /* cpus */
}

static void memory(void *fdt, const struct config *cfg)
{
    for (int i = 0; i < cfg->nregions; i++) {
        const struct region_config *r = &cfg->regions[i];
        if (r->kind == REGION_DRAM) {
            begin_node_at(fdt, "memory", r->base);
            CHECK(fdt_property_string(fdt, "device_type", "memory"));
        } else {
            begin_node_at(fdt, "pmem", r->base);
            CHECK(fdt_property_string(fdt, "compatible", "pmem-region"));
        }
        prop_reg(fdt, r->base, r->size);
        CHECK(fdt_end_node(fdt));
    }
}

static void soc(void *fdt, const struct config *c)
{
    CHECK(fdt_begin_node(fdt, "soc"));
    CHECK(fdt_property_u32(fdt, "#address-cells", 2));
    CHECK(fdt_property_u32(fdt, "#size-cells", 2));
    CHECK(fdt_property_string(fdt, "compatible", "simple-bus"));
    CHECK(fdt_property(fdt, "ranges", NULL, 0));

    begin_node_at(fdt, "test", PLAT_FINISHER_BASE);
    PROP_STRINGS(fdt, "compatible", "sifive,test1\0sifive,test0\0syscon");
    prop_reg(fdt, PLAT_FINISHER_BASE, PLAT_FINISHER_SIZE);
    CHECK(fdt_property_u32(fdt, "phandle", PH_TEST));
    CHECK(fdt_end_node(fdt));

    begin_node_at(fdt, "serial", PLAT_UART0_BASE);
    CHECK(fdt_property_string(fdt, "compatible", "ns16550a"));
    prop_reg(fdt, PLAT_UART0_BASE, PLAT_UART0_SIZE);
    CHECK(fdt_property_u32(fdt, "clock-frequency", 3686400));
    CHECK(fdt_property_u32(fdt, "interrupts", PLAT_UART0_IRQ));
    CHECK(fdt_property_u32(fdt, "interrupt-parent", PH_PLIC));
    CHECK(fdt_end_node(fdt));

    begin_node_at(fdt, "clint", PLAT_CLINT_BASE);
    PROP_STRINGS(fdt, "compatible", "sifive,clint0\0riscv,clint0");
    prop_reg(fdt, PLAT_CLINT_BASE, PLAT_CLINT_SIZE);
    /* Software and timer interrupts of hart 0 (mip bits 3 and 7). */
    prop_cells(fdt, "interrupts-extended",
               (const uint32_t[]){ PH_CPU0_INTC, 3, PH_CPU0_INTC, 7 }, 4);
    CHECK(fdt_end_node(fdt));

    begin_node_at(fdt, "plic", PLAT_PLIC_BASE);
    PROP_STRINGS(fdt, "compatible", "sifive,plic-1.0.0\0riscv,plic0");
    prop_reg(fdt, PLAT_PLIC_BASE, PLAT_PLIC_SIZE);
    CHECK(fdt_property_u32(fdt, "#address-cells", 0));
    CHECK(fdt_property_u32(fdt, "#interrupt-cells", 1));
    CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
    CHECK(fdt_property_u32(fdt, "riscv,ndev", PLAT_PLIC_NSOURCES - 1));
    /* Context 0: M-mode external (mip bit 11); context 1: S-mode (bit 9). */
    prop_cells(fdt, "interrupts-extended",
               (const uint32_t[]){ PH_CPU0_INTC, 11, PH_CPU0_INTC, 9 }, 4);
    CHECK(fdt_property_u32(fdt, "phandle", PH_PLIC));
    CHECK(fdt_end_node(fdt));

    begin_irq_device(fdt, "reqchan", "simscm,reqchan", PLAT_REQCHAN_BASE, PLAT_REQCHAN_SIZE,
                     PLAT_REQCHAN_IRQ);
    CHECK(fdt_end_node(fdt));

    /* The power controller: its window, in us, is a property too, so a
     * guest can plan its save before the first warning. */
    begin_irq_device(fdt, "power-controller", "simscm,power", PLAT_POWER_BASE, PLAT_POWER_SIZE,
                     PLAT_POWER_IRQ);
    CHECK(fdt_property_u32(fdt, "simscm,residual-us", c->power.residual_us));
    CHECK(fdt_end_node(fdt));

    begin_node_at(fdt, "watchdog", PLAT_WATCHDOG_BASE);
    CHECK(fdt_property_string(fdt, "compatible", "simscm,watchdog"));
    prop_reg(fdt, PLAT_WATCHDOG_BASE, PLAT_WATCHDOG_SIZE);
    CHECK(fdt_end_node(fdt));

    /* The disk, as QEMU describes a virtio-mmio transport (QEMU lists all
     * eight, simscm the one that holds a device). */
    if (c->disk.image[0]) {
        begin_irq_device(fdt, "virtio_mmio", "virtio,mmio", PLAT_VIRTIO0_BASE,
                         PLAT_VIRTIO_STRIDE, PLAT_VIRTIO0_IRQ);
        CHECK(fdt_end_node(fdt));
    }

    begin_node_at(fdt, "bug-trigger", PLAT_BUGTRIG_BASE);
    CHECK(fdt_property_string(fdt, "compatible", "simscm,bugtrig"));
    prop_reg(fdt, PLAT_BUGTRIG_BASE, PLAT_BUGTRIG_SIZE);
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_end_node(fdt));   /* soc */
}

/* syscon-poweroff / syscon-reboot through the test finisher, as on virt. */
static void syscon(void *fdt, const char *node, const char *compat, uint32_t value)
{
    CHECK(fdt_begin_node(fdt, node));
    CHECK(fdt_property_string(fdt, "compatible", compat));
    CHECK(fdt_property_u32(fdt, "regmap", PH_TEST));
    CHECK(fdt_property_u32(fdt, "offset", 0));
    CHECK(fdt_property_u32(fdt, "value", value));
    CHECK(fdt_end_node(fdt));
}

static void chosen(void *fdt, const struct config *cfg)
{
    char path[64];
    CHECK(fdt_begin_node(fdt, "chosen"));
    snprintf(path, sizeof path, "/soc/serial@%lx", PLAT_UART0_BASE);
    CHECK(fdt_property_string(fdt, "stdout-path", path));
    CHECK(fdt_property_string(fdt, "simscm,init", cfg->guest_init));
    CHECK(fdt_property_u32(fdt, "simscm,default-persist", cfg->guest_default_persistent));
    CHECK(fdt_property_u32(fdt, "simscm,fixpoint-ms", cfg->guest_fixpoint_ms));
    CHECK(fdt_property_u32(fdt, "simscm,recovery-reboot", !strcmp(cfg->guest_recovery, "reboot")));
    CHECK(fdt_property_u32(fdt, "simscm,cold-reboot", !strcmp(cfg->guest_persistence, "reboot")));
    CHECK(fdt_property_u32(fdt, "simscm,checkpoint", !strcmp(cfg->guest_persistence, "checkpoint")));
    CHECK(fdt_end_node(fdt));
}

void *devtree_build(const struct config *cfg, uint64_t blob_addr, uint64_t reserve_bytes,
                size_t *size)
{
    void *fdt = calloc(1, FDT_BUF_BYTES);
    if (!fdt)
        abort();
    CHECK(fdt_create(fdt, FDT_BUF_BYTES));
    CHECK(fdt_add_reservemap_entry(fdt, blob_addr, reserve_bytes));
    CHECK(fdt_finish_reservemap(fdt));
    CHECK(fdt_begin_node(fdt, ""));
    CHECK(fdt_property_u32(fdt, "#address-cells", 2));
    CHECK(fdt_property_u32(fdt, "#size-cells", 2));
    PROP_STRINGS(fdt, "compatible", "simscm,virt\0riscv-virtio");
    CHECK(fdt_property_string(fdt, "model", "simscm,virt"));
    chosen(fdt, cfg);
    cpus(fdt, cfg);
    memory(fdt, cfg);
    syscon(fdt, "poweroff", "syscon-poweroff", FINISHER_PASS);
    syscon(fdt, "reboot", "syscon-reboot", FINISHER_RESET);
    soc(fdt, cfg);
    CHECK(fdt_end_node(fdt));
    CHECK(fdt_finish(fdt));
    *size = fdt_totalsize(fdt);
    return fdt;
}

int devtree_layout(const struct config *cfg, void **blob, size_t *size, uint64_t *addr,
               uint64_t *reserved)
{
    return devtree_layout_fw(cfg, false, blob, size, addr, reserved);
}

int devtree_layout_fw(const struct config *cfg, bool firmware, void **blob, size_t *size,
                      uint64_t *addr, uint64_t *reserved)
{
    const struct region_config *main_rc = NULL;
    for (int i = 0; i < cfg->nregions; i++) {
        const struct region_config *r = &cfg->regions[i];
        if (PLAT_MAIN_MEM_BASE >= r->base && PLAT_MAIN_MEM_BASE - r->base < r->size)
            main_rc = r;
    }
    if (!main_rc) {
        fprintf(stderr, "simscm: no memory region at 0x%lx for the device tree\n",
                PLAT_MAIN_MEM_BASE);
        return -1;
    }
    /* A first build gives the size; the reservation entry has a fixed
     * size, so the final build at the final address is just as long. */
    size_t n;
    free(devtree_build(cfg, 0, 0, &n));
    uint64_t res = (n + 4095) & ~4095ull;
    if (res > main_rc->size) {
        fprintf(stderr, "simscm: region %s is too small for the device tree\n",
                main_rc->name);
        return -1;
    }
    *addr = main_rc->base + main_rc->size - res;
    if (firmware) {
        /* Where QEMU's virt puts it for a firmware: 2 MiB aligned below the
         * top of memory (or 3 GiB), so the firmware can grow the tree in
         * place (OpenSBI adds its nodes) and every run finds it at the same
         * address as QEMU with the same memory size. */
        uint64_t top = main_rc->base + main_rc->size;
        if (top > 0xc0000000ull && main_rc->base < 0xc0000000ull)
            top = 0xc0000000ull;
        uint64_t a = (top - res) & ~((2ull << 20) - 1);
        if (a >= main_rc->base)
            *addr = a;
    }
    *reserved = res;
    *blob = devtree_build(cfg, *addr, res, size);
    return 0;
}

int devtree_write_file(const void *blob, size_t size, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "simscm: --dump-dtb %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t w = fwrite(blob, 1, size, f);
    if (fclose(f) != 0 || w != size) {
        fprintf(stderr, "simscm: --dump-dtb %s: write failed: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
