# tests/unit -- cmocka unit tests.  Every tests/unit/test_*.c is its own
# binary, linked against libsim.a (the same code build/simscm runs), so a new
# test file needs no change here.  `make test-unit` builds and runs them all
# and fails if any test fails; each binary can also be run by hand, e.g.
# build/tests/unit/test_uart.  Run from the top of the tree (some tests read
# configs/).

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)

$(BUILD)/tests/unit/%: tests/unit/%.c $(SIM_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(SDL_CFLAGS) -Itests/unit $< -o $@ $(LDFLAGS) \
		$(SIM_LIB) $(LDLIBS) -lcmocka $(SDL_LIBS)

# A binary that runs longer than UNIT_TIMEOUT seconds has hung: it fails
# (timeout's exit status 124) instead of stalling `make test`.
UNIT_TIMEOUT ?= 120

.PHONY: test-unit
test-unit: $(UNIT_BINS)
	@failed=; for t in $(UNIT_BINS); do \
		echo "  UNIT    $$t"; \
		timeout $(UNIT_TIMEOUT) $$t </dev/null >$$t.log 2>&1; rc=$$?; \
		if [ $$rc -ne 0 ]; then \
			cat $$t.log; \
			[ $$rc -eq 124 ] && echo "$$t: no result after $(UNIT_TIMEOUT) s (hung?)"; \
			failed="$$failed $${t##*/}"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "test-unit: FAILED:$$failed"; exit 1; fi; \
	echo "test-unit: $(words $(UNIT_BINS)) binaries passed"

TEST_TARGETS += test-unit

-include $(UNIT_BINS:=.d)
