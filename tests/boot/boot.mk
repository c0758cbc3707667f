# tests/boot -- booting what people bring for QEMU's virt machine: the reset
# ROM and fw_dynamic_info (rom.S, against rom.expected and QEMU), the image
# options' errors, and Debian's OpenSBI (fw_jump, fw_dynamic) with U-Boot,
# and M-mode U-Boot alone, each typed at and powered off, each console
# compared with QEMU's (uboot.py).  See docs/firmware.md.
BOOT_DIR := $(BUILD)/tests/boot

$(BOOT_DIR)/rom.elf: tests/boot/rom.S tests/cli/link.ld include/platform.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -nostdlib -nostartfiles -static -T tests/cli/link.ld \
		-Wl,--defsym=BASE=0x80000000 -Wl,--no-warn-rwx-segments $< -o $@

.PHONY: test-boot
test-boot: $(SIMSCM) $(BOOT_DIR)/rom.elf
	@SIMSCM=$(SIMSCM) BOOT_DIR=$(BOOT_DIR) QEMU=$(QEMU) tests/boot/run.sh

TEST_TARGETS += test-boot
