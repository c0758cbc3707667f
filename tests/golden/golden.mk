# tests/golden: short programs whose --trace output and console are diffed
# against tests/golden/expected/; `make bless-golden` rewrites those files
# from the current simscm (read the new traces first).  variants.txt adds the
# trace filters and the event trace on the same programs, and guest-events.sh
# checks a guest run's event trace for page migrations.  See docs/testing.md
# and docs/tracing.md.
GOLDEN_SRCS := $(sort $(wildcard tests/golden/*.S))
GOLDEN_ELFS := $(GOLDEN_SRCS:tests/golden/%.S=$(BUILD)/tests/golden/%.elf)

$(BUILD)/tests/golden/%.elf: tests/golden/%.S $(ISA_LD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -MMD -MP $(ISA_LDFLAGS) $< -o $@

.PHONY: test-golden bless-golden
test-golden: $(GOLDEN_ELFS) $(SIMSCM) guest
	@echo "== test-golden: traces against tests/golden/expected"
	@tests/golden/run.sh check $(SIMSCM) $(BUILD)/tests/golden/out $(GOLDEN_ELFS)
	@tests/golden/guest-events.sh $(SIMSCM) $(BUILD)/tests/golden/out

bless-golden: $(GOLDEN_ELFS) $(SIMSCM)
	@tests/golden/run.sh bless $(SIMSCM) $(BUILD)/tests/golden/out $(GOLDEN_ELFS)

TEST_TARGETS += test-golden
-include $(GOLDEN_ELFS:.elf=.d)
