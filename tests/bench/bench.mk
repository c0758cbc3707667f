# tests/bench: simulator speed (`make bench`).  Programs of two kinds, each
# linked twice by tests/bench/bench.ld: NAME.elf with its data on pages of
# its own, NAME-samepage.elf with the data (the stack first) right after the
# code, on the code's last page.  tests/bench/bench.sh times them on simscm
# --timing off, --timing on and on QEMU, and a guest OS session.  Never part
# of make test; tests/pin reuses the programs at a small SCALE.
#   compute.S memory.S   our own compute-bound and memory-heavy loops
#   hash.c interp.c ptrchase.c string.c muldiv.c
#                        the shapes of real code: hashing (shifts, rotates,
#                        many registers), a bytecode interpreter (branchy,
#                        indirect jumps), pointer chasing, memcpy/strings,
#                        multiply/divide
include tests/bench/rules.mk
BENCH_ASM    := compute memory
BENCH_C      := hash interp ptrchase string muldiv
BENCH_NAMES  := $(BENCH_ASM) $(BENCH_C)
BENCH_ELFS   := $(BENCH_NAMES:%=$(BUILD)/tests/bench/%.elf)
BENCH_SAME   := $(BENCH_NAMES:%=$(BUILD)/tests/bench/%-samepage.elf)

BB := $(BUILD)/tests/bench
$(foreach p,$(BENCH_C),\
    $(eval $(call bench_c_rule,$(BB)/$(p).elf,$(p),4096,))\
    $(eval $(call bench_c_rule,$(BB)/$(p)-samepage.elf,$(p),16,)))
$(foreach p,$(BENCH_ASM),\
    $(eval $(call bench_asm_rule,$(BB)/$(p).elf,$(p),4096,))\
    $(eval $(call bench_asm_rule,$(BB)/$(p)-samepage.elf,$(p),16,)))

# The guest OS session: boot, a workload set typed at the shell, shutdown.
BENCH_GUEST_INPUT := tests/bench/guest.input

.PHONY: bench-run
bench-run: $(BENCH_ELFS) $(BENCH_SAME) $(SIMSCM) $(GUEST_TARGETS)
	@echo "== bench: simulated MIPS, simscm and $(QEMU)"
	@GUEST_INPUT=$(BENCH_GUEST_INPUT) tests/bench/bench.sh $(SIMSCM) $(QEMU) \
	    $(BUILD)/tests/bench/out $(BENCH_ELFS) guest

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
-include $(wildcard $(BUILD)/tests/bench/*.elf.d)
