# tests/isa: architectural test programs, run on simscm and on QEMU (the
# oracle) by tests/isa/run.sh; see docs/testing.md.  Every tests/isa/*.S is
# one program, linked with the shared start-up and helpers in common/.
ISA_SRCS   := $(sort $(wildcard tests/isa/*.S))
ISA_ELFS   := $(ISA_SRCS:tests/isa/%.S=$(BUILD)/tests/isa/%.elf)
ISA_COMMON := $(BUILD)/tests/isa/common/crt.o $(BUILD)/tests/isa/common/vm.o
ISA_LD     := tests/isa/common/link.ld
ISA_FLAGS   = $(RV_ASFLAGS) -Itests/isa/common -MMD -MP
ISA_LDFLAGS = -nostdlib -nostartfiles -static -T $(ISA_LD) -Wl,--no-warn-rwx-segments

$(BUILD)/tests/isa/common/%.o: tests/isa/common/%.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(ISA_FLAGS) -c $< -o $@

$(BUILD)/tests/isa/%.o: tests/isa/%.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(ISA_FLAGS) -c $< -o $@

$(BUILD)/tests/isa/%.elf: $(BUILD)/tests/isa/%.o $(ISA_COMMON) $(ISA_LD)
	@$(if $(Q),echo "  RVLD    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) $(ISA_LDFLAGS) $(ISA_COMMON) $< -o $@

# (The objects are kept: the top-level Makefile marks everything .SECONDARY.)

.PHONY: isa-elfs test-isa
isa-elfs: $(ISA_ELFS)

# simscm is a prerequisite once it can be built; until then run.sh says so
# for every program and still checks the programs on QEMU.
test-isa: $(ISA_ELFS) $(if $(wildcard sim/main.c),$(SIMSCM))
	@echo "== test-isa: tests/isa on simscm and $(QEMU)"
	@tests/isa/run.sh $(BUILD)/tests/isa/out $(SIMSCM) $(QEMU) $(ISA_ELFS)

TEST_TARGETS += test-isa
-include $(ISA_ELFS:.elf=.d) $(ISA_COMMON:.o=.d)
