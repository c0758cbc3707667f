# labs.mk -- the labs of docs/labs/: a starting point for each, made by a
# make target, and its automatic check.
#
#   make labN-start [LAB=DIR]   copy guestos/ to DIR (default build/labs/N)
#                               and apply docs/labs/N/start.patch; refuses to
#                               overwrite a DIR that exists
#   make grade-labN [LAB=DIR]   build DIR's guest OS (mk/labbuild.mk) and run
#                               the check, tests/labs/gradeN.sh
#
# Lab 3 changes no kernel: its starting point is a directory for the
# student's results (a scenario and an answers file to fill in).  The
# reference solutions are not here: see docs/instructors.md.
LABS := 1 2 3
LAB_SCRIPTS := tests/labs

.PHONY: $(LABS:%=lab%-start) $(LABS:%=grade-lab%)

$(LABS:%=lab%-start): lab%-start:
	@$(LAB_SCRIPTS)/start.sh $* $(or $(LAB),build/labs/$*)

$(LABS:%=grade-lab%): grade-lab%: $(SIMSCM) guest
	@$(LAB_SCRIPTS)/grade$*.$(if $(filter 3,$*),py,sh) $(SIMSCM) $(or $(LAB),build/labs/$*)
