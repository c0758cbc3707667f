# Host compiler for the simulator and its tests.
CC      ?= cc
OPT     ?= -O2
CFLAGS  := $(OPT) -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -MMD -MP \
           -Iinclude -Isim -fno-strict-aliasing
LDFLAGS :=
LDLIBS  := -lelf -linih -lfdt -lm
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/san
else
BUILD   := build
endif
# SDL2 and SDL2_ttf: the window of --display sdl (sim/display/, in simscm only).
SDL_CFLAGS := $(shell pkg-config --cflags sdl2 SDL2_ttf 2>/dev/null)
SDL_LIBS   := $(shell pkg-config --libs sdl2 SDL2_ttf 2>/dev/null)

# Guest cross compiler (Debian's gcc-riscv64-unknown-elf).
RV_PREFIX  ?= riscv64-unknown-elf-
RV_CC      := $(RV_PREFIX)gcc
RV_OBJDUMP := $(RV_PREFIX)objdump
RV_OBJCOPY := $(RV_PREFIX)objcopy
RV_ARCH    := rv64imac_zicsr_zifencei_zicbom
RV_CFLAGS  := -march=$(RV_ARCH) -mabi=lp64 -Wa,-mpriv-spec=1.12 -mcmodel=medany -O2 -g -Wall -Wextra \
              -ffreestanding -fno-common -nostdlib -fno-pie -no-pie \
              -fno-stack-protector -fno-omit-frame-pointer -Iinclude -MMD -MP
RV_ASFLAGS := -march=$(RV_ARCH) -mabi=lp64 -Wa,-mpriv-spec=1.12 -Iinclude

QEMU := qemu-system-riscv64

ifeq ($(V),1)
Q :=
else
Q := @
endif
