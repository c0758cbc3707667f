# tests/rand -- random-instruction programs (gen.py) on simscm, under
# ASan/UBSan, and on QEMU; see docs/testing.md and run.sh.
#
#   make test-rand   seeds 1..RAND_SEEDS (200), the first RAND_QEMU_SEEDS
#                    (50) also on QEMU: in make test
#   make fuzz-rand   seeds 1..RAND_LONG_SEEDS (3000), the first
#                    RAND_LONG_QEMU_SEEDS (1000) on QEMU: part of make fuzz
RAND_DIR   := $(BUILD)/tests/rand
RAND_OBJS  := $(RAND_DIR)/harness.o $(RAND_DIR)/report.o
RAND_SEEDS ?= 200
RAND_QEMU_SEEDS ?= 50
RAND_LONG_SEEDS ?= 3000
RAND_LONG_QEMU_SEEDS ?= 1000
SAN_SIMSCM := build/san/simscm

$(RAND_DIR)/harness.o: tests/rand/harness.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -c $< -o $@

$(RAND_DIR)/report.o: tests/rand/report.c tests/common/bmcons.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $<")
	$(Q)$(RV_CC) $(RV_CFLAGS) -c $< -o $@

$(RAND_DIR)/harness.elf: $(RAND_OBJS) tests/rand/link.ld
	@$(if $(Q),echo "  RVLD    $@")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -nostdlib -nostartfiles -static -T tests/rand/link.ld \
		-Wl,--no-warn-rwx-segments $(RAND_OBJS) -o $@

# gen.py patches this flat image; the symbols say where.
$(RAND_DIR)/harness.bin: $(RAND_DIR)/harness.elf
	$(Q)$(RV_OBJCOPY) -O binary $< $@
	$(Q)$(RV_PREFIX)nm $< >$(RAND_DIR)/harness.syms

.PHONY: test-rand fuzz-rand rand-san
rand-san:
	@$(MAKE) --no-print-directory SAN=1 $(SAN_SIMSCM)

test-rand: $(RAND_DIR)/harness.bin $(SIMSCM) rand-san
	@echo "== test-rand: random instruction streams, seeds 1-$(RAND_SEEDS), 1-$(RAND_QEMU_SEEDS) on $(QEMU)"
	@tests/rand/run.sh $(RAND_DIR)/out $(SAN_SIMSCM) $(SIMSCM) $(QEMU) 1 $(RAND_SEEDS) $(RAND_QEMU_SEEDS)

fuzz-rand: $(RAND_DIR)/harness.bin $(SIMSCM) rand-san
	@echo "== fuzz-rand: random instruction streams, seeds 1-$(RAND_LONG_SEEDS), 1-$(RAND_LONG_QEMU_SEEDS) on $(QEMU)"
	@tests/rand/run.sh $(RAND_DIR)/long $(SAN_SIMSCM) $(SIMSCM) $(QEMU) 1 $(RAND_LONG_SEEDS) $(RAND_LONG_QEMU_SEEDS)

TEST_TARGETS += test-rand
