#!/bin/sh
# run.sh -- the cycle-pinning test: run each program in both modes and
# compare its console and its statistics with the checked-in files.
#
#   run.sh check|bless SIMSCM OUTDIR GUEST-INPUT ELF...
#
# Every ELF runs with --timing off and --timing on on configs/dram-only.ini;
# the guest OS session (boot, GUEST-INPUT typed at the shell, shutdown) runs
# in both modes on configs/hybrid.ini.  The --stats JSON is kept whole
# except for four entries that say how the interpreter did its work, not
# what the simulated machine did: config.path, hart.blocks_decoded,
# hart.decode_flushes and hart.tlb_misses.  Cycles, instret, traps,
# interrupts, branch predictions and every cache and memory counter stay.
# check: NAME.MODE.stats and NAME.MODE.console must equal expected/'s, and
# each NAME-samepage (data on the code's last page) must have as many decode
# flushes as NAME; bless: rewrite expected/ from this simscm.
set -u

if [ $# -lt 5 ]; then
    echo "usage: $0 check|bless SIMSCM OUTDIR GUEST-INPUT ELF..." >&2
    exit 2
fi
action=$1; simscm=$2; outdir=$3; guest_input=$4; shift 4
expected=$(dirname "$0")/expected
timeout_s=${TEST_TIMEOUT:-60}
mkdir -p "$outdir" "$expected"

# Keep what the machine did, sorted, one value a line.
filter() {
    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
del s["config"]["path"]
for k in ("blocks_decoded", "decode_flushes", "tlb_misses"):
    del s["hart"][k]
json.dump(s, sys.stdout, indent=1, sort_keys=True)
print()' "$1"
}

passed=0; failed=0
# one NAME MODE CMD...: run, filter, compare or bless
one() {
    name=$1; mode=$2; shift 2
    base="$outdir/$name.$mode"
    timeout "$timeout_s" "$@" --timing "$mode" --stats "$base.json" \
        </dev/null >"$base.console" 2>"$base.err"
    echo "exit: $?" >>"$base.console"
    if ! filter "$base.json" >"$base.stats" 2>>"$base.err"; then
        echo "FAIL $name ($mode): no statistics; see $base.err"
        failed=$((failed + 1))
        return
    fi
    if [ "$action" = bless ]; then
        cp "$base.stats" "$expected/$name.$mode.stats"
        cp "$base.console" "$expected/$name.$mode.console"
        echo "blessed $name ($mode): $(grep -m1 '"cycles"' "$base.stats" | tr -d ' ,')"
        return
    fi
    why=""
    for kind in console stats; do
        if [ ! -f "$expected/$name.$mode.$kind" ]; then
            why="no expected/$name.$mode.$kind (make bless-pin)"
        elif ! cmp -s "$expected/$name.$mode.$kind" "$base.$kind"; then
            why="$kind differs"
        fi
        [ -n "$why" ] && break
    done
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "PASS $name ($mode)"
    else
        failed=$((failed + 1))
        echo "FAIL $name ($mode): $why"
        [ -f "$expected/$name.$mode.$kind" ] &&
            diff -u --label "expected/$name.$mode.$kind" --label "simscm" \
                "$expected/$name.$mode.$kind" "$base.$kind" | sed -n '3,30s/^/    /p'
    fi
}

for mode in off on; do
    for elf in "$@"; do
        one "$(basename "$elf" .elf)" $mode "$simscm" --config configs/dram-only.ini "$elf"
    done
    one guest $mode "$simscm" --config configs/hybrid.ini --input "$guest_input" \
        --init "" matmul
done
[ "$action" = bless ] && exit 0

# Data on the code's last page must not throw decoded code away: each
# same-page program flushes exactly as often as its separated layout.
flushes() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["hart"]["decode_flushes"])' "$1"
}
for same in "$outdir"/*-samepage.off.json; do
    name=$(basename "$same" -samepage.off.json)
    a=$(flushes "$outdir/$name.off.json"); b=$(flushes "$same")
    if [ "$a" = "$b" ]; then
        passed=$((passed + 1))
        echo "PASS $name-samepage: $b decode flushes, as the separated layout"
    else
        failed=$((failed + 1))
        echo "FAIL $name-samepage: $b decode flushes, the separated layout $a"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
