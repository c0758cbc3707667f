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

finish
