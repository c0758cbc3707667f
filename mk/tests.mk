# Tests.  Each suite lives in its own fragment beside its sources and adds its
# phony target to TEST_TARGETS; `make test-run` (what `make test` runs once
# the packages are in) runs them all, in order.
TEST_TARGETS :=
-include tests/unit/unit.mk
-include tests/cli/cli.mk
-include tests/isa/isa.mk
-include tests/disasm/disasm.mk
-include tests/golden/golden.mk
-include tests/monitor/monitor.mk
-include tests/mem/mem.mk
-include tests/power/power.mk
-include tests/virtio/virtio.mk
-include tests/guest/guest.mk
-include tests/experiments/experiments.mk
-include tests/slurm/slurm.mk
-include tests/gdb/gdb.mk
-include tests/display/display.mk
-include tests/boot/boot.mk
-include tests/labs/labs.mk
-include tests/docs/docs.mk
-include tests/fuzz/fuzz.mk
-include tests/rand/rand.mk
-include tests/pin/pin.mk

# The unit tests once more under AddressSanitizer and UBSan (style: SAN=1).
ifneq ($(SAN),1)
TEST_TARGETS += test-san
endif
.PHONY: test-san
test-san:
	@$(MAKE) --no-print-directory SAN=1 test-unit

.PHONY: test-run
test-run: all
	@pass=0; fail=0; failed=""; \
	for t in $(TEST_TARGETS); do \
	    if $(MAKE) --no-print-directory $$t; then pass=$$((pass + 1)); \
	    else fail=$$((fail + 1)); failed="$$failed $$t"; fi; \
	done; \
	[ -z "$$failed" ] || echo "make test: failed suites:$$failed"; \
	echo "suites: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
