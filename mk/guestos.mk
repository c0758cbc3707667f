# The guest OS, its user programs and the workloads.  The rules live in
# guestos/guestos.mk and workloads/workloads.mk; `guest` builds them all.
.PHONY: guest
GUEST_TARGETS :=
-include guestos/guestos.mk
-include workloads/workloads.mk
guest: $(GUEST_TARGETS)
