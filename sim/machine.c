/*
 * machine.c -- building and running one machine (see machine.h).
 *
 * The devices come from one table, in creation order: the interrupt
 * controller first (the one device with an irq_source op), since the other
 * devices' interrupt lines lead to it, and the lines into the hart exist
 * before any device does.  A new device is one row here and one file in
 * sim/devices/; nothing in sim/cpu/ changes, and nothing here names a
 * device: each reads its config in init and reports its stats and takes
 * power phases through its dev_ops.
 *
 * The run loop is the only place that turns device requests into actions:
 * a device callback runs inside an instruction, so it only records what it
 * wants (machine_request) and kicks the clock; the hart returns at the next
 * instruction boundary and the loop acts there.  Power cycles are events on
 * the clock (sim/power.c); while the machine is off the loop does not run
 * the hart but moves the clock from event to event until the power-on.
 *
 * Power: the machine powers on at machine_boot (DRAM gets seeded garbage,
 * SCM's CPU view is reloaded from its durable view) and at every power-on
 * after a cut (machine_power_on), and off at every cut (machine_cut) and at
 * the end of the run, whatever ended it.  A cut loses dirty cache lines
 * unless [power] flush_on_fail models a platform that writes them back with
 * its residual energy.  At the end the SCM images are synced.
 */
#include "machine.h"
#include "exitcodes.h"
#include "elfload.h"
#include "devtree.h"
#include "json.h"
#include "platform.h"
#include "cpu/hart.h"
#include "mem/region.h"
#include "mem/timing.h"
#include "devices/console.h"
#include "gdbstub.h"
#include "monitor.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *name;
    const struct dev_ops *ops;
    uint64_t base, size;
    int irq;                    /* PLIC source, 0 for none */
} dev_table[] = {
    { "plic",     &plic_ops,     PLAT_PLIC_BASE,     PLAT_PLIC_SIZE,     0 },
    { "clint",    &clint_ops,    PLAT_CLINT_BASE,    PLAT_CLINT_SIZE,    0 },
    { "uart0",    &uart_ops,     PLAT_UART0_BASE,    PLAT_UART0_SIZE,    PLAT_UART0_IRQ },
    { "finisher", &finisher_ops, PLAT_FINISHER_BASE, PLAT_FINISHER_SIZE, 0 },
    { "reqchan",  &reqchan_ops,  PLAT_REQCHAN_BASE,  PLAT_REQCHAN_SIZE,  PLAT_REQCHAN_IRQ },
    { "power",    &power_ops,    PLAT_POWER_BASE,    PLAT_POWER_SIZE,    PLAT_POWER_IRQ },
    { "watchdog", &watchdog_ops, PLAT_WATCHDOG_BASE, PLAT_WATCHDOG_SIZE, 0 },
    { "bugtrig",  &bugtrig_ops,  PLAT_BUGTRIG_BASE,  PLAT_BUGTRIG_SIZE,  0 },
    /* All eight virtio-mmio slots; slot 0 holds the disk ([disk] image). */
    { "virtio",   &virtio_blk_ops, PLAT_VIRTIO0_BASE, PLAT_VIRTIO_STRIDE * PLAT_VIRTIO_COUNT,
      PLAT_VIRTIO0_IRQ },
};
#define NDEVS (sizeof dev_table / sizeof dev_table[0])
_Static_assert(NDEVS <= MACHINE_MAX_DEVS, "raise MACHINE_MAX_DEVS");

static void console_quit(void *opaque)
{
    machine_request(opaque, MACHINE_REQ_QUIT, 0);
}

static void time_limit(void *opaque, uint64_t now)
{
    machine_request(opaque, MACHINE_REQ_TIME_LIMIT, 0);
}

/* Ctrl-A p: the power button (warned); Ctrl-A k: a sudden cut. */
static void console_power(void *opaque, bool sudden)
{
    struct machine *m = opaque;
    psu_fail(&m->psu, sudden ? CAUSE_CONSOLE : CAUSE_BUTTON, sudden);
}

int machine_build(struct machine *m, const struct config *cfg, const struct machine_opts *o)
{
    const char *why;
    memset(m, 0, sizeof *m);
    m->cfg = cfg;
    if (o->boot) {
        m->boot = *o->boot;
    } else if (boot_add(&m->boot, BOOT_ROLE_PROGRAM, o->elf_path) < 0) {
        return EXIT_USAGE;
    }
    m->elf_path = o->elf_path;
    m->max_insns = cfg->max_insns;
    clock_init(&m->clk, (uint64_t)cfg->cpu.freq_mhz * 1000000);
    bus_init(&m->bus);
    if (evlog_open(&m->evlog, o->events_path) < 0)
        return EXIT_USAGE;
    psu_init(&m->psu, m);

    for (int i = 0; i < cfg->nregions; i++) {
        struct region *r = &m->regions[i];
        if (region_create(r, &cfg->regions[i], cfg->cpu.timing) < 0)
            return EXIT_USAGE;
        m->nregions = i + 1;
        if (bus_add_region(&m->bus, r, &why) < 0) {
            fprintf(stderr, "simscm: region %s: %s\n", r->name, why);
            return EXIT_USAGE;
        }
    }

    m->mrom = calloc(1, PLAT_MROM_SIZE);
    if (!m->mrom)
        abort();
    if (bus_add_rom(&m->bus, PLAT_MROM_BASE, PLAT_MROM_SIZE, m->mrom, "mrom", &why) < 0) {
        fprintf(stderr, "simscm: reset ROM: %s\n", why);
        return EXIT_USAGE;
    }

    m->hart = hart_new(&m->bus, &m->clk, 0);
    m->msip = (struct irq_line){ hart_irq_cb, m->hart, MIP_MSIP };
    m->mtip = (struct irq_line){ hart_irq_cb, m->hart, MIP_MTIP };
    m->meip = (struct irq_line){ hart_irq_cb, m->hart, MIP_MEIP };
    m->seip = (struct irq_line){ hart_irq_cb, m->hart, MIP_SEIP };
    struct trace_opts to = { .insn_f = o->trace };
    trace_init(&m->tracer, o->trace_opts ? o->trace_opts : &to, m->hart, &m->clk);
    trace_attach_evlog(&m->tracer, &m->evlog);

    /* A monitor reading piped commands from stdin owns stdin: the console
     * gets --input or nothing. */
    bool stdin_taken = o->monitor && !strcmp(o->monitor, "stdio") && !isatty(STDIN_FILENO);
    struct console_opts co = {
        .out = o->out,
        .input = o->input_path ? CONSOLE_IN_SCRIPT :
                 stdin_taken ? CONSOLE_IN_NONE :
                 o->window_keys ? CONSOLE_IN_KEYS : CONSOLE_IN_STDIN,
        .script_path = o->input_path,
        .in_fd = STDIN_FILENO,
        .input_gap_us = cfg->console.input_gap_us,
    };
    m->console = calloc(1, sizeof *m->console);
    if (!m->console)
        abort();
    if (console_init(m->console, &m->clk, &co) < 0)
        return EXIT_USAGE;
    console_set_idle_flag(m->console, &m->hart->wfi);
    console_set_quit(m->console, console_quit, m);
    console_set_power(m->console, console_power, m);
    if (!(m->mon = monitor_new(m, o->monitor, o->out ? o->out : stdout)))
        return EXIT_USAGE;
    console_set_monitor(m->console, monitor_request, m->mon);

    const struct machine_dev *intc = NULL;
    for (size_t i = 0; i < NDEVS; i++) {
        struct irq_line irq = { 0 };
        if (dev_table[i].irq) {
            if (!intc)
                abort();        /* dev_table: the interrupt controller comes first */
            irq = intc->ops->irq_source(intc->state, dev_table[i].irq);
        }
        struct machine_dev *d = &m->devs[m->ndevs];
        d->name = dev_table[i].name;
        d->ops = dev_table[i].ops;
        d->base = dev_table[i].base;
        d->size = dev_table[i].size;
        d->irq = dev_table[i].irq;
        d->state = d->ops->init(m, d->base, irq);
        m->ndevs++;
        if (d->ops->irq_source && !intc)
            intc = d;
        if (bus_add_device(&m->bus, d->base, d->size, d->ops, d->state, d->name, &why) < 0) {
            fprintf(stderr, "simscm: device %s: %s\n", d->name, why);
            return EXIT_USAGE;
        }
    }

    m->timing = timing_new(cfg, &m->bus);
    hart_set_timing(m->hart, m->timing, cfg);
    fault_init(&m->faults, m, o->faults, o->nfaults);
    m->gdb = o->gdb;
    if (m->gdb)
        gdbstub_attach(m->gdb, m);
    if (cfg->max_time_us) {
        m->time_limit_ev = (struct event){ .fn = time_limit, .opaque = m, .name = "max-time" };
        event_schedule(&m->clk, &m->time_limit_ev,
                       clock_ns_to_cycles(&m->clk, cfg->max_time_us * 1000));
    }
    return 0;
}

/* The platform writes the device tree at every boot, warm resets included,
 * so a1 always points at a valid tree whatever the guest did to the
 * reserved pages. */
static void place_fdt(struct machine *m)
{
    struct region *r = bus_region(&m->bus, m->fdt_addr, m->fdt_size);
    region_load(r, m->fdt_addr, m->fdt, m->fdt_size);
}

/* With a firmware the hart runs the reset ROM, which sets a0, a1, a2 and
 * jumps; without one it starts at the program with a0 and a1 set alike. */
static void hart_start(struct machine *m)
{
    if (boot_via_rom(&m->boot)) {
        hart_reset(m->hart, PLAT_MROM_BASE);
        return;
    }
    hart_reset(m->hart, m->entry);
    m->hart->x[10] = m->hart->mhartid;      /* a0: hart id */
    m->hart->x[11] = m->fdt_addr;           /* a1: device tree */
}

/* The DRAM garbage of power-on number `boot` (the first is 1 and uses the
 * seed itself, so runs without power cycles keep the garbage they had). */
static uint64_t boot_seed(uint64_t seed, uint32_t boot)
{
    if (boot <= 1)
        return seed;
    uint64_t z = seed + boot * 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The instruction limit: --max-insns, the next instruction-count fault,
 * the trace window's edge or the monitor's stop, whichever comes first. */
static void update_insn_limit(struct machine *m)
{
    uint64_t lim = m->max_insns ? m->max_insns : UINT64_MAX;
    uint64_t f = fault_next_insn(&m->faults);
    uint64_t t = trace_next_insn(&m->tracer);
    uint64_t s = monitor_next_insn(m->mon);
    lim = f < lim ? f : lim;
    lim = t < lim ? t : lim;
    m->hart->insn_limit = s < lim ? s : lim;
}

/* The hart stopped at its instruction limit: whose stop was it?  True if a
 * fault, the trace window or the monitor took it (so the run goes on). */
static bool insn_stop_taken(struct machine *m)
{
    uint64_t n = m->hart->instret;
    bool taken = fault_insn_due(&m->faults, n) > 0;
    taken |= trace_insn_due(&m->tracer, n);
    taken |= monitor_insn_due(m->mon, n);
    return taken;
}

int machine_boot(struct machine *m)
{
    const struct config *cfg = m->cfg;
    bool restored = false;
    for (int i = 0; i < m->nregions; i++) {
        if (region_power_on(&m->regions[i], boot_seed(cfg->seed, 1)) < 0)
            return EXIT_HOST;
        restored |= m->regions[i].restored;
    }

    uint64_t reserved;
    if (devtree_layout_fw(cfg, boot_via_rom(&m->boot), &m->fdt, &m->fdt_size, &m->fdt_addr,
                          &reserved) < 0)
        return EXIT_USAGE;
    struct boot_chunk chunks[BOOT_MAX_CHUNKS];
    int nchunks;
    if (boot_check(&m->boot, &m->bus, m->fdt_addr, reserved) < 0 ||
        boot_load(&m->boot, &m->bus, chunks, &nchunks) < 0)
        return EXIT_USAGE;
    m->entry = boot_start_addr(&m->boot);
    for (int i = 0; i < nchunks; i++) {
        const struct boot_chunk *c = &chunks[i];
        struct region *r = bus_region(&m->bus, c->start, c->end - c->start);
        if (!c->copied || !r || r->kind != REGION_DRAM)
            continue;
        struct machine_rom *rom = &m->rom[m->nrom++];
        rom->pa = c->start;
        rom->len = c->end - c->start;
        rom->bytes = malloc(rom->len);
        if (!rom->bytes)
            abort();
        memcpy(rom->bytes, r->mem + (c->start - r->base), rom->len);
    }
    boot_rom_build(m->mrom, m->entry, m->fdt_addr, boot_next_addr(&m->boot));

    place_fdt(m);
    hart_start(m);
    update_insn_limit(m);
    psu_first_power_on(&m->psu, restored ? BOOT_RESTORED : BOOT_COLD);
    return 0;
}

void machine_power_phase(struct machine *m, enum power_phase phase)
{
    for (int i = 0; i < m->ndevs; i++)
        if (m->devs[i].ops->power)
            m->devs[i].ops->power(m->devs[i].state, phase);
}

static void reset_devices(struct machine *m)
{
    for (int i = 0; i < m->ndevs; i++)
        m->devs[i].ops->reset(m->devs[i].state);
}

void machine_cut(struct machine *m, uint64_t *lost, uint64_t *flushed)
{
    *lost = *flushed = 0;
    if (m->timing) {
        if (m->cfg->power.flush_on_fail)
            *flushed = timing_writeback_all(m->timing);
        *lost = timing_invalidate_all(m->timing);
    }
    machine_power_phase(m, POWER_CUT);
    reset_devices(m);
}

/* Load the kept DRAM images again (power-on, and a firmware's reset). */
static void reload_images(struct machine *m)
{
    for (int i = 0; i < m->nrom; i++) {
        struct region *r = bus_region(&m->bus, m->rom[i].pa, m->rom[i].len);
        region_load(r, m->rom[i].pa, m->rom[i].bytes, m->rom[i].len);
    }
    m->bus.code_gen++;
}

void machine_power_on(struct machine *m, uint32_t boot)
{
    /* The garbage templates exist since the first power-on, so only a
     * failed mmap could stop this: the host is out of memory. */
    for (int i = 0; i < m->nregions; i++)
        if (region_power_on(&m->regions[i], boot_seed(m->cfg->seed, boot)) < 0)
            abort();
    reload_images(m);
    machine_power_phase(m, POWER_ON);
    reset_devices(m);
    place_fdt(m);
    hart_start(m);
    if (m->gdb)
        gdbstub_power_on(m->gdb);
}

/* The finisher's 0x7777: hart and devices start over, memory stays (QEMU
 * would reload the program image too; simscm does not, so a program's data
 * and everything in DRAM survive a warm reset, as on real hardware).  A
 * firmware run is the exception: OpenSBI keeps its boot-hart lottery in
 * .data and would never come back up, so its images are loaded again, as
 * QEMU does at every reset. */
static void warm_reset(struct machine *m)
{
    if (boot_via_rom(&m->boot))
        reload_images(m);
    m->req = MACHINE_REQ_NONE;
    m->resets++;
    evlog_begin(&m->evlog, psu_now_ns(&m->psu), "reset");
    evlog_str(&m->evlog, "kind", "warm");
    evlog_end(&m->evlog);
    reset_devices(m);
    place_fdt(m);
    hart_start(m);
}

int machine_run(struct machine *m)
{
    struct hart *h = m->hart;
    const char *note = NULL;
    console_start(m->console);
    clock_rearm(&m->clk);
    for (;;) {
        enum hart_stop stop = HART_DEADLINE;
        if (m->gdb)
            gdbstub_serve(m->gdb);          /* blocks while gdb holds the machine */
        if (monitor_pending(m->mon)) {
            /* The machine stands still while the monitor runs. */
            monitor_enter(m->mon);
            update_insn_limit(m);
            clock_rearm(&m->clk);
            if (m->req != MACHINE_REQ_NONE)
                clock_kick(&m->clk);        /* quit */
        }
        if (m->psu.on) {
            stop = hart_run(h);
            if (m->gdb)
                stop = gdbstub_after_run(m->gdb, stop);
        } else {
            /* Off: nothing runs; time moves to the next event, the power-on
             * at the latest. */
            if (m->clk.deadline == UINT64_MAX)
                abort();
            if (m->clk.deadline > m->clk.cycle)
                m->clk.cycle = m->clk.deadline;
        }
        clock_run_due(&m->clk);
        if (m->ui_tick)
            m->ui_tick(m->ui_opaque);
        if (stop == HART_INSN_LIMIT && insn_stop_taken(m)) {
            update_insn_limit(m);
            if (h->instret < h->insn_limit)
                stop = HART_DEADLINE;
        }
        if (m->req == MACHINE_REQ_RESET) {
            warm_reset(m);
            clock_rearm(&m->clk);
            continue;
        }
        if (m->req == MACHINE_REQ_EXIT) {
            m->exit_reason = m->req_code ? "guest-fail" : "guest-pass";
            m->exit_code = m->req_code;
            break;
        }
        if (m->req == MACHINE_REQ_TIME_LIMIT) {
            m->exit_reason = "max-time";
            m->exit_code = EXIT_INSN_LIMIT;
            note = "stopped: the time limit (--max-time) was reached";
            break;
        }
        if (m->req == MACHINE_REQ_QUIT) {
            m->exit_reason = "quit";
            m->exit_code = EXIT_PASS;
            note = m->gdb_killed ? "killed by gdb" :
                   m->ui_tick ? "quit (Ctrl-A x or the window closed)" : "quit (Ctrl-A x)";
            break;
        }
        if (stop == HART_INSN_LIMIT) {
            m->exit_reason = "max-insns";
            m->exit_code = EXIT_INSN_LIMIT;
            note = "stopped: the instruction limit (--max-insns) was reached";
            break;
        }
        if (stop == HART_TRAP_LOOP) {
            m->exit_reason = "trap-loop";
            m->exit_code = EXIT_INSN_LIMIT;
            note = "stopped: the guest is stuck, trapping again and again without running an instruction";
            break;
        }
        if (stop == HART_IDLE_FOREVER) {
            m->exit_reason = "idle-forever";
            m->exit_code = EXIT_INSN_LIMIT;
            note = "stopped: the guest waits for an interrupt (WFI) that nothing can raise";
            break;
        }
        clock_rearm(&m->clk);
    }
    monitor_at_end(m->mon, m->exit_reason);
    console_stop(m->console);
    if (m->gdb) {
        gdbstub_close(m->gdb, m->exit_code);
        m->gdb = NULL;
    }
    evlog_begin(&m->evlog, psu_now_ns(&m->psu), "run_end");
    evlog_str(&m->evlog, "reason", m->exit_reason);
    evlog_u64(&m->evlog, "code", (uint64_t)m->exit_code);
    evlog_u64(&m->evlog, "instret", h->instret);
    evlog_end(&m->evlog);
    if (note)
        fprintf(stderr, "simscm: %s after %llu instructions\n", note,
                (unsigned long long)h->instret);
    return m->exit_code;
}

int machine_power_off(struct machine *m)
{
    int rc = 0;
    if (m->powered_off)
        return 0;
    m->powered_off = true;
    psu_finish(&m->psu);
    if (evlog_close(&m->evlog) < 0)
        rc = EXIT_HOST;
    if (m->timing && m->psu.on) {
        if (m->cfg->power.flush_on_fail)
            timing_writeback_all(m->timing);
        /* What is still dirty now is lost: that is the point of SCM
         * behind write-back caches. */
        timing_invalidate_all(m->timing);
    }
    for (int i = 0; i < m->nregions; i++)
        if (region_sync(&m->regions[i]) < 0)
            rc = EXIT_HOST;
    return rc;
}

void machine_stats_json(struct machine *m, FILE *f)
{
    struct json j;
    const struct hart *h = m->hart;
    uint64_t cycles = m->clk.cycle;
    json_init(&j, f);
    json_object_begin(&j, NULL);
    config_to_json(m->cfg, &j);

    json_object_begin(&j, "core");
    json_u64(&j, "cycles", cycles);
    json_u64(&j, "instret", h->instret);
    json_double(&j, "ipc", cycles ? (double)h->instret / (double)cycles : 0.0);
    json_double(&j, "sim_seconds", (double)cycles / (double)m->clk.freq_hz);
    json_u64(&j, "freq_mhz", m->cfg->cpu.freq_mhz);
    json_bool(&j, "timing", m->timing != NULL);
    json_object_end(&j);

    hart_stats_json(h, &j);

    json_object_begin(&j, "regions");
    for (int i = 0; i < m->nregions; i++)
        region_stats_json(&m->regions[i], &j);
    json_object_end(&j);

    if (m->timing)
        timing_stats_json(m->timing, &j);

    json_object_begin(&j, "devices");
    json_u64(&j, "guest_errors", dev_guest_error_count());
    json_object_begin(&j, "uart");
    json_u64(&j, "tx_bytes", m->console->tx_bytes);
    json_u64(&j, "rx_bytes", m->console->rx_bytes);
    json_object_end(&j);
    for (int i = 0; i < m->ndevs; i++)
        if (m->devs[i].ops->stats_json)
            m->devs[i].ops->stats_json(m->devs[i].state, &j);
    json_object_end(&j);

    psu_stats_json(&m->psu, &j);
    fault_stats_json(&m->faults, &j);
    json_object_begin(&j, "events");
    json_u64(&j, "logged", m->evlog.lines);
    for (int i = 0; i < m->evlog.nkinds; i++)
        json_u64(&j, m->evlog.kinds[i].kind, m->evlog.kinds[i].count);
    json_object_end(&j);

    json_object_begin(&j, "exit");
    json_str(&j, "reason", m->exit_reason ? m->exit_reason : "none");
    json_i64(&j, "code", m->exit_code);
    json_u64(&j, "warm_resets", m->resets);
    json_object_end(&j);

    json_object_end(&j);
    json_finish(&j);
}

void machine_free(struct machine *m)
{
    gdbstub_close(m->gdb, 0);
    m->gdb = NULL;
    monitor_free(m->mon);
    m->mon = NULL;
    fault_free(&m->faults);
    event_cancel(&m->clk, &m->time_limit_ev);
    event_cancel(&m->clk, &m->psu.cut_ev);
    event_cancel(&m->clk, &m->psu.on_ev);
    evlog_close(&m->evlog);
    for (int i = m->ndevs - 1; i >= 0; i--)
        m->devs[i].ops->free(m->devs[i].state);
    m->ndevs = 0;
    if (m->console) {
        console_free(m->console);
        free(m->console);
        m->console = NULL;
    }
    if (m->timing)
        timing_free(m->timing);
    m->timing = NULL;
    if (m->hart) {
        event_cancel(&m->clk, &m->hart->stimecmp_ev);  /* Sstc's timer */
        hart_free(m->hart);
    }
    m->hart = NULL;
    for (int i = 0; i < m->nregions; i++)
        region_destroy(&m->regions[i]);
    m->nregions = 0;
    free(m->fdt);
    m->fdt = NULL;
    for (int i = 0; i < m->nrom; i++)
        free(m->rom[i].bytes);
    m->nrom = 0;
    free(m->mrom);
    m->mrom = NULL;
}
