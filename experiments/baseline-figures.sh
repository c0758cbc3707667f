#!/usr/bin/env bash
# baseline-figures.sh -- recovery of each persistence policy on the same
# workload set, and the checkpoint baseline's cost against its interval
# (docs/guestos.md "The baselines"), all in simulated time from event logs.
#
#   experiments/baseline-figures.sh SIMSCM [OUTDIR]
#
# Workload set: kvstore (persistent, or logging to the disk for the
# cold-reboot baseline), a non-persistent counter and a persistent torncheck;
# the request channel at 20 requests/ms; timing mode; a cut at 300 ms.
set -u
SIMSCM=$1
OUT=${2:-build/experiments/baseline-figures}
mkdir -p "$OUT"
SET="kvstore:p counter:n torncheck:p"
COMMON=(--timing on --set reqchan.rate_per_ms=20 --set reqchan.start_ms=5
        --set faults.inject= --init "$SET")

# service NAME: power on -> first request after it, in us; and the kvstore's
# wrong answers (acknowledged updates the recovery lost)
service() {
    python3 - "$OUT/$1.ev" "$OUT/$1.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ons = [e["t_ns"] for e in ev if e["event"] == "power_on"]
on = ons[1]
req = next(e["t_ns"] for e in ev if e["t_ns"] >= on and e.get("milestone") == "first_request")
st = json.load(open(sys.argv[2]))["devices"]["reqchan"]
print("%.1f %d %d" % ((req - on) / 1000, st["wrong"], st["answered"]))
PY
}

disk() {
    rm -f "$OUT/$1.img"
    truncate -s 64M "$OUT/$1.img"
    echo "$OUT/$1.img"
}

run() {
    local n=$1
    shift
    "$SIMSCM" "${COMMON[@]}" --events "$OUT/$n.ev" --stats "$OUT/$n.json" --max-time 400ms \
        "$@" kvstore </dev/null >"$OUT/$n.out" 2>&1
}

run instant --config configs/hybrid.ini --set guest.fixpoint_ms=100 --fault cut:at=300ms
run rollback --config configs/hybrid.ini --set guest.fixpoint_ms=100 --fault cut:at=300ms,mode=sudden
run reboot --config configs/hybrid.ini --set guest.persistence=reboot \
    --set disk.image="$(disk reboot)" --fault cut:at=300ms
run checkpoint --config configs/dram-only.ini --set guest.persistence=checkpoint \
    --set guest.fixpoint_ms=100 --set disk.image="$(disk checkpoint)" --fault cut:at=300ms

echo "Recovery of each policy (timing mode, $SET, cut at 300 ms)"
printf '  %-52s %12s %8s\n' policy "to service" "lost"
for p in "instant:instant off/on (warned: save, resume)" \
         "rollback:instant off/on, sudden cut (fixpoint 100 ms)" \
         "reboot:cold reboot (kvstore log replayed)" \
         "checkpoint:checkpoint to disk every 100 ms (no SCM)"; do
    read -r us wrong answered <<< "$(service "${p%%:*}")"
    printf '  %-52s %9s us %8s\n' "${p#*:}" "$us" "$wrong"
done
echo "  (lost: answers contradicted afterwards, i.e. acknowledged updates the recovery lost)"

echo
echo "The checkpoint baseline's cost against its interval (1 s, no cut)"
printf '  %10s %12s %14s %12s\n' "interval" checkpoints "mean time" "overhead"
for ms in 25 50 100 200; do
    n=ckpt-$ms
    "$SIMSCM" "${COMMON[@]}" --config configs/dram-only.ini --set guest.persistence=checkpoint \
        --set guest.fixpoint_ms=$ms --set disk.image="$(disk $n)" --max-time 1s \
        --events "$OUT/$n.ev" kvstore </dev/null >"$OUT/$n.out" 2>&1
    python3 - "$OUT/$n.ev" $ms <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
t = [e["arg"] for e in ev if e.get("milestone") == "checkpointed"]
end = ev[-1]["t_ns"]
print("  %7s ms %12d %11.1f us %11.2f %%" % (sys.argv[2], len(t), sum(t) / len(t) / 1000 if t else 0,
                                             100.0 * sum(t) / end))
PY
done
