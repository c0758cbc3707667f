# tests/experiments -- the experiment driver (experiments/simexp.py): the
# quick suite end to end, figures within physical bounds, the plots, resuming
# after a finished run and after a killed driver, determinism, and scenario
# errors.  `make test-experiments` runs tests/experiments/run.sh (about a minute).
.PHONY: test-experiments
TEST_TARGETS += test-experiments
test-experiments: $(SIMSCM) guest
	@tests/experiments/run.sh $(SIMSCM) $(BUILD)/tests/experiments
