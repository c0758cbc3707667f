# labbuild.mk -- build a lab's copy of the guest OS (docs/labs/).
#
#   make -f mk/labbuild.mk LAB=DIR
#
# DIR holds a copy of guestos/ (made by `make lab1-start` and friends, see
# mk/labs.mk) that the student changes.  Its kernel and user programs are
# compiled with the main tree's rules (DIR/guestos.mk, the copy of
# guestos/guestos.mk) into DIR/build/, and its program store packs them with
# the main tree's workloads, already built in build/workloads/.  The result,
# DIR/build/kernel.elf, boots with `build/simscm --kernel DIR/build/kernel.elf`.
.DEFAULT_GOAL := lab-kernel
.SECONDARY:

ifeq ($(strip $(LAB)),)
$(error LAB=DIR is needed: the directory of the lab's copy of the guest OS)
endif

include mk/toolchain.mk
GOS_SRC := $(LAB)
GOS     := $(LAB)/build
GUEST_TARGETS :=
include $(LAB)/guestos.mk

WL_ELFS := $(wildcard $(BUILD)/workloads/*.elf)
GUEST_PROGS += $(WL_ELFS)
$(GOS)/progstore.S: $(WL_ELFS)

.PHONY: lab-kernel
lab-kernel: $(GOS)/kernel.elf
