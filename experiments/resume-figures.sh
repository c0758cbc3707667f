#!/usr/bin/env bash
# resume-figures.sh -- the instant off/on figures of the guest OS
# (docs/guestos.md, "Figures"), from event logs, in simulated time.
#
#   experiments/resume-figures.sh SIMSCM [OUTDIR]
#
# Machine: configs/hybrid.ini in the timing mode (caches on, SCM 1.5x DRAM),
# the request channel's client at 20 requests/ms.  Workload set: a
# persistent kvstore, a non-persistent counter and a persistent torncheck
# (a process that keeps writing: dirty data in the caches at the cut).
#
#   save       power-fail warning -> state saved (milestone saved)
#   resume     power restored -> resumed (milestone resumed)
#   service    power restored -> first request answered by the kvstore
#   cold       the same workload set after a sudden cut with no resume
#              record and no fixpoint: power on -> first request answered
#   ratio      cold / service
#
# Then the same three figures as the persistent footprint grows (a
# persistent memfill of K KiB) and as the dirty data grows (torncheck
# over S slots of 8 bytes, rewritten all the time).
set -u
SIMSCM=$1
OUT=${2:-build/experiments/resume-figures}
mkdir -p "$OUT"
BASE=(--config configs/hybrid.ini --timing on --set reqchan.rate_per_ms=20
      --set reqchan.start_ms=5 --set guest.fixpoint_ms=0)

# run NAME INIT ARGS...: one run with a warned cut at 100 ms
run() {
    local n=$1 init=$2
    shift 2
    "$SIMSCM" "${BASE[@]}" --init "$init" --events "$OUT/$n.ev" --max-time 160ms "$@" \
        kvstore </dev/null >"$OUT/$n.out" 2>&1
}

# figures NAME: "save resume service" in us, from the event log (the first
# power cycle: save after its warning, resume and service after the second
# power-on)
figures() {
    python3 - "$OUT/$1.ev" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ons = [e["t_ns"] for e in ev if e["event"] == "power_on"]
on = ons[1] if len(ons) > 1 else None
def first(pred):
    return next((e for e in ev if pred(e)), None)
saved = first(lambda e: e.get("milestone") == "saved")
res = first(lambda e: on is not None and e["t_ns"] >= on and e.get("milestone") == "resumed")
req = first(lambda e: on is not None and e["t_ns"] >= on and e.get("milestone") == "first_request")
ack = first(lambda e: e["event"] == "power_ack")
f = lambda v: "%.1f" % (v / 1000) if v is not None else "-"
print(f(saved["arg"] if saved else None), f(res["t_ns"] - on if res else None),
      f(req["t_ns"] - on if req else None), ack["scm_writebacks"] if ack else "-")
PY
}

# cold NAME: power on -> first request after the second power-on, in us
cold() {
    figures "$1" | awk '{ print $3 }'
}

SET="kvstore:p counter:n torncheck:p"
run base "$SET" --fault cut:at=100ms
run cold "$SET" --fault cut:at=100ms,mode=sudden
read -r save resume service wbs <<< "$(figures base)"
c=$(cold cold)
echo "Instant off/on of the guest OS (hybrid.ini, timing on, kvstore:p counter:n torncheck:p)"
printf '  %-44s %10s us\n' "save (warning -> state saved)" "$save" \
    "resume (power restored -> resumed)" "$resume" \
    "service (power restored -> first request)" "$service" \
    "cold boot (power on -> first request)" "$c"
awk -v c="$c" -v s="$service" 'BEGIN { if (s > 0) printf "  %-44s %10.1f x\n", "cold boot / resume, to service", c / s }'
off=$(python3 -c "
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
cut = next(e['t_ns'] for e in ev if e['event'] == 'power_cut')
req = next(e['t_ns'] for e in ev if e['t_ns'] > cut and e.get('milestone') == 'first_request')
print('%.1f' % ((req - cut) / 1000))" "$OUT/base.ev")
printf '  %-44s %10s us\n' "power cut to first request ([power] off_ms 10)" "$off"

# A sudden loss with fixpoints every 100 ms: what a roll-back loses.
"$SIMSCM" "${BASE[@]}" --set guest.fixpoint_ms=100 --set reqchan.log_requests=off \
    --init "$SET" --events "$OUT/sudden.ev" --stats "$OUT/sudden.json" --max-time 300ms \
    --fault cut:at=150ms,mode=sudden kvstore </dev/null >"$OUT/sudden.out" 2>&1
python3 - "$OUT/sudden.ev" "$OUT/sudden.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
st = json.load(open(sys.argv[2]))["devices"]["reqchan"]
rb = next((e for e in ev if e.get("milestone") == "rolled_back"), None)
print("  %-44s %10s" % ("sudden cut at 150 ms, fixpoints every 100 ms:", ""))
print("  %-44s %10.1f ms" % ("  work lost (fixpoint to cut)", rb["arg"] / 1e6 if rb else float("nan")))
print("  %-44s %10d of %d" % ("  kvstore answers contradicted afterwards", st["wrong"], st["answered"]))
PY

echo
echo "Scaling with the persistent footprint (a persistent memfill of K KiB, cut at 300 ms):"
printf '  %8s %10s %12s %12s %12s %12s\n' KiB "SCM pages" "write-backs" "save us" "resume us" "service us"
for k in 64 1024 4096 16384; do
    printf 'run -p memfill %d 100\n' $k > "$OUT/foot-$k.in"
    "$SIMSCM" "${BASE[@]}" --init "$SET" --events "$OUT/foot-$k.ev" --max-time 360ms \
        --fault cut:at=300ms --input "$OUT/foot-$k.in" kvstore </dev/null >"$OUT/foot-$k.out" 2>&1
    read -r save resume service wbs <<< "$(figures foot-$k)"
    pages=$(sed -n 's/.*SCM pool: \([0-9]*\) pages in use.*/\1/p' "$OUT/foot-$k.out" | head -1)
    printf '  %8s %10s %12s %12s %12s %12s\n' $k "${pages:--}" "$wbs" "$save" "$resume" "$service"
done

echo
echo "Scaling with dirty data in the caches (torncheck rewriting S slots of 8 bytes, cut at 300 ms):"
printf '  %8s %10s %12s %12s %12s %12s\n' KiB "SCM pages" "write-backs" "save us" "resume us" "service us"
for slots in 512 4096 32768 131072; do
    kib=$((slots * 8 / 1024))
    printf 'run -p torncheck %d\n' $slots > "$OUT/dirty-$slots.in"
    "$SIMSCM" "${BASE[@]}" --init "kvstore:p counter:n" --events "$OUT/dirty-$slots.ev" \
        --max-time 360ms --fault cut:at=300ms --input "$OUT/dirty-$slots.in" kvstore \
        </dev/null >"$OUT/dirty-$slots.out" 2>&1
    read -r save resume service wbs <<< "$(figures dirty-$slots)"
    pages=$(sed -n 's/.*SCM pool: \([0-9]*\) pages in use.*/\1/p' "$OUT/dirty-$slots.out" | head -1)
    printf '  %8s %10s %12s %12s %12s %12s\n' $kib "${pages:--}" "$wbs" "$save" "$resume" "$service"
done
