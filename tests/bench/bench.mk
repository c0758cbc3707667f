# tests/bench: simulator speed (`make bench`).  Two programs of our own, a
# compute-bound one and a memory-heavy one, timed on simscm --timing off,
# --timing on and on QEMU by tests/bench/bench.sh.  Never part of make test.
BENCH_SRCS := tests/bench/compute.S tests/bench/memory.S
BENCH_ELFS := $(BENCH_SRCS:tests/bench/%.S=$(BUILD)/tests/bench/%.elf)

$(BUILD)/tests/bench/%.elf: tests/bench/%.S tests/bench/print.inc $(ISA_LD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -Itests/bench $(ISA_LDFLAGS) $< -o $@

.PHONY: bench-run
bench-run: $(BENCH_ELFS) $(SIMSCM)
	@echo "== bench: simulated MIPS, simscm and $(QEMU)"
	@tests/bench/bench.sh $(SIMSCM) $(QEMU) $(BUILD)/tests/bench/out $(BENCH_ELFS)

BENCH_TARGETS += bench-run

# Power cycles per host second: tests/bench/powercycle.S with 0 and with 64
# pages of DRAM and of SCM touched per power-on.
PCYCLE_PAGES := 0 64
PCYCLE_ELFS := $(PCYCLE_PAGES:%=$(BUILD)/tests/bench/powercycle-%.elf)

$(BUILD)/tests/bench/powercycle-%.elf: tests/bench/powercycle.S tests/bench/print.inc $(ISA_LD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -DPAGES=$* -Itests/bench $(ISA_LDFLAGS) $< -o $@

.PHONY: bench-powercycle
bench-powercycle: $(PCYCLE_ELFS) $(SIMSCM)
	@echo "== bench: power cycles per host second"
	@tests/bench/powercycle.sh $(SIMSCM) $(BUILD)/tests/bench/out $(PCYCLE_ELFS)

BENCH_TARGETS += bench-powercycle
