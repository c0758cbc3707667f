# test_run.sh -- runs that do happen: exit codes (sim/exitcodes.h), the
# stats file, scripted input, warm reset, determinism.
. tests/cli/lib.sh

run "$CLI_DIR/ok.elf"
[ "$rc" = 0 ] && [ "$out" = "cli ok" ] && [ -z "$err" ]
check "ok.elf prints and passes (exit 0)" $?
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["exit"]["reason"] == "guest-pass" and s["exit"]["code"] == 0
assert s["core"]["instret"] > 0 and s["core"]["cycles"] >= s["core"]["instret"]
assert s["devices"]["uart"]["tx_bytes"] == len("cli ok\n")
assert s["config"]["regions"][0]["base"] == 0x80000000
for k in ("config", "core", "hart", "regions", "devices", "exit"):
    assert k in s, k
' "$STATS"
check "the stats file is JSON with config, core, hart, regions, devices, exit" $?

run "$CLI_DIR/fail3.elf"
[ "$rc" = 3 ] && [ "$out" = "cli fail" ]
check "a guest failing with code 3 exits 3" $?

run --max-insns 1000 "$CLI_DIR/spin.elf"
[ "$rc" = 124 ] && [[ "$err" == *"instruction limit (--max-insns)"* ]]
check "--max-insns stops a spinning guest with 124" $?
grep -q '"reason": "max-insns"' "$STATS" && grep -q '"instret": 1000,' "$STATS"
check "max-insns: exactly 1000 instructions" $?

run --timing off "$CLI_DIR/idle.elf"
[ "$rc" = 124 ] && [[ "$err" == *"nothing can raise"* ]]
check "a guest idle with nothing to wake it stops with 124" $?

printf 'ps\nshutdown 5\n' > "$WORK/init.txt"
run --config configs/hybrid.ini --timing off --init "counter:n" --input "$WORK/init.txt"
[ "$rc" = 5 ] && [[ "$out" == *"counter "*"no "* ]]
check "--init without a WORKLOAD boots the guest OS with that list" $?

# Determinism: the guest OS in the timing mode, with a scripted console and
# the request channel busy, twice: the same cycles, console and stats.
printf 'ps\nsleep 30\nfree\nshutdown\n' > "$WORK/det.txt"
det() {
    "$SIMSCM" --config configs/hybrid.ini --init "kvstore:p counter:n" \
        --set reqchan.rate_per_ms=5 --set reqchan.start_ms=5 --input "$WORK/det.txt" \
        --stats "$WORK/det$1.json" </dev/null >"$WORK/det$1.out" 2>&1
}
det 1; det 2
cmp -s "$WORK/det1.json" "$WORK/det2.json" && cmp -s "$WORK/det1.out" "$WORK/det2.out" &&
    grep -q '"correct": [1-9]' "$WORK/det1.json"
check "a guest OS run is deterministic: identical console and stats twice" $?

run "$CLI_DIR/traploop.elf"
[ "$rc" = 124 ] && [[ "$err" == *"stuck, trapping again and again"* ]] &&
    grep -q '"reason": "trap-loop"' "$STATS"
check "a guest trapping forever at its own vector stops with 124 (trap-loop)" $?

run "$CLI_DIR/reset.elf"
[ "$rc" = 0 ] && [ "$out" = $'boot 1\nboot 2' ]
check "warm reset (0x7777) restarts at the entry with memory kept" $?
grep -q '"warm_resets": 1' "$STATS"
check "the stats count the warm reset" $?

printf 'hello.' > "$WORK/in.txt"
run --input "$WORK/in.txt" "$CLI_DIR/echo.elf"
[ "$rc" = 0 ] && [ "$out" = "hello." ]
check "--input feeds the UART" $?
cp "$STATS" "$WORK/first.json"
run --input "$WORK/in.txt" "$CLI_DIR/echo.elf"
cmp -s "$STATS" "$WORK/first.json"
check "same input, same config: identical stats" $?

run --input "$WORK/in.txt" --set console.input_gap_us=50 "$CLI_DIR/echo.elf"
c1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["core"]["cycles"])' "$WORK/first.json")
c2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["core"]["cycles"])' "$STATS")
[ "$rc" = 0 ] && [ "$c2" -lt "$c1" ]
check "input_gap_us paces the input in simulated time" $?

run --dump-dtb "$WORK/m.dtb" --config configs/hybrid.ini
[ "$rc" = 0 ] && [ "$(head -c 4 "$WORK/m.dtb" | od -An -tx1 | tr -d ' ')" = d00dfeed ]
check "--dump-dtb writes a device tree blob" $?

# Hardening: an output that cannot be written is refused before the run
# (it used to run the whole simulation and then exit 125).
"$SIMSCM" --stats /nonexistent/dir/s.json "$CLI_DIR/ok.elf" </dev/null >"$WORK/out" 2>"$WORK/err"
r=$?
[ "$r" = 2 ] && [ ! -s "$WORK/out" ] && grep -qx "simscm: --stats /nonexistent/dir/s.json: directory /nonexistent/dir: No such file or directory" "$WORK/err"
check "an unwritable stats file is refused before the run (exit 2)" $?

# A pipe with its reader is a fine output; a FIFO nobody reads is refused
# (simscm would block opening it).
"$SIMSCM" --stats /dev/stdout "$CLI_DIR/ok.elf" </dev/null 2>"$WORK/err" | python3 -c '
import json, sys
text = sys.stdin.read()
json.loads(text[text.index("{"):])' 
check "--stats /dev/stdout into a pipe writes the stats JSON" $?
mkfifo "$WORK/fifo"
timeout -s KILL 60 "$SIMSCM" --stats "$WORK/fifo" "$CLI_DIR/ok.elf" </dev/null >"$WORK/out" 2>"$WORK/err"
r=$?
[ "$r" = 2 ] && grep -qx "simscm: --stats $WORK/fifo: a FIFO with no reader" "$WORK/err"
check "a FIFO with no reader as --stats is refused before the run (exit 2)" $?

finish
