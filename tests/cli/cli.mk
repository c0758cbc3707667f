# tests/cli -- the simscm command line: every bad input gets one clear line
# and exit 2 with nothing simulated; --help, --version; and the exit codes
# of runs that do happen; and devices.S, whose view of the UART, CLINT and
# PLIC must match QEMU's virt machine (devices.expected, and QEMU itself
# when it is installed).  The test programs are prog.S, built in several
# variants, and devices.S; x86.elf comes from the host compiler.  Each
# tests/cli/test_*.sh is a group of checks using tests/cli/lib.sh.

CLI_DIR  := $(BUILD)/tests/cli
CLI_ELFS := $(addprefix $(CLI_DIR)/,ok.elf fail3.elf spin.elf idle.elf reset.elf traploop.elf \
                                    echo.elf low.elf x86.elf devices.elf)

CLI_FLAGS_fail3 := -DEXIT_CODE=3
CLI_FLAGS_spin  := -DSPIN
CLI_FLAGS_idle  := -DIDLE
CLI_FLAGS_traploop := -DTRAPLOOP
CLI_FLAGS_reset := -DRESET
CLI_FLAGS_echo  := -DECHO
# low.elf is linked outside every memory region.
CLI_BASE_low    := 0x40000000

$(CLI_DIR)/%.elf: tests/cli/prog.S tests/cli/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) $(CLI_FLAGS_$*) -nostdlib -nostartfiles -static \
		-T tests/cli/link.ld -Wl,--defsym=BASE=$(or $(CLI_BASE_$*),0x80000000) \
		-Wl,--no-warn-rwx-segments $< -o $@

$(CLI_DIR)/devices.elf: tests/cli/devices.S tests/cli/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -nostdlib -nostartfiles -static -T tests/cli/link.ld \
		-Wl,--defsym=BASE=0x80000000 -Wl,--no-warn-rwx-segments $< -o $@

$(CLI_DIR)/x86.elf:
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)printf 'int main(void) { return 0; }\n' | $(CC) -x c - -o $@

.PHONY: test-cli
test-cli: $(SIMSCM) $(CLI_ELFS) $(GUEST_TARGETS)
	@SIMSCM=$(SIMSCM) CLI_DIR=$(CLI_DIR) QEMU=$(QEMU) tests/cli/run.sh

TEST_TARGETS += test-cli
