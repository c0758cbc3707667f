#!/usr/bin/env bash
# tests/experiments/run.sh SIMSCM OUTDIR -- checks the experiment driver
# (experiments/simexp.py) on the quick suite (experiments/quick.scn):
#
#   full      every cell has its row in results.csv, every figure is within
#             physical bounds, instant off/on is more available than the cold
#             reboot at the same fault rate and loses no acknowledged update
#             with the default (warned, 16 ms) window
#   plots     each plot exists as a valid PNG and SVG of plausible size
#   resume    a second driver on the same directory runs simscm 0 times
#   kill      a driver killed by SIGKILL, and one stopped by SIGTERM, lose no
#             finished run; a rerun completes the rest and gives the very same
#             results.csv as the uninterrupted run (same seed, same row)
#   errors    bad scenario files give FILE:LINE: ... and exit 2
set -u
SIMSCM=$(realpath "$1")
OUT=${2:-build/tests/experiments}
SIMEXP=experiments/simexp.py
SCN=experiments/quick.scn
PY=/usr/bin/python3
rm -rf "$OUT"
mkdir -p "$OUT"
pass=0
fail=0
ok() { echo "  ok   $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1${2:+: $2}"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1" "${3:-}"; fi; }

# A wrapper that counts simscm runs, one line per run, in $OUT/calls.
cat > "$OUT/simscm" <<WRAP
#!/bin/sh
echo run >> "$(realpath "$OUT")/calls"
exec "$SIMSCM" "\$@"
WRAP
chmod +x "$OUT/simscm"
calls() { [ -f "$OUT/calls" ] && wc -l < "$OUT/calls" || echo 0; }
ncells=$($SIMEXP $SCN --out "$OUT/a" --list | wc -l)
results() { ls "$1"/runs/*/result.json 2>/dev/null | wc -l; }

echo "experiment driver (quick suite, $ncells cells):"
$SIMEXP $SCN --out "$OUT/a" --jobs 2 --simscm "$OUT/simscm" 2> "$OUT/a.err"
check "full: the driver succeeds" "[ $? -eq 0 ]" "see $OUT/a.err"
check "full: simscm ran once per cell" "[ $(calls) -eq $ncells ]" "$(calls) runs"
$PY - "$OUT/a/results.csv" "$ncells" > "$OUT/bounds.out" 2>&1 <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
bad = []
def f(r, k):
    return float(r[k]) if r[k] != "" else None
def need(cond, what, r):
    if not cond:
        bad.append("%s: %s" % (r["id"], what))
if len(rows) != int(sys.argv[2]) or len({r["id"] for r in rows}) != len(rows):
    bad.append("%d rows for %s cells" % (len(rows), sys.argv[2]))
for r in rows:
    need(r["exit_reason"] in ("max-time", "guest-pass"), "exit " + r["exit_reason"], r)
    need(0 < f(r, "run_ms") <= int(r["time_ms"]) + 1, "run_ms", r)
    a = f(r, "availability")
    need(a is None or 0 <= a <= 1, "availability %s" % a, r)
    rs, fs, cs = (f(r, k) for k in ("restore_to_service_ms", "fault_to_service_ms", "cut_to_service_ms"))
    if rs is not None:
        need(0 < rs <= cs and cs <= fs + 1e-9, "restore %s <= cut %s <= fault %s" % (rs, cs, fs), r)
        need(cs >= int(r["off_ms"]), "cut to service %s shorter than off_ms" % cs, r)
    need(int(r["wrong"]) <= int(r["answered"]) <= int(r["sent"]), "wrong <= answered <= sent", r)
    o = f(r, "ckpt_overhead")
    need(o is None or 0 <= o < 1, "checkpoint overhead %s" % o, r)
    need(f(r, "lost_work_ms") <= f(r, "run_ms"), "lost work longer than the run", r)
    need(int(r["torn"]) == 0, "torn state detected", r)
    if r["policy"] == "instant" and r["fault"] == "cut-warned" and r["residual_us"] == "16000":
        need(int(r["wrong"]) == 0 and f(r, "lost_work_ms") == 0, "instant, warned: lost work", r)
    if r["fault"].startswith("cut") and r["policy"] == "checkpoint":
        need(int(r["checkpoints"]) > 0, "no checkpoint", r)
# instant above cold reboot at the same MTBF
av = {}
for r in rows:
    if r["experiment"] == "availability":
        av.setdefault(r["mtbf_ms"], {})[r["policy"]] = f(r, "availability")
for m, p in av.items():
    if not p.get("instant", 0) > p.get("reboot", 1):
        bad.append("availability at MTBF %s ms: instant %s not above reboot %s" % (m, p.get("instant"), p.get("reboot")))
# persistent memwalk slower than non-persistent as SCM gets slower, equal at 1x
sd = {(r["scm_factor"], r["batch_persist"]): f(r, "run_ms") for r in rows if r["experiment"] == "slowdown"}
for (fac, pers), t in sd.items():
    if pers == "p":
        s = t / sd[(fac, "n")]
        need(abs(s - 1) < 0.02 if float(fac) == 1 else s > 1 + 0.3 * (float(fac) - 1),
             "slowdown %.3f at %sx" % (s, fac), {"id": "slowdown"})
print("\n".join(bad) or "all within bounds")
sys.exit(1 if bad else 0)
PY
check "full: every cell in the CSV, every figure within bounds, instant > reboot, instant warned loses nothing" \
    "[ $? -eq 0 ]" "$(head -5 "$OUT/bounds.out")"

$SIMEXP plot "$OUT/a" --plots "$OUT/plots" 2> "$OUT/plot.err"
check "plots: the plot command succeeds" "[ $? -eq 0 ]" "see $OUT/plot.err"
for p in slowdown recovery availability lostwork checkpoint footprint; do
    $PY - "$OUT/plots/$p.png" "$OUT/plots/$p.svg" <<'PY'
import struct, sys, xml.etree.ElementTree as ET
png, svg = sys.argv[1:]
b = open(png, "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
assert 400 <= w <= 4000 and 300 <= h <= 4000 and 8000 < len(b) < 2000000, (w, h, len(b))
root = ET.parse(svg).getroot()
assert root.tag.endswith("svg") and 5000 < len(open(svg).read()) < 2000000
PY
    check "plots: $p.png and $p.svg are valid and plausible" "[ $? -eq 0 ]"
done

before=$(calls)
$SIMEXP $SCN --out "$OUT/a" --jobs 2 --simscm "$OUT/simscm" 2> "$OUT/a2.err"
check "resume: a rerun on a finished directory runs simscm 0 times" \
    "[ $? -eq 0 ] && [ $(calls) -eq $before ] && grep -q '$ncells finished, 0 to run' '$OUT/a2.err'"

# kill SIG DIR: start the driver, kill it once 3 runs have finished, check
# that the finished runs survive untouched and that a rerun completes them.
kill_test() {
    local sig=$1 dir=$OUT/$2
    $SIMEXP $SCN --out "$dir" --jobs 2 --simscm "$OUT/simscm" 2> "$dir.err" &
    local pid=$! t=0
    while [ "$(results "$dir")" -lt 3 ] && [ $t -lt 600 ]; do sleep 0.1; t=$((t + 1)); done
    kill -"$sig" $pid
    wait $pid
    local rc=$?
    local done_before
    done_before=$(results "$dir")
    sha1sum "$dir"/runs/*/result.json > "$dir.sums"
    check "kill: SIG$sig with $done_before of $ncells runs finished ends the driver" \
        "[ $rc -ne 0 ] && [ $done_before -ge 3 ] && [ $done_before -lt $ncells ]" "rc $rc, $done_before finished"
    sleep 1    # orphans of a SIGKILL finish in their .tmp directory, harmlessly
    local c0
    c0=$(calls)
    $SIMEXP $SCN --out "$dir" --jobs 2 --simscm "$OUT/simscm" 2> "$dir.rerun.err"
    check "kill: after SIG$sig a rerun completes the rest, running only the unfinished cells" \
        "[ $? -eq 0 ] && [ $(($(calls) - c0)) -eq $((ncells - done_before)) ]" \
        "$(($(calls) - c0)) runs for $((ncells - done_before)) unfinished"
    check "kill: after SIG$sig the finished results are untouched" "sha1sum -c --quiet '$dir.sums'"
    check "kill: after SIG$sig results.csv is the uninterrupted run's, row for row (determinism)" \
        "cmp -s '$dir/results.csv' '$OUT/a/results.csv'"
    check "kill: after SIG$sig no half-run directory is left" "! ls -d '$dir'/runs/.tmp-* >/dev/null 2>&1"
}
kill_test KILL b
kill_test TERM c

# Scenario errors: each file has its error on line 3.
err() {
    local name=$1 want=$2
    printf '# %s\n[experiment x]\n%s\n' "$name" "$3" > "$OUT/$name.scn"
    $SIMEXP "$OUT/$name.scn" --out "$OUT/bad" > "$OUT/$name.err" 2>&1
    local rc=$?
    check "errors: $name: exit 2 and '$OUT/$name.scn:3: $want'" \
        "[ $rc -eq 2 ] && grep -qF '$OUT/$name.scn:3: $want' '$OUT/$name.err'" "rc $rc: $(cat "$OUT/$name.err")"
}
err unknown-key 'unknown key "polcy"' 'polcy = instant'
err bad-word 'policy: "instnt" is not one of' 'policy = instant, instnt'
err bad-number 'residual_us: "16ms" is not a whole number' 'residual_us = 16ms'
err no-equals 'expected "key = value' 'policy instant'
err empty-item 'seed: empty value in the list' 'seed = 1,,2'
err bad-section 'unknown section "[experment y]"' '[experment y]'
err bad-init 'init: "kvstore:x" is not NAME:p or NAME:n' 'init = kvstore:x'
printf 'policy = instant\n' > "$OUT/outside.scn"
$SIMEXP "$OUT/outside.scn" --out "$OUT/bad" > "$OUT/outside.err" 2>&1
check "errors: a key outside a section: exit 2 and FILE:1:" \
    "[ $? -eq 2 ] && grep -qF '$OUT/outside.scn:1: key \"policy\" before any' '$OUT/outside.err'"
check "errors: no run directory made for a bad scenario" "[ ! -e '$OUT/bad' ]"

echo "experiments: $pass passed, $fail failed"
[ $fail -eq 0 ]
