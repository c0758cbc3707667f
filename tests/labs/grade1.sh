#!/usr/bin/env bash
# grade1.sh -- the check of lab 1 (docs/labs/lab1.md): the kernel's message
# log survives power cycles.
#
#   tests/labs/grade1.sh SIMSCM LABDIR        (make grade-lab1 [LAB=DIR])
#
# Builds LABDIR's guest OS, then boots it in the timing mode (caches on, so
# a page that is not written back loses what the caches held) with a
# persistent counter, cuts the power with a warning at 40 ms and at 90 ms
# (10 ms off each time), and at about 150 ms types `dmesg` in the shell that
# was started again after the second resume.  The log must hold, in order:
# the cold boot's "pool SCM" line, the "power: restored at 66 ms" line of
# the first resume and the "power: restored at 116 ms" line of the second.
# The event log must show two resumes (the save itself still works).
set -u
SIMSCM=$1 LAB=$2
. "$(dirname "$0")/lib.sh"
echo "lab 1: a persistent kernel message log ($LAB)"
build_lab "$LAB" || { verdict "lab 1"; exit 1; }

OUT=$LAB/grade
mkdir -p "$OUT"
# 150 spaces at 1 ms each: dmesg arrives after both power cycles.
printf '%150s%s\n%s\n' '' 'dmesg' 'shutdown' > "$OUT/input.txt"
timeout 120 "$SIMSCM" --config configs/hybrid.ini --kernel "$LAB/build/kernel.elf" --timing on \
    --init "counter:p" --set console.input_gap_us=1000 --fault cut:at=40ms --fault cut:at=90ms \
    --max-time 400ms --input "$OUT/input.txt" --events "$OUT/events.jsonl" \
    > "$OUT/console.txt" 2>&1
rc=$?
[ "$rc" = 0 ] && ok "the run ends with shutdown" || bad "the run ends with shutdown" "exit status $rc; see $OUT/console.txt"
n=$(grep -c '"milestone":"resumed"' "$OUT/events.jsonl" 2>/dev/null)
[ "${n:-0}" = 2 ] && ok "two power cycles, two resumes" \
    || bad "two power cycles, two resumes" "${n:-0} resumed milestones in $OUT/events.jsonl"
# What dmesg printed: the lines after the command, up to the next prompt.
awk '/dmesg$/ { on = 1; next } on && /^\$ / { exit } on' "$OUT/console.txt" > "$OUT/dmesg.txt"
[ -s "$OUT/dmesg.txt" ] && ok "dmesg prints the log" || bad "dmesg prints the log" "nothing after 'dmesg'; see $OUT/console.txt"
seq=$(grep -Eo '^pool SCM:|^power: restored at [0-9]+ ms' "$OUT/dmesg.txt" | tr '\n' '|')
want='pool SCM:|power: restored at 66 ms|power: restored at 116 ms|'
if [ "$seq" = "$want" ]; then
    ok "the log kept the cold boot's lines and both resumes' lines, in order"
else
    bad "the log kept the cold boot's lines and both resumes' lines, in order" \
        "found: ${seq:-nothing}; want: $want (see $OUT/dmesg.txt)"
fi
verdict "lab 1"
