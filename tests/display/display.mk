# tests/display -- the SDL window (--display sdl): no display is a usage
# error; the guest's status table; and, under Xvfb, a session driven with
# xdotool and checked from screenshots (tests/display/run.sh).

.PHONY: test-display
TEST_TARGETS += test-display

test-display: $(SIMSCM) guest
	@tests/display/run.sh $(SIMSCM) $(RV_PREFIX)nm $(BUILD)/tests/display
