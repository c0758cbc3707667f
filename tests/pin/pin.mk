# tests/pin: the timing model's results pinned.  Small builds of the bench
# programs (tests/bench, both layouts), the fence.i test and a guest OS
# session run in both modes; their console and --stats (cycles, instret,
# cache, branch and memory counters; not the interpreter's own counters of
# decoded blocks, decode flushes and TLB refills) must equal the checked-in
# files in tests/pin/expected/.  A speed change to the interpreter must not
# move any of them.  `make bless-pin` rewrites them (only when the timing
# model is meant to change; say so in the commit).  See docs/testing.md.
include tests/bench/rules.mk
PIN_BUILD := $(BUILD)/tests/pin
PIN_C     := hash interp ptrchase string muldiv
PIN_ELFS  := $(PIN_BUILD)/compute.elf $(PIN_BUILD)/compute-samepage.elf \
             $(PIN_BUILD)/memory.elf $(PIN_C:%=$(PIN_BUILD)/%.elf) \
             $(PIN_BUILD)/interp-samepage.elf $(PIN_BUILD)/string-samepage.elf

# Small sizes: a few million instructions each.
$(foreach p,$(PIN_C),\
    $(eval $(call bench_c_rule,$(PIN_BUILD)/$(p).elf,$(p),4096,-DSCALE=2))\
    $(eval $(call bench_c_rule,$(PIN_BUILD)/$(p)-samepage.elf,$(p),16,-DSCALE=2)))
$(eval $(call bench_asm_rule,$(PIN_BUILD)/compute.elf,compute,4096,-DROUNDS=10))
$(eval $(call bench_asm_rule,$(PIN_BUILD)/compute-samepage.elf,compute,16,-DROUNDS=10))
$(eval $(call bench_asm_rule,$(PIN_BUILD)/memory.elf,memory,4096,-DWALK_STEPS=50000))

PIN_DEPS = $(PIN_ELFS) $(BUILD)/tests/isa/zifencei.elf $(SIMSCM) $(GUEST_TARGETS)
PIN_ARGS = $(SIMSCM) $(PIN_BUILD)/out tests/pin/guest.input \
           $(PIN_ELFS) $(BUILD)/tests/isa/zifencei.elf

.PHONY: test-pin bless-pin
test-pin: $(PIN_DEPS)
	@echo "== test-pin: cycles and stats against tests/pin/expected"
	@tests/pin/run.sh check $(PIN_ARGS)

bless-pin: $(PIN_DEPS)
	@tests/pin/run.sh bless $(PIN_ARGS)

TEST_TARGETS += test-pin
-include $(wildcard $(PIN_BUILD)/*.elf.d)
