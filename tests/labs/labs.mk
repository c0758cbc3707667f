# tests/labs -- the labs' checks against their starting points (must fail)
# and reference solutions (must pass); see tests/labs/run.sh and
# docs/instructors.md.  The lab targets themselves are in mk/labs.mk.
.PHONY: test-labs
TEST_TARGETS += test-labs

test-labs: $(SIMSCM) guest
	@tests/labs/run.sh $(SIMSCM) $(BUILD)/tests/labs
