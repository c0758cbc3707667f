/*
 * test_devtree.c -- the device tree read back with libfdt's read API: the nodes
 * a virt guest looks for, a memory@ or pmem@ node per region, /chosen for
 * the guest OS, and the blob reserving itself at the top of main memory.
 */
#include "dev_fixture.h"
#include "config.h"
#include "devtree.h"
#include "platform.h"
#include <libfdt.h>

struct ffx {
    struct config c;
    void *blob;
    size_t size;
    uint64_t addr, reserved;
};

static int setup(void **state)
{
    struct ffx *f = calloc(1, sizeof *f);
    config_defaults(&f->c);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct ffx *f = *state;
    free(f->blob);
    free(f);
    return 0;
}

static void build(struct ffx *f)
{
    free(f->blob);
    assert_int_equal(devtree_layout(&f->c, &f->blob, &f->size, &f->addr, &f->reserved), 0);
    assert_int_equal(fdt_check_header(f->blob), 0);
    assert_int_equal(fdt_totalsize(f->blob), f->size);
}

static int node(struct ffx *f, const char *path)
{
    int off = fdt_path_offset(f->blob, path);
    if (off < 0)
        fail_msg("no node %s: %s", path, fdt_strerror(off));
    return off;
}

static const char *str(struct ffx *f, const char *path, const char *prop)
{
    const char *s = fdt_getprop(f->blob, node(f, path), prop, NULL);
    if (!s)
        fail_msg("no property %s in %s", prop, path);
    return s;
}

/* Cell i of a property. */
static uint32_t cell(struct ffx *f, const char *path, const char *prop, int i)
{
    int len;
    const fdt32_t *p = fdt_getprop(f->blob, node(f, path), prop, &len);
    if (!p || len < (i + 1) * 4)
        fail_msg("no cell %d of %s in %s", i, prop, path);
    return fdt32_to_cpu(p[i]);
}

static uint64_t reg64(struct ffx *f, const char *path, int i)
{
    return ((uint64_t)cell(f, path, "reg", 2 * i) << 32) | cell(f, path, "reg", 2 * i + 1);
}

static void test_devtree_root_cpus_and_chosen(void **state)
{
    struct ffx *f = *state;
    strcpy(f->c.guest_init, "kvstore:p logger:n");
    f->c.guest_default_persistent = true;
    build(f);
    assert_int_equal(cell(f, "/", "#address-cells", 0), 2);
    assert_int_equal(cell(f, "/", "#size-cells", 0), 2);
    int len;
    const char *compat = fdt_getprop(f->blob, 0, "compatible", &len);
    assert_int_equal(len, sizeof "simscm,virt\0riscv-virtio");
    assert_string_equal(compat, "simscm,virt");
    assert_string_equal(compat + strlen(compat) + 1, "riscv-virtio");
    assert_int_equal(cell(f, "/cpus", "timebase-frequency", 0), 10000000);
    assert_string_equal(str(f, "/cpus/cpu@0", "riscv,isa"), "rv64imac_zicbom_zicsr_zifencei_sstc");
    assert_string_equal(str(f, "/cpus/cpu@0", "riscv,isa-base"), "rv64i");
    const char *ext = fdt_getprop(f->blob, node(f, "/cpus/cpu@0"), "riscv,isa-extensions", &len);
    static const char want[] = "i\0m\0a\0c\0zicbom\0zicsr\0zifencei\0sstc";
    assert_int_equal(len, sizeof want);
    assert_memory_equal(ext, want, sizeof want);
    assert_string_equal(str(f, "/cpus/cpu@0", "mmu-type"), "riscv,sv39");
    assert_string_equal(str(f, "/cpus/cpu@0", "device_type"), "cpu");
    assert_int_equal(cell(f, "/cpus/cpu@0", "riscv,cbom-block-size", 0), 64);
    assert_string_equal(str(f, "/cpus/cpu@0/interrupt-controller", "compatible"),
                        "riscv,cpu-intc");
    assert_string_equal(str(f, "/chosen", "stdout-path"), "/soc/serial@10000000");
    assert_string_equal(str(f, "/chosen", "simscm,init"), "kvstore:p logger:n");
    assert_int_equal(cell(f, "/chosen", "simscm,default-persist", 0), 1);
}

static void test_devtree_devices_where_platform_h_says(void **state)
{
    struct ffx *f = *state;
    build(f);
    assert_string_equal(str(f, "/soc/serial@10000000", "compatible"), "ns16550a");
    assert_int_equal(reg64(f, "/soc/serial@10000000", 0), PLAT_UART0_BASE);
    assert_int_equal(cell(f, "/soc/serial@10000000", "interrupts", 0), PLAT_UART0_IRQ);
    uint32_t plic_ph = fdt_get_phandle(f->blob, node(f, "/soc/plic@c000000"));
    assert_int_not_equal(plic_ph, 0);
    assert_int_equal(cell(f, "/soc/serial@10000000", "interrupt-parent", 0), plic_ph);
    assert_int_equal(fdt_node_check_compatible(f->blob, node(f, "/soc/plic@c000000"),
                                               "riscv,plic0"), 0);
    assert_int_equal(cell(f, "/soc/plic@c000000", "riscv,ndev", 0), 63);
    uint32_t intc = fdt_get_phandle(f->blob, node(f, "/cpus/cpu@0/interrupt-controller"));
    /* PLIC contexts: M external (11), S external (9). */
    assert_int_equal(cell(f, "/soc/plic@c000000", "interrupts-extended", 0), intc);
    assert_int_equal(cell(f, "/soc/plic@c000000", "interrupts-extended", 1), 11);
    assert_int_equal(cell(f, "/soc/plic@c000000", "interrupts-extended", 3), 9);
    assert_int_equal(fdt_node_check_compatible(f->blob, node(f, "/soc/clint@2000000"),
                                               "riscv,clint0"), 0);
    assert_int_equal(cell(f, "/soc/clint@2000000", "interrupts-extended", 1), 3);
    assert_int_equal(cell(f, "/soc/clint@2000000", "interrupts-extended", 3), 7);
    int test = node(f, "/soc/test@100000");
    assert_int_equal(fdt_node_check_compatible(f->blob, test, "sifive,test1"), 0);
    assert_int_equal(fdt_node_check_compatible(f->blob, test, "syscon"), 0);
    int rq = node(f, "/soc/reqchan@10010000");
    assert_int_equal(fdt_node_check_compatible(f->blob, rq, "simscm,reqchan"), 0);
    assert_int_equal(cell(f, "/soc/reqchan@10010000", "interrupts", 0), PLAT_REQCHAN_IRQ);
    assert_int_equal(cell(f, "/poweroff", "value", 0), 0x5555);
    assert_int_equal(cell(f, "/reboot", "value", 0), 0x7777);
}

static void test_devtree_default_memory_node(void **state)
{
    struct ffx *f = *state;
    build(f);
    assert_string_equal(str(f, "/memory@80000000", "device_type"), "memory");
    assert_int_equal(reg64(f, "/memory@80000000", 0), 0x80000000ull);
    assert_int_equal(reg64(f, "/memory@80000000", 1), 128ull << 20);
}

static void test_devtree_hybrid_has_pmem_and_memory(void **state)
{
    struct ffx *f = *state;
    assert_int_equal(config_load(&f->c, "configs/hybrid.ini"), 0);
    build(f);
    assert_string_equal(str(f, "/pmem@80000000", "compatible"), "pmem-region");
    assert_int_equal(reg64(f, "/pmem@80000000", 1), 512ull << 20);
    assert_string_equal(str(f, "/memory@100000000", "device_type"), "memory");
    assert_int_equal(reg64(f, "/memory@100000000", 0), 0x100000000ull);
    assert_true(fdt_path_offset(f->blob, "/memory@80000000") < 0);
}

static void test_devtree_reserves_itself_at_the_top_of_main_memory(void **state)
{
    struct ffx *f = *state;
    build(f);
    uint64_t top = 0x80000000ull + (128ull << 20);
    assert_int_equal(f->addr % 4096, 0);
    assert_int_equal(f->reserved % 4096, 0);
    assert_true(f->size <= f->reserved);
    assert_int_equal(f->addr + f->reserved, top);
    assert_int_equal(fdt_num_mem_rsv(f->blob), 1);
    uint64_t a, s;
    assert_int_equal(fdt_get_mem_rsv(f->blob, 0, &a, &s), 0);
    assert_int_equal(a, f->addr);
    assert_int_equal(s, f->reserved);
}

/* With a firmware the tree sits where QEMU's virt puts it: 2 MiB aligned
 * below the top of memory (0x87e00000 with 128 MiB), room above it to grow. */
static void test_devtree_for_firmware_sits_where_qemu_puts_it(void **state)
{
    struct ffx *f = *state;
    assert_int_equal(devtree_layout_fw(&f->c, true, &f->blob, &f->size, &f->addr,
                                       &f->reserved), 0);
    assert_int_equal(f->addr, 0x87e00000ull);
    assert_true(f->size <= f->reserved);
    uint64_t a, s;
    assert_int_equal(fdt_get_mem_rsv(f->blob, 0, &a, &s), 0);
    assert_int_equal(a, 0x87e00000ull);
    assert_int_equal(s, f->reserved);
}

static void test_devtree_write_file_round_trips(void **state)
{
    struct ffx *f = *state;
    char path[] = "/tmp/simscm-dtb-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    build(f);
    assert_int_equal(devtree_write_file(f->blob, f->size, path), 0);
    FILE *fp = fopen(path, "rb");
    char *back = malloc(f->size + 1);
    assert_int_equal(fread(back, 1, f->size + 1, fp), f->size);
    fclose(fp);
    assert_memory_equal(back, f->blob, f->size);
    free(back);
    unlink(path);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_devtree_root_cpus_and_chosen),
        T(test_devtree_devices_where_platform_h_says),
        T(test_devtree_default_memory_node),
        T(test_devtree_hybrid_has_pmem_and_memory),
        T(test_devtree_reserves_itself_at_the_top_of_main_memory),
        T(test_devtree_for_firmware_sits_where_qemu_puts_it),
        T(test_devtree_write_file_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
