# workloads.mk -- the workloads: user programs of the guest OS, built with
# its user library and packed into its program store (guestos/guestos.mk),
# so `simscm --config configs/hybrid.ini NAME` can start them.

WL_NAMES := $(sort $(basename $(notdir $(wildcard workloads/*.c))))
WL_ELFS  := $(WL_NAMES:%=$(BUILD)/workloads/%.elf)

GUEST_PROGS += $(WL_ELFS)
$(GOS)/progstore.S: $(WL_ELFS)

$(BUILD)/workloads/%.o: workloads/%.c $(GOS_FLAGS_DEPS) workloads/workloads.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $<")
	$(Q)$(RV_CC) $(GOS_CFLAGS) -c $< -o $@

$(BUILD)/workloads/%.elf: $(BUILD)/workloads/%.o $(GOS_ULIB_OBJS) guestos/user/user.ld
	@$(if $(Q),echo "  RVLD    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) $(GOS_ULDFLAGS) -o $@ $< $(GOS_ULIB_OBJS) -lgcc

-include $(WL_NAMES:%=$(BUILD)/workloads/%.d)
