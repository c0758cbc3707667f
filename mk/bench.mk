# make bench: simulator speed (simulated MIPS, median of 5) against QEMU.
BENCH_TARGETS :=
-include tests/bench/bench.mk
.PHONY: bench demo-run
bench: all $(BENCH_TARGETS)
