# rules.mk -- how a bench program is built (tests/bench/bench.mk, and
# tests/pin/pin.mk at a small size): C programs with tests/common/crt0.S
# (its stack in .data, 1 KiB) and libbench.c,
# assembly ones alone, linked by bench.ld with the data page-aligned
# (DATA_ALIGN 4096) or right after the code (16, the same-page layout).
ifndef bench_c_rule
BENCH_LD     := tests/bench/bench.ld
BENCH_CFLAGS  = $(RV_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns \
                -T $(BENCH_LD) -Wl,--no-warn-rwx-segments
BENCH_CDEPS  := tests/common/crt0.S tests/bench/libbench.c tests/bench/bench.h \
                tests/common/bmcons.h $(BENCH_LD)

# bench_c_rule(ELF, SOURCE, DATA_ALIGN, EXTRA-FLAGS): one program, one layout
define bench_c_rule
$(1): tests/bench/$(2).c $(BENCH_CDEPS)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  RVCC    $$@")
	$$(Q)$$(RV_CC) $$(BENCH_CFLAGS) $(4) -Wl,--defsym=DATA_ALIGN=$(3) -MF $$@.d \
	    -DCRT0_STACK_IN_DATA -DCRT0_STACK_BYTES=1024 tests/common/crt0.S tests/bench/libbench.c $$< -o $$@
endef
define bench_asm_rule
$(1): tests/bench/$(2).S tests/bench/print.inc $(BENCH_LD)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  RVAS    $$@")
	$$(Q)$$(RV_CC) $$(RV_ASFLAGS) -Itests/bench $(4) -nostdlib -nostartfiles -static \
	    -T $(BENCH_LD) -Wl,--no-warn-rwx-segments -Wl,--defsym=DATA_ALIGN=$(3) $$< -o $$@
endef
endif
