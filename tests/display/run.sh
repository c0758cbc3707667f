#!/bin/sh
# run.sh SIMSCM NM OUT -- make test-display: the SDL window (--display sdl).
#
#  1. Without a display, --display sdl is a usage error (exit 2) with a
#     clear message, and nothing runs.
#  2. The guest's status table (docs/guestos.md), read from a dump of SCM at
#     the address of the kernel's sysstat_table: the pools and processes
#     the guest itself reports.
#  3. Under Xvfb (window.sh): the window changes nothing the run computes;
#     a session with screenshots, a click on Power, typed keys, F7 F5, and
#     Ctrl-A x; the event log has the button's power cycle.
set -u
SIMSCM=$1
NM=$2
OUT=$3
HERE=$(dirname "$0")
rm -rf "$OUT"
mkdir -p "$OUT"
checks() {
# 1. no display
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$SIMSCM" --display sdl \
    --config configs/hybrid.ini counter > "$OUT/nodisp.out" 2> "$OUT/nodisp.err" < /dev/null
rc=$?
if [ $rc -eq 2 ] && grep -q "^simscm: --display sdl: cannot open a display: neither DISPLAY nor WAYLAND_DISPLAY is set" "$OUT/nodisp.err" \
   && [ ! -s "$OUT/nodisp.out" ]; then
    echo "  ok    no display: exit 2, a clear error, nothing run"
else
    echo "  FAIL  no display: exit $rc"; cat "$OUT/nodisp.err"
fi
"$SIMSCM" --display vga counter > /dev/null 2> "$OUT/bad.err"
rc=$?
if [ $rc -eq 2 ] && grep -q '^simscm: --display: "vga" is not none or sdl' "$OUT/bad.err"; then
    echo "  ok    --display vga: exit 2"
else
    echo "  FAIL  --display vga: exit $rc"; cat "$OUT/bad.err"
fi

# 2. the status table
kernel=$(dirname "$SIMSCM")/guestos/kernel.elf
addr=$($NM "$kernel" | awk '$3 == "sysstat_table" { print $1 }')
timeout 60 "$SIMSCM" --config configs/hybrid.ini --timing off --max-time 100ms \
    --dump-region scm="$OUT/scm.bin" counter > "$OUT/table.out" 2>/dev/null < /dev/null
python3 - "$OUT/scm.bin" "$addr" > "$OUT/table.txt" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
off = int(sys.argv[2], 16) - 0x80000000
magic, version, seq, nproc, st, sf, dt, df = struct.unpack_from("<4I4Q", data, off)
print("magic %x version %d seq %s nproc %d" % (magic, version, "even" if seq % 2 == 0 and seq else "odd/zero", nproc))
print("scm %d %d dram %d %d" % (st, sf, dt, df))
for i in range(nproc):
    pid, state, pers = struct.unpack_from("<IBB", data, off + 0x30 + 32 * i)
    name = data[off + 0x30 + 32 * i + 16:off + 0x30 + 32 * i + 32].split(b"\0")[0].decode()
    print("proc %d %s %d %d" % (pid, name, state, pers))
PY
scm=$(sed -n 's/^pool SCM: \([0-9]*\) pages.*/\1/p' "$OUT/table.out")
dram=$(sed -n 's/^pool DRAM: \([0-9]*\) pages.*/\1/p' "$OUT/table.out")
if grep -q "^magic 54415453 version 1 seq even nproc 3$" "$OUT/table.txt" &&
   grep -q "^scm $scm [0-9]* dram $dram [0-9]*$" "$OUT/table.txt" &&
   grep -q "^proc 1 init 3 1$" "$OUT/table.txt" &&
   grep -Eq "^proc 2 counter [12] 1$" "$OUT/table.txt" &&
   grep -q "^proc 3 sh 3 0$" "$OUT/table.txt"; then
    echo "  ok    status table: pools as the guest reports them; init, counter, sh with state and persistence"
else
    echo "  FAIL  status table (sysstat_table at 0x$addr)"; cat "$OUT/table.txt"
fi

# 3. the window
xvfb-run -a -s "-screen 0 1280x720x24" "$HERE/window.sh" "$SIMSCM" "$OUT" 2>&1
}

checks 2>&1 | tee "$OUT/log"
PASS=$(grep -c '^  ok ' "$OUT/log")
FAIL=$(grep -c '^  FAIL ' "$OUT/log")
echo "  DISPLAY $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && [ "$PASS" -ge 12 ]
