#!/bin/sh
# run.sh -- golden traces: run short programs on simscm with --trace and
# compare trace and console with the checked-in files in expected/.
#
#   run.sh check SIMSCM OUTDIR ELF...   compare; "N passed, N failed"
#   run.sh bless SIMSCM OUTDIR ELF...   rewrite expected/ from this simscm
#
# Each program runs functional (--timing off) on configs/dram-only.ini (when
# it exists), so its trace depends on nothing but the instructions.  The
# console file ends with a line "exit: N" holding simscm's exit code.  Bless
# only after reading the new trace against the program's source.
#
# variants.txt beside this script adds runs of the same programs with the
# trace filters and the event trace: each line "NAME PROGRAM KIND OPTION..."
# runs PROGRAM with --trace=FILE (KIND trace) or --trace-events=FILE (KIND
# events) plus the options, and compares FILE with expected/NAME.KIND.
set -u

if [ $# -lt 4 ]; then
    echo "usage: $0 check|bless SIMSCM OUTDIR ELF..." >&2
    exit 2
fi
action=$1; simscm=$2; outdir=$3; shift 3
expected=$(dirname "$0")/expected
timeout_s=${TEST_TIMEOUT:-20}
mkdir -p "$outdir" "$expected"
config=""
[ -f configs/dram-only.ini ] && config="--config configs/dram-only.ini"

if [ ! -x "$simscm" ]; then
    echo "FAIL: simscm not built ($simscm missing)"
    echo "0 passed, $# failed"
    exit 1
fi

passed=0; failed=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    trace="$outdir/$name.trace"; console="$outdir/$name.console"
    # shellcheck disable=SC2086
    timeout "$timeout_s" "$simscm" $config --timing off --trace="$trace" "$elf" \
        </dev/null >"$console" 2>"$outdir/$name.err"
    echo "exit: $?" >>"$console"
    if [ "$action" = bless ]; then
        cp "$trace" "$expected/$name.trace"
        cp "$console" "$expected/$name.console"
        echo "blessed $name: $(wc -l <"$trace") trace lines, $(cat "$console" | tr '\n' '|')"
        continue
    fi
    why=""
    for kind in console trace; do
        if [ ! -f "$expected/$name.$kind" ]; then
            why="no expected/$name.$kind (make bless-golden)"
            break
        fi
        if ! cmp -s "$expected/$name.$kind" "$outdir/$name.$kind"; then
            why="$kind differs"
            break
        fi
    done
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "PASS $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        [ -f "$expected/$name.$kind" ] &&
            diff -u --label "expected/$name.$kind" --label "simscm" \
                "$expected/$name.$kind" "$outdir/$name.$kind" | sed -n '3,30s/^/    /p'
    fi
done

# The filter and event-trace variants.
elfdir=$(dirname "$1")
variants=$(dirname "$0")/variants.txt
while read -r vname prog kind opts; do
    case "$vname" in ''|'#'*) continue ;; esac
    out="$outdir/$vname.$kind"
    # shellcheck disable=SC2086
    timeout "$timeout_s" "$simscm" $config --timing off --"$( [ "$kind" = events ] &&
        echo trace-events || echo trace)"="$out" $opts "$elfdir/$prog.elf" \
        </dev/null >"$outdir/$vname.console" 2>"$outdir/$vname.err"
    rc=$?
    if [ "$action" = bless ]; then
        cp "$out" "$expected/$vname.$kind"
        echo "blessed $vname: $(wc -l <"$out") $kind lines"
        continue
    fi
    if [ $rc -ne 0 ]; then
        failed=$((failed + 1))
        echo "FAIL $vname: simscm exited $rc: $(head -c 300 "$outdir/$vname.err")"
    elif [ ! -f "$expected/$vname.$kind" ]; then
        failed=$((failed + 1))
        echo "FAIL $vname: no expected/$vname.$kind (make bless-golden)"
    elif cmp -s "$expected/$vname.$kind" "$out"; then
        passed=$((passed + 1))
        echo "PASS $vname ($opts)"
    else
        failed=$((failed + 1))
        echo "FAIL $vname: $kind differs"
        diff -u --label "expected/$vname.$kind" --label "simscm" \
            "$expected/$vname.$kind" "$out" | sed -n '3,30s/^/    /p'
    fi
done <"$variants"
[ "$action" = bless ] && exit 0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
