#!/bin/sh
# window.sh SIMSCM OUT -- the window under an X server (run.sh starts it
# with xvfb-run): a guest session driven with xdotool and checked from
# screenshots, the event log and the output.  Prints one "ok"/"FAIL" line
# per check.
set -u
SIMSCM=$1
OUT=$2
HERE=$(dirname "$0")
SHOT="python3 $HERE/shot.py"

ok() { printf '  ok    %s\n' "$1"; }
bad() { printf '  FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '        %s\n' "$2"; return 0; }

shot() { xwd -root -silent | xwdtopnm 2>/dev/null | pnmdepth 255 > "$OUT/$1.ppm"; }

# wait_for FILE TEXT SECONDS
wait_for() {
    n=0
    while ! grep -q -- "$2" "$1" 2>/dev/null; do
        n=$((n + 1))
        [ $n -gt $(($3 * 5)) ] && return 1
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.2
    done
    return 0
}

# wait_power STATE NAME: screenshots until the indicator shows STATE.
wait_power() {
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
        shot "$2"
        [ "$($SHOT power "$OUT/$2.ppm")" = "$1" ] && return 0
        sleep 0.3
    done
    return 1
}

# --- determinism: the window changes nothing the run computes ----------
# The same run headless, its stdin an open pipe that stays silent (the
# console polls it as it polls the window's keys).
mkfifo "$OUT/stdin"
sleep 120 > "$OUT/stdin" &
SLEEPER=$!
timeout 60 "$SIMSCM" --config configs/hybrid.ini --max-time 100ms --stats "$OUT/headless.json" \
    counter < "$OUT/stdin" > "$OUT/headless.out" 2>/dev/null
kill $SLEEPER 2>/dev/null
timeout 60 "$SIMSCM" --display sdl --config configs/hybrid.ini --max-time 100ms \
    --stats "$OUT/window.json" counter > "$OUT/window.out" 2>"$OUT/window.err" < /dev/null
if cmp -s "$OUT/headless.json" "$OUT/window.json" && cmp -s "$OUT/headless.out" "$OUT/window.out" \
   && grep -q '"cycles"' "$OUT/window.json"; then
    ok "same stats and output with the window as headless (100 ms of counter)"
else
    bad "the window changed the run" "diff $OUT/headless.json $OUT/window.json; $OUT/window.err"
fi

# --- a session ---------------------------------------------------------
# off_ms=4000: the window keeps the run to wall-clock pace, so the machine
# stays off for four real seconds, long enough to see.
"$SIMSCM" --display sdl --config configs/hybrid.ini --set power.off_ms=4000 \
    --events "$OUT/session.ev" counter > "$OUT/session.out" 2> "$OUT/session.err" < /dev/null &
PID=$!

if wait_for "$OUT/session.out" "init: started counter" 60; then
    ok "the guest runs in the window"
else
    bad "no counter output" "$OUT/session.out $OUT/session.err"
fi
sleep 0.5
if wait_power on on1; then ok "indicator green (on) while running"
else bad "indicator not green" "$($SHOT power "$OUT/on1.ppm")"; fi
inked=$($SHOT inked "$OUT/on1.ppm")
if [ "$inked" -gt 2000 ]; then ok "console area shows text ($inked pixels inked)"
else bad "console area blank ($inked pixels inked)" "$OUT/on1.ppm"; fi

# The Power button, clicked.
set -- $($SHOT button "$OUT/on1.ppm")
xdotool mousemove "$1" "$2" click 1
if wait_for "$OUT/session.out" "power: failing" 20 && wait_power off off; then
    ok "after a click on Power: indicator red (off)"
else
    bad "no power-off after the click" "$($SHOT power "$OUT/off.ppm")"
fi
if wait_for "$OUT/session.out" "power: restored" 30 && sleep 0.5 && wait_power on on2; then
    ok "power back: indicator green again"
else
    bad "no power-on after the cut" "$OUT/session.out"
fi
changed=$($SHOT boots "$OUT/on1.ppm" "$OUT/on2.ppm")
if [ "$changed" -gt 20 ]; then ok "the boots line changed ($changed pixels)"
else bad "the boots line did not change ($changed pixels)"; fi

# Keys: typed text reaches the shell; F7 then F5 injects bug 2.
xdotool type --delay 30 "echo window-typed-42"
xdotool key Return
if wait_for "$OUT/session.out" "^window-typed-42" 20; then ok "typed text reaches the guest's shell"
else bad "typed text lost" "$OUT/session.out"; fi
xdotool key F7 F5
sleep 1
# Ctrl-A x quits, as in the terminal.
xdotool key ctrl+a x
n=0
while kill -0 $PID 2>/dev/null && [ $n -lt 100 ]; do sleep 0.2; n=$((n + 1)); done
kill $PID 2>/dev/null
wait $PID
rc=$?
if [ $rc -eq 0 ] && grep -q "quit" "$OUT/session.err"; then ok "Ctrl-A x in the window quits (exit 0)"
else bad "Ctrl-A x: exit $rc" "$OUT/session.err"; fi

ev="$OUT/session.ev"
if grep -q '"event":"power_warning","cause":"button"' "$ev" &&
   grep -q '"event":"power_cut","cause":"button","warned":true' "$ev" &&
   grep -q '"event":"power_on","reason":"button","boot":2' "$ev"; then
    ok "event log: the button's warning, cut and power-on (boot 2)"
else
    bad "event log lacks the button's power cycle" "$ev"
fi
spec=$(sed -n 's/.*"event":"fault","kind":"bug","spec":"\(bug:at=[0-9]*ns,id=2\)".*/\1/p' "$ev" | head -1)
if [ -n "$spec" ] && "$SIMSCM" --config configs/hybrid.ini --fault "$spec" --dump-dtb /dev/null; then
    ok "F7 F5 injected $spec, a spec --fault takes"
else
    bad "no bug:id=2 fault from F5" "$ev"
fi
