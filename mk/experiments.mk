# Experiments.  `make resume-figures` prints the guest OS's instant off/on
# figures (experiments/resume-figures.sh, docs/guestos.md "Figures").
.PHONY: resume-figures baseline-figures
resume-figures: $(SIMSCM) guest
	@experiments/resume-figures.sh $(SIMSCM) $(BUILD)/experiments/resume-figures

# `make baseline-figures`: recovery of each persistence policy and the
# checkpoint baseline's cost (experiments/baseline-figures.sh).
baseline-figures: $(SIMSCM) guest
	@experiments/baseline-figures.sh $(SIMSCM) $(BUILD)/experiments/baseline-figures
