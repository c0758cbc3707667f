# tests/mem -- the memory model seen from a guest: load latency by pointer
# chasing, what survives a power cut, Zicbom, SIGKILL of simscm, determinism
# and rejected settings.  `make test-mem` runs them (tests/mem/run.sh).  The
# unit tests of the memory modules (tests/unit/test_{cache,timing,region}.c)
# run with the other unit tests.

MEM_TEST_DIR   := tests/mem
MEM_TEST_BUILD := $(BUILD)/tests/mem
MEM_TEST_ELFS  := $(addprefix $(MEM_TEST_BUILD)/, chase.elf cbo.elf \
                    persist-1.elf persist-2.elf hammer-1.elf hammer-2.elf)
MEM_TEST_LDFLAGS := -T $(MEM_TEST_DIR)/link.ld -Wl,--no-warn-rwx-segments

$(MEM_TEST_BUILD)/%.elf: $(MEM_TEST_DIR)/%.c tests/common/crt0.S \
                         $(MEM_TEST_DIR)/memtest.h $(MEM_TEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -MF $@.d $(MEM_TEST_LDFLAGS) \
	    tests/common/crt0.S $< -o $@

# Two-phase programs: one source, PHASE=1 and PHASE=2.
$(MEM_TEST_BUILD)/%-1.elf $(MEM_TEST_BUILD)/%-2.elf: $(MEM_TEST_DIR)/%.c tests/common/crt0.S \
                         $(MEM_TEST_DIR)/memtest.h $(MEM_TEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $(MEM_TEST_BUILD)/$*-[12].elf")
	$(Q)$(RV_CC) $(RV_CFLAGS) -DPHASE=1 -MF $(MEM_TEST_BUILD)/$*-1.elf.d $(MEM_TEST_LDFLAGS) \
	    tests/common/crt0.S $< -o $(MEM_TEST_BUILD)/$*-1.elf
	$(Q)$(RV_CC) $(RV_CFLAGS) -DPHASE=2 -MF $(MEM_TEST_BUILD)/$*-2.elf.d $(MEM_TEST_LDFLAGS) \
	    tests/common/crt0.S $< -o $(MEM_TEST_BUILD)/$*-2.elf

.PHONY: test-mem mem-elfs
TEST_TARGETS += test-mem
mem-elfs: $(MEM_TEST_ELFS)

test-mem: $(SIMSCM) $(MEM_TEST_ELFS)
	@$(MEM_TEST_DIR)/run.sh $(SIMSCM) $(MEM_TEST_BUILD)

-include $(MEM_TEST_ELFS:=.d)
