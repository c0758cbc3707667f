#!/bin/sh
# guest-events.sh -- the event trace of a guest OS run: `persist 3 on` and
# `persist 3 off` each show as one page migration, with the pages the
# guest's own `ps` reports, and the JSON event log (--events) agrees.
#
#   guest-events.sh SIMSCM OUTDIR
#
# Not a byte-for-byte golden file: the guest's trap lines change with every
# kernel edit.  The assertions are on the lines that matter.
set -u
simscm=$1; outdir=$2
mkdir -p "$outdir"
in="$outdir/guest-events.in"; out="$outdir/guest-events.console"
ev="$outdir/guest-events.events"; js="$outdir/guest-events.jsonl"
printf 'run -n counter\nsleep 20\npersist 3 on\nps\npersist 3 off\nps\nshutdown\n' >"$in"
timeout "${TEST_TIMEOUT:-60}" "$simscm" --config configs/hybrid.ini --timing off \
    --set faults.inject= --set reqchan.rate_per_ms=0 --init "" --input "$in" \
    --trace-events="$ev" --events "$js" --max-time 3s counter </dev/null >"$out" 2>&1
rc=$?

passed=0; failed=0
check() {   # check WHAT CONDITION...
    what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "PASS guest-events: $what"
    else failed=$((failed + 1)); echo "FAIL guest-events: $what"; fi
}
check "the guest shut down cleanly (exit $rc)" [ "$rc" = 0 ]
# ps after "persist 3 on": pid 3's SCM pages; after "off": its DRAM pages.
scm=$(awk '/persist 3 on/ {on=1} on && $1 == "3" && $3 == "counter" {print $6; exit}' "$out")
dram=$(awk '/persist 3 off/ {off=1} off && $1 == "3" && $3 == "counter" {print $7; exit}' "$out")
check "ps shows counter's pages in SCM ($scm) then DRAM ($dram)" [ "${scm:-0}" -gt 0 ] && [ "${dram:-0}" -gt 0 ]
on_line=$(grep -n " migration  pid=3 to=scm pages=$scm\$" "$ev" | cut -d: -f1)
off_line=$(grep -n " migration  pid=3 to=dram pages=$dram\$" "$ev" | cut -d: -f1)
check "event trace: migration pid=3 to=scm pages=$scm" [ -n "$on_line" ]
check "event trace: migration pid=3 to=dram pages=$dram, after it" \
    [ -n "$off_line" ] && [ -n "$on_line" ] && [ "$off_line" -gt "$on_line" ]
check "event trace: exactly two migrations" [ "$(grep -c ' migration ' "$ev")" = 2 ]
check "event trace: the shell's system calls (U->S ecalls)" \
    grep -q " trap       U->S  cause=8 (environment call from U-mode)" "$ev"
check "event trace: the timer interrupts" grep -q " interrupt  .* cause=.*timer interrupt" "$ev"
check "event log: the same migration as JSON" \
    grep -q "\"event\":\"migration\",\"pid\":3,\"to\":\"scm\",\"pages\":$scm}" "$js"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
