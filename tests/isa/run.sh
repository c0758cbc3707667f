#!/bin/sh
# run.sh -- run tests/isa programs on simscm and on QEMU and compare.
#
#   run.sh OUTDIR SIMSCM QEMU ELF...
#
# Each ELF runs on simscm twice, functional (--timing off) and with the
# cycle-approximate model (--timing on), with configs/dram-only.ini when it
# exists, and once on `QEMU -machine virt -bios none` when QEMU is
# installed.  A program passes when every simscm console is byte-for-byte
# QEMU's, every exit code is QEMU's, and that code is 0.  Without QEMU,
# simscm alone must exit 0.  A program with a NAME.expected file beside this
# script (one QEMU cannot run: zicbom, as QEMU 7.2 lacks Zicbom) is compared
# with that file instead of with QEMU.
#
# Consoles and exit codes stay in OUTDIR (NAME.qemu, NAME.simscm-off,
# NAME.simscm-on, *.rc, *.err) for a closer look.  Prints one line per
# program and a final "N passed, N failed"; exits 1 when anything failed.
#
# Environment: SIMSCM_ARGS adds options to every simscm run, TIMING_MODES
# (default "off on") picks the modes, TEST_TIMEOUT (seconds, default 20)
# bounds each run.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 OUTDIR SIMSCM QEMU ELF..." >&2
    exit 2
fi
outdir=$1; simscm=$2; qemu=$3; shift 3
timeout_s=${TEST_TIMEOUT:-20}
modes=${TIMING_MODES:-off on}
here=$(dirname "$0")
mkdir -p "$outdir"

config=""
[ -f configs/dram-only.ini ] && config="--config configs/dram-only.ini"
have_qemu=0
command -v "$qemu" >/dev/null 2>&1 && have_qemu=1

# run_one TAG CMD...: console to $outdir/$name.TAG, exit code to .TAG.rc
run_one() {
    tag=$1; shift
    timeout "$timeout_s" "$@" </dev/null >"$outdir/$name.$tag" 2>"$outdir/$name.$tag.err"
    rc=$?
    echo "$rc" >"$outdir/$name.$tag.rc"
}

describe_rc() {
    case $1 in
        124) echo "timed out after ${timeout_s}s (or simscm's own limit)" ;;
        127) echo "could not run" ;;
        *)   if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit $1"; fi ;;
    esac
}

passed=0; failed=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    why=""
    detail=""

    # The reference console: QEMU's, or NAME.expected.
    oracle=qemu
    qrc=0
    if [ -f "$here/$name.expected" ]; then
        oracle="$name.expected"
        cp "$here/$name.expected" "$outdir/$name.qemu"
    elif [ $have_qemu = 1 ]; then
        run_one qemu "$qemu" -machine virt -bios none -nographic -kernel "$elf"
        qrc=$rc
        if [ "$qrc" != 0 ]; then
            why="QEMU: $(describe_rc "$qrc") (the test itself is wrong)"
            detail=$(grep -v ': ok$' "$outdir/$name.qemu" | head -20 | sed 's/^/    qemu: /')
        fi
    else
        oracle=none
    fi

    if [ -z "$why" ] && [ ! -x "$simscm" ]; then
        why="simscm not built ($simscm missing)"
    fi
    if [ -z "$why" ]; then
        for mode in $modes; do
            # shellcheck disable=SC2086
            run_one "simscm-$mode" "$simscm" $config --timing "$mode" ${SIMSCM_ARGS:-} "$elf"
            src=$rc
            out="$outdir/$name.simscm-$mode"
            if [ $oracle != none ] && ! cmp -s "$outdir/$name.qemu" "$out"; then
                why="--timing $mode: console differs from $oracle"
            elif [ "$src" != 0 ]; then
                why="--timing $mode: simscm $(describe_rc "$src")"
            fi
            if [ -n "$why" ]; then
                [ "$src" != 0 ] && [ -s "$out.err" ] &&
                    why="$why; stderr: $(head -c 300 "$out.err" | tr '\n' ' ')"
                # The lines that differ name the check and both values.
                if [ $oracle != none ]; then
                    detail=$(diff -u --label "$oracle" --label "simscm" \
                        "$outdir/$name.qemu" "$out" | sed -n '3,40s/^/    /p')
                else
                    detail=$(grep -v ': ok$' "$out" | head -20 | sed 's/^/    /')
                fi
                break
            fi
        done
    fi

    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "PASS $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        [ -n "$detail" ] && echo "$detail"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
