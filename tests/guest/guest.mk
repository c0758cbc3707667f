# tests/guest -- the guest OS booted with scripted console sessions, on
# simscm and (as an oracle) on QEMU; see tests/guest/run.sh.  hybrid-dtb
# rewrites QEMU's device tree into a simscm-style one with SCM and DRAM;
# reqchan-probe checks the request channel's judgement of answers.

GUEST_TEST_DIR := $(BUILD)/tests/guest

$(GUEST_TEST_DIR)/hybrid-dtb: tests/guest/hybrid-dtb.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

# A bare-metal probe that answers the request channel by hand.
$(GUEST_TEST_DIR)/reqchan-probe.elf: tests/guest/probe-crt0.S tests/guest/reqchan-probe.c \
                                     tests/guest/probe.ld mk/toolchain.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -MF $@.d -T tests/guest/probe.ld -Wl,--no-warn-rwx-segments \
		tests/guest/probe-crt0.S tests/guest/reqchan-probe.c -o $@

.PHONY: test-guest
TEST_TARGETS += test-guest

test-guest: $(SIMSCM) guest $(GUEST_TEST_DIR)/hybrid-dtb $(GUEST_TEST_DIR)/reqchan-probe.elf
	@tests/guest/run.sh $(SIMSCM) $(QEMU) $(BUILD)/guestos/kernel.elf \
		$(GUEST_TEST_DIR)/hybrid-dtb $(GUEST_TEST_DIR)

-include $(GUEST_TEST_DIR)/hybrid-dtb.d $(GUEST_TEST_DIR)/reqchan-probe.elf.d

# The guest OS across power cycles (tests/guest/resume.sh).
.PHONY: test-resume
TEST_TARGETS += test-resume

test-resume: $(SIMSCM) guest
	@tests/guest/resume.sh $(SIMSCM) $(GUEST_TEST_DIR)/resume

# Power-cut torture (tests/guest/torture.sh): a short run in make test, the
# long one behind make torture.
.PHONY: test-torture torture
TEST_TARGETS += test-torture

test-torture: $(SIMSCM) guest
	@tests/guest/torture.sh $(SIMSCM) $(GUEST_TEST_DIR)/torture 300 40

torture: $(SIMSCM) guest
	@tests/guest/torture.sh $(SIMSCM) $(GUEST_TEST_DIR)/torture-long 10000 400

# The baselines (tests/guest/baseline.sh): the disk driver on simscm's
# device, and the cold-reboot baseline's kvstore log.
.PHONY: test-baseline
TEST_TARGETS += test-baseline

test-baseline: $(SIMSCM) guest
	@tests/guest/baseline.sh $(SIMSCM) $(GUEST_TEST_DIR)/baseline
