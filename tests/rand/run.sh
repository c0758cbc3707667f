#!/bin/bash
# run.sh -- generate and run the random-instruction programs (gen.py).
#
#   run.sh OUTDIR SIMSCM_SAN SIMSCM QEMU FIRST LAST QEMU_LAST
#
# Seeds FIRST..LAST.  Those up to QEMU_LAST are generated with --set qemu
# and also run on QEMU (-cpu rv64 with F, D, H, V, the Zb* and the other
# extensions simscm lacks turned off); the others with --set full (adds
# Zicbom).  Every program runs twice on simscm: under the ASan/UBSan build
# in one timing mode (--timing off for even seeds, on for odd ones) and
# under the plain build in the other.  A program passes when
#   - each run exits 0 (the harness ends through the test finisher),
#   - the console holds x1..x31, "traps N" and "causehash H" and nothing
#     else, and the sanitizer build printed no report,
#   - both simscm consoles are the same, byte for byte, and the same as
#     QEMU's when QEMU ran it.
# Failures print the seed, what differs (diff -u, QEMU or --timing off
# first) and how to rerun it; the ELF and the consoles stay in OUTDIR.
# RAND_JOBS (default 2) programs run at once; RAND_UNITS sets gen.py
# --units.
set -u
if [ $# -ne 7 ]; then
    echo "usage: $0 OUTDIR SIMSCM_SAN SIMSCM QEMU FIRST LAST QEMU_LAST" >&2
    exit 2
fi
outdir=$1; san=$2; plain=$3; qemu=$4; first=$5; last=$6; qlast=$7
here=$(dirname "$0")
hb=$(dirname "$outdir")
jobs=${RAND_JOBS:-2}
units=${RAND_UNITS:-1500}
# What QEMU shares with simscm: RV64IMAC, Zicsr, Zifencei (and Sv39).
QEMU_CPU=rv64,f=false,d=false,h=false,v=false,zba=false,zbb=false,zbc=false,zbs=false,svinval=false,svnapot=false,svpbmt=false,sstc=false,Zfh=false,Zfhmin=false,zfinx=false,zdinx=false,zhinx=false,zhinxmin=false,zk=false,zks=false,zkn=false,zkr=false,zkt=false,zbkb=false,zbkc=false,zbkx=false,zknd=false,zkne=false,zknh=false,zksed=false,zksh=false,sscofpmf=false
export QEMU_CPU

if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "rand: $qemu not found: simscm runs only, no QEMU comparison"
    qlast=0
fi
rm -rf "$outdir"
mkdir -p "$outdir"
qseeds=""; fseeds=""
s=$first
while [ "$s" -le "$last" ]; do
    if [ "$s" -le "$qlast" ]; then qseeds="$qseeds $s"; else fseeds="$fseeds $s"; fi
    s=$((s + 1))
done
# shellcheck disable=SC2086
{ [ -z "$qseeds" ] || python3 "$here/gen.py" --set qemu --units "$units" \
      "$hb/harness.bin" "$hb/harness.syms" "$outdir" $qseeds; } &&
{ [ -z "$fseeds" ] || python3 "$here/gen.py" --set full --units "$units" \
      "$hb/harness.bin" "$hb/harness.syms" "$outdir" $fseeds; } || exit 1

# one SEED: run everything for one program; prints "FAIL ..." lines or nothing.
one() {
    seed=$1
    p=$outdir/rand-$seed
    if [ $((seed % 2)) = 0 ]; then smode=off; pmode=on; else smode=on; pmode=off; fi
    timeout 60 "$san" --timing $smode --max-insns 1000000 "$p.elf" >"$p.san" 2>"$p.san.err"
    src=$?
    timeout 60 "$plain" --timing $pmode --max-insns 1000000 "$p.elf" >"$p.plain" 2>"$p.plain.err"
    prc=$?
    qrc=0
    if [ "$seed" -le "$qlast" ]; then
        timeout 60 "$qemu" -M virt -nographic -bios none -cpu "$QEMU_CPU" \
            -kernel "$p.elf" </dev/null >"$p.qemu" 2>"$p.qemu.err"
        qrc=$?
    fi
    why=""
    if [ $src != 0 ]; then why="simscm (ASan/UBSan, --timing $smode) exit $src: $(head -c 300 "$p.san.err")"
    elif grep -q -e "runtime error" -e "Sanitizer" "$p.san.err"; then why="sanitizer report: $(grep -m1 -e "runtime error" -e ERROR "$p.san.err")"
    elif [ $prc != 0 ]; then why="simscm (--timing $pmode) exit $prc: $(head -c 300 "$p.plain.err")"
    elif [ $qrc != 0 ]; then why="QEMU exit $qrc: $(head -c 300 "$p.qemu.err")"
    elif [ "$(grep -c -E '^(x([1-9]|[12][0-9]|3[01]) 0x[0-9a-f]{16}|traps [0-9]+|causehash 0x[0-9a-f]{16})$' "$p.san")" != 33 ] ||
         [ "$(wc -l <"$p.san")" != 33 ]; then
        why="console is not 31 registers, traps and causehash"
    fi
    if [ -z "$why" ]; then
        a=$p.san; b=$p.plain
        [ $smode = on ] && { a=$p.plain; b=$p.san; }
        if [ "$seed" -le "$qlast" ] && ! cmp -s "$p.qemu" "$a"; then
            why="QEMU and simscm --timing off differ"; b=$a; a=$p.qemu
        elif ! cmp -s "$a" "$b"; then
            why="simscm --timing off and --timing on differ"
        fi
        [ -n "$why" ] && why="$why
$(diff -u "$a" "$b" | sed -n '3,20s/^/    /p')"
    fi
    if [ -n "$why" ]; then
        echo "FAIL rand-$seed: $why"
        echo "    rerun: $san --timing $smode $p.elf"
        echo "       or: $plain --timing $pmode $p.elf"
    fi
}

export outdir san plain qemu qlast
export -f one
start=$(date +%s)
echo $qseeds $fseeds | tr ' ' '\n' | xargs -P "$jobs" -I{} bash -c 'one {}' >"$outdir/failures.txt"
end=$(date +%s)
cat "$outdir/failures.txt"
n=$((last - first + 1))
nq=$(echo $qseeds | wc -w)
nfail=$(grep -c '^FAIL' "$outdir/failures.txt")
traps=$(cat "$outdir"/rand-*.san 2>/dev/null | awk '$1 == "traps" { t += $2 } END { print t + 0 }')
echo "rand: seeds $first-$last ($units units each; $nq also on QEMU): $((n - nfail)) passed, $nfail failed; $traps traps taken and skipped; $((end - start)) s"
[ "$nfail" = 0 ]
