#!/bin/sh
# bench.sh -- simulator speed: simulated MIPS of simscm, functional and
# timing, against QEMU on the same programs.
#
#   bench.sh SIMSCM QEMU OUTDIR ELF...
#
# Each ELF runs RUNS times (default 5) on simscm with --timing off, RUNS
# times with --timing on, and RUNS times on qemu-system-riscv64 when it is
# installed.  The instruction count comes from simscm's --stats JSON (key
# core.instret); each run is timed with the host clock; a mode's MIPS is
# the median over its runs of instret / wall seconds.  QEMU's MIPS uses the
# same instruction count over QEMU's wall time (QEMU has no count of its
# own; the program is the same).  Every run must exit 0 and print the same
# checksum line, so a fast but wrong simulator does not go unnoticed.
# Wall times include start-up, which is small next to the run.
set -u

if [ $# -lt 4 ]; then
    echo "usage: $0 SIMSCM QEMU OUTDIR ELF..." >&2
    exit 2
fi
simscm=$1; qemu=$2; outdir=$3; shift 3
runs=${RUNS:-5}
mkdir -p "$outdir"
config=""
[ -f configs/dram-only.ini ] && config="--config configs/dram-only.ini"
have_qemu=0
command -v "$qemu" >/dev/null 2>&1 && have_qemu=1
status=0

now_ns() { date +%s%N; }

# core.instret from a --stats file
instret_of() {
    awk '/"core": *\{/ { incore = 1 }
         incore && /"instret":/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$1"
}

# median of the numbers on stdin
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run_timed LABEL CMD...: one run; appends "seconds" to $outdir/$name.LABEL.times
run_timed() {
    label=$1; shift
    t0=$(now_ns)
    "$@" </dev/null >"$outdir/$name.$label.out" 2>"$outdir/$name.$label.err"
    rc=$?
    t1=$(now_ns)
    if [ $rc != 0 ]; then
        echo "  $name: $label run exited $rc: $(head -c 200 "$outdir/$name.$label.err")"
        status=1
    fi
    if [ -n "$reference" ] && ! cmp -s "$outdir/$name.$label.out" "$reference"; then
        echo "  $name: $label printed '$(head -1 "$outdir/$name.$label.out")'," \
             "expected '$(head -1 "$reference")'"
        status=1
    fi
    echo "$t0 $t1" | awk '{ printf "%.6f\n", ($2 - $1) / 1e9 }' >>"$outdir/$name.$label.times"
}

if [ ! -x "$simscm" ]; then
    echo "bench: simscm not built ($simscm missing)" >&2
    exit 1
fi

printf '%-10s %12s %10s %10s %8s %10s %9s\n' program instructions \
    "off MIPS" "on MIPS" "on/off" "QEMU MIPS" "off/QEMU"
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    reference=""
    rm -f "$outdir/$name".*.times
    for mode in off on; do
        i=0
        while [ $i -lt "$runs" ]; do
            # shellcheck disable=SC2086
            run_timed "$mode" "$simscm" $config --timing "$mode" \
                --stats "$outdir/$name.$mode.json" "$elf"
            [ -z "$reference" ] && reference="$outdir/$name.reference" &&
                cp "$outdir/$name.$mode.out" "$reference"
            i=$((i + 1))
        done
    done
    n=$(instret_of "$outdir/$name.off.json")
    n_on=$(instret_of "$outdir/$name.on.json")
    if [ -z "$n" ] || [ "$n" != "$n_on" ]; then
        echo "  $name: instret ${n:-missing} (off) vs ${n_on:-missing} (on)"
        status=1
    fi
    mips() { awk -v n="${n:-0}" '{ printf "%.3f\n", n / $1 / 1e6 }' "$outdir/$name.$1.times" | median; }
    off=$(mips off); on=$(mips on)
    qm="-"; ratio_q="-"
    if [ $have_qemu = 1 ]; then
        i=0
        while [ $i -lt "$runs" ]; do
            run_timed qemu "$qemu" -machine virt -bios none -nographic -kernel "$elf"
            i=$((i + 1))
        done
        qm=$(mips qemu | awk '{ printf "%.1f", $1 }')
        ratio_q=$(awk -v a="$off" -v b="$qm" 'BEGIN { printf "%.2f", a / b }')
    fi
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.2f", a / b }')
    printf '%-10s %12s %10.1f %10.1f %8s %10s %9s\n' "$name" "$n" "$off" "$on" \
        "$ratio" "$qm" "$ratio_q"
done
echo "(MIPS: median of $runs runs of simulated instructions per host second;"
echo " on/off: timing-mode speed over functional; off/QEMU: functional simscm over QEMU)"
exit $status
