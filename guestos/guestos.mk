# guestos.mk -- the guest OS: kernel, user library, user programs, and the
# program store that packs every user program (and workload, see
# workloads/workloads.mk) into the kernel image.
#
#   build/guestos/kernel.elf     what simscm (and QEMU) boots
#   build/guestos/programs.txt   one stored program name per line (sim/main.c reads it)
#   build/guestos/user/*.elf     user programs, with symbols (for gdb)
#   make demo-run                boot simscm with persistent and non-persistent
#                                workloads and a buggy one; a fault, a power
#                                cycle, ps and free

# GOS_SRC and GOS may be set before this file is read: mk/labbuild.mk builds
# a lab's copy of these sources (docs/labs/) into the lab's directory.
GOS_SRC   ?= guestos
GOS       ?= $(BUILD)/guestos
GOS_CFLAGS := $(RV_CFLAGS) -I$(GOS_SRC) -fno-tree-loop-distribute-patterns -fno-builtin
# Objects are rebuilt when the flags change.
GOS_FLAGS_DEPS := mk/toolchain.mk $(GOS_SRC)/guestos.mk

GOS_KSRCS := $(wildcard $(GOS_SRC)/kernel/*.c $(GOS_SRC)/kernel/*.S)
GOS_KOBJS := $(patsubst $(GOS_SRC)/kernel/%,$(GOS)/kernel/%.o,$(GOS_KSRCS))

# The user library every user program and workload links with.
GOS_ULIB_OBJS := $(GOS)/user/crt0.S.o $(GOS)/user/ulib.c.o $(GOS)/user/printf.c.o \
                 $(GOS)/user/umalloc.c.o $(GOS)/user/usys.S.o
GOS_ULDFLAGS  := -nostdlib -static -T $(GOS_SRC)/user/user.ld -Wl,--no-warn-rwx-segments

GOS_UPROGS := init sh usertests memfill waitchild disktest diskpulse
GOS_UELFS  := $(GOS_UPROGS:%=$(GOS)/user/%.elf)

# Every program to pack into the store; workloads.mk appends its own.
GUEST_PROGS += $(GOS_UELFS)

GUEST_TARGETS += $(GOS)/kernel.elf $(GOS)/programs.txt

$(GOS)/kernel/%.c.o: $(GOS_SRC)/kernel/%.c $(GOS_FLAGS_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $<")
	$(Q)$(RV_CC) $(GOS_CFLAGS) -c $< -o $@

$(GOS)/kernel/%.S.o: $(GOS_SRC)/kernel/%.S $(GOS_FLAGS_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -I$(GOS_SRC) -MMD -MP -c $< -o $@

$(GOS)/user/%.c.o: $(GOS_SRC)/user/%.c $(GOS_FLAGS_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $<")
	$(Q)$(RV_CC) $(GOS_CFLAGS) -c $< -o $@

$(GOS)/user/%.S.o: $(GOS_SRC)/user/%.S $(GOS_FLAGS_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -I$(GOS_SRC) -MMD -MP -c $< -o $@

# System call stubs, generated from the kernel's list of numbers.
$(GOS)/user/usys.S: $(GOS_SRC)/kernel/syscall.h $(GOS_SRC)/usys.sh
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GOS_SRC)/usys.sh $< > $@.tmp && mv $@.tmp $@

$(GOS)/user/usys.S.o: $(GOS)/user/usys.S $(GOS_FLAGS_DEPS)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -I$(GOS_SRC) -c $< -o $@

$(GOS)/user/%.elf: $(GOS)/user/%.c.o $(GOS_ULIB_OBJS) $(GOS_SRC)/user/user.ld
	@$(if $(Q),echo "  RVLD    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) $(GOS_ULDFLAGS) -o $@ $< $(GOS_ULIB_OBJS) -lgcc

# The program store.  Its prerequisites grow in workloads.mk, which adds its
# programs to both GUEST_PROGS and this rule; the recipe sees the whole list.
$(GOS)/progstore.S: $(GOS_UELFS) $(GOS_SRC)/mkprogstore.sh
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GOS_SRC)/mkprogstore.sh $@ $(GOS)/store $(RV_OBJCOPY) $(GUEST_PROGS)

$(GOS)/progstore.o: $(GOS)/progstore.S $(GOS_FLAGS_DEPS)
	@$(if $(Q),echo "  RVAS    $<")
	$(Q)$(RV_CC) $(RV_ASFLAGS) -c $< -o $@

$(GOS)/programs.txt: $(GOS)/progstore.S
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sed -n 's/^# program: //p' $< > $@.tmp && mv $@.tmp $@

$(GOS)/kernel.elf: $(GOS_KOBJS) $(GOS)/progstore.o $(GOS_SRC)/kernel/kernel.ld
	@$(if $(Q),echo "  RVLD    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -nostdlib -static -T $(GOS_SRC)/kernel/kernel.ld \
		-Wl,--no-warn-rwx-segments -o $@ $(GOS_KOBJS) $(GOS)/progstore.o -lgcc

-include $(GOS_KOBJS:.o=.d) $(GOS_ULIB_OBJS:.o=.d) $(GOS_UPROGS:%=$(GOS)/user/%.c.d)

# ---- make demo: configs/hybrid.ini's start-up list -- a persistent kvstore
# (fed by the request channel) and counter, a non-persistent counter and
# bugleak, whose bug strikes at 0.6 s.  The kernel notices the leak and
# power-cycles: the console shows the fault, the save, the resume, the
# persistent counter going on and the other starting again.  The scripted
# session is typed slowly (a blank line's spaces first), so that ps, free
# and shutdown reach the shell started after the power cycle.
GOS_DEMO_INPUT := guestos/demo.input

.PHONY: demo-run
demo-run: $(SIMSCM) guest
	$(SIMSCM) --config configs/hybrid.ini --timing off --set reqchan.rate_per_ms=5 \
		--set console.input_gap_us=100000 --input $(GOS_DEMO_INPUT)
