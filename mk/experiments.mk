# Experiments.  `make resume-figures` prints the guest OS's instant off/on
# figures (experiments/resume-figures.sh, docs/guestos.md "Figures").
.PHONY: resume-figures baseline-figures
resume-figures: $(SIMSCM) guest
	@experiments/resume-figures.sh $(SIMSCM) $(BUILD)/experiments/resume-figures

# `make baseline-figures`: recovery of each persistence policy and the
# checkpoint baseline's cost (experiments/baseline-figures.sh).
baseline-figures: $(SIMSCM) guest
	@experiments/baseline-figures.sh $(SIMSCM) $(BUILD)/experiments/baseline-figures

# `make experiments`: the standard suite (experiments/standard.scn) through
# the experiment driver into results/ (one directory per run, results.csv),
# then the figures into plots/ (docs/experiments.md).  `make experiments
# QUICK=1` runs the small suite (experiments/quick.scn) instead.  A rerun
# skips the runs that finished; JOBS=N sets the parallel runs (default: cores).
SIMEXP  := experiments/simexp.py
EXP_SCN := $(if $(filter 1,$(QUICK)),experiments/quick.scn,experiments/standard.scn)
.PHONY: experiments
experiments: $(SIMSCM) guest
	@$(SIMEXP) $(EXP_SCN) --out results --simscm $(SIMSCM) $(if $(JOBS),--jobs $(JOBS))
	@$(SIMEXP) plot results --plots plots
