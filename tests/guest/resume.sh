#!/usr/bin/env bash
# resume.sh -- the guest OS across power cycles: instant off on the power
# controller's warning, instant on from the resume record.
#
#   tests/guest/resume.sh SIMSCM OUTDIR
#
# Checks, each from what the guest prints and from the event log (--events),
# which the simulator writes, not the guest:
#   counter-*    a persistent counter goes on from its count after a warned
#                power cycle while a non-persistent one starts again from
#                zero with its pid; the shell is restarted; milestones saved,
#                resumed and restarted (2) are logged; timing mode (caches)
#   kvstore-*    a persistent kvstore keeps serving across a power cycle with
#                no wrong answer: every acknowledged put is still there (the
#                request channel checks each answer against its own model)
#   many-*       ten power cycles at random times in one run: ten resumes,
#                the persistent count never goes back
#   ghost-*      a persistent parent sees its lost non-persistent child in
#                wait() with status EXIT_POWERLOST and goes on
#   image-*      across two simscm runs on one SCM image: the first ends
#                while the machine is off after a save, the second resumes
#   sudden-*     a cut with no warning rolls back to the last fixpoint (the
#                work since then is lost, the count goes on from there), or
#                boots cold when fixpoints are off
#   bug*         each buggy workload of the catalogue, its bug triggered at
#                200 ms: the fault is detected (the watchdog for bugspin, the
#                kernel's checks for the others), the machine is power-
#                cycled, the persistent kvstore serves again, and the buggy
#                program starts afresh and behaves; prints fault-to-service
#   reboot-*     the same with [guest] recovery = reboot: a cold boot
#   determinism  the same run twice: same console, same event log
set -u
SIMSCM=$1 OUT=$2
HERE=$(dirname "$0")
. "$HERE/lib.sh"
mkdir -p "$OUT"

echo "guest OS across power cycles:"

# ev FILE EVENT [FIELD]: how many lines of EVENT, or FIELD of each (one per line)
ev() {
    if [ $# -eq 2 ]; then
        grep -c "\"event\":\"$2\"" "$1"
    else
        grep "\"event\":\"$2\"" "$1" | sed -n "s/.*\"$3\":\"\{0,1\}\([^,\"}]*\).*/\1/p"
    fi
}
# milestone FILE NAME: the arg of each guest milestone NAME
milestone() {
    grep "\"milestone\":\"$2\"" "$1" | sed -n 's/.*"arg":\([0-9]*\).*/\1/p'
}
# counts NAME PID: the counts PID printed, in order
counts() {
    sed -n "s/^counter: pid $2 count \([0-9]*\) .*/\1/p" "$OUT/$1.out"
}
# before/after NAME PID: the last count before the power line, the first after
count_before() {
    awk -v pid="$2" '/^power: restored/ { exit } $1 == "counter:" && $3 == pid { c = $5 } END { print c }' "$OUT/$1.out"
}
count_after() {
    awk -v pid="$2" '/^power: restored/ { on = 1; next } on && $1 == "counter:" && $3 == pid { print $5; exit }' "$OUT/$1.out"
}

# ---- a persistent and a non-persistent counter, timing mode ----
for mode in off on; do
    n=counter-$mode
    session $n $'run -p counter 100\nrun -n counter 100\n' --config configs/hybrid.ini \
        --timing $mode --init "" --fault cut:at=350ms --max-time 700ms \
        --events "$OUT/$n.ev" counter
    expect_rc $n 124 "the run ends at --max-time"
    expect $n '^power: failing at 350 ms; state saved in [0-9]+ us; 2 non-persistent' \
        "the guest saves on the warning (2 to restart: sh and one counter)"
    expect $n '^power: restored at 376 ms after 10 ms off; resumed in [0-9]+ us; restarted 2' \
        "the guest resumes and restarts 2"
    # pid 2 is the shell; 3 and 4 are the counters it starts.
    p_before=$(count_before $n 3) p_after=$(count_after $n 3)
    n_before=$(count_before $n 4) n_after=$(count_after $n 4)
    check_cmp "$n: persistent counter goes on ($p_before, then $p_after)" "${p_after:-0}" -gt "${p_before:-x}"
    check_cmp "$n: non-persistent counter starts again ($n_before, then $n_after)" \
        "${n_after:-x}" -lt "${n_before:-0}"
    check_eq "$n: milestones saved, resumed, restarted" \
        "$(ev "$OUT/$n.ev" guest | tr -d '\n') $(grep -o '"milestone":"[a-z_]*"' "$OUT/$n.ev" | tr -d '\n')" \
        "4 \"milestone\":\"cold_booted\"\"milestone\":\"saved\"\"milestone\":\"resumed\"\"milestone\":\"restarted\""
    check_eq "$n: the restarted count is logged" "$(milestone "$OUT/$n.ev" restarted)" "2"
    expect_not $n 'panic|CORRUPT' "no panic"
done

# ---- kvstore: no acknowledged request lost ----
n=kvstore-cycle
session $n '' --config configs/hybrid.ini --timing on --set reqchan.rate_per_ms=5 \
    --set reqchan.start_ms=5 --set reqchan.keys=64 --fault cut:at=60ms --max-time 200ms \
    --events "$OUT/$n.ev" --stats "$OUT/$n.json" kvstore
read -r sent answered correct wrong bad <<< "$(reqchan_stat "$OUT/$n.json" sent answered correct wrong bad_answers)"
check_eq "$n: one save and one resume" "$(ev "$OUT/$n.ev" guest milestone | grep -c 'saved\|resumed')" "2"
check_eq "$n: no wrong answer, no bad answer ($answered answered of $sent)" "${wrong:-x} ${bad:-x}" "0 0"
check_cmp "$n: requests answered after the resume" \
    "$(awk -F'[:,]' '/"milestone":"first_request"/ { n++ } END { print n + 0 }' "$OUT/$n.ev")" -eq 2
check_cmp "$n: most requests answered ($answered of $sent)" "$(( ${answered:-0} * 100 ))" -ge "$(( ${sent:-1} * 80 ))"

# ---- many cycles ----
n=many
session $n $'run -p counter 50\n' --config configs/hybrid.ini --timing off --init "" \
    --fault cut:mtbf=150ms --seed 7 --max-time 2500ms --events "$OUT/$n.ev" counter
cuts=$(ev "$OUT/$n.ev" power_cut)
check_cmp "$n: several power cycles ($cuts)" "$cuts" -ge 5
check_eq "$n: every cut was saved and resumed" \
    "$(milestone "$OUT/$n.ev" saved | wc -l) $(milestone "$OUT/$n.ev" resumed | wc -l)" "$cuts $cuts"
if counts $n 3 | awk 'NR > 1 && $1 <= prev { bad = 1 } { prev = $1 } END { exit bad }'; then
    ok "$n: the persistent count never goes back ($(counts $n 3 | wc -l) reports)"
else
    bad "$n: the persistent count never goes back" "$(counts $n 3 | tr '\n' ' ')"
fi

# ---- a lost non-persistent child, seen by its persistent parent ----
n=ghost
session $n '' --config configs/hybrid.ini --timing off --init "waitchild:p" \
    --fault cut:at=200ms --max-time 500ms --events "$OUT/$n.ev" waitchild
expect $n '^waitchild: round 1: started counter \(pid 4, not persistent\)' "the child starts"
expect $n '^waitchild: round 1: pid 4 ended with status -128 \(lost in a power cycle\)' \
    "wait() reports the lost child with EXIT_POWERLOST"
expect $n '^waitchild: round 2: started counter' "the parent goes on"

# ---- across two runs on one SCM image ----
img=$OUT/resume.img
rm -f "$img"
session image-1 $'run -p counter 50\n' --config configs/hybrid.ini --timing off --init "" \
    --set region.scm.image="$img" --fault cut:at=300ms --max-time 320ms \
    --events "$OUT/image-1.ev" counter
session image-2 '' --config configs/hybrid.ini --timing off --init "" \
    --set region.scm.image="$img" --max-time 400ms --events "$OUT/image-2.ev" counter
check_eq "image: the first run ends while the machine is off" \
    "$(ev "$OUT/image-1.ev" power_cut) $(ev "$OUT/image-1.ev" power_on)" "1 1"
check_eq "image: the second run powers on restored and resumes" \
    "$(ev "$OUT/image-2.ev" power_on reason) $(milestone "$OUT/image-2.ev" resumed | wc -l)" "restored 1"
last1=$(counts image-1 3 | tail -1) first2=$(counts image-2 3 | head -1)
check_cmp "image: the persistent counter goes on across runs ($last1, then $first2)" \
    "${first2:-0}" -gt "${last1:-x}"

# ---- sudden loss: no record; roll back to the last fixpoint, or boot cold ----
n=sudden
session $n $'run -p counter 50\n' --config configs/hybrid.ini --timing off --init "" \
    --set guest.fixpoint_ms=100 --fault cut:at=370ms,mode=sudden --max-time 700ms \
    --events "$OUT/$n.ev" counter
check_eq "$n: no save; rolled back (one cold boot, at the start)" \
    "$(milestone "$OUT/$n.ev" saved | wc -l) $(milestone "$OUT/$n.ev" rolled_back | wc -l) $(grep -o '"milestone":"cold_booted"' "$OUT/$n.ev" | wc -l)" "0 1 1"
expect $n '^power: no resume record; rolled back to the fixpoint of 3[0-6][0-9] ms \([0-9]+ ms of work lost\)' \
    "the console says which fixpoint and what was lost"
lost=$(milestone "$OUT/$n.ev" rolled_back)
check_cmp "$n: the work lost is under fixpoint_ms + the cut's lateness ($lost ns)" "${lost:-999999999}" -le 100000000
before=$(awk '/^power: no resume/ { exit } $1 == "counter:" && $3 == 3 { print $5 }' "$OUT/$n.out" | tail -3 | head -1)
after=$(awk '/^power: no resume/ { on = 1; next } on && $1 == "counter:" && $3 == 3 { print $5; exit }' "$OUT/$n.out")
check_cmp "$n: the persistent count goes on from the fixpoint, not from 0 ($after)" "${after:-0}" -gt 1000000
expect_not $n 'TORN|panic' "nothing torn, no panic"
n=sudden-nofx
session $n $'run -p counter 50\n' --config configs/hybrid.ini --timing off --init "" \
    --set guest.fixpoint_ms=0 --fault cut:at=200ms,mode=sudden --max-time 400ms \
    --events "$OUT/$n.ev" counter
check_eq "$n: without fixpoints, no save and a cold boot after the cut" \
    "$(milestone "$OUT/$n.ev" saved | wc -l) $(grep -o '"milestone":"cold_booted"' "$OUT/$n.ev" | wc -l)" "0 2"
expect $n '^power: no resume record: cold boot' "the console says so"

# ---- the buggy-process catalogue ----
for b in spin:1:watchdog_expiry leak:2:fault_detected corrupt:3:fault_detected deadlock:4:fault_detected; do
    IFS=: read -r kind id detect <<< "$b"
    n=bug$kind
    session $n '' --config configs/hybrid.ini --timing off --init "kvstore:p counter:p $n:n" \
        --set faults.inject= --set reqchan.rate_per_ms=5 --fault bug:id=$id,at=200ms --max-time 800ms \
        --events "$OUT/$n.ev" --stats "$OUT/$n.json" kvstore
    t_fault=$(after "$OUT/$n.ev" 200000000 $detect)
    t_on=$(after "$OUT/$n.ev" "${t_fault:-0}" power_on)
    t_serve=$(after "$OUT/$n.ev" "${t_on:-0}" first_request)
    if [ -n "$t_fault" ] && [ -n "$t_on" ] && [ -n "$t_serve" ]; then
        ok "$n: fault detected ($detect) at $((t_fault / 1000000)) ms, power cycle, kvstore serves again: $(( (t_serve - t_fault) / 1000 )) us from fault to service ($(( (t_serve - t_on) / 1000 )) us after power-on)"
    else
        bad "$n: fault detected, power cycle, kvstore serves again" "fault '$t_fault', power-on '$t_on', service '$t_serve'; see $OUT/$n.ev"
    fi
    expect_count $n "$n: pid [0-9]+: the bug strikes" 1 "the bug struck once: the restarted $n behaves"
    expect $n "^$n: pid [0-9]+ working" "$n runs again after the power cycle"
    if [ "$kind" != spin ]; then
        read -r wrong bad_ans <<< "$(reqchan_stat "$OUT/$n.json" wrong bad_answers)"
        check_eq "$n: a warned power cycle: no acknowledged request lost" "${wrong:-x} ${bad_ans:-x}" "0 0"
    fi
done
n=reboot-leak
session $n '' --config configs/hybrid.ini --timing off --init "kvstore:p counter:p bugleak:n" \
    --set guest.recovery=reboot --set faults.inject= --set reqchan.rate_per_ms=5 \
    --fault bug:id=2,at=200ms \
    --max-time 800ms --events "$OUT/$n.ev" kvstore
check_eq "$n: recovery policy reboot: the fault, then a cold boot (no save, no resume, no roll-back)" \
    "$(grep -o '"milestone":"[a-z_]*"' "$OUT/$n.ev" | grep -v first_request | tr -d '\n')" \
    '"milestone":"cold_booted""milestone":"fault_detected""milestone":"cold_booted"'
expect $n '^fault detected: DRAM pages that belong to no process \(a leak\); full reboot' \
    "the console says which fault and which policy"

# ---- determinism ----
session determinism-2 $'run -p counter 100\nrun -n counter 100\n' --config configs/hybrid.ini \
    --timing on --init "" --fault cut:at=350ms --max-time 700ms \
    --events "$OUT/determinism-2.ev" counter
if cmp -s "$OUT/counter-on.out" "$OUT/determinism-2.out" && cmp -s "$OUT/counter-on.ev" "$OUT/determinism-2.ev"; then
    ok "determinism: the same run twice gives the same console and event log"
else
    bad "determinism: the same run twice gives the same console and event log" \
        "$OUT/counter-on.{out,ev} and $OUT/determinism-2.{out,ev} differ"
fi

summary
