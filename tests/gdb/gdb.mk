# tests/gdb -- the gdb stub (--gdb) driven by gdb-multiarch in batch mode on
# the guest kernel: breakpoints, stepping, registers, CSRs, a watchpoint,
# a power cycle with stop-on-power-on, determinism, bad ports
# (tests/gdb/run.sh; docs/debugging.md).
.PHONY: test-gdb
TEST_TARGETS += test-gdb

test-gdb: $(SIMSCM) guest
	@tests/gdb/run.sh $(SIMSCM) $(BUILD)/guestos/kernel.elf $(BUILD)/tests/gdb
