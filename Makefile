# simscm -- top-level Makefile.  The pieces live in mk/*.mk:
#   toolchain.mk  host and guest compilers, flags, library probe
#   sim.mk        the simulator (build/simscm) and libsim.a for the tests
#   guestos.mk    the guest kernel, user programs and workloads
#   tests.mk      unit, isa, differential, disassembly, golden and guest tests
#   bench.mk      make bench
#   experiments.mk  make resume-figures
# Objects go to build/.  V=1 prints full commands.  SAN=1 builds with
# ASan/UBSan.  `make test` and `make demo` first install missing Debian
# packages (scripts/install-deps.sh) and then re-enter make.

.DEFAULT_GOAL := all
.PHONY: all deps demo test bench clean
# Keep intermediate objects (the guest's user objects are built through
# chains of pattern rules): no rebuilds, and no `rm` after the test summary.
.SECONDARY:

include mk/toolchain.mk
include mk/sim.mk
include mk/guestos.mk
include mk/tests.mk
include mk/bench.mk
include mk/experiments.mk
include mk/labs.mk

all: $(SIMSCM) guest

deps:
	@scripts/install-deps.sh

# The two set-up commands of README.md.  They install what is missing first,
# in a separate step, because the library probe in mk/toolchain.mk must see the
# installed packages.
demo: deps
	@$(MAKE) --no-print-directory demo-run

test: deps
	@$(MAKE) --no-print-directory test-run

clean:
	rm -rf build
