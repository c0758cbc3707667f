# tests/power -- power cycles inside one run, seen from bare-metal guest
# programs: the power-fail warning and the button, what SCM and DRAM hold
# after a cut, the watchdog, 1,000 cycles in one run, fault injection at a
# time and at an instruction, the event log, and bad fault specs and register
# writes.  `make test-power` runs them (tests/power/run.sh); docs/testing.md
# describes the checks.  The 1,000-cycle check also runs under the ASan build
# (build/san/simscm), made here by a recursive `make SAN=1`.

POWER_TEST_DIR   := tests/power
POWER_TEST_BUILD := $(BUILD)/tests/power
POWER_TEST_ELFS  := $(addprefix $(POWER_TEST_BUILD)/, warn.elf button.elf durable.elf \
                      dram.elf wdog.elf kick.elf spin.elf bug.elf regerr.elf \
                      cycles-100.elf cycles-1000.elf)
POWER_TEST_LDFLAGS := -T $(POWER_TEST_DIR)/link.ld -Wl,--no-warn-rwx-segments

$(POWER_TEST_BUILD)/%.elf: $(POWER_TEST_DIR)/%.c $(POWER_TEST_DIR)/crt0.S \
                           $(POWER_TEST_DIR)/power.h $(POWER_TEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -MF $@.d $(POWER_TEST_LDFLAGS) \
	    $(POWER_TEST_DIR)/crt0.S $< -o $@

# cycles.c, once per number of power cycles.
$(POWER_TEST_BUILD)/cycles-%.elf: $(POWER_TEST_DIR)/cycles.c $(POWER_TEST_DIR)/crt0.S \
                                  $(POWER_TEST_DIR)/power.h $(POWER_TEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -DCYCLES=$* -MF $@.d $(POWER_TEST_LDFLAGS) \
	    $(POWER_TEST_DIR)/crt0.S $< -o $@

.PHONY: test-power power-elfs
TEST_TARGETS += test-power
power-elfs: $(POWER_TEST_ELFS)

test-power: $(SIMSCM) $(POWER_TEST_ELFS)
	@$(MAKE) --no-print-directory SAN=1 build/san/simscm
	@$(POWER_TEST_DIR)/run.sh $(SIMSCM) $(POWER_TEST_BUILD) build/san/simscm

-include $(POWER_TEST_ELFS:=.d)
