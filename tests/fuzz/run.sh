#!/bin/sh
# run.sh -- run libFuzzer targets for a bounded time each.
#
#   run.sh SECONDS BUILDDIR NAME...
#
# BUILDDIR/fuzz_NAME runs for SECONDS on the checked-in seeds
# (tests/fuzz/corpus/NAME/) plus what earlier runs learned
# (BUILDDIR/corpus/NAME/, where new inputs go), with the dictionary
# tests/fuzz/NAME.dict when there is one.  Any crash, leak, sanitizer
# report, timeout (10 s on one input) or out-of-memory (2 GiB) fails the
# target; the input is saved as BUILDDIR/crash/NAME-<kind>-<sha1> and the
# line to reproduce it is printed.  Prints "PASS NAME: N runs in S s" or
# "FAIL NAME: ..." per target and "N passed, N failed"; exits 1 if any
# failed.  FUZZ_FRESH=1 (make test-fuzz) starts from the seeds alone, in
# BUILDDIR/fresh/NAME/, so a big corpus from `make fuzz` cannot make the
# short run long (libFuzzer reads all of it before the clock matters);
# FUZZ_ARGS adds options.
set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 SECONDS BUILDDIR NAME..." >&2
    exit 2
fi
secs=$1; bdir=$2; shift 2
here=$(dirname "$0")
passed=0; failed=0
for name in "$@"; do
    bin=$bdir/fuzz_$name
    learned=$bdir/corpus/$name
    if [ "${FUZZ_FRESH:-0}" = 1 ]; then
        learned=$bdir/fresh/$name
        rm -rf "$learned"
    fi
    mkdir -p "$learned" "$bdir/crash" "$bdir/log"
    log=$bdir/log/$name.log
    dict=""
    [ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$bdir/crash/$name-" $dict \
        ${FUZZ_ARGS:-} "$learned" "$here/corpus/$name" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        echo "PASS $name: ${runs:-?} runs in $secs s (corpus $(ls "$learned" | wc -l) learned + $(ls "$here/corpus/$name" | wc -l) seeds)"
    else
        failed=$((failed + 1))
        art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        echo "FAIL $name: exit $rc; log $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*refused the input)' "$log" | head -5 | sed 's/^/    /'
        [ -n "$art" ] && echo "    input: $art; reproduce: $bin $art"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
