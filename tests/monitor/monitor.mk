# tests/monitor: scripted monitor sessions on a bare-metal program and on
# the guest OS, and Ctrl-A c on a pseudo-terminal (tests/monitor/run.sh;
# docs/monitor.md).
MONITOR_ELF := $(BUILD)/tests/monitor/persist.elf

$(MONITOR_ELF): tests/monitor/persist.S $(ISA_LD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -MMD -MP $(ISA_LDFLAGS) $< -o $@

.PHONY: test-monitor
test-monitor: $(MONITOR_ELF) $(SIMSCM) guest
	@echo "== test-monitor: monitor sessions"
	@tests/monitor/run.sh $(SIMSCM) $(MONITOR_ELF) $(RV_PREFIX)nm $(BUILD)/tests/monitor/out

TEST_TARGETS += test-monitor
-include $(MONITOR_ELF:.elf=.d)
