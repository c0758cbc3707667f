# tests/slurm -- the experiment driver's Slurm path (simexp.py slurm, run-cell,
# collect): a private one-node Slurm cluster on localhost (munged, slurmctld,
# slurmd from a slurm.conf made on the fly), the quick suite as a job array,
# its results.csv against a local run's, byte for byte.  `make test-slurm`
# runs tests/slurm/run.sh (about a minute); it skips without slurm-wlm,
# munge or root.
.PHONY: test-slurm
TEST_TARGETS += test-slurm
test-slurm: $(SIMSCM) guest
	@tests/slurm/run.sh $(SIMSCM) $(BUILD)/tests/slurm
