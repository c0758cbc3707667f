#!/usr/bin/env bash
# grade2.sh -- the check of lab 2 (docs/labs/lab2.md): the save path
# writes back everything a persistent process needs.
#
#   tests/labs/grade2.sh SIMSCM LABDIR        (make grade-lab2 [LAB=DIR])
#
# Builds LABDIR's guest OS and runs the crash-point part of the power-cut
# torture (tests/guest/torture.sh, PHASES=crash) on it: in the timing mode,
# a warned cut at 20 ms whose save is itself cut after its N-th write-back,
# for 8 values of N spread over the save, the save let to finish, and cuts
# in the first write-backs of the resume.  Every power-on must resume, roll
# back or boot cold, with no tear (torncheck), panic or hang; and the runs
# whose save finished must resume (a kernel that saves nothing would pass
# the first test by booting cold every time).
set -u
SIMSCM=$1 LAB=$2
. "$(dirname "$0")/lib.sh"
echo "lab 2: the missing write-back ($LAB)"
build_lab "$LAB" || { verdict "lab 2"; exit 1; }

OUT=$LAB/grade
mkdir -p "$OUT"
PHASES=crash KERNEL=$LAB/build/kernel.elf tests/guest/torture.sh "$SIMSCM" "$OUT/torture" 0 8 \
    > "$OUT/torture.txt" 2>&1
rc=$?
sed 's/^/        /' "$OUT/torture.txt" | tail -8
[ "$rc" = 0 ] && ok "torture at the crash points of the save: no tear, panic or hang" \
    || bad "torture at the crash points of the save: no tear, panic or hang" "see $OUT/torture.txt"
# The crash point past the last write-back: the save finished, so it resumes.
W=$(sed -n 's/.*"event":"power_ack".*"scm_writebacks":\([0-9]*\).*/\1/p' "$OUT/torture/dry.ev" | head -1)
for n in dry save-$((W + 1)); do
    if ! grep -q '"milestone":"resumed"' "$OUT/torture/$n.ev" 2>/dev/null; then
        bad "$n: a finished save resumes" "no resumed milestone; see $OUT/torture/$n.out"
    elif grep -q ': killed$' "$OUT/torture/$n.out"; then
        bad "$n: a finished save resumes, and its processes go on" \
            "$(grep -m1 ': killed$' "$OUT/torture/$n.out"); see $OUT/torture/$n.out"
    else
        ok "$n: a finished save resumes, and its processes go on"
    fi
done
verdict "lab 2"
