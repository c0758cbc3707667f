#!/bin/sh
# powercycle.sh -- host cost of a power cycle inside one run (make bench).
#
#   powercycle.sh SIMSCM OUTDIR ELF...
#
# Each ELF (tests/bench/powercycle.S built with some PAGES) power-cycles the
# machine 2000 times through the power button with residual_us = 0, touching
# PAGES pages of DRAM and of SCM per boot.  It runs RUNS times (default 5) in
# each timing mode; the figure is the median of 2000 / host seconds.  The
# stats must show exactly 2000 cuts and 2001 power-ons, and the console the
# boot count, or the run counts as failed.
set -u
simscm=$1; outdir=$2; shift 2
runs=${RUNS:-5}
cycles=2000
mkdir -p "$outdir"
status=0

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-16s %6s %14s %14s\n' program pages "off cycles/s" "on cycles/s"
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    pages=${name#powercycle-}
    line="$(printf '%-16s %6s' "$name" "$pages")"
    for mode in off on; do
        rm -f "$outdir/$name.$mode.times"
        i=0
        while [ $i -lt "$runs" ]; do
            t0=$(date +%s%N)
            "$simscm" --config configs/hybrid.ini --timing $mode \
                --set power.residual_us=0 --set reqchan.rate_per_ms=0 \
                --max-insns 100000000 --stats "$outdir/$name.$mode.json" "$elf" \
                </dev/null >"$outdir/$name.$mode.out" 2>"$outdir/$name.$mode.err"
            rc=$?
            t1=$(date +%s%N)
            cuts=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); \
print(d['power']['cuts'], d['power']['power_ons'])" "$outdir/$name.$mode.json" 2>/dev/null)
            if [ $rc != 0 ] || [ "$cuts" != "$cycles $((cycles + 1))" ] ||
               ! grep -q "boots 0x0*$(printf '%x' $((cycles + 1)))" "$outdir/$name.$mode.out"; then
                echo "  $name ($mode): exit $rc, cuts/power-ons '$cuts': $(head -c 200 "$outdir/$name.$mode.err")"
                status=1
            fi
            echo "$t0 $t1" | awk -v n=$cycles '{ printf "%.1f\n", n / (($2 - $1) / 1e9) }' \
                >>"$outdir/$name.$mode.times"
            i=$((i + 1))
        done
        line="$line $(median <"$outdir/$name.$mode.times" | awk '{ printf "%14.0f", $1 }')"
    done
    echo "$line"
done
echo "(median of $runs runs of $cycles power cycles each, host wall time including start-up)"
exit $status
