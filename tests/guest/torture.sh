#!/usr/bin/env bash
# torture.sh -- power-cut torture of the guest OS.
#
#   tests/guest/torture.sh SIMSCM OUTDIR CUTS [CRASH_POINTS]
#
# KERNEL=FILE in the environment boots that guest kernel instead of the
# one next to SIMSCM, and PHASES="random crash ckpt" (the default) chooses
# the parts below that run: the labs' checks torture a student's copy of
# the kernel at the crash points only (docs/labs/lab2.md).
#
# 1. Random cuts: runs with a persistent torn-state detector (torncheck), a
#    persistent counter and a non-persistent one, fixpoints every 1 ms, and
#    power failures at random instants (mean 1 ms of uptime: two kinds,
#    each with a mean of 2 ms), half warned
#    and half sudden, with no time off, until CUTS cuts have happened.  Each
#    run has its own seed; most run in the functional mode, every fourth
#    (and at least one) in the timing mode (caches).
# 3. The checkpoint baseline (docs/guestos.md): the same detector, a
#    persistent counter and diskpulse (its disk writes must be undone with
#    its memory) on configs/dram-only.ini with a disk, checkpoints every
#    10 ms, sudden cuts at a mean of 40 ms.
# 2. Crash points: in the timing mode, a warned cut whose save is itself cut
#    after its N-th write-back to SCM, for CRASH_POINTS values of N spread
#    over every write-back the save makes (the dry run's power_ack says how
#    many), and the same for the first write-backs after power-on (the
#    resume), as Jaaru and Yat enumerate the crash points of a program.
#
# Every power-on after a cut must end in a resume, a roll-back to the last
# fixpoint or a cold boot (or be cut again first); no run may hang (each
# ends at --max-time), panic, or report a tear (torncheck: milestone
# fault_detected with arg TORN); the SCM pool must hold the same number of
# pages after every recovery of a run (no leak over the cycles).  The last
# line counts each outcome; the one before says the host time and the
# power cycles per host second.
set -u
SIMSCM=$1 OUT=$2 CUTS=$3 POINTS=${4:-40}
mkdir -p "$OUT"
rm -f "$OUT"/*.ev "$OUT"/*.out
COMMON=(--config configs/hybrid.ini --init "torncheck:p counter:p counter:n"
        --set guest.fixpoint_ms=1 --set reqchan.rate_per_ms=0 --set power.off_ms=0
        --set power.residual_us=2000)
KOPT=()
[ -n "${KERNEL:-}" ] && KOPT=(--kernel "$KERNEL")
COMMON+=("${KOPT[@]}")
PHASES=" ${PHASES:-random crash ckpt} "
want() { [[ $PHASES == *" $1 "* ]]; }
TORN='"milestone":"fault_detected","arg":(1414484558|1296651085)'
cuts=0 resumed=0 rolled=0 cold=0 torn=0 hung=0 leaks=0 panics=0 runs=0
failed=0
t0=$(date +%s%N)

fail() { echo "  torture: FAIL: $1"; failed=1; }

# account NAME: check one run and add up its outcomes
account() {
    local n=$1 ev=$OUT/$1.ev out=$OUT/$1.out rc
    rc=$(cat "$OUT/$n.rc")
    runs=$((runs + 1))
    if [ ! -s "$ev" ]; then
        hung=$((hung + 1))
        fail "$n: no event log (exit $rc); see $out"
        return
    fi
    if [ "$rc" != 124 ] || ! grep -q '"event":"run_end","reason":"max-time"' "$ev"; then
        hung=$((hung + 1))
        fail "$n: the run did not end at its time limit (exit $rc); see $out"
    fi
    if grep -q 'panic' "$out"; then
        panics=$((panics + 1))
        fail "$n: the kernel panicked; see $out"
    fi
    local t
    t=$(grep -Ec "$TORN" "$ev")
    if [ "$t" -ne 0 ]; then
        torn=$((torn + t))
        fail "$n: $t torn states; see $out"
    fi
    cuts=$((cuts + $(grep -c '"event":"power_cut"' "$ev")))
    resumed=$((resumed + $(grep -c '"milestone":"resumed"' "$ev")))
    rolled=$((rolled + $(grep -c '"milestone":"rolled_back"' "$ev")))
    cold=$((cold + $(grep -c '"milestone":"cold_booted"' "$ev") - 1))
    # Every power-on after a cut ends in one outcome (resumed, rolled back,
    # cold booted) within 20 ms, unless it is cut again first: a recovery
    # takes well under a millisecond, so one that does not finish has hung.
    local bad
    bad=$(awk '{ t = $0; sub(/^[{]"t_ns":/, "", t); sub(/,.*/, "", t) }
               /"event":"power_on"/ { open = NR > 1; since = t; next }
               /"milestone":"(resumed|rolled_back|cold_booted)"/ { open = 0 }
               /"event":"(power_cut|run_end)"/ { if (open && t - since > 20000000) hung++; open = 0 }
               END { print hung + 0 }' "$ev")
    if [ "$bad" -ne 0 ]; then
        hung=$((hung + bad))
        fail "$n: $bad power-on(s) never finished booting; see $ev"
    fi
    # No leak: the SCM pool's use after a recovery depends on what the
    # processes had allocated at the save or fixpoint, but it must not grow
    # over the cycles: the second half of the run never needs more than the
    # first half did.  (A power-on still booting when the run ends is not
    # counted as hung above: it had no time.)
    local grow
    grow=$(grep -o 'SCM pool: [0-9]* pages' "$out" | awk '{ v[NR] = $3 }
        END { h = int(NR / 2); for (i = 1; i <= NR; i++) if (i <= h) { if (v[i] > a) a = v[i] }
              else if (v[i] > b) b = v[i]; print (NR >= 4 && b > a) ? a " -> " b : "" }')
    if [ -n "$grow" ]; then
        leaks=$((leaks + 1))
        fail "$n: the SCM pool's use grows over the cycles ($grow pages)"
    fi
}

# ---- 1. random cuts ----
# random NAME MODE SEED TIME: one run with random cuts
random() {
    timeout 300 "$SIMSCM" "${COMMON[@]}" --timing $2 --seed $3 \
        --fault cut:mtbf=2ms,mode=sudden --fault cut:mtbf=2ms --max-time $4 \
        --events "$OUT/$1.ev" torncheck </dev/null >"$OUT/$1.out" 2>&1
    echo $? > "$OUT/$1.rc"
    account $1
}
seed=1
while want random && [ "$cuts" -lt "$CUTS" ]; do
    mode=off
    [ $((seed % 4)) -eq 0 ] && mode=on
    random random-$seed $mode $seed 1500ms
    seed=$((seed + 1))
done
# The timing mode (caches) at least once, however few cuts were asked for.
want random && [ "$seed" -le 4 ] && random random-on on 4 300ms
random_cuts=$cuts
t_random=$(date +%s%N)

# ---- 2. crash points in the save and in the resume ----
W=0 points=0
if want crash; then
n=dry
timeout 300 "$SIMSCM" "${COMMON[@]}" --timing on --fault cut:at=20ms --max-time 40ms \
    --events "$OUT/$n.ev" torncheck </dev/null >"$OUT/$n.out" 2>&1
echo $? > "$OUT/$n.rc"
W=$(sed -n 's/.*"event":"power_ack".*"scm_writebacks":\([0-9]*\).*/\1/p' "$OUT/$n.ev" | head -1)
if [ -z "$W" ] || [ "$W" -lt 1 ]; then
    fail "dry run: no write-backs counted in the save"
    W=1
fi
step=$(( (W + POINTS - 1) / POINTS ))
[ "$step" -lt 1 ] && step=1
points=0
# crash NAME FAULT: a warned cut at 20 ms in the timing mode, and FAULT
crash() {
    timeout 300 "$SIMSCM" "${COMMON[@]}" --timing on --fault cut:at=20ms --fault "$2" \
        --max-time 40ms --events "$OUT/$1.ev" torncheck </dev/null >"$OUT/$1.out" 2>&1
    echo $? > "$OUT/$1.rc"
    account "$1"
    points=$((points + 1))
}
for wb in $(seq 1 "$step" "$W") "$W" $((W + 1)); do
    crash save-$wb cut:wb=$wb,mode=sudden
done
for wb in $(seq 1 $(( POINTS / 4 + 1 ))); do
    crash resume-$wb cut:wbon=$wb,mode=sudden
done
fi

# ---- 3. the checkpoint baseline ----
crash_cuts=$((cuts - random_cuts))
ckpt_cuts=$cuts
for seed in 1 2; do
    want ckpt || break
    n=ckpt-$seed
    img=$OUT/ckpt-$seed.img
    rm -f "$img"
    truncate -s 64M "$img"
    timeout 300 "$SIMSCM" --config configs/dram-only.ini "${KOPT[@]}" --timing off --seed $seed \
        --init "torncheck:p counter:p diskpulse:p counter:n" --set guest.persistence=checkpoint \
        --set guest.fixpoint_ms=10 --set disk.image="$img" --set power.off_ms=0 \
        --fault cut:mtbf=40ms,mode=sudden --max-time 1500ms \
        --events "$OUT/$n.ev" torncheck </dev/null >"$OUT/$n.out" 2>&1
    echo $? > "$OUT/$n.rc"
    account $n
done
ckpt_cuts=$((cuts - ckpt_cuts))

t1=$(date +%s%N)
awk -v n="$cuts" -v a="$t0" -v m="$t_random" -v b="$t1" -v r="$random_cuts" -v w="$W" -v c="$crash_cuts" 'BEGIN {
    s = (b - a) / 1e9; sr = (m - a) / 1e9
    printf "torture: %d power cuts in %.1f s of host time: %d random ones at %.0f power cycles per host second, %d at crash points of a %d-write-back save and of the resume\n", n, s, r, r / sr, c, w }'
echo "torture: and $ckpt_cuts on the checkpoint baseline (a disk out of step with memory counts as torn)"
echo "torture: $cuts cuts: $resumed resumed, $rolled rolled back, $cold cold booted; $torn torn, $hung hung, $panics panics, $leaks leaking runs ($runs runs)"
exit $failed
