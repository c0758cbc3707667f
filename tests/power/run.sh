#!/bin/sh
# tests/power/run.sh SIMSCM BUILD_DIR [SAN_SIMSCM] -- the power-cycle checks,
# run from tests/power/power.mk (`make test-power`).  Each check prints
# "  power NAME: ok (figures)" or "  power NAME: FAIL: why"; the script exits
# 1 if any failed.  docs/power.md is the specification; docs/testing.md says
# what each group proves.  KEEP=1 keeps the outputs (console, stderr, event
# log and stats of every run) and says where.
#
#   warning-*      warn.elf: the warning interrupt, ACK, boot reason restored,
#                  WARN/ACK/CUT/RESTORE_NS exact in --timing off, and the
#                  event log agrees with what the guest read
#   power-on-mtime warn.elf: mtime starts again from 0 at power-on
#   button         button.elf: PWR_BUTTON is a warned cycle, boot reason button
#   durable-*      durable.elf: cleaned SCM lines survive a cut, dirty ones do
#                  not, unless power.flush_on_fail = on
#   image-restored the next run on an SCM image boots with reason restored
#   dram           dram.elf: DRAM is seeded garbage after power-on
#   watchdog-*     wdog.elf, kick.elf: expiry power-cycles at the right time
#                  with boot reason watchdog; kicking keeps it quiet
#   cycles-*       cycles-N.elf: 1,000 power cycles in one run, no fd or
#                  memory growth, clean under ASan/LSan
#   fault-*        every fault kind at a time and at an instruction count
#                  fires exactly there (spin.elf, bug.elf); both modes; a cut
#                  inside a warning's window; independent random streams;
#                  [faults] inject with --fault
#   bug-*          the bug trigger: once at/after a point, p=0.5 about half
#   determinism-*  same seed, same event log byte for byte; other seed, other
#   events-valid   every event log of this script is valid JSON Lines
#   reject-*       malformed fault specs, on the command line and in a file
#   guest-errors   regerr.elf: bad register accesses are reported

SIMSCM=$1
B=$2
SAN=${3:-}
CFG=tests/power/power.ini
T=$(mktemp -d "${TMPDIR:-/tmp}/simscm-test-power.XXXXXX")
if [ -n "${KEEP:-}" ]; then
    echo "  power: outputs kept in $T"
else
    trap 'rm -rf "$T"' EXIT INT TERM
fi
failed=0

ok()   { echo "  power $1: ok${2:+ ($2)}"; }
fail() { echo "  power $1: FAIL: $2"; failed=1; }

# run NAME ARGS... -- simscm with the test config and an event log; console
# in $T/NAME.out, stderr in $T/NAME.err, events in $T/NAME.ev, exit status
# in $rc.  Every program here ends within 10^8 instructions: the limit turns
# a hang into a failure (exit 124).  (sh has no locals: helpers use only
# names with their own prefix.)
run() {
    run_name=$1
    shift
    "$SIMSCM" --config "$CFG" --max-insns 100000000 --events "$T/$run_name.ev" "$@" \
        </dev/null >"$T/$run_name.out" 2>"$T/$run_name.err"
    rc=$?
}

# val NAME PREFIX KEY -- KEY=value on the last console line of run NAME that
# starts with "PREFIX:" (the programs print " key=value" pairs).
val() {
    sed -n "s/^$2:.* $3=\([^ ]*\).*/\1/p" "$T/$1.out" | tail -1
}

# ev NAME EVENT FIELD [KEY=VALUE]... -- FIELD of the matching lines of run
# NAME's event log (tests/power/ev.awk).
ev() {
    ev_name=$1 ev_event=$2 ev_field=$3
    shift 3
    awk -f tests/power/ev.awk -v event="$ev_event" -v field="$ev_field" -v where="$*" \
        "$T/$ev_name.ev"
}

# evn NAME EVENT [KEY=VALUE]... -- how many matching lines.
evn() {
    evn_name=$1 evn_event=$2
    shift 2
    awk -f tests/power/ev.awk -v event="$evn_event" -v field= -v where="$*" "$T/$evn_name.ev"
}

# power_stat NAME KEY -- KEY of the top-level "power" object of run NAME's
# --stats file $T/NAME.json (pretty-printed: one key per line, the top level
# indented by two spaces; config.power is deeper).
power_stat() {
    awk -v key="\"$2\":" '/^  "power": \{/ { f = 1 }
        f && $1 == key { gsub(/[^0-9]/, "", $2); print $2; exit }' "$T/$1.json"
}

# why NAME -- the end of run NAME's output and stderr, for a FAIL line.
why() {
    echo "exit $rc; console: $(tail -5 "$T/$1.out" | tr '\n' '|') stderr: $(head -5 "$T/$1.err" | tr '\n' '|')"
}

# want WHAT GOT EXPECTED -- collects mismatches of one check in $bad.
want() {
    [ "$2" = "$3" ] || bad="$bad; $1 = ${2:-<none>}, want $3"
}

# between WHAT GOT LO HI -- LO <= GOT <= HI (integers).
between() {
    if [ -z "$2" ] || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
        bad="$bad; $1 = ${2:-<none>}, want $3..$4"
    fi
}

# verdict NAME FIGURES -- ok, or FAIL with what $bad collected.
verdict() {
    if [ -z "$bad" ]; then ok "$1" "$2"; else fail "$1" "${bad#; }"; fi
}

# ---- 1. the warning ------------------------------------------------------------

# warning MODE TOLERANCE_NS -- warn.elf with a warned cut at 2 ms, a 500 us
# window and 7 ms off.  In --timing off everything is exact (tolerance 0).
warning() {
    w_name=warning-$1 w_tol=$2
    shift 2
    run "$w_name" "$@" --fault cut:at=2ms --set power.residual_us=500 --set power.off_ms=7 \
        "$B/warn.elf"
    if [ $rc -ne 0 ]; then
        fail "$w_name" "$(why "$w_name")"
        return
    fi
    bad=
    warn=$(val "$w_name" warn warn_ns) ack=$(val "$w_name" warn ack_ns)
    cut=$(val "$w_name" warn cut_ns) restore=$(val "$w_name" warn restore_ns)
    want "reason" "$(val "$w_name" warn reason)" 1
    want "residual_us" "$(val "$w_name" warn residual_us)" 500
    want "interrupt claim" "$(sed -n 's/^warn: boot 1 interrupt.* claim=\([0-9]*\).*/\1/p' "$T/$w_name.out")" 13
    between "WARN_NS" "$warn" 2000000 $((2000000 + w_tol))
    between "CUT_NS - WARN_NS" $((cut - warn)) 500000 $((500000 + w_tol))
    want "RESTORE_NS - CUT_NS" $((restore - cut)) 7000000
    # The event log says the same.
    between "fault t_ns" "$(ev "$w_name" fault t_ns kind=cut mode=warned spec=cut:at=2ms powered=true)" \
        2000000 $((2000000 + w_tol))
    want "power_warning t_ns" "$(ev "$w_name" power_warning t_ns cause=fault)" "$warn"
    # cut_at_ns is the end of the window; the cut acts at the instruction
    # boundary at or after it.
    cut_at=$(ev "$w_name" power_warning cut_at_ns)
    want "power_warning cut_at_ns" "$cut_at" $((warn + 500000))
    between "CUT_NS - cut_at_ns" $((cut - ${cut_at:-0})) 0 "$w_tol"
    want "power_ack t_ns" "$(ev "$w_name" power_ack t_ns)" "$ack"
    want "power_ack after_warning_ns" "$(ev "$w_name" power_ack after_warning_ns)" $((ack - warn))
    want "power_cut t_ns" "$(ev "$w_name" power_cut t_ns cause=fault warned=true acked=true)" "$cut"
    want "power_on (boot 2) t_ns" "$(ev "$w_name" power_on t_ns boot=2 reason=restored)" "$restore"
    want "power_on (boot 2) off_ns" "$(ev "$w_name" power_on off_ns boot=2)" 7000000
    want "power_on (boot 1)" "$(ev "$w_name" power_on reason boot=1)" cold
    want "power_on lines" "$(evn "$w_name" power_on)" 2
    want "guest mark" "$(ev "$w_name" guest arg milestone=resumed)" $((0x1122334455667788))
    want "run_end" "$(ev "$w_name" run_end reason code=0)" guest-pass
    verdict "$w_name" "warn $warn ns, ack +$((ack - warn)) ns, cut +$((cut - warn)) ns, off $((restore - cut)) ns"
}

warning functional 0 --timing off
# Timing mode: a time acts within a basic block (the wait loop's is short).
warning timing 1000

# mtime starts again from 0 at power-on: boot 2 read it within microseconds
# of RESTORE_NS (10 MHz: 1000 ticks are 100 us).
mtime=$(val warning-functional warn mtime)
if [ -n "$mtime" ] && [ "$mtime" -lt 1000 ]; then
    ok power-on-mtime "mtime $mtime at boot 2"
else
    fail power-on-mtime "boot 2 read mtime ${mtime:-<none>} ($((${mtime:-0} / 10)) us), want < 1000: it did not start again from 0 (RESTORE_NS $(val warning-functional warn restore_ns))"
fi

run button --timing off --set power.residual_us=200 "$B/button.elf"
if [ $rc -ne 0 ]; then
    fail button "$(why button)"
else
    bad=
    warn=$(val button button warn_ns) cut=$(val button button cut_ns)
    want "reason" "$(val button button reason)" 3
    want "CUT_NS - WARN_NS" $((cut - warn)) 200000
    between "WARN_NS - press" $((warn - $(val button button press_ns))) 0 100
    want "power_warning" "$(ev button power_warning t_ns cause=button)" "$warn"
    want "power_cut" "$(ev button power_cut t_ns cause=button warned=true acked=true)" "$cut"
    want "power_on (boot 2) reason" "$(ev button power_on reason boot=2)" button
    want "fault lines" "$(evn button fault)" 0
    verdict button "warn $warn ns, cut $cut ns"
fi

# ---- 2. durability across a cut -------------------------------------------------

# durable NAME WANT_B WANT_C ARGS... -- durable.elf (timing mode); slot A must
# hold its cleaned value, B and C what the flush_on_fail setting says.
durable() {
    d_name=$1 d_b=$2 d_c=$3
    shift 3
    run "$d_name" "$@" "$B/durable.elf"
    if [ $rc -ne 0 ]; then
        fail "$d_name" "$(why "$d_name")"
        return
    fi
    bad=
    want "boot 1 stored" "$(grep -c '^durable: stored' "$T/$d_name.out")" 1
    want "reason" "$(val "$d_name" durable reason)" 1
    want "A (cleaned)" "$(val "$d_name" durable A)" 0xa1a1a1a1a1a1a1a1
    want "B (dirty)" "$(val "$d_name" durable B)" "$d_b"
    want "C (cleaned, then dirty)" "$(val "$d_name" durable C)" "$d_c"
    want "power_cut lines" "$(evn "$d_name" power_cut)" 1
    lost=$(ev "$d_name" power_cut dirty_lines_lost) flushed=$(ev "$d_name" power_cut dirty_lines_flushed)
    if [ "$d_b" = 0x0000000000000000 ]; then
        between "dirty_lines_lost" "$lost" 2 100000
        want "dirty_lines_flushed" "$flushed" 0
    else
        between "dirty_lines_flushed" "$flushed" 2 100000
        want "dirty_lines_lost" "$lost" 0
    fi
    verdict "$d_name" "lost $lost, flushed $flushed dirty lines"
}

durable durable-sudden 0x0000000000000000 0xc1c1c1c1c1c1c1c1 --fault cut:at=1ms,mode=sudden
durable durable-warned 0x0000000000000000 0xc1c1c1c1c1c1c1c1 \
    --fault cut:at=1ms --set power.residual_us=100
durable durable-flush-on-fail 0xb2b2b2b2b2b2b2b2 0xc2c2c2c2c2c2c2c2 \
    --fault cut:at=1ms,mode=sudden --set power.flush_on_fail=on
# A cut at an instruction, well after the stores (boot 1 prints where they
# ended).
durable durable-insn 0x0000000000000000 0xc1c1c1c1c1c1c1c1 --fault cut:insn=200000,mode=sudden
n=$(val durable-insn "durable: stored" instret)
if [ -n "$n" ] && [ "$n" -ge 200000 ]; then
    fail durable-insn-placement "the stores ended at instruction $n, after the cut at 200000"
fi

# Across runs through an SCM image: ending simscm is a cut, and the next run
# powers the same machine on with boot reason restored (BOOT_COUNT 1 again).
run image-1 --set "region.scm.image=$T/scm.img" "$B/spin.elf"
rc1=$rc
run image-2 --set "region.scm.image=$T/scm.img" "$B/spin.elf"
bad=
want "exits" "$rc1 $rc" "0 0"
want "first run" "$(val image-1 spin boots) $(val image-1 spin reason)" "1 0"
want "second run" "$(val image-2 spin boots) $(val image-2 spin reason)" "1 1"
want "second run power_on" "$(ev image-2 power_on reason boot=1)" restored
verdict image-restored

# ---- 3. DRAM after power-on -------------------------------------------------------

# dram.elf prints one line per boot; sums of boots 1..3 as "s1 s2 s3".
dram_sums() {
    for dram_b in 1 2 3; do
        sed -n "s/^dram: boot=$dram_b .*sum=\(0x[0-9a-f]*\).*/\1/p" "$T/$1.out"
    done | tr '\n' ' '
}

run dram-seed1 --seed 1 --set power.residual_us=10 "$B/dram.elf"
rc1=$rc
run dram-seed1-again --seed 1 --set power.residual_us=10 "$B/dram.elf"
rc2=$rc
run dram-seed2 --seed 2 --set power.residual_us=10 "$B/dram.elf"
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ] || [ $rc -ne 0 ]; then
    fail dram "exits $rc1 $rc2 $rc: $(why dram-seed1)"
else
    bad=
    line2=$(grep '^dram: boot=2 ' "$T/dram-seed1.out")
    want "pattern words after the cut" "$(echo "$line2" | sed -n 's/.* pattern=\([0-9]*\).*/\1/p')" 0
    between "zero words after the cut" "$(echo "$line2" | sed -n 's/.* zero=\([0-9]*\).*/\1/p')" 0 64
    # shellcheck disable=SC2046
    set -- $(dram_sums dram-seed1)
    s1=$1 s2=$2 s3=$3
    if [ -z "$s3" ] || [ "$s1" = "$s2" ] || [ "$s2" = "$s3" ] || [ "$s1" = "$s3" ]; then
        bad="$bad; the three power-ons of one run should hold different garbage: $s1 $s2 $s3"
    fi
    want "same seed, same garbage" "$(dram_sums dram-seed1-again)" "$(dram_sums dram-seed1)"
    # shellcheck disable=SC2046
    set -- $(dram_sums dram-seed2)
    if [ "$1" = "$s1" ] || [ "$2" = "$s2" ] || [ "$3" = "$s3" ]; then
        bad="$bad; seed 2 gives the garbage of seed 1: $* vs $s1 $s2 $s3"
    fi
    verdict dram "seed 1 boot 2 sum $s2, seed 2 boot 2 sum $2"
fi

# ---- 4. the watchdog -------------------------------------------------------------

# watchdog MODE TOLERANCE_NS ARGS -- wdog.elf: the cut comes 3 ms after the
# enable, which happened between the guest's t0 and t1.
watchdog() {
    wd_name=watchdog-$1 wd_tol=$2
    shift 2
    run "$wd_name" "$@" "$B/wdog.elf"
    if [ $rc -ne 0 ]; then
        fail "$wd_name" "$(why "$wd_name")"
        return
    fi
    bad=
    t0=$(val "$wd_name" wdog t0) t1=$(val "$wd_name" wdog t1) cut=$(val "$wd_name" wdog cut_ns)
    want "reason" "$(val "$wd_name" wdog reason)" 2
    between "CUT_NS" "$cut" $((t0 + 3000000)) $((t1 + 3000000 + wd_tol))
    want "watchdog_expiry" "$(ev "$wd_name" watchdog_expiry t_ns injected=false)" "$cut"
    want "power_cut" "$(ev "$wd_name" power_cut t_ns cause=watchdog warned=false)" "$cut"
    want "power_on (boot 2) reason" "$(ev "$wd_name" power_on reason boot=2)" watchdog
    want "power_warning lines" "$(evn "$wd_name" power_warning)" 0
    verdict "$wd_name" "enabled at $t0..$t1 ns, cut at $cut ns, REMAINING_US $(val "$wd_name" wdog rem_start) then $(val "$wd_name" wdog rem_1ms)"
}

watchdog functional 0 --timing off
watchdog timing 1000

run watchdog-kicked --timing off "$B/kick.elf"
if [ $rc -eq 0 ] && [ "$(evn watchdog-kicked power_on)" = 1 ] &&
   [ "$(evn watchdog-kicked watchdog_expiry)" = 0 ]; then
    ok watchdog-kicked "$(val watchdog-kicked kick kicks) kicks over $(val watchdog-kicked kick ran_ns) ns, timeout 1 ms, REMAINING_US never below $(val watchdog-kicked kick min_remaining_us)"
else
    fail watchdog-kicked "$(why watchdog-kicked); $(evn watchdog-kicked watchdog_expiry) expiries"
fi

# ---- 5. 1,000 power cycles in one run ----------------------------------------------

# cycles NAME N [ARGS...] -- cycles-N.elf pressing the button at every boot
# (warned, 20 us window); $c_secs gets the host seconds.
cycles() {
    c_name=$1 c_n=$2
    shift 2
    c_start=$(date +%s.%N)
    run "$c_name" --set power.residual_us=20 --stats "$T/$c_name.json" "$@" "$B/cycles-$c_n.elf"
    c_secs=$(echo "$c_start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
    bad=
    want "exit" $rc 0
    want "boots counted in SCM" "$(val "$c_name" cycles boots)" "$c_n"
    want "boots with reason button" "$(val "$c_name" cycles button_boots)" $((c_n - 1))
    want "power_on lines" "$(evn "$c_name" power_on)" "$c_n"
    want "last power_on boot" "$(ev "$c_name" power_on boot | tail -1)" "$c_n"
    want "power_cut lines (button)" "$(evn "$c_name" power_cut cause=button)" $((c_n - 1))
    # The stats' power object agrees with the log.
    want "stats power_ons" "$(power_stat "$c_name" power_ons)" "$c_n"
    want "stats cuts" "$(power_stat "$c_name" cuts)" $((c_n - 1))
    want "stats dirty_lines_lost" "$(power_stat "$c_name" dirty_lines_lost)" \
        "$(ev "$c_name" power_cut dirty_lines_lost | awk '{ s += $1 } END { print s + 0 }')"
}

# Wrappers that run() can call in place of simscm.
SIMSCM_BIN=$SIMSCM
# limited_simscm ARGS -- simscm allowed 16 open files in all (dash and bash
# have ulimit -n), under time(1) when there is one: peak RSS to $T/NAME.rss.
# shellcheck disable=SC2317,SC3045
limited_simscm() {
    if [ -x /usr/bin/time ]; then
        (ulimit -n 16 && exec /usr/bin/time -f "maxrss_kib=%M" -o "$T/$run_name.rss" "$SIMSCM_BIN" "$@")
    else
        (ulimit -n 16 && exec "$SIMSCM_BIN" "$@")
    fi
}

# 16 open files are enough for 1,000 cycles (simscm needs 7; a descriptor
# left open per cycle, or per hundred, would not fit), and the peak memory of
# 1,000 cycles is that of 100.
SIMSCM=limited_simscm
cycles cycles-100 100
verdict cycles-100 "$c_secs s host"
cycles cycles-1000 1000
r100=$(sed -n 's/^maxrss_kib=//p' "$T/cycles-100.rss" 2>/dev/null)
r1000=$(sed -n 's/^maxrss_kib=//p' "$T/cycles-1000.rss" 2>/dev/null)
[ ! -x /usr/bin/time ] || between "peak RSS of 1,000 cycles (KiB)" "$r1000" 1 $((${r100:-0} + 4096))
SIMSCM=$SIMSCM_BIN
verdict cycles-1000 "$c_secs s host, $(awk "BEGIN { printf \"%.0f\", 999 / $c_secs }") cycles/s, at most 16 open files, peak RSS ${r100:-?} KiB for 100 cycles, ${r1000:-?} KiB for 1,000"

# The same 1,000 cycles under AddressSanitizer, LeakSanitizer and UBSan.
if [ -n "$SAN" ] && [ -x "$SAN" ]; then
    SIMSCM=$SAN
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 cycles cycles-asan 1000
    SIMSCM=$SIMSCM_BIN
    if grep -q 'Sanitizer\|runtime error' "$T/cycles-asan.err"; then
        bad="$bad; $(grep -m3 'Sanitizer\|runtime error' "$T/cycles-asan.err" | tr '\n' '|')"
    fi
    verdict cycles-asan "$c_secs s host under ASan"
else
    fail cycles-asan "no ASan build at '${SAN:-<none given>}'"
fi

# ---- 6. fault kinds at a time and at an instruction ---------------------------------

# fault NAME ELF SPEC T_NS [INSTRET [LINES]] -- run ELF (--timing off, 500 us
# window) with SPEC; its LINES (default 1) fault lines must have t_ns = T_NS
# (and instret = INSTRET for an insn= trigger, "" otherwise) and powered =
# true.
fault() {
    f_name=$1 f_elf=$2 f_spec=$3 f_t=$4 f_i=${5:-} f_n=${6:-1}
    run "$f_name" --timing off --set power.residual_us=500 --fault "$f_spec" "$B/$f_elf.elf"
    bad=
    want "exit" $rc 0
    want "fault lines" "$(evn "$f_name" fault spec="$f_spec")" "$f_n"
    want "fault lines at t_ns $f_t" "$(evn "$f_name" fault spec="$f_spec" t_ns="$f_t" powered=true)" "$f_n"
    [ -z "$f_i" ] || want "fault lines at instret $f_i" "$(evn "$f_name" fault spec="$f_spec" instret="$f_i")" "$f_n"
}

# The insn= checks use 1234567: in --timing off one instruction is 1 ns, so
# the fault also comes at t_ns 1234567.
for trig in at insn; do
    if [ $trig = at ]; then spec_t=at=3ms t=3000000 i=; else spec_t=insn=1234567 t=1234567 i=1234567; fi

    fault fault-cut-$trig spin "cut:$spec_t" $t $i
    want "fault mode" "$(ev fault-cut-$trig fault mode)" warned
    want "power_warning" "$(ev fault-cut-$trig power_warning t_ns cause=fault cut_at_ns=$((t + 500000)))" $t
    want "power_cut" "$(ev fault-cut-$trig power_cut t_ns cause=fault warned=true acked=false)" $((t + 500000))
    want "power_on (boot 2) reason" "$(ev fault-cut-$trig power_on reason boot=2)" restored
    verdict fault-cut-$trig "t_ns $t, cut $((t + 500000))"

    fault fault-cut-sudden-$trig spin "cut:$spec_t,mode=sudden" $t $i
    want "fault mode" "$(ev fault-cut-sudden-$trig fault mode)" sudden
    want "power_cut" "$(ev fault-cut-sudden-$trig power_cut t_ns cause=fault warned=false)" $t
    want "power_warning lines" "$(evn fault-cut-sudden-$trig power_warning)" 0
    verdict fault-cut-sudden-$trig "t_ns $t"

    fault fault-button-$trig spin "button:$spec_t" $t $i
    want "power_warning" "$(ev fault-button-$trig power_warning t_ns cause=button)" $t
    want "power_cut" "$(ev fault-button-$trig power_cut t_ns cause=button)" $((t + 500000))
    want "power_on (boot 2) reason" "$(ev fault-button-$trig power_on reason boot=2)" button
    verdict fault-button-$trig "t_ns $t"

    fault fault-watchdog-$trig spin "watchdog:$spec_t" $t $i
    want "watchdog_expiry" "$(ev fault-watchdog-$trig watchdog_expiry t_ns injected=true)" $t
    want "power_cut" "$(ev fault-watchdog-$trig power_cut t_ns cause=watchdog warned=false)" $t
    want "power_on (boot 2) reason" "$(ev fault-watchdog-$trig power_on reason boot=2)" watchdog
    verdict fault-watchdog-$trig "t_ns $t"

    fault fault-bitflip-$trig spin "bitflip:$spec_t" $t $i
    want "region" "$(ev fault-bitflip-$trig fault region)" dram
    addr=$(ev fault-bitflip-$trig fault addr)
    case $addr in
        0x*) between "addr" "$((addr))" $((0xc0000000)) $((0xc3ffffff)) ;;
        *)   bad="$bad; addr = $addr, want a hex string" ;;
    esac
    between "bit" "$(ev fault-bitflip-$trig fault bit)" 0 7
    want "power_cut lines" "$(evn fault-bitflip-$trig power_cut)" 0
    verdict fault-bitflip-$trig "t_ns $t, flipped bit $(ev fault-bitflip-$trig fault bit) of $addr"

    fault fault-bitflip-scm-$trig spin "bitflip:$spec_t,region=scm,bits=3" $t "$i" 3
    for addr in $(ev fault-bitflip-scm-$trig fault addr region=scm); do
        between "scm addr" "$((addr))" $((0x80000000)) $((0x83ffffff))
    done
    verdict fault-bitflip-scm-$trig "3 bits at t_ns $t"

    # bug:...,at=/insn=: armed there, the first STRIKE read after it strikes
    # once (bug.elf reads every microsecond).
    fault fault-bug-$trig bug "bug:id=3,$spec_t" $t $i
    want "fault id" "$(ev fault-bug-$trig fault id)" 3
    want "strikes" "$(val fault-bug-$trig bug strikes)" 1
    want "other bug strikes" "$(val fault-bug-$trig bug other)" 0
    want "bug_strike lines" "$(evn fault-bug-$trig bug_strike id=3)" 1
    first=$(val fault-bug-$trig bug first_ns)
    between "first strike (guest NOW_NS)" "$first" $t $((t + 2000))
    between "bug_strike t_ns" "$(ev fault-bug-$trig bug_strike t_ns)" $t $((t + 2000))
    [ -z "$i" ] || between "first strike (guest minstret)" "$(val fault-bug-$trig bug first_instret)" $i $((i + 2000))
    verdict fault-bug-$trig "armed at $t, struck at $first ns"
done

# Time triggers in the timing mode act within a basic block; instruction
# triggers exactly there in both modes.
run fault-timing-at --fault cut:at=3ms,mode=sudden "$B/spin.elf"
bad=
want "exit" $rc 0
t=$(ev fault-timing-at fault t_ns)
between "fault t_ns" "$t" 3000000 3001000
want "power_cut t_ns" "$(ev fault-timing-at power_cut t_ns)" "$t"
verdict fault-timing-at "timing mode, at=3ms acted at $t ns"
run fault-timing-insn --fault cut:insn=1234567,mode=sudden "$B/spin.elf"
bad=
want "exit" $rc 0
want "fault instret" "$(ev fault-timing-insn fault instret)" 1234567
want "power_cut t_ns" "$(ev fault-timing-insn power_cut t_ns)" "$(ev fault-timing-insn fault t_ns)"
verdict fault-timing-insn "timing mode, insn=1234567 at $(ev fault-timing-insn fault t_ns) ns"

# A second cut inside a warning's window: a warned one changes nothing, a
# sudden one cuts at once.
run fault-window-warned --timing off --set power.residual_us=500 \
    --fault cut:at=2ms --fault cut:at=2200us "$B/spin.elf"
bad=
want "exit" $rc 0
want "second fault" "$(ev fault-window-warned fault t_ns spec=cut:at=2200us powered=true)" 2200000
want "power_cut" "$(ev fault-window-warned power_cut t_ns | tr '\n' ' ')" "2500000 "
verdict fault-window-warned "one cut, at 2500000 ns"
run fault-window-sudden --timing off --set power.residual_us=500 \
    --fault cut:at=2ms --fault cut:at=2200us,mode=sudden "$B/spin.elf"
bad=
want "exit" $rc 0
want "power_cut" "$(ev fault-window-sudden power_cut t_ns | tr '\n' ' ')" "2200000 "
want "power_on lines" "$(evn fault-window-sudden power_on)" 2
verdict fault-window-sudden "one cut, at 2200000 ns"

# The bug trigger with a probability: about half of the reads strike.
run bug-p --timing off --fault bug:id=3,p=0.5 "$B/bug.elf"
bad=
want "exit" $rc 0
reads=$(val bug-p bug reads) strikes=$(val bug-p bug strikes)
between "reads" "$reads" 9000 10001
between "strikes (of $reads)" "$strikes" $((reads * 45 / 100)) $((reads * 55 / 100))
want "other bug strikes" "$(val bug-p bug other)" 0
want "bug_strike lines" "$(evn bug-p bug_strike id=3)" "$strikes"
verdict bug-p "$strikes of $reads reads struck"

run bug-unarmed --timing off "$B/bug.elf"
bad=
want "exit" $rc 0
want "strikes" "$(val bug-unarmed bug strikes)" 0
verdict bug-unarmed "$(val bug-unarmed bug reads) reads, none struck"

# Same seed, same log; another seed, another log.  Random faults of every
# kind that has mtbf, in the timing mode.
MTBF="--set power.off_ms=1 --set power.residual_us=100 --fault cut:mtbf=2ms
      --fault bitflip:mtbf=300us --fault bug:id=3,mtbf=1ms --fault button:mtbf=3ms
      --fault watchdog:mtbf=4ms"
# shellcheck disable=SC2086
run det-a --seed 7 $MTBF "$B/bug.elf"
rca=$rc
# shellcheck disable=SC2086
run det-b --seed 7 $MTBF "$B/bug.elf"
rcb=$rc
# shellcheck disable=SC2086
run det-c --seed 8 $MTBF "$B/bug.elf"
if [ $rca -ne 0 ] || [ $rcb -ne 0 ] || [ $rc -ne 0 ]; then
    fail determinism "exits $rca $rcb $rc: $(why det-c)"
elif ! cmp -s "$T/det-a.ev" "$T/det-b.ev" || ! cmp -s "$T/det-a.out" "$T/det-b.out"; then
    fail determinism-same-seed "seed 7 twice: $(diff "$T/det-a.ev" "$T/det-b.ev" | head -3 | tr '\n' '|')"
else
    ok determinism-same-seed "$(wc -l <"$T/det-a.ev") lines, $(evn det-a power_on) power-ons, $(evn det-a fault) faults"
    if cmp -s "$T/det-a.ev" "$T/det-c.ev"; then
        fail determinism-other-seed "seeds 7 and 8 give the same log"
    else
        ok determinism-other-seed "seed 8: $(wc -l <"$T/det-c.ev") lines, $(evn det-c power_on) power-ons"
    fi
fi

# Adding a spec does not move the others (a stream per spec): the bit flips
# are the same with and without a bug fault beside them.
run indep-1 --seed 7 --fault bitflip:mtbf=300us "$B/spin.elf"
run indep-2 --seed 7 --fault bug:id=3,mtbf=1ms --fault bitflip:mtbf=300us "$B/spin.elf"
f1=$(ev indep-1 fault addr kind=bitflip | tr '\n' ' ')
f2=$(ev indep-2 fault addr kind=bitflip | tr '\n' ' ')
if [ -n "$f1" ] && [ "$f1" = "$f2" ]; then
    ok fault-streams "$(echo "$f1" | wc -w) bit flips, the same with a bug spec added"
else
    fail fault-streams "bit flips differ: \"$f1\" vs \"$f2\""
fi

# [faults] inject in a file and --fault on the command line are both used.
# The button comes due while the machine is off (2 ms + 10 ms): logged with
# powered false, and nothing happens.
printf '[faults]\ninject = "cut:at=2ms,mode=sudden button:at=5ms"\n' | cat "$CFG" - >"$T/inject.ini"
"$SIMSCM" --config "$T/inject.ini" --max-insns 100000000 --timing off --events "$T/inject.ev" \
    --fault bitflip:at=1ms "$B/spin.elf" >"$T/inject.out" 2>"$T/inject.err"
rc=$?
bad=
want "exit" $rc 0
want "faults (spec t_ns)" "$(ev inject fault spec | tr '\n' ' ')" "bitflip:at=1ms cut:at=2ms,mode=sudden button:at=5ms "
want "power_cut" "$(ev inject power_cut t_ns warned=false)" 2000000
want "button while off" "$(ev inject fault t_ns kind=button powered=false)" 5000000
want "power_warning lines" "$(evn inject power_warning)" 0
want "power_on lines" "$(evn inject power_on)" 2
verdict fault-config-and-option

# ---- 7. the event logs ------------------------------------------------------------

# One Python for all of them (it takes a third of a second to start).
if msg=$(python3 tests/power/evlog.py "$T"/*.ev); then
    ok events-valid "$msg"
else
    fail events-valid "$msg"
fi

# ---- 8. bad input ------------------------------------------------------------------

# reject SPEC -- --fault SPEC must exit 2, quote the spec, simulate nothing.
nrej=0
reject() {
    nrej=$((nrej + 1))
    "$SIMSCM" --config "$CFG" --max-insns 1000 --fault "$1" "$B/spin.elf" \
        >"$T/reject.out" 2>"$T/reject.err"
    rc=$?
    if [ $rc -ne 2 ] || [ -s "$T/reject.out" ] || ! grep -qF -- "--fault $1" "$T/reject.err"; then
        fail "reject-spec" "--fault '$1': exit $rc, stderr: $(head -2 "$T/reject.err" | tr '\n' '|')"
    fi
}
f=$failed
failed=0
for spec in cut cut: cut:at=5 cut:at=5xs cut:at=ms cut:at=-1ms nosuch:at=1ms \
            cut:at=1ms,mode=maybe cut:at=1ms,colour=red cut:insn=0 cut:p=0.5 \
            bug:p=2 bug:p=0.5 bug:id=16,at=1ms bug:id=3,p=-0.1 \
            bitflip:at=1ms,region=nosuch bitflip:at=1ms,bits=0 bitflip:at=1ms,bits=65 \
            button:mtbf=1ms,at=2ms bug:id=3,at=1ms,p=0.5 cut:mtbf=0ms; do
    reject "$spec"
done
# An empty spec: nothing to quote, but still a usage error.
"$SIMSCM" --config "$CFG" --max-insns 1000 --fault "" "$B/spin.elf" >"$T/reject.out" 2>"$T/reject.err"
rc=$?
if [ $rc -ne 2 ] || ! grep -q -- "--fault" "$T/reject.err"; then
    fail reject-spec "--fault '': exit $rc, stderr: $(head -2 "$T/reject.err" | tr '\n' '|')"
fi
[ $failed -eq 0 ] && ok reject-spec "$((nrej + 1)) malformed specs"
failed=$((f | failed))

# In a config file: FILE:LINE: inject: and the bad spec quoted.
f=$failed
failed=0
for spec in cut:at=5 nosuch:at=1ms bug:p=0.5; do
    printf '[faults]\n# a comment\ninject = "cut:at=1ms %s"\n' "$spec" | cat "$CFG" - >"$T/bad.ini"
    line=$(grep -n '^inject' "$T/bad.ini" | cut -d: -f1)
    "$SIMSCM" --config "$T/bad.ini" --max-insns 1000 "$B/spin.elf" >"$T/reject.out" 2>"$T/reject.err"
    rc=$?
    if [ $rc -ne 2 ] || [ -s "$T/reject.out" ] || ! grep -q "^$T/bad.ini:$line: inject: " "$T/reject.err" ||
       ! grep -qF -- "$spec" "$T/reject.err"; then
        fail reject-config "inject \"$spec\": exit $rc, stderr: $(head -2 "$T/reject.err" | tr '\n' '|')"
    fi
done
[ $failed -eq 0 ] && ok reject-config "FILE:LINE: inject: for 3 specs"
failed=$((f | failed))

# Misprogrammed devices: one line per register, naming device, register and
# value; the run goes on.  (docs/power.md names the power controller
# "power"; "watchdog" and "bugtrig" are what sim/devices/ calls the others.)
run guest-errors --timing off --stats "$T/guest-errors.json" "$B/regerr.elf"
bad=
want "exit" $rc 0
# regerr.c makes 16 bad accesses: the stats count each, stderr names each
# register once.
want "stats guest_errors" "$(sed -n 's/^ *"guest_errors": \([0-9]*\).*/\1/p' "$T/guest-errors.json")" 16
nlines=0
for pat in 'power: register ACK: value 0x12345678:' \
           'power: register BUTTON: value 0x7:' \
           'power: register MARK: value 0xb:' \
           'power: register CTRL: value 0x6:' \
           'power: register MAGIC: value 0xdeadbeef:' \
           'power: register VERSION: value 0x' \
           'power: register [^:]*: value 0x55:' \
           'watchdog: register TIMEOUT_US: value 0x0:' \
           'watchdog: register KICK: value 0x4b43494b:' \
           'watchdog: register CTRL: value 0x2:' \
           'bugtrig: register SELECT: value 0x63:' \
           'bugtrig: register STRIKE: value 0x1:'; do
    nlines=$((nlines + 1))
    c=$(grep -c "^simscm: $pat" "$T/guest-errors.err")
    [ "$c" = 1 ] || bad="$bad; \"simscm: $pat\" printed $c times, want once"
done
want "error lines" "$(grep -c '^simscm: .*: register .*: value 0x' "$T/guest-errors.err")" $nlines
want "guest mark" "$(ev guest-errors guest arg milestone=user)" 42
verdict guest-errors "$nlines registers reported once each"
[ -z "$bad" ] || sed 's/^/      /' "$T/guest-errors.err"

[ $failed -eq 0 ] && echo "  power: all checks passed"
exit $failed
