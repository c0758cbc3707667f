#!/bin/sh
# bench.sh -- simulator speed: simulated MIPS of simscm, functional and
# timing, against QEMU on the same programs, and the cost of linking a
# program's data on the last page of its code.
#
#   bench.sh SIMSCM QEMU OUTDIR ELF... [guest]
#
# Each NAME.elf runs RUNS times (default 5) in each of four ways, taken in
# turn so that a change in the load of the machine hits them all alike:
# simscm --timing off, simscm --timing on, qemu-system-riscv64 (when it is
# installed), and NAME-samepage.elf (beside NAME.elf: the same program with
# its data right after its code) with --timing off.  The instruction count
# comes from simscm's --stats JSON (core.instret); each run is timed with the
# host clock; a MIPS figure is the median over the runs of instret / wall
# seconds.  QEMU's MIPS uses simscm's count over QEMU's wall time (QEMU, run
# normally -- TCG, no -icount -- has no count of its own; the programs are
# deterministic, so the count is the same).  Every run must exit 0 and
# print the same checksum line, so a fast but wrong simulator does not go
# unnoticed.  Wall times include start-up, which is small next to the run.
#
# The word "guest" instead of an ELF adds the guest OS session: boot, the
# commands of $GUEST_INPUT typed at the shell (a workload set), shutdown;
# traps, timer interrupts and page-table walks included.  Its instruction
# count is per mode (idle time differs), and it has no QEMU column: QEMU's
# guest clock is the host's, so its idle time and count are not comparable.
#
# Every run is pinned to host CPU $BENCH_CPU (default 0) with taskset, so
# that all columns run on the same core: on shared or virtual machines the
# cores of one host can differ in speed by tens of percent, which moved
# ratios more than the changes being measured.  BENCH_CPU= (empty) runs
# unpinned.
set -u

if [ $# -lt 4 ]; then
    echo "usage: $0 SIMSCM QEMU OUTDIR ELF... [guest]" >&2
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

pin=""
cpu=${BENCH_CPU-0}
if [ -n "$cpu" ] && command -v taskset >/dev/null 2>&1; then
    pin="taskset -c $cpu"
fi

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
# and checks the console against the first run's.
run_timed() {
    label=$1; shift
    t0=$(now_ns)
    $pin "$@" <"$stdin" >"$outdir/$name.$label.out" 2>"$outdir/$name.$label.err"
    rc=$?
    t1=$(now_ns)
    if [ $rc != 0 ]; then
        echo "  $name: $label run exited $rc: $(head -c 200 "$outdir/$name.$label.err")"
        status=1
    fi
    if [ ! -f "$outdir/$name.reference" ]; then
        cp "$outdir/$name.$label.out" "$outdir/$name.reference"
    elif [ "$name" != guest ] && ! cmp -s "$outdir/$name.$label.out" "$outdir/$name.reference"; then
        echo "  $name: $label printed '$(head -1 "$outdir/$name.$label.out")'," \
             "expected '$(head -1 "$outdir/$name.reference")'"
        status=1
    fi
    echo "$t0 $t1" | awk '{ printf "%.6f\n", ($2 - $1) / 1e9 }' >>"$outdir/$name.$label.times"
}

# mips LABEL N: median MIPS of a label's runs of N instructions
mips() {
    awk -v n="${2:-0}" '{ printf "%.3f\n", n / $1 / 1e6 }' "$outdir/$name.$1.times" | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

if [ ! -x "$simscm" ]; then
    echo "bench: simscm not built ($simscm missing)" >&2
    exit 1
fi

printf '%-9s %11s %8s %8s %6s %8s %8s %9s %7s\n' program instret \
    "off" "on" on/off QEMU off/QEMU same-page same/sep
for elf in "$@"; do
    if [ "$elf" = guest ]; then
        name=guest
        stdin=/dev/null
        input=${GUEST_INPUT:-tests/bench/guest.input}
    else
        name=$(basename "$elf" .elf)
        stdin=/dev/null
        same="${elf%.elf}-samepage.elf"
    fi
    rm -f "$outdir/$name".*.times "$outdir/$name.reference"
    i=0
    while [ $i -lt "$runs" ]; do
        for mode in off on; do
            if [ "$name" = guest ]; then
                run_timed $mode "$simscm" $config --timing $mode --stats "$outdir/guest.$mode.json" \
                    --input "$input" --init "" matmul
            else
                run_timed $mode "$simscm" $config --timing $mode \
                    --stats "$outdir/$name.$mode.json" "$elf"
            fi
        done
        if [ "$name" != guest ]; then
            [ $have_qemu = 1 ] &&
                run_timed qemu "$qemu" -machine virt -bios none -nographic -kernel "$elf"
            [ -f "$same" ] &&
                run_timed same "$simscm" $config --timing off \
                    --stats "$outdir/$name.same.json" "$same"
        fi
        i=$((i + 1))
    done
    n=$(instret_of "$outdir/$name.off.json")
    n_on=$(instret_of "$outdir/$name.on.json")
    if [ "$name" != guest ] && { [ -z "$n" ] || [ "$n" != "$n_on" ]; }; then
        echo "  $name: instret ${n:-missing} (off) vs ${n_on:-missing} (on)"
        status=1
    fi
    off=$(mips off "$n"); on=$(mips on "$n_on")
    qm="-"; ratio_q="-"; sm="-"; ratio_s="-"
    if [ -f "$outdir/$name.qemu.times" ]; then
        qm=$(mips qemu "$n" | awk '{ printf "%.1f", $1 }')
        ratio_q=$(ratio "$off" "$qm")
    fi
    if [ -f "$outdir/$name.same.times" ]; then
        sm=$(mips same "$n" | awk '{ printf "%.1f", $1 }')
        ratio_s=$(ratio "$sm" "$off")
    fi
    printf '%-9s %11s %8.1f %8.1f %6s %8s %8s %9s %7s\n' "$name" "$n" "$off" "$on" \
        "$(ratio "$on" "$off")" "$qm" "$ratio_q" "$sm" "$ratio_s"
done
echo "(MIPS, median of $runs runs${pin:+ on host CPU $cpu}: simulated instructions per host second.  off/on:"
echo " simscm --timing off/on; QEMU: qemu-system-riscv64 TCG on the same ELF;"
echo " same-page: the program linked with its data on its code's last page, --timing off;"
echo " same/sep: its speed over the separated layout's.  guest: instret of --timing off)"
exit $status
