# test_args.sh -- options and workload names: mistakes exit 2 with one
# clear line and "Try 'simscm --help'", nothing simulated; --help, --version.
. tests/cli/lib.sh
OK=$CLI_DIR/ok.elf

expect_usage "simscm: unknown option '--bogus'" --bogus "$OK"
expect_usage "Try 'simscm --help'." --bogus "$OK"
expect_usage "simscm: unknown option '-q'" -q "$OK"
expect_usage "simscm: option '--config' needs an argument" "$OK" --config
expect_usage "simscm: option '--max-insns' needs an argument" "$OK" --max-insns
expect_usage "simscm: --max-insns: \"12k\" is not a number" --max-insns 12k "$OK"
expect_usage "simscm: --max-insns: \"-5\" is not a number" --max-insns -5 "$OK"
expect_usage "simscm: --seed: \"x\" is not a number" --seed x "$OK"
expect_usage "simscm: --timing: \"fast\" is not on or off" --timing fast "$OK"
expect_usage "simscm: --bios: give the next stage with --kernel, not as WORKLOAD" \
    --bios "$OK" "$OK"
expect_usage "simscm: --loader: \"$OK\" is not FILE@ADDR" --loader "$OK" "$OK"
expect_usage "simscm: --loader $OK@0x8z: \"0x8z\" is not an address" --loader "$OK@0x8z" "$OK"
expect_usage "simscm: one workload at a time" "$OK" "$OK"
expect_usage "simscm: --input $WORK/none.txt: No such file or directory" \
    --input "$WORK/none.txt" "$OK"
expect_usage "simscm: --set cpu.freq_mhz=abc: freq_mhz: \"abc\" is not a number" \
    --set cpu.freq_mhz=abc "$OK"
expect_usage "simscm: --set cpu.freq=3: unknown key \"freq\" in [cpu]" --set cpu.freq=3 "$OK"
expect_usage "simscm: --set gpu.n=1: unknown section [gpu]" --set gpu.n=1 "$OK"
expect_usage "simscm: --set region.dram.read_ns=-1: read_ns: \"-1\" is not a number >= 0" \
    --set region.dram.read_ns=-1 "$OK"
expect_usage "simscm: --set cache.l1d.ways: ways: 3 is not a power of two" \
    --set cache.l1d.ways=3 "$OK"
expect_usage "simscm: --kernel is for bundled workloads" --kernel "$OK" "$OK"

# Hardening: options that take no argument say so.
expect_usage "simscm: option '--help' takes no argument" --help=foo "$OK"
expect_usage "simscm: option '--version' takes no argument" --version=1
expect_usage "simscm: unknown option '--bogus=1'" --bogus=1 "$OK"

# Hardening: inputs read whole must be regular files, checked before open()
# (a FIFO used to block there forever, /dev/zero to spin).  timeout turns a
# hang back into a failure.
mkfifo "$WORK/fifo"
expect_usage "simscm: --config /dev/zero: not a regular file" --config /dev/zero "$OK"
expect_usage "simscm: --config $WORK/fifo: not a regular file" --config "$WORK/fifo" "$OK"
expect_usage "simscm: $WORK/fifo: not a regular file" "$WORK/fifo"
expect_usage "simscm: --kernel $WORK/fifo: not a regular file" --kernel "$WORK/fifo"
expect_usage "simscm: --input $WORK: is a directory" --input "$WORK" "$OK"
# ... while --input takes a stream: /dev/null is an empty console.
run --input /dev/null "$OK"
[ "$rc" = 0 ] && [ "$out" = "cli ok" ]
check "--input /dev/null runs" $?

# Hardening: outputs are checked before the run, and nothing is created.
expect_usage "simscm: --stats /nonexistent/x.json: directory /nonexistent: No such file or directory" \
    --stats /nonexistent/x.json "$OK"
expect_usage "simscm: --events /nonexistent/e.jsonl: directory /nonexistent" \
    --events /nonexistent/e.jsonl "$OK"
expect_usage "simscm: --trace $WORK/no/t.txt: directory $WORK/no" --trace="$WORK/no/t.txt" "$OK"
expect_usage "simscm: --stats $WORK/fifo: a FIFO with no reader" --stats "$WORK/fifo" "$OK"
expect_usage "simscm: --stats $WORK: is a directory" --stats "$WORK" "$OK"
expect_usage "simscm: --dump-region /nonexistent/d.bin: directory /nonexistent" \
    --dump-region dram=/nonexistent/d.bin "$OK"

# A bare word that is no file is a bundled workload name.
expect_usage "simscm: no-such-workload: no such file" no-such-workload

run --help
check "--help exits 0" $rc
[[ "$out" == *"Usage: simscm [options] [WORKLOAD]"* && "$out" == *"--max-insns N"* &&
   "$out" == *"--bios FILE"* && "$out" == *"--loader FILE@ADDR"* &&
   "$out" == *"--dump-dtb FILE"* && "$out" == *"Ctrl-A x"* ]]
check "--help lists the options" $?
[ ! -e "$STATS" ] && [ -z "$err" ]
check "--help simulates nothing" $?

run --version
[ "$rc" = 0 ] && [[ "$out" =~ ^simscm\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
check "--version prints 'simscm X.Y.Z'" $?

expect_usage 'simscm: --dump-region: no region named "nope" (regions: dram)' \
    --dump-region nope=/tmp/x "$CLI_DIR/ok.elf"
expect_usage 'simscm: --dump-region: "dram" is not NAME=FILE' --dump-region dram "$CLI_DIR/ok.elf"

# Trace filters and the monitor (docs/tracing.md, docs/monitor.md).
expect_usage 'simscm: --trace-insns: "100" is not FROM:TO' --trace-insns 100 "$OK"
expect_usage 'simscm: --trace-insns: "50:10": the end must be above the start' \
    --trace-insns 50:10 "$OK"
expect_usage 'simscm: --trace-pc: "0x80000000:x" is not FROM:TO (two numbers' \
    --trace-pc 0x80000000:x "$OK"
expect_usage "simscm: --trace-priv: \"U,H\": 'H' is not a privilege mode" --trace-priv U,H "$OK"
expect_usage "simscm: --monitor $WORK/none.mon: No such file or directory" \
    --monitor "$WORK/none.mon" "$OK"
expect_usage "simscm: --trace-events $WORK/no/dir/ev.txt: directory $WORK/no/dir: No such file or directory" \
    --trace-events="$WORK/no/dir/ev.txt" "$OK"

finish
