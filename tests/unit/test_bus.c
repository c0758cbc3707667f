/*
 * test_bus.c -- the physical bus: which range answers an address, RAM
 * through the slow path, device dispatch with relative offsets and sizes,
 * faults for holes and misaligned MMIO, and that nothing is counted.
 */
#include "dev_fixture.h"
#include "mem/bus.h"

#define RAM_A_BASE 0x80000000ull
#define RAM_B_BASE 0x80010000ull         /* right after A: adjacent regions */
#define RAM_SIZE   0x10000ull
#define DEV_BASE   0x10000000ull
#define DEV_SIZE   0x100ull

/* A device that remembers its last access. */
struct probe_dev {
    uint64_t off, val;
    unsigned size;
    int reads, writes;
};

static uint64_t probe_read(void *dev, uint64_t off, unsigned size)
{
    struct probe_dev *p = dev;
    p->off = off;
    p->size = size;
    p->reads++;
    return 0x1122334455667788ull;       /* the bus must trim it to size */
}

static void probe_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct probe_dev *p = dev;
    p->off = off;
    p->val = val;
    p->size = size;
    p->writes++;
}

static const struct dev_ops probe_ops = {
    .name = "probe", .read = probe_read, .write = probe_write,
};

struct bfx {
    struct bus bus;
    struct region a, b;
    struct probe_dev dev;
};

static void make_region(struct region *r, const char *name, uint64_t base)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->kind = REGION_DRAM;
    r->base = base;
    r->size = RAM_SIZE;
    r->mem = calloc(1, RAM_SIZE);
    r->durable = r->mem;
}

static int setup(void **state)
{
    struct bfx *f = calloc(1, sizeof *f);
    const char *why = NULL;
    bus_init(&f->bus);
    make_region(&f->a, "a", RAM_A_BASE);
    make_region(&f->b, "b", RAM_B_BASE);
    assert_int_equal(bus_add_region(&f->bus, &f->a, &why), 0);
    assert_int_equal(bus_add_region(&f->bus, &f->b, &why), 0);
    assert_int_equal(bus_add_device(&f->bus, DEV_BASE, DEV_SIZE, &probe_ops, &f->dev,
                                    "probe", &why), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct bfx *f = *state;
    free(f->a.mem);
    free(f->b.mem);
    free(f);
    return 0;
}

static void test_bus_add_rejects_overlap(void **state)
{
    struct bfx *f = *state;
    struct region c;
    const char *why = NULL;
    make_region(&c, "c", RAM_A_BASE + RAM_SIZE - 0x1000);   /* tail of a, head of b */
    assert_int_equal(bus_add_region(&f->bus, &c, &why), -1);
    assert_non_null(why);
    why = NULL;
    assert_int_equal(bus_add_device(&f->bus, DEV_BASE + 0x80, 0x1000, &probe_ops,
                                    &f->dev, "clash", &why), -1);
    assert_non_null(why);
    assert_int_equal(f->bus.nregions, 2);
    assert_int_equal(f->bus.nranges, 3);
    free(c.mem);
}

static void test_bus_add_sets_region_index(void **state)
{
    struct bfx *f = *state;
    assert_int_equal(f->a.index, 0);
    assert_int_equal(f->b.index, 1);
    assert_ptr_equal(f->bus.regions[1], &f->b);
}

static void test_bus_region_lookup_bounds(void **state)
{
    struct bfx *f = *state;
    assert_ptr_equal(bus_region(&f->bus, RAM_A_BASE, 8), &f->a);
    assert_ptr_equal(bus_region(&f->bus, RAM_A_BASE + RAM_SIZE - 8, 8), &f->a);
    assert_ptr_equal(bus_region(&f->bus, RAM_B_BASE, 1), &f->b);
    /* Straddling two adjacent regions belongs to neither. */
    assert_null(bus_region(&f->bus, RAM_A_BASE + RAM_SIZE - 4, 8));
    assert_null(bus_region(&f->bus, RAM_A_BASE - 1, 1));
    assert_null(bus_region(&f->bus, RAM_B_BASE + RAM_SIZE, 1));
    /* A device range is not memory. */
    assert_null(bus_region(&f->bus, DEV_BASE, 1));
    const struct bus_range *r = bus_find(&f->bus, DEV_BASE + 5, 1);
    assert_non_null(r);
    assert_ptr_equal(r->ops, &probe_ops);
    assert_null(bus_find(&f->bus, DEV_BASE + DEV_SIZE - 2, 4));
    /* Near the top of the address space nothing wraps around. */
    assert_null(bus_find(&f->bus, UINT64_MAX, 8));
}

static void test_bus_ram_read_write_little_endian(void **state)
{
    struct bfx *f = *state;
    uint64_t v = 0;
    assert_int_equal(bus_write(&f->bus, RAM_A_BASE + 0x100, 8, 0x0807060504030201ull), BUS_OK);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(f->a.mem[0x100 + i], i + 1);
    assert_int_equal(bus_read(&f->bus, RAM_A_BASE + 0x102, 2, &v), BUS_OK);
    assert_int_equal(v, 0x0403);
    /* A narrow store changes only its bytes. */
    assert_int_equal(bus_write(&f->bus, RAM_A_BASE + 0x101, 1, 0xffffffffffffffaaull), BUS_OK);
    assert_int_equal(bus_read(&f->bus, RAM_A_BASE + 0x100, 4, &v), BUS_OK);
    assert_int_equal(v, 0x0403aa01);
    /* The slow path takes misaligned RAM accesses inside one region. */
    assert_int_equal(bus_read(&f->bus, RAM_A_BASE + 0x103, 4, &v), BUS_OK);
    assert_int_equal(v, 0x07060504);
}

static void test_bus_ram_counts_nothing(void **state)
{
    struct bfx *f = *state;
    uint64_t v;
    bus_write(&f->bus, RAM_B_BASE, 8, 1);
    bus_read(&f->bus, RAM_B_BASE, 8, &v);
    assert_int_equal(f->b.stats.reads, 0);
    assert_int_equal(f->b.stats.writes, 0);
    assert_int_equal(f->b.stats.read_bytes + f->b.stats.write_bytes, 0);
}

static void test_bus_device_gets_relative_offset_and_size(void **state)
{
    struct bfx *f = *state;
    uint64_t v = 0;
    assert_int_equal(bus_write(&f->bus, DEV_BASE + 0x10, 4, 0xffffffff12345678ull), BUS_OK);
    assert_int_equal(f->dev.writes, 1);
    assert_int_equal(f->dev.off, 0x10);
    assert_int_equal(f->dev.size, 4);
    assert_int_equal(f->dev.val, 0x12345678);      /* trimmed to the access size */
    assert_int_equal(bus_read(&f->bus, DEV_BASE + 0x2, 2, &v), BUS_OK);
    assert_int_equal(f->dev.off, 2);
    assert_int_equal(v, 0x7788);
    assert_int_equal(bus_read(&f->bus, DEV_BASE + 0x8, 8, &v), BUS_OK);
    assert_int_equal(v, 0x1122334455667788ull);
}

static void test_bus_faults_on_holes_bad_sizes_and_misaligned_mmio(void **state)
{
    struct bfx *f = *state;
    uint64_t v = 0;
    assert_int_equal(bus_read(&f->bus, 0x40000000, 4, &v), BUS_FAULT);
    assert_int_equal(bus_write(&f->bus, 0x40000000, 4, 0), BUS_FAULT);
    assert_int_equal(bus_read(&f->bus, DEV_BASE + 2, 4, &v), BUS_FAULT);
    assert_int_equal(bus_write(&f->bus, DEV_BASE + 1, 2, 0), BUS_FAULT);
    assert_int_equal(bus_read(&f->bus, RAM_A_BASE, 3, &v), BUS_FAULT);
    assert_int_equal(f->dev.reads + f->dev.writes, 0);
}

static void test_bus_host_ptr_only_for_ram(void **state)
{
    struct bfx *f = *state;
    assert_ptr_equal(bus_host_ptr(&f->bus, RAM_B_BASE + 0x40, 16), f->b.mem + 0x40);
    assert_null(bus_host_ptr(&f->bus, DEV_BASE, 1));
    assert_null(bus_host_ptr(&f->bus, RAM_B_BASE - 8, 16));
    assert_null(bus_host_ptr(&f->bus, RAM_A_BASE, RAM_SIZE + 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bus_add_rejects_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_add_sets_region_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_region_lookup_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_ram_read_write_little_endian, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_ram_counts_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_device_gets_relative_offset_and_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_faults_on_holes_bad_sizes_and_misaligned_mmio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_host_ptr_only_for_ram, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
