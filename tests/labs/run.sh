#!/usr/bin/env bash
# run.sh -- make test-labs: each lab's check must fail on its starting point
# and pass on the starting point with the reference solution applied.
#
#   tests/labs/run.sh SIMSCM OUTDIR
#
# Lab 1 and 2: `make labN-start` into OUTDIR/labN, grade (must fail and say
# why: for lab 1 the log lost the resumes' lines, for lab 2 the torture found
# the tear), patch tests/labs/solutions/labN.patch in, grade again (must
# pass).  The second build is incremental.  Lab 3: the starting scenario
# (one factor) is run and graded (must fail on the sweep and the answers);
# then the reference scenario is run, plotted, answered by
# tests/labs/solutions/lab3/answer.sh from its own data, and graded (must
# pass).  A check that passed on a starting point would teach nothing.
set -u
SIMSCM=$1 OUT=$2
rm -rf "$OUT"
mkdir -p "$OUT"
PASS=0 FAIL=0
ok()  { PASS=$((PASS + 1)); printf '  ok    %s\n' "$1"; }
bad() { FAIL=$((FAIL + 1)); printf '  FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '        %s\n' "$2"; return 0; }

# grade N DIR LOG: run the check of lab N on DIR, its output into LOG
grade() {
    if [ "$1" = 3 ]; then tests/labs/grade3.py "$SIMSCM" "$2"; else tests/labs/grade$1.sh "$SIMSCM" "$2"; fi > "$3" 2>&1
}
# expect_fail N DIR WHY-REGEX: the check fails, for the reason the lab is about
expect_fail() {
    local log=$OUT/lab$1-start.txt
    if grade "$1" "$2" "$log"; then
        bad "lab $1: the check fails on the starting point" "it passed; see $log"
    elif ! grep -Eq "$3" "$log"; then
        bad "lab $1: the check fails on the starting point, for the right reason" \
            "no line matches /$3/; see $log"
    else
        ok "lab $1: the check fails on the starting point ($(grep -Em1 "$3" "$log" | sed 's/^ *//'))"
    fi
}
expect_pass() {
    local log=$OUT/lab$1-solution.txt
    if grade "$1" "$2" "$log"; then
        ok "lab $1: the check passes with the reference solution ($(tail -1 "$log"))"
    else
        bad "lab $1: the check passes with the reference solution" "$(grep -m3 FAIL "$log"); see $log"
    fi
}

echo "labs: starting points fail their checks, reference solutions pass:"
for n in 1 2; do
    d=$OUT/lab$n
    if ! tests/labs/start.sh $n "$d" > "$OUT/lab$n-make.txt" 2>&1; then
        bad "lab $n: the starting point is made" "$(cat "$OUT/lab$n-make.txt")"
        continue
    fi
    case $n in
    1) expect_fail 1 "$d" 'FAIL  the log kept' ;;
    2) expect_fail 2 "$d" 'FAIL  torture' ;;
    esac
    if patch -s -p1 -d "$d" < tests/labs/solutions/lab$n.patch; then
        expect_pass $n "$d"
    else
        bad "lab $n: the reference solution applies to the starting point"
    fi
done

d=$OUT/lab3
tests/labs/start.sh 3 "$d" > "$OUT/lab3-make.txt" 2>&1
experiments/simexp.py "$d/sweep.scn" --out "$d/results" --jobs 2 > "$OUT/lab3-simexp-start.txt" 2>&1
expect_fail 3 "$d" 'FAIL  the sweep'
cp tests/labs/solutions/lab3/sweep.scn "$d/sweep.scn"
if experiments/simexp.py "$d/sweep.scn" --out "$d/results" --jobs 2 > "$OUT/lab3-simexp.txt" 2>&1 &&
   experiments/simexp.py plot "$d/results" >> "$OUT/lab3-simexp.txt" 2>&1 &&
   tests/labs/solutions/lab3/answer.sh "$d"; then
    expect_pass 3 "$d"
else
    bad "lab 3: the reference sweep runs and plots" "see $OUT/lab3-simexp.txt"
fi

echo "labs: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
