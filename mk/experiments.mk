# Experiments.  `make resume-figures` prints the guest OS's instant off/on
# figures (experiments/resume-figures.sh, docs/guestos.md "Figures").
.PHONY: resume-figures
resume-figures: $(SIMSCM) guest
	@experiments/resume-figures.sh $(SIMSCM) $(BUILD)/experiments/resume-figures
