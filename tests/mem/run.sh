#!/bin/sh
# tests/mem/run.sh SIMSCM BUILD_DIR -- the memory-model checks, run from
# tests/mem/mem.mk (`make test-mem`).  Each check prints "NAME: ok" or
# "NAME: FAIL ..." and the script exits 1 if any failed.  Measured figures
# (ns per load) are printed so a run doubles as a small report.
#
#   latency      chase.elf: ns per load within 5% of read_ns for DRAM and for
#                SCM, and SCM/DRAM = 1.50 +- 0.05 with the default latencies
#   optane       configs/optane.ini loads, and its SCM latency reads back
#   power-*      persist-1.elf then persist-2.elf on one SCM image: what
#                survives a power cut with and without flush-on-fail
#   cbo          cbo.elf: Zicbom within one run
#   sigkill-*    hammer-1.elf killed with SIGKILL at several moments; the
#                image must load and hold a state real SCM could hold
#   determinism  the same run twice: same console, same stats
#   reject-*     bad memory settings stop simscm with exit 2 and a message
#                that names the file or option and the key

SIMSCM=$1
B=$2
CFG=tests/mem/mem.ini
T=$(mktemp -d "${TMPDIR:-/tmp}/simscm-test-mem.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
failed=0

ok()   { echo "  mem $1: ok${2:+ ($2)}"; }
fail() { echo "  mem $1: FAIL: $2"; failed=1; }

# run NAME ARGS... -- simscm with the test config; console in $T/NAME.out,
# stderr in $T/NAME.err, exit status in $rc.
# Every program here ends within 10^7 instructions; the limit turns a hang
# into a failure (exit 124).  (sh has no locals: run uses only run_-prefixed
# names besides rc.)
run() {
    run_name=$1
    shift
    "$SIMSCM" --config "$CFG" --max-insns 100000000 "$@" \
        >"$T/$run_name.out" 2>"$T/$run_name.err"
    rc=$?
}

# field FILE NAME KEY -- the value of "KEY=" on the chase line for NAME.
field() {
    sed -n "s/^chase $2 .*$3=\([0-9]*\).*/\1/p" "$1"
}

# ---- latency ----------------------------------------------------------------

run chase --stats "$T/chase.json" "$B/chase.elf"
if [ $rc -ne 0 ]; then
    fail latency "chase.elf exited $rc: $(cat "$T/chase.err")"
else
    # The configured figures, as the run saw them (config part of --stats).
    freq=$(sed -n 's/^ *"freq_mhz": \([0-9]*\).*/\1/p' "$T/chase.json" | head -1)
    dram_ns=$(awk '/"name": "dram"/{f=1} f && /"read_ns"/{gsub(/[^0-9]/,""); print; exit}' "$T/chase.json")
    scm_ns=$(awk '/"name": "scm"/{f=1} f && /"read_ns"/{gsub(/[^0-9]/,""); print; exit}' "$T/chase.json")
    res=$(awk -v f="$freq" -v dn="$dram_ns" -v sn="$scm_ns" \
              -v l1l="$(field "$T/chase.out" l1 loads)" -v l1c="$(field "$T/chase.out" l1 cycles)" \
              -v dl="$(field "$T/chase.out" dram loads)" -v dc="$(field "$T/chase.out" dram cycles)" \
              -v sl="$(field "$T/chase.out" scm loads)" -v sc="$(field "$T/chase.out" scm cycles)" 'BEGIN {
        if (!f || !dl || !sl) { print "FAIL no figures"; exit }
        d = dc / dl * 1000 / f; s = sc / sl * 1000 / f; l1 = l1c / l1l * 1000 / f
        ratio = s / d
        msg = sprintf("dram %.2f ns (read_ns %d), scm %.2f ns (read_ns %d), scm/dram %.3f, L1 %.2f ns", \
                      d, dn, s, sn, ratio, l1)
        bad = ""
        if (d < dn * 0.95 || d > dn * 1.05) bad = bad " dram off by more than 5%"
        if (s < sn * 0.95 || s > sn * 1.05) bad = bad " scm off by more than 5%"
        if (ratio < 1.45 || ratio > 1.55) bad = bad " ratio outside 1.50 +- 0.05"
        print (bad == "" ? "OK " : "FAIL") msg bad
    }')
    case $res in
        OK*)   ok latency "${res#OK }" ;;
        *)     fail latency "${res#FAIL}" ;;
    esac
fi

# The Optane preset: configs/optane.ini must load, and its SCM latencies (row
# buffer included: the chase never stays in a 256-byte row) must read back.
if "$SIMSCM" --config configs/optane.ini --dump-dtb "$T/optane.dtb" >/dev/null 2>"$T/optane.err"; then
    # key = value under [region scm] of optane.ini, as --set arguments.
    sets=$(awk '/^\[region scm\]/{f=1; next} /^\[/{f=0}
                f && /^(read_ns|write_ns|row_buffer|row_hit_ns|row_bytes) *=/{
                    sub(/;.*/, ""); gsub(/ /, ""); printf "--set region.scm.%s ", $0 }' configs/optane.ini)
    want=$(echo "$sets" | sed -n 's/.*region.scm.read_ns=\([0-9]*\).*/\1/p')
    # shellcheck disable=SC2086
    run optane $sets "$B/chase.elf"
    res=$(awk -v want="$want" -v l="$(field "$T/optane.out" scm loads)" \
              -v c="$(field "$T/optane.out" scm cycles)" 'BEGIN {
        if (!l || !want) { print "FAIL no figures"; exit }
        s = c / l                       # mem.ini runs at 1000 MHz: cycles = ns
        printf "%s scm %.2f ns (read_ns %d)\n", (s < want * 0.95 || s > want * 1.05) ? "FAIL" : "OK", s, want
    }')
    case $res in
        OK*) ok optane "${res#OK }" ;;
        *)   fail optane "$res $(cat "$T/optane.err")" ;;
    esac
else
    fail optane "configs/optane.ini does not load: $(cat "$T/optane.err")"
fi

# ---- power cuts ---------------------------------------------------------------

# power NAME EXPECT_A EXPECT_D [--set ...] -- phase 1, power-off, phase 2.
power() {
    name=$1 want_a=$2 want_d=$3
    shift 3
    img="$T/$name.img"
    run "$name-1" --set "region.scm.image=$img" "$@" "$B/persist-1.elf"
    if [ $rc -ne 0 ] || ! grep -q '^stored$' "$T/$name-1.out"; then
        fail "$name" "phase 1 exited $rc: $(cat "$T/$name-1.out" "$T/$name-1.err")"
        return
    fi
    run "$name-2" --set "region.scm.image=$img" "$B/persist-2.elf"
    if [ $rc -ne 0 ]; then
        fail "$name" "phase 2 exited $rc: $(cat "$T/$name-2.err")"
        return
    fi
    got=$(tr '\n' ' ' <"$T/$name-2.out")
    want="A=$want_a B=0xb2b2b2b2b2b2b2b2 C=0xc3c3c3c3c3c3c3c3 D=$want_d"
    case $got in
        "$want E="*) ;;
        *) fail "$name" "got \"$got\", want \"$want E=<garbage>\""; return ;;
    esac
    case $got in
        *E=0xe5e5e5e5e5e5e5e5*) fail "$name" "DRAM survived the cut: $got"; return ;;
    esac
    ok "$name"
}

# Without flush-on-fail: A (never cleaned) is lost, D keeps its cleaned value.
power power-cut 0x0000000000000000 0xd1d1d1d1d1d1d1d1
# With flush-on-fail the platform writes A and D's second store back.
power power-cut-flush-on-fail 0xa1a1a1a1a1a1a1a1 0xd2d2d2d2d2d2d2d2 --set power.flush_on_fail=on

# ---- Zicbom within one run ------------------------------------------------

run cbo "$B/cbo.elf"
if [ $rc -eq 0 ] && [ "$(grep -c ': ok$' "$T/cbo.out")" -eq 5 ]; then
    ok cbo
else
    fail cbo "exit $rc: $(tr '\n' ' ' <"$T/cbo.out") $(cat "$T/cbo.err")"
fi

# ---- SIGKILL in the middle of write-backs ---------------------------------

# A kill at 0 s usually lands while the image is being made (PATH.new-XXXXXX); the
# others land in the write-back stream.  Host time only picks the moment.
for delay in 0 0.05 0.2 0.5; do
    img="$T/kill-$delay.img"
    "$SIMSCM" --config "$CFG" --set "region.scm.image=$img" "$B/hammer-1.elf" \
        >"$T/hammer.out" 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    run "kill-$delay" --set "region.scm.image=$img" "$B/hammer-2.elf"
    # The last "round N" printed before the kill: round N had been cleaned.
    printed=$(sed -n 's/^round \([0-9]*\)$/\1/p' "$T/hammer.out" | tail -1)
    found=$(sed -n 's/^rounds=\([0-9]*\)$/\1/p' "$T/kill-$delay.out")
    if [ $rc -ne 0 ] || [ -z "$found" ]; then
        fail "sigkill-$delay" "exit $rc: $(cat "$T/kill-$delay.out" "$T/kill-$delay.err")"
    elif [ "$found" -lt "${printed:-0}" ]; then
        fail "sigkill-$delay" "round $printed was printed but the image holds only $found"
    else
        ok "sigkill-$delay" "printed ${printed:-none}, image holds $found"
    fi
done

# ---- determinism -------------------------------------------------------------

run det1 --stats "$T/det1.json" "$B/chase.elf"
rc1=$rc
run det2 --stats "$T/det2.json" "$B/chase.elf"
if [ $rc1 -eq 0 ] && [ $rc -eq 0 ] && cmp -s "$T/det1.out" "$T/det2.out" &&
   cmp -s "$T/det1.json" "$T/det2.json" && cmp -s "$T/det1.json" "$T/chase.json"; then
    ok determinism "$(sed -n 's/^ *"cycles": \([0-9]*\).*/\1/p' "$T/det1.json" | head -1) cycles, three runs"
else
    fail determinism "runs differ: $(diff "$T/det1.json" "$T/det2.json" | head -5)"
fi

# ---- rejected settings -----------------------------------------------------

# reject NAME 'MESSAGE PATTERN' ARGS... -- must exit 2 and say MESSAGE.
reject() {
    name=$1 pattern=$2
    shift 2
    run "$name" "$@" "$B/cbo.elf"
    if [ $rc -eq 2 ] && grep -q -- "$pattern" "$T/$name.err"; then
        ok "reject-$name"
    else
        fail "reject-$name" "exit $rc, stderr: $(cat "$T/$name.err")"
    fi
}

printf 'hello\n' >"$T/foreign.img"
cp "$T/power-cut.img" "$T/small.img"
reject foreign "$T/foreign.img: not a simscm SCM image" --set "region.scm.image=$T/foreign.img"
reject size "$T/small.img: image holds 67108864 bytes (64 MiB) but the region is 33554432 bytes (32 MiB)" \
    --set "region.scm.image=$T/small.img" --set region.scm.size_mib=32
reject image-on-dram "image" --set "region.dram.image=$T/dram.img"
reject read-ns "read_ns: \"-5\" is not a number" --set region.scm.read_ns=-5
reject row-bytes "row_bytes: 3000 is not a power of two" \
    --set region.scm.row_buffer=on --set region.scm.row_bytes=3000
reject line-bytes "line_bytes" --set cache.l2.line_bytes=128
reject sets "sets, not a power of two" --set cache.l1d.size_kib=48

# A bad key in a file is reported as FILE:LINE: KEY: what.
sed 's/^size_mib = 64$/size_mib = 64\nwrite_ns = lots/' "$CFG" >"$T/bad.ini"
"$SIMSCM" --config "$T/bad.ini" "$B/cbo.elf" >/dev/null 2>"$T/badfile.err"
rc=$?
line=$(grep -n '^write_ns' "$T/bad.ini" | head -1 | cut -d: -f1)
if [ $rc -eq 2 ] && grep -q "^$T/bad.ini:$line: write_ns: " "$T/badfile.err"; then
    ok reject-file-line
else
    fail reject-file-line "exit $rc, stderr: $(cat "$T/badfile.err")"
fi

[ $failed -eq 0 ] && echo "  mem: all checks passed"
exit $failed
