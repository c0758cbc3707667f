#!/usr/bin/env bash
# run.sh -- the gdb stub, driven by a real gdb: gdb-multiarch in batch mode
# on the guest kernel's ELF, attached to simscm --gdb 0 --gdb-wait booting
# the bundled guest OS with the counter workload.
#
#   tests/gdb/run.sh SIMSCM KERNEL OUTDIR
#
# Checks (each on gdb's own output, or simscm's):
#   session-*   stopped at the kernel's entry before the first instruction
#               (pc = _entry, priv = 3); a breakpoint on clock_tick is hit
#               ("Breakpoint 1, clock_tick") with $pc == clock_tick; next and
#               step move through its source lines; satp reads Sv39 mode;
#               a watchpoint on the kernel global `ticks` shows Old value = 0,
#               New value = 1; monitor help and stop-on-power-on answer; after
#               a warned power cut (--fault cut:at=...) the machine stops at
#               _entry again, in M-mode; kill ends simscm ("killed by gdb")
#   determinism a run under gdb that only continues gives byte-for-byte the
#               stats (cycles, instret, caches...) of the same run without gdb
#   interrupt   0x03 while running stops the machine with SIGINT (T02) away
#               from the entry point (tests/gdb/ctrlc.py speaks the protocol)
#   errors      --gdb with a port in use, a bad port, --gdb-wait alone: exit 2
#               with a clear message
set -u
SIMSCM=$1; KERNEL=$2; OUT=$3
GDB=${GDB:-gdb-multiarch}
CONFIG=configs/hybrid.ini
mkdir -p "$OUT"
PASS=0; FAIL=0

ok()  { PASS=$((PASS + 1)); printf '  ok    %s\n' "$1"; }
bad() { FAIL=$((FAIL + 1)); printf '  FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '        %s\n' "$2"; return 0; }

# expect NAME FILE REGEX WHAT: some line of FILE matches.
expect() {
    if grep -Eq -- "$3" "$2"; then ok "$1: $4"; else bad "$1: $4" "no line matches /$3/ in $2"; fi
}

if ! command -v "$GDB" >/dev/null 2>&1; then
    echo "test-gdb: $GDB is not installed (scripts/install-deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi

# wait_port FILE: the port a simscm started with --gdb-wait announces on
# its stderr, FILE, once it has (empty after 10 s without).
wait_port() {
    local port="" i
    for i in $(seq 1 100); do
        port=$(sed -n 's/.*waiting for gdb on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1")
        [ -n "$port" ] && break
        sleep 0.1
    done
    echo "$port"
}

# gdb_session NAME SCRIPT SIMSCM-ARGS...: simscm waits for gdb on a free
# port; gdb runs SCRIPT against it.  NAME.gdb holds gdb's output, NAME.err
# simscm's stderr, NAME.rc its exit code.
gdb_session() {
    local name=$1 script=$2
    shift 2
    rm -f "$OUT/$name.err"
    timeout 60 "$SIMSCM" --config $CONFIG --gdb 0 --gdb-wait "$@" </dev/null \
        >"$OUT/$name.out" 2>"$OUT/$name.err" &
    local pid=$! port
    port=$(wait_port "$OUT/$name.err")
    if [ -z "$port" ]; then
        kill "$pid" 2>/dev/null
        echo "no port" >"$OUT/$name.gdb"
        return
    fi
    timeout 60 "$GDB" -batch -nx "$KERNEL" -ex "target remote 127.0.0.1:$port" \
        -x "$script" >"$OUT/$name.gdb" 2>&1
    wait "$pid"
    echo $? >"$OUT/$name.rc"
}

echo "== test-gdb: gdb-multiarch against simscm --gdb"

# ---- A debugging session ------------------------------------------------
cat >"$OUT/session.script" <<'EOF'
set pagination off
set confirm off
echo @entry\n
p $pc == _entry
p $priv
break clock_tick
continue
echo @at-tick\n
p $pc == clock_tick
p/x $sp
p/x (unsigned long)$satp >> 60
next
step
echo @ticks\n
p ticks
watch ticks
continue
delete
monitor help
monitor stop-on-power-on on
continue
echo @power-on\n
p $pc == _entry
p $priv
kill
EOF
gdb_session session "$OUT/session.script" --fault cut:at=60ms counter
S=$OUT/session.gdb
expect session "$S" '^\$1 = 1$' "stopped before the first instruction, at _entry"
expect session "$S" '^\$2 = 3$' "in M-mode"
expect session "$S" '^Breakpoint 1(\.1)?, clock_tick \(\) at .*trap\.c' "breakpoint on clock_tick hit"
expect session "$S" '^\$3 = 1$' "\$pc is clock_tick's address"
expect session "$S" '^\$4 = 0x[0-9a-f]+$' "\$sp reads"
expect session "$S" '^\$5 = 0x8$' "satp holds Sv39 (mode 8)"
expect session "$S" '^60[[:space:]]+acquire\(&ticks_lock\);' "next: the following source line"
expect session "$S" '^acquire \(lk=.*ticks_lock' "step: into acquire(&ticks_lock)"
expect session "$S" '^\$6 = 0$' "prints the kernel variable ticks"
expect session "$S" '^Hardware watchpoint 2: ticks' "watchpoint set through a trigger"
expect session "$S" '^Old value = 0$' "watchpoint: old value"
expect session "$S" '^New value = 1$' "watchpoint: new value"
expect session "$S" 'stop-on-power-on \[on\|off\]' "monitor help"
expect session "$S" '^stop-on-power-on is on$' "monitor stop-on-power-on on"
expect session "$S" 'received signal SIGTRAP' "stopped after the power cycle"
expect session "$S" '^\$7 = 1$' "at _entry after the power-on"
expect session "$S" '^\$8 = 3$' "in M-mode after the power-on"
expect session "$OUT/session.err" 'killed by gdb' "kill ends the run"

# ---- Determinism: a run under gdb that never stops ----------------------
printf 'set pagination off\ncontinue\n' >"$OUT/cont.script"
gdb_session det "$OUT/cont.script" --max-time 40ms --stats "$OUT/det-gdb.json" counter
timeout 60 "$SIMSCM" --config $CONFIG --max-time 40ms --stats "$OUT/det-plain.json" counter \
    </dev/null >"$OUT/det-plain.out" 2>"$OUT/det-plain.err"
expect det "$OUT/det.gdb" 'exited with code (0174|124)]' "gdb sees the run end (exit 124, max-time)"
if [ -s "$OUT/det-plain.json" ] && cmp -s "$OUT/det-gdb.json" "$OUT/det-plain.json"; then
    ok "determinism: same stats with and without gdb"
else
    bad "determinism: same stats with and without gdb" \
        "$(diff "$OUT/det-gdb.json" "$OUT/det-plain.json" 2>&1 | head -5)"
fi
if cmp -s "$OUT/det.out" "$OUT/det-plain.out"; then
    ok "determinism: same console output"
else
    bad "determinism: same console output" "diff $OUT/det.out $OUT/det-plain.out"
fi

# ---- Ctrl-C, spoken in the protocol directly (gdb -batch cannot press it) ----
timeout 60 "$SIMSCM" --config $CONFIG --gdb 0 --gdb-wait counter </dev/null \
    >"$OUT/ctrlc.out" 2>"$OUT/ctrlc.err" &
cpid=$!
cport=$(wait_port "$OUT/ctrlc.err")
if python3 tests/gdb/ctrlc.py "${cport:-1}" >"$OUT/ctrlc.log" 2>&1; then
    ok "interrupt: Ctrl-C (0x03) stops a running machine with SIGINT"
else
    bad "interrupt: Ctrl-C (0x03) stops a running machine with SIGINT" "$(tail -1 "$OUT/ctrlc.log")"
fi
wait $cpid 2>/dev/null

# ---- Errors --------------------------------------------------------------
# The port a waiting simscm listens on is in use for a second one.
timeout 30 "$SIMSCM" --gdb 0 --gdb-wait counter </dev/null >/dev/null 2>"$OUT/holder.err" &
holder=$!
busy=$(wait_port "$OUT/holder.err")
timeout 10 "$SIMSCM" --gdb "${busy:-1}" --max-time 1ms counter </dev/null >/dev/null \
    2>"$OUT/busy.err"; rc=$?
kill $holder 2>/dev/null; wait $holder 2>/dev/null
if [ $rc = 2 ] && grep -q "cannot listen on 127.0.0.1:$busy: Address already in use" "$OUT/busy.err"; then
    ok "errors: port in use: exit 2, says so"
else
    bad "errors: port in use: exit 2, says so" "rc $rc: $(cat "$OUT/busy.err")"
fi
"$SIMSCM" --gdb 70000 --max-time 1ms counter </dev/null >/dev/null 2>"$OUT/badport.err"; rc=$?
if [ $rc = 2 ] && grep -q 'port 70000 is out of range' "$OUT/badport.err"; then
    ok "errors: bad port: exit 2, says so"
else
    bad "errors: bad port: exit 2, says so" "rc $rc: $(cat "$OUT/badport.err")"
fi
"$SIMSCM" --gdb-wait --max-time 1ms counter </dev/null >/dev/null 2>"$OUT/wait.err"; rc=$?
if [ $rc = 2 ] && grep -q -- '--gdb-wait needs --gdb PORT' "$OUT/wait.err"; then
    ok "errors: --gdb-wait without --gdb: exit 2"
else
    bad "errors: --gdb-wait without --gdb: exit 2" "rc $rc: $(cat "$OUT/wait.err")"
fi

echo "$PASS passed, $FAIL failed"
[ $FAIL = 0 ]
