# tests/disasm: simscm's disassembler against GNU objdump (-M no-aliases),
# on a file holding every instruction of sim/cpu/insn.def and on every
# tests/isa program; see docs/testing.md.
RVDIS       := $(BUILD)/tests/disasm/rvdis
GEN_INSNS   := $(BUILD)/tests/disasm/gen_insns
ALL_INSNS   := $(BUILD)/tests/disasm/all_insns.elf

$(RVDIS): tests/disasm/rvdis.c $(SIM_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@ $(SIM_LIB) $(LDLIBS) $(SDL_LIBS)

# The generator includes insn.def, so it is rebuilt when a row changes.
$(GEN_INSNS): tests/disasm/gen_insns.c sim/cpu/insn.def
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $< -o $@

$(BUILD)/tests/disasm/all_insns.S: $(GEN_INSNS)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GEN_INSNS) >$@.tmp && mv $@.tmp $@

$(ALL_INSNS): $(BUILD)/tests/disasm/all_insns.S $(ISA_LD)
	@$(if $(Q),echo "  RVAS    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) $(ISA_LDFLAGS) $< -o $@

.PHONY: test-disasm
test-disasm: $(RVDIS) $(ALL_INSNS) $(ISA_ELFS)
	@echo "== test-disasm: simscm disasm() against $(RV_OBJDUMP) -M no-aliases"
	@tests/disasm/check.sh $(RVDIS) $(RV_OBJDUMP) $(ALL_INSNS) $(ISA_ELFS)

TEST_TARGETS += test-disasm
-include $(RVDIS:=.d) $(GEN_INSNS:=.d)
